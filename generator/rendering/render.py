"""Stage 4: turn the page views into files. Pure: gives {path: file}, writes nothing.

    render(views, theme, memo, reuse) -> parts of {path: bytes | Reused}, in the order
                                         they can be written

A page's key is the digest of its view and of the theme; the memo keeps the digest of the bytes
each key gave (space "page"). A page whose key is known, and whose bytes an earlier output
still holds (`reuse`), is taken from there instead of being rendered again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from generator import urls
from generator.content.model import Content
from generator.linking.link import Graph
from generator.memo import Memo, Shared, key
from generator.parallel import run_all, stream_paced
from generator.rendering.export import entities_json
from generator.rendering.feeds import atom_feed, robots, sitemap
from generator.rendering.theme import Templates
from generator.rendering.views import HomeView, PageView, ProfileView

WORTH_FORKING = 0.15  # seconds of rendering here that forked workers are worth starting for
PROBE = 4  # pages rendered here first, to tell the pace of the rest
MIN_KEYED = 2000  # pages whose keys are worth forked workers (a key costs far less than a page)
KEYS_PER_JOB = 50  # pages whose keys one job works out
PAGES_PER_PART = 50  # pages rendered and given at a time (written while the rest are rendered)


@dataclass(frozen=True)
class Reused:
    """A file an earlier output holds with exactly the bytes this build would write."""

    digest: str  # of the bytes
    path: Path  # where they are


FileData = bytes | Reused
Reuse = Callable[[str, str], FileData | None]  # (path, digest of its bytes) -> the file, if held


def file_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def digest_of(data: FileData) -> str:
    return data.digest if isinstance(data, Reused) else file_digest(data)


@dataclass
class RenderStats:
    rendered: int = 0
    reused: int = 0
    digests: dict[str, str] = field(default_factory=dict)  # of each page rendered, by path


def page_keys(views: Sequence[PageView], theme: Templates, memo: Memo,
              workers: int = 1) -> list[str]:
    """Each page's key: the digest of its view and of the theme (by forked workers when
    there are many)."""
    shared = Shared(memo, ("article",))
    chunks = [views[start:start + KEYS_PER_JOB] for start in range(0, len(views), KEYS_PER_JOB)]
    jobs = [lambda chunk=chunk: [key(view, theme.digest, shared=shared) for view in chunk]
            for chunk in chunks]
    return [found for chunk in run_all(jobs, workers, MIN_KEYED // KEYS_PER_JOB)
            for found in chunk]


def drawing_cost(view: PageView) -> int:
    """A guess at how long a page takes, to start the longest first: the places on its map
    (a map takes far longer than the rest of a page, the more so the more of the world it
    shows, as the home page's map of every place does)."""
    drawn = view.map if isinstance(view, (HomeView, ProfileView)) else None
    return len(drawn.places) if drawn is not None else 0


def stream_pages(views: Sequence[PageView], keys: Sequence[str], theme: Templates, memo: Memo,
                 reuse: Reuse | None, stats: RenderStats, workers: int = 1
                 ) -> Iterator[dict[str, FileData]]:
    """The file of every view (with its key), in parts: the pages taken from an earlier output
    first, then the others a few at a time as they are rendered, so that they can be written
    while the rest is rendered."""
    found: dict[str, FileData] = {}
    todo: list[tuple[str, str, PageView]] = []
    for view, page_key in zip(views, keys):
        path = view.page.path
        digest = memo.find("page", page_key)
        held = reuse(path, digest) if digest is not None and reuse is not None else None
        if held is not None:
            found[path] = held
            stats.reused += 1
        else:
            todo.append((path, page_key, view))
    if found:
        yield found
    theme.compile(view.TEMPLATE for _, _, view in todo)
    jobs = [lambda view=view: theme.render(view) for _, _, view in todo]
    costs = [drawing_cost(view) for _, _, view in todo]
    made: dict[str, FileData] = {}
    for number, data in stream_paced(jobs, workers, WORTH_FORKING, PROBE, costs):
        path, page_key, _ = todo[number]
        made[path] = data
        digest = stats.digests[path] = file_digest(data)
        memo.put("page", page_key, digest)
        stats.rendered += 1
        if len(made) >= PAGES_PER_PART:
            yield made
            made = {}
    if made:
        yield made


def extras(content: Content, graph: Graph, theme: Templates, base_url: str | None,
           pages: Sequence[str], memo: Memo) -> dict[str, FileData]:
    """What is not a page: assets, the feed, the data export, and with a base URL the
    sitemap and robots.txt."""
    files: dict[str, FileData] = {asset.path: asset.data for asset in theme.assets.values()}
    files[urls.feed()] = atom_feed(content.site, content.articles, graph.texts, base_url)
    files[urls.entities()] = entities_json(content, graph, base_url, memo)
    if base_url:
        listed = [p for p in pages if p.endswith(".html") and p != urls.search()]
        files["sitemap.xml"] = sitemap(listed, base_url)
        files["robots.txt"] = robots(base_url)
    return files


def render(content: Content, graph: Graph, batches: Iterable[Sequence[PageView]],
           theme: Templates, memo: Memo, base_url: str | None, reuse: Reuse | None = None,
           stats: RenderStats | None = None, workers: int = 1,
           group: Callable[[str], str] = lambda path: "",
           early: Callable[[str], bool] = lambda name: False
           ) -> Iterator[tuple[str, dict[str, FileData]]]:
    """Every file of the site, in parts: the pages of each group `group` names, one group
    after the other (so that work needing a group, such as its search bundle, can start
    while the next is rendered), those with pages not rendered before first, then
    everything else, in parts named "" (a few pages each, then what is not a page).

    The views come in batches, each made only once the groups of the batch before are
    out: a group `early` names has all its pages in one batch, and is given as soon as that
    batch is in, if it has pages not rendered before."""
    stats = stats if stats is not None else RenderStats()
    groups: dict[str, list[tuple[PageView, str]]] = {}
    views: list[PageView] = []
    done: set[str] = set()

    def pages(name: str) -> Iterator[dict[str, FileData]]:  # a group's files, in parts
        done.add(name)
        members = groups.get(name, [])
        return stream_pages([v for v, _ in members], [k for _, k in members], theme, memo,
                            reuse, stats, workers)

    def part(name: str) -> dict[str, FileData]:  # a group's files, in one part
        return {path: data for found in pages(name) for path, data in found.items()}

    def known(name: str) -> bool:  # every page of the group rendered before
        return all(memo.find("page", page_key) is not None for _, page_key in groups[name])

    for batch in batches:
        for view, page_key in zip(batch, page_keys(batch, theme, memo, workers)):
            groups.setdefault(group(view.page.path), []).append((view, page_key))
        views += batch
        for name in [n for n in groups if n and n not in done and early(n) and not known(n)]:
            yield name, part(name)
    # groups with pages to render first: work that waits on them (indexing a search bundle)
    # then runs while the rest is taken from the last build
    for name in sorted((n for n in groups if n and n not in done), key=known):
        yield name, part(name)
    # the rest a few pages at a time, each written while the next are rendered
    for found in pages(""):
        yield "", found
    yield "", extras(content, graph, theme, base_url, [v.page.path for v in views], memo)
