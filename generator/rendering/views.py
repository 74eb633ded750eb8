"""Page-ready views of statements, citations and dates, with links relative to one page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from markupsafe import Markup, escape
from markdown_it import MarkdownIt

from generator import urls
from generator.rendering.endnotes import Endnotes
from generator.linking.link import Graph
from generator.markdown import RenderEnv
from generator.content.model import Article, Basis, Citation, Reference, Statement
from generator.content.schema import Md

KIND_LABELS = {"fact": "Fact", "claim": "Claim", "assessment": "Assessment",
               "background": "Background"}
BACKGROUND_NOTE = "Background, not from the sources"
# spelt out rather than taken from strftime('%B'), which follows the process locale
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


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
class CitationView:
    source: str  # short label of the article, e.g. "AP"
    paragraph: int
    href: str
    quote: str
    number: int  # its endnote on this page, shown in print


@dataclass(frozen=True)
class ReferenceView:
    title: str
    url: str | None


@dataclass(frozen=True)
class StatementView:
    html: Markup
    kind: str
    kind_label: str
    by: Markup | None
    as_of: str | None
    citations: tuple[CitationView, ...]
    # who says it, as the reader sees it: "We assess with moderate confidence",
    # "Assessed by X with low confidence", "According to X", "Source: X" or the background note
    credit: Markup | None = None
    confidence: str | None = None  # low, moderate or high (assessments)
    background: bool = False  # never counted as sourced; shown apart
    reference: ReferenceView | None = None
    alternative: StatementView | None = None


@dataclass(frozen=True)
class FieldView:
    """A typed field of a profile's infobox with what its value rests on."""

    label: str
    html: Markup
    citations: tuple[CitationView, ...]
    background: bool
    reference: ReferenceView | None


class PageTools:
    """Helpers bound to one page, so every link they make is relative to it."""

    def __init__(self, page: str, md: MarkdownIt, graph: Graph,
                 articles: dict[str, Article], editors: str = "Briefing editors") -> None:
        self.page = page
        self.md = md
        self.graph = graph
        self.articles = articles
        self.editors = editors  # how `by` names the briefing's own editors
        self.env = RenderEnv(resolve=graph.targets.get, prefix=urls.prefix(page))
        self.notes = Endnotes()

    def url(self, target: str) -> str:
        return urls.relative(self.page, target)

    def markdown(self, text: Md | None) -> Markup:
        if text is None:
            return Markup("")
        return Markup(self.md.render(text.source, {"briefing": self.env}))

    def inline(self, text: Md | str | None) -> Markup:
        if text is None:
            return Markup("")
        source = text.source if isinstance(text, Md) else text
        return Markup(self.md.renderInline(source, {"briefing": self.env}))

    def citation(self, citation: Citation) -> CitationView | None:
        pin = self.graph.pins.get(citation)
        if pin is None:
            return None
        article = self.articles[pin.article]
        href = self.url(urls.paragraph(pin.article, pin.paragraph)) + text_fragment(pin.highlight)
        number = self.notes.number(article, pin.paragraph, citation.quote)
        return CitationView(article.label, pin.paragraph, href, citation.quote, number)

    def citations(self, citations: tuple[Citation, ...]) -> tuple[CitationView, ...]:
        views = (self.citation(c) for c in citations)
        return tuple(v for v in views if v is not None)

    def who(self, by: str | None) -> Markup | None:
        if not by:
            return None
        target = self.graph.targets.get(by)
        if target is None:
            return escape(by)
        return Markup(f'<a href="{escape(self.url(target.url))}">{escape(target.name)}</a>')

    def statement(self, statement: Statement) -> StatementView:
        alternative = statement.alternative
        return StatementView(
            html=self.markdown(statement.text), kind=statement.kind,
            kind_label=KIND_LABELS[statement.kind], by=self.who(statement.by),
            as_of=display_date(statement.as_of) if statement.as_of else None,
            citations=self.citations(statement.sources), credit=self.credit(statement),
            confidence=statement.confidence, background=not statement.sourced,
            reference=self.reference(statement.reference),
            alternative=self.statement(alternative) if alternative is not None else None)

    def credit(self, statement: Statement) -> Markup | None:
        """Who makes the statement, in words: the editors' assessments read "We assess"."""
        if statement.kind == "background":
            return Markup(BACKGROUND_NOTE)
        who = self.who(statement.by)
        if statement.kind == "assessment":
            how = f"with {statement.confidence} confidence" if statement.confidence else ""
            if statement.by == self.editors:
                return Markup("We assess {}").format(how) if how else Markup("We assess")
            return Markup("Assessed by {} {}").format(who, how) if how else \
                Markup("Assessed by {}").format(who)
        if who is None:
            return None
        return Markup("According to {}" if statement.kind == "claim" else "Source: {}").format(who)

    def reference(self, reference: Reference | None) -> ReferenceView | None:
        return ReferenceView(reference.title, reference.url) if reference is not None else None

    def field(self, label: str, value: Md | tuple[Md, ...] | str,
              basis: Basis | None) -> FieldView:
        """An infobox row: the value, with its citations or its background mark."""
        if isinstance(value, (list, tuple)):
            html = Markup(", ").join(self.inline(v) for v in value)
        elif isinstance(value, Md):
            html = self.inline(value)
        else:
            html = escape(value)
        if basis is None:
            return FieldView(label, html, (), False, None)
        return FieldView(label, html, self.citations(basis.sources), basis.background,
                         self.reference(basis.reference))
