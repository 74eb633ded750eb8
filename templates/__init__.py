"""The default templates and static files, installed with the generator as package data.

This folder is both the briefing's own templates and the defaults that every other project's
templates override file by file (see generator/rendering/theme.py).
"""
