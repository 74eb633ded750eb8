"""The build cache on disk: a damaged cache is ignored (with one line saying so) and the build
equals a clean one; nothing read from the cache can run code; an upgraded library means the
cache is not used."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from hypothesis import event, given, settings, strategies as st

from generator.build import build
from generator.output import codec, search, store
from generator.output.store import OUTPUTS_FILE
from tests.conftest import MINI, run_cli, written
from tests.edits import EDITS, edits, fixture

EXAMPLES = int(os.environ.get("BRIEFING_DAMAGE_EXAMPLES",
                              400 if os.environ.get("CI") == "true" else 30))
DAMAGES = ("flip a byte", "cut short", "swap two words", "a folder instead", "remove",
           "repeat a line", "append", "tamper with the output")


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _damage(draw: st.DrawFn, root: Path) -> bool:
    """Damage one file of the cache (or of the output) as drawn; True if a file of the stored
    memo or records that is still there now holds other bytes (the standby, the site before
    the output folder's, is checked file by file as the output folder is, with no notice). (What is drawn never depends on what the folders hold,
    only on a few numbers, each taken modulo what there is.)"""
    how = draw(st.sampled_from(DAMAGES))
    which, at, bit, other = (draw(st.integers(0, 10_000)) for _ in range(4))
    extra = draw(st.binary(min_size=1, max_size=20))
    event(how)
    if how == "tamper with the output":
        pages = _files(root / "site")
        page = pages[which % len(pages)]
        data = page.read_bytes()
        info = page.stat()
        page.write_bytes(data.replace(b"Leader", b"Leaded", 1) if b"Leader" in data
                         else data[:-1] + b"!")
        os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))  # the same size and time
        return False
    cached = _files(root / "cache")
    path = cached[which % len(cached)]
    data = path.read_bytes()
    if how == "remove":
        path.unlink()
        return False
    if how == "a folder instead":
        path.unlink()
        path.mkdir()
        return "standby" not in path.relative_to(root / "cache").parts
    at %= max(len(data), 1)
    if how == "flip a byte":
        changed = data[:at] + bytes([data[at] ^ (1 << bit % 8)]) + data[at + 1:]
    elif how == "cut short":
        changed = data[:at]
    elif how == "swap two words":
        words = data.split(b" ")
        i, j = at % len(words), other % len(words)
        words[i], words[j] = words[j], words[i]
        changed = b" ".join(words)
    elif how == "repeat a line":
        lines = data.split(b"\n")
        line = at % len(lines)
        changed = b"\n".join(lines[:line + 1] + lines[line:])
    else:
        changed = data + extra
    path.write_bytes(changed)
    return changed != data and "standby" not in path.relative_to(root / "cache").parts


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.data())
def test_a_damaged_cache_is_ignored_and_the_build_equals_a_clean_one(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        content = root / "content"
        shutil.copytree(MINI, content)
        assert build(content, root / "site", cache_dir=root / "cache", search=False).ok
        if data.draw(st.booleans()):  # a second build, so that output records exist
            assert build(content, root / "site", cache_dir=root / "cache", search=False).ok
        changed = _damage(data.draw, root)
        # the edit, if any: chosen by a generator hypothesis seeds, as in the edit sequences,
        # since hypothesis's own choices from the list favour some edits
        which = data.draw(st.randoms(use_true_random=True)).choice(EDITS)
        edit = data.draw(st.none() | edits(fixture(), which))
        event("then an edit of the " + edit[0].split(".")[0] if edit else "then no edit")
        if edit is not None:
            edit[1].write(content)
        clean = build(content, None)
        cached = build(content, root / "site", cache_dir=root / "cache", search=False)
        assert [d.format() for d in cached.diagnostics] == [d.format() for d in clean.diagnostics]
        if clean.ok:
            assert written(root / "site") == clean.files
        if changed:
            assert len(cached.notices) == 1 and "could not be used" in cached.notices[0]
        again = build(content, root / "site", cache_dir=root / "cache", search=False)
        assert again.notices == []  # the cache was written anew


def test_the_notice_is_one_line_and_the_build_goes_on(tmp_path: Path, mini: Path) -> None:
    assert run_cli("build", cwd=tmp_path).returncode == 0
    shard = next(p for p in _files(tmp_path / ".briefing-cache/memo"))
    shard.write_bytes(shard.read_bytes().replace(b"Leader", b"Leaded", 1))
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f"briefing: the build cache in .briefing-cache could not be used "
        f"({shard.parent.name}/{shard.name} is cut short or edited); building from scratch "
        "and writing it anew"]


def test_nothing_read_from_the_cache_can_run_code(tmp_path: Path, mini: Path) -> None:
    assert build(mini, tmp_path / "site", cache_dir=tmp_path / "cache", search=False).ok
    shard = next(p for p in _files(tmp_path / "cache/memo/parse"))
    lines = shard.read_text(encoding="utf-8").split("\n")
    check, key, _ = lines[1].split(" ", 2)
    planted = '{"c":"system","v":["touch planted"]}'  # the name of no kind that may be stored
    rest = f"{key} {planted}"
    lines[1] = hashlib.blake2b(rest.encode(), digest_size=16).hexdigest() + " " + rest
    body = lines[1:-2]
    lines[-2] = store.Store._end("\n".join(body).encode())
    shard.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(codec.Unreadable):
        codec.decode(planted)
    result = build(mini, tmp_path / "site", cache_dir=tmp_path / "cache", search=False)
    assert result.ok and result.notices == []  # the entry is read, refused and worked out
    assert not (tmp_path / "planted").exists() and not Path("planted").exists()
    assert written(tmp_path / "site") == build(mini, None).files


def test_an_entry_whose_own_checksum_is_wrong_is_not_used(tmp_path: Path, mini: Path) -> None:
    """Each entry's checksum is checked when the entry is used: one whose text was changed
    and whose file was sealed again (a right last line) is worked out afresh, not read."""
    assert build(mini, tmp_path / "site", cache_dir=tmp_path / "cache", search=False).ok
    assert "Leader" in "".join(p.read_text() for p in _files(tmp_path / "cache/memo/article"))
    for shard in _files(tmp_path / "cache/memo/article"):
        lines = shard.read_text(encoding="utf-8").split("\n")
        body = [line.replace("Leader", "Lender") for line in lines[1:-2]]  # checksums as were
        lines[1:-2] = body
        lines[-2] = store.Store._end("\n".join(body).encode(), bool(body))
        shard.write_text("\n".join(lines), encoding="utf-8")
    result = build(mini, tmp_path / "site", cache_dir=tmp_path / "cache", search=False)
    assert result.ok and result.notices == []
    assert written(tmp_path / "site") == build(mini, None).files


def _required(name: str, extras: frozenset[str] = frozenset()) -> set[str]:
    """An installed distribution's name and those it requires, with theirs, normalized."""
    found = {canonicalize_name(name)}
    for line in store.importlib.metadata.requires(name) or []:
        wanted = Requirement(line)
        if wanted.marker is None or any(wanted.marker.evaluate({"extra": extra})
                                        for extra in extras or {""}):
            found |= _required(wanted.name, frozenset(wanted.extras))
    return found


def test_the_cache_depends_on_every_library_a_build_runs() -> None:
    # a name that is not a distribution would read as "none" and never change
    for name in store.LIBRARIES:
        assert store.importlib.metadata.version(name)
    serving = _required("watchdog")
    assert {canonicalize_name(name) for name in store.LIBRARIES} == \
        _required("briefing") - serving - {"briefing"}


@pytest.mark.parametrize("library", store.LIBRARIES)
def test_another_version_of_a_library_means_the_cache_is_not_used(
        tmp_path: Path, mini: Path, monkeypatch: pytest.MonkeyPatch, library: str) -> None:
    assert build(mini, tmp_path / "site", cache_dir=tmp_path / "cache", search=False).ok
    real = store.importlib.metadata.version
    monkeypatch.setattr(store.importlib.metadata, "version",
                        lambda name: "99.0" if name == library else real(name))
    result = build(mini, tmp_path / "site", cache_dir=tmp_path / "cache", search=False)
    assert result.ok and result.stats.rendered == sum(p.endswith(".html") for p in result.files)
    assert result.notices == [f"the build cache in {tmp_path / 'cache'} was made by another "
                              "version of Briefing or of its libraries; building from scratch"]


def test_a_cached_build_writes_only_the_cache_files_that_changed(tmp_path: Path,
                                                                 mini: Path) -> None:
    def held() -> dict[Path, tuple[int, bytes]]:
        return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in _files(tmp_path / "cache/memo")}

    assert build(mini, tmp_path / "site", cache_dir=tmp_path / "cache", search=False).ok
    before = held()
    wire = mini / "articles/wire.md"
    wire.write_text(wire.read_text().replace("the wire said", "the wire reported"))
    assert build(mini, tmp_path / "site", cache_dir=tmp_path / "cache", search=False).ok
    after = held()
    rewritten = {p for p in after if p not in before or before[p][0] != after[p][0]}
    changed = {p for p in after if p not in before or before[p][1] != after[p][1]}
    assert rewritten == changed  # a file whose entries are all as they were is left alone
    assert 0 < len(changed) < len(after)


def _reword(mini: Path) -> None:
    """An edit to one article's words, undone by the next call."""
    wire = mini / "articles/wire.md"
    text = wire.read_text()
    wire.write_text(text.replace("the wire said", "the wire reported") if "the wire said" in text
                    else text.replace("the wire reported", "the wire said"))


def test_a_folder_in_the_standby_where_a_page_belongs_is_replaced(tmp_path: Path,
                                                                  mini: Path) -> None:
    for _ in range(3):  # the third build brings the standby (the first build's site) up to date
        _reword(mini)  # (a build with nothing changed has nothing to do, standby included)
        assert build(mini, tmp_path / "site", cache_dir=tmp_path / "cache", search=False).ok
    page = tmp_path / "cache/standby/people/leader-a/index.html"
    page.unlink()
    (page / "inside").mkdir(parents=True)
    wire = mini / "articles/wire.md"
    wire.write_text(wire.read_text().replace("the wire said", "the wire reported"))
    result = build(mini, tmp_path / "site", cache_dir=tmp_path / "cache", search=False)
    assert result.ok and result.notices == []
    assert written(tmp_path / "site") == build(mini, None).files


def test_a_standby_that_is_not_a_site_of_ours_is_replaced(tmp_path: Path, mini: Path) -> None:
    for _ in range(2):  # the second build keeps the first one's site as the standby
        _reword(mini)
        assert build(mini, tmp_path / "site", cache_dir=tmp_path / "cache", search=False).ok
    marker = tmp_path / "cache/standby/.briefing-site"
    marker.unlink()
    (marker / "inside").mkdir(parents=True)  # a folder where its marker belongs
    for _ in range(2):
        _reword(mini)
        result = build(mini, tmp_path / "site", cache_dir=tmp_path / "cache", search=False)
        assert result.ok and written(tmp_path / "site") == build(mini, None).files
    assert (tmp_path / "cache/standby/.briefing-site").is_file()


def test_the_cache_is_for_one_version_of_the_code_and_its_data(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    package = tmp_path / "generator"
    (package / "drawing").mkdir(parents=True)
    (package / "build.py").write_text("x = 1\n")
    (package / "drawing/world.json").write_text("{}")
    monkeypatch.setattr(store, "GENERATOR_DIR", package)
    first = store.environment_key()
    (package / "__pycache__").mkdir()
    (package / "__pycache__/build.cpython-311.pyc").write_bytes(b"compiled")
    assert store.environment_key() == first  # what Python writes by itself is not the code
    (package / "drawing/world.json").write_text('{"arcs": []}')
    assert store.environment_key() != first


def test_another_pagefind_program_means_another_cache(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    program = tmp_path / "pagefind"
    program.write_bytes(b"one program")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(program))
    search.pagefind_binary.cache_clear()
    try:
        first = store.environment_key()
        program.write_bytes(b"another program, at the same version number")
        assert store.environment_key() != first
    finally:
        search.pagefind_binary.cache_clear()


def test_a_link_in_the_standby_s_place_is_removed_not_followed(tmp_path: Path,
                                                               mini: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine")
    assert build(mini, tmp_path / "site", cache_dir=tmp_path / "cache", search=False).ok
    (tmp_path / "cache/standby").symlink_to(elsewhere, target_is_directory=True)
    for _ in range(2):  # the second build keeps the first one's site as the standby
        _reword(mini)
        result = build(mini, tmp_path / "site", cache_dir=tmp_path / "cache", search=False)
        assert result.ok and written(tmp_path / "site") == build(mini, None).files
    assert (elsewhere / "keep.txt").read_text() == "mine"
    assert not (tmp_path / "cache/standby").is_symlink()


@settings(max_examples=10, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(("parse", "page", "quote", "names", "")),
                          st.text("abcdefghijklmnopqrstuvwxyz0123456789_", min_size=1,
                                  max_size=8)), min_size=1, max_size=4))
def test_what_a_killed_build_was_writing_into_the_cache_is_removed_by_the_next(
        left: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(MINI, root / "content")
        cache = root / "cache"
        assert build(root / "content", root / "site", cache_dir=cache, search=False).ok
        for space, suffix in left:  # the hidden files _write makes, as a kill leaves them
            folder = cache / "memo" / space if space else cache
            name = f".{OUTPUTS_FILE}.{suffix}" if not space else f".{_any_file(folder)}.{suffix}"
            (folder / name).write_text("half written")
        _reword(root / "content")
        result = build(root / "content", root / "site", cache_dir=cache, search=False)
        assert result.ok and written(root / "site") == build(root / "content", None).files
        assert [*cache.glob(".*"), *(cache / "memo").rglob(".*")] == []


def _any_file(folder: Path) -> str:
    return sorted(p.name for p in folder.iterdir())[0]
