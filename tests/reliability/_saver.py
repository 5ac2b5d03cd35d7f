"""Victim for the kill test: saves generation after generation until it is killed.

Each generation is self-checking: b"GEN <n> <sha256 of body>\n" + body.
"""

import hashlib
import sys

sys.path.insert(0, sys.argv[2])
from greendesk.storage import atomic_write_bytes  # noqa: E402

path = sys.argv[1]
start = int(sys.argv[3])
for n in range(start, start + 10_000):
    body = (f"{n:08d}".encode() * 16_384)[: 96 * 1024 + n % 4096]
    atomic_write_bytes(__import__("pathlib").Path(path), b"GEN %d %s\n" % (n, hashlib.sha256(body).hexdigest().encode()) + body)
    if n == start:
        print("started", flush=True)
