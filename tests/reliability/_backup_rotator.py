"""Worker: save a draft again and again (each save rotates the backups) and list the backups in
between, as a second writer would. Exits 0 if nothing raised."""

import contextlib
import sys
from pathlib import Path

from greendesk.storage import StorageError, list_backups, save_with_backup

path, who, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
for n in range(rounds):
    with contextlib.suppress(StorageError):  # a clear, handled refusal is allowed; a crash is not
        save_with_backup(path, f"{who} {n}".encode() * 50, keep=2)
    for b in list_backups(path):
        assert b.size > 0
print("done", flush=True)
