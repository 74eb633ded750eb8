"""What the views of one build are made from, worked out once: article heads, profiles by
kind, each entry's mentions by article, and the parts every page shares."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable, Sequence

from generator import urls
from generator.content.model import KIND_PLURALS, KIND_TITLES, Article, Content, Profile
from generator.content.schema import Md, parse_coordinates
from generator.linking.articles import Mention
from generator.linking.link import Graph
from generator.rendering.drawing.pictures import MapPlace
from generator.rendering.metadata import Describer, PageMeta, shorten
from generator.rendering.paging import Pager
from generator.rendering.parts import ArticleHead, Link, PageParts, article_head
from generator.rendering.views import MentionRow, Page

TERM_USAGE_ARTICLES = 10  # latest articles linked beside a glossary entry


def sort_key(text: str) -> str:
    return re.sub(r"[^0-9a-z ]", "", text.casefold())


@dataclass
class Site:
    """What the views of one build are made from, worked out once."""

    content: Content
    graph: Graph
    base_url: str | None
    heads: dict[str, ArticleHead] = field(default_factory=dict)
    # by content file (relative to the content folder): the date of the latest commit that
    # changed it, for the files a git checkout holds as committed
    history: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.heads = {a.id: article_head(a, len(self.graph.texts[a.id].paragraphs))
                      for a in self.content.articles}
        self.describe = Describer(self.content.site, self.base_url, self.kind_and_name)

    def kind_and_name(self, item_id: str) -> tuple[str, str] | None:
        target = self.graph.targets.get(item_id)
        return (target.kind, target.name) if target else None

    @cached_property
    def latest(self) -> list[Article]:
        return sorted(self.content.articles, key=lambda a: (a.published, a.id), reverse=True)

    @cached_property
    def by_kind(self) -> dict[str, list[Profile]]:
        found: dict[str, list[Profile]] = defaultdict(list)
        for profile in sorted(self.content.profiles, key=lambda p: sort_key(p.name)):
            found[profile.kind].append(profile)
        return dict(found)

    @cached_property
    def mentioned(self) -> dict[str, list[tuple[Article, tuple[Mention, ...]]]]:
        """By entry id: the articles that mention it, latest first, each with its mentions of
        it in paragraph order."""
        found: dict[str, list[tuple[Article, tuple[Mention, ...]]]] = defaultdict(list)
        for article in self.latest:
            for target, mentions in self.graph.texts[article.id].by_target.items():
                found[target].append((article, mentions))
        return dict(found)

    @cached_property
    def nav(self) -> list[Link]:
        return ([Link("Sources", urls.sources())]
                + [Link(KIND_TITLES[k], urls.kind_index(k)) for k in KIND_PLURALS
                   if self.by_kind.get(k)]
                + [Link("Glossary", urls.glossary()), Link("Timeline", urls.timeline()),
                   Link("Compare", urls.compare())])

    @cached_property
    def places(self) -> dict[str, MapPlace]:
        """Every place with coordinates, as a map shows it, by id."""
        found = {}
        for profile in self.by_kind.get("place", []):
            value = profile.field("coordinates")
            where = parse_coordinates(value) if isinstance(value, str) else None
            if where is not None:
                found[profile.id] = MapPlace(profile.name, urls.profile(profile.kind, profile.id),
                                             *where)
        return found

    def parts(self) -> PageParts:
        return PageParts(self.graph, self.heads, self.content.site.editors)

    @cached_property
    def content_dates(self) -> dict[str, str]:
        """By content file: the latest date its content gives (an article's publication or
        reading, a statement's as_of, an event's dates)."""
        content = self.content
        found: dict[str, str] = {}
        for article in content.articles:
            found[article.path] = max(filter(None, (article.published, article.accessed)))
        for holder, statement in content.statements():
            if statement.as_of:
                path = self.holders.get(holder, statement.loc.path)
                found[path] = max(found.get(path, ""), statement.as_of)
        for profile in content.profiles:
            for name in ("date", "end_date"):
                value = profile.field(name)
                if isinstance(value, str):
                    found[profile.path] = max(found.get(profile.path, ""), value)
        return found

    @cached_property
    def profiles(self) -> dict[str, Profile]:
        return {p.id: p for p in self.content.profiles}

    @cached_property
    def holders(self) -> dict[str, str]:
        return {p.id: p.path for p in self.content.profiles}

    def content_path(self, article_id: str) -> str:
        return self.articles[article_id].path

    @cached_property
    def articles(self) -> dict[str, Article]:
        return {a.id: a for a in self.content.articles}

    def updated(self, files: Iterable[str]) -> str | None:
        """When what the files hold last changed: their latest commit date where git has
        them as committed, else the latest date their content gives."""
        dates = [self.history.get(path) or self.content_dates.get(path) for path in files]
        return max((d for d in dates if d), default=None)

    def page(self, path: str, title: str, description: str, parts: PageParts | None = None,
             meta: PageMeta | None = None, files: Iterable[str] = ()) -> Page:
        """A page's common part; `files` are the content files it shows, besides the
        articles its citations quote."""
        site = self.content.site
        cited = [self.articles[a].path for a in parts.cited()] if parts is not None else []
        return Page(path, title, description,
                    meta or self.describe.page(path, title, description),
                    site.title, site.subtitle, site.language,
                    tuple((link, link.target == path) for link in self.nav),
                    parts.endnotes() if parts is not None else (),
                    self.updated([*files, *cited]))

    def plain(self, text: Md | None, limit: int = 160) -> str:
        return shorten(self.describe.plain(text), limit)

    def rows(self, target: str, groups: Sequence[tuple[Article, tuple[Mention, ...]]]
             ) -> tuple[MentionRow, ...]:
        """Each article that mentions the target, with the paragraphs that do."""
        texts = self.graph.texts
        return tuple(MentionRow(self.heads[a.id], texts[a.id].numbers[target])
                     for a, _ in groups)


def _plural_of(word: str, other: str) -> bool:
    return word in (other + "s", other + "es")


def listed_names(name: str, aliases: Sequence[str]) -> tuple[str, ...]:
    """The aliases a reader is shown as "Also called": not those that only differ from the
    name or an earlier alias by capitals or a plural ending (they are still linked)."""
    kept: list[str] = []
    for alias in aliases:
        folded = alias.casefold()
        if not any(folded == other or _plural_of(folded, other) or _plural_of(other, folded)
                   for other in (n.casefold() for n in (name, *kept))):
            kept.append(alias)
    return tuple(kept)


def numbered(title: str, pager: Pager) -> str:
    """A page title that tells numbered pages apart: 'Sources, page 2 of 5'."""
    return title if pager.count == 1 else f"{title}, page {pager.number} of {pager.count}"
