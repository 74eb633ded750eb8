"""Rebuilds never go stale: after any sequence of edits, the dev server's rebuild in memory and
a build from the on-disk cache give exactly what a clean build gives, byte for byte.

The edits are generated (tests/edits.py): any field of any file kind, files added, removed,
renamed and moved between kinds. `--hypothesis-show-statistics` lists the kinds tried.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import event, given, settings, strategies as st

from generator.build import Builder, Early, build
from generator.content import load, schema
from generator.linking import link
from generator.rendering import render
from generator.content.model import KIND_PLURALS
from tests.conftest import MINI, outcome, snapshot, written
from tests.edits import EDITS, Briefing, edits, fixture

# builds are slow examples: each step builds three times
EXAMPLES = int(os.environ.get("BRIEFING_EDIT_EXAMPLES", 300 if os.environ.get("CI") == "true" else 40))
# sequences that start with each kind of edit, so that every kind is tried this many times
PER_KIND = int(os.environ.get("BRIEFING_EDITS_PER_KIND", 3 if os.environ.get("CI") == "true" else 1))
STEPS = 5
# the pages a rebuild in `serve` can give first: a source's, and an entry's own
EARLY = re.compile(r"sources/[^/]+/index\.html|(?:%s)/[^/]+/(?:facts/\d+/)?index\.html"
                   % "|".join(KIND_PLURALS.values()))


@st.composite
def edit_sequences(draw: st.DrawFn, first: tuple[str, str] | None = None
                   ) -> list[tuple[str, Briefing]]:
    """Up to STEPS edits, the first of them `first` if given."""
    briefing = fixture()
    # which edits: chosen by a random generator that hypothesis seeds, since its own choices
    # from a list favour some items more still. Even so, hypothesis makes most examples by
    # changing earlier ones, which keeps their seed and so their edits: in 500 sequences of
    # the 106 edits, the rarest came in one, the commonest in 36; hence PER_KIND.
    chooser = draw(st.randoms(use_true_random=True))
    steps = []
    for step in range(draw(st.integers(1, STEPS))):
        which = first if first is not None and step == 0 else chooser.choice(EDITS)
        name, briefing = draw(edits(briefing, which))
        steps.append((name, briefing))
    return steps


@settings(max_examples=EXAMPLES, deadline=None)
@given(edit_sequences())
def test_rebuilds_after_generated_edits_equal_clean_builds(
        steps: list[tuple[str, Briefing]]) -> None:
    _rebuilds_equal_clean_builds(steps)


@pytest.mark.parametrize("first", EDITS, ids=[f"{kind}.{part}" for kind, part in EDITS])
@settings(max_examples=PER_KIND, deadline=None)
@given(data=st.data())
def test_rebuilds_after_each_kind_of_edit_equal_clean_builds(first: tuple[str, str],
                                                              data: st.DataObject) -> None:
    _rebuilds_equal_clean_builds(data.draw(edit_sequences(first)))


def _rebuilds_equal_clean_builds(steps: list[tuple[str, Briefing]]) -> None:
    """After each step, serve's rebuild and a build from the on-disk cache are a clean
    build's, and a failed build leaves the site as the last good one wrote it."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        content = root / "content"
        shutil.copytree(MINI, content)
        server = Builder(content, editorial=True)  # as `briefing serve` builds
        shown = server.build(None).files  # the site served: every page of it open
        assert shown
        assert build(content, root / "site", cache_dir=root / "cache", search=False).ok
        for name, briefing in steps:
            event(name)
            briefing.write(content)
            clean = build(content, None)
            event("builds" if clean.ok else "fails")
            sent: list[dict[str, bytes]] = []
            served = server.build(None, Early(frozenset(shown), sent.append))
            assert served.ok == clean.ok, name
            if clean.ok:
                assert served.files == clean.files, name
                # the pages given first are the whole build's, and every page of a source
                # or an entry that changed (and is still there) is among them
                early = sent[0] if sent else {}
                assert {path: clean.files.get(path) for path in early} == early, name
                assert {path for path in shown if EARLY.fullmatch(path)
                        and path in clean.files and clean.files[path] != shown[path]
                        } <= set(early), name
                shown = clean.files
            else:
                assert not sent, name
            before = written(root / "site")
            cached = build(content, root / "site", cache_dir=root / "cache", search=False)
            assert outcome(cached) == outcome(clean), name
            if clean.ok:
                assert written(root / "site") == {p: d for p, d in clean.files.items()}, name
            else:  # a failed build leaves the site as the last good one wrote it
                assert written(root / "site") == before, name


# every stage on forked workers (as `briefing build` runs on a machine with several cores)
PARALLEL_EXAMPLES = int(os.environ.get("BRIEFING_PARALLEL_EDIT_EXAMPLES",
                                       60 if os.environ.get("CI") == "true" else 8))


@settings(max_examples=PARALLEL_EXAMPLES, deadline=None)
@given(edit_sequences())
def test_cached_builds_on_two_cores_after_generated_edits_equal_clean_builds(
        steps: list[tuple[str, Briefing]]) -> None:
    with pytest.MonkeyPatch.context() as patch, tempfile.TemporaryDirectory() as tmp:
        for module, name, value in ((render, "WORTH_FORKING", 0.0), (render, "MIN_KEYED", 1),
                                    (link, "MIN_ARTICLES", 1), (load, "MIN_FILES", 1)):
            patch.setattr(module, name, value)  # workers even for the few files of MINI
        root = Path(tmp)
        content = root / "content"
        shutil.copytree(MINI, content)
        assert build(content, root / "site", cache_dir=root / "cache", search=False,
                     workers=2).ok
        for name, briefing in steps:
            event(name)
            briefing.write(content)
            clean = build(content, None)
            cached = build(content, root / "site", cache_dir=root / "cache", search=False,
                           workers=2)
            assert outcome(cached) == outcome(clean), name
            if clean.ok:
                assert written(root / "site") == clean.files, name


def test_the_generated_edits_reach_every_field_of_every_file_kind() -> None:
    reached: dict[str, set[str]] = {}
    for kind, part in EDITS:
        reached.setdefault(kind, set()).update(part.split("."))
    statement = {f.name for f in schema.KEY_JUDGMENT.fields}  # a statement's, and alternative
    wanted = {
        "article": {f.name for f in schema.ARTICLE.fields} | {"body"},
        "profile": {f.name for o in schema.PROFILES.values() for f in o.fields}
        | {f.name for f in schema.STATEMENT.fields} | {f.name for f in schema.CITATION.fields}
        | {"long_form"},  # each typed field in each of its forms ({value, sources} ...)
        "glossary": {f.name for f in schema.TERM.fields},
        "comparisons": {f.name for f in schema.COMPARISON.fields}
        | {f.name for f in schema.ACCOUNT.fields},
        "site": {f.name for f in schema.SITE.fields} | statement,
        "file": {"profile", "article", "add", "remove", "rename", "move"},
    }
    assert {kind: names - reached.get(kind, set()) for kind, names in wanted.items()} == {
        kind: set() for kind in wanted}


def test_an_article_edit_rerenders_only_what_shows_it(mini: Path) -> None:
    builder = Builder(mini)
    first = builder.build(None)
    assert first.ok and first.stats.reused == 0
    wire = mini / "articles/wire.md"
    wire.write_text(wire.read_text().replace("on Wednesday, the wire said",
                                             "on Wednesday afternoon, the wire said"))
    second = builder.build(None)
    assert second.ok and second.files == build(mini, None).files
    assert 0 < second.stats.rendered < first.stats.rendered
    # pages that show no article's words are not rendered again for a change of words
    for page in ("sources/index.html", "compare/index.html", "people/index.html",
                 "systems/alpha-1/index.html"):
        assert second.files[page] is first.files[page], page


def test_nothing_changed_renders_nothing(mini: Path) -> None:
    builder = Builder(mini)
    first = builder.build(None)
    again = builder.build(None)
    assert again.files == first.files and again.stats.rendered == 0


def _age(content: Path, seconds: float = 60) -> None:
    """Make every file look last changed a while ago (as files are between editing sessions)."""
    for path in content.rglob("*"):
        old = path.stat().st_mtime - seconds
        os.utime(path, (old, old))


def test_files_left_alone_are_not_read_again(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.content import files

    _age(mini)
    reads: list[str] = []
    original = files.read_text

    def counting(path: Path | str) -> str | None:
        reads.append(Path(path).name)
        return original(path)

    monkeypatch.setattr(files, "read_text", counting)
    builder = Builder(mini)
    assert builder.build(None).ok and len(reads) >= 10
    reads.clear()
    assert builder.build(None).ok and reads == []
    (mini / "articles/wire.md").write_text((mini / "articles/wire.md").read_text() + "\nMore.\n")
    assert builder.build(None).ok and reads == ["wire.md"]


@settings(max_examples=max(EXAMPLES // 10, 10), deadline=None)
@given(st.sampled_from(sorted(p.relative_to(MINI).as_posix() for p in MINI.rglob("*")
                              if p.suffix in (".md", ".yaml"))),
       st.integers(0, 10**6), st.booleans())
def test_a_file_left_alone_then_edited_with_its_size_and_times_kept_is_read_again(
        rel: str, at: int, serving: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        content = root / "content"
        shutil.copytree(MINI, content)
        _age(content)  # so that their digests are kept by status
        server = Builder(content)
        assert server.build(None).ok
        assert build(content, root / "site", cache_dir=root / "cache", search=False).ok
        path = content / rel
        text = path.read_text(encoding="utf-8")
        letters = [i for i, c in enumerate(text) if c.isascii() and c.isalpha()]
        i = letters[at % len(letters)]
        info = path.stat()
        path.write_text(text[:i] + ("b" if text[i] == "a" else "a") + text[i + 1:],
                        encoding="utf-8")  # one letter for another: the same size
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
        assert path.stat().st_size == info.st_size
        clean = build(content, None)
        again = server.build(None) if serving else build(
            content, root / "site", cache_dir=root / "cache", search=False)
        assert outcome(again) == outcome(clean)
        if clean.ok:
            shown = again.files if serving else written(root / "site")
            assert shown == clean.files


@settings(max_examples=max(EXAMPLES // 20, 5), deadline=None)
@given(edit_sequences())
def test_cached_builds_with_the_search_index_equal_clean_builds(
        steps: list[tuple[str, Briefing]]) -> None:
    """The search index too: a bundle kept from the last build is the one Pagefind would make."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        content = root / "content"
        shutil.copytree(MINI, content)
        assert build(content, root / "site", cache_dir=root / "cache").ok
        for name, briefing in steps[:2]:
            event(name)
            briefing.write(content)
            cached = build(content, root / "site", cache_dir=root / "cache")
            clean = build(content, root / "clean")
            assert cached.ok == clean.ok, name
            if clean.ok:
                assert snapshot(root / "site") == snapshot(root / "clean"), name
