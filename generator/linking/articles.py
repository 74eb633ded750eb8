"""Reading an article's body: its numbered blocks, and each block's HTML with the first mention
of every name per section linked. (Blocks and mentions are named tuples: a large archive has
hundreds of thousands of them, and they are quick to make and to store.)

    read_article(article, md, matcher, resolve) -> ArticleText

Mentions are found by one compiled matcher over markdown-it's text tokens (never inside
headings, links or code), so what the reader sees linked is exactly what is counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterable, NamedTuple

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator import urls
from generator.content.model import Article
from generator.diagnostics import Diagnostic, Loc, error, warning
from generator.linking.textmatch import NameMatcher
from generator.markdown import PROBLEMS, LinkTarget, MarkdownProblem, RenderEnv, plain_text


class Block(NamedTuple):
    """A top-level block of an article body: a numbered paragraph or an unnumbered heading."""

    kind: str  # "para" or "heading"
    number: int  # paragraph number from 1; 0 for headings
    text: str  # plain text, as rendered
    line: int  # line in the article file
    section: int  # index of the section the block belongs to


class Mention(NamedTuple):
    article: str
    paragraph: int
    target: str
    name: str  # the words that matched
    linked: bool


@dataclass(frozen=True)
class ArticleText:
    """What an article's body holds, as the linker read it."""

    blocks: tuple[Block, ...]
    html: tuple[str, ...]  # each block rendered, mentions linked, in block order
    mentions: tuple[Mention, ...]  # by paragraph, then as first found
    diagnostics: tuple[Diagnostic, ...] = ()

    @cached_property
    def paragraphs(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind == "para")

    @cached_property
    def numbers(self) -> dict[str, tuple[int, ...]]:
        """The numbers of the paragraphs that mention each entry."""
        return {target: tuple(m.paragraph for m in items)
                for target, items in self.by_target.items()}

    @cached_property
    def by_target(self) -> dict[str, tuple[Mention, ...]]:
        """The mentions of each entry, in paragraph order."""
        found: dict[str, list[Mention]] = {}
        for mention in self.mentions:
            items = found.get(mention.target)
            if items is None:
                found[mention.target] = [mention]
            else:
                items.append(mention)
        return {target: tuple(items) for target, items in found.items()}


def read_article(article: Article, md: MarkdownIt, matcher: NameMatcher,
                 resolve: Callable[[str], LinkTarget | None]) -> ArticleText:
    """Parse the body, number its blocks and render each with its mentions linked."""
    env: dict[str, list[MarkdownProblem]] = {}
    tokens = md.parse(article.body, env)
    problems = [error(Loc(article.path, article.body_line + p.line, p.col + 1), p.code,
                      p.message) for p in env.get(PROBLEMS, [])]
    problems += [warning(Loc(article.path, article.body_line + line, col), "wikilink-in-article",
                         f"{written} is shown as written: an article is source text, kept as it "
                         "was published, so it holds no [[id]] links (the names in it are "
                         "linked by themselves)")
                 for line, col, written in source_wikilinks(tokens, article.body)]
    spans = list(_split(tokens))
    blocks = split_blocks(tokens, article.body_line, spans)
    if not any(b.kind == "para" for b in blocks):
        problems.append(error(Loc(article.path, article.body_line), "empty",
                              "the article has no text after its front matter: paste the "
                              "article's text below it, one paragraph after another"))
    render_env = {"briefing": RenderEnv(resolve=resolve,
                                        prefix=urls.prefix(urls.source(article.id)),
                                        tip_prefix="term")}
    html: list[str] = []
    mentions: dict[tuple[int, str], Mention] = {}
    linked: set[str] = set()
    section = -1
    for block, (start, end, _, _) in zip(blocks, spans):
        if block.section != section:
            section, linked = block.section, set()
        run = tokens[start:end]
        if block.kind == "para":
            for token in run:
                _mark_mentions(token, matcher, linked, block.number, article.id, mentions)
        html.append(md.renderer.render(run, md.options, render_env))
    return ArticleText(blocks, tuple(html), tuple(mentions.values()), tuple(problems))


def source_wikilinks(tokens: list[Token], body: str) -> list[tuple[int, int, str]]:
    """Turn every `[[id]]` of an article body back into the text it was written as, and give
    (0-based line in the body, 1-based column, text) of each."""
    lines = body.split("\n")
    found = []
    for token in tokens:
        if token.type != "inline" or not token.map or not token.children:
            continue
        line = token.map[0]
        for index, child in enumerate(token.children):
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "wikilink":
                col = lines[line].find(child.content) + 1 if line < len(lines) else 0
                found.append((line, max(col, 1), child.content))
                token.children[index] = Token("text", "", 0, content=child.content)
    return found


def _split(tokens: list[Token]) -> Iterable[tuple[int, int, int, int]]:
    """(start, end, section, paragraph number) of each top-level block: headings start
    sections and are not numbered; a thematic break is neither."""
    number = section = index = 0
    while index < len(tokens):
        token = tokens[index]
        end = index + 1
        if token.nesting == 1:
            depth = 1
            while depth and end < len(tokens):
                depth += tokens[end].nesting
                end += 1
        if token.type == "heading_open":
            section += 1
            yield index, end, section, 0
        elif token.type != "hr":
            number += 1
            yield index, end, section, number
        index = end


def split_blocks(tokens: list[Token], first_line: int,
                 spans: list[tuple[int, int, int, int]] | None = None) -> tuple[Block, ...]:
    """The top-level blocks of a body's tokens (the body starting on first_line)."""
    blocks = []
    for start, end, section, number in spans if spans is not None else _split(tokens):
        token = tokens[start]
        line = first_line + (token.map[0] if token.map else 0)
        blocks.append(Block("para" if number else "heading", number,
                            plain_text(tokens[start:end]), line, section))
    return tuple(blocks)


def _mark_mentions(token: Token, matcher: NameMatcher, linked: set[str], paragraph: int,
                   article: str, mentions: dict[tuple[int, str], Mention]) -> None:
    """Mark the mentions in an inline token's text children (the token is this parse's own:
    it is changed in place)."""
    if token.type != "inline" or not token.children:
        return
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
            found = (paragraph, target)
            if found not in mentions or (first and not mentions[found].linked):
                mentions[found] = Mention(article, paragraph, target, name, first)
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
    token.children = children
