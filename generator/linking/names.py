"""What can be linked, and by which names: every profile and term as a link target, and every
name and alias as written with the id it links to. A name claimed by two entries is an error,
unless site.yaml's alias_owners says whose it is."""

from __future__ import annotations

from collections import defaultdict

from generator import urls
from generator.content.model import Content
from generator.diagnostics import Diagnostic, Loc, error
from generator.linking import suggest
from generator.markdown import LinkTarget


def link_targets(content: Content) -> dict[str, LinkTarget]:
    targets: dict[str, LinkTarget] = {}
    for profile in content.profiles:
        targets[profile.id] = LinkTarget(profile.id, profile.kind, profile.name,
                                         urls.profile(profile.kind, profile.id))
    for term in content.terms:
        targets[term.id] = LinkTarget(term.id, "term", term.term, urls.term(term.id), term.short)
    return targets


def _variants(name: str) -> set[str]:
    """A name that starts in lower case also matches at the start of a sentence."""
    return {name, name[:1].upper() + name[1:]}


def name_owners(content: Content, targets: dict[str, LinkTarget]
                ) -> tuple[dict[str, str], list[Diagnostic]]:
    """Every name and alias as written -> the id it links to; and the conflicts found."""
    problems: list[Diagnostic] = []
    claims: dict[str, list[tuple[str, Loc, str]]] = defaultdict(list)
    named = [(p.id, [(p.name, p.loc), *zip(p.aliases, p.alias_locs)]) for p in content.profiles]
    named += [(t.id, [(t.term, t.loc), *zip(t.aliases, t.alias_locs)]) for t in content.terms]
    for item_id, names in named:
        for name, loc in names:
            for variant in _variants(name):
                claims[variant].append((item_id, loc, name))
    explicit: dict[str, str] = {}
    for alias, owner, loc in content.site.alias_owners:
        if owner not in targets and not content.may_exist(owner):
            problems.append(error(loc, "unknown-id",
                                  suggest.unknown_owner(owner, suggest.lazy(content)())))
        elif owner in targets:
            for variant in _variants(alias):
                explicit.setdefault(variant, owner)
    owners: dict[str, str] = {}
    reported: set[tuple[Loc, str]] = set()
    for name, claimants in claims.items():
        ids = sorted({item_id for item_id, _, _ in claimants})
        if name in explicit:
            owners[name] = explicit[name]
        elif len(ids) == 1:
            owners[name] = ids[0]
        else:
            for item_id, loc, written in claimants:
                if (loc, written) in reported:
                    continue
                reported.add((loc, written))
                others = ", ".join(i for i in ids if i != item_id)
                problems.append(error(
                    loc, "alias-conflict", f"the name '{written}' is also claimed by {others}; "
                    "remove it from one of them or say who it links to in site.yaml "
                    "alias_owners"))
    return owners, problems
