"""The pieces page views are made of, and the helper that makes them for one page.

Everything here is a frozen dataclass of plain values: a page's view holds exactly what its
template shows, so a digest of the view is a complete key of the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date
from typing import NamedTuple
from urllib.parse import quote

from generator import urls
from generator.content.model import Article, Citation, Reference, Statement
from generator.content.schema import Md
from generator.linking.link import Graph
from generator.markdown import LinkTarget, find_wikilinks

STATEMENT_KIND_LABELS = {"fact": "Fact", "claim": "Claim", "assessment": "Assessment",
                         "background": "Background"}
BACKGROUND_NOTE = "Background, not from the sources"
# spelt out rather than taken from strftime('%B'), which follows the process locale
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@lru_cache(maxsize=4096)
def display_date(value: str) -> str:
    """'2023-09-13' -> '13 September 2023', '2023-05' -> 'May 2023', '2023' -> '2023'."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    if len(parts) == 2:
        return f"{MONTHS[date(parts[0], parts[1], 1).month - 1]} {parts[0]}"
    return str(parts[0])


def text_fragment(words: str) -> str:
    """A URL text directive (`:~:text=`) that highlights the words on arrival."""
    encoded = quote(" ".join(words.split()), safe="").replace("-", "%2D")
    return f":~:text={encoded}"


@dataclass(frozen=True)
class Text:
    """Markdown written by an editor, with the link targets its [[id]] links name: all that
    rendering it needs besides the page it is on."""

    source: str
    links: tuple[LinkTarget, ...] = ()


class Link(NamedTuple):
    """A link to a page of the site: the text shown and the target, relative to the root."""

    label: str
    target: str


@dataclass(frozen=True)
class ArticleHead:
    """What lists and citations show of an article."""

    id: str
    title: str
    publisher: str
    label: str  # short name, e.g. "AP"
    published: str
    dateline: str | None
    byline: str | None
    url: str | None
    accessed: str | None
    paragraphs: int

    @property
    def href(self) -> str:
        return urls.source(self.id)


@dataclass(frozen=True)
class CitationView:
    source: str  # short label of the article, e.g. "AP"
    paragraph: int
    href: str  # root-relative, with the text fragment that highlights the quote
    quote: str
    number: int  # its endnote on this page, shown in print


@dataclass(frozen=True)
class Endnote:
    number: int
    label: str
    paragraph: int
    quote: str
    title: str
    publisher: str
    published: str
    original: str | None  # the article's own URL, if known


class Credit(NamedTuple):
    """Who makes a statement, as the reader sees it: "We assess with moderate confidence",
    "Assessed by X with low confidence", "According to X", "Source: X", or the background
    note; `who` (a profile or free text) stands between the two parts."""

    lead: str
    who: Link | str | None
    tail: str


@dataclass(frozen=True)
class ReferenceView:
    """A work outside the briefing that background rests on."""

    title: str
    url: str | None


@dataclass(frozen=True)
class StatementView:
    text: Text
    kind: str
    kind_label: str
    by: Link | str | None  # a profile or free text
    as_of: str | None
    citations: tuple[CitationView, ...]
    anchor: str = ""
    credit: Credit | None = None
    confidence: str | None = None  # low, moderate or high (assessments)
    background: bool = False  # the editors' own knowledge: never counted as sourced
    reference: ReferenceView | None = None
    alternative: StatementView | None = None  # another view (key judgments)


@dataclass
class PageParts:
    """Makes the parts of one page; citations are numbered as endnotes in the order made,
    which is the order the page shows them."""

    graph: Graph
    heads: dict[str, ArticleHead]
    editors: str = "Briefing editors"  # how `by` names the briefing's own editors
    notes: dict[tuple[str, int, str], Endnote] = field(default_factory=dict)

    def text(self, value: Md | str | None) -> Text:
        if value is None:
            return Text("")
        source = value.source if isinstance(value, Md) else value
        targets = self.graph.targets
        links = tuple(targets[i] for i in dict.fromkeys(t for _, t in find_wikilinks(source))
                      if i in targets)
        return Text(source, links)

    def link(self, item_id: str) -> Link:
        target = self.graph.targets[item_id]
        return Link(target.name, target.url)

    def citation(self, citation: Citation) -> CitationView | None:
        pin = self.graph.pins.get(citation)
        if pin is None:
            return None
        head = self.heads[pin.article]
        quoted = " ".join(citation.quote.split())
        at = (pin.article, pin.paragraph, quoted)
        if at not in self.notes:
            self.notes[at] = Endnote(len(self.notes) + 1, head.label, pin.paragraph, quoted,
                                     head.title, head.publisher, head.published, head.url)
        href = urls.paragraph(pin.article, pin.paragraph) + text_fragment(pin.highlight)
        return CitationView(head.label, pin.paragraph, href, citation.quote,
                            self.notes[at].number)

    def citations(self, citations: tuple[Citation, ...]) -> tuple[CitationView, ...]:
        views = (self.citation(c) for c in citations)
        return tuple(v for v in views if v is not None)

    def who(self, by: str | None) -> Link | str | None:
        if not by:
            return None
        return self.link(by) if by in self.graph.targets else by

    def statement(self, statement: Statement, anchor: str = "") -> StatementView:
        alternative = statement.alternative
        return StatementView(
            text=self.text(statement.text), kind=statement.kind,
            kind_label=STATEMENT_KIND_LABELS[statement.kind], by=self.who(statement.by),
            as_of=display_date(statement.as_of) if statement.as_of else None,
            citations=self.citations(statement.sources), anchor=anchor,
            credit=self.credit(statement), confidence=statement.confidence,
            background=not statement.sourced, reference=reference_view(statement.reference),
            alternative=self.statement(alternative, f"{anchor}-alt" if anchor else "")
            if alternative is not None else None)

    def credit(self, statement: Statement) -> Credit | None:
        """Who makes the statement, in words: the editors' assessments read "We assess"."""
        if statement.kind == "background":
            return Credit(BACKGROUND_NOTE, None, "")
        who = self.who(statement.by)
        how = f"with {statement.confidence} confidence" if statement.confidence else ""
        if statement.kind == "assessment":
            if statement.by == self.editors:
                return Credit("We assess", None, how)
            return Credit("Assessed by", who, how)
        if who is None:
            return None
        return Credit("According to" if statement.kind == "claim" else "Source:", who, "")

    def endnotes(self) -> tuple[Endnote, ...]:
        return tuple(self.notes.values())


def reference_view(reference: Reference | None) -> ReferenceView | None:
    return ReferenceView(reference.title, reference.url) if reference is not None else None


def article_head(article: Article, paragraphs: int) -> ArticleHead:
    return ArticleHead(article.id, article.title, article.publisher, article.label,
                       article.published, article.dateline, article.byline, article.url,
                       article.accessed, paragraphs)
