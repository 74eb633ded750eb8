"""Stage 1: read content/ into typed records, with a file:line for everything.

    load(content_dir, memo) -> (Content | None, diagnostics)

Files are found and read by files.py and each is turned into records by parse.py; what a file
gives is kept in the memo under a digest of its path and text, so an unchanged file is not
parsed again. Article bodies stay Markdown text here: the linker reads them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from generator.content.files import Scan, SourceFile, read_text, scan
from generator.content.model import Article, Comparison, Content, Profile, Site, Term
from generator.content.parse import (Parsed, parse_article, parse_comparisons, parse_glossary,
                                     parse_profile, parse_site)
from generator.diagnostics import Diagnostic
from generator.memo import Memo, key
from generator.parallel import run_all

MIN_FILES = 500  # files to parse before forked workers pay for themselves


def _parser(source: SourceFile) -> Callable[[str], Parsed]:
    rel, stem, digest = source.rel, source.stem, source.digest
    if source.kind == "site":
        return lambda text: parse_site(rel, text)
    if source.kind == "article":
        return lambda text: parse_article(rel, text, stem, digest)
    if source.kind == "profile":
        return lambda text: parse_profile(rel, text, source.profile_kind, stem, digest)
    if source.kind == "glossary":
        return lambda text: parse_glossary(rel, text)
    return lambda text: parse_comparisons(rel, text)


def load(content_dir: Path, memo: Memo | None = None, workers: int = 1,
         found: Scan | None = None) -> tuple[Content | None, list[Diagnostic]]:
    """Read every content file (or those `found` by a scan of content_dir just made); return
    the content (None if unusable) and all problems found.

    Files whose text the memo has parsed before are not parsed again; the others are parsed
    by forked workers when there are many."""
    memo = memo if memo is not None else Memo()
    found = found if found is not None else scan(content_dir, memo)
    diagnostics = list(found.diagnostics)
    if not found.found:
        return None, diagnostics
    keys = [key(source.kind, source.rel, source.profile_kind, source.digest)
            for source in found.files]
    missing = [(k, s) for k, s in zip(keys, found.files) if memo.find("parse", k) is None]

    def job(source: SourceFile) -> Callable[[], Parsed]:
        def parse() -> Parsed:
            text = found.texts.get(source.rel)
            if text is None:
                text = read_text(source.path) or ""
            return _parser(source)(text)
        return parse

    for (parse_key, _), made in zip(missing, run_all([job(s) for _, s in missing], workers,
                                                     MIN_FILES)):
        memo.put("parse", parse_key, made)
    unloaded = set(found.unloaded)
    site: Site | None = None
    articles: list[Article] = []
    profiles: list[Profile] = []
    terms: list[Term] = []
    comparisons: list[Comparison] = []
    for source, parse_key in zip(found.files, keys):
        parsed: Parsed = memo.find("parse", parse_key)
        diagnostics.extend(parsed.diagnostics)
        unloaded |= parsed.unloaded
        if source.kind == "site":
            site = parsed.items[0] if parsed.items else None
        elif source.kind == "article":
            articles.extend(parsed.items)
        elif source.kind == "profile":
            profiles.extend(parsed.items)
        elif source.kind == "glossary":
            terms.extend(parsed.items)
        else:
            comparisons.extend(parsed.items)
        if not parsed.items and source.kind in ("article", "profile"):
            unloaded.add(source.stem)
    if site is None:
        return None, diagnostics
    return Content(site, tuple(articles), tuple(profiles), tuple(terms), tuple(comparisons),
                   frozenset(unloaded)), diagnostics
