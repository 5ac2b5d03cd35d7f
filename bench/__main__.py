"""`python -m bench`: every benchmark section that exists, as one table."""

from __future__ import annotations

import importlib
import platform
import sys

SECTIONS = ["bench.core", "bench.exports", "bench.batch", "bench.review", "bench.ui"]


def main() -> int:
    import os

    print(f"机器 machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPU")
    rows = []
    for name in SECTIONS:
        try:
            mod = importlib.import_module(name)
        except ImportError:
            continue
        rows += mod.results()
    from bench.core import print_table

    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
