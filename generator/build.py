"""The one place that orders the stages; the CLI and the dev server call it.

A `Builder` keeps what earlier builds computed (parsed files, linked articles, rendered pages),
each keyed by the inputs it came from, so a rebuild after an edit redoes only what the edit
touches. Its output is always identical to a clean build's. With a `cache_dir`, those caches
also outlive the process (see diskcache.py): the next `briefing build` starts from them.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator.output import diskcache
from generator.diagnostics import (Diagnostic, EnvironmentProblem, Loc, has_errors,
                                   sorted_diagnostics, warning)
from generator.linking.link import Graph, LinkCache, MarkdownCache, QuoteCache, link
from generator.authoring.lint import lint
from generator.content.load import ParseCache, StatCache, load
from generator.markdown import make_markdown
from generator.content.model import Content
from generator.rendering.render import (ArticleCache, PageCache, RenderStats, make_environment, render,
                              render_parts)
from generator.output.search import Indexer, SearchIndexError, is_indexed
from generator.content.validate import validate
from generator.output.folders import cache_folder, output_folder, shown, templates_folder
from generator.output.write import FileData, Previous, Staging, tidy

DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: dict[str, FileData] = field(default_factory=dict)
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
    stat_cache: StatCache = field(default_factory=dict)  # files known unchanged by their status
    link_cache: LinkCache = field(default_factory=dict)
    quote_cache: QuoteCache = field(default_factory=dict)
    markdown_cache: MarkdownCache = field(default_factory=dict)
    page_cache: PageCache = field(default_factory=dict)
    article_cache: ArticleCache = field(default_factory=ArticleCache)
    jinja: jinja2.Environment | None = None  # compiled templates, reloaded when they change
    cache_dir: Path | None = None  # where the caches are kept between processes, if anywhere
    search: bool = True  # write the search index with the site
    workers: int = 1  # processes that render a large site's pages (never in serve: threads)

    def check(self, editorial: bool = False) -> BuildResult:
        """Load, validate and link everything; write nothing.

        With `editorial`, also report warnings an editor should see (unused entries, names
        that could not be linked, one-sided comparisons).
        """
        md = make_markdown()
        content, diagnostics = load(self.content_dir, md, self.parse_cache, self.stat_cache)
        result = BuildResult(diagnostics)
        if content is None:
            result.diagnostics = sorted_diagnostics(diagnostics)
            return result
        diagnostics += validate(content)
        graph, link_diagnostics = link(content, md, self.link_cache, self.quote_cache,
                                        self.markdown_cache)
        diagnostics += link_diagnostics
        if editorial and not has_errors(diagnostics):
            diagnostics += lint(content, graph)
        result.diagnostics = sorted_diagnostics(diagnostics)
        result.content, result.graph = content, graph
        return result

    def build(self, out_dir: Path | None) -> BuildResult:
        """Build the site into out_dir (or only in memory when out_dir is None).

        Nothing is written unless the whole build succeeds, search index included. An output
        folder the build may not replace, an unusable cache or templates folder, or a disk that
        fails, is an EnvironmentProblem (see output/folders.py), and out_dir is left as it was.
        """
        templates_folder(self.templates_dir)
        try:
            if out_dir is not None:
                out_dir = output_folder(out_dir, self.content_dir, self.templates_dir,
                                        self.cache_dir)
                tidy(out_dir)  # even when there turns out to be nothing to write
                if self.cache_dir is not None:
                    cache_folder(self.cache_dir, self.content_dir, out_dir)
                    return self.build_cached(out_dir, self.cache_dir)
            return self.build_in_memory(out_dir)
        except jinja2.TemplateNotFound as exc:
            raise EnvironmentProblem(
                f"the templates folder {shown(self.templates_dir)} has no {exc.name}, which the "
                "build needs: add it (the default templates are in the templates/ folder of "
                "Briefing), or leave out --templates") from None

    def build_cached(self, out_dir: Path, cache_dir: Path) -> BuildResult:
        """Build with the on-disk cache: start from what the last build stored, store anew.

        With nothing changed since that build and its output intact, nothing is done at all.
        """
        out_dir = out_dir.absolute()
        key = diskcache.cache_key(self.templates_dir, (self.base_url, str(out_dir), self.search))
        before = diskcache.fingerprint(self.content_dir)
        manifest = diskcache.load_manifest(cache_dir, key)
        if manifest is not None:
            if manifest.fingerprint == before and diskcache.exactly(out_dir, manifest.outputs):
                result = BuildResult(list(manifest.diagnostics),
                                     {path: Previous(out_dir / path) for path in manifest.outputs})
                result.stats.reused = sum(1 for k, _, _ in manifest.outputs.values() if k)
                return result
            items = diskcache.load_items(cache_dir, key)
            if items is not None:
                for file_key, item in items.parse_cache.items():
                    self.parse_cache.setdefault(file_key, item)
                for link_key, linked in items.link_cache.items():
                    self.link_cache.setdefault(link_key, linked)
                for quote_key, matches in items.quote_cache.items():
                    self.quote_cache.setdefault(quote_key, matches)
                for text_key, problems in items.markdown_cache.items():
                    self.markdown_cache.setdefault(text_key, problems)
                self.article_cache.adopt(items.article_cache)
            for path, page_key in diskcache.intact(out_dir, manifest.outputs).items():
                if page_key and path not in self.page_cache:
                    self.page_cache[path] = (page_key, Previous(out_dir / path))
        result = self.build_in_memory(out_dir)
        if result.ok:
            keys = {path: self.page_cache[path][0] if path in self.page_cache else ""
                    for path in result.files}
            for path in diskcache.walk(out_dir):  # what the site gained after rendering
                keys.setdefault(path, "")         # (the search index): kept, never reused
            after = diskcache.fingerprint(self.content_dir)
            try:
                diskcache.save(cache_dir, diskcache.Manifest(
                    key, before if before == after else "",
                    diskcache.record_outputs(out_dir, keys), result.diagnostics),
                    diskcache.Items(key, self.parse_cache, self.link_cache, self.quote_cache,
                                    self.markdown_cache, self.article_cache))
            except OSError as exc:  # the site is in place: only the next build is slower
                result.diagnostics.append(warning(
                    Loc(shown(cache_dir)), "cache", f"the build cache could not be saved "
                    f"({(exc.strerror or str(exc)).lower()}): the next build starts from scratch"))
        return result

    def build_in_memory(self, out_dir: Path | None) -> BuildResult:
        """Build with the caches this Builder holds, writing into out_dir if given."""
        result = self.check()
        if not result.ok or result.content is None or result.graph is None:
            return result
        if self.jinja is None:
            compiled = self.cache_dir / "templates" if self.cache_dir is not None else None
            self.jinja = make_environment(self.templates_dir, compiled)
        if out_dir is None:
            result.files = render(result.content, result.graph, make_markdown(),
                                  self.templates_dir, self.base_url, self.page_cache,
                                  result.stats, self.jinja, self.article_cache)
            return result
        parts = render_parts(result.content, result.graph, make_markdown(), self.templates_dir,
                             self.base_url, self.page_cache, result.stats, self.jinja,
                             first=is_indexed, workers=self.workers,
                             articles=self.article_cache)
        try:
            with Staging(out_dir) as staging:
                searched = next(parts)
                staging.write(searched)
                result.files.update(searched)
                # Pagefind reads those pages while the rest is rendered and written
                indexer = Indexer(staging.path) if self.search else None
                try:
                    for part in parts:
                        staging.write(part)
                        result.files.update(part)
                    if indexer is not None:
                        indexer.finish()
                except BaseException:
                    if indexer is not None:
                        indexer.stop()
                    raise
                staging.swap()
        except SearchIndexError as exc:
            result.diagnostics.append(exc.diagnostic())
        return result


def collect_less() -> None:
    """Tune Python's cycle collector for building: a build makes millions of small objects and
    few cycles, and a full collection walks every object alive, the caches a Builder keeps
    included. What is alive now is collected once and then set aside from collection (call
    again once a build's caches are in place: a server calls it after each rebuild), and
    collections run far less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def check(content_dir: Path, editorial: bool = False) -> BuildResult:
    """A one-off check with no cache."""
    return Builder(content_dir).check(editorial)


def build(content_dir: Path, out_dir: Path | None, templates_dir: Path = DEFAULT_TEMPLATES,
          base_url: str | None = None, cache_dir: Path | None = None,
          search: bool = True, workers: int = 1) -> BuildResult:
    """A one-off build: clean, or from the on-disk cache in cache_dir if given."""
    return Builder(content_dir, templates_dir, base_url, cache_dir=cache_dir,
                   search=search, workers=workers).build(out_dir)
