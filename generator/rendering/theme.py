"""The templates and static files a site is drawn with, and the helpers templates may call.

Templates receive one frozen view (`v`, with `page` = its common part) and helpers that are
pure functions of the page's own path: `url()`, `asset()`, and the `md`/`inline` filters that
render the Markdown of a view's Text. Nothing else reaches a template.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from markdown_it import MarkdownIt

from generator import urls
from generator.markdown import RenderEnv, make_markdown
from generator.memo import key
from generator.rendering.parts import Text, display_date


@dataclass(frozen=True)
class Asset:
    path: str  # with a digest of its content in the name, relative to the site root
    data: bytes


class Theme:
    """A templates folder: its compiled templates, its static files, and a digest of both
    (part of every page's key)."""

    def __init__(self, templates_dir: Path, files: tuple[tuple[str, bytes], ...]) -> None:
        self.dir = templates_dir
        self.digest = key(files)
        # compiled from the bytes the digest was made of, never read again from the folder
        templates = {name: data.decode("utf-8") for name, data in files
                     if name.endswith(".html")}
        self.env = jinja2.Environment(
            loader=jinja2.DictLoader(templates), autoescape=True,
            undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            keep_trailing_newline=True, auto_reload=False)
        self.env.filters["date"] = display_date
        self.assets = _assets(files)
        self.md = make_markdown()

    def render(self, view: Any) -> bytes:
        """The page of a view."""
        page = view.page
        path = page.path
        texts = _PageMarkdown(self.md, urls.prefix(path))

        def url(target: str) -> str:
            return urls.relative(path, target)

        def asset(name: str) -> str:
            return url(self.assets[name].path)

        html = self.env.get_template(view.TEMPLATE).render(
            v=view, page=page, url=url, asset=asset, md=texts.block, inline=texts.inline)
        return html.encode("utf-8")


class _PageMarkdown:
    """Renders the Markdown texts of one page, numbering glossary tooltips across the page."""

    def __init__(self, md: MarkdownIt, prefix: str) -> None:
        self.md = md
        self.env = RenderEnv(resolve=lambda _: None, prefix=prefix)

    def _env(self, text: Text) -> dict[str, RenderEnv]:
        links = {target.id: target for target in text.links}
        self.env.resolve = links.get
        return {"briefing": self.env}

    def block(self, text: Text | None) -> Markup:
        if text is None or not text.source:
            return Markup("")
        return Markup(self.md.render(text.source, self._env(text)))

    def inline(self, text: Text | str | None) -> Markup:
        if text is None:
            return Markup("")
        if isinstance(text, str):
            text = Text(text)
        return Markup(self.md.renderInline(text.source, self._env(text)))


def _assets(files: tuple[tuple[str, bytes], ...]) -> dict[str, Asset]:
    """Static files with a digest of their content in their name, by their plain name."""
    assets = {}
    for name, data in files:
        folder, _, plain = name.rpartition("/")
        if folder == "static":
            stem, dot, suffix = plain.rpartition(".")
            digest = hashlib.sha256(data).hexdigest()[:10]
            assets[plain] = Asset(f"assets/{stem}.{digest}{dot}{suffix}" if dot else
                                  f"assets/{plain}.{digest}", data)
    return assets


@lru_cache(maxsize=4)
def _theme(templates_dir: Path, files: tuple[tuple[str, bytes], ...]) -> Theme:
    return Theme(templates_dir, files)


def load_theme(templates_dir: Path) -> Theme:
    """The Theme of a templates folder, compiled again only when a file in it changes."""
    files = tuple(sorted((p.relative_to(templates_dir).as_posix(), p.read_bytes())
                         for p in templates_dir.rglob("*") if p.is_file())) \
        if templates_dir.is_dir() else ()
    return _theme(templates_dir, files)
