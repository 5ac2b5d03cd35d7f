"""Fault injection: a saving process is killed at random points, hundreds of times; the draft file
is always a whole old or a whole new version, never a mix or a truncation."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT

KILLS = int(os.environ.get("GREENDESK_KILLS", "80"))  # GREENDESK_KILLS=1000 for a long run


def _whole(data: bytes) -> int:
    """The generation a file holds, asserting it is complete."""
    head, _, body = data.partition(b"\n")
    tag, n, digest = head.split(b" ")
    assert tag == b"GEN"
    assert hashlib.sha256(body).hexdigest().encode() == digest, "torn or truncated file"
    return int(n)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_file_is_always_whole_old_or_whole_new_after_kills(tmp_path):
    path = tmp_path / "draft.json"
    body = b"seed"
    path.write_bytes(b"GEN 0 %s\n" % hashlib.sha256(body).hexdigest().encode() + body)
    rng = random.Random(20251124)
    last = 0
    for i in range(KILLS):
        start = last + 1
        proc = subprocess.Popen([sys.executable, "-S", str(ROOT / "tests" / "reliability" / "_saver.py"),
                                 str(path), str(ROOT), str(start)], stdout=subprocess.PIPE)
        if i % 2:
            assert proc.stdout.readline().strip() == b"started"
        time.sleep(rng.uniform(0, 0.03))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        gen = _whole(path.read_bytes())
        assert gen >= last, "an older version came back"
        last = gen
    assert last > KILLS // 4  # the kills landed while saves were going on, not only before them
    from greendesk.storage import atomic_write_bytes

    atomic_write_bytes(path, b"GEN 0 %s\n" % hashlib.sha256(b"x").hexdigest().encode() + b"x")
    assert [p.name for p in tmp_path.iterdir()] == ["draft.json"]  # stale temp files swept
