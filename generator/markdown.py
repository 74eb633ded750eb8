"""Markdown parsing and rendering: safe links, `[[id]]` wiki links, entity and term links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Any, Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

ALLOWED_SCHEMES = ("http", "https", "mailto")
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
    return env["briefing"]


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


def make_markdown() -> MarkdownIt:
    """A Markdown parser with raw HTML off, safe links only, tables and smart quotes."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": True, "linkify": False})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    md.validateLink = is_safe_url  # type: ignore[method-assign]
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.add_render_rule("wikilink", _render_wikilink)
    md.add_render_rule("mention", _render_mention)
    for name in ("th_open", "td_open"):
        md.add_render_rule(name, _align_class)
    return md


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
