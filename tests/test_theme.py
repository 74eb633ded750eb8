"""A project's templates folder overrides the default templates and static files file by file."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from hypothesis import given, strategies as st

from generator.build import DEFAULT_TEMPLATES, build
from generator.rendering.theme import default_templates, theme
from tests.conftest import REPO, run_cli

DEFAULTS = default_templates().resolve()
DEFAULT_FILES = sorted(theme(None).files())


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
