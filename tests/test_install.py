"""Briefing as a user installs it: a plain (not editable) install in a fresh environment.

A clean copy of the repository (the files git tracks) is installed with pip into a new virtual
environment (its dependencies from the package index), and everything runs from other folders:
netlify.toml's own commands, `briefing --version`, and a project made by `briefing init`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import REPO

PRODUCTION_URL = "https://briefing.example.org"
PREVIEW_URL = "https://deploy-preview-7--briefing.example.org"


def clean_copy(target: Path) -> Path:
    """The files git tracks, as a clean clone of this working tree would have them."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True,
                            check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = REPO / rel
        if source.is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    return target


def shell(command: str, cwd: Path, venv: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """A command as Netlify's build runs it: bash, with the environment's bin first on PATH."""
    environment = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
                   "VIRTUAL_ENV": str(venv), **env}
    environment.pop("PYTHONPATH", None)
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(a clean copy of the repository, a fresh environment), the copy built and installed
    by netlify.toml's production command."""
    root = tmp_path_factory.mktemp("install")
    checkout = clean_copy(root / "checkout")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    return checkout, venv


def netlify() -> dict[str, object]:
    return tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))


def test_netlify_commands_pass_the_url_the_site_is_published_at() -> None:
    config = netlify()
    production = config["build"]["command"]  # type: ignore[index]
    preview = config["context"]["deploy-preview"]["command"]  # type: ignore[index]
    assert production.endswith('briefing build --base-url "$URL"')
    assert preview.endswith('briefing build --base-url "$DEPLOY_PRIME_URL"')
    assert "briefing check --strict &&" in preview
    assert config["build"]["publish"] == "site"  # type: ignore[index]


def check_published(site: Path, url: str) -> None:
    assert (site / "pagefind" / "pagefind.js").is_file()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{url}/</loc>" in sitemap
    assert f"Sitemap: {url}/sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{url}/">' in home
    assert re.search(r'<path class="land" d="M[0-9]', home)  # drawn from the installed outlines


def test_netlify_production_and_preview_builds_publish_the_site(
        installed: tuple[Path, Path]) -> None:
    checkout, venv = installed
    config = netlify()
    production = shell(config["build"]["command"], checkout, venv,  # type: ignore[index]
                       URL=PRODUCTION_URL)
    assert production.returncode == 0, production.stdout[-3000:] + production.stderr[-3000:]
    check_published(checkout / "site", PRODUCTION_URL)
    preview = shell(config["context"]["deploy-preview"]["command"],  # type: ignore[index]
                    checkout, venv, DEPLOY_PRIME_URL=PREVIEW_URL, URL=PRODUCTION_URL)
    assert preview.returncode == 0, preview.stdout[-3000:] + preview.stderr[-3000:]
    check_published(checkout / "site", PREVIEW_URL)


def test_an_installed_briefing_has_its_templates_and_starts_a_project_elsewhere(
        installed: tuple[Path, Path], tmp_path: Path) -> None:
    checkout, venv = installed
    setup = shell("pip install -q .", checkout, venv)
    assert setup.returncode == 0, setup.stderr[-3000:]
    where = shell("python -c 'import generator.templates as t; print(t.__file__)'",
                  tmp_path, venv)
    assert str(venv) in where.stdout  # the installed copy, not this checkout
    version = shell("briefing --version", tmp_path, venv)
    assert version.returncode == 0 and version.stdout.startswith("briefing ")
    made = shell("briefing init x", tmp_path, venv)
    assert made.returncode == 0, made.stderr
    for command in ("briefing build", "briefing check --strict"):
        result = shell(command, tmp_path / "x", venv)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
    assert (tmp_path / "x" / "site" / "index.html").is_file()
    assert (tmp_path / "x" / "site" / "pagefind" / "pagefind.js").is_file()
    # one changed template in the project's templates/ is enough; the rest are the defaults
    (tmp_path / "x" / "templates").mkdir()
    (tmp_path / "x" / "templates" / "search.html").write_text(
        '{% extends "base.html" %}{% block content %}<p>Our own search page</p>{% endblock %}',
        encoding="utf-8")
    rebuilt = shell("briefing build", tmp_path / "x", venv)
    assert rebuilt.returncode == 0, rebuilt.stderr
    search = (tmp_path / "x" / "site" / "search" / "index.html").read_text(encoding="utf-8")
    assert "<p>Our own search page</p>" in search
