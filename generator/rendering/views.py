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
from generator.content.model import Article, Citation, Statement
from generator.content.schema import Md

KIND_LABELS = {"fact": "Fact", "claim": "Claim", "assessment": "Assessment"}
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
class StatementView:
    html: Markup
    kind: str
    kind_label: str
    by: Markup | None
    as_of: str | None
    citations: tuple[CitationView, ...]


class PageTools:
    """Helpers bound to one page, so every link they make is relative to it."""

    def __init__(self, page: str, md: MarkdownIt, graph: Graph,
                 articles: dict[str, Article]) -> None:
        self.page = page
        self.md = md
        self.graph = graph
        self.articles = articles
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
        return StatementView(
            html=self.markdown(statement.text), kind=statement.kind,
            kind_label=KIND_LABELS[statement.kind], by=self.who(statement.by),
            as_of=display_date(statement.as_of) if statement.as_of else None,
            citations=self.citations(statement.sources))
