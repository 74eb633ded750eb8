"""Stage 2: checks within and across records that need no linking."""

from __future__ import annotations

from generator.diagnostics import Diagnostic, Loc, error
from generator.content.model import Content, Statement


def _statement_problems(statement: Statement) -> list[Diagnostic]:
    if statement.kind in ("claim", "assessment") and not statement.by:
        return [error(statement.loc, "missing-by",
                      f"a {statement.kind} needs 'by': who asserts it (a profile id or free "
                      "text such as \"South Korea's military\")")]
    return []


def _event_problems(content: Content) -> list[Diagnostic]:
    """site.yaml's `event` names an event profile."""
    event, loc = content.site.event, content.site.event_loc or content.site.loc
    if event is None:
        return []
    found = next((p for p in content.profiles if p.id == event), None)
    if found is None:
        if content.may_exist(event):
            return []
        return [error(loc, "unknown-id", f"event: no profile has the id '{event}'; give the id "
                      "of an event profile (content/profiles/event/<id>.yaml)")]
    if found.kind != "event":
        return [error(loc, "value", f"event: '{event}' is a {found.kind} profile, not an event; "
                      "give the id of an event profile")]
    return []


def validate(content: Content) -> list[Diagnostic]:
    """Every problem that can be seen without resolving links."""
    problems: list[Diagnostic] = []
    for _, statement in content.statements():
        problems += _statement_problems(statement)

    seen: dict[str, tuple[str, Loc]] = {}

    def claim(item_id: str, what: str, loc: Loc) -> None:
        if item_id in seen:
            other_what, other_loc = seen[item_id]
            problems.append(error(loc, "duplicate-id",
                                  f"id '{item_id}' is already used by the {other_what} at "
                                  f"{other_loc}; ids must be unique across all kinds"))
        else:
            seen[item_id] = (what, loc)

    for article in content.articles:
        claim(article.id, "article", article.loc)
    for profile in content.profiles:
        claim(profile.id, f"{profile.kind} profile", profile.loc)
    for term in content.terms:
        claim(term.id, "glossary term", term.loc)

    comparison_ids: dict[str, Loc] = {}
    for comparison in content.comparisons:
        if comparison.id in comparison_ids:
            problems.append(error(comparison.loc, "duplicate-id",
                                  f"comparison id '{comparison.id}' is already used at "
                                  f"{comparison_ids[comparison.id]}"))
        comparison_ids.setdefault(comparison.id, comparison.loc)

    problems += _event_problems(content)
    for profile in content.profiles:
        start, end = profile.field("date"), profile.field("end_date")
        if isinstance(start, str) and isinstance(end, str) and end < start:
            basis = profile.basis("end_date")
            problems.append(error(basis.loc if basis is not None else profile.loc, "value",
                                  f"end_date {end} is before date {start}: give the event's "
                                  "last day, on or after its first"))
    return problems
