"""Editorial warnings for `briefing check`: things that build but that an editor should see."""

from __future__ import annotations

from generator.authoring.scaffold import is_placeholder
from generator.authoring.rigor import rigor
from generator.diagnostics import Diagnostic, Loc, warning
from generator.linking.link import Graph
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


def unlinked_names(content: Content, graph: Graph) -> list[Diagnostic]:
    """Names that appear in article text in another case, so the linker could not link them."""
    folded = {name.lower(): name for name in graph.owners if len(name.lower()) == len(name)}
    loose = NameMatcher({lower: lower for lower in folded})
    exact = NameMatcher(graph.owners)
    problems = []
    for article in content.articles:
        for block in graph.texts[article.id].paragraphs:  # headings are never linked
            text = block.text
            lowered = text.lower()
            if len(lowered) != len(text):
                continue
            linked = {(start, end) for start, end, _ in exact.finditer(text)}
            for start, end, lower in loose.finditer(lowered):
                if (start, end) in linked:
                    continue
                written = text[start:end]
                name = folded[lower]
                target = graph.targets[graph.owners[name]]
                problems.append(warning(
                    Loc(article.path, block.line, 1), "unlinked-name",
                    f"'{written}' looks like {target.name} but is written differently, so it is "
                    f"not linked; add '{written}' to its aliases if it is the same"))
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


def lint(content: Content, graph: Graph) -> list[Diagnostic]:
    """Every editorial warning."""
    return (unused_entries(content, graph) + unlinked_names(content, graph)
            + one_sided_comparisons(content) + placeholders(content, graph)
            + rigor(content, graph))
