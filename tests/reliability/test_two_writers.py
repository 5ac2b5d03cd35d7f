"""Two processes saving the same draft, each rotating its backups while the other lists them:
files that vanish meanwhile are skipped, no writer crashes, and the draft is one writer's whole
version, never a mix."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

ROUNDS = int(os.environ.get("GREENDESK_WRITER_ROUNDS", 120))


def test_two_writers_rotating_backups_never_crash(tmp_path):
    draft = tmp_path / "草稿.json"
    draft.write_bytes(b"start")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, str(ROOT / "tests" / "reliability" / "_backup_rotator.py"),
                               str(draft), who, str(ROUNDS)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=env) for who in ("A", "B")]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0 and out.strip() == b"done", err.decode(errors="replace")[-2000:]
    # the last save of whichever writer finished last, whole
    assert draft.read_bytes() in {f"{w} {ROUNDS - 1}".encode() * 50 for w in ("A", "B")}
