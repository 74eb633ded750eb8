"""The search index: built into the site before it is swapped in, never in memory."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import urls
from generator.output import search
from generator.output.folders import MARKER, MARKER_TEXT
from generator.build import build
from tests.conftest import MINI, run_cli, snapshot

INDEXED = 10  # home, 2 sources, 5 profiles, glossary, compare


def test_a_build_on_disk_writes_the_search_index(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build(MINI, out).ok
    assert (out / "pagefind/pagefind.js").is_file()
    assert (out / "pagefind/pagefind-entry.json").is_file()
    assert not list((out / "pagefind").glob("pagefind-*ui*")), "only the core API is kept"
    # the pages marked data-pagefind-body, and no other (not indexes, timeline or search)
    assert len(list((out / "pagefind/fragment").iterdir())) == INDEXED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_in_memory_build_has_no_index() -> None:
    files = build(MINI, None).files
    assert not [p for p in files if p.startswith("pagefind/")]
    assert "search/index.html" in files


def test_a_failed_index_keeps_the_old_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    assert build(MINI, out).ok
    before = snapshot(out)

    def broken(site_dir: Path, bundle: search.Bundle) -> list[str]:
        return [sys.executable, "-c", "import sys; print('index exploded', file=sys.stderr); "
                "sys.exit(3)"]

    monkeypatch.setattr(search, "pagefind_command", broken)
    result = build(MINI, out)
    assert not result.ok
    assert [d.format() for d in result.diagnostics] == [
        "pagefind:1:1: error[search-index]: Pagefind failed (exit status 3): index exploded"]
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_cli_reports_a_failed_index(tmp_path: Path) -> None:
    fake = tmp_path / "fake-pagefind"  # the program the pagefind package is told to run
    fake.write_text("#!/bin/sh\necho 'no index today' >&2\nexit 1\n")
    fake.chmod(0o755)
    result = run_cli("build", "--content", str(MINI), "--out", "out", cwd=tmp_path,
                     env={"PAGEFIND_BINARY_PATH": str(fake)})
    assert result.returncode == 1
    assert "error[search-index]: Pagefind failed (exit status 1): no index today" in result.stderr
    assert "build failed; out was not made" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_cli_says_what_to_install_when_pagefind_is_broken(tmp_path: Path) -> None:
    fake = tmp_path / "fake"  # a pagefind package without its program's finder
    (fake / "pagefind").mkdir(parents=True)
    (fake / "pagefind/__init__.py").write_text("")
    # its program, where its binary package puts it, is found without the finder
    found = run_cli("build", "--content", str(MINI), "--out", "found", cwd=tmp_path,
                    env={"PYTHONPATH": str(fake)})
    assert found.returncode == 0, found.stderr
    assert (tmp_path / "found" / "pagefind" / "pagefind-entry.json").is_file()
    # and without the program
    (fake / "pagefind_bin_extended").mkdir()
    (fake / "pagefind_bin_extended/__init__.py").write_text("")
    result = run_cli("build", "--content", str(MINI), "--out", "out", cwd=tmp_path,
                     env={"PYTHONPATH": str(fake)})
    assert result.returncode == 1
    assert "error[search-index]: could not run Pagefind: No module named 'pagefind.service' " \
        "(pip install 'pagefind[extended]')" in result.stderr
    assert not (tmp_path / "out").exists()


def test_names_weigh_most_and_noise_is_not_indexed() -> None:
    files = build(MINI, None).files
    profile = files["people/leader-a/index.html"].decode()
    assert '<h1 data-pagefind-weight="10">Leader A</h1>' in profile
    assert 'data-pagefind-body data-pagefind-meta="kind:Person"' in profile
    assert 'data-pagefind-meta="rank:1"' in profile
    # an event's name often holds another entry's name: it ranks after the profiles it names
    assert 'data-pagefind-meta="rank:2"' in files["events/summit/index.html"].decode()
    assert 'data-pagefind-meta="rank:3"' in files["glossary/index.html"].decode()
    assert ('<section class="mentioned" aria-labelledby="mentions-heading" '
            'data-pagefind-ignore>') in profile
    glossary = files["glossary/index.html"].decode()
    assert ('<h2 id="icbm" data-pagefind-weight="8"><dfn>Intercontinental ballistic missile'
            '</dfn></h2>') in glossary
    source = files["sources/wire/index.html"].decode()
    assert 'data-pagefind-body data-pagefind-meta="kind:Source"' in source
    assert '<div class="cited-by" data-pagefind-ignore>' in source
    for page in ("timeline/index.html", "people/index.html", "search/index.html"):
        assert "data-pagefind-body" not in files[page].decode()
    assert ".tip" in search.EXCLUDE_SELECTORS


def _glob_matches(glob: str, path: str) -> bool:
    """Pagefind's glob as it applies here: {a,b} alternatives, `*` within one folder name."""
    alternatives = glob[1:-1].split(",") if glob.startswith("{") else [glob]
    return any(re.fullmatch(re.escape(a).replace(r"\*", "[^/]*"), path) for a in alternatives)


def test_pagefind_reads_exactly_the_pages_marked_for_search(tmp_path: Path) -> None:
    files = build(MINI, None).files
    marked = {p for p, data in files.items() if p.endswith(".html")
              and isinstance(data, bytes) and b"data-pagefind-body" in data}
    globbed = {p for p in files if _glob_matches(search.indexed_pages(), p)}
    assert marked == globbed and len(marked) == INDEXED


def test_a_draft_build_without_search_writes_everything_else(tmp_path: Path) -> None:
    assert run_cli("build", "--content", str(MINI), "--out", "site", "--no-search",
                   cwd=tmp_path).returncode == 0
    assert not (tmp_path / "site/pagefind").exists()
    assert snapshot(tmp_path / "site") == {
        MARKER: MARKER_TEXT,  # every build writes it, to know the folder its own next time
        **{p: d for p, d in build(MINI, None).files.items() if isinstance(d, bytes)}}


def test_an_edit_indexes_again_only_the_bundle_of_the_page_it_changed(
        tmp_path: Path, mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(300):  # more sources than one bundle holds
        (mini / "articles" / f"extra-{n}.md").write_text(
            f"---\ntitle: Dispatch {n}\npublisher: Wire\npublished: 2023-09-14\n---\n\n"
            f"Dispatch number {n} from the coast.\n", encoding="utf-8")
    indexed = _indexed_bundles(monkeypatch)
    assert build(mini, tmp_path / "site", cache_dir=tmp_path / "cache").ok
    count = urls.search_bundles(302)
    assert sorted(indexed) == sorted(["pagefind"] + [f"pagefind/s{n}" for n in range(count)])
    indexed.clear()
    article = mini / "articles/extra-7.md"
    article.write_text(article.read_text().replace("the coast", "the north coast"))
    assert build(mini, tmp_path / "site", cache_dir=tmp_path / "cache").ok
    assert indexed == [urls.search_bundle("sources/extra-7/index.html", count)]
    indexed.clear()
    assert build(mini, tmp_path / "site", cache_dir=tmp_path / "cache").ok
    assert indexed == []  # nothing changed: every bundle kept
    assert snapshot(tmp_path / "site") == _clean(mini, tmp_path / "clean")


def test_a_search_file_changed_since_the_last_build_has_its_bundle_made_again(
        tmp_path: Path, mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index's files are known by their status alone (never read back): one edited with
    its times set back, or only touched, has its bundle made again."""
    indexed = _indexed_bundles(monkeypatch)
    site = tmp_path / "site"
    assert build(mini, site, cache_dir=tmp_path / "cache").ok
    entry = site / "pagefind/pagefind-entry.json"
    for change in ("edit, times kept", "touch"):
        indexed.clear()
        info = entry.stat()
        if change == "touch":
            os.utime(entry)
        else:
            entry.write_bytes(entry.read_bytes().replace(b"{", b"{ ", 1))
            os.utime(entry, ns=(info.st_atime_ns, info.st_mtime_ns))
        assert build(mini, site, cache_dir=tmp_path / "cache").ok
        assert indexed == ["pagefind"], change
        assert snapshot(site) == _clean(mini, tmp_path / f"clean-{len(change)}")


def _indexed_bundles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders of the bundles the builds from now on index, in order (kept up to date)."""
    indexed: list[str] = []
    real = search.Indexer.add

    def recording(self: search.Indexer, bundle: search.Bundle) -> None:
        indexed.append(bundle.folder)
        real(self, bundle)

    monkeypatch.setattr(search.Indexer, "add", recording)
    return indexed


def _clean(content: Path, out: Path) -> dict[str, bytes]:
    assert build(content, out).ok
    return snapshot(out)


def test_the_program_is_the_one_pagefind_itself_finds_without_importing_its_service() -> None:
    code = ("import sys; from generator.output.search import pagefind_binary; "
            "found = pagefind_binary(); quick = 'asyncio' not in sys.modules; "
            "from pagefind.service import get_executable; "
            "print(found == str(get_executable().resolve()), quick)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env={k: v for k, v in os.environ.items()
                                           if k != "PAGEFIND_BINARY_PATH"})
    assert done.stdout.split() == ["True", "True"]


def test_a_program_named_in_the_environment_is_the_one_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = tmp_path / "my-pagefind"
    program.write_text("#!/bin/sh\nexit 0\n")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(program))
    search.pagefind_binary.cache_clear()
    try:
        assert search.pagefind_binary() == str(program.resolve())
    finally:
        search.pagefind_binary.cache_clear()
