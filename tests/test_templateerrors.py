"""A template that fails is reported at its file, line and column as error[template]; the
build exits 1 with the previous site untouched, and `serve` shows the error over the page."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.build import DEFAULT_TEMPLATES, Builder, build
from generator.rendering import render
from generator.rendering.theme import load_templates
from generator.rendering.templateerrors import template_problem
from tests.conftest import run_cli, snapshot
from tests.test_serve import status, wait_for_builds

LINES = st.lists(st.text(st.sampled_from("abc <>/=\"'.,é中"), max_size=12), min_size=1,
                 max_size=8)


def templates(root: Path, name: str = "profile.html", first_line: str = "") -> Path:
    """A copy of the default templates, with one starting with a line of its own."""
    copied = root / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, copied)
    if first_line:
        text = (copied / name).read_text(encoding="utf-8")
        (copied / name).write_text(first_line + "\n" + text, encoding="utf-8")
    return copied


@given(LINES, st.data())
def test_an_undefined_name_is_reported_where_it_is_written(tmp_path_factory: pytest.TempPathFactory,
                                                           lines: list[str],
                                                           data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("templates")
    line = data.draw(st.integers(0, len(lines) - 1))
    col = data.draw(st.integers(0, len(lines[line])))
    lines[line] = lines[line][:col] + "{{ nowhere_x }}" + lines[line][col:]
    (folder / "page.html").write_text("\n".join(lines), encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder),
                             undefined=jinja2.StrictUndefined)
    with pytest.raises(jinja2.UndefinedError) as raised:
        env.get_template("page.html").render()
    problem = template_problem(raised.value, folder)
    assert problem is not None
    assert problem.format() == (
        f"{folder}/page.html:{line + 1}:{col + 4}: error[template]: 'nowhere_x' is undefined; "
        "check the spelling, and what the page passes to the template")


def test_a_broken_template_fails_the_build_and_keeps_the_site(tmp_path: Path, mini: Path) -> None:
    folder = templates(tmp_path)
    assert run_cli("build", "--content", "content", "--templates", "templates", "--out", "site",
                   cwd=tmp_path).returncode == 0
    before = snapshot(tmp_path / "site")
    macros = (folder / "macros.html").read_text(encoding="utf-8")
    (folder / "macros.html").write_text(macros + "{% macro broken() %}{{ gone }}{% endmacro %}"
                                        "\n", encoding="utf-8")
    (folder / "base.html").write_text("{% from 'macros.html' import broken %}{{ broken() }}"
                                      + (folder / "base.html").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    line = macros.count("\n") + 1
    result = run_cli("build", "--content", "content", "--templates", "templates", "--out",
                     "site", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        f"templates/macros.html:{line}:24: error[template]: 'gone' is undefined; check the "
        "spelling, and what the page passes to the template", "1 error, 0 warnings"]
    assert snapshot(tmp_path / "site") == before


def test_a_default_template_is_named_by_its_path(mini: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DEFAULT_TEMPLATES.parent)
    exc = jinja2.TemplateSyntaxError("unexpected '}'", 12, "home.html",
                                     str(DEFAULT_TEMPLATES / "home.html"))
    problem = template_problem(exc, DEFAULT_TEMPLATES)
    assert problem is not None and str(problem.loc).startswith("templates/home.html:12:")
    monkeypatch.chdir(mini)
    problem = template_problem(exc, DEFAULT_TEMPLATES)
    assert problem is not None and str(problem.loc).startswith(f"{DEFAULT_TEMPLATES}/home.html")


def test_a_missing_template_is_named_where_it_is_asked_for(
        tmp_path: Path, mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    templates(tmp_path, "glossary.html", "{% include 'terms.html' %}")
    monkeypatch.chdir(tmp_path)
    result = build(Path("content"), None, Path("templates"))
    assert [d.format() for d in result.diagnostics] == [
        "templates/glossary.html:1:1: error[template]: template 'terms.html' not found"]


def test_a_template_error_in_a_worker_process_is_reported_alike(
        tmp_path: Path, mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    templates(tmp_path, first_line="<p>{{ profil }}</p>")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(render, "WORTH_FORKING", 0.0)
    monkeypatch.setattr(render, "PROBE", 0)  # every page in a worker
    expected = ["templates/profile.html:1:7: error[template]: 'profil' is undefined; check the "
                "spelling, and what the page passes to the template"]
    for workers in (1, 2):
        result = Builder(Path("content"), Path("templates"), workers=workers).build(Path("site"))
        assert [d.format() for d in result.diagnostics] == expected, workers


def test_an_error_in_python_code_a_template_calls_is_not_blamed_on_the_template(
        tmp_path: Path, mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(value: str) -> str:
        raise ValueError("a bug in a filter")

    folder = templates(tmp_path)
    monkeypatch.setitem(load_templates(folder).env.filters, "date", broken)
    with pytest.raises(ValueError, match="a bug in a filter"):
        build(mini, None, folder)


def test_serve_shows_a_template_error_over_the_last_good_page(tmp_path: Path,
                                                              mini: Path) -> None:
    from generator.authoring.serve import DevServer

    folder = templates(tmp_path)
    server = DevServer(mini, folder, port=0, quiet=0.2)
    server.start()
    try:
        text = (folder / "profile.html").read_text(encoding="utf-8")
        (folder / "profile.html").write_text("<p>{{ profil }}</p>\n" + text, encoding="utf-8")
        wait_for_builds(server, 2)
        assert status(server)["errors"] == [
            f"{folder}/profile.html:1:7: error[template]: 'profil' is undefined; check the "
            "spelling, and what the page passes to the template"]
    finally:
        server.stop()
