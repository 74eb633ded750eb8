"""Markdown parsing and rendering: safe links, `[[id]]` wiki links, entity and term links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from types import SimpleNamespace
from typing import Any, Callable, Sequence

from markdown_it import MarkdownIt, helpers
from markdown_it.common.utils import unescapeAll
from markdown_it.helpers import parseLinkDestination
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from generator.characters import refused_characters

ALLOWED_SCHEMES = ("http", "https", "mailto")
MAX_BLOCK_CHARS = 10_000  # the text of one paragraph, heading or table cell
MAX_NESTING = 20  # lists and quotations inside each other; markdown-it drops what is deeper
_CONTAINERS = ("blockquote_open", "list_item_open")  # blocks that hold blocks
PROBLEMS = "problems"  # key of the parse env under which refused Markdown is listed
_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_INVISIBLE_RE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")
_WIKILINK_RE = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")


@dataclass(frozen=True)
class LinkTarget:
    """Something a `[[id]]` link or a mention can point at."""

    id: str
    kind: str  # a profile kind, or "term"
    name: str
    url: str  # relative to the site root
    short: str | None = None  # tooltip text for glossary terms


@dataclass
class RenderEnv:
    """What the renderer needs to know about the page it renders for."""

    resolve: Callable[[str], LinkTarget | None]
    prefix: str = ""  # path from the page to the site root, e.g. "../../"
    tip_prefix: str = "tip"
    tips: int = 0

    def next_tip_id(self) -> str:
        self.tips += 1
        return f"{self.tip_prefix}-{self.tips}"


@dataclass(frozen=True)
class MarkdownProblem:
    """Something in a Markdown text that is refused rather than rendered."""

    line: int  # 0-based line of the text where the problem is
    code: str
    message: str
    col: int = 0  # 0-based column in that line


def is_safe_url(url: str) -> bool:
    """True for http, https, mailto and scheme-less (relative) URLs, however disguised."""
    cleaned = _INVISIBLE_RE.sub("", url)
    match = _SCHEME_RE.match(cleaned)
    return match is None or match.group(1).lower() in ALLOWED_SCHEMES


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = _WIKILINK_RE.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.meta = {"id": match.group(1).strip(), "label": (match.group(2) or "").strip()}
        token.content = match.group(0)
    state.pos = match.end()
    return True


def _env(env: Any) -> RenderEnv:
    assert isinstance(env, dict) and isinstance(env.get("briefing"), RenderEnv), \
        "render with env={'briefing': RenderEnv(...)}"
    found: RenderEnv = env["briefing"]
    return found


def render_target_link(target: LinkTarget, text: str, env: RenderEnv) -> str:
    href = escape(env.prefix + target.url)
    if target.kind == "term" and target.short:
        tip = env.next_tip_id()
        return (f'<span class="term"><a class="term-link" href="{href}" '
                f'aria-describedby="{tip}">{escape(text)}</a>'
                f'<span class="tip" role="tooltip" id="{tip}">{escape(target.short)}</span></span>')
    return f'<a class="ref ref-{target.kind}" href="{href}">{escape(text)}</a>'


def _render_wikilink(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    renv = _env(env)
    target = renv.resolve(token.meta["id"])
    label = token.meta["label"]
    if target is None:
        return escape(label or token.meta["id"])
    return render_target_link(target, label or target.name, renv)


def _render_mention(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    renv = _env(env)
    target = renv.resolve(token.meta["id"])
    assert target is not None
    return render_target_link(target, token.content, renv)


def _align_class(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    style = token.attrGet("style")
    if style:
        token.attrs.pop("style", None)
        align = str(style).split(":")[-1].strip()
        token.attrJoin("class", f"align-{align}")
    return self.renderToken(tokens, idx, options, env)  # type: ignore[no-any-return]


def _clip(text: str, limit: int = 60) -> str:
    shown = text.encode("unicode_escape").decode("ascii")
    return shown if len(shown) <= limit else shown[:limit - 1] + "…"


def _refused_url(url: str) -> str:
    return (f"unsafe URL '{_clip(url)}' in a link or image: only http, https, mailto and "
            "relative URLs are allowed; it is shown as plain text")


_DESTINATION_STARTS = re.compile(r"\]\(\s*|<|^ {0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*")


def _url_position(state: StateCore, url: str, lines: tuple[int, int] | None) -> tuple[int, int]:
    """Line and column of the link destination (in `lines` of the text, if it is there,
    else in a reference definition anywhere) that gives this refused URL."""
    src = state.src.split("\n")
    first, last = lines or (0, len(src))
    for numbers in (range(first, min(last, len(src))), range(len(src))):
        for number in numbers:
            line = src[number]
            for start in _DESTINATION_STARTS.finditer(line):
                at = start.end()
                if start.group() == "<":
                    end = line.find(">", at)
                    found = line[at:end] if end >= 0 else None
                else:
                    result = parseLinkDestination(line, at, len(line))
                    found = result.str if result.ok else None
                if found is not None and state.md.normalizeLink(unescapeAll(found)) == url:
                    return number, at
    return first, _indent(src[first] if first < len(src) else "")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _inline_stage(state: StateCore, refused: list[str]) -> None:
    """markdown-it's inline stage, refusing oversized blocks and noting every refused URL.

    Problems are listed in the parse env (`env["problems"]`), so the stage that parses a text
    can report them with the file and line.
    """
    problems: list[MarkdownProblem] = []
    try:
        for url in dict.fromkeys(refused):  # refused while reading reference definitions
            line, col = _url_position(state, url, None)
            problems.append(MarkdownProblem(line, "unsafe-url", _refused_url(url), col))
        lines = state.src.split("\n")
        too_deep = False
        for token in state.tokens:
            line = token.map[0] if token.map else 0
            col = _indent(lines[line]) if line < len(lines) else 0
            if token.type in _CONTAINERS and token.level >= MAX_NESTING - 1 and not too_deep:
                too_deep = True  # markdown-it drops the rest of the text from here on
                problems.append(MarkdownProblem(
                    line, "too-deep", "lists or quotations nested too deeply (at most "
                    f"{MAX_NESTING // 2 - 1} lists or {MAX_NESTING - 1} quotations inside each "
                    "other): the text from here on would be lost; flatten them", col))
            if token.type != "inline":
                continue
            if token.children is None:
                token.children = []
            if len(token.content) > MAX_BLOCK_CHARS:
                starts = lines[line].find(token.content.split("\n", 1)[0]) if line < len(lines) \
                    else -1
                col = starts if starts >= 0 else col
                problems.append(MarkdownProblem(
                    line, "too-long", f"a block of {len(token.content):,} characters; the "
                    f"limit is {MAX_BLOCK_CHARS:,}: split it into several paragraphs", col))
                token.content = ""
                continue
            refused.clear()
            state.md.inline.parse(token.content, state.md, state.env, token.children)
            span = (token.map[0], token.map[1]) if token.map else None
            for url in dict.fromkeys(refused):
                at_line, at_col = _url_position(state, url, span)
                problems.append(MarkdownProblem(at_line, "unsafe-url", _refused_url(url), at_col))
            problems.extend(MarkdownProblem(line, found.code, found.message)
                            for found in _decoded_characters(token))
    finally:
        refused.clear()
    if problems and isinstance(state.env, dict):
        state.env.setdefault(PROBLEMS, []).extend(problems)


def _decoded_characters(token: Token) -> list[Any]:
    """Refused characters that an entity (`&#x202E;`) wrote into an inline run; those written
    as they are in the source are reported where the source is read."""
    decoded = "".join(child.content + "".join(str(value) for value in child.attrs.values())
                      for child in token.children or [])
    return [found for found in refused_characters(decoded, escaped=True)
            if decoded[found.offset] not in token.content]


def _link_label_end(state: StateInline, start: int, disable_nested: bool = False) -> int:
    """Where the label of a link or image that opens at `start` ends (its `]`), or -1.

    markdown-it's parseLinkLabel, step for step, with its skipToken's look-up of positions
    already skipped done here: a run of brackets (`![![![...`) asks for each character up to
    maxNesting positions that are almost all known, and markdown-it's skipToken fetches its
    rule list and options before it looks."""
    src, end, skipped, skip = state.src, state.posMax, state.cache, state.md.inline.skipToken
    old = state.pos
    pos, level = start + 1, 1
    while pos < end:
        marker = src[pos]
        if marker == "]":
            level -= 1
            if level == 0:
                state.pos = old
                return pos
        before = pos
        if pos in skipped:
            pos = skipped[pos]
        else:
            state.pos = pos
            skip(state)
            pos = state.pos
        if marker == "[":
            if pos == before + 1:  # a `[` that is text, not the start of a token
                level += 1
            elif disable_nested:
                break
    state.pos = old
    return -1


def make_markdown() -> MarkdownIt:
    """A Markdown parser with raw HTML off, safe links only, tables and smart quotes.

    Links and images with an unsafe URL, blocks over MAX_BLOCK_CHARS and nesting deeper than
    markdown-it renders are not rendered; `markdown_problems` lists them.
    """
    md = MarkdownIt("commonmark", {"html": False, "typographer": True, "linkify": False,
                                   "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    refused: list[str] = []

    def validate_link(url: str) -> bool:
        if is_safe_url(url):
            return True
        refused.append(url)
        return False

    md.validateLink = validate_link  # type: ignore[method-assign]
    # markdown-it's helpers, but the label scan
    md.helpers = SimpleNamespace(  # type: ignore[assignment]
        **{name: getattr(helpers, name) for name in helpers.__all__ if name != "parseLinkLabel"},
        parseLinkLabel=_link_label_end)
    md.core.ruler.at("inline", lambda state: _inline_stage(state, refused))
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.add_render_rule("wikilink", _render_wikilink)
    md.add_render_rule("mention", _render_mention)
    for name in ("th_open", "td_open"):
        md.add_render_rule(name, _align_class)
    return md


def may_refuse(text: str) -> bool:
    """False when a text certainly holds nothing markdown_problems() would report, seen
    without parsing it: no link destination (`](`, `]:` or `<`), no entity (`&`, which may
    write a refused character), no block too long, and fewer characters that can open a list
    or quotation than it takes to nest too deeply."""
    if len(text) > MAX_BLOCK_CHARS or "](" in text or "]:" in text or "<" in text \
            or "&" in text:
        return True
    return sum(text.count(ch) for ch in ">-*+.)") >= MAX_NESTING - 1


def markdown_problems(md: MarkdownIt, text: str, inline: bool = False) -> list[MarkdownProblem]:
    """Everything in a Markdown text that would be refused rather than rendered."""
    env: dict[str, Any] = {}
    if inline:
        md.parseInline(text, env)
    else:
        md.parse(text, env)
    return list(env.get(PROBLEMS, []))


def plain_text(tokens: Sequence[Token]) -> str:
    """The visible text of a run of block tokens, one space between inline runs."""
    parts: list[str] = []
    for token in tokens:
        if token.type != "inline":
            continue
        run: list[str] = []
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                run.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                run.append(" ")
            elif child.type == "wikilink":
                run.append(child.meta["label"] or child.meta["id"])
            elif child.type == "image":
                run.append(child.content)
        parts.append("".join(run))
    return " ".join(p for p in parts if p)


def find_wikilinks(text: str) -> list[tuple[int, str]]:
    """(offset, id) of every `[[id]]` or `[[id|label]]` in Markdown source."""
    return [(m.start(), m.group(1).strip()) for m in _WIKILINK_RE.finditer(text)]


_BROKEN_RE = re.compile(r"\[\[[^\[\]\n]*\]{0,2}")
_CODE_SPAN_RE = re.compile(r"(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)")  # from a whole run


def broken_wikilinks(md: MarkdownIt, text: str, inline: bool = False
                     ) -> list[tuple[int, str]]:
    """(offset, text as written) of every `[[` in a Markdown text that its page would show as
    written: two `[` in a row that open no `[[id]]` or `[[id|label]]` link (a `]` or `|`
    missing, an empty id or label), not escaped (`\\[`) and not in code. The text is parsed
    only if a `[[` is left once its links are taken out."""
    if "[[" not in _WIKILINK_RE.sub("", text):
        return []
    tokens = md.parseInline(text, {}) if inline else md.parse(text, {})
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    found: dict[int, str] = {}
    for token in tokens:
        if token.type != "inline":
            continue
        begin = starts[token.map[0]] if token.map else 0
        for written in _shown_brackets(token.content):
            at = text.find(written, begin)
            found.setdefault(at if at >= 0 else begin, written)
            begin = max(begin, at + 1)
    return sorted(found.items())


def _shown_brackets(text: str) -> list[str]:
    """The broken links of one inline run of text, as written, read as the inline parser
    reads it."""
    if "[[" not in text:
        return []
    found = []
    run = 0  # the `[` shown as written just before this character
    at = 0
    while at < len(text):
        ch = text[at]
        if ch == "[":
            link = _WIKILINK_RE.match(text, at)
            if link is not None:
                run, at = 0, link.end()
                continue
            run += 1
            if run == 2:
                match = _BROKEN_RE.match(text, at - 1)
                assert match is not None
                found.append(match.group())
            at += 1
            continue
        run = 0
        if ch == "`":  # a code span, or a run of backticks shown as written
            span = _CODE_SPAN_RE.match(text, at)
            at = span.end() if span is not None else at + len(text[at:]) - \
                len(text[at:].lstrip("`"))
        else:
            at += 2 if ch == "\\" else 1
    return found
