"""The one place that orders the stages; the CLI and the dev server call it.

A `Builder` keeps what earlier builds computed (parsed files, linked articles, rendered pages),
each keyed by the inputs it came from, so a rebuild after an edit redoes only what the edit
touches. Its output is always identical to a clean build's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator.diagnostics import Diagnostic, has_errors, sorted_diagnostics
from generator.link import Graph, LinkCache, link
from generator.lint import lint
from generator.load import ParseCache, load
from generator.markdown import make_markdown
from generator.model import Content
from generator.render import PageCache, RenderStats, make_environment, render
from generator.search import SearchIndexError, index_site
from generator.validate import validate
from generator.write import write_site

DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    content: Content | None = None
    graph: Graph | None = None
    stats: RenderStats = field(default_factory=RenderStats)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


@dataclass
class Builder:
    content_dir: Path
    templates_dir: Path = DEFAULT_TEMPLATES
    base_url: str | None = None
    parse_cache: ParseCache = field(default_factory=dict)
    link_cache: LinkCache = field(default_factory=dict)
    page_cache: PageCache = field(default_factory=dict)
    jinja: jinja2.Environment | None = None  # compiled templates, reloaded when they change

    def check(self, editorial: bool = False) -> BuildResult:
        """Load, validate and link everything; write nothing.

        With `editorial`, also report warnings an editor should see (unused entries, names
        that could not be linked, one-sided comparisons).
        """
        md = make_markdown()
        content, diagnostics = load(self.content_dir, md, self.parse_cache)
        result = BuildResult(diagnostics)
        if content is None:
            result.diagnostics = sorted_diagnostics(diagnostics)
            return result
        diagnostics += validate(content)
        graph, link_diagnostics = link(content, md, self.link_cache)
        diagnostics += link_diagnostics
        if editorial and not has_errors(diagnostics):
            diagnostics += lint(content, graph)
        result.diagnostics = sorted_diagnostics(diagnostics)
        result.content, result.graph = content, graph
        return result

    def build(self, out_dir: Path | None) -> BuildResult:
        """Build the site into out_dir (or only in memory when out_dir is None).

        Nothing is written unless the whole build succeeds, search index included.
        """
        result = self.check()
        if not result.ok or result.content is None or result.graph is None:
            return result
        if self.jinja is None:
            self.jinja = make_environment(self.templates_dir)
        result.files = render(result.content, result.graph, make_markdown(), self.templates_dir,
                              self.base_url, self.page_cache, result.stats, self.jinja)
        if out_dir is not None:
            try:
                write_site(result.files, out_dir, before_swap=index_site)
            except SearchIndexError as exc:
                result.diagnostics.append(exc.diagnostic())
        return result


def check(content_dir: Path, editorial: bool = False) -> BuildResult:
    """A one-off check with no cache."""
    return Builder(content_dir).check(editorial)


def build(content_dir: Path, out_dir: Path | None, templates_dir: Path = DEFAULT_TEMPLATES,
          base_url: str | None = None) -> BuildResult:
    """A one-off clean build with no cache."""
    return Builder(content_dir, templates_dir, base_url).build(out_dir)
