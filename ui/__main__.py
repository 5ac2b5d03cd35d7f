"""`python -m ui` and the frozen GreenDesk executable start here."""

import multiprocessing
import sys

if __name__ == "__main__":
    # In the frozen executable on Windows, a 批量审核 worker process starts as this program again:
    # freeze_support runs the worker and exits before any window is made. Elsewhere it does nothing.
    multiprocessing.freeze_support()

from ui.app import main  # noqa: E402

sys.exit(main())
