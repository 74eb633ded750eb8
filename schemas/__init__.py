"""JSON Schemas of the content files, installed with the generator as package data.

Generated from generator/content/schema.py by `briefing schemas`; do not edit them by hand.
"""
