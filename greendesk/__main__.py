"""`python -m greendesk …` is greendesk-cli."""

import sys

from greendesk.cli import main

sys.exit(main())
