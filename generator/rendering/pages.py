"""Every page of the site as a frozen view, made in one place from the content and the graph.

    page_views(content, graph, base_url) -> list[PageView]

The search index reads some pages (search.is_indexed); they come first, so that the build can
start indexing them while it renders the rest.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Callable

from generator import urls
from generator.content.model import KIND_PLURALS, KIND_TITLES, Content, Profile
from generator.linking.link import Graph
from generator.rendering.context import TERM_USAGE_ARTICLES, Site, numbered, sort_key
from generator.rendering.entries import entry_views
from generator.rendering.paging import paginate
from generator.rendering.parts import Link, reference_view
from generator.rendering.views import (AccountView, CompareView, ComparisonView, GlossaryEntry,
                                       GlossaryView, HomeGroup, HomeView, IndexEntry,
                                       KindIndexView, PageView, SearchView, SourcesView,
                                       TimelineEntry, TimelineView)

HOME_LIST_LIMIT = 24  # entries per kind on the home page before "all N ..."
INDEX_PER_PAGE = 100  # sources and profiles per page of an index
TIMELINE_PER_PAGE = 100  # entries per page of the timeline


def home(site: Site) -> HomeView:
    content = site.content
    groups = []
    for kind in KIND_PLURALS:
        profiles = site.by_kind.get(kind, [])
        if not profiles:
            continue
        if kind == "person":
            sides: dict[str, list[Profile]] = defaultdict(list)
            for p in profiles:
                sides[str(p.field("side") or "Others")].append(p)
            subgroups = sorted(sides.items(), key=lambda kv: (kv[0] == "Others", kv[0]))
        else:
            subgroups = [("", profiles)]
        groups.append(HomeGroup(kind, KIND_TITLES[kind], len(profiles), urls.kind_index(kind),
                                tuple((side, tuple(Link(p.name, urls.profile(p.kind, p.id))
                                                   for p in items[:HOME_LIST_LIMIT]), len(items))
                                      for side, items in subgroups)))
    parts = site.parts()
    bottom = parts.statement(content.site.bottom_line, "bottom-line")
    judgments = tuple(parts.statement(s, f"kj-{n}")
                      for n, s in enumerate(content.site.key_judgments, 1))
    gaps = tuple(parts.statement(s, f"gap-{n}") for n, s in enumerate(content.site.gaps, 1))
    indicators = tuple(parts.statement(s, f"indicator-{n}")
                       for n, s in enumerate(content.site.indicators, 1))
    description = content.site.subtitle or content.site.title
    path = urls.home()
    return HomeView(site.page(path, content.site.title, description, parts,
                              site.describe.home(path, description)),
                    bottom, judgments, gaps, indicators, tuple(groups),
                    tuple(site.heads[a.id] for a in site.latest[:HOME_LIST_LIMIT]),
                    len(site.latest), len(content.comparisons))


def sources_index(site: Site) -> list[SourcesView]:
    views = []
    for pager, articles in paginate(urls.sources(), site.latest, INDEX_PER_PAGE):
        title = numbered("Sources", pager)
        description = "The source articles of the briefing"
        views.append(SourcesView(
            site.page(pager.here, title, description,
                      meta=site.describe.page(pager.here, title, description, True)),
            tuple(site.heads[a.id] for a in articles), pager))
    return views


def kind_index(site: Site, kind: str) -> list[KindIndexView]:
    profiles = site.by_kind[kind]
    if kind == "event":
        profiles = sorted(profiles, key=lambda p: (str(p.field("date")), p.id))
    views = []
    for pager, items in paginate(urls.kind_index(kind), profiles, INDEX_PER_PAGE):
        title = numbered(KIND_TITLES[kind], pager)
        description = f"{KIND_TITLES[kind]} in the briefing"
        parts = site.parts()
        entries = tuple(IndexEntry(Link(p.name, urls.profile(p.kind, p.id)),
                                   str(p.field("date")) if kind == "event" else None,
                                   parts.text(p.summary)) for p in items)
        views.append(KindIndexView(
            site.page(pager.here, title, description,
                      meta=site.describe.page(pager.here, title, description, True)),
            KIND_TITLES[kind], entries, pager))
    return views


def glossary(site: Site) -> GlossaryView:
    terms = sorted(site.content.terms, key=lambda t: sort_key(t.term))
    parts = site.parts()
    entries = []
    for term in terms:
        groups = site.mentioned.get(term.id, [])
        entries.append(GlossaryEntry(
            term.id, term.term, term.aliases, term.short, parts.text(term.definition),
            term.background, reference_view(term.reference), parts.citations(term.sources), site.rows(groups[:TERM_USAGE_ARTICLES]), len(groups),
            urls.term_usage(term.id)))
    path, description = urls.glossary(), "Terms used in the briefing, defined"
    return GlossaryView(site.page(path, "Glossary", description, parts,
                                  site.describe.glossary(path, terms, description)),
                        tuple(entries))


def _timeline_items(site: Site) -> list[dict[str, Any]]:
    """Every dated event and statement, in date order, each with what shows it."""
    items: list[dict[str, Any]] = []
    for profile in site.content.profiles:
        date = profile.field("date") if profile.kind == "event" else None
        if date:
            # an event's facts of the same date are shown with it, not again on their own
            items.append({"date": date, "href": urls.profile(profile.kind, profile.id),
                          "event": profile, "statement": None, "about": "",
                          "facts": [f for f in profile.facts if f.as_of == date]})
        for number, fact in enumerate(profile.facts, 1):
            if fact.as_of and fact.as_of != date:
                items.append({"date": fact.as_of, "event": None, "statement": fact,
                              "about": profile.name, "facts": [],
                              "href": urls.fact(profile.kind, profile.id, number)})
    site_file = site.content.site
    for index, statement in enumerate([site_file.bottom_line, *site_file.key_judgments]):
        if statement.as_of:
            anchor = "bottom-line" if index == 0 else f"kj-{index}"
            items.append({"date": statement.as_of, "event": None, "statement": statement,
                          "about": "Key judgment", "facts": [],
                          "href": urls.home() + "#" + anchor})
    items.sort(key=lambda e: (e["date"], 0 if e["event"] else 1, e["href"]))
    return items


def timeline(site: Site) -> list[TimelineView]:
    views = []
    for pager, items in paginate(urls.timeline(), _timeline_items(site), TIMELINE_PER_PAGE):
        parts = site.parts()
        years: dict[str, list[TimelineEntry]] = defaultdict(list)
        for item in items:
            event = item["event"]
            years[item["date"][:4]].append(TimelineEntry(
                item["date"], item["href"], event.name if event else None,
                event.field("date_note") if event else None,
                parts.text(event.summary) if event else None,
                tuple(parts.statement(f) for f in item["facts"]),
                parts.statement(item["statement"]) if item["statement"] else None,
                item["about"]))
        views.append(TimelineView(
            site.page(pager.here, numbered("Timeline", pager),
                      "Every dated event and statement in the briefing, in order", parts),
            tuple((year, tuple(entries)) for year, entries in sorted(years.items())), pager))
    return views


def compare(site: Site) -> CompareView:
    parts = site.parts()
    comparisons = tuple(ComparisonView(
        c.id, c.topic, c.aspect,
        tuple(AccountView(a.source, a.citation.quote,
                          parts.text(a.says) if a.says is not None else None,
                          parts.citation(a.citation)) for a in c.accounts),
        parts.text(c.note)) for c in site.content.comparisons)
    return CompareView(site.page(urls.compare(), "Compare the sources",
                                 "Where the sources differ or complement each other", parts),
                       comparisons)


def search(site: Site) -> SearchView:
    indexes = tuple(Link(KIND_TITLES[k], urls.kind_index(k)) for k in KIND_PLURALS
                    if site.by_kind.get(k))
    bundles = tuple(f"{urls.SEARCH_FOLDER}/s{n}/"
                    for n in range(urls.search_bundles(len(site.content.articles))))
    return SearchView(site.page(urls.search(), "Search", "Search the profiles, glossary and "
                                "sources of the briefing"), indexes, bundles)


def page_views(content: Content, graph: Graph, base_url: str | None,
               first: Callable[[str], bool] = lambda path: False) -> list[PageView]:
    """Every page's view; those `first` selects come first, in the same order as the rest."""
    site = Site(content, graph, base_url or content.site.base_url)
    views: list[PageView] = [home(site), *sources_index(site)]
    views += entry_views(site)
    for kind in KIND_PLURALS:
        if site.by_kind.get(kind):
            views += kind_index(site, kind)
    views += [glossary(site), *timeline(site), compare(site), search(site)]
    return sorted(views, key=lambda view: not first(view.page.path))
