"""Whatever `--out` names, a build never replaces anything but a folder of its own.

Output paths are made up from the names of a project (content, templates, the cache, the
user's notes, links to them, `.` and `..`); each is either refused before anything is written,
or written, and then nothing outside that folder has changed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from generator.build import build
from generator.diagnostics import EnvironmentProblem
from generator.output import folders
from generator.output.folders import MARKER, output_folder
from generator.output.write import write_site
from tests.conftest import MINI, snapshot

NAMES = [".", "..", "content", "articles", "templates", ".cache", "notes", "site", "new",
         "project", "home", "link", "to-content", "to-notes", "empty"]


def make_project(root: Path) -> Path:
    """home/project with content, templates, a cache, the user's notes, a built site, an empty
    folder, and links: to a folder elsewhere, to the content, to the notes."""
    project = root / "home" / "project"
    shutil.copytree(MINI, project / "content")
    for folder, name in (("templates", "page.html"), (".cache", "store"), ("notes", "todo.txt"),
                         ("elsewhere", "x.txt")):
        (project / folder).mkdir(parents=True)
        (project / folder / name).write_text(f"{folder}\n")
    (project / "empty").mkdir()
    write_site({"index.html": b"old"}, project / "site")
    (root / "www").mkdir()
    (project / "link").symlink_to(root / "www", target_is_directory=True)
    (project / "to-content").symlink_to(project / "content", target_is_directory=True)
    (project / "to-notes").symlink_to(project / "notes", target_is_directory=True)
    return project


def everything(root: Path) -> dict[str, bytes]:
    return snapshot(root)


@given(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4).map("/".join))
def test_any_output_path_is_refused_or_is_the_only_thing_written(out: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch).resolve()
        project = make_project(root)
        before = everything(root)
        cwd = os.getcwd()
        home = os.environ.get("HOME")
        os.chdir(project)
        os.environ["HOME"] = str(root / "home")
        try:
            folder = output_folder(Path(out), Path("content"), Path("templates"),
                                   Path(".cache"))
        except EnvironmentProblem:
            folder = None
        finally:
            os.chdir(cwd)
            if home is not None:
                os.environ["HOME"] = home
        if folder is None:
            assert everything(root) == before
            return
        if not folder.is_relative_to(root):  # beside the scratch folder: not written here
            assert not root.is_relative_to(folder)  # anything above the project is refused
            return
        write_site({"index.html": b"new"}, folder)
        after = everything(root)
        inside = folder.relative_to(root).as_posix() + "/"
        assert {p: d for p, d in after.items() if not p.startswith(inside)} == \
            {p: d for p, d in before.items() if not p.startswith(inside)}
        assert {p: d for p, d in after.items() if p.startswith(inside)} == {
            inside + "index.html": b"new", inside + MARKER: after[inside + MARKER]}
        assert not [p for p in before if p.startswith(inside) and
                    not p.endswith(("index.html", MARKER))]  # it held nothing of anyone's


@pytest.mark.parametrize("out", ["site", "new", "empty", "link", "new/deeper/site"])
def test_folders_of_its_own_are_accepted(tmp_path: Path, out: str,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path)
    monkeypatch.chdir(project)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert build(Path("content"), Path(out)).ok
    assert (project / out / "index.html").is_file()
    if out == "link":
        assert (project / "link").is_symlink() and (tmp_path / "www/index.html").is_file()


def test_a_file_of_the_generator_that_cannot_be_read_is_a_damaged_installation(
        tmp_path: Path) -> None:
    from generator.rendering.drawing import world

    missing = Path(world.__file__).with_name("gone.lines")
    message = folders.disk_problem(FileNotFoundError(2, "No such file or directory",
                                                     str(missing)))
    assert message == (f"cannot read {missing}, a file of Briefing itself: no such file or "
                       "directory; the installation is damaged: install Briefing again")
    elsewhere = folders.disk_problem(FileNotFoundError(2, "No such file or directory",
                                                       str(tmp_path / "site")))
    assert elsewhere.startswith("cannot write ")
