"""What earlier reviews found, kept per file content: a 批量审核 run again over the same folders
(a reviewer re-runs after a few corrected files arrive) reviews only the files that changed.

The key is the file's bytes (SHA-256, see `key`) and its name (messages name the file), so a file is never
judged by a stale entry, whatever its dates say; the whole cache is valid only for the program,
shipped forms and code it was made with (`context`). It lives in the per-user data folder, never
beside the inputs, and is written atomically. A cache that cannot be read or written is no cache:
the review runs in full and nothing else changes.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from greendesk import __version__, forms, storage
from greendesk.review.tails import Tails

FILE_NAME = "review-cache.json"
FORMAT = 2  # 2: keys hash a draft in two parts (see `key`)
MAX_ENTRIES = 20_000  # a province's tables of a year or two (≈ 1 KB each); the oldest dropped first
OFF_ENV = "GREENDESK_REVIEW_CACHE"  # "0": no cache (the benchmark's cold runs)

try:
    from orjson import dumps as _dumps
    from orjson import loads as _loads
except ImportError:  # pragma: no cover — orjson is a dependency
    _loads = json.loads

    def _dumps(value: object) -> bytes:
        return json.dumps(value, ensure_ascii=False).encode("utf-8")


def enabled() -> bool:
    return os.environ.get(OFF_ENV, "1") != "0"


def key(data: bytes, name: str) -> str:
    """The entry of a file with these bytes under this name.

    A draft is hashed in two parts, split where its embedded form definition begins (the last
    `DEFINITION_MEMBER`): its own content, and the definition copy, which is the same 64 KB in every
    draft of a form, is hashed once per process and recognised again by comparing bytes. Where a
    file is split depends on its bytes alone, so the key does too (SHA-256 throughout)."""
    at, tail_digest = _digests.find(data)
    if at <= 0:
        return hashlib.sha256(b"whole|" + data).hexdigest()[:40] + ":" + name
    if tail_digest is None:
        tail = data[at:]
        tail_digest = hashlib.sha256(tail).digest()
        _digests.add(tail, tail_digest)
    head = hashlib.sha256(memoryview(data)[:at]).digest()
    return hashlib.sha256(b"split|" + head + tail_digest).hexdigest()[:40] + ":" + name


_digests: Tails[bytes] = Tails()  # the definition copies met, with their SHA-256


def context() -> str:
    """What every result also depends on: the program's version, the shipped forms (the newest
    year decides `not_current_form`) and, where the sources are on disk (not in a frozen build),
    their sizes and dates, so that a changed rule never meets an old entry."""
    h = hashlib.sha256(f"{FORMAT}|{__version__}".encode())
    for d in sorted(forms.available(), key=lambda d: (d.id, d.version)):
        h.update(f"|{d.id}|{d.version}|{d.content_hash}".encode())
    package = Path(__file__).resolve().parent.parent
    for p in sorted(package.rglob("*.py")):
        try:
            st = p.stat()
        except OSError:
            continue
        h.update(f"|{p.relative_to(package)}|{st.st_size}|{st.st_mtime_ns}".encode())
    return h.hexdigest()


def path() -> Path:
    return storage.user_data_dir() / FILE_NAME


def load(made_with: str | None = None) -> dict[str, dict]:
    """key → result (`UnitResult.to_json`); empty when there is none, it is damaged or it was
    made by another program, form set or code (`made_with`: `context()`, when already known)."""
    if not enabled():
        return {}
    try:
        raw = _loads(path().read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict) or not isinstance(raw.get("units"), dict) \
            or raw.get("context") != (made_with or context()):
        return {}
    return raw["units"]


def save(entries: dict[str, dict], added: dict[str, dict], made_with: str | None = None) -> None:
    """The earlier entries with the new ones (newest last, the oldest dropped beyond
    MAX_ENTRIES). Any failure leaves the cache as it was: it is only a cache."""
    if not enabled() or not added:
        return
    merged = {k: v for k, v in entries.items() if k not in added}
    merged.update(added)
    if len(merged) > MAX_ENTRIES:
        merged = dict(list(merged.items())[-MAX_ENTRIES:])
    try:
        target = path()
        target.parent.mkdir(parents=True, exist_ok=True)
        storage.atomic_write_bytes(target, _dumps({"context": made_with or context(), "units": merged}))
    except (OSError, storage.StorageError, TypeError, ValueError):
        pass
