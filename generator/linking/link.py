"""Stage 3: resolve citations, [[id]] links, relations and mentions into a Graph."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator import urls
from generator.diagnostics import Diagnostic, Loc, error
from generator.markdown import (LinkTarget, MarkdownProblem, RenderEnv, find_wikilinks,
                                markdown_problems)
from generator.content.model import Article, Citation, Content, Statement
from generator.content.schema import RELATIONS, Md
from generator.linking import suggest
from generator.linking.textmatch import NameMatcher, QuoteMatch, find_quote, matcher_for


@dataclass(frozen=True)
class Pin:
    """Where a citation lands: one paragraph of one article, and the quoted words in it."""

    article: str
    paragraph: int
    highlight: str  # the quoted words as they appear in the paragraph


@dataclass(frozen=True)
class Mention:
    article: str
    paragraph: int
    target: str
    name: str  # the words that matched
    linked: bool


@dataclass(frozen=True)
class Citer:
    """A statement or entry that cites a paragraph, as shown beside that paragraph."""

    label: str
    url: str  # relative to the site root
    kind: str


@dataclass(frozen=True)
class Graph:
    targets: dict[str, LinkTarget]
    pins: dict[Citation, Pin]
    article_html: dict[str, tuple[str, ...]]  # rendered blocks, in the article's block order
    mentioned: dict[str, tuple[Mention, ...]]  # what each article mentions, by paragraph
    citers: dict[tuple[str, int], tuple[Citer, ...]]  # by (article id, paragraph)
    relations: dict[str, tuple[tuple[str, str], ...]]  # id -> (label, other id), both ways
    owners: dict[str, str]  # name or alias as written -> id
    # a digest of the names and targets the articles were linked with: an article's html and
    # mentions depend on nothing else than its own text and these
    names: str

    @cached_property
    def mentions(self) -> dict[str, tuple[Mention, ...]]:
        """Every mention by target id, by article (in content order), then paragraph."""
        by_target: dict[str, list[Mention]] = defaultdict(list)
        for found in self.mentioned.values():
            for mention in found:
                by_target[mention.target].append(mention)
        return {target: tuple(found) for target, found in by_target.items()}


LinkCache = dict[tuple[str, str, str], tuple[tuple[str, ...], list[Mention]]]
QuoteCache = dict[tuple[str, str], tuple[QuoteMatch, ...]]  # (quote, article digest) -> matches
MarkdownCache = dict[tuple[str, bool], tuple[MarkdownProblem, ...]]  # (text, inline) -> problems


def build_targets(content: Content) -> dict[str, LinkTarget]:
    targets: dict[str, LinkTarget] = {}
    for profile in content.profiles:
        targets[profile.id] = LinkTarget(profile.id, profile.kind, profile.name,
                                         urls.profile(profile.kind, profile.id))
    for term in content.terms:
        targets[term.id] = LinkTarget(term.id, "term", term.term, urls.term(term.id), term.short)
    return targets


@dataclass
class Linker:
    content: Content
    md: MarkdownIt
    cache: LinkCache | None = None  # linked articles by (article digest, names digest)
    quotes: QuoteCache | None = None  # where each quote is found in an article's text
    checked: MarkdownCache | None = None  # what each Markdown field's text would refuse
    diagnostics: list[Diagnostic] = field(default_factory=list)
    quotes_used: set[tuple[str, str]] = field(default_factory=set)
    checked_used: set[tuple[str, bool]] = field(default_factory=set)

    def fail(self, loc: Loc, code: str, message: str) -> None:
        self.diagnostics.append(error(loc, code, message))

    @cached_property
    def suggester(self) -> suggest.Suggester:
        """The ids and names an unknown id is compared with, gathered once."""
        return suggest.Suggester.of(self.content)

    # ------------------------------------------------------------------ names
    def owners(self, targets: dict[str, LinkTarget]) -> dict[str, str]:
        """Every name and alias -> the id it links to; a name claimed twice is an error."""
        claims: dict[str, list[tuple[str, Loc, str]]] = defaultdict(list)
        named: list[tuple[str, list[tuple[str, Loc]]]] = [
            (p.id, [(p.name, p.loc), *zip(p.aliases, p.alias_locs)]) for p in self.content.profiles
        ] + [(t.id, [(t.term, t.loc), *zip(t.aliases, t.alias_locs)]) for t in self.content.terms]
        for item_id, names in named:
            for name, loc in names:
                # a name that starts in lower case also matches at the start of a sentence
                for variant in {name, name[:1].upper() + name[1:]}:
                    claims[variant].append((item_id, loc, name))
        explicit = {}
        for alias, owner, loc in self.content.site.alias_owners:
            if owner not in targets and not self.content.may_exist(owner):
                self.fail(loc, "unknown-id", suggest.unknown_owner(owner, self.suggester))
            elif owner in targets:
                for variant in {alias, alias[:1].upper() + alias[1:]}:
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
                    self.fail(loc, "alias-conflict",
                              f"the name '{written}' is also claimed by {others}; remove it "
                              "from one of them or say who it links to in site.yaml "
                              "alias_owners")
        return owners

    # --------------------------------------------------------------- citations
    def pin(self, citation: Citation, articles: dict[str, Article]) -> Pin | None:
        article = articles.get(citation.source)
        if article is None and self.content.may_exist(citation.source):
            return None
        if article is None:
            self.fail(citation.loc, "unknown-source",
                      suggest.unknown_source(citation.source, list(articles), self.suggester))
            return None
        paragraphs = article.paragraphs
        matches = self.find(citation.quote, article)
        if not matches:
            self.fail(citation.loc, "quote-not-found", suggest.quote_not_found(
                citation.quote, article.path, [(p.number, p.text) for p in paragraphs]))
            return None
        if len(matches) > 1:
            self.fail(citation.loc, "quote-ambiguous", suggest.quote_ambiguous(
                article.path, [(p.number, p.text) for p in paragraphs], matches))
            return None
        match = matches[0]
        para = paragraphs[match.paragraph]
        return Pin(article.id, para.number, para.text[match.start:match.end])

    def find(self, quote: str, article: Article) -> tuple[QuoteMatch, ...]:
        """The paragraphs of the article that hold the quote, remembered by the article's digest."""
        key = (quote, article.digest)
        self.quotes_used.add(key)
        if self.quotes is not None and key in self.quotes:
            return self.quotes[key]
        found = tuple(find_quote(quote, [p.text for p in article.paragraphs]))
        if self.quotes is not None:
            self.quotes[key] = found
        return found

    def check_wikilinks(self, text: Md, targets: dict[str, LinkTarget]) -> None:
        for offset, target in find_wikilinks(text.source):
            if target not in targets and not self.content.may_exist(target):
                self.fail(text.loc_at(offset), "unknown-id",
                          suggest.unknown_link(target, self.suggester))

    def check_markdown(self, text: Md, inline: bool) -> None:
        """Report what the Markdown of a field would refuse to render (unsafe links ...)."""
        key = (text.source, inline)
        self.checked_used.add(key)
        problems = self.checked.get(key) if self.checked is not None else None
        if problems is None:
            problems = tuple(markdown_problems(self.md, text.source, inline))
            if self.checked is not None:
                self.checked[key] = problems
        lines = text.source.split("\n")
        for problem in problems:
            offset = sum(len(line) + 1 for line in lines[:problem.line]) + problem.col
            self.fail(text.loc_at(offset), problem.code, problem.message)

    def check_by(self, statement: Statement, targets: dict[str, LinkTarget]) -> None:
        by = statement.by
        if by and suggest.looks_like_id(by) and by not in targets \
                and not self.content.may_exist(by):
            self.fail(statement.loc, "unknown-id", suggest.unknown_by(by, self.suggester))

    # ---------------------------------------------------------------- mentions
    def link_article(self, article: Article, matcher: NameMatcher,
                     targets: dict[str, LinkTarget]) -> tuple[tuple[str, ...], list[Mention]]:
        """Render each block with the first mention per section of every name linked."""
        env = RenderEnv(resolve=targets.get, prefix=urls.prefix(urls.source(article.id)),
                        tip_prefix="term")
        html: list[str] = []
        mentions: dict[tuple[int, str], Mention] = {}
        # an article read from the on-disk cache has no tokens: parsing its body again gives
        # the tokens its blocks were split from
        all_tokens = article.tokens or tuple(self.md.parse(article.body, {}))
        linked_in_section: set[str] = set()
        section = -1
        for block in article.blocks:
            if block.section != section:
                section, linked_in_section = block.section, set()
            tokens = list(all_tokens[block.start:block.end])
            if block.kind == "para":
                tokens = [_rewrite_inline(t, matcher, linked_in_section, block.number,
                                          article.id, mentions) for t in tokens]
            html.append(self.md.renderer.render(tokens, self.md.options, {"briefing": env}))
        return tuple(html), list(mentions.values())

    # ------------------------------------------------------------------- all
    def link(self) -> Graph:
        content = self.content
        targets = build_targets(content)
        owners = self.owners(targets)
        articles = {a.id: a for a in content.articles}

        pins: dict[Citation, Pin] = {}
        citers: dict[tuple[str, int], list[Citer]] = defaultdict(list)

        def cite(citations: Iterable[Citation], citer: Citer) -> None:
            for citation in citations:
                pin = self.pin(citation, articles)
                if pin is not None:
                    pins[citation] = pin
                    key = (pin.article, pin.paragraph)
                    if all(c.label != citer.label for c in citers[key]):
                        citers[key].append(citer)

        site = content.site
        for index, statement in enumerate([site.bottom_line, *site.key_judgments]):
            label = "Bottom line" if index == 0 else f"Key judgment {index}"
            anchor = "bottom-line" if index == 0 else f"kj-{index}"
            cite(statement.sources, Citer(label, urls.home() + "#" + anchor, statement.kind))
        for profile in content.profiles:
            for number, fact in enumerate(profile.facts, 1):
                cite(fact.sources, Citer(profile.name, urls.profile(profile.kind, profile.id)
                                         + f"#fact-{number}", fact.kind))
        for term in content.terms:
            cite(term.sources, Citer(f"Glossary: {term.term}", urls.term(term.id), "term"))
        for comparison in content.comparisons:
            cite([a.citation for a in comparison.accounts],
                 Citer(f"Compare: {comparison.topic}", urls.comparison(comparison.id),
                       "comparison"))

        for _, statement in content.statements():
            self.check_by(statement, targets)
        for md_text, inline in markdown_fields(content):
            self.check_wikilinks(md_text, targets)
            self.check_markdown(md_text, inline)

        relations: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for profile in content.profiles:
            for rel_type, target, loc in profile.relations:
                other = targets.get(target)
                if other is None and self.content.may_exist(target):
                    continue
                if other is None or other.kind == "term":
                    self.fail(loc, "unknown-id",
                              suggest.unknown_relation(rel_type, target, self.suggester))
                    continue
                if target == profile.id:
                    self.fail(loc, "value", f"relation {rel_type}: a profile cannot relate "
                              "to itself")
                    continue
                label, inverse = RELATIONS[rel_type]
                relations[profile.id].append((label, target))
                relations[target].append((inverse, profile.id))

        matcher: NameMatcher | None = None  # compiled on the first article not in the cache
        named = tuple(sorted(owners.items()))
        names = hashlib.sha1(repr((named, sorted(targets.items()))).encode()).hexdigest()
        article_html: dict[str, tuple[str, ...]] = {}
        mentioned: dict[str, tuple[Mention, ...]] = {}
        used = set()
        for article in content.articles:
            key = (article.id, article.digest, names)
            used.add(key)
            if self.cache is not None and key in self.cache:
                html, found = self.cache[key]
            else:
                matcher = matcher or matcher_for(named)
                html, found = self.link_article(article, matcher, targets)
                if self.cache is not None:
                    self.cache[key] = (html, found)
            article_html[article.id] = html
            mentioned[article.id] = tuple(found)

        if self.cache is not None:
            for key in set(self.cache) - used:
                del self.cache[key]
        if self.quotes is not None:
            for stale in set(self.quotes) - self.quotes_used:
                del self.quotes[stale]
        if self.checked is not None:
            for unused in set(self.checked) - self.checked_used:
                del self.checked[unused]
        return Graph(
            targets=targets, pins=pins, article_html=article_html,
            mentioned=mentioned,
            citers={k: tuple(v) for k, v in citers.items()},
            relations={k: tuple(dict.fromkeys(v)) for k, v in relations.items()},
            owners=owners, names=names)


def _rewrite_inline(token: Token, matcher: NameMatcher, linked: set[str], paragraph: int,
                    article: str, mentions: dict[tuple[int, str], Mention]) -> Token:
    """A copy of an inline token whose text children have their mentions marked."""
    if token.type != "inline" or not token.children:
        return token
    children: list[Token] = []
    in_link = 0
    for child in token.children:
        if child.type == "link_open":
            in_link += 1
        elif child.type == "link_close":
            in_link -= 1
        if child.type != "text" or in_link:
            children.append(child)
            continue
        position = 0
        for start, end, target in matcher.finditer(child.content):
            name = child.content[start:end]
            first = target not in linked
            key = (paragraph, target)
            if key not in mentions or (first and not mentions[key].linked):
                mentions[key] = Mention(article, paragraph, target, name, first)
            if not first:
                continue
            linked.add(target)
            if start > position:
                children.append(Token("text", "", 0, content=child.content[position:start]))
            children.append(Token("mention", "", 0, content=name, meta={"id": target}))
            position = end
        if position == 0:
            children.append(child)
        elif position < len(child.content):
            children.append(Token("text", "", 0, content=child.content[position:]))
    return token.copy(children=children)


def markdown_fields(content: Content) -> Iterable[tuple[Md, bool]]:
    """Every Markdown field, and whether it is rendered inline (no paragraphs)."""
    for _, statement in content.statements():
        yield statement.text, False
    for profile in content.profiles:
        yield profile.summary, False
        for _, value in profile.fields:
            if isinstance(value, Md):
                yield value, True
            elif isinstance(value, (list, tuple)):
                yield from ((v, True) for v in value if isinstance(v, Md))
    for term in content.terms:
        yield term.definition, False
    for comparison in content.comparisons:
        yield comparison.note, False
        yield from ((a.says, False) for a in comparison.accounts if a.says is not None)


def link(content: Content, md: MarkdownIt, cache: LinkCache | None = None,
         quotes: QuoteCache | None = None,
         checked: MarkdownCache | None = None) -> tuple[Graph, list[Diagnostic]]:
    """Resolve everything; with caches, articles whose text and the names are unchanged are
    not matched and rendered again, quotes are not searched for again in unchanged articles,
    and unchanged Markdown fields are not parsed again to be checked."""
    linker = Linker(content, md, cache, quotes, checked)
    graph = linker.link()
    return graph, linker.diagnostics


