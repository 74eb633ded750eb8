"""Editorial warnings for `briefing check`: things that build but that an editor should see."""

from __future__ import annotations

from functools import cached_property

from generator.authoring.scaffold import is_placeholder
from generator.authoring.rigor import rigor
from generator.diagnostics import Diagnostic, Loc, warning
from generator.linking.articles import ArticleText
from generator.linking.link import Graph
from generator.memo import Memo, Shared, key
from generator.markdown import find_wikilinks
from generator.content.model import Content
from generator.linking.textmatch import NameMatcher


def _referenced_ids(content: Content) -> set[str]:
    """Ids named by [[id]] links, relations (either end) and `by:` fields."""
    found = {target for text, _ in content.markdown_fields()
             for _, target in find_wikilinks(text.source)}
    for profile in content.profiles:
        if profile.relations:
            found.add(profile.id)
        found.update(target for _, target, _ in profile.relations)
    found.update(s.by for _, s in content.statements() if s.by)
    return found


def unused_entries(content: Content, graph: Graph) -> list[Diagnostic]:
    referenced = _referenced_ids(content) | set(graph.mentions)
    problems = []
    for profile in content.profiles:
        if profile.id not in referenced:
            problems.append(warning(profile.loc, "unused-profile",
                                    f"nothing mentions or links to {profile.name}: no article "
                                    "names it and no [[id]] link, relation or 'by' refers to it"))
    for term in content.terms:
        if term.id not in referenced:
            problems.append(warning(term.loc, "unused-term",
                                    f"the glossary term '{term.term}' is never used: no article "
                                    "contains it or an alias, and no [[id]] links to it"))
    return problems


class _Matchers:
    """The names of every entry, matched as written and in lower case; made when first needed."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names  # each name (or alias) and the name of the entry it belongs to

    @cached_property
    def folded(self) -> dict[str, str]:
        return {name.lower(): name for name in self.names if len(name.lower()) == len(name)}

    @cached_property
    def loose(self) -> NameMatcher:
        return NameMatcher({lower: lower for lower in self.folded})

    @cached_property
    def exact(self) -> NameMatcher:
        return NameMatcher({name: name for name in self.names})


def _unlinked(path: str, text: ArticleText, matchers: _Matchers) -> tuple[Diagnostic, ...]:
    problems = []
    for block in text.paragraphs:  # headings are never linked
        lowered = block.text.lower()
        if len(lowered) != len(block.text):
            continue
        linked = {(start, end) for start, end, _ in matchers.exact.finditer(block.text)}
        for start, end, lower in matchers.loose.finditer(lowered):
            if (start, end) in linked:
                continue
            written = block.text[start:end]
            entry = matchers.names[matchers.folded[lower]]
            problems.append(warning(
                Loc(path, block.line, 1), "unlinked-name",
                f"'{written}' looks like {entry} but is written differently, so it is "
                f"not linked; add '{written}' to its aliases if it is the same"))
    return tuple(problems)


def unlinked_names(content: Content, graph: Graph, memo: Memo | None = None
                   ) -> list[Diagnostic]:
    """Names that appear in article text in another case, so the linker could not link them
    (memo space "unlinked": by article, its text and every name)."""
    memo = memo if memo is not None else Memo()
    names = {name: graph.targets[owner].name for name, owner in graph.owners.items()}
    names_key = key(sorted(names.items()))
    matchers = _Matchers(names)
    shared = Shared(memo, ("article",))
    problems: list[Diagnostic] = []
    for article in content.articles:
        text = graph.texts[article.id]
        problems += memo.get("unlinked", key(article.path, text, names_key, shared=shared),
                             lambda: _unlinked(article.path, text, matchers))
    return problems


def one_sided_comparisons(content: Content) -> list[Diagnostic]:
    problems = []
    for comparison in content.comparisons:
        sources = {account.source for account in comparison.accounts}
        if len(sources) < 2:
            problems.append(warning(comparison.loc, "one-sided",
                                    f"comparison '{comparison.id}' quotes only "
                                    f"{', '.join(sorted(sources))}; quote at least two sources"))
    return problems


PLACEHOLDER_FIX = "is what briefing new wrote as an example; replace it with the real text"


def placeholders(content: Content, graph: Graph) -> list[Diagnostic]:
    """Texts left exactly as `briefing new` wrote them."""
    problems = []

    def found(loc: Loc, what: str, text: str) -> None:
        problems.append(warning(loc, "placeholder", f"{what} '{text.strip()}' {PLACEHOLDER_FIX}"))

    for article in content.articles:
        if is_placeholder(article.publisher):
            found(article.loc, "the publisher", article.publisher)
        for block in graph.texts[article.id].blocks:
            if is_placeholder(block.text):
                found(Loc(article.path, block.line, 1),
                      "the heading" if block.kind == "heading" else "the paragraph", block.text)
    for text, _ in content.markdown_fields():
        if is_placeholder(text.source):
            found(text.loc, "the text", text.source)
    for term in content.terms:
        if is_placeholder(term.short):
            found(term.loc, "the tooltip", term.short)
    return problems


def lint(content: Content, graph: Graph, memo: Memo | None = None) -> list[Diagnostic]:
    """Every editorial warning."""
    return (unused_entries(content, graph) + unlinked_names(content, graph, memo)
            + one_sided_comparisons(content) + placeholders(content, graph)
            + rigor(content, graph))
