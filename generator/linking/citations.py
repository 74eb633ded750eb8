"""Where each citation lands: the one paragraph of the cited article that holds its quote, and
what cites each paragraph (shown beside it on the source page)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from generator import urls
from generator.content.model import Article, Citation, Content, Statement
from generator.diagnostics import Diagnostic, error
from generator.linking import suggest
from generator.linking.articles import ArticleText
from generator.linking.textmatch import QuoteMatch, find_quote
from generator.memo import Memo, key


@dataclass(frozen=True)
class Pin:
    """Where a citation lands: one paragraph of one article, and the quoted words in it."""

    article: str
    paragraph: int
    highlight: str  # the quoted words as they appear in the paragraph


@dataclass(frozen=True)
class Citer:
    """A statement or entry that cites a paragraph, as shown beside that paragraph."""

    label: str
    url: str  # relative to the site root
    kind: str


def home_statements(content: Content) -> list[tuple[str, str, Statement]]:
    """The statements of the home page, each with its label and anchor."""
    site = content.site
    found = [("Bottom line", "bottom-line", site.bottom_line)]
    for number, judgment in enumerate(site.key_judgments, 1):
        found.append((f"Key judgment {number}", f"kj-{number}", judgment))
        if judgment.alternative is not None:
            found.append((f"Key judgment {number}, alternative view", f"kj-{number}-alt",
                          judgment.alternative))
    found += [(f"Gap {n}", f"gap-{n}", s) for n, s in enumerate(site.gaps, 1)]
    found += [(f"Indicator {n}", f"indicator-{n}", s) for n, s in enumerate(site.indicators, 1)]
    return found


def citing(content: Content) -> Iterable[tuple[tuple[Citation, ...], Citer]]:
    """Every group of citations, with what cites them."""
    for label, anchor, statement in home_statements(content):
        yield statement.sources, Citer(label, urls.home() + "#" + anchor, statement.kind)
    for profile in content.profiles:
        for number, fact in enumerate(profile.facts, 1):
            yield fact.sources, Citer(profile.name, urls.fact(profile.kind, profile.id, number),
                                      fact.kind)
    for profile in content.profiles:
        for name, basis in profile.bases:
            yield basis.sources, Citer(f"{profile.name}: {name.replace('_', ' ')}",
                                       f"{urls.profile(profile.kind, profile.id)}#field-{name}",
                                       "field")
    for term in content.terms:
        yield term.sources, Citer(f"Glossary: {term.term}", urls.term(term.id), "term")
    for comparison in content.comparisons:
        yield (tuple(a.citation for a in comparison.accounts),
               Citer(f"Compare: {comparison.topic}", urls.comparison(comparison.id),
                     "comparison"))


def pin_citations(content: Content, texts: dict[str, ArticleText], memo: Memo
                  ) -> tuple[dict[Citation, Pin], dict[tuple[str, int], tuple[Citer, ...]],
                             list[Diagnostic]]:
    """Every citation's pin, the citers of each paragraph, and the citations that land
    nowhere or in several places."""
    articles = {a.id: a for a in content.articles}
    pins: dict[Citation, Pin] = {}
    citers: dict[tuple[str, int], list[Citer]] = defaultdict(list)
    problems: list[Diagnostic] = []
    for citations, citer in citing(content):
        for citation in citations:
            pin = _pin(citation, articles, texts, content, memo, problems)
            if pin is None:
                continue
            pins[citation] = pin
            at = (pin.article, pin.paragraph)
            if all(c.label != citer.label for c in citers[at]):
                citers[at].append(citer)
    return pins, {k: tuple(v) for k, v in citers.items()}, problems


def _pin(citation: Citation, articles: dict[str, Article], texts: dict[str, ArticleText],
         content: Content, memo: Memo, problems: list[Diagnostic]) -> Pin | None:
    article = articles.get(citation.source)
    if article is None:
        if not content.may_exist(citation.source):
            problems.append(error(citation.loc, "unknown-source", suggest.unknown_source(
                citation.source, list(articles), suggest.lazy(content)())))
        return None
    paragraphs = texts[article.id].paragraphs
    if not paragraphs:  # the article's own error ("empty") says what to do; no cascade
        return None
    matches: tuple[QuoteMatch, ...] = memo.get(
        "quote", key(citation.quote, article.digest),
        lambda: tuple(find_quote(citation.quote, [p.text for p in paragraphs])))
    if not matches:
        problems.append(error(citation.loc, "quote-not-found", suggest.quote_not_found(
            citation.quote, article.path, [(p.number, p.text) for p in paragraphs])))
        return None
    if len(matches) > 1:
        problems.append(error(citation.loc, "quote-ambiguous", suggest.quote_ambiguous(
            article.path, [(p.number, p.text) for p in paragraphs], matches)))
        return None
    match = matches[0]
    para = paragraphs[match.paragraph]
    return Pin(article.id, para.number, para.text[match.start:match.end])
