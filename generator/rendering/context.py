"""What the views of one build are made from, worked out once: article heads, profiles by
kind, each entry's mentions by article, and the parts every page shares."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Sequence

from generator import urls
from generator.content.model import KIND_PLURALS, KIND_TITLES, Article, Content, Profile
from generator.content.schema import Md
from generator.linking.articles import Mention
from generator.linking.link import Graph
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

    def parts(self) -> PageParts:
        return PageParts(self.graph, self.heads, self.content.site.editors)

    def page(self, path: str, title: str, description: str, parts: PageParts | None = None,
             meta: PageMeta | None = None) -> Page:
        site = self.content.site
        return Page(path, title, description,
                    meta or self.describe.page(path, title, description),
                    site.title, site.subtitle, site.language,
                    tuple((link, link.target == path) for link in self.nav),
                    parts.endnotes() if parts is not None else ())

    def plain(self, text: Md | None, limit: int = 160) -> str:
        return shorten(self.describe.plain(text), limit)

    def rows(self, groups: Sequence[tuple[Article, tuple[Mention, ...]]]
             ) -> tuple[MentionRow, ...]:
        return tuple(MentionRow(self.heads[a.id], tuple(m.paragraph for m in items))
                     for a, items in groups)


def numbered(title: str, pager: Pager) -> str:
    """A page title that tells numbered pages apart: 'Sources, page 2 of 5'."""
    return title if pager.count == 1 else f"{title}, page {pager.number} of {pager.count}"
