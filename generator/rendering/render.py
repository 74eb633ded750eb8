"""Stage 4: turn content and graph into pages. Pure: returns {path: html}, writes nothing."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import jinja2
from markupsafe import Markup
from markdown_it import MarkdownIt

from generator import urls
from generator.rendering.export import ExportCache, entities_json
from generator.rendering.feeds import atom_feed, robots, sitemap
from generator.linking.link import Graph, Mention
from generator.rendering.metadata import Describer, PageMeta, shorten
from generator.content.model import KIND_PLURALS, KIND_TITLES, Article, Content, Profile, Term
from generator.rendering.paging import Pager, paginate
from generator.output.parallel import PageJob, render_pages
from generator.content.schema import Md
from generator.rendering.views import KIND_LABELS, PageTools, display_date
from generator.output.write import FileData

HOME_LIST_LIMIT = 24  # entries per kind on the home page before "all N ..."
EXCERPT_CHARS = 220
INDEX_PER_PAGE = 100  # sources and profiles per page of an index
TIMELINE_PER_PAGE = 100  # entries per page of the timeline
MENTION_ARTICLES = 20  # latest articles shown with excerpts on a profile page
TERM_USAGE_ARTICLES = 10  # latest articles linked beside a glossary entry
MENTIONS_PER_PAGE = 100  # articles per page of the full list of mentions


@dataclass(frozen=True)
class Asset:
    path: str  # fingerprinted, relative to the site root
    data: bytes


def load_assets(templates_dir: Path) -> dict[str, Asset]:
    """Static files with a content hash in their name, keyed by their plain name."""
    assets = {}
    static = templates_dir / "static"
    for path in sorted(static.iterdir()) if static.is_dir() else []:
        if path.is_file():
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()[:10]
            assets[path.name] = Asset(f"assets/{path.stem}.{digest}{path.suffix}", data)
    return assets


@lru_cache(maxsize=8)
def make_environment(templates_dir: Path, compiled_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja environment of a templates folder, made once per process.

    Templates are compiled once and recompiled when their file changes (auto_reload). With
    `compiled_dir`, compiled templates are also kept there for the next process (Jinja's
    bytecode cache, keyed by each template's source).
    """
    cache = None
    if compiled_dir is not None:
        compiled_dir.mkdir(parents=True, exist_ok=True)
        cache = jinja2.FileSystemBytecodeCache(str(compiled_dir))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        bytecode_cache=cache,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date"] = display_date
    return env


def excerpt(text: str, name: str, limit: int = EXCERPT_CHARS) -> str:
    """A window of the paragraph around the first occurrence of the name."""
    if len(text) <= limit:
        return text
    at = max(text.find(name), 0)
    start = max(0, min(at - limit // 3, len(text) - limit))
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + limit)
    cut = text.rfind(" ", start, end) if end < len(text) else end
    piece = text[start:cut if cut > start else end]
    return ("…" if start else "") + piece + ("…" if end < len(text) else "")


def _sort_key(text: str) -> str:
    return re.sub(r"[^0-9a-z ]", "", text.casefold())


class Renderer:
    def __init__(self, content: Content, graph: Graph, md: MarkdownIt, templates_dir: Path,
                 base_url: str | None = None, env: jinja2.Environment | None = None,
                 listed: ListedCache | None = None) -> None:
        self.content = content
        self.graph = graph
        self.md = md
        self.templates_dir = templates_dir
        self.env = env if env is not None else make_environment(templates_dir)
        self.assets = load_assets(templates_dir)
        self.articles = {a.id: a for a in content.articles}
        self.profiles = {p.id: p for p in content.profiles}
        self.base_url = base_url or content.site.base_url
        self.describe = Describer(content.site, self.base_url, self.kind_and_name)
        self.by_kind: dict[str, list[Profile]] = defaultdict(list)
        for profile in sorted(content.profiles, key=lambda p: _sort_key(p.name)):
            self.by_kind[profile.kind].append(profile)
        self.latest = sorted(content.articles, key=lambda a: (a.published, a.id), reverse=True)
        self.listed = listed_mentions(content, graph, listed)
        groups: dict[str, list[tuple[Article, list[Mention]]]] = defaultdict(list)
        entries: dict[str, list[Listed]] = defaultdict(list)  # the same, as Listed
        for article in self.latest:
            for target, entry in self.listed[article.id].items():
                groups[target].append((article, entry.mentions))
                entries[target].append(entry)
        self.groups, self.entries = dict(groups), dict(entries)

    # ------------------------------------------------------------ helpers
    def kind_and_name(self, item_id: str) -> tuple[str, str] | None:
        target = self.graph.targets.get(item_id)
        return (target.kind, target.name) if target else None

    def plain(self, text: Md | None, limit: int = 160) -> str:
        return shorten(self.describe.plain(text), limit)

    def tools(self, page: str) -> PageTools:
        return PageTools(page, self.md, self.graph, self.articles, self.content.site.editors)

    def page(self, path: str, template: str, title: str, description: str,
             meta: PageMeta | None = None, **context: Any) -> tuple[str, str]:
        tools = self.tools(path)
        if meta is None:
            meta = self.describe.page(path, title, description)

        def asset(name: str) -> str:
            return tools.url(self.assets[name].path)

        nav = [("Sources", urls.sources())] + [
            (KIND_TITLES[k], urls.kind_index(k)) for k in KIND_PLURALS if self.by_kind.get(k)
        ] + [("Glossary", urls.glossary()), ("Timeline", urls.timeline()),
             ("Compare", urls.compare())]
        html = self.env.get_template(template).render(
            site=self.content.site, page=path, title=title, description=description,
            t=tools, url=tools.url, md=tools.markdown, inline=tools.inline, asset=asset, meta=meta,
            nav=[(label, tools.url(target), target == path) for label, target in nav],
            kind_labels=KIND_LABELS, **context)
        return path, html

    def mention_groups(self, target: str) -> list[tuple[Article, list[Mention]]]:
        """The articles that mention a target, latest first, each with its mentions in order."""
        return self.groups.get(target, [])

    def with_excerpts(self, groups: list[tuple[Article, list[Mention]]]) -> list[dict[str, Any]]:
        result = []
        for article, items in groups:
            paragraphs = {b.number: b.text for b in article.paragraphs}
            result.append({"article": article, "mentions": [
                {"number": m.paragraph, "href": urls.paragraph(article.id, m.paragraph),
                 "excerpt": excerpt(paragraphs[m.paragraph], m.name)} for m in items]})
        return result

    @staticmethod
    def as_links(groups: Sequence[tuple[Article, list[Mention]]]) -> list[dict[str, Any]]:
        return [{"article": article, "mentions": [
            {"number": m.paragraph, "href": urls.paragraph(article.id, m.paragraph)}
            for m in items]} for article, items in groups]

    @staticmethod
    def paragraph_links(page: str, groups: Sequence[tuple[Article, list[Mention]]]
                        ) -> list[dict[str, Any]]:
        """Each article with a link to every paragraph that names the target, as markup
        made directly: these lists are long, and ids and numbers need no escaping."""
        rows = []
        for article, items in groups:
            href = urls.relative(page, urls.source(article.id))
            rows.append({"article": article, "href": href, "paragraphs": Markup(" ".join(
                f'<a href="{href}#p{m.paragraph}"><span class="vh">paragraph </span>'
                f'<span aria-hidden="true">¶</span>{m.paragraph}</a>' for m in items))})
        return rows

    def mention_pages(self, target: str) -> list[tuple[Pager, Sequence[Any]]]:
        """The pages after the first of the articles mentioning a profile, or every page of
        the articles using a glossary term; none when the short list says it all."""
        groups = self.mention_groups(target)
        if target in self.profiles:
            if len(groups) <= MENTION_ARTICLES:
                return []
            profile = self.profiles[target]
            return paginate(urls.profile(profile.kind, profile.id), groups, MENTIONS_PER_PAGE,
                            MENTION_ARTICLES)[1:]
        if len(groups) <= TERM_USAGE_ARTICLES:
            return []
        return paginate(urls.term_usage(target), groups, MENTIONS_PER_PAGE)

    # -------------------------------------------------------------- pages
    def home(self) -> tuple[str, str]:
        site = self.content.site
        groups = []
        for kind in KIND_PLURALS:
            profiles = self.by_kind.get(kind, [])
            if not profiles:
                continue
            if kind == "person":
                sides: dict[str, list[Profile]] = defaultdict(list)
                for p in profiles:
                    sides[str(p.field("side") or "Others")].append(p)
                subgroups = sorted(sides.items(), key=lambda kv: (kv[0] == "Others", kv[0]))
            else:
                subgroups = [("", profiles)]
            groups.append({"kind": kind, "title": KIND_TITLES[kind], "count": len(profiles),
                           "index": urls.kind_index(kind),
                           "subgroups": [(side, items[:HOME_LIST_LIMIT], len(items))
                                         for side, items in subgroups]})
        sources = sorted(self.content.articles, key=lambda a: (a.published, a.id), reverse=True)
        description = site.subtitle or site.title
        return self.page(urls.home(), "home.html", site.title, description,
                         self.describe.home(urls.home(), description), bottom_line=site.bottom_line, key_judgments=site.key_judgments,
                         gaps=site.gaps, indicators=site.indicators,
                         groups=groups, sources=sources[:HOME_LIST_LIMIT],
                         source_count=len(sources), limit=HOME_LIST_LIMIT,
                         comparison_count=len(self.content.comparisons))

    def source(self, article: Article) -> tuple[str, str]:
        blocks = []
        for block, html in zip(article.blocks, self.graph.article_html[article.id]):
            blocks.append({"block": block, "html": Markup(html),
                           "citers": self.graph.citers.get((article.id, block.number), ())})
        path = urls.source(article.id)
        description = f"{article.publisher}, {display_date(article.published)}: {article.title}"
        return self.page(path, "source.html", article.title, description,
                         self.describe.source(path, article, description),
                         article=article, blocks=blocks)

    def profile(self, profile: Profile) -> tuple[str, str]:
        relations: dict[str, list[Profile]] = defaultdict(list)
        for label, other in self.graph.relations.get(profile.id, ()):
            relations[label].append(self.profiles[other])
        fields = []
        for name, value in profile.fields:
            if name == "side":
                continue
            label = name.replace("_", " ").capitalize()
            if isinstance(value, str) and name in ("date", "end_date"):
                value = value and display_date(value)
            fields.append((label, value, profile.basis(name)))
        path = urls.profile(profile.kind, profile.id)
        description = self.plain(profile.summary)
        return self.page(
            path, "profile.html", profile.name, description,
            self.describe.profile(path, profile, description),
            profile=profile, kind_title=KIND_TITLES[profile.kind],
            kind_title_one=profile.kind.capitalize(),
            kind_index=urls.kind_index(profile.kind), fields=fields,
            relations=sorted(relations.items()),
            mentioned=self.with_excerpts(self.mention_groups(profile.id)[:MENTION_ARTICLES]),
            mention_total=len(self.mention_groups(profile.id)),
            more=urls.numbered(urls.profile(profile.kind, profile.id), 2))

    def mentions(self, target: str, pager: Pager,
                 groups: Sequence[tuple[Article, list[Mention]]]) -> tuple[str, str]:
        """One page of the full list of articles that mention a profile or use a term."""
        if target in self.profiles:
            profile = self.profiles[target]
            name, heading, back = profile.name, "mentioned in", urls.profile(profile.kind,
                                                                              profile.id)
            back_label = profile.name
        else:
            term = next(t for t in self.content.terms if t.id == target)
            name, heading, back = term.term, "used in", urls.term(term.id)
            back_label = f"Glossary: {term.term}"
        title = f"{name}: {heading}"
        return self.page(pager.here, "mentions.html",
                         f"{title}, page {pager.number} of {pager.count}",
                         f"Articles {pager.start + 1} to {pager.end} of {pager.total} "
                         f"in which {name} appears", heading=title, back=back,
                         back_label=back_label, pager=pager,
                         groups=self.paragraph_links(pager.here, groups))

    def kind_pages(self, kind: str) -> list[tuple[Pager, Sequence[Profile]]]:
        profiles = self.by_kind[kind]
        if kind == "event":
            profiles = sorted(profiles, key=lambda p: (str(p.field("date")), p.id))
        return paginate(urls.kind_index(kind), profiles, INDEX_PER_PAGE)

    def kind_index(self, kind: str, pager: Pager, profiles: Sequence[Profile]) -> tuple[str, str]:
        title = _numbered(KIND_TITLES[kind], pager)
        description = f"{KIND_TITLES[kind]} in the briefing"
        return self.page(pager.here, "kind_index.html", title, description,
                         self.describe.page(pager.here, title, description, True),
                         kind=kind, profiles=profiles, heading=KIND_TITLES[kind], pager=pager)

    def sources_pages(self) -> list[tuple[Pager, Sequence[Article]]]:
        return paginate(urls.sources(), self.latest, INDEX_PER_PAGE)

    def sources_index(self, pager: Pager, articles: Sequence[Article]) -> tuple[str, str]:
        title, description = _numbered("Sources", pager), "The source articles of the briefing"
        return self.page(pager.here, "sources.html", title, description,
                         self.describe.page(pager.here, title, description, True),
                         articles=articles, pager=pager)

    def glossary(self) -> tuple[str, str]:
        terms = sorted(self.content.terms, key=lambda t: _sort_key(t.term))
        entries = [{"term": t, "total": len(self.mention_groups(t.id)),
                    "more": urls.term_usage(t.id),
                    "used": self.as_links(self.mention_groups(t.id)[:TERM_USAGE_ARTICLES])}
                   for t in terms]
        letters = sorted({_sort_key(t.term)[:1].upper() for t in terms})
        path, description = urls.glossary(), "Terms used in the briefing, defined"
        return self.page(path, "glossary.html", "Glossary", description,
                         self.describe.glossary(path, terms, description),
                         entries=entries, letters=letters)

    def timeline_entries(self) -> list[dict[str, Any]]:
        """Every dated event and statement, in date order."""
        entries: list[dict[str, Any]] = []
        for profile in self.content.profiles:
            date = profile.field("date") if profile.kind == "event" else None
            if date:
                # an event's facts of the same date are shown with it, not again on their own
                entries.append({"date": date, "event": profile, "statement": None,
                                "about": None, "href": urls.profile(profile.kind, profile.id),
                                "facts": [f for f in profile.facts if f.as_of == date]})
            for number, fact in enumerate(profile.facts, 1):
                if fact.as_of and fact.as_of != date:
                    entries.append({"date": fact.as_of, "statement": fact, "about": profile, "event": None,
                                    "facts": [],
                                    "href": urls.profile(profile.kind, profile.id)
                                    + f"#fact-{number}"})
        site = self.content.site
        for index, statement in enumerate([site.bottom_line, *site.key_judgments]):
            if statement.as_of:
                anchor = "bottom-line" if index == 0 else f"kj-{index}"
                entries.append({"date": statement.as_of, "statement": statement, "about": None,
                                "event": None, "facts": [],
                                "href": urls.home() + "#" + anchor})
        entries.sort(key=lambda e: (e["date"], 0 if e["event"] else 1,
                                    e["href"]))
        return entries

    def timeline_pages(self) -> list[tuple[Pager, Sequence[dict[str, Any]]]]:
        return paginate(urls.timeline(), self.timeline_entries(), TIMELINE_PER_PAGE)

    def timeline(self, pager: Pager, entries: Sequence[dict[str, Any]]) -> tuple[str, str]:
        years: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for entry in entries:
            years[entry["date"][:4]].append(entry)
        return self.page(pager.here, "timeline.html", _numbered("Timeline", pager),
                         "Every dated event and statement in the briefing, in order",
                         years=sorted(years.items()), pager=pager)

    def compare(self) -> tuple[str, str]:
        return self.page(urls.compare(), "compare.html", "Compare the sources",
                         "Where the sources differ or complement each other",
                         comparisons=self.content.comparisons)

    def search(self) -> tuple[str, str]:
        return self.page(urls.search(), "search.html", "Search",
                         "Search the profiles, glossary and sources of the briefing",
                         indexes=[(KIND_TITLES[k], urls.kind_index(k))
                                  for k in KIND_PLURALS if self.by_kind.get(k)])

    # ------------------------------------------------------- incremental keys
    def _digest(self, *parts: object) -> str:
        return hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()

    @cached_property
    def base(self) -> str:
        """What every page shows: templates, site settings, names and addresses of entries."""
        templates = sorted((p.relative_to(self.templates_dir).as_posix(), p.read_bytes())
                           for p in self.templates_dir.rglob("*") if p.is_file())
        return self._digest(templates, self.content.site, self.base_url,
                            sorted(self.graph.targets.items()))

    @cached_property
    def catalog(self) -> str:
        """What the home page, the indexes, the timeline, the comparisons and the search page
        show: everything but the words of the articles (and so an article edit that moves no
        citation and keeps its title, date and number of paragraphs renders none of them)."""
        fronts = [(a.id, a.title, a.publisher, a.published, a.short_name, a.dateline, a.byline,
                   a.url, a.accessed, len(a.paragraphs)) for a in self.content.articles]
        return self._digest(self.base, self.content.site,
                            [p.digest for p in self.content.profiles],
                            self.content.terms, self.content.comparisons, fronts,
                            list(self.graph.pins.items()))

    def source_key(self, article: Article, base: str) -> str:
        citers = [self.graph.citers.get((article.id, b.number)) for b in article.paragraphs]
        return self._digest(base, article.digest, self.graph.names, citers)

    def profile_key(self, profile: Profile, base: str) -> str:
        groups = self.mention_groups(profile.id)
        citations = [c for fact in profile.facts for c in fact.sources]
        citations += [c for _, basis in profile.bases for c in basis.sources]
        cited = sorted({c.source for c in citations if c.source in self.articles})
        return self._digest(base, profile.digest, self.graph.relations.get(profile.id),
                            [self.profiles[o].digest for _, o in
                             self.graph.relations.get(profile.id, ())],
                            len(groups), [self.listed[article.id][profile.id].excerpts
                                          for article, _ in groups[:MENTION_ARTICLES]],
                            [self.graph.pins.get(c) for c in citations],
                            [_meta(self.articles[i]) for i in cited])

    def glossary_key(self, base: str) -> str:
        """The glossary shows the terms, their citations and the latest articles using each."""
        citations = [c for term in self.content.terms for c in term.sources]
        cited = sorted({c.source for c in citations if c.source in self.articles})
        usage = [(len(self.mention_groups(t.id)), self.shown(t.id, 0, TERM_USAGE_ARTICLES))
                 for t in self.content.terms]
        return self._digest(base, self.content.terms, usage,
                            [self.graph.pins.get(c) for c in citations],
                            [_meta(self.articles[i]) for i in cited])

    def mentions_key(self, base: str, pager: Pager, target: str) -> str:
        """A page of a full list of mentions shows the articles' titles and paragraph numbers."""
        shown = self.shown(target, pager.start, pager.end)  # long: hashed as it is, not repr()
        return hashlib.sha1("\n".join((base, repr(pager), shown)).encode("utf-8")).hexdigest()

    def shown(self, target: str, start: int, end: int) -> str:
        """What a list of the articles that mention an entry shows of them (Listed.shown), for
        the articles from start to end in mention_groups()."""
        return "".join([entry.shown for entry in self.entries.get(target, [])[start:end]])

    def plan(self) -> list[tuple[str, str, Callable[[], tuple[str, str]]]]:
        """Every page as (path, key, render): a page whose key is unchanged renders the same."""
        base, everything = self.base, self.catalog
        pages: list[tuple[str, str, Callable[[], tuple[str, str]]]] = [
            (urls.home(), everything, self.home)]
        pages += [(pager.here, everything, partial(self.sources_index, pager, items))
                  for pager, items in self.sources_pages()]
        for article in self.content.articles:
            pages.append((urls.source(article.id), self.source_key(article, base),
                          partial(self.source, article)))
        for kind in KIND_PLURALS:
            if self.by_kind.get(kind):
                pages += [(pager.here, everything, partial(self.kind_index, kind, pager, items))
                          for pager, items in self.kind_pages(kind)]
        for profile in self.content.profiles:
            key = self.profile_key(profile, base)
            pages.append((urls.profile(profile.kind, profile.id), key,
                          partial(self.profile, profile)))
            pages += [(pager.here, self.mentions_key(base, pager, profile.id),
                       partial(self.mentions, profile.id, pager, groups))
                      for pager, groups in self.mention_pages(profile.id)]
        pages.append((urls.glossary(), self.glossary_key(base), self.glossary))
        for term in self.content.terms:
            pages += [(pager.here, self.mentions_key(base, pager, term.id),
                       partial(self.mentions, term.id, pager, groups))
                      for pager, groups in self.mention_pages(term.id)]
        pages += [(pager.here, everything, partial(self.timeline, pager, items))
                  for pager, items in self.timeline_pages()]
        pages += [(urls.compare(), everything, self.compare),
                  (urls.search(), everything, self.search)]
        return pages

    def all(self) -> Iterator[tuple[str, str]]:
        for _, _, make in self.plan():
            yield make()


def _meta(article: Article) -> tuple[str, str, str, str]:
    """What a list of articles shows of each."""
    return article.id, article.title, article.label, article.published


@dataclass(frozen=True)
class Listed:
    """One article's mentions of one entry, and what pages that list mentions show of them:
    `shown`, what a list of articles shows (title, date, paragraph numbers), and `excerpts`,
    a digest of what a profile's latest mentions show (those and each paragraph's words)."""

    mentions: list[Mention]
    shown: str
    excerpts: str


# (article id, its digest, the names it was linked with) -> its mentions by entry id: an
# article's mentions change only with its text or the names, so this is kept between builds
ListedCache = dict[tuple[str, str, str], dict[str, Listed]]


def listed_mentions(content: Content, graph: Graph,
                    cache: ListedCache | None = None) -> dict[str, dict[str, Listed]]:
    """Every article's mentions by entry id: {article id: {entry id: Listed}}. With a cache,
    unchanged articles are not gone through again; it keeps only what this build used."""
    result: dict[str, dict[str, Listed]] = {}
    used = set()
    for article in content.articles:
        key = (article.id, article.digest, graph.names)
        used.add(key)
        entry = cache.get(key) if cache is not None else None
        if entry is None:
            entry = _listed(article, graph.mentioned.get(article.id, ()))
            if cache is not None:
                cache[key] = entry
        result[article.id] = entry
    if cache is not None:
        for stale in set(cache) - used:
            del cache[stale]
    return result


def _listed(article: Article, mentions: Iterable[Mention]) -> dict[str, Listed]:
    by_target: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:  # in the order of the paragraphs
        by_target[mention.target].append(mention)
    texts = {block.number: hashlib.sha1(block.text.encode("utf-8")).hexdigest()
             for block in article.paragraphs}  # the words of each paragraph
    meta = repr(_meta(article))
    return {target: Listed(
        items, f"{meta}{[m.paragraph for m in items]!r}",
        hashlib.sha1(f"{meta}{[(m.paragraph, m.name, m.linked, texts[m.paragraph]) for m in items]!r}"
                     .encode("utf-8")).hexdigest())
        for target, items in by_target.items()}


def _numbered(title: str, pager: Pager) -> str:
    """A page title that tells numbered pages apart: 'Sources, page 2 of 5'."""
    return title if pager.count == 1 else f"{title}, page {pager.number} of {pager.count}"



PageCache = dict[str, tuple[str, FileData]]  # page path -> (key, its bytes or where they are)


@dataclass
class ArticleCache:
    """What is worked out once per article text, or from everything but the articles' words,
    and kept between builds: how lists of mentions show each article, and the data export."""

    listed: ListedCache = field(default_factory=dict)
    exported: ExportCache = field(default_factory=ExportCache)

    def adopt(self, stored: ArticleCache) -> None:
        """Take what a stored cache holds that this one does not."""
        for key, entries in stored.listed.items():
            self.listed.setdefault(key, entries)
        for key, parts in stored.exported.mentions.items():
            self.exported.mentions.setdefault(key, parts)
        if not self.exported.key:
            self.exported.key, self.exported.encoded = stored.exported.key, stored.exported.encoded


@dataclass
class RenderStats:
    rendered: int = 0
    reused: int = 0


def render(content: Content, graph: Graph, md: MarkdownIt, templates_dir: Path,
           base_url: str | None = None, cache: PageCache | None = None,
           stats: RenderStats | None = None, env: jinja2.Environment | None = None,
           articles: ArticleCache | None = None) -> dict[str, FileData]:
    """Every file of the site: pages and assets, keyed by path relative to the site root.

    With a cache, a page whose inputs are unchanged since it was cached is not rendered again
    (and with an article cache, what is worked out per article is reused while it is unchanged).
    """
    files: dict[str, FileData] = {}
    for part in render_parts(content, graph, md, templates_dir, base_url, cache, stats, env,
                             articles=articles):
        files.update(part)
    return files


def render_parts(content: Content, graph: Graph, md: MarkdownIt, templates_dir: Path,
                 base_url: str | None = None, cache: PageCache | None = None,
                 stats: RenderStats | None = None, env: jinja2.Environment | None = None,
                 first: Callable[[str], bool] = lambda path: False, workers: int = 1,
                 articles: ArticleCache | None = None) -> Iterator[dict[str, FileData]]:
    """The files of render(), in two parts: the pages `first` selects, then everything else.

    The build writes the first part, starts work that needs only those pages (the search
    index) and renders the rest meanwhile. With `workers` > 1, a part with many pages to
    render is rendered by that many processes (parallel.py).
    """
    renderer = Renderer(content, graph, md, templates_dir, base_url, env,
                        articles.listed if articles is not None else None)
    stats = stats if stats is not None else RenderStats()
    plan = renderer.plan()
    done: set[str] = set()
    for wanted in (True, False):
        files: dict[str, FileData] = {}
        todo: list[tuple[str, str]] = []
        jobs: list[PageJob] = []
        for path, key, make in plan:
            if first(path) != wanted:
                continue
            hit = cache.get(path) if cache is not None else None
            if hit is not None and hit[0] == key:
                files[path] = hit[1]
                stats.reused += 1
                continue
            files[path] = b""  # keeps the plan's order; filled below
            todo.append((path, key))
            jobs.append(make)
        for (path, key), data in zip(todo, render_pages(jobs, workers)):
            files[path] = data
            if cache is not None:
                cache[path] = (key, data)
        stats.rendered += len(todo)
        done.update(files)
        if not wanted:
            files.update(_extras(renderer, content, graph, done,
                                 articles.exported if articles is not None else None))
        yield files
    if cache is not None:
        for stale in set(cache) - done:
            del cache[stale]


def _extras(renderer: Renderer, content: Content, graph: Graph, pages: set[str],
            export: ExportCache | None) -> dict[str, FileData]:
    """What is not a page: assets, the feed, the data export, and with a base URL the sitemap."""
    files: dict[str, FileData] = {asset.path: asset.data for asset in renderer.assets.values()}
    site_url = renderer.base_url
    files[urls.feed()] = atom_feed(content.site, content.articles, site_url)
    files[urls.entities()] = entities_json(content, graph, site_url, export, renderer.catalog)
    if site_url:
        listed = [p for p in pages if p.endswith(".html") and p != urls.search()]
        files["sitemap.xml"] = sitemap(listed, site_url)
        files["robots.txt"] = robots(site_url)
    return files


__all__ = ["render", "Renderer", "excerpt", "Term"]
