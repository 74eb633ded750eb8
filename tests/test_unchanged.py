"""A build from the cache with nothing changed does nothing, and says what the last one said;
anything changed since, in the content, the templates, the options or the output folder, and
the build does its work. Either way the output folder holds what a clean build writes."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import event, given, settings, strategies as st

from generator.build import build
from generator.rendering.theme import default_templates
from tests.conftest import MINI, run_cli, snapshot

EXAMPLES = int(os.environ.get("BRIEFING_UNCHANGED_EXAMPLES",
                              300 if os.environ.get("CI") == "true" else 15))


def _tree(folder: Path) -> tuple[dict[str, bytes], set[str]]:
    """Every file with its bytes, and every folder and link (a clean build makes no others)."""
    others = set()
    for base, dirs, names in os.walk(folder):
        rel = Path(base).relative_to(folder)
        others |= {(rel / d).as_posix() + ("@" if os.path.islink(Path(base, d)) else "/")
                   for d in dirs}
        others |= {(rel / n).as_posix() + "@" for n in names if os.path.islink(Path(base, n))}
    return snapshot(folder), others


def test_a_build_with_nothing_changed_writes_nothing_and_says_the_same(tmp_path: Path,
                                                                       mini: Path) -> None:
    wire = mini / "articles/wire.md"
    wire.write_text(wire.read_text() + "\nSee [[leader-a]].\n")  # a warning, every build
    first = run_cli("build", "--content", "content", "--out", "site", cwd=tmp_path)
    assert first.returncode == 0 and "wikilink-in-article" in first.stderr
    held = {p: p.stat() for p in (tmp_path / "site").rglob("*")}
    cached = {p: p.stat().st_mtime_ns for p in (tmp_path / ".briefing-cache").rglob("*")}
    again = run_cli("build", "--content", "content", "--out", "site", cwd=tmp_path)
    assert again.returncode == 0 and again.stderr == first.stderr
    assert again.stdout.split(" in ")[0] == first.stdout.split(" in ")[0]  # built N pages
    assert {p: p.stat() for p in (tmp_path / "site").rglob("*")} == held
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / ".briefing-cache").rglob("*")} == cached


CONTENT_FILES = ("articles/wire.md", "site.yaml", "glossary.yaml", "profiles/person/leader-a.yaml")


@st.composite
def disturbance(draw: st.DrawFn, root: Path, options: dict[str, object]) -> str:
    """One thing changed (or not) between two builds; its name."""
    content, site = root / "content", root / "site"
    pages = sorted(p for p in site.rglob("*.html"))
    how = draw(st.sampled_from(("nothing", "touch a content file", "reword a content file",
                                "add a content file", "edit a template", "change an option",
                                "edit a page, times kept", "remove a page", "add a file",
                                "add a folder", "add a link", "replace a page by a link")))
    if how == "touch a content file":
        os.utime(content / draw(st.sampled_from(CONTENT_FILES)))
    elif how == "reword a content file":
        path = content / "articles/wire.md"
        path.write_text(path.read_text().replace("the wire said", "the wire reported"))
    elif how == "add a content file":
        (content / "profiles/person/leader-z.yaml").write_text("name: Leader Z\nsummary: New.\n")
    elif how == "edit a template":
        base = root / "templates/base.html"
        base.write_text(base.read_text() + "{# edited #}\n" * draw(st.integers(1, 2)))
    elif how == "change an option":
        name = draw(st.sampled_from(("base_url", "search")))
        options[name] = (None if options[name] else "https://example.org/") \
            if name == "base_url" else not options[name]
    elif how == "edit a page, times kept":
        page = draw(st.sampled_from(pages))
        info = page.stat()
        page.write_bytes(page.read_bytes().replace(b"<h1", b"<h1 title=x", 1))
        os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))
    elif how == "remove a page":
        draw(st.sampled_from(pages)).unlink()
    elif how == "add a file":
        (site / draw(st.sampled_from(("notes.txt", "people/notes.txt")))).write_text("mine")
    elif how == "add a folder":
        (site / draw(st.sampled_from(("empty", "people/empty")))).mkdir()
    elif how == "add a link":
        (site / "elsewhere").symlink_to(content, target_is_directory=True)
    elif how == "replace a page by a link":
        page = draw(st.sampled_from(pages))
        target = root / "copy.html"
        shutil.copyfile(page, target)
        page.unlink()
        page.symlink_to(target)
    return how


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.data())
def test_a_build_after_anything_changed_or_nothing_equals_a_clean_one(data: st.DataObject
                                                                      ) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(MINI, root / "content")
        shutil.copytree(default_templates(), root / "templates",
                        ignore=shutil.ignore_patterns("__pycache__", "*.py"))
        options: dict[str, object] = {"base_url": None, "search": False}
        for _ in range(data.draw(st.integers(1, 3))):
            assert build(root / "content", root / "site", root / "templates",
                         cache_dir=root / "cache", **options).ok  # type: ignore[arg-type]
            event(data.draw(disturbance(root, options)))
        cached = build(root / "content", root / "site", root / "templates",
                       cache_dir=root / "cache", **options)  # type: ignore[arg-type]
        clean_root = root / "clean"
        clean = build(root / "content", clean_root, root / "templates",
                      **options)  # type: ignore[arg-type]
        assert cached.ok and clean.ok
        assert _tree(root / "site") == _tree(clean_root)
        assert [d.format() for d in cached.diagnostics] == [d.format() for d in clean.diagnostics]
