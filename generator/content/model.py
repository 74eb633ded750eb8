"""The content model: frozen records that refer to each other by id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from generator.diagnostics import Loc
from generator.content.schema import Md

KIND_PLURALS: dict[str, str] = {
    "person": "people",
    "place": "places",
    "system": "systems",
    "organization": "organizations",
    "event": "events",
}
KIND_TITLES: dict[str, str] = {
    "person": "People",
    "place": "Places",
    "system": "Systems",
    "organization": "Organizations",
    "event": "Events",
}


@dataclass(frozen=True)
class Citation:
    source: str
    quote: str
    loc: Loc


@dataclass(frozen=True)
class Reference:
    """A work outside the briefing that background rests on."""

    title: str
    url: str | None = None


@dataclass(frozen=True)
class Statement:
    text: Md
    sources: tuple[Citation, ...]
    loc: Loc
    kind: str = "fact"  # fact, claim, assessment or background (which has no sources)
    by: str | None = None
    as_of: str | None = None
    confidence: str | None = None  # low, moderate or high: assessments only
    reference: Reference | None = None  # background only
    alternative: Statement | None = None  # another view (key judgments)

    @property
    def sourced(self) -> bool:
        """True if the statement rests on the articles (background never does)."""
        return self.kind != "background"


@dataclass(frozen=True)
class Basis:
    """What a typed field's value rests on: citations, or the editors' own knowledge."""

    loc: Loc  # where the field is written
    sources: tuple[Citation, ...] = ()
    background: bool = False
    reference: Reference | None = None


@dataclass(frozen=True)
class Article:
    id: str
    path: str
    digest: str  # of the file's text
    title: str
    publisher: str
    published: str
    loc: Loc
    body: str  # the Markdown of the body, read by the linker
    body_line: int  # the line of the file the body starts on
    short_name: str | None = None
    dateline: str | None = None
    byline: str | None = None
    url: str | None = None
    accessed: str | None = None

    @property
    def label(self) -> str:
        return self.short_name or self.publisher


@dataclass(frozen=True)
class Profile:
    id: str
    kind: str
    path: str
    digest: str  # of the file's text
    name: str
    summary: Md
    loc: Loc
    aliases: tuple[str, ...] = ()
    fields: tuple[tuple[str, Md | tuple[Md, ...] | str], ...] = ()
    bases: tuple[tuple[str, Basis], ...] = ()  # what each typed field rests on
    facts: tuple[Statement, ...] = ()
    relations: tuple[tuple[str, str, Loc], ...] = ()  # (relation type, target id, where)
    alias_locs: tuple[Loc, ...] = ()

    def field(self, name: str) -> Any:
        return dict(self.fields).get(name)

    def basis(self, name: str) -> Basis | None:
        return dict(self.bases).get(name)


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    short: str
    definition: Md
    loc: Loc
    aliases: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = ()
    alias_locs: tuple[Loc, ...] = ()
    background: bool = False  # the definition is the editors' own knowledge
    reference: Reference | None = None


@dataclass(frozen=True)
class Account:
    source: str
    citation: Citation
    says: Md | None = None


@dataclass(frozen=True)
class Comparison:
    id: str
    topic: str
    aspect: str
    accounts: tuple[Account, ...]
    note: Md
    loc: Loc


@dataclass(frozen=True)
class Site:
    title: str
    bottom_line: Statement
    key_judgments: tuple[Statement, ...]
    loc: Loc
    subtitle: str | None = None
    language: str = "en"
    base_url: str | None = None
    alias_owners: tuple[tuple[str, str, Loc], ...] = ()
    gaps: tuple[Statement, ...] = ()  # what the sources do not tell us
    indicators: tuple[Statement, ...] = ()  # what to watch next
    editors: str = "Briefing editors"  # how `by` names the briefing's own editors


@dataclass(frozen=True)
class Content:
    site: Site
    articles: tuple[Article, ...]
    profiles: tuple[Profile, ...]
    terms: tuple[Term, ...]
    comparisons: tuple[Comparison, ...]
    unloaded: frozenset[str] = frozenset()  # ids whose files failed to load ("*": unknown)

    def may_exist(self, item_id: str) -> bool:
        """True if an unknown id may belong to a file that failed to load (already reported)."""
        return item_id in self.unloaded or "*" in self.unloaded

    def markdown_fields(self) -> Iterator[tuple[Md, bool]]:
        """Every Markdown field, and whether it is rendered inline (no paragraphs)."""
        for _, statement in self.statements():
            yield statement.text, False
        for profile in self.profiles:
            yield profile.summary, False
            for _, value in profile.fields:
                if isinstance(value, Md):
                    yield value, True
                elif isinstance(value, (list, tuple)):
                    yield from ((v, True) for v in value if isinstance(v, Md))
        for term in self.terms:
            yield term.definition, False
        for comparison in self.comparisons:
            yield comparison.note, False
            yield from ((a.says, False) for a in comparison.accounts if a.says is not None)

    def statements(self) -> list[tuple[str, Statement]]:
        """Every statement with the id of what holds it ('site' for the home page)."""
        site = self.site
        found = [("site", s) for s in (site.bottom_line, *site.key_judgments, *site.gaps,
                                       *site.indicators)]
        for profile in self.profiles:
            found.extend((profile.id, fact) for fact in profile.facts)
        return [(holder, s) for holder, statement in found
                for s in (statement, statement.alternative) if s is not None]
