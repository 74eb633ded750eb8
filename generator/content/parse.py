"""One content file's text to model records, with a file:line:col for every problem.

Each function here is pure: the same path and text give the same records and diagnostics, so
the loader keeps what it gave under a digest of its arguments (memo space "parse").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.content import schema
from generator.content.model import (Account, Article, Basis, Citation, Comparison, Profile,
                                     Reference, Site, Statement, Term)
from generator.content.coerce import Coercer, Record
from generator.content.frontmatter import fence_problem, not_fields
from generator.content.yamlio import YMap, YNode, YScalar, YSeq, parse_yaml, split_front_matter
from generator.diagnostics import Diagnostic, Loc, error


@dataclass(frozen=True)
class Parsed:
    """What one file gave: its records (none if it could not be used), its problems, and the
    ids of entries that failed (so that links to them are not reported a second time)."""

    items: tuple[Any, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    unloaded: frozenset[str] = frozenset()


@dataclass
class _Parse:
    rel: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unloaded: set[str] = field(default_factory=set)

    def fail(self, loc: Loc, code: str, message: str) -> None:
        self.diagnostics.append(error(loc, code, message))

    def done(self, *items: Any) -> Parsed:
        return Parsed(tuple(i for i in items if i is not None), tuple(self.diagnostics),
                      frozenset(self.unloaded))

    def yaml(self, text: str) -> YNode | None:
        node, problems = parse_yaml(text, self.rel)
        self.diagnostics.extend(problems)
        if node is None and not problems:
            self.fail(Loc(self.rel), "empty", "file is empty")
        return node

    def record(self, node: YNode | None, spec: schema.Obj, where: str) -> Record | None:
        return Coercer(self.diagnostics).record(node, spec, where)

    def citation(self, rec: Record) -> Citation:
        return Citation(rec["source"], rec["quote"], rec.loc_of("quote"))

    def statement(self, rec: Record) -> Statement:
        alternative = rec.get("alternative")
        return Statement(
            text=rec["text"], sources=tuple(self.citation(c) for c in rec.get("sources", ())),
            loc=rec.loc, kind=rec.get("kind", "fact"), by=rec.get("by"), as_of=rec.get("as_of"),
            confidence=rec.get("confidence"), reference=reference(rec.get("reference")),
            alternative=self.statement(alternative) if alternative is not None else None)

    def typed_field(self, rec: Record, name: str) -> tuple[Any, Basis]:
        """A typed field's value and what it rests on, from its short or long form."""
        value = rec[name]
        if not isinstance(value, Record):  # the value alone: it rests on nothing said
            return value, Basis(rec.loc_of(name))
        return value["value"], Basis(
            rec.loc_of(name), tuple(self.citation(c) for c in value.get("sources", ())),
            value.get("background", False), reference(value.get("reference")))

    def entries(self, text: str, spec: schema.Obj) -> list[tuple[Record, YNode]]:
        node = self.yaml(text)
        if node is None:
            self.unloaded.add("*")  # every id of the file is unknown
            return []
        if not isinstance(node, YSeq):
            self.fail(node.loc, "type", f"{self.rel} must be a list of {spec.name} entries "
                      "(each starting with '- id: ...')")
            self.unloaded.add("*")
            return []
        found = []
        for item in node.items:
            rec = self.record(item, spec, spec.name)
            if rec is not None:
                found.append((rec, item))
            elif isinstance(item, YMap) and isinstance(item.get("id"), YScalar):
                self.unloaded.add(item.get("id").text)  # type: ignore[union-attr]
        return found


def reference(rec: Record | None) -> Reference | None:
    return Reference(rec["title"], rec.get("url")) if rec is not None else None


def _aliases(rec: Record, node: YNode | None, name: str = "aliases"
             ) -> tuple[tuple[str, ...], tuple[Loc, ...]]:
    names = tuple(rec.get(name, ()))
    if isinstance(node, YSeq):
        return names, tuple(item.loc for item in node.items)[:len(names)]
    return names, tuple(rec.loc for _ in names)


def _child(node: YNode | None, name: str) -> YNode | None:
    return node.get(name) if isinstance(node, YMap) else None


def parse_site(rel: str, text: str) -> Parsed:
    state = _Parse(rel)
    node = state.yaml(text)
    rec = state.record(node, schema.SITE, "site.yaml") if node is not None else None
    if rec is None:
        return state.done()
    owners_node = _child(node, "alias_owners")
    owners = tuple((alias, owner, owners_node.key_locs[alias]
                    if isinstance(owners_node, YMap) else rec.loc)
                   for alias, owner in rec.get("alias_owners", {}).items())
    return state.done(Site(
        title=rec["title"], subtitle=rec.get("subtitle"), language=rec.get("language", "en"),
        base_url=rec.get("base_url"), bottom_line=state.statement(rec["bottom_line"]),
        key_judgments=tuple(state.statement(s) for s in rec["key_judgments"]),
        loc=rec.loc, alias_owners=owners,
        gaps=tuple(state.statement(s) for s in rec.get("gaps", ())),
        indicators=tuple(state.statement(s) for s in rec.get("indicators", ())),
        editors=rec.get("editors", "Briefing editors"), event=rec.get("event"),
        event_loc=rec.loc_of("event") if "event" in rec else None))


def parse_article(rel: str, text: str, article_id: str, digest: str) -> Parsed:
    """An article's front matter and body; the body is read as Markdown by the linker."""
    state = _Parse(rel)
    misplaced = fence_problem(text)
    if misplaced is not None:
        state.fail(Loc(rel, misplaced.line), "front-matter", misplaced.message)
        return state.done()
    front, front_line, body, body_line = split_front_matter(text)
    assert front is not None  # fence_problem found both lines
    node, problems = parse_yaml(front, rel, line_offset=front_line - 1)
    state.diagnostics.extend(problems)
    if problems:
        return state.done()
    if node is None:
        state.fail(Loc(rel, front_line), "front-matter", "the front matter is empty: an "
                   "article needs at least title, publisher and published")
        return state.done()
    if not_fields(node) is not None:
        state.fail(node.loc, "front-matter", not_fields(node) or "")
        return state.done()
    rec = state.record(node, schema.ARTICLE, "front matter")
    if rec is None:
        return state.done()
    return state.done(Article(
        id=article_id, path=rel, digest=digest, title=rec["title"], publisher=rec["publisher"],
        published=rec["published"], loc=rec.loc, body=body, body_line=body_line,
        short_name=rec.get("short_name"), dateline=rec.get("dateline"),
        byline=rec.get("byline"), url=rec.get("url"), accessed=rec.get("accessed")))


def parse_profile(rel: str, text: str, kind: str, profile_id: str, digest: str) -> Parsed:
    state = _Parse(rel)
    node = state.yaml(text)
    rec = state.record(node, schema.PROFILES[kind], f"{kind} profile") if node is not None else None
    if rec is None:
        return state.done()
    common = {"name", "aliases", "variants", "summary", "facts", "relations"}
    fields, bases = [], []
    for fld in schema.PROFILES[kind].fields:
        if fld.name in common or fld.name not in rec:
            continue
        if isinstance(fld.spec, schema.Sourced):
            value, basis = state.typed_field(rec, fld.name)
            fields.append((fld.name, value))
            bases.append((fld.name, basis))
        else:
            fields.append((fld.name, rec[fld.name]))
    relations_node = _child(node, "relations")
    relations = []
    for rel_type, targets in rec.get("relations", {}).items():
        items = _child(relations_node, rel_type)
        locs = [item.loc for item in items.items] if isinstance(items, YSeq) else []
        for index, target in enumerate(targets):
            loc = locs[index] if index < len(locs) else rec.loc_of("relations")
            relations.append((rel_type, target, loc))
    aliases, alias_locs = _aliases(rec, _child(node, "aliases"))
    variants, variant_locs = _aliases(rec, _child(node, "variants"), "variants")
    return state.done(Profile(
        id=profile_id, kind=kind, path=rel, digest=digest, name=rec["name"],
        summary=rec["summary"], loc=rec.loc, aliases=aliases, fields=tuple(fields),
        bases=tuple(bases), facts=tuple(state.statement(s) for s in rec.get("facts", ())),
        relations=tuple(relations), alias_locs=alias_locs, variants=variants,
        variant_locs=variant_locs))


def parse_glossary(rel: str, text: str) -> Parsed:
    state = _Parse(rel)
    terms = []
    for rec, item in state.entries(text, schema.TERM):
        aliases, alias_locs = _aliases(rec, _child(item, "aliases"))
        variants, variant_locs = _aliases(rec, _child(item, "variants"), "variants")
        terms.append(Term(
            id=rec["id"], term=rec["term"], short=rec["short"], definition=rec["definition"],
            loc=rec.loc, aliases=aliases, alias_locs=alias_locs,
            sources=tuple(state.citation(c) for c in rec.get("sources", ())),
            background=rec.get("background", False), reference=reference(rec.get("reference")),
            variants=variants, variant_locs=variant_locs))
    return state.done(*terms)


def parse_comparisons(rel: str, text: str) -> Parsed:
    state = _Parse(rel)
    found = []
    for rec, _ in state.entries(text, schema.COMPARISON):
        accounts = tuple(Account(a["source"], state.citation(a), a.get("says"))
                         for a in rec["accounts"])
        found.append(Comparison(rec["id"], rec["topic"], rec["aspect"], accounts, rec["note"],
                                rec.loc))
    return state.done(*found)
