"""The templates and static files a site is drawn with: a project's own over the defaults.

The default templates ship with the generator as package data (the package
`generator.templates`, which is the repository's top-level `templates/` folder). A project's
templates folder overrides them file by file: a folder that holds one changed template, or one
static file, is enough, and every other file comes from the defaults.

Templates receive one frozen view (`v`, with `page` = its common part) and helpers that are
pure functions of the page's own path: `url()`, `asset()`, the `md`/`inline` filters that
render the Markdown of a view's Text, and `picture()`, which draws a picture the view holds
(rendering/drawing/). Nothing else reaches a template.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import marshal
import multiprocessing
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import CodeType
from typing import Any, Callable, Iterable

import jinja2
from jinja2.bccache import Bucket
from markdown_it import MarkdownIt
from markupsafe import Markup

from generator import urls
from generator.content.files import is_editor_temp
from generator.markdown import RenderEnv, make_markdown
from generator.memo import key
from generator.rendering.drawing import draw
from generator.rendering.drawing.pictures import Picture
from generator.rendering.parts import Text, display_date

STATIC = "static"  # the folder of files copied into the site as they are
ASIDE_TIMEOUT = 120.0  # seconds to wait for templates compiled aside (then: compiled here)
PACKAGE_FILES = ("__init__.py", "__pycache__")  # what makes the defaults a package, not theme


def default_templates() -> Path:
    """The folder of the default templates, inside the installed generator."""
    folder = importlib.resources.files("generator.templates")
    if not isinstance(folder, Path):  # a generator imported from a zip file
        raise RuntimeError("the generator must be installed as files, not in a zip archive")
    return folder


@dataclass(frozen=True)
class Theme:
    """Template folders in the order they are searched: the project's, then the defaults."""

    folders: tuple[Path, ...]

    def loader(self) -> jinja2.BaseLoader:
        return jinja2.FileSystemLoader([str(folder) for folder in self.folders])

    def files(self) -> dict[str, Path]:
        """Every file the theme is made of, by its path inside a folder (forward slashes),
        taken from the first folder that has it."""
        found: dict[str, Path] = {}
        for folder in self.folders:
            for path in sorted(folder.rglob("*")):
                rel = path.relative_to(folder)
                if path.is_file() and not _ignored(rel):
                    found.setdefault(rel.as_posix(), path)
        return dict(sorted(found.items()))

    def static_files(self) -> dict[str, Path]:
        """The files of the static folder by name: copied into the site as assets."""
        prefix = f"{STATIC}/"
        return {rel[len(prefix):]: path for rel, path in self.files().items()
                if rel.startswith(prefix) and "/" not in rel[len(prefix):]}


def _ignored(rel: Path) -> bool:
    return any(part in PACKAGE_FILES for part in rel.parts) or is_editor_temp(rel.name)


def theme(templates_dir: Path | str | None) -> Theme:
    """The theme of a project whose own templates are in templates_dir (None: none of its own)."""
    defaults = default_templates()
    if templates_dir is None:
        return Theme((defaults,))
    folder = Path(templates_dir)
    if not folder.is_dir():
        raise FileNotFoundError(f"templates folder not found: {folder}")
    if folder.resolve() == defaults.resolve():
        return Theme((defaults,))
    return Theme((folder, defaults))


@dataclass(frozen=True)
class Asset:
    path: str  # with a digest of its content in the name, relative to the site root
    data: bytes


ThemeFiles = tuple[tuple[str, bytes], ...]  # every file of a theme: (path inside it, bytes)


class Templates:
    """A theme's templates compiled, its static files, and a digest of all of them (part of
    every page's key). Compiled from the bytes the digest was made of: never read again."""

    def __init__(self, files: ThemeFiles, paths: tuple[tuple[str, str], ...] = ()) -> None:
        self.digest = key(files)
        templates = {name: data.decode("utf-8") for name, data in files
                     if not name.startswith(f"{STATIC}/")}
        self.env = jinja2.Environment(
            loader=_Loader(templates, dict(paths)), autoescape=True,
            undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            keep_trailing_newline=True, auto_reload=False)
        self.env.filters["date"] = display_date
        self.assets = _assets(files)
        self.md = make_markdown()
        self.aside: _Aside | None = None  # the process compile_aside() started, if it did

    def compile_aside(self) -> None:
        """Have a forked process compile every template while this one does other work
        (once: a template once compiled is kept; and where processes can be forked); the
        templates are then taken from it. Call settle() once it is no longer needed."""
        if self.aside is None and "fork" in multiprocessing.get_all_start_methods():
            self.aside = _Aside(self.env)
            self.env.bytecode_cache = self.aside

    def settle(self) -> None:
        """Stop taking templates from the process compile_aside() started; wait for it."""
        if self.aside is not None:
            self.aside.release()
            self.env.bytecode_cache = None

    def ready(self) -> None:
        """Take the templates compile_aside()'s process compiled now (waiting for it), so
        that a process forked from here has them, and never asks that process itself."""
        if self.aside is not None:
            self.aside.receive()

    def compile(self, names: Iterable[str]) -> None:
        """Compile these templates now (forked workers then share them, not compile each)."""
        for name in sorted(set(names)):
            self.env.get_template(name)

    def render(self, view: Any) -> bytes:
        """The page of a view."""
        page = view.page
        path = page.path
        texts = _PageMarkdown(self.md, urls.prefix(path))

        def url(target: str) -> str:
            return urls.relative(path, target)

        def asset(name: str) -> str:
            return url(self.assets[name].path)

        def picture(drawn: Picture | None) -> Markup:
            return draw(drawn, url)

        html = self.env.get_template(view.TEMPLATE).render(
            v=view, page=page, url=url, asset=asset, md=texts.block, inline=texts.inline,
            picture=picture)
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


class _Loader(jinja2.BaseLoader):
    """Templates from the text they were digested from, named by the file each came from (so
    that an error in one names its file and line)."""

    def __init__(self, mapping: dict[str, str], paths: dict[str, str]) -> None:
        self.mapping = mapping
        self.paths = paths

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str | None, Callable[[], bool]]:
        if template not in self.mapping:
            raise jinja2.TemplateNotFound(template)
        return self.mapping[template], self.paths.get(template), lambda: True

    def list_templates(self) -> list[str]:
        return sorted(self.mapping)


class _Aside(jinja2.BytecodeCache):
    """Templates compiled by a forked process, each taken only for the very text it was
    compiled from (the same name, file and checksum of the text); any other is compiled
    here. Nothing is read from disk: the code comes from a copy of this process."""

    def __init__(self, env: jinja2.Environment) -> None:
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=self._compile_all, args=(env, sender),
                                       name="briefing-templates", daemon=True)
        self.process.start()
        sender.close()  # else the receiver would never learn that the process ended
        self.codes: dict[tuple[str, str], CodeType] | None = None

    def _compile_all(self, env: jinja2.Environment, sender: Any) -> None:
        """In the forked process: every template that compiles, by its bucket's key and
        checksum (one that does not is left for the build to report)."""
        codes: dict[tuple[str, str], CodeType] = {}
        assert env.loader is not None
        for name in env.loader.list_templates():
            source, filename, _ = env.loader.get_source(env, name)
            try:
                codes[(self.get_cache_key(name, filename),
                       self.get_source_checksum(source))] = env.compile(source, name, filename)
            except jinja2.TemplateError:
                continue
        sender.send_bytes(marshal.dumps(codes))
        sender.close()
        # ended here: exiting as a process normally does would flush the standard streams,
        # whose locks another thread of the parent may have held when it forked
        os._exit(0)

    def receive(self) -> dict[tuple[str, str], CodeType]:
        """The code the process sent (none if it failed or took too long); waits for it."""
        if self.codes is None:
            self.codes = {}
            try:
                if self.receiver.poll(ASIDE_TIMEOUT):
                    found = marshal.loads(self.receiver.recv_bytes())
                    self.codes = {name: code for name, code in found.items()
                                  if isinstance(code, CodeType)}
            except (EOFError, OSError, ValueError, TypeError, AttributeError):
                pass
            self.receiver.close()
            self.process.join(ASIDE_TIMEOUT if self.codes else 0)  # else it failed: stop it
            if self.process.is_alive():
                self.process.kill()
                self.process.join()
        return self.codes

    def release(self) -> None:
        """Wait for the process, then drop the code it sent: each template is compiled by
        now, or was never asked for."""
        self.receive()
        self.codes = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        bucket.code = self.receive().get((bucket.key, bucket.checksum))

    def dump_bytecode(self, bucket: Bucket) -> None:
        pass  # what is compiled here is kept by the environment itself


def _assets(files: ThemeFiles) -> dict[str, Asset]:
    """Static files with a digest of their content in their name, by their plain name."""
    assets = {}
    for name, data in files:
        folder, _, plain = name.rpartition("/")
        if folder == STATIC:
            stem, dot, suffix = plain.rpartition(".")
            digest = hashlib.sha256(data).hexdigest()[:10]
            assets[plain] = Asset(f"assets/{stem}.{digest}{dot}{suffix}" if dot else
                                  f"assets/{plain}.{digest}", data)
    return assets


@lru_cache(maxsize=4)
def _compiled(files: ThemeFiles, paths: tuple[tuple[str, str], ...]) -> Templates:
    return Templates(files, paths)


def load_templates(templates_dir: Path | str | None) -> Templates:
    """The compiled theme of a project's templates folder over the defaults, compiled again
    only when a file of it changes."""
    found = theme(templates_dir).files()
    files = tuple((name, path.read_bytes()) for name, path in found.items())
    return _compiled(files, tuple((name, str(path)) for name, path in found.items()))
