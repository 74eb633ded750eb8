"""Stage 4: turn content and graph into pages. Pure: returns {path: html}, writes nothing."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Callable, Iterator

import jinja2
from markupsafe import Markup
from markdown_it import MarkdownIt

from generator import urls
from generator.export import entities_json
from generator.feeds import atom_feed, robots, sitemap
from generator.link import Graph, Mention
from generator.metadata import Describer, PageMeta, shorten
from generator.model import KIND_PLURALS, KIND_TITLES, Article, Content, Profile, Term
from generator.schema import Md
from generator.views import KIND_LABELS, PageTools, display_date

HOME_LIST_LIMIT = 24  # entries per kind on the home page before "all N ..."
EXCERPT_CHARS = 220


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
def make_environment(templates_dir: Path) -> jinja2.Environment:
    """The Jinja environment of a templates folder, made once per process.

    Templates are compiled once and recompiled when their file changes (auto_reload).
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
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
                 base_url: str | None = None, env: jinja2.Environment | None = None) -> None:
        self.content = content
        self.graph = graph
        self.md = md
        self.templates_dir = templates_dir
        self.env = env if env is not None else make_environment(templates_dir)
        self.assets = load_assets(templates_dir)
        self.articles = {a.id: a for a in content.articles}
        self.profiles = {p.id: p for p in content.profiles}
        self.paragraph_text = {(a.id, b.number): b.text for a in content.articles
                               for b in a.paragraphs}
        self.base_url = base_url or content.site.base_url
        self.describe = Describer(content.site, self.base_url, self.kind_and_name)
        self.by_kind: dict[str, list[Profile]] = defaultdict(list)
        for profile in sorted(content.profiles, key=lambda p: _sort_key(p.name)):
            self.by_kind[profile.kind].append(profile)

    # ------------------------------------------------------------ helpers
    def kind_and_name(self, item_id: str) -> tuple[str, str] | None:
        target = self.graph.targets.get(item_id)
        return (target.kind, target.name) if target else None

    def plain(self, text: Md | None, limit: int = 160) -> str:
        return shorten(self.describe.plain(text), limit)

    def tools(self, page: str) -> PageTools:
        return PageTools(page, self.md, self.graph, self.articles)

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

    def mentions_by_article(self, target: str) -> list[dict[str, Any]]:
        grouped: dict[str, list[Mention]] = defaultdict(list)
        for mention in self.graph.mentions.get(target, ()):
            grouped[mention.article].append(mention)
        result = []
        for article in sorted((self.articles[a] for a in grouped),
                              key=lambda a: (a.published, a.id), reverse=True):
            items = sorted(grouped[article.id], key=lambda m: m.paragraph)
            paragraphs = {b.number: b.text for b in article.paragraphs}
            result.append({"article": article, "mentions": [
                {"number": m.paragraph, "href": urls.paragraph(article.id, m.paragraph),
                 "excerpt": excerpt(paragraphs[m.paragraph], m.name)} for m in items]})
        return result

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
                fields.append((label, value and display_date(value)))
            elif isinstance(value, Md) or isinstance(value, str):
                fields.append((label, value))
            else:
                fields.append((label, list(value)))
        path = urls.profile(profile.kind, profile.id)
        description = self.plain(profile.summary)
        return self.page(
            path, "profile.html", profile.name, description,
            self.describe.profile(path, profile, description),
            profile=profile, kind_title=KIND_TITLES[profile.kind],
            kind_title_one=profile.kind.capitalize(),
            kind_index=urls.kind_index(profile.kind), fields=fields,
            relations=sorted(relations.items()), mentioned=self.mentions_by_article(profile.id))

    def kind_index(self, kind: str) -> tuple[str, str]:
        profiles = self.by_kind[kind]
        if kind == "event":
            profiles = sorted(profiles, key=lambda p: (str(p.field("date")), p.id))
        path, description = urls.kind_index(kind), f"{KIND_TITLES[kind]} in the briefing"
        return self.page(path, "kind_index.html", KIND_TITLES[kind], description,
                         self.describe.page(path, KIND_TITLES[kind], description, True),
                         kind=kind, profiles=profiles)

    def sources_index(self) -> tuple[str, str]:
        articles = sorted(self.content.articles, key=lambda a: (a.published, a.id), reverse=True)
        path, description = urls.sources(), "The source articles of the briefing"
        return self.page(path, "sources.html", "Sources", description,
                         self.describe.page(path, "Sources", description, True),
                         articles=articles)

    def glossary(self) -> tuple[str, str]:
        terms = sorted(self.content.terms, key=lambda t: _sort_key(t.term))
        entries = [{"term": t, "used": self.mentions_by_article(t.id)} for t in terms]
        letters = sorted({_sort_key(t.term)[:1].upper() for t in terms})
        path, description = urls.glossary(), "Terms used in the briefing, defined"
        return self.page(path, "glossary.html", "Glossary", description,
                         self.describe.glossary(path, terms, description),
                         entries=entries, letters=letters)

    def timeline(self) -> tuple[str, str]:
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
        years: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for entry in entries:
            years[entry["date"][:4]].append(entry)
        return self.page(urls.timeline(), "timeline.html", "Timeline",
                         "Every dated event and statement in the briefing, in order",
                         years=sorted(years.items()))

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

    def global_key(self) -> str:
        """What every page shows: templates, site settings, names and addresses of entries."""
        templates = sorted((p.relative_to(self.templates_dir).as_posix(), p.read_bytes())
                           for p in self.templates_dir.rglob("*") if p.is_file())
        return self._digest(templates, self.content.site, self.base_url,
                            sorted(self.graph.targets.items()))

    def source_key(self, article: Article, base: str) -> str:
        citers = [self.graph.citers.get((article.id, b.number)) for b in article.paragraphs]
        return self._digest(base, article.digest, self.graph.article_html[article.id], citers)

    def profile_key(self, profile: Profile, base: str) -> str:
        mentions = self.graph.mentions.get(profile.id, ())
        citations = [c for fact in profile.facts for c in fact.sources]
        articles = sorted({m.article for m in mentions}
                          | {c.source for c in citations if c.source in self.articles})
        return self._digest(base, profile.digest, self.graph.relations.get(profile.id),
                            [self.profiles[o].digest for _, o in
                             self.graph.relations.get(profile.id, ())],
                            [(m, self.paragraph_text[(m.article, m.paragraph)])
                             for m in mentions],
                            [self.graph.pins.get(c) for c in citations],
                            [(a.id, a.title, a.label, a.published)
                             for a in (self.articles[i] for i in articles)])

    def plan(self) -> list[tuple[str, str, Callable[[], tuple[str, str]]]]:
        """Every page as (path, key, render): a page whose key is unchanged renders the same."""
        base = self.global_key()
        everything = self._digest(base, self.content.fingerprint)
        pages: list[tuple[str, str, Callable[[], tuple[str, str]]]] = [
            (urls.home(), everything, self.home),
            (urls.sources(), everything, self.sources_index),
        ]
        for article in self.content.articles:
            pages.append((urls.source(article.id), self.source_key(article, base),
                          partial(self.source, article)))
        for kind in KIND_PLURALS:
            if self.by_kind.get(kind):
                pages.append((urls.kind_index(kind), everything, partial(self.kind_index, kind)))
        for profile in self.content.profiles:
            pages.append((urls.profile(profile.kind, profile.id),
                          self.profile_key(profile, base), partial(self.profile, profile)))
        pages += [(urls.glossary(), everything, self.glossary),
                  (urls.timeline(), everything, self.timeline),
                  (urls.compare(), everything, self.compare),
                  (urls.search(), everything, self.search)]
        return pages

    def all(self) -> Iterator[tuple[str, str]]:
        for _, _, make in self.plan():
            yield make()



PageCache = dict[str, tuple[str, bytes]]  # page path -> (key, bytes)


@dataclass
class RenderStats:
    rendered: int = 0
    reused: int = 0


def render(content: Content, graph: Graph, md: MarkdownIt, templates_dir: Path,
           base_url: str | None = None, cache: PageCache | None = None,
           stats: RenderStats | None = None,
           env: jinja2.Environment | None = None) -> dict[str, bytes]:
    """Every file of the site: pages and assets, keyed by path relative to the site root.

    With a cache, a page whose inputs are unchanged since it was cached is not rendered again.
    """
    renderer = Renderer(content, graph, md, templates_dir, base_url, env)
    stats = stats if stats is not None else RenderStats()
    files: dict[str, bytes] = {}
    for path, key, make in renderer.plan():
        hit = cache.get(path) if cache is not None else None
        if hit is not None and hit[0] == key:
            files[path] = hit[1]
            stats.reused += 1
            continue
        rendered_path, html = make()
        assert rendered_path == path
        files[path] = html.encode("utf-8")
        stats.rendered += 1
        if cache is not None:
            cache[path] = (key, files[path])
    if cache is not None:
        for stale in set(cache) - set(files):
            del cache[stale]
    for asset in renderer.assets.values():
        files[asset.path] = asset.data
    site_url = renderer.base_url
    files[urls.feed()] = atom_feed(content.site, content.articles, site_url)
    files[urls.entities()] = entities_json(content, graph, site_url)
    if site_url:
        pages = [p for p in files if p.endswith(".html") and p != urls.search()]
        files["sitemap.xml"] = sitemap(pages, site_url)
        files["robots.txt"] = robots(site_url)
    return files


__all__ = ["render", "Renderer", "excerpt", "Term"]
