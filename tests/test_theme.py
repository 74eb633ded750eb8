"""A project's templates folder overrides the default templates and static files file by file."""

from __future__ import annotations

import marshal
import multiprocessing
import os
import time
from pathlib import Path
from typing import Any

import jinja2
import pytest
from hypothesis import given, strategies as st

from generator.build import DEFAULT_TEMPLATES, Builder, build
from generator.rendering import theme as theme_module
from generator.rendering.pages import page_views
from generator.rendering.theme import Templates, default_templates, theme
from tests.conftest import MINI, REPO, run_cli

DEFAULTS = default_templates().resolve()
DEFAULT_FILES = sorted(theme(None).files())
FORK = "fork" in multiprocessing.get_all_start_methods()


def test_the_defaults_are_the_repositorys_templates() -> None:
    assert DEFAULTS == (REPO / "templates").resolve() == DEFAULT_TEMPLATES.resolve()
    assert "home.html" in DEFAULT_FILES and "static/style.css" in DEFAULT_FILES
    assert not [f for f in DEFAULT_FILES if f.endswith(".py") or "__pycache__" in f]


@given(overridden=st.sets(st.sampled_from(DEFAULT_FILES)),
       added=st.sets(st.sampled_from(["extra.html", "static/extra.js", "partials/x.html"])))
def test_each_file_comes_from_the_project_if_it_has_it_else_from_the_defaults(
        tmp_path_factory: pytest.TempPathFactory, overridden: set[str], added: set[str]) -> None:
    project = tmp_path_factory.mktemp("templates")
    for rel in overridden | added:
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(f"project {rel}", encoding="utf-8")
    chosen = theme(project)
    files = chosen.files()
    assert set(files) == set(DEFAULT_FILES) | added
    for rel, path in files.items():
        expected = project if rel in overridden | added else DEFAULTS
        assert path == expected / rel
    env = jinja2.Environment(loader=chosen.loader())
    for rel in files:
        if not rel.startswith("static/"):
            source = env.loader.get_source(env, rel)[0]  # type: ignore[union-attr]
            assert (source == f"project {rel}") == (rel in overridden | added)
    static = chosen.static_files()
    assert set(static) == {rel.removeprefix("static/") for rel in files
                           if rel.startswith("static/") and rel.count("/") == 1}
    assert all(path == files[f"static/{name}"] for name, path in static.items())


def test_a_folder_with_one_template_and_one_static_file_builds(tmp_path: Path,
                                                                mini: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "static").mkdir(parents=True)
    (templates / "compare.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Ours</h1>{% endblock %}',
        encoding="utf-8")
    (templates / "static" / "style.css").write_text("body { color: black }\n", encoding="utf-8")
    result = build(str(mini), str(tmp_path / "site"), str(templates))
    assert result.ok, [d.format() for d in result.diagnostics]
    site = tmp_path / "site"
    assert "<h1>Ours</h1>" in (site / "compare/index.html").read_text(encoding="utf-8")
    styles = sorted((site / "assets").glob("style.*.css"))
    assert [p.read_text(encoding="utf-8") for p in styles] == ["body { color: black }\n"]
    assert sorted((site / "assets").glob("search.*.js"))  # the defaults are still there
    assert "<h1>Ours</h1>" not in (site / "index.html").read_text(encoding="utf-8")


def test_the_command_line_takes_templates_from_the_working_folder(tmp_path: Path,
                                                                   mini: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "compare.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Ours</h1>{% endblock %}',
        encoding="utf-8")
    assert run_cli("build", "-q", cwd=tmp_path).returncode == 0
    assert "<h1>Ours</h1>" in (tmp_path / "site/compare/index.html").read_text(encoding="utf-8")


def test_a_templates_folder_that_does_not_exist_is_a_usage_error(tmp_path: Path,
                                                                  mini: Path) -> None:
    result = run_cli("build", "--templates", "nowhere", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "briefing: error: --templates nowhere: no such folder"


def fresh_templates(folder: Path | None = None) -> Templates:
    """A theme compiled anew (load_templates() keeps the ones it compiled)."""
    found = theme(folder).files()
    return Templates(tuple((name, path.read_bytes()) for name, path in found.items()),
                     tuple((name, str(path)) for name, path in found.items()))


def mini_pages(templates: Templates) -> dict[str, bytes]:
    checked = Builder(MINI).check()
    assert checked.content is not None and checked.graph is not None
    views = page_views(checked.content, checked.graph, None)
    templates.compile(view.TEMPLATE for view in views)
    return {view.page.path: templates.render(view) for view in views}


def compiled_here(templates: Templates, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates this process compiles from now on."""
    names: list[str] = []
    compile_here = templates.env.compile

    def counted(source: str, name: str | None = None, filename: str | None = None) -> Any:
        names.append(name or "")
        return compile_here(source, name, filename)

    monkeypatch.setattr(templates.env, "compile", counted)
    return names


@pytest.mark.skipif(not FORK, reason="needs processes that can be forked")
def test_templates_compiled_in_another_process_are_used_and_render_the_same_pages(
        monkeypatch: pytest.MonkeyPatch) -> None:
    expected = mini_pages(fresh_templates())
    templates = fresh_templates()
    templates.compile_aside()
    here = compiled_here(templates, monkeypatch)  # after the fork: the other process's own
    assert mini_pages(templates) == expected
    assert here == []
    templates.settle()
    assert templates.env.bytecode_cache is None
    started = templates.aside
    templates.compile_aside()  # once only: what was compiled is kept
    assert templates.aside is started and templates.env.bytecode_cache is None


@pytest.mark.skipif(not FORK, reason="needs processes that can be forked")
@pytest.mark.parametrize("failure", ["exits", "sends nothing", "sends garbage", "sends no code",
                                     "sends a list", "too slow"])
def test_if_the_other_process_fails_the_templates_are_compiled_here(
        failure: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Any, env: jinja2.Environment, sender: Any) -> None:
        if failure == "exits":
            os._exit(3)
        if failure == "sends garbage":
            sender.send_bytes(b"\x00not marshal data")
        if failure == "sends no code":
            sender.send_bytes(marshal.dumps({("a", "b"): 1, "c": [2]}))
        if failure == "sends a list":
            sender.send_bytes(marshal.dumps([1, 2]))
        if failure == "too slow":
            time.sleep(30)
        sender.close()

    expected = mini_pages(fresh_templates())
    monkeypatch.setattr(theme_module._Aside, "_compile_all", broken)
    monkeypatch.setattr(theme_module, "ASIDE_TIMEOUT", 0.5)
    templates = fresh_templates()
    templates.compile_aside()
    assert templates.aside is not None
    process = templates.aside.process
    here = compiled_here(templates, monkeypatch)
    started = time.monotonic()
    assert mini_pages(templates) == expected
    assert time.monotonic() - started < 10
    assert here and set(here) <= set(templates.env.list_templates())
    assert not process.is_alive()
    templates.settle()


@pytest.mark.skipif(not FORK, reason="needs processes that can be forked")
def test_a_template_that_does_not_compile_is_reported_as_when_compiled_here(
        tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "glossary.html").write_text("<p>\n{% if %}</p>\n", encoding="utf-8")
    for aside in (False, True):
        templates = fresh_templates(folder)
        if aside:
            templates.compile_aside()
        with pytest.raises(jinja2.TemplateSyntaxError) as raised:
            templates.compile(["compare.html", "glossary.html"])
        assert (raised.value.lineno, raised.value.filename) == (2, str(folder / "glossary.html"))
        templates.settle()
