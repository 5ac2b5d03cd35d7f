"""Two processes take the same draft's lock at the same instant, round after round: exactly one
holds it each round — on a free draft and on one with a stale lock both try to break."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys

from tests.reliability._lock_racer import race

ROUNDS = int(os.environ.get("GREENDESK_LOCK_ROUNDS", 100))


def _dead_pid() -> int:
    """The pid of a process that has finished."""
    return int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True).stdout)


def test_exactly_one_of_two_processes_holds_the_lock_each_round(tmp_path):
    import socket

    draft = tmp_path / "草稿.json"
    draft.write_text("{}", encoding="utf-8")
    lock_path = tmp_path / f".~lock.{draft.name}#"
    stale = json.dumps({"pid": _dead_pid(), "host": socket.gethostname(), "user": "x",
                        "started": "2025-01-01T08:00:00", "process_start": "1.00", "token": "dead"})
    ctx = multiprocessing.get_context("spawn")
    start, reported, released = (ctx.Barrier(3) for _ in range(3))
    results = ctx.Queue()
    workers = [ctx.Process(target=race, args=(str(draft), who, ROUNDS, start, reported, released, results))
               for who in (0, 1)]
    for w in workers:
        w.start()
    outcomes = []
    try:
        for n in range(ROUNDS):
            if n % 2:  # odd rounds: a lock left by a process that died, which both will try to break
                lock_path.write_text(stale, encoding="utf-8")
            start.wait(timeout=60)
            got = sorted(results.get(timeout=60)[2] for _ in range(2))
            outcomes.append(got)
            reported.wait(timeout=60)
            released.wait(timeout=60)
            assert not lock_path.exists(), f"round {n}: the lock outlived its holder"
    finally:
        for w in workers:
            w.join(timeout=30)
            if w.is_alive():
                w.kill()
    assert outcomes == [["held", "refused"]] * ROUNDS
    assert [p.name for p in tmp_path.iterdir()] == [draft.name]  # no temp or break files left
