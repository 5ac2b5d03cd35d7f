"""Subprocess for the kill test: writes NEW over a file and dies at a chosen point of the save.

usage: python _save_victim.py PATH MODE   (MODE: before-replace | mid-write)
"""

import os
import sys

from greendesk import storage

path, mode = sys.argv[1], sys.argv[2]
new = b"NEW" * 100_000

if mode == "before-replace":
    storage._replace = lambda src, dst: os._exit(9)
elif mode == "mid-write":
    real_write = os.write
    calls = {"n": 0}

    def dying_write(fd, data):
        calls["n"] += 1
        real_write(fd, bytes(data[: len(data) // 2]))
        os._exit(9)

    os.write = dying_write
storage.atomic_write_bytes(storage.Path(path), new)
sys.exit(0)
