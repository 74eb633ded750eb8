"""Frozen page views: one dataclass per page kind, holding exactly what its template shows.

The parts a view holds are frozen dataclasses too, or named tuples where a site has tens of
thousands of them (rows of the lists of mentions), which are far quicker to make.

A template receives its view and nothing else (besides pure helpers bound to the page's own
path), so a page is a function of its view and the templates: the digest of the two is the
page's key, and a page is reused only when nothing it shows has changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, NamedTuple, Union

from generator.linking.articles import ArticleText
from generator.linking.citations import Citer
from generator.rendering.metadata import PageMeta
from generator.rendering.paging import Pager
from generator.rendering.parts import (ArticleHead, CitationView, Endnote, Link, ReferenceView,
                                       StatementView, Text)


@dataclass(frozen=True)
class Page:
    """What every page shows: its place, title, description and metadata, the site's header
    and navigation, and the endnotes of the citations it holds."""

    path: str
    title: str
    description: str
    meta: PageMeta
    site_title: str
    site_subtitle: str | None
    language: str
    nav: tuple[tuple[Link, bool], ...]  # (section, whether this page is in it)
    notes: tuple[Endnote, ...]


@dataclass(frozen=True)
class HomeGroup:
    kind: str
    title: str
    count: int
    index: str
    subgroups: tuple[tuple[str, tuple[Link, ...], int], ...]  # (side, first entries, total)


@dataclass(frozen=True)
class HomeView:
    TEMPLATE: ClassVar[str] = "home.html"
    page: Page
    bottom_line: StatementView
    key_judgments: tuple[StatementView, ...]
    gaps: tuple[StatementView, ...]  # what the sources do not tell us
    indicators: tuple[StatementView, ...]  # what to watch
    groups: tuple[HomeGroup, ...]
    sources: tuple[ArticleHead, ...]
    source_count: int
    comparison_count: int


@dataclass(frozen=True)
class SourceView:
    TEMPLATE: ClassVar[str] = "source.html"
    page: Page
    article: ArticleHead
    text: ArticleText  # its blocks, and each block's HTML
    citers: tuple[tuple[Citer, ...], ...]  # beside each block, what cites it


@dataclass(frozen=True)
class FieldView:
    """A typed field of a profile's infobox, with what its value rests on."""

    label: str
    value: Union[str, Text, tuple[Text, ...]]  # a date or plain value, or Markdown
    citations: tuple[CitationView, ...] = ()
    background: bool = False  # the editors' own knowledge, not the sources'
    reference: ReferenceView | None = None


class MentionView(NamedTuple):
    number: int
    href: str
    excerpt: str


@dataclass(frozen=True)
class MentionGroup:
    article: ArticleHead
    mentions: tuple[MentionView, ...]


@dataclass(frozen=True)
class ProfileView:
    TEMPLATE: ClassVar[str] = "profile.html"
    page: Page
    name: str
    kind: str
    kind_title: str  # "People"
    kind_one: str  # "Person"
    kind_index: str
    aliases: tuple[str, ...]
    fields: tuple[FieldView, ...]
    summary: Text
    facts: tuple[StatementView, ...]  # those on this page
    facts_pager: Pager  # the facts beyond the first page are on pages of their own
    relations: tuple[tuple[str, tuple[Link, ...]], ...]
    mentioned: tuple[MentionGroup, ...]  # the latest articles, with excerpts
    mention_total: int
    more: str  # the page of earlier articles


@dataclass(frozen=True)
class FactsView:
    """A page of a profile's facts after the first (which the profile page shows)."""

    TEMPLATE: ClassVar[str] = "facts.html"
    page: Page
    name: str
    back: str
    facts: tuple[StatementView, ...]
    pager: Pager


class MentionRow(NamedTuple):
    article: ArticleHead
    paragraphs: tuple[int, ...]


@dataclass(frozen=True)
class MentionsView:
    """One page of every article that mentions a profile or uses a term."""

    TEMPLATE: ClassVar[str] = "mentions.html"
    page: Page
    heading: str
    back: Link
    rows: tuple[MentionRow, ...]
    pager: Pager


@dataclass(frozen=True)
class IndexEntry:
    link: Link
    date: str | None  # for events
    summary: Text


@dataclass(frozen=True)
class KindIndexView:
    TEMPLATE: ClassVar[str] = "kind_index.html"
    page: Page
    heading: str
    entries: tuple[IndexEntry, ...]
    pager: Pager


@dataclass(frozen=True)
class SourcesView:
    TEMPLATE: ClassVar[str] = "sources.html"
    page: Page
    articles: tuple[ArticleHead, ...]
    pager: Pager


@dataclass(frozen=True)
class GlossaryEntry:
    id: str
    term: str
    aliases: tuple[str, ...]
    short: str
    definition: Text
    background: bool  # the definition is the editors' own knowledge
    reference: ReferenceView | None
    citations: tuple[CitationView, ...]
    used: tuple[MentionRow, ...]  # the latest articles that use it
    total: int
    more: str


@dataclass(frozen=True)
class GlossaryView:
    TEMPLATE: ClassVar[str] = "glossary.html"
    page: Page
    entries: tuple[GlossaryEntry, ...]


@dataclass(frozen=True)
class TimelineEntry:
    date: str
    href: str
    event: str | None  # an event's name, or None for a dated statement
    date_note: str | None
    summary: Text | None
    facts: tuple[StatementView, ...]  # an event's facts of its own date
    statement: StatementView | None
    about: str  # what a statement is about: a profile's name, or "Key judgment"


@dataclass(frozen=True)
class TimelineView:
    TEMPLATE: ClassVar[str] = "timeline.html"
    page: Page
    years: tuple[tuple[str, tuple[TimelineEntry, ...]], ...]
    pager: Pager


@dataclass(frozen=True)
class AccountView:
    source: str
    quote: str
    says: Text | None
    citation: CitationView | None


@dataclass(frozen=True)
class ComparisonView:
    id: str
    topic: str
    aspect: str
    accounts: tuple[AccountView, ...]
    note: Text


@dataclass(frozen=True)
class CompareView:
    TEMPLATE: ClassVar[str] = "compare.html"
    page: Page
    comparisons: tuple[ComparisonView, ...]


@dataclass(frozen=True)
class SearchView:
    TEMPLATE: ClassVar[str] = "search.html"
    page: Page
    indexes: tuple[Link, ...]
    bundles: tuple[str, ...]  # the search bundles merged into the main one, by folder


PageView = Union[HomeView, SourceView, ProfileView, FactsView, MentionsView, KindIndexView,
                 SourcesView, GlossaryView, TimelineView, CompareView, SearchView]
