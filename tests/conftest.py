"""Shared helpers: build tiny sites from a fixture or a dict of files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, settings, strategies as st

# Property tests: a thorough, repeatable run in CI (CI=true), a quick one locally; choose one
# explicitly with `pytest --hypothesis-profile=ci`. The CI profile is sized so that the whole of
# `.ci/run` takes about half of its 90 minutes on a slow two-core machine.
settings.register_profile("ci", max_examples=2_000, derandomize=True, deadline=None,
                          database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small fixture briefing."""
    target = tmp_path / "content"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture(params=["libyaml", "pure-python"])
def yaml_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The test runs with the C parser (when installed) and with the pure-Python one."""
    if request.param == "pure-python":
        monkeypatch.setattr(yaml, "__with_libyaml__", False)
    elif not getattr(yaml, "__with_libyaml__", False):
        pytest.skip("libyaml is not installed")
    return str(request.param)


def write_files(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def run_cli(*args: str, cwd: Path,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator ARGS`; env adds to the environment."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, **env} if env else None)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, to compare a site before and after."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def outcome(result: object) -> tuple[bool, list[str]]:
    """Whether a build succeeded, and every problem it reported as printed."""
    return result.ok, [d.format() for d in result.diagnostics]  # type: ignore[attr-defined]


def written(folder: Path) -> dict[str, bytes]:
    """The files of a site a build wrote, as snapshot() gives them, without the marker every
    build writes into its output folder (which must be there)."""
    from generator.output.folders import MARKER, MARKER_TEXT

    files = snapshot(folder)
    assert files.pop(MARKER, None) == MARKER_TEXT, f"{folder} has no {MARKER}"
    return files


TREE_NAMES = st.sampled_from(["a", "A", "a.md", "b.md", "B.md", ".hidden", "x~", "z.yaml", "é",
                              "e\u0301", "articles", "profiles", "10", "9"])


@st.composite
def file_trees(draw: st.DrawFn) -> list[tuple[str, str]]:
    """Paths under a folder and what each is: a file, a folder, or a link to one of the
    others (or to nothing)."""
    entries: list[tuple[str, str]] = []
    folders = [""]
    for _ in range(draw(st.integers(0, 14))):
        parent = draw(st.sampled_from(folders))
        path = f"{parent}/{draw(TREE_NAMES)}".lstrip("/")
        if any(path == p or path.startswith(p + "/") or p.startswith(path + "/")
               for p, _ in entries):
            continue
        kind = draw(st.sampled_from(["file", "folder", "link"]))
        entries.append((path, kind))
        if kind == "folder":
            folders.append(path)
    return entries


def make_tree(root: Path, tree: list[tuple[str, str]]) -> Path:
    """Make a tree file_trees() gives under root (links point at the first other entry)."""
    for path, kind in tree:
        target = root / path
        if kind == "folder":
            target.mkdir()
        elif kind == "file":
            target.write_text("x")
        else:
            others = [p for p, _ in tree if p != path]
            target.symlink_to(root / others[0] if others else root / "nowhere")
    return root
