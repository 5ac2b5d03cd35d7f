"""One writer per draft: `.~lock.<name>#` beside the draft (as LibreOffice does), taken by the
window for as long as a draft is open and by every greendesk-cli command that writes a draft.

Taking the lock is atomic with its content: the owner's record is written to a private temp file
first, then linked (POSIX) or renamed (Windows, where rename never overwrites) to the lock's name,
so a lock file is never seen empty or half-written, and of two processes taking it at once exactly
one succeeds. The record names the computer, user, process id and the process's start time: a
lock left by a process that died — or whose pid now belongs to another program — is stale and is
taken over; removing a stale lock is serialised by a short-lived `.break` marker so that two
processes breaking it at once cannot remove each other's fresh lock. Anything unreadable in the
lock's place (garbage, `[1]`, `null`, a huge pid, a folder) never crashes and never blocks.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from greendesk import oserrors
from greendesk.storage import AlreadyOpenError, StorageError

MAX_LOCK_BYTES = 4096
BREAK_MARKER_STALE_S = 10.0
_HELD_TOKENS: set[str] = set()  # locks held by DraftLock objects of this process
_NO_HARD_LINKS = {errno.EPERM, errno.ENOSYS, errno.EXDEV, getattr(errno, "ENOTSUP", -1),
                  getattr(errno, "EOPNOTSUPP", -1)}
APPS = {"window": "GreenDesk 窗口", "cli": "greendesk-cli 命令"}


def _host() -> str:
    import socket

    return socket.gethostname()


def process_start(pid: int) -> str | None:
    """When process `pid` started (seconds since the epoch, as text), or None if it does not run
    or cannot be asked. Together with the pid it tells one process from a later one with the
    same number."""
    import psutil

    try:
        return f"{psutil.Process(pid).create_time():.2f}"
    except (psutil.Error, OSError, ValueError, OverflowError):
        return None


def _process_exists(pid: int) -> bool:
    import psutil

    try:
        return psutil.pid_exists(pid)
    except (OSError, ValueError, OverflowError):
        return False


@dataclass(frozen=True)
class LockOwner:
    pid: int
    host: str
    user: str = ""
    started: str = ""
    process_start: str | None = None
    token: str = ""
    app: str = "window"

    @classmethod
    def parse(cls, data: bytes) -> LockOwner | None:
        """The owner recorded in a lock file; None for anything that is not a whole record."""
        try:
            raw = json.loads(data.decode("utf-8"))
        except (ValueError, RecursionError):
            return None
        if not isinstance(raw, dict):
            return None
        pid, host = raw.get("pid"), raw.get("host")
        if type(pid) is not int or not 0 < pid < 2**32 or not isinstance(host, str):
            return None

        def text(key: str) -> str:
            value = raw.get(key)
            return value[:200] if isinstance(value, str) else ""

        start = raw.get("process_start")
        return cls(pid, host[:200], text("user"), text("started"),
                   start if isinstance(start, str) else None, text("token"),
                   raw.get("app") if raw.get("app") in APPS else "window")

    def to_bytes(self) -> bytes:
        return json.dumps({"pid": self.pid, "host": self.host, "user": self.user,
                           "started": self.started, "process_start": self.process_start,
                           "token": self.token, "app": self.app}, ensure_ascii=False).encode("utf-8")

    def describe(self) -> str:
        """Who holds it, in the user's words."""
        since = f"，{self.started.replace('T', ' ')} 起" if self.started else ""
        user = f"用户 {self.user}，" if self.user else ""
        return f"计算机 {self.host} 上的{APPS[self.app]}（{user}进程 {self.pid}{since}）"

    def is_live(self) -> bool:
        """Still held? A lock from another computer is taken as held (we cannot look there)."""
        if self.host != _host():
            return True
        now_start = process_start(self.pid)
        if now_start is None:
            # gone — or running under another user who may not be asked (a terminal server): held
            return _process_exists(self.pid)
        if self.pid == os.getpid() and self.process_start == now_start:
            return self.token in _HELD_TOKENS  # another window of this same process
        if self.process_start is not None:
            return self.process_start == now_start  # same number, different process: stale
        return _looks_like_greendesk(self.pid)  # a lock written before start times were recorded


def _looks_like_greendesk(pid: int) -> bool:
    import psutil

    try:
        name = psutil.Process(pid).name().lower()
    except (psutil.Error, OSError):
        return False
    return "python" in name or "greendesk" in name


class DraftLock:
    """`with DraftLock(path): …` or acquire()/release(); `app` says who holds it ("window"/"cli")."""

    def __init__(self, path: Path, app: str = "window"):
        self.path = Path(path)
        self.lock_path = self.path.with_name(f".~lock.{self.path.name}#")
        self.app = app if app in APPS else "window"
        self.held = False
        self._token = ""

    # ------------------------------------------------------------ reading
    def owner(self) -> LockOwner | None:
        """The recorded owner; None when there is no lock or nothing readable in its place."""
        try:
            with self.lock_path.open("rb") as fh:
                data = fh.read(MAX_LOCK_BYTES + 1)
        except OSError:  # missing, a folder, unreadable
            return None
        return LockOwner.parse(data) if len(data) <= MAX_LOCK_BYTES else None

    def holder(self) -> LockOwner | None:
        """The owner if the lock is live (someone else is writing this draft), else None."""
        owner = self.owner()
        if owner is None or (self.held and owner.token == self._token):
            return None
        return owner if owner.is_live() else None

    # ------------------------------------------------------------ taking and giving back
    def acquire(self) -> None:
        """Take the lock, or raise AlreadyOpenError naming who holds it and how to clear it.

        Where no lock can be created (a read-only folder, a folder in the lock's place) the draft
        cannot be written by anyone through GreenDesk either, so nothing is locked and nothing blocks.
        """
        if self.held:
            return
        import uuid

        token = uuid.uuid4().hex
        me = LockOwner(os.getpid(), _host(), os.environ.get("USERNAME") or os.environ.get("USER", ""),
                       datetime.now().isoformat(timespec="seconds"), process_start(os.getpid()),
                       token, self.app)
        for _ in range(50):
            try:
                self._create(me.to_bytes(), token)
            except FileExistsError:
                pass
            except OSError as exc:
                if oserrors.kind_of(exc) in ("denied", "readonly") or self.lock_path.is_dir():
                    return
                raise StorageError(f"无法锁定「{self.path.name}」：{oserrors.describe(exc, self.lock_path)}。",
                                   self.path) from None
            else:
                self.held, self._token = True, token
                _HELD_TOKENS.add(token)
                return
            if self.lock_path.is_dir():
                return
            try:
                with self.lock_path.open("rb") as fh:
                    seen = fh.read(MAX_LOCK_BYTES + 1)
            except FileNotFoundError:
                continue  # released meanwhile: try again
            except OSError:
                return
            owner = LockOwner.parse(seen) if len(seen) <= MAX_LOCK_BYTES else None
            if owner is not None and owner.is_live():
                raise AlreadyOpenError(self._held_message(owner), self.path)
            self._break(seen)
        raise AlreadyOpenError(f"「{self.path.name}」的锁文件一直在变化，可能有多个程序同时打开它。"
                               f"请稍后再试；{self._clear_hint()}", self.path)

    def _create(self, data: bytes, token: str) -> None:
        """Create the lock file with its content in one step (FileExistsError if it exists)."""
        tmp = self.lock_path.with_name(f"{self.lock_path.name}.{token[:12]}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
        try:
            try:
                os.write(fd, data)
            finally:
                os.close(fd)
            if sys.platform == "win32":
                os.rename(tmp, self.lock_path)  # never replaces an existing file on Windows
                return
            try:
                os.link(tmp, self.lock_path)
            except FileExistsError:
                raise
            except OSError as exc:
                if exc.errno not in _NO_HARD_LINKS:
                    raise
                # a file system without hard links (FAT, some network shares): exclusive create
                fd = os.open(self.lock_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                try:
                    os.write(fd, data)
                finally:
                    os.close(fd)
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def _break(self, seen: bytes) -> None:
        """Remove a stale lock — only if it is still the very one judged stale."""
        marker = self.lock_path.with_name(self.lock_path.name + ".break")
        try:
            os.close(os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        except FileExistsError:
            with contextlib.suppress(OSError):  # a breaker that died leaves its marker behind
                if time.time() - marker.stat().st_mtime > BREAK_MARKER_STALE_S:
                    marker.unlink()
            time.sleep(0.02)
            return
        except OSError:
            return
        try:
            with self.lock_path.open("rb") as fh:
                current = fh.read(MAX_LOCK_BYTES + 1)
            if current == seen:
                self.lock_path.unlink()
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                marker.unlink()

    def release(self) -> None:
        if not self.held:
            return
        owner = self.owner()
        if owner is not None and owner.token == self._token:
            with contextlib.suppress(OSError):
                self.lock_path.unlink()
        _HELD_TOKENS.discard(self._token)
        self.held = False

    def __enter__(self) -> DraftLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    # ------------------------------------------------------------ messages
    def _clear_hint(self) -> str:
        return (f"如确认没有 GreenDesk 正在使用该文件（例如那台计算机已关机），"
                f"可删除锁文件「{self.lock_path}」后重试。")

    def _held_message(self, owner: LockOwner) -> str:
        name = self.path.name
        if owner.host == _host() and owner.app == "window":
            return (f"「{name}」已在另一个 GreenDesk 窗口中打开（{owner.describe()}）。"
                    f"请切换到那个窗口，或关闭它后再试。{self._clear_hint()}")
        if owner.host == _host():
            return f"「{name}」正由{owner.describe()}写入，请等它完成后再试。{self._clear_hint()}"
        return f"「{name}」正由{owner.describe()}编辑，请等对方关闭后再试。{self._clear_hint()}"


def is_locked(path: Path) -> bool:
    """Does someone else hold the lock of `path` right now?"""
    return DraftLock(path).holder() is not None


def holder_message(path: Path) -> str | None:
    """The Chinese sentence naming who holds `path`, or None when it is free."""
    lock = DraftLock(path)
    owner = lock.holder()
    return None if owner is None else lock._held_message(owner)
