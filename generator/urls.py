"""Where each page lives, and relative links between pages.

Every path here is relative to the site root and names a file (`people/kim/index.html`), so
links work at a domain root, under a sub-path and from file:// alike.
"""

from __future__ import annotations

import posixpath

from generator.model import KIND_PLURALS

INDEX = "index.html"


def home() -> str:
    return INDEX


def sources() -> str:
    return f"sources/{INDEX}"


def source(article_id: str) -> str:
    return f"sources/{article_id}/{INDEX}"


def paragraph(article_id: str, number: int) -> str:
    return f"{source(article_id)}#p{number}"


def kind_index(kind: str) -> str:
    return f"{KIND_PLURALS[kind]}/{INDEX}"


def profile(kind: str, profile_id: str) -> str:
    return f"{KIND_PLURALS[kind]}/{profile_id}/{INDEX}"


def glossary() -> str:
    return f"glossary/{INDEX}"


def term(term_id: str) -> str:
    return f"{glossary()}#{term_id}"


def timeline() -> str:
    return f"timeline/{INDEX}"


def compare() -> str:
    return f"compare/{INDEX}"


def comparison(comparison_id: str) -> str:
    return f"{compare()}#{comparison_id}"


def search() -> str:
    return f"search/{INDEX}"


def feed() -> str:
    return "feed.xml"


def entities() -> str:
    return "entities.json"


def prefix(page: str) -> str:
    """The relative path from a page to the site root: '' or '../' repeated."""
    return "../" * page.count("/")


def relative(page: str, target: str) -> str:
    """A link from one page to a root-relative target, keeping any #fragment."""
    path, _, fragment = target.partition("#")
    if path == page:
        return f"#{fragment}" if fragment else posixpath.basename(path)
    rel = posixpath.relpath(path, posixpath.dirname(page) or ".")
    return rel + (f"#{fragment}" if fragment else "")


def pretty(path: str) -> str:
    """The public URL of a page: `people/kim/index.html` -> `people/kim/`."""
    return path[: -len(INDEX)] if path.endswith(INDEX) else path
