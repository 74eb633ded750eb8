"""Stage 4: turn the page views into files. Pure: gives {path: file}, writes nothing.

    render(batches, theme, memo, reuse) -> parts of {path: bytes | Reused}, in the order
                                           they can be written

A page's key is the digest of its view and of the theme; the memo keeps the digest of the bytes
each key gave (space "page"). A page whose key is known, and whose bytes an earlier output
still holds (`reuse`), is taken from there instead of being rendered again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, NamedTuple, Sequence

from generator import urls
from generator.content.model import Content
from generator.linking.link import Graph
from generator.memo import Memo, Shared, key
from generator.parallel import Aside, run_all, stream_paced
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
Batch = Callable[[], Sequence[PageView]]  # makes the views of a batch of pages


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


class Member(NamedTuple):
    """A page to give: its view, or its file if another process has settled it already."""

    path: str
    key: str  # of its view (page_keys)
    view: PageView | None
    data: FileData | None = None  # the file `settle` gave, when view is None
    rendered: bool = False  # whether `settle` rendered it (else an earlier output held it)


def stream_pages(members: Sequence[Member], theme: Templates, memo: Memo, reuse: Reuse | None,
                 stats: RenderStats, workers: int = 1) -> Iterator[dict[str, FileData]]:
    """The file of every page, in parts: the pages taken from an earlier output first, then
    the others a few at a time as they are rendered, so that they can be written while the
    rest is rendered."""
    found: dict[str, FileData] = {}
    made: dict[str, FileData] = {}
    todo: list[tuple[str, str, PageView]] = []
    for path, page_key, view, data, rendered in members:
        if rendered and isinstance(data, bytes):
            made[path] = data
            memo.put("page", page_key, stats.digests.setdefault(path, file_digest(data)))
            stats.rendered += 1
            continue
        if data is not None:
            memo.find("page", page_key)  # known, as it was where it was settled
            found[path] = data
            stats.reused += 1
            continue
        assert view is not None
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


def settle(views: Sequence[PageView], theme: Templates, memo: Memo, reuse: Reuse | None,
           workers: int = 1) -> list[Member]:
    """Every view's page settled: its key, and its file (from an earlier output, or
    rendered). What it does to the memo and the stats, stream_pages() does again with the
    members it gives, where they are used."""
    keys = page_keys(views, theme, memo, workers)
    members = [Member(view.page.path, page_key, view) for view, page_key in zip(views, keys)]
    stats = RenderStats()
    files = {path: data for part in stream_pages(members, theme, memo, reuse, stats, workers)
             for path, data in part.items()}
    return [Member(member.path, member.key, None, files[member.path],
                   member.path in stats.digests) for member in members]


def extras(content: Content, graph: Graph, theme: Templates, base_url: str | None,
           memo: Memo) -> dict[str, FileData]:
    """What is not a page: assets, the feed and the data export (with a base URL, listing()
    adds the sitemap and robots.txt)."""
    files: dict[str, FileData] = {asset.path: asset.data for asset in theme.assets.values()}
    files[urls.feed()] = atom_feed(content.site, content.articles, graph.texts, base_url)
    files[urls.entities()] = entities_json(content, graph, base_url, memo)
    return files


def listing(base_url: str | None, pages: Sequence[str]) -> dict[str, FileData]:
    """With a base URL, the sitemap of the pages and robots.txt; else nothing."""
    if not base_url:
        return {}
    listed = [p for p in pages if p.endswith(".html") and p != urls.search()]
    return {"sitemap.xml": sitemap(listed, base_url), "robots.txt": robots(base_url)}


def render(content: Content, graph: Graph, batches: Sequence[Batch], theme: Templates,
           memo: Memo, base_url: str | None, reuse: Reuse | None = None,
           stats: RenderStats | None = None, workers: int = 1,
           group: Callable[[str], str] = lambda path: "",
           early: Callable[[str], bool] = lambda name: False
           ) -> Iterator[tuple[str, dict[str, FileData]]]:
    """Every file of the site, in parts: the pages of each group `group` names, one group
    after the other (so that work needing a group, such as its search bundle, can start
    while the next is rendered), those with pages not rendered before first, then
    everything else, in parts named "" (a few pages each, then what is not a page).

    The views come in batches, each a function that makes them. With workers, every batch
    but the first is made, keyed and rendered by a forked process (settle) while this one
    makes and renders the first; else each is made once the groups of the batch before are
    out. A group `early` names has all its pages in one batch, and is given as soon as that
    batch is in, if it has pages not rendered before."""
    stats = stats if stats is not None else RenderStats()
    groups: dict[str, list[Member]] = {}
    given: dict[str, int] = {}  # the members of each group given so far
    paths: list[str] = []

    def pages(name: str) -> Iterator[dict[str, FileData]]:  # a group's files not yet given
        members = groups.get(name, [])
        start, given[name] = given.get(name, 0), len(members)
        return stream_pages(members[start:], theme, memo, reuse, stats, workers)

    def part(name: str) -> dict[str, FileData]:  # a group's files, in one part
        return {path: data for found in pages(name) for path, data in found.items()}

    def known(name: str) -> bool:  # every page of the group rendered before
        return all(memo.find("page", member.key) is not None for member in groups[name])

    if workers > 1:
        theme.ready()  # the forked processes inherit the compiled templates

    def settled(make: Batch) -> Callable[[], list[Member]]:
        return lambda: settle(make(), theme, memo, reuse, workers)

    def take(members: Sequence[Member]) -> Iterator[tuple[str, dict[str, FileData]]]:
        for member in members:  # grouped, then the early groups given at once
            groups.setdefault(group(member.path), []).append(member)
            paths.append(member.path)
        for name in [n for n in groups if n and n not in given and early(n) and not known(n)]:
            yield name, part(name)

    later = [Aside(settled(make), fork=workers > 1) for make in batches[1:]]
    try:
        views = batches[0]()
        yield from take([Member(view.page.path, page_key, view) for view, page_key
                         in zip(views, page_keys(views, theme, memo, workers))])
        if later:  # in no group: given while the other batches are settled
            for found in pages(""):
                yield "", found
        files = extras(content, graph, theme, base_url, memo)  # likewise
        for aside in later:
            yield from take(aside.result())
    finally:
        for aside in later:
            aside.stop()
    # groups with pages to render first: work that waits on them (indexing a search bundle)
    # then runs while the rest is taken from the last build
    for name in sorted((n for n in groups if n and n not in given), key=known):
        yield name, part(name)
    # the rest a few pages at a time, each written while the next are rendered
    for found in pages(""):
        yield "", found
    yield "", files | listing(base_url, paths)
