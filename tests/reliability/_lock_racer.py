"""Worker for the lock race: in each round, wait at the barrier, try to take the lock, report,
hold it until everyone has reported, give it back."""

from __future__ import annotations

from pathlib import Path


def race(path: str, who: int, rounds: int, start, reported, released, results) -> None:
    from greendesk.draft_lock import DraftLock
    from greendesk.storage import AlreadyOpenError

    for n in range(rounds):
        start.wait()
        lock = DraftLock(Path(path))
        try:
            lock.acquire()
            outcome = "held" if lock.held else "not-held"
        except AlreadyOpenError:
            outcome = "refused"
        except Exception as exc:  # noqa: BLE001 — reported to the test, which fails on it
            outcome = f"crash {type(exc).__name__}: {exc}"
        results.put((n, who, outcome))
        reported.wait()
        lock.release()
        released.wait()
