"""Every page of the site as a frozen view, made in one place from the content and the graph.

    page_views(content, graph, base_url) -> list[PageView]
    view_batches(site) -> makers of the sources' views, then of the others'

A build takes them in batches, so that it can start indexing a changed bundle of sources
(output/search.py) while it makes the other pages' views.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Callable, Collection

from generator import urls
from generator.content.model import KIND_PLURALS, KIND_TITLES, Content, Profile
from generator.linking.link import Graph
from generator.rendering.context import (TERM_USAGE_ARTICLES, Site, listed_names, numbered,
                                        sort_key)
from generator.rendering.entries import entry_views, profile as profile_views, source
from generator.rendering.paging import paginate
from generator.content.schema import COMPARISON_ASPECTS, Md
from generator.markdown import find_wikilinks
from generator.rendering import figures
from generator.rendering.drawing.pictures import ConnectionsPicture, Node
from generator.rendering.entries import fields as entry_fields
from generator.rendering.parts import (Link, PageParts, display_coordinates, display_date,
                                       reference_view)
from generator.rendering.views import (AccountView, CompareView, ComparisonView, Glance,
                                       GlossaryEntry, GlossaryView, HomeEntry, HomeGroup,
                                       HomeView, IndexEntry, KindIndexView, PageView, PlaceRow,
                                       SearchView, SourcesView, TimelineDate, TimelineEntry,
                                       TimelineView)

HOME_LIST_LIMIT = 24  # entries per kind on the home page before "all N ..."
INDEX_PER_PAGE = 100  # sources and profiles per page of an index
TIMELINE_PER_PAGE = 100  # entries per page of the timeline


def by_side(profiles: list[Profile]) -> list[tuple[str, list[Profile]]]:
    """People by the side they are on (as `side` says), "Others" last."""
    sides: dict[str, list[Profile]] = defaultdict(list)
    for p in profiles:
        sides[str(p.field("side") or "Others")].append(p)
    return sorted(sides.items(), key=lambda kv: (kv[0] == "Others", kv[0]))


def role(site: Site, profile: Profile) -> str:
    """What an entry is, in one line of plain text: a person's role, else its type."""
    for name in ("role", "type", "date"):
        value = profile.field(name)
        if isinstance(value, Md):
            return site.plain(value, 90)
        if isinstance(value, str):
            return display_date(value) if name == "date" else value
    return ""


def entry(site: Site, profile: Profile) -> HomeEntry:
    return HomeEntry(Link(profile.name, urls.profile(profile.kind, profile.id)),
                     role(site, profile))


def _glance(site: Site, parts: PageParts) -> tuple[Glance | None, list[Profile], list[str]]:
    """The event at a glance, its participants, and the files it shows."""
    event = next((p for p in site.content.profiles
                  if p.id == site.content.site.event and p.kind == "event"), None)
    if event is None:
        return None, [], []
    fields = tuple(f for f in entry_fields(parts, event)
                   if f.anchor in ("field-date", "field-end_date", "field-place",
                                   "field-participants", "field-outcome"))
    ids = [t for label, t in site.graph.relations.get(event.id, ()) if label == "Participants"]
    value = event.field("participants")
    for text in value if isinstance(value, tuple) else ():
        ids += [t for _, t in find_wikilinks(text.source)]
    profiles = {p.id: p for p in site.content.profiles}
    people = [profiles[i] for i in dict.fromkeys(ids)
              if i in profiles and profiles[i].kind in ("person", "organization")]
    glance = Glance(Link(event.name, urls.profile(event.kind, event.id)),
                    parts.text(event.summary), fields)
    return glance, people, [event.path, *(p.path for p in people)]


def _actors(site: Site, glance: Glance, people: list[Profile]
            ) -> tuple[ConnectionsPicture | None, tuple[tuple[str, tuple[HomeEntry, ...]], ...]]:
    if not people:
        return None, ()
    sides = by_side(people)
    nodes = [(side, [Node(p.name, urls.profile(p.kind, p.id), role(site, p)) for p in items])
             for side, items in sides]
    centre = Node(glance.event.label, glance.event.target, "")
    return (figures.actors(centre, nodes),
            tuple((side, tuple(entry(site, p) for p in items)) for side, items in sides))


def home(site: Site) -> HomeView:
    content = site.content
    groups = []
    for kind in KIND_PLURALS:
        profiles = site.by_kind.get(kind, [])
        if not profiles:
            continue
        subgroups = by_side(profiles) if kind == "person" else [("", profiles)]
        groups.append(HomeGroup(kind, KIND_TITLES[kind], len(profiles), urls.kind_index(kind),
                                tuple((side, tuple(entry(site, p)
                                                   for p in items[:HOME_LIST_LIMIT]), len(items))
                                      for side, items in subgroups)))
    parts = site.parts()  # in the order the page shows them, so endnotes are numbered so
    bottom = parts.statement(content.site.bottom_line, "bottom-line")
    judgments = tuple(parts.statement(s, f"kj-{n}")
                      for n, s in enumerate(content.site.key_judgments, 1))
    glance, people, shown = _glance(site, parts)
    actors, actor_list = _actors(site, glance, people) if glance else (None, ())
    places = sorted(site.places.items(), key=lambda item: sort_key(item[1].name))
    place_rows = tuple(PlaceRow(Link(p.name, p.target),
                                display_coordinates(str(site.profiles[i].field("coordinates"))))
                       for i, p in places)
    gaps = tuple(parts.statement(s, f"gap-{n}") for n, s in enumerate(content.site.gaps, 1))
    indicators = tuple(parts.statement(s, f"indicator-{n}")
                       for n, s in enumerate(content.site.indicators, 1))
    description = content.site.subtitle or content.site.title
    path = urls.home()
    return HomeView(site.page(path, content.site.title, description, parts,
                              site.describe.home(path, description),
                              [content.site.loc.path, *shown]),
                    bottom, judgments, gaps, indicators, tuple(groups),
                    tuple(site.heads[a.id] for a in site.latest[:HOME_LIST_LIMIT]),
                    len(site.latest), len(content.comparisons), glance, actors, actor_list,
                    figures.overview_map(site.places, content.site.title), place_rows)


def sources_index(site: Site) -> list[SourcesView]:
    views = []
    for pager, articles in paginate(urls.sources(), site.latest, INDEX_PER_PAGE):
        title = numbered("Sources", pager)
        description = "The source articles of the briefing"
        views.append(SourcesView(
            site.page(pager.here, title, description,
                      meta=site.describe.page(pager.here, title, description, True),
                      files=[a.path for a in articles]),
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
                      meta=site.describe.page(pager.here, title, description, True),
                      files=[p.path for p in items]),
            KIND_TITLES[kind], entries, pager))
    return views


def letter(term: str) -> str:
    """The letter of the A-Z bar a term is filed under ('#' for a digit or other sign)."""
    first = sort_key(term).strip()[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def glossary(site: Site) -> GlossaryView:
    terms = sorted(site.content.terms, key=lambda t: sort_key(t.term))
    parts = site.parts()
    entries = []
    used: list[str] = []
    by_letter: dict[str, list[GlossaryEntry]] = defaultdict(list)
    for term in terms:
        groups = site.mentioned.get(term.id, [])
        used += [site.content_path(a.id) for a, _ in groups[:TERM_USAGE_ARTICLES]]
        entries.append(GlossaryEntry(
            term.id, term.term, listed_names(term.term, term.aliases), term.short,
            parts.text(term.definition), term.background, reference_view(term.reference),
            parts.citations(term.sources), site.rows(term.id, groups[:TERM_USAGE_ARTICLES]),
            len(groups), urls.term_usage(term.id)))
        by_letter[letter(term.term)].append(entries[-1])
    letters = tuple((c, c in by_letter) for c in (*"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "#")
                    if c != "#" or c in by_letter)
    path, description = urls.glossary(), "Terms used in the briefing, defined"
    files = [t.loc.path for t in terms[:1]] + used
    return GlossaryView(site.page(path, "Glossary", description, parts,
                                  site.describe.glossary(path, terms, description), files),
                        tuple(entries), letters,
                        tuple((c, tuple(by_letter[c])) for c, found in letters if found))


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
                              "about": profile.name, "facts": [], "about_id": profile.id,
                              "href": urls.fact(profile.kind, profile.id, number)})
    site_file = site.content.site
    for index, statement in enumerate([site_file.bottom_line, *site_file.key_judgments]):
        if statement.as_of:
            anchor = "bottom-line" if index == 0 else f"kj-{index}"
            items.append({"date": statement.as_of, "event": None, "statement": statement,
                          "about": "Key judgment", "facts": [], "about_id": "",
                          "href": urls.home() + "#" + anchor})
    items.sort(key=lambda e: (e["date"], 0 if e["event"] else 1, e["href"]))
    return items


def timeline(site: Site) -> list[TimelineView]:
    views = []
    event = site.profiles.get(site.content.site.event or "")
    marked = event.field("date") if event is not None and event.kind == "event" else None
    for pager, items in paginate(urls.timeline(), _timeline_items(site), TIMELINE_PER_PAGE):
        parts = site.parts()
        dates: dict[str, list[TimelineEntry]] = defaultdict(list)
        for item in items:
            event = item["event"]
            dates[item["date"]].append(TimelineEntry(
                item["date"], item["href"], event.name if event else None,
                event.field("date_note") if event else None,
                parts.text(event.summary) if event else None,
                tuple(parts.statement(f) for f in item["facts"]),
                parts.statement(item["statement"]) if item["statement"] else None,
                item["about"]))
        years: dict[str, list[TimelineDate]] = defaultdict(list)
        for date, entries in dates.items():  # in date order, as the items are
            years[date[:4]].append(TimelineDate(date, f"d-{date}", date == marked,
                                                tuple(entries)))
        title = numbered("Timeline", pager)
        axis = figures.axis([(d.date, f"{pager.here}#{d.anchor}", len(d.entries))
                             for group in years.values() for d in group], marked,
                            site.profiles[site.content.site.event or ""].name if marked else "",
                            f"Timeline of {site.content.site.title}"
                            + (f", page {pager.number}" if pager.count > 1 else ""))
        files = [site.content.site.loc.path] + [
            item["event"].path if item["event"] else site.holders.get(item["about_id"], "")
            for item in items]
        views.append(TimelineView(
            site.page(pager.here, title,
                      "Every dated event and statement in the briefing, in order", parts,
                      files=files),
            tuple((year, tuple(group)) for year, group in sorted(years.items())), pager, axis))
    return views


def compare(site: Site) -> CompareView:
    """Every point, its accounts in one fixed order of the sources (oldest first)."""
    parts = site.parts()
    order = {a.id: n for n, a in enumerate(reversed(site.latest))}
    comparisons = tuple(ComparisonView(
        c.id, c.topic, c.aspect,
        tuple(AccountView(a.source, a.citation.quote,
                          parts.text(a.says) if a.says is not None else None,
                          parts.citation(a.citation),
                          site.heads[a.source].label if a.source in site.heads else a.source)
              for a in sorted(c.accounts, key=lambda a: order.get(a.source, len(order)))),
        parts.text(c.note)) for c in site.content.comparisons)
    aspects = tuple(a for a in COMPARISON_ASPECTS
                    if any(c.aspect == a for c in site.content.comparisons))
    files = [c.loc.path for c in site.content.comparisons[:1]]
    return CompareView(site.page(urls.compare(), "Compare the sources",
                                 "Where the sources differ or complement each other", parts,
                                 files=files),
                       comparisons, aspects)


def search(site: Site) -> SearchView:
    indexes = tuple(Link(KIND_TITLES[k], urls.kind_index(k)) for k in KIND_PLURALS
                    if site.by_kind.get(k))
    bundles = tuple(f"{urls.SEARCH_FOLDER}/s{n}/"
                    for n in range(urls.search_bundles(len(site.content.articles))))
    return SearchView(site.page(urls.search(), "Search", "Search the profiles, glossary and "
                                "sources of the briefing"), indexes, bundles)


def page_views(content: Content, graph: Graph, base_url: str | None,
               history: dict[str, str] | None = None) -> list[PageView]:
    """Every page's view. `history` gives the latest commit date of content files
    (content/history.py)."""
    site = Site(content, graph, base_url or content.site.base_url, history=history or {})
    return [view for make in view_batches(site) for view in make()]


def view_batches(site: Site) -> list[Callable[[], list[PageView]]]:
    """Every page's view, in two batches, each made when its function is called: the
    sources' pages, then every other page."""
    return [lambda: [source(site, article) for article in site.content.articles],
            lambda: other_views(site)]


def other_views(site: Site) -> list[PageView]:
    """The views of every page but the sources' own."""
    views: list[PageView] = [home(site), *sources_index(site)]
    views += entry_views(site)
    for kind in KIND_PLURALS:
        if site.by_kind.get(kind):
            views += kind_index(site, kind)
    views += [glossary(site), *timeline(site), compare(site), search(site)]
    return views


def early_views(site: Site, paths: Collection[str]) -> list[PageView]:
    """The views of those of `paths` that are a source's page or one of a profile's own
    pages, made alone (a few milliseconds each, where every page's view takes a while on a
    large briefing): each is the view view_batches gives the same path."""
    wanted = set(paths)
    views: list[PageView] = [source(site, article) for article in site.content.articles
                             if urls.source(article.id) in wanted]
    folders = {_entry_folder(path) for path in wanted}
    for entry in site.content.profiles:
        if _entry_folder(urls.profile(entry.kind, entry.id)) in folders:
            views += [view for view in profile_views(site, entry) if view.page.path in wanted]
    return views


def _entry_folder(path: str) -> str:
    """'people/kim/facts/2/index.html' -> 'people/kim': where an entry's pages are."""
    return "/".join(path.split("/")[:2])
