"""Briefing: a static-site generator for cross-linked intelligence briefings."""

__version__ = "0.1.0"
