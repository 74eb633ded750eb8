"""Where each page lives, and relative links between pages.

Every path here is relative to the site root and names a file (`people/kim/index.html`), so
links work at a domain root, under a sub-path and from file:// alike.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from generator.content.model import KIND_PLURALS

INDEX = "index.html"


def home() -> str:
    return INDEX


def sources() -> str:
    return f"sources/{INDEX}"


def source(article_id: str) -> str:
    return f"sources/{article_id}/{INDEX}"


def paragraph(article_id: str, number: int) -> str:
    return f"{source(article_id)}#p{number}"


FACTS_PER_PAGE = 50  # a profile page shows this many facts; the rest are on pages of their own


def facts(kind: str, profile_id: str) -> str:
    """Where the pages of a profile's facts after the first are numbered from."""
    return f"{KIND_PLURALS[kind]}/{profile_id}/facts/{INDEX}"


def fact(kind: str, profile_id: str, number: int) -> str:
    """Fact `number` (from 1) of a profile, on the page that shows it."""
    page = (number - 1) // FACTS_PER_PAGE + 1
    where = profile(kind, profile_id) if page == 1 else numbered(facts(kind, profile_id), page)
    return f"{where}#fact-{number}"


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


SEARCH_FOLDER = "pagefind"  # the search index: the main bundle, and the source bundles in it
SOURCES_PER_BUNDLE = 128  # a site with more sources than this splits them over bundles
MAX_BUNDLES = 8  # at most this many source bundles, whatever the size of the archive


def search_bundles(sources: int) -> int:
    """How many bundles the source pages are indexed in (0: in the main bundle, with the
    profiles): a power of two, so that a source keeps its bundle while the archive grows,
    until the number doubles."""
    if sources <= SOURCES_PER_BUNDLE:
        return 0
    count = 1
    while count * SOURCES_PER_BUNDLE < sources and count < MAX_BUNDLES:
        count *= 2
    return count


def search_bundle(page: str, bundles: int) -> str:
    """The folder of the bundle that indexes a searched page."""
    if bundles and page.startswith("sources/"):
        number = int(hashlib.sha1(page.encode("utf-8")).hexdigest()[:8], 16) % bundles
        return f"{SEARCH_FOLDER}/s{number}"
    return SEARCH_FOLDER


def is_source_bundle(folder: str) -> bool:
    """True for the folder of a bundle that indexes only sources (search_bundle())."""
    return folder.startswith(f"{SEARCH_FOLDER}/s")


def feed() -> str:
    return "feed.xml"


def entities() -> str:
    return "entities.json"


def term_usage(term_id: str) -> str:
    """Every article that uses a glossary term, when the glossary shows only the latest."""
    return f"glossary/{term_id}/{INDEX}"


def numbered(first: str, number: int) -> str:
    """Page `number` of a list whose first page is `first`.

    `people/index.html` -> `people/page/2/index.html`. No page can clash with it: an item's
    own page is `people/<id>/index.html`, and only numbered pages end in `page/<n>/`.
    """
    if number == 1:
        return first
    return f"{first[:-len(INDEX)]}page/{number}/{INDEX}"


def prefix(page: str) -> str:
    """The relative path from a page to the site root: '' or '../' repeated."""
    return "../" * page.count("/")


def relative(page: str, target: str) -> str:
    """A link from one page to a root-relative target, keeping any #fragment."""
    path, _, fragment = target.partition("#")
    if path == page:
        return f"#{fragment}" if fragment else path.rpartition("/")[2]
    rel = _relative_path(page.rpartition("/")[0], path)
    return rel + (f"#{fragment}" if fragment else "")


@lru_cache(maxsize=65536)
def _relative_path(from_dir: str, path: str) -> str:
    """The shortest relative path from a folder to a file, both normalised and root-relative.

    Equal to `posixpath.relpath(path, from_dir or ".")` for the paths this site uses (no '.',
    '..' or empty parts), without its per-call normalisation.
    """
    start = from_dir.split("/") if from_dir else []
    parts = path.split("/")
    common = 0
    limit = min(len(start), len(parts) - 1)
    while common < limit and start[common] == parts[common]:
        common += 1
    return "../" * (len(start) - common) + "/".join(parts[common:])


def pretty(path: str) -> str:
    """The public URL of a page: `people/kim/index.html` -> `people/kim/`."""
    return path[: -len(INDEX)] if path.endswith(INDEX) else path
