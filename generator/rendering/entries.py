"""The views of the pages of single entries: each source, each profile with the pages of its
facts and of the articles that mention it, and the articles that use each glossary term."""

from __future__ import annotations

from collections import defaultdict
from typing import Sequence

from generator import urls
from generator.content.model import KIND_TITLES, Article, Profile
from generator.content.schema import Md
from generator.linking.articles import Mention
from generator.rendering import figures
from generator.rendering.context import TERM_USAGE_ARTICLES, Site, listed_names
from generator.rendering.paging import paginate
from generator.rendering.parts import (Link, PageParts, Text, display_coordinates, display_date,
                                       reference_view)
from generator.rendering.views import (FactsView, FieldView, MentionGroup,
                                       MentionsView, MentionView, PageView, ProfileView,
                                       SourceView)

EXCERPT_CHARS = 220
MENTION_ARTICLES = 20  # latest articles shown with excerpts on a profile page
MENTIONS_PER_PAGE = 100  # articles per page of the full list of mentions


def excerpt(text: str, name: str, limit: int = EXCERPT_CHARS) -> tuple[str, str, str]:
    """A window of the paragraph around the first occurrence of the name: the words before
    it, the name (empty if the paragraph does not hold it), and the words after it."""
    at = text.find(name) if name else -1
    if len(text) <= limit:
        start, end = 0, len(text)
    else:
        start = max(0, min(max(at, 0) - limit // 3, len(text) - limit))
        start = text.rfind(" ", 0, start) + 1 if start else 0
        end = min(len(text), start + limit)
        cut = text.rfind(" ", start, end) if end < len(text) else end
        end = cut if cut > start and cut >= at + len(name) else end
    lead = "…" if start else ""
    tail = "…" if end < len(text) else ""
    if at < start or at + len(name) > end or at < 0:
        return lead + text[start:end] + tail, "", ""
    return lead + text[start:at], name, text[at + len(name):end] + tail


def source(site: Site, article: Article) -> SourceView:
    text = site.graph.texts[article.id]
    citers = tuple(site.graph.citers.get((article.id, block.number), ())
                   if block.kind == "para" else () for block in text.blocks)
    path = urls.source(article.id)
    description = f"{article.publisher}, {display_date(article.published)}: {article.title}"
    return SourceView(site.page(path, article.title, description,
                                meta=site.describe.source(path, article, description),
                                files=[article.path]),
                      site.heads[article.id], text, citers)


def fields(parts: PageParts, profile: Profile) -> tuple[FieldView, ...]:
    """The infobox: each typed field with its citations (numbered as the page's first
    endnotes) or its background mark."""
    fields = []
    for name, value in profile.fields:
        if name == "side":
            continue
        label = name.replace("_", " ").capitalize()
        shown: str | Text | tuple[Text, ...]
        if name == "coordinates" and isinstance(value, str):
            shown = display_coordinates(value)
        elif isinstance(value, str):
            shown = display_date(value) if name in ("date", "end_date") else value
        elif isinstance(value, Md):
            shown = parts.text(value)
        else:
            shown = tuple(parts.text(v) for v in value)
        basis = profile.basis(name)
        anchor = f"field-{name}"
        if basis is None:
            fields.append(FieldView(label, shown, anchor=anchor))
        else:
            fields.append(FieldView(label, shown, parts.citations(basis.sources),
                                    basis.background, reference_view(basis.reference), anchor))
    return tuple(fields)


def _excerpts(site: Site, groups: Sequence[tuple[Article, tuple[Mention, ...]]]
              ) -> tuple[MentionGroup, ...]:
    result = []
    for article, items in groups:
        paragraphs = {b.number: b.text for b in site.graph.texts[article.id].paragraphs}
        result.append(MentionGroup(site.heads[article.id], tuple(
            MentionView(m.paragraph, urls.paragraph(article.id, m.paragraph),
                        *excerpt(paragraphs[m.paragraph], m.name)) for m in items)))
    return tuple(result)


def profile(site: Site, entry: Profile) -> list[PageView]:
    """The profile's page, and the pages of its facts beyond the first FACTS_PER_PAGE."""
    path = urls.profile(entry.kind, entry.id)
    facts = paginate(path, entry.facts, urls.FACTS_PER_PAGE, rest=urls.facts(entry.kind, entry.id))
    relations: dict[str, list[Link]] = defaultdict(list)
    for label, other in site.graph.relations.get(entry.id, ()):
        relations[label].append(site.parts().link(other))
    groups = site.mentioned.get(entry.id, [])
    parts = site.parts()
    summary = parts.text(entry.summary)
    infobox = fields(parts, entry)
    first_pager, first_facts = facts[0]
    shown = tuple(parts.statement(f, f"fact-{n}")
                  for n, f in enumerate(first_facts, first_pager.start + 1))
    description = site.plain(entry.summary)
    related = tuple(sorted((label, tuple(links)) for label, links in relations.items()))
    mentioned = _excerpts(site, groups[:MENTION_ARTICLES])
    picture, nearby = figures.place_map(site.places, entry.id)
    coordinates = entry.field("coordinates")
    shows = [entry.path, *(site.content_path(a.id) for a, _ in groups[:MENTION_ARTICLES])]
    views: list[PageView] = [ProfileView(
        site.page(path, entry.name, description, parts,
                  site.describe.profile(path, entry, description), shows),
        entry.name, entry.kind, KIND_TITLES[entry.kind], entry.kind.capitalize(),
        urls.kind_index(entry.kind), listed_names(entry.name, entry.aliases), infobox, summary,
        shown, first_pager, related, mentioned, len(groups), urls.numbered(path, 2),
        figures.connections(entry.name, path, related), picture,
        display_coordinates(coordinates) if isinstance(coordinates, str) else None, nearby,
        sum(len(g.mentions) for g in mentioned))]
    for pager, items in facts[1:]:
        page_parts = site.parts()
        statements = tuple(page_parts.statement(f, f"fact-{n}")
                           for n, f in enumerate(items, pager.start + 1))
        title = f"{entry.name}: facts {pager.start + 1} to {pager.end}"
        views.append(FactsView(
            site.page(pager.here, title, f"Facts {pager.start + 1} to {pager.end} of "
                      f"{pager.total} about {entry.name}", page_parts),
            entry.name, path, statements, pager))
    return views


def mention_pages(site: Site, target: str, name: str, back: Link, heading: str,
                  first: str, first_page: int | None) -> list[MentionsView]:
    """The pages of every article that mentions an entry (after the first `first_page`
    articles, which the entry's own page shows, when given)."""
    groups = site.mentioned.get(target, [])
    pages = paginate(first, groups, MENTIONS_PER_PAGE, first_page)
    if first_page is not None:
        pages = pages[1:]
    views = []
    for pager, items in pages:
        title = f"{name}: {heading}"
        views.append(MentionsView(
            site.page(pager.here, f"{title}, page {pager.number} of {pager.count}",
                      f"Articles {pager.start + 1} to {pager.end} of {pager.total} in which "
                      f"{name} appears"),
            title, back, site.rows(target, items), pager))
    return views


def entry_views(site: Site) -> list[PageView]:
    """The pages of the profiles, and those listing the articles that mention an entry (the
    sources' own pages are source()'s)."""
    views: list[PageView] = []
    for entry in site.content.profiles:
        views += profile(site, entry)
        if len(site.mentioned.get(entry.id, [])) > MENTION_ARTICLES:
            path = urls.profile(entry.kind, entry.id)
            views += mention_pages(site, entry.id, entry.name, Link(entry.name, path),
                                   "mentioned in", path, MENTION_ARTICLES)
    for term in site.content.terms:
        if len(site.mentioned.get(term.id, [])) > TERM_USAGE_ARTICLES:
            views += mention_pages(site, term.id, term.term,
                                   Link(f"Glossary: {term.term}", urls.term(term.id)), "used in",
                                   urls.term_usage(term.id), None)
    return views
