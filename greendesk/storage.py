"""Storage that never loses data: atomic writes, rolling backups, autosave snapshots, a file lock.

Byte-level on purpose: it does not know the draft schema, so the same guarantees hold for drafts,
exports and settings. Every failure is a `StorageError` with a Chinese message naming the file; the
file on disk is then exactly what it was before.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import stat
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from greendesk import oserrors

_replace = os.replace  # indirection so tests can simulate a file held by another program
_TRANSIENT_WINERRORS = {5, 32, 33}  # access denied, sharing violation, lock violation
BACKUP_DIR = ".greendesk-backup"


class StorageError(Exception):
    def __init__(self, message: str, path: Path | None = None):
        super().__init__(message)
        self.message = message
        self.path = path


class FileLockedError(StorageError):
    pass


class DiskFullError(StorageError):
    pass


class ReadOnlyError(StorageError):
    pass


class DamagedFileError(StorageError):
    pass


class TooLargeError(StorageError):
    pass


class AlreadyOpenError(StorageError):
    pass


# What a failed write leaves behind depends on the front end: the window still holds the data and
# has its autosave; a greendesk-cli command has neither, only the untouched original file.
_KEPT = {"window": "数据仍在程序中和自动保存里", "cli": "原有文件没有改动"}
_front_end = "window"


def set_front_end(name: str) -> str:
    """Say which front end runs ("window" or "cli"), so storage messages promise only what it
    keeps; returns the previous one."""
    global _front_end
    previous, _front_end = _front_end, name if name in _KEPT else "window"
    return previous


def kept_note() -> str:
    """The sentence that says the user's data is safe, in this front end's terms."""
    return _KEPT[_front_end]


def _classify(exc: OSError, path: Path, action: str) -> StorageError:
    name, kept = path.name, kept_note()
    kind = oserrors.kind_of(exc)
    if kind == "full":
        return DiskFullError(f"磁盘空间不足，无法{action}「{name}」（文件夹 {path.parent}）。{kept}，请清理磁盘后重试。", path)
    if kind in ("denied", "readonly"):
        return ReadOnlyError(f"没有写入权限，无法{action}「{name}」（文件夹 {path.parent}）。"
                             f"{kept}，请另存到其他文件夹。", path)
    return StorageError(f"无法{action}「{name}」：{oserrors.describe(exc, path)}。{kept}。", path)


def _is_transient(exc: OSError) -> bool:
    return isinstance(exc, PermissionError) or getattr(exc, "winerror", None) in _TRANSIENT_WINERRORS


def _fsync_dir(folder: Path) -> None:
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _token() -> str:
    import uuid  # imported when first needed: start-up stays short

    return uuid.uuid4().hex[:8]


@contextlib.contextmanager
def short_lock(path: Path, *, wait: float = 3.0, stale: float = 30.0):
    """Hold `<name>.lock` beside `path` for a read-modify-write of a few milliseconds (the review
    file two reviewers share). A lock older than `stale` seconds is a crashed holder's and is
    taken over; when the lock cannot be had within `wait`, the work goes ahead anyway: merging
    without it is still better than refusing to save."""
    lock = Path(path).with_name(Path(path).name + ".lock")
    deadline = time.monotonic() + wait
    held = False
    while True:
        try:
            os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            held = True
            break
        except FileExistsError:
            with contextlib.suppress(OSError):
                if time.time() - lock.stat().st_mtime > stale:
                    lock.unlink()
                    continue
            if time.monotonic() >= deadline:
                break
            time.sleep(0.02)
        except OSError:  # a read-only folder: the save itself will say why
            break
    try:
        yield held
    finally:
        if held:
            with contextlib.suppress(OSError):
                lock.unlink()


def json_bytes(value: object, **options: object) -> bytes:
    """JSON as UTF-8 that never fails on a lone surrogate: a file name that is not valid UTF-8 (a
    folder unzipped from a GBK archive on Linux; on Windows a name with a lone UTF-16 half) reaches
    Python as a str with surrogates, which strict UTF-8 refuses. Such a character is written as the
    JSON escape (\\udcff), which reads back as the same str: the report or snapshot is written."""
    return json.dumps(value, ensure_ascii=False, **options).encode("utf-8", "backslashreplace")


def atomic_write_bytes(path: Path, data: bytes, *, attempts: int = 6, first_delay: float = 0.05,
                       sleep: Callable[[float], None] = time.sleep) -> None:
    """Temp file in the same folder, flush, fsync, replace. The old file survives any failure.

    On Windows an antivirus scanner, the search indexer or OneDrive may hold the target for a
    moment (WinError 5/32/33): the replace is retried with bounded backoff (≈1.5 s in all).
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{_token()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    except OSError as exc:
        raise _classify(exc, path, "保存") from None
    try:
        try:
            view = memoryview(data)
            while view:
                n = os.write(fd, view)
                view = view[n:]
            os.fsync(fd)
        finally:
            os.close(fd)
        delay = first_delay
        for attempt in range(attempts):
            try:
                _replace(tmp, path)
                break
            except OSError as exc:
                if not _is_transient(exc):
                    raise
                if attempt == attempts - 1:
                    raise FileLockedError(
                        f"「{path.name}」正被另一个程序（如杀毒软件、OneDrive 或 Excel）占用，暂时无法保存。"
                        f"{kept_note()}，请关闭占用该文件的程序后再保存，或另存为其他文件。",
                        path) from None
                sleep(delay)
                delay = min(delay * 2, 0.5)
        _fsync_dir(path.parent)
        _sweep_stale_temps(path)
    except StorageError:
        _remove_quietly(tmp)
        raise
    except OSError as exc:
        _remove_quietly(tmp)
        raise _classify(exc, path, "保存") from None
    except BaseException:
        _remove_quietly(tmp)
        raise


def _sweep_stale_temps(path: Path) -> None:
    """Temp files left by a save that was killed (their process is gone) are removed."""
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            pid = int(tmp.name[len(path.name) + 2:].split(".")[0])
        except ValueError:
            continue
        if pid != os.getpid() and not _pid_alive(pid):
            _remove_quietly(tmp)


def _remove_quietly(p: Path) -> None:
    with contextlib.suppress(OSError):
        p.unlink()


def is_special_file(path: Path) -> bool:
    """True for a path that exists but is neither a regular file nor a folder: a named pipe, a
    device or a socket. Opening a pipe waits for a writer and a device never ends, so a review of a
    folder (or an import) would hang on one: every reader refuses them by name instead."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def special_file_message(path: Path) -> str:
    return f"「{Path(path).name}」不是普通文件（是管道、设备或套接字），无法读取。"


def read_bytes_limited(path: Path, *, max_bytes: int = 20 * 1024 * 1024) -> bytes:
    """Read a whole file read-only, refusing missing files, folders and files over the limit."""
    path = Path(path)
    try:
        st = path.stat()
    except OSError as exc:
        said = oserrors.describe(exc, path)
        raise StorageError(said + "。" if oserrors.kind_of(exc) == "missing" else f"无法读取「{path.name}」：{said}。",
                           path) from None
    if stat.S_ISDIR(st.st_mode):  # the stat made above: no second system call
        raise StorageError(f"「{path.name}」是文件夹，不是草稿文件。", path)
    if not stat.S_ISREG(st.st_mode):
        raise StorageError(special_file_message(path), path)
    if st.st_size > max_bytes:
        raise TooLargeError(
            f"「{path.name}」有 {st.st_size / 1024 / 1024:.1f} MB，超过草稿文件的上限 "
            f"{max_bytes / 1024 / 1024:.0f} MB，不是 GreenDesk 草稿或已损坏。", path)
    try:
        return _read_up_to(path, st.st_size + 1, max_bytes + 1)
    except OSError as exc:
        raise StorageError(f"无法读取「{path.name}」：{oserrors.describe(exc, path)}。", path) from None


def _read_up_to(path: Path, size: int, limit: int) -> bytes:
    """The file's bytes: `size` asked for first (the file's size + 1, so that a file that grew since
    its stat is noticed), then on to `limit` if it did grow. Unbuffered system calls: 批量审核 reads
    thousands of files, and Python's buffered reader cost as much again as the reading."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        chunks = []
        got = 0
        want = size
        while got < want:
            chunk = os.read(fd, want - got)
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
            if got == size and want == size:  # it grew since: read on, to one byte over the limit
                want = max(limit, size)
        return b"".join(chunks)  # (one chunk, as usual: that chunk itself, not a copy)
    finally:
        os.close(fd)


# ---------------------------------------------------------------- rolling backups


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    saved_at: datetime
    size: int


def _backup_dir(path: Path) -> Path:
    return path.parent / BACKUP_DIR


def list_backups(path: Path) -> list[BackupInfo]:
    path = Path(path)
    folder = _backup_dir(path)
    out = []
    for p in folder.glob(f"{path.stem}.*{path.suffix}") if folder.is_dir() else []:
        stamp = p.name[len(path.stem) + 1: -len(path.suffix) or None]
        try:
            saved = datetime.strptime(stamp, "%Y%m%d-%H%M%S-%f")
        except ValueError:
            continue
        try:
            size = p.stat().st_size
        except OSError:  # rotated away by another process meanwhile
            continue
        out.append(BackupInfo(p, saved, size))
    return sorted(out, key=lambda b: b.saved_at, reverse=True)


def rotate_backups(path: Path, *, keep: int = 5) -> Path | None:
    """Copy the current file into `.greendesk-backup/` before it is overwritten; keep the newest."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _classify(exc, path, "备份") from None
    folder = _backup_dir(path)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise _classify(exc, folder, "创建备份文件夹") from None
    target = folder / f"{path.stem}.{datetime.now().strftime('%Y%m%d-%H%M%S-%f')}{path.suffix}"
    atomic_write_bytes(target, data)
    for old in list_backups(path)[keep:]:
        _remove_quietly(old.path)
    return target


def save_with_backup(path: Path, data: bytes, *, keep: int = 5) -> None:
    """Back up the previous version (when it differs and is not empty), then write atomically."""
    path = Path(path)
    try:
        current = path.read_bytes() if path.exists() else b""
    except OSError:
        current = b""
    if current and current != data:
        try:
            rotate_backups(path, keep=keep)
        except (ReadOnlyError, DiskFullError) as exc:  # say it of the draft, not of its backup
            err = OSError(errno.EACCES if isinstance(exc, ReadOnlyError) else errno.ENOSPC, "")
            raise _classify(err, path, "保存") from None
    atomic_write_bytes(path, data)


# ---------------------------------------------------------------- autosave snapshots


def user_data_dir() -> Path:
    env = os.environ.get("GREENDESK_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("GreenDesk", appauthor=False))


def doc_key_for(path: Path | None) -> str:
    """Stable key for a saved file; a fresh key for a document that was never saved."""
    if path is None:
        return f"untitled-{_token()}{_token()[:4]}"
    full = os.path.normcase(os.path.abspath(path))
    return hashlib.sha1(full.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class SnapshotInfo:
    doc_key: str
    path: Path
    source_path: Path | None
    label: str
    saved_at: datetime
    size: int
    sha256: str


MainFileState = Literal["missing", "damaged", "older", "newer"]


@dataclass(frozen=True)
class RecoveryCandidate:
    doc_key: str
    snapshot: SnapshotInfo
    source_path: Path | None
    main_file_state: MainFileState

    def describe(self) -> str:
        when = self.snapshot.saved_at.strftime("%Y-%m-%d %H:%M:%S")
        name = self.source_path.name if self.source_path else "未保存的新草稿"
        state = {
            "missing": "原文件不存在",
            "damaged": "原文件已损坏（可能在保存时被中断）",
            "older": "原文件比自动保存的内容旧",
            "newer": "原文件比自动保存的内容新",
        }[self.main_file_state]
        return f"{name}：{when} 的自动保存（{state}）"


class SnapshotStore:
    """Autosave snapshots per document in the per-user data folder; crash recovery reads them."""

    def __init__(self, root: Path | None = None, keep: int = 10):
        self.root = Path(root) if root else user_data_dir() / "autosave"
        self.keep = keep

    def _dir(self, doc_key: str) -> Path:
        return self.root / doc_key

    def write(self, doc_key: str, data: bytes, *, source_path: Path | None = None,
              label: str = "") -> SnapshotInfo:
        folder = self._dir(doc_key)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _classify(exc, folder, "自动保存") from None
        now = datetime.now()
        stem = now.strftime("%Y%m%d-%H%M%S-%f")
        body = folder / f"{stem}.json"
        atomic_write_bytes(body, data)
        meta = {
            "doc_key": doc_key, "source_path": str(source_path) if source_path else None,
            "label": label, "saved_at": now.isoformat(), "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        atomic_write_bytes(folder / f"{stem}.meta", json_bytes(meta))
        for old in self.list(doc_key)[self.keep:]:
            _remove_quietly(old.path)
            _remove_quietly(old.path.with_suffix(".meta"))
        return self._info(folder / f"{stem}.meta")  # type: ignore[return-value]

    def _info(self, meta_path: Path) -> SnapshotInfo | None:
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            return SnapshotInfo(
                meta["doc_key"], meta_path.with_suffix(".json"),
                Path(meta["source_path"]) if meta.get("source_path") else None,
                meta.get("label", ""), datetime.fromisoformat(meta["saved_at"]), int(meta["size"]),
                meta["sha256"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def list(self, doc_key: str | None = None) -> list[SnapshotInfo]:
        if not self.root.is_dir():
            return []
        try:
            folders = [self._dir(doc_key)] if doc_key else [p for p in self.root.iterdir() if p.is_dir()]
        except OSError:  # the folder went away meanwhile
            return []
        out = []
        for folder in folders:
            for meta in folder.glob("*.meta") if folder.is_dir() else []:
                info = self._info(meta)
                if info is not None and info.path.exists():
                    out.append(info)
        return sorted(out, key=lambda s: s.saved_at, reverse=True)

    def latest(self, doc_key: str) -> SnapshotInfo | None:
        items = self.list(doc_key)
        return items[0] if items else None

    def read(self, info: SnapshotInfo) -> bytes:
        try:
            data = info.path.read_bytes()
        except OSError as exc:
            raise DamagedFileError(f"无法读取自动保存「{info.path.name}」：{oserrors.describe(exc, info.path)}。",
                                   info.path) from None
        if hashlib.sha256(data).hexdigest() != info.sha256:
            raise DamagedFileError(f"自动保存「{info.path.name}」已损坏。", info.path)
        return data

    def mark_clean(self, doc_key: str) -> None:
        """After a clean save: nothing left to recover, so no recovery prompt at the next start."""
        self.discard(doc_key)

    def discard(self, doc_key: str) -> None:
        folder = self._dir(doc_key)
        if folder.is_dir():
            with contextlib.suppress(OSError):
                for p in folder.iterdir():
                    _remove_quietly(p)
            with contextlib.suppress(OSError):
                folder.rmdir()

    def pending_recovery(self, validate: Callable[[bytes], object]) -> list[RecoveryCandidate]:
        """Per document with snapshots left behind, the newest one that is whole and valid,
        with the state of the main file: a truncated main file never beats a good snapshot."""
        by_doc: dict[str, list[SnapshotInfo]] = {}
        for s in self.list():
            by_doc.setdefault(s.doc_key, []).append(s)
        out = []
        for key, snaps in by_doc.items():
            for snap in snaps:  # newest first
                try:
                    validate(self.read(snap))
                except Exception:  # noqa: BLE001 — any unreadable snapshot is skipped
                    continue
                out.append(RecoveryCandidate(key, snap, snap.source_path,
                                             _main_state(snap, validate)))
                break
        return sorted(out, key=lambda c: c.snapshot.saved_at, reverse=True)


def _main_state(snap: SnapshotInfo, validate: Callable[[bytes], object]) -> MainFileState:
    src = snap.source_path
    if src is None or not src.exists():
        return "missing"
    try:
        validate(read_bytes_limited(src))
    except Exception:  # noqa: BLE001
        return "damaged"
    try:
        mtime = datetime.fromtimestamp(src.stat().st_mtime)
    except OSError:
        return "missing"
    return "older" if mtime < snap.saved_at else "newer"


# ---------------------------------------------------------------- processes (the draft lock is greendesk.draft_lock)


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # type: ignore[attr-defined]
        if handle:
            ctypes.windll.kernel32.CloseHandle(handle)  # type: ignore[attr-defined]
            return True
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
