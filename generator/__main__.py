"""`python -m generator` runs the `briefing` command line."""

from generator.cli import entry

entry()
