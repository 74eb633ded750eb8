"""The one place that orders the stages; the CLI and the dev server call it.

    load(content_dir, memo)          -> Content, diagnostics      content/
    validate(content)                -> diagnostics
    link(content, memo)              -> Graph, diagnostics        linking/
    view_batches(site)               -> makers of [PageView] x 2  rendering/pages.py
    render(batches, theme, memo)     -> {path: file}              rendering/render.py
    write / index / swap                                           output/

Every stage keeps what it works out in one Memo, under a digest of its inputs; a Builder keeps
the memo between builds (in memory, and with a cache folder on disk), so a rebuild redoes only
what an edit touched, and its output is always the bytes a clean build writes.
"""

from __future__ import annotations

import gc
from functools import partial
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple

from generator.content.history import commit_dates
from generator.content.files import Scan, scan
from generator.content.load import load
from generator.content.model import Content
from generator.content.validate import validate
from generator import urls
from generator.diagnostics import Diagnostic, has_errors, sorted_diagnostics
from generator.linking.link import Graph, link
from generator.memo import Memo, key
from generator.output import codec
from generator.output.outputs import Outputs, survey
from generator.output.search import (Indexer, SearchIndexError, bundle, bundle_of, in_bundle,
                                     is_indexed)
from generator.output.saving import Saving
from generator.output.store import Store
from generator.output.folders import (cache_folder, output_folder, reason, shown,
                                      templates_folder)
from generator.output.write import Staging, tidy
from generator.rendering.context import Site
from generator.rendering.pages import early_views, view_batches
from generator.rendering.templateerrors import template_problem
from generator.rendering.render import (FileData, RenderStats, Reused, digest_of, file_digest,
                                        render)
from generator.progress import Progress
from generator.rendering.theme import Templates, default_templates, load_templates

DEFAULT_TEMPLATES = default_templates()
LAST = "last"  # in the stored output records: what the last build was made from
STANDBY = "standby"  # in the build cache: the site before the one in the output folder


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: dict[str, FileData] = field(default_factory=dict)
    content: Content | None = None
    graph: Graph | None = None
    stats: RenderStats = field(default_factory=RenderStats)
    notices: list[str] = field(default_factory=list)  # about the build, not the content
    records: dict[str, Any] | None = None  # what the output folder holds, for the next build

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


class Early(NamedTuple):
    """Pages an in-memory build gives before the rest: those open in a browser.

    Once the content is loaded and linked, the build makes those of these pages it can make
    alone (a source's or an entry's) and gives them to `send` with the theme's assets (every
    file a page needs to be shown); the editorial checks and every other page follow. What
    `send` is given is what the whole build gives for the same paths. An exception `send`
    raises stops the build."""

    paths: frozenset[str]
    send: Callable[[dict[str, bytes]], None]


@dataclass
class Builder:
    content_dir: Path
    templates_dir: Path = DEFAULT_TEMPLATES
    base_url: str | None = None
    memo: Memo = field(default_factory=Memo)
    cache_dir: Path | None = None  # where the memo is kept between processes, if anywhere
    search: bool = True  # write the search index with the site
    workers: int = 1  # processes that read articles and render pages (never in serve)
    editorial: bool = False  # builds also report editorial warnings (as check(editorial) does)
    progress: Progress = field(default_factory=Progress)  # the stage under way, for a display
    # the files of the last in-memory build, with the digest of each: what a page whose key
    # is unchanged is taken from
    previous: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    def __post_init__(self) -> None:  # a library caller may give folders as str
        self.content_dir = Path(self.content_dir)
        self.templates_dir = Path(self.templates_dir)
        self.cache_dir = Path(self.cache_dir) if self.cache_dir is not None else None

    def check(self, editorial: bool = False, found: Scan | None = None) -> BuildResult:
        """Load, validate and link everything; write nothing.

        With `editorial`, also report warnings an editor should see (unused entries, names
        that could not be linked, one-sided comparisons).
        """
        self.progress.stage("load")
        content, diagnostics = load(self.content_dir, self.memo, self.workers, found)
        result = BuildResult(diagnostics)
        if content is None:
            result.diagnostics = sorted_diagnostics(diagnostics)
            return result
        self.progress.stage("validate")
        diagnostics += validate(content)
        self.progress.stage("link")
        graph, link_diagnostics = link(content, self.memo, self.workers)
        diagnostics += link_diagnostics
        if editorial and not has_errors(diagnostics):
            diagnostics += self.editorial_checks(content, graph)
        result.diagnostics = sorted_diagnostics(diagnostics)
        result.content, result.graph = content, graph
        return result

    def editorial_checks(self, content: Content, graph: Graph) -> list[Diagnostic]:
        from generator.authoring.lint import lint  # imported only when asked for

        self.progress.stage("editorial checks")
        return lint(content, graph, self.memo)

    def build(self, out_dir: Path | str | None, early: Early | None = None) -> BuildResult:
        """Build the site into out_dir, or only in memory when out_dir is None (and then
        give the `early` pages first, if asked).

        Nothing is written unless the whole build succeeds, search index included. With a
        cache folder, the memo is read from it first and written to it after a good build.
        An output folder the build may not replace, an unusable cache or templates folder, or
        a disk that fails, is an EnvironmentProblem (see output/folders.py), raised before
        anything is written or with out_dir left as it was.
        """
        templates_folder(self.templates_dir)
        theme = load_templates(self.templates_dir)  # compiled only when a file changed
        if out_dir is None:
            return self.build_with_memo(theme, None, None, early=early)
        if self.workers > 1:  # compiled on another core while the content is read
            theme.compile_aside()
        try:
            return self.build_to(theme, out_dir)
        finally:
            theme.settle()

    def build_to(self, theme: Templates, out_dir: Path | str) -> BuildResult:
        """build() into an output folder, with the theme of the templates folder."""
        out = output_folder(out_dir, self.content_dir, self.templates_dir, self.cache_dir)
        tidy(out)  # what killed builds left, even if this one stops at the content
        if self.cache_dir is None:
            return self.build_with_memo(theme, out, None)
        cache_folder(self.cache_dir, self.content_dir, out)
        store = Store(self.cache_dir)
        # what tells whether anything changed first; the rest only if something did
        self.memo, stored = store.load(only=("status", "history"))
        outputs = Outputs.stored(out, self.cache_dir / STANDBY, stored)
        found = scan(self.content_dir, self.memo)
        history = commit_dates(self.content_dir, self.memo)
        inputs = self.inputs(found, history, theme, out)
        done = unchanged(inputs, outputs, stored.get(LAST), store.statuses())
        if done is not None:
            return done
        self.memo = store.load_rest(self.memo)
        saving = Saving(store, self.memo)
        result = self.build_with_memo(theme, out, outputs, saving, found, history)
        if store.notice:
            result.notices.append(store.notice)
        try:
            saving.wait()
            if result.ok and result.records is not None:
                result.records[LAST] = {"inputs": inputs, "memo": store.statuses(),
                                        "diagnostics": [codec.encode(d)
                                                        for d in result.diagnostics]}
                store.save_outputs(result.records)
        except OSError as exc:  # the site is in place: only the next build is slower
            result.notices.append(f"the build cache in {shown(self.cache_dir)} could not be "
                                  f"saved ({reason(exc)}): the next build starts from scratch")
        return result

    def inputs(self, found: Scan, history: dict[str, str], theme: Templates, out: Path
               ) -> str:
        """A digest of everything the site is made from but the generator and its libraries
        (a cache made by others is not used): the content files' texts (as `found`), the
        templates (`theme`), the options, the commit dates git gives (`history`), and the
        folders."""
        return key([(f.kind, f.rel, f.profile_kind, f.digest) for f in found.files],
                   [d.format() for d in found.diagnostics], sorted(found.unloaded), found.found,
                   theme.digest, self.base_url, self.search,
                   self.editorial, history, str(out.resolve()), str(self.content_dir.resolve()))

    def build_with_memo(self, theme: Templates, out_dir: Path | None, outputs: Outputs | None,
                        saving: Saving | None = None, found: Scan | None = None,
                        history: dict[str, str] | None = None, early: Early | None = None
                        ) -> BuildResult:
        """Build with the memo this Builder holds and this theme; `outputs` says what the
        output folder holds from an earlier build (files taken from it rather than written
        again); `found` and `history`, the scan of the content folder and its commit dates,
        if just made; `early`, pages to give first (in memory only)."""
        first = early if out_dir is None else None  # pages to give before the rest
        result = self.check(self.editorial and first is None, found)
        if not result.ok or result.content is None or result.graph is None:
            return result
        content, graph = result.content, result.graph
        self.progress.stage("render")
        base_url = self.base_url or content.site.base_url
        if history is None:
            history = commit_dates(self.content_dir, self.memo)
        site = Site(content, graph, base_url, history=history)
        if first is not None:
            self.send_early(site, theme, first)
            if self.editorial:
                result.diagnostics = sorted_diagnostics(
                    result.diagnostics + self.editorial_checks(content, graph))
                self.progress.stage("render")
        batches = view_batches(site)
        reuse = self.reuse_in_memory if out_dir is None else \
            outputs.reuse if outputs is not None else None
        bundles = urls.search_bundles(len(content.articles))
        # pages in parts by search bundle, so that each is indexed while the rest is rendered;
        # with no index to make, in one part (rendered by one set of workers)
        indexing = self.search and out_dir is not None
        parts = render(content, graph, batches, theme, self.memo, base_url, reuse, result.stats,
                       self.workers if out_dir is not None else 1,
                       group=lambda path: urls.search_bundle(path, bundles)
                       if indexing and is_indexed(path) else "", early=urls.is_source_bundle)
        if out_dir is None:
            try:
                for _, part in parts:
                    result.files.update(part)
            except Exception as exc:
                result.diagnostics.append(self.template_problem(exc))
                result.files = {}
                return result
            self.previous = {path: (file_digest(data), data)
                             for path, data in result.files.items() if isinstance(data, bytes)}
            self.memo.prune()
            return result
        try:
            self.write(out_dir, parts, result, outputs, saving)
        except SearchIndexError as exc:
            result.diagnostics.append(exc.diagnostic())
            return result
        except Exception as exc:
            result.diagnostics.append(self.template_problem(exc))
            result.files = {}
            return result
        if saving is None:  # else pruned already, before it was saved
            self.memo.prune()
        return result

    def template_problem(self, exc: Exception) -> Diagnostic:
        """The diagnostic for an error a template caused; any other error is raised again."""
        problem = template_problem(exc, self.templates_dir)
        if problem is None:
            raise exc
        return problem

    def send_early(self, site: Site, theme: Templates, early: Early) -> None:
        """Give `early.send` the early pages, with the theme's assets; nothing if there are
        none, or if one fails to render (the whole build then reports why)."""
        try:
            pages = {view.page.path: theme.render(view)
                     for view in early_views(site, early.paths)}
        except Exception:
            return
        if pages:
            early.send({asset.path: asset.data for asset in theme.assets.values()} | pages)

    def reuse_in_memory(self, path: str, digest: str) -> bytes | None:
        held = self.previous.get(path)
        return held[1] if held is not None and held[0] == digest else None

    def write(self, out_dir: Path, parts: Iterable[tuple[str, dict[str, FileData]]],
              result: BuildResult, outputs: Outputs | None,
              saving: Saving | None = None) -> None:
        """Stage the files aside, swap them in; each search bundle is made as soon as its
        pages are written, while the rest is rendered.

        With `outputs`, a file the output folder already holds is linked, not written, and a
        search bundle is kept when no page it indexes changed."""
        standby = outputs.standby.folder if outputs is not None and outputs.standby else None
        with Staging(out_dir, standby=standby) as staging:
            indexer = Indexer(staging.path, parallel=self.workers, more=True) \
                if self.search else None
            bundles: dict[str, str] = {}
            made: list[str] = []  # the bundles made afresh in the folder
            kept_files: dict[str, FileData] = {}  # of the bundles kept, with their digests
            try:
                for folder, part in parts:
                    if outputs is not None:
                        part = outputs.linked(part, result.stats.digests)
                    staging.write(part)
                    staging.listing()  # what a reused folder holds, listed while the rest is rendered
                    result.files.update(part)
                    if folder and indexer is not None:
                        digests = result.stats.digests
                        wanted = bundle(folder, {p: digests.get(p) or digest_of(d)
                                                 for p, d in part.items()})
                        bundles[folder] = wanted.key
                        kept = outputs.bundle(wanted) if outputs is not None else None
                        if kept is not None:
                            staging.write(kept)
                            kept_files.update(kept)
                        else:
                            staging.drop(folder, partial(in_bundle, folder=folder))
                            made.append(folder)
                            indexer.add(wanted)
                if saving is not None:  # every page is rendered: the memo is complete
                    self.memo.prune()
                    saving.start()
                # while the search bundles are made: what else the folder holds is settled
                present = staging.remove_unwritten(made_by(made))
                surveyed = survey(staging.path, present) if outputs is not None else {}
                if indexer is not None:
                    self.progress.stage("search index")
                    indexer.finish()
            except BaseException:
                if indexer is not None:
                    indexer.stop()
                raise
            staging.finish()
            if outputs is not None:
                surveyed.update(survey(staging.path, [path for folder in made
                                                      for path in staging.files(folder)
                                                      if in_bundle(path, folder)]))
                result.records = outputs.record(staging.path, result.files | kept_files,
                                                result.stats.digests, bundles, out_dir,
                                                surveyed)
            staging.swap()


def made_by(bundles: list[str]) -> Callable[[str], bool]:
    """Whether a file of the site belongs to one of these search bundles."""
    folders = set(bundles)
    return lambda path: bundle_of(path) in folders


def unchanged(inputs: str, outputs: Outputs, last: Any, memo: dict[str, list[int]]
              ) -> BuildResult | None:
    """The result of the last build, if it was made from these inputs, the output folder
    still holds exactly what it wrote and the stored memo is as it was written (`memo`: the
    status of its files now): nothing to do. Else None."""
    if not isinstance(last, dict) or last.get("inputs") != inputs or \
            last.get("memo") != memo or not memo or not outputs.site.unchanged():
        return None
    try:
        diagnostics = [codec.decode(text) for text in last.get("diagnostics", [])]
    except (codec.Unreadable, TypeError):
        return None
    if not all(isinstance(d, Diagnostic) for d in diagnostics):
        return None
    site = outputs.site
    return BuildResult(diagnostics, {path: Reused(record[0], site.folder / path)
                                     for path, record in site.files.items()})


def collect_less() -> None:
    """Tune Python's cycle collector for building: a build makes millions of small objects and
    few cycles, and a full collection walks every object alive, the memo included. What is
    alive now is collected once and then set aside from collection (call again once a build's
    memo is in place: a server calls it after each rebuild), and collections run far less
    often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def check(content_dir: Path | str, editorial: bool = False,
          progress: Progress | None = None) -> BuildResult:
    """A one-off check."""
    builder = Builder(Path(content_dir), progress=progress or Progress())
    result = builder.check(editorial)
    builder.progress.done()
    return result


def build(content_dir: Path | str, out_dir: Path | str | None,
          templates_dir: Path | str = DEFAULT_TEMPLATES, base_url: str | None = None,
          cache_dir: Path | str | None = None, search: bool = True, workers: int = 1,
          progress: Progress | None = None) -> BuildResult:
    """A one-off build: clean, or from the on-disk memo in cache_dir if given.

    Folders may be given as Path or str; templates_dir holds the project's own templates,
    which override the defaults file by file (see rendering/theme.py).
    """
    builder = Builder(Path(content_dir), Path(templates_dir), base_url,
                      cache_dir=Path(cache_dir) if cache_dir is not None else None,
                      search=search, workers=workers, progress=progress or Progress())
    result = builder.build(out_dir)  # as given: an empty string is refused, not taken for "."
    builder.progress.done()
    return result
