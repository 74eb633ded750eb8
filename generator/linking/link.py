"""Stage 3: resolve citations, [[id]] links, relations and mentions into a Graph.

    link(content, memo, workers) -> (Graph, diagnostics)

Each article body is read once per distinct text and set of names (memo space "article"),
by forked workers when many need reading; each quote is looked for once per distinct article
text ("quote"), and each Markdown field is checked once per distinct text ("markdown", and
"broken-links" for a `[[` that is no link).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from generator.content.model import Citation, Content, Statement
from generator.content.schema import RELATIONS, Md
from generator.diagnostics import Diagnostic, error
from generator.linking import suggest
from generator.linking.articles import ArticleText, Mention, read_article
from generator.linking.citations import Citer, Pin, pin_citations
from generator.linking.names import link_targets, name_owners
from generator.linking.textmatch import matcher_for, name_pattern
from generator.markdown import (LinkTarget, MarkdownProblem, broken_wikilinks, find_wikilinks,
                                make_markdown, markdown_problems, may_refuse)
from generator.memo import Memo, key
from generator.parallel import run_all

MIN_ARTICLES = 200  # articles to read before forked workers pay for themselves


@dataclass(frozen=True)
class Graph:
    targets: dict[str, LinkTarget]
    pins: dict[Citation, Pin]
    texts: dict[str, ArticleText]  # what each article's body holds, by article id
    text_keys: dict[str, str]  # the key each text was read under: a digest of its inputs
    citers: dict[tuple[str, int], tuple[Citer, ...]]  # by (article id, paragraph)
    relations: dict[str, tuple[tuple[str, str], ...]]  # id -> (label, other id), both ways
    owners: dict[str, str]  # name or alias as written -> id
    # the digest of the names and targets the articles were linked with: an article's html
    # and mentions depend on nothing else than its own text and these
    names_key: str

    @cached_property
    def mentions(self) -> dict[str, tuple[Mention, ...]]:
        """Every mention by target id, by article (in content order), then paragraph."""
        by_target: dict[str, list[Mention]] = defaultdict(list)
        for text in self.texts.values():
            for mention in text.mentions:
                by_target[mention.target].append(mention)
        return {target: tuple(found) for target, found in by_target.items()}


def read_articles(content: Content, owners: dict[str, str], targets: dict[str, LinkTarget],
                  keys: dict[str, str], memo: Memo, workers: int) -> dict[str, ArticleText]:
    """Every article's text, read again only where the article or the names changed."""
    missing = [a for a in content.articles if memo.find("article", keys[a.id]) is None]
    if missing:
        md = make_markdown()
        pattern = memo.get("names", key(sorted(owners)), lambda: name_pattern(owners))
        matcher = matcher_for(tuple(sorted(owners.items())), pattern)
        jobs = [lambda a=a: read_article(a, md, matcher, targets.get) for a in missing]
        for article, text in zip(missing, run_all(jobs, workers, MIN_ARTICLES)):
            memo.put("article", keys[article.id], text)
    return {a.id: memo.find("article", keys[a.id]) for a in content.articles}


def check_fields(content: Content, targets: dict[str, LinkTarget], memo: Memo
                 ) -> list[Diagnostic]:
    """[[id]] links to nothing, and what the Markdown of a field would refuse to render."""
    problems: list[Diagnostic] = []
    md = None
    hints = suggest.lazy(content)
    for text, inline in content.markdown_fields():
        for offset, target in find_wikilinks(text.source):
            if target not in targets and not content.may_exist(target):
                problems.append(error(text.loc_at(offset), "unknown-id",
                                      suggest.unknown_link(target, hints())))

        def refused(text: Md = text, inline: bool = inline) -> tuple[MarkdownProblem, ...]:
            nonlocal md
            md = md or make_markdown()
            return tuple(markdown_problems(md, text.source, inline))

        def broken(text: Md = text, inline: bool = inline) -> tuple[tuple[int, str], ...]:
            nonlocal md
            md = md or make_markdown()
            return tuple(broken_wikilinks(md, text.source, inline))

        if "[[" in text.source:
            for offset, written in memo.get("broken-links", key(text.source, inline), broken):
                problems.append(error(text.loc_at(offset), "broken-link",
                                      f"{written} is not a link, so the page would show it as "
                                      "written: a link is [[id]] or [[id|label]]"))

        if not may_refuse(text.source):
            continue
        found = memo.get("markdown", key(text.source, inline), refused)
        lines = text.source.split("\n")
        for problem in found:
            offset = sum(len(line) + 1 for line in lines[:problem.line]) + problem.col
            problems.append(error(text.loc_at(offset), problem.code, problem.message))
    return problems


def check_by(content: Content, statement: Statement, targets: dict[str, LinkTarget]
             ) -> list[Diagnostic]:
    by = statement.by
    if by and suggest.looks_like_id(by) and by not in targets and not content.may_exist(by):
        return [error(statement.loc, "unknown-id",
                      suggest.unknown_by(by, suggest.lazy(content)()))]
    return []


def link_relations(content: Content, targets: dict[str, LinkTarget]
                   ) -> tuple[dict[str, tuple[tuple[str, str], ...]], list[Diagnostic]]:
    """Each profile's relations, both ways: id -> (label, other id)."""
    relations: dict[str, list[tuple[str, str]]] = defaultdict(list)
    problems: list[Diagnostic] = []
    hints = suggest.lazy(content)
    for profile in content.profiles:
        for rel_type, target, loc in profile.relations:
            other = targets.get(target)
            if other is None and content.may_exist(target):
                continue
            if other is None or other.kind == "term":
                problems.append(error(loc, "unknown-id",
                                      suggest.unknown_relation(rel_type, target, hints())))
                continue
            if target == profile.id:
                problems.append(error(loc, "value", f"relation {rel_type}: a profile cannot "
                                      "relate to itself"))
                continue
            label, inverse = RELATIONS[rel_type]
            relations[profile.id].append((label, target))
            relations[target].append((inverse, profile.id))
    return {k: tuple(dict.fromkeys(v)) for k, v in relations.items()}, problems


def link(content: Content, memo: Memo | None = None,
         workers: int = 1) -> tuple[Graph, list[Diagnostic]]:
    """Resolve everything; what the memo holds from an earlier build is not worked out again."""
    memo = memo if memo is not None else Memo()
    targets = link_targets(content)
    owners, problems = name_owners(content, targets)
    names_key = key(sorted(owners.items()), sorted(targets.items()))
    # an article record is a function of its file's path and text: their digest stands for it
    text_keys = {a.id: key(a.path, a.digest, names_key) for a in content.articles}
    texts = read_articles(content, owners, targets, text_keys, memo, workers)
    for text in texts.values():
        problems.extend(text.diagnostics)
    pins, citers, pin_problems = pin_citations(content, texts, memo)
    problems += pin_problems
    for _, statement in content.statements():
        problems += check_by(content, statement, targets)
    problems += check_fields(content, targets, memo)
    relations, relation_problems = link_relations(content, targets)
    problems += relation_problems
    return Graph(targets=targets, pins=pins, texts=texts, text_keys=text_keys, citers=citers,
                 relations=relations, owners=owners, names_key=names_key), problems
