"""`python -m ui` and the frozen GreenDesk executable start here."""

import sys

from ui.app import main

sys.exit(main())
