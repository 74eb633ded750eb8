"""`python -m generator` runs the `briefing` command line."""

import sys

from generator.cli import main

sys.exit(main())
