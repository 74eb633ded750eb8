"""Rebuilds redo only what an edit touches, and always equal a clean build."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from generator.build import Builder, build
from generator.content.load import Loader
from tests.conftest import MINI

EDITS = {
    "article paragraph": ("articles/wire.md", "on Wednesday, the wire said",
                          "on Wednesday afternoon, the wire said"),
    "article title": ("articles/agency.md", "title: What the summit means",
                      "title: What the meeting means"),
    "profile fact": ("profiles/person/leader-b.yaml", "Leader B hosted the meeting.",
                     "Leader B was the host."),
    "profile name": ("profiles/system/alpha-1.yaml", "name: Alpha-1", "name: Alpha-1\n"
                     "aliases: [Alpha]"),
    "relation": ("profiles/person/leader-a.yaml", "participant_in: [summit]",
                 "participant_in: [summit]\n  related_to: [alpha-1]"),
    "glossary": ("glossary.yaml", "A missile that can reach", "A rocket that can reach"),
    "site": ("site.yaml", "title: Test Briefing", "title: Test Briefing Two"),
    "comparison": ("comparisons.yaml", "Gives no day.", "Names no day."),
    "article dateline": ("articles/wire.md", "dateline: Moscow, Russia",
                         "dateline: Vostochny, Russia"),
    "citations move": ("articles/wire.md", "\nLeader A and Leader B met at the cosmodrome",
                       "\nAn opening paragraph.\n\nLeader A and Leader B met at the cosmodrome"),
}


def apply(content: Path, edit: str) -> None:
    rel, old, new = EDITS[edit]
    path = content / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (edit, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_article_edit_rerenders_only_what_depends_on_it(mini: Path) -> None:
    builder = Builder(mini)
    first = builder.build(None)
    assert first.ok and first.stats.reused == 0
    apply(mini, "article paragraph")
    second = builder.build(None)
    assert second.ok
    assert second.files == build(mini, None).files
    # the leader-b profile neither mentions ¶1 of the wire nor cites it... but leader-b is
    # mentioned in that paragraph, so its excerpt changes; the alpha-1 page does not depend on it
    assert 0 < second.stats.rendered < first.stats.rendered
    # pages that show no article's words are not rendered again for a change of words
    for page in ("index.html", "sources/index.html", "timeline/index.html",
                 "compare/index.html", "people/index.html"):
        assert second.files[page] is first.files[page], page
    assert second.files["systems/alpha-1/index.html"] == first.files["systems/alpha-1/index.html"]


def test_nothing_changed_renders_nothing(mini: Path) -> None:
    builder = Builder(mini)
    first = builder.build(None)
    again = builder.build(None)
    assert again.files == first.files and again.stats.rendered == 0


def test_a_broken_edit_then_a_fix(mini: Path) -> None:
    builder = Builder(mini)
    assert builder.build(None).ok
    path = mini / "profiles/person/leader-b.yaml"
    good = path.read_text()
    path.write_text(good.replace("name: Leader B", "name: [Leader B"))
    assert not builder.build(None).ok
    path.write_text(good)
    fixed = builder.build(None)
    assert fixed.ok and fixed.files == build(mini, None).files


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=4, unique=True))
def test_any_sequence_of_edits_equals_a_clean_build(edits: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(MINI, content)
        builder = Builder(content)
        assert builder.build(None).ok
        for edit in edits:
            apply(content, edit)
            incremental = builder.build(None)
            assert incremental.ok
            assert incremental.files == build(content, None).files, edit


def test_a_broken_glossary_entry_reports_the_same_from_the_cache(mini: Path) -> None:
    builder = Builder(mini)
    assert builder.build(None).ok
    path = mini / "glossary.yaml"
    path.write_text(path.read_text().replace("short:", "shortish:", 1))
    clean = [d.format() for d in build(mini, None).diagnostics]
    assert clean
    for _ in range(2):  # parsed, then taken from the cache
        assert [d.format() for d in builder.build(None).diagnostics] == clean


def _age(content: Path, seconds: float = 60) -> None:
    """Make every file look last changed a while ago (as files are between editing sessions)."""
    for path in content.rglob("*"):
        old = path.stat().st_mtime - seconds
        os.utime(path, (old, old))


def test_files_left_alone_are_not_read_again(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _age(mini)
    reads: list[str] = []
    original = Loader._read

    def counting(self: Loader, path: Path) -> str | None:
        reads.append(path.name)
        return original(self, path)

    monkeypatch.setattr(Loader, "_read", counting)
    builder = Builder(mini)
    assert builder.build(None).ok and len(reads) >= 10
    reads.clear()
    assert builder.build(None).ok and reads == ["site.yaml"]  # small, and parsed every time
    reads.clear()
    apply(mini, "article paragraph")
    files = builder.build(None).files
    assert sorted(reads) == ["site.yaml", "wire.md"]
    assert files == build(mini, None).files


def test_no_edit_hides_from_the_stat_cache(mini: Path) -> None:
    """Same size, the old modification time put back, or edits in quick succession: every
    change is seen."""
    _age(mini)
    builder = Builder(mini)
    builder.build(None)
    wire = mini / "articles/wire.md"
    text = wire.read_text(encoding="utf-8")
    before = wire.stat()
    wire.write_text(text.replace("Wednesday", "Wednesdax"), encoding="utf-8")
    os.utime(wire, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert wire.stat().st_size == before.st_size
    assert builder.build(None).files == build(mini, None).files
    for word in ("Thursday", "Thursdax", "Thursday"):
        wire.write_text(text.replace("Wednesday", word), encoding="utf-8")
        assert builder.build(None).files == build(mini, None).files
