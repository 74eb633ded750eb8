"""Writing is atomic: at every step of writing and swapping, a failure or a kill leaves the
previous site byte for byte or the new one complete, and the next build leaves nothing over."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from generator.diagnostics import EnvironmentProblem
from generator.output import search
from generator.output.disk import Disk, can_exchange
from generator.output.folders import MARKER, MARKER_TEXT
from generator.output.write import Staging, UnsafePath, files_in, leftovers, write_site
from generator.build import build
from generator.rendering.render import Reused, file_digest
from generator.rendering.theme import Templates
from tests.conftest import MINI, file_trees, make_tree, snapshot

KILLED = 86  # the exit status of a process killed at a step


def held(path: Path) -> Reused:
    """A file of the previous site, to be linked into the new one rather than written."""
    return Reused(file_digest(path.read_bytes()), path)


def site(folder: Path) -> dict[str, bytes]:
    """The site's files, without the marker every build writes (which is checked here)."""
    files = snapshot(folder)
    assert files.pop(MARKER) == MARKER_TEXT
    return files


def test_replaces_the_site_exactly(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"one", "old/index.html": b"old"}, out)
    write_site({"index.html": b"two", "new/index.html": b"new"}, out)
    assert site(out) == {"index.html": b"two", "new/index.html": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("bad", ["../escape.html", "/etc/passwd", "a/../../b", "a\\..\\b",
                                 MARKER])
def test_paths_outside_the_output_are_refused(tmp_path: Path, bad: str) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"keep"}, out)
    with pytest.raises(UnsafePath):
        write_site({"index.html": b"new", bad: b"x"}, out)
    assert site(out) == {"index.html": b"keep"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_full_disk_mid_write_keeps_the_old_site_and_says_what_to_do(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    write_site({f"p{i}/index.html": b"old" for i in range(8)}, out)
    before = snapshot(out)
    calls = {"n": 0}
    real = Path.write_bytes

    def full(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(EnvironmentProblem) as raised:
        write_site({f"p{i}/index.html": b"new" for i in range(8)}, out)
    monkeypatch.undo()
    written = sorted(p for p in tmp_path.glob(".site.new-*"))
    assert written == []
    assert str(raised.value).startswith(
        "cannot write the new site beside the output folder "
        f"{out}: no space left on device ({tmp_path}/.site.new-")
    assert str(raised.value).endswith(f"/p2/index.html); free some space, then try again; "
                                      f"{out} is as it was")
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_before_swap_sees_the_finished_site_and_may_add_files(tmp_path: Path) -> None:
    out = tmp_path / "site"
    seen: list[dict[str, bytes]] = []

    def add_index(staging: Path) -> None:
        seen.append(site(staging))
        (staging / "search").mkdir()
        (staging / "search/index.json").write_bytes(b"{}")

    write_site({"index.html": b"new"}, out, before_swap=add_index)
    assert seen == [{"index.html": b"new"}]
    assert site(out) == {"index.html": b"new", "search/index.json": b"{}"}


def test_a_failing_before_swap_keeps_the_old_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"old"}, out)

    def fail(staging: Path) -> None:
        (staging / "half-written").write_bytes(b"x")
        raise RuntimeError("indexer crashed")

    with pytest.raises(RuntimeError, match="indexer crashed"):
        write_site({"index.html": b"new"}, out, before_swap=fail)
    assert site(out) == {"index.html": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("bad", ["a\x00b/index.html", "a\nb/index.html", "\x1b[2J.html"])
def test_control_characters_in_paths_are_refused(tmp_path: Path, bad: str) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"keep"}, out)
    with pytest.raises(UnsafePath):
        write_site({"index.html": b"new", bad: b"x"}, out)
    assert site(out) == {"index.html": b"keep"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("pair", [("people/kim/index.html", "people/Kim/index.html"),
                                  ("caf\u00e9/index.html", "cafe\u0301/index.html")])
def test_paths_that_are_one_file_on_some_systems_are_refused(tmp_path: Path,
                                                             pair: tuple[str, str]) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"keep"}, out)
    with pytest.raises(UnsafePath, match="two files would be one on some file systems"):
        write_site({pair[0]: b"a", pair[1]: b"b"}, out)
    assert site(out) == {"index.html": b"keep"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_folder_of_other_files_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_bytes(b"my notes")
    with pytest.raises(EnvironmentProblem, match="holds files that briefing did not write"):
        write_site({"index.html": b"new"}, out)
    assert snapshot(out) == {"notes.txt": b"my notes"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_an_empty_folder_or_one_with_only_file_browser_files_is_used(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "browsed").mkdir()
    (tmp_path / "browsed/.DS_Store").write_bytes(b"x")
    for name in ("empty", "browsed"):
        write_site({"index.html": b"new"}, tmp_path / name)
        assert site(tmp_path / name) == {"index.html": b"new"}


def test_a_link_as_the_output_is_followed_and_keeps_leading_to_the_new_site(
        tmp_path: Path) -> None:
    real = tmp_path / "www" / "briefing"
    write_site({"index.html": b"old"}, real)
    link = tmp_path / "site"
    link.symlink_to(real, target_is_directory=True)
    write_site({"index.html": b"new"}, link)
    assert link.is_symlink() and link.resolve() == real
    assert site(link) == {"index.html": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "www"]
    assert sorted(p.name for p in real.parent.iterdir()) == ["briefing"]


def test_a_build_under_way_keeps_its_folder_while_another_starts(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"old"}, out)
    first = Staging(out)
    first.write({"index.html": b"first"})
    second = Staging(out)  # removes leftovers of killed builds, and only those
    assert first.path.is_dir() and second.path.is_dir()
    second.discard()
    first.swap()
    assert site(out) == {"index.html": b"first"}
    assert leftovers(out) == []


def test_leftovers_that_are_not_a_builds_are_kept(tmp_path: Path) -> None:
    out = tmp_path / "site"
    mine = tmp_path / ".site.new-mine"
    mine.mkdir()
    (mine / "notes.txt").write_bytes(b"mine")
    write_site({"index.html": b"new"}, out)
    assert snapshot(mine) == {"notes.txt": b"mine"}


def test_the_swap_is_one_exchange_on_linux(tmp_path: Path) -> None:
    """On Linux no moment passes with the output folder absent: the swap is one step."""
    if not os.uname().sysname == "Linux":
        pytest.skip("renameat2 with RENAME_EXCHANGE is Linux's")
    assert can_exchange()
    out = tmp_path / "site"
    write_site({"index.html": b"old"}, out)
    disk = Recording()
    write_site({"index.html": b"new"}, out, disk=disk)
    assert [what for what, _ in disk.steps if what in ("exchange", "rename")] == ["exchange"]


class Recording(Disk):
    """A disk that notes every step; without `exchange`, as where folders cannot be exchanged."""

    def __init__(self, exchange: bool = True) -> None:
        self.steps: list[tuple[str, Path]] = []
        self.can_exchange = exchange

    def step(self, what: str, path: Path) -> None:
        self.steps.append((what, path))

    def exchange(self, first: Path, second: Path) -> bool:
        return super().exchange(first, second) if self.can_exchange else False


class Failing(Recording):
    """A disk that raises, is interrupted or kills the process at one step."""

    def __init__(self, at: int, how: str, exchange: bool = True) -> None:
        super().__init__(exchange)
        self.at, self.how = at, how

    def step(self, what: str, path: Path) -> None:
        super().step(what, path)
        if len(self.steps) - 1 != self.at:
            return
        if self.how == "kill":
            os._exit(KILLED)  # no cleanup of any kind, as SIGKILL
        if self.how == "interrupt":
            raise KeyboardInterrupt
        raise OSError(errno.EIO, "injected failure", str(path))


def in_child(action: Any) -> int:
    """Run action in a forked process; its exit status."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            action()
        except BaseException:
            os._exit(1)
        os._exit(0)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


paths = st.lists(st.sampled_from(["index.html", "a.css", "people/index.html", "people/x/index.html",
                                  "sources/y/index.html", "pagefind/x.pf"]), unique=True,
                 min_size=1)


@given(old=paths, new=paths, reuse=st.booleans(),
       how=st.sampled_from(["raise", "interrupt", "kill"]), exchange=st.booleans(), data=st.data())
def test_a_failure_or_kill_at_any_step_keeps_one_whole_site_and_leaves_nothing(
        old: list[str], new: list[str], reuse: bool, how: str, exchange: bool,
        data: st.DataObject) -> None:
    """Any step of writing and swapping, chosen at random, fails (an error, an interrupt, or
    the process killed outright): the output is the old site byte for byte or the new one
    complete; it is never absent where folders can be exchanged; and whatever a killed build
    left over is gone after the next build."""
    exchange = exchange and can_exchange()
    with tempfile.TemporaryDirectory() as scratch:
        out, twin = Path(scratch) / "site", Path(scratch) / "twin"
        for folder in (out, twin):
            write_site({path: b"old " + path.encode() for path in old}, folder)
        before = snapshot(out)

        def files(folder: Path) -> dict[str, Any]:
            made: dict[str, Any] = {path: b"new " + path.encode() for path in new}
            if reuse:  # files of the previous site, linked rather than written
                made.update({path: held(folder / path) for path in old if path not in made})
            return made

        steps = Recording(exchange)  # the steps of the same write, unfailed, on a twin
        write_site(files(twin), twin, disk=steps)
        at = data.draw(st.sampled_from(range(len(steps.steps))), label="failing step")
        fail_and_recover(out, files(out), Failing(at, how, exchange), before, snapshot(twin),
                         steps.steps[at][0])


def fail_and_recover(out: Path, files: dict[str, Any], disk: Failing, before: dict[str, bytes],
                     after: dict[str, bytes], step: str) -> None:
    """Write with a disk that fails at a step; check what is left, build again, check that."""
    status = in_child(lambda: write_site(files, out, disk=disk))
    assert status == (KILLED if disk.how == "kill" else 1)
    if out.exists():
        assert snapshot(out) in (before, after)
    else:  # only between the two renames, where folders cannot be exchanged
        assert not disk.can_exchange and disk.how == "kill" and step == "rename"
    if disk.how != "kill" and step not in ("exchange", "rename", "remove"):
        assert snapshot(out) == before and leftovers(out) == []  # failed before the swap
    write_site({"index.html": b"next"}, out)
    assert site(out) == {"index.html": b"next"}
    assert leftovers(out) == []


@pytest.mark.parametrize("how", ["raise", "interrupt", "kill"])
@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_every_step_in_turn(tmp_path: Path, how: str, exchange: bool) -> None:
    """The same, at each step in turn of one write, so that no step is ever missed."""
    exchange = exchange and can_exchange()
    old = {"index.html": b"old", "people/index.html": b"old people", "gone.css": b"gone"}
    new = {"index.html": b"new", "people/a/index.html": b"a"}
    steps = Recording(exchange)
    write_site(old, tmp_path / "twin")
    write_site({**new, "people/index.html": held(tmp_path / "twin/people/index.html")},
               tmp_path / "twin", disk=steps)
    after = snapshot(tmp_path / "twin")
    assert len(steps.steps) >= 8
    for at, (step, _) in enumerate(steps.steps):
        out = tmp_path / f"site-{at}"
        write_site(old, out)
        fail_and_recover(out, {**new, "people/index.html": held(out / "people/index.html")},
                         Failing(at, how, exchange), snapshot(out), after, step)


def site_of(files: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in files.items() if path != MARKER}


def _recorded(init: Any, started: list[search.Indexer]) -> Any:
    def wrapper(self: search.Indexer, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        started.append(self)
    return wrapper


@pytest.mark.parametrize("stage", ["render", "write"])
def test_a_failure_at_any_page_of_a_build_keeps_the_old_site(
        tmp_path: Path, mini: Path, monkeypatch: pytest.MonkeyPatch, stage: str) -> None:
    """Fail a build of changed content once at every page in turn, rendering or writing."""
    out = tmp_path / "site"
    assert build(MINI, out).ok
    before = snapshot(out)
    site_yaml = mini / "site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("Test Briefing", "Changed Briefing"))
    files = build(mini, None).files
    count = sum(p.endswith(".html") for p in files) if stage == "render" else len(files) + 1
    assert count > 10
    indexed = 0  # failures that came while Pagefind was indexing
    for fail_at in range(count):
        calls = {"n": 0}

        def fail_once(real: Any) -> Any:
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                if calls["n"] == fail_at:
                    raise RuntimeError(f"injected failure at {stage} of page {fail_at}")
                calls["n"] += 1
                return real(*args, **kwargs)
            return wrapper

        if stage == "render":
            monkeypatch.setattr(Templates, "render", fail_once(Templates.render))
        else:
            monkeypatch.setattr(Path, "write_bytes", fail_once(Path.write_bytes))
        started: list[search.Indexer] = []
        monkeypatch.setattr(search.Indexer, "__init__", _recorded(search.Indexer.__init__, started))
        with pytest.raises(RuntimeError, match="injected failure"):
            build(mini, out)
        monkeypatch.undo()
        assert all(not i.running for i in started), "Pagefind left running"
        indexed += bool(started)
        assert snapshot(out) == before, fail_at
        assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"], fail_at
    assert indexed > 0
    assert build(mini, out).ok and snapshot(out) != before  # the changed build does differ


def test_a_build_with_nothing_to_write_removes_leftovers_too(
        tmp_path: Path, mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    cache = tmp_path / ".briefing-cache"
    assert build(Path("content"), Path("site"), cache_dir=cache).ok
    for name in (".site.new-killed1", ".site.old-killed2"):  # as a killed build leaves them
        (tmp_path / name).mkdir()
        (tmp_path / name / MARKER).write_bytes(MARKER_TEXT)
    before = snapshot(tmp_path / "site")
    result = build(Path("content"), Path("site"), cache_dir=cache)
    assert result.ok and result.stats.rendered == 0  # nothing changed: nothing written
    assert snapshot(tmp_path / "site") == before
    assert leftovers(tmp_path / "site") == []


def test_leftovers_of_an_output_with_new_in_its_name_are_found(tmp_path: Path) -> None:
    """Killed between the two renames (where folders cannot be exchanged), a build leaves the
    old site aside under a name the next build knows, whatever the output is called."""
    out = tmp_path / "my.new-site"
    write_site({"index.html": b"old"}, out)
    steps = Recording(exchange=False)
    write_site({"index.html": b"old"}, out, disk=steps)
    second_rename = [n for n, (what, _) in enumerate(steps.steps) if what == "rename"][1]
    assert in_child(lambda: write_site({"index.html": b"new"}, out,
                                       disk=Failing(second_rename, "kill", False))) == KILLED
    assert not out.exists() and len(leftovers(out)) == 2
    write_site({"index.html": b"next"}, out)
    assert site(out) == {"index.html": b"next"} and leftovers(out) == []


def walked(root: Path, under: str = "") -> list[str]:
    """What files_in() lists, found plainly: os.walk, with each link to a folder (which it
    does not follow) counted as a file."""
    found = []
    for base, dirs, names in os.walk(root / under):
        rel = os.path.relpath(base, root)
        links = [d for d in dirs if os.path.islink(os.path.join(base, d))]
        found += [name if rel == "." else f"{rel}/{name}".replace(os.sep, "/")
                  for name in names + links]
    return sorted(found)


@settings(max_examples=300, deadline=None)
@given(tree=file_trees(), under=st.sampled_from(["", "a", "A", "missing"]))
def test_the_files_of_an_output_folder_are_what_a_walk_finds(
        tmp_path_factory: pytest.TempPathFactory, tree: list[tuple[str, str]], under: str) -> None:
    root = make_tree(tmp_path_factory.mktemp("out"), tree)
    assert sorted(files_in(root, under)) == walked(root, under)
