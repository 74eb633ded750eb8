"""The hostile-environment catalogue: every environment problem, made for real, and exactly
what `briefing` prints for it.

Each case makes its condition in a scratch project that already holds a built site (a folder
of the user's own files, a read-only folder, a named pipe, a busy port, a full disk ...), runs
the command in a fresh process, and checks the lines it prints, its exit status, that no
traceback is shown, and that every file of the project (the previous site included) is byte for
byte as it was. docs/hostile-environments.md lists the same cases; after changing one,
regenerate it with `BRIEFING_UPDATE_CATALOGUE=1 pytest tests/test_environments.py` and review.

Read-only folders are read-only for real: as root, where permission bits bind nobody, the
command runs without the capabilities that let root override them.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest

from tests.conftest import MINI, REPO

DOC = REPO / "docs" / "hostile-environments.md"
PR_CAPBSET_DROP = 24
OVERRIDES = (1, 2, 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
ENOSPC_AFTER = 5  # files written before the disk is full
FULL_DISK = f"""
import errno, os, sys
from generator.output.disk import Disk
real, count = Disk.write, [0]
def write(self, path, data):
    count[0] += 1
    if count[0] > {ENOSPC_AFTER}:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
    return real(self, path, data)
Disk.write = write
from generator.cli import main
sys.exit(main(sys.argv[1:]))
"""

Setup = Callable[[Path], list[str]]


@dataclass(frozen=True)
class Env:
    name: str
    what: str  # the condition, in a few words
    setup: Setup  # makes it in the project; returns the command's arguments
    lines: list[str]  # exactly what the command prints on stderr
    status: int = 1
    read_only: tuple[str, ...] = ()  # made read-only (or unreadable: see `mode`) for real
    mode: int = 0o555
    inject: str = ""  # Python run in the command's process: a failure no test can make for real


def args(*given: str) -> Setup:
    return lambda project: list(given)


def then(make: Callable[[Path], object], *given: str) -> Setup:
    def setup(project: Path) -> list[str]:
        make(project)
        return list(given)
    return setup


def own_files(project: Path) -> None:
    (project / "mine").mkdir()
    (project / "mine/thesis.docx").write_bytes(b"years of work")


def built_with_git(project: Path) -> None:
    """A folder a build wrote, made a git repository since (to publish it from)."""
    (project / "pub/.git").mkdir(parents=True)
    (project / "pub/.git/HEAD").write_text("ref: refs/heads/main\n")
    (project / "pub/.briefing-site").write_text("written by a build\n")
    (project / "pub/index.html").write_text("<p>an earlier site</p>\n")


def a_file(project: Path) -> None:
    (project / "notes.txt").write_text("notes\n")


def a_pipe(project: Path) -> None:
    os.mkfifo(project / "pipe")


def a_loop(project: Path) -> None:
    (project / "loop").symlink_to("loop2")
    (project / "loop2").symlink_to("loop")


def a_folder(rel: str) -> Callable[[Path], None]:
    return lambda project: (project / rel).mkdir(parents=True)


def templates(missing: str = "") -> Callable[[Path], None]:
    def make(project: Path) -> None:
        shutil.copytree(REPO / "templates", project / "mytemplates")
        if missing:
            (project / "mytemplates" / missing).unlink()
    return make


def retitle(project: Path) -> None:
    """An edit, so that the build has a new site to write."""
    site_yaml = project / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("Test Briefing", "Edited Briefing"))


HELD: list[socket.socket] = []  # ports kept busy while a case runs


def held_port(project: Path) -> list[str]:
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    HELD.append(holder)
    return ["serve", "--port", str(holder.getsockname()[1])]


def mount_point() -> str:
    return next((path for path in ("/proc", "/sys", "/dev") if os.path.ismount(path)), "")


BUILD_ERROR = "briefing build: error: "
REPLACED = ("and a build replaces its output folder whole: choose a folder of its own, such as "
            "--out site")
NO_CACHE = "choose another --cache, or build with --no-cache"
OUTPUT = [
    Env("folder-of-own-files", "`--out` names a folder of the user's own files",
        then(own_files, "build", "--out", "mine"),
        [BUILD_ERROR + "output folder mine holds files that briefing did not write (it has no "
         ".briefing-site file), and a build replaces the whole folder: move them away, or "
         "choose an empty or new folder"]),
    Env("built-folder-with-git", "`--out` names a folder a build wrote, made a git repository",
        then(built_with_git, "build", "--out", "pub"),
        [BUILD_ERROR + "output folder pub holds a git repository (.git), which a build would "
         "delete with the rest of the folder: build into a folder of its own, and copy the site "
         "into the repository from there"]),
    Env("working-folder", "`--out .`", args("build", "--out", "."),
        [BUILD_ERROR + "output folder . is the working folder, " + REPLACED]),
    Env("above-working-folder", "`--out ..`", args("build", "--out", ".."),
        [BUILD_ERROR + "output folder .. holds the working folder, " + REPLACED]),
    Env("content-folder", "`--out content`", args("build", "--out", "content"),
        [BUILD_ERROR + "output folder content is the content folder, " + REPLACED]),
    Env("inside-content-folder", "`--out content/site`", args("build", "--out", "content/site"),
        [BUILD_ERROR + "output folder content/site is inside the content folder content, where "
         "the build would find its own output: choose a folder outside it, such as --out site"]),
    Env("above-content-folder", "`--out` names the folder that holds the content folder",
        then(lambda project: shutil.move(project / "content", project / "brief/content"),
             "build", "--content", "brief/content", "--out", "brief"),
        [BUILD_ERROR + "output folder brief holds the content folder brief/content, " + REPLACED]),
    Env("templates-folder", "`--out` names the templates folder",
        then(templates(), "build", "--templates", "mytemplates", "--out", "mytemplates"),
        [BUILD_ERROR + "output folder mytemplates is the templates folder, " + REPLACED]),
    Env("cache-folder", "`--out .briefing-cache`", args("build", "--out", ".briefing-cache"),
        [BUILD_ERROR + "output folder .briefing-cache is the build cache, " + REPLACED]),
    Env("home-folder", "`--out ~` (the home folder)",
        args("build", "--out", "home"),  # HOME is the project's home/
        [BUILD_ERROR + "output folder home is your home folder, " + REPLACED]),
    Env("file-system-root", "`--out /`", args("build", "--out", "/"),
        [BUILD_ERROR + "output folder / is the root of the file system, " + REPLACED]),
    Env("mount-point", "`--out` names a mount point", args("build", "--out", mount_point()),
        [BUILD_ERROR + f"output folder {mount_point()} is a mount point, which cannot be "
         f"replaced whole: build into a folder inside it, such as --out {mount_point()}/site"]),
    Env("a-file", "`--out` names a file", then(a_file, "build", "--out", "notes.txt"),
        [BUILD_ERROR + "output folder notes.txt is a file, not a folder; choose a folder of its "
         "own, such as --out site"]),
    Env("a-named-pipe", "`--out` names a named pipe", then(a_pipe, "build", "--out", "pipe"),
        [BUILD_ERROR + "output folder pipe is a named pipe, not a folder; choose a folder of its "
         "own, such as --out site"]),
    Env("under-a-file", "`--out` names a folder inside a file",
        then(a_file, "build", "--out", "notes.txt/site"),
        [BUILD_ERROR + "output folder notes.txt/site cannot be made: notes.txt is a file, not a "
         "folder; choose a folder of its own, such as --out site"]),
    Env("empty-string", "`--out \"\"` (an unset variable)", args("build", "--out", ""),
        [BUILD_ERROR + "the output folder is an empty string (an unset variable in --out "
         "\"$DIR\"?): choose a folder of its own, such as --out site"]),
    Env("link-loop", "`--out` names a symbolic link that leads round in a loop",
        then(a_loop, "build", "--out", "loop"),
        [BUILD_ERROR + "output folder loop is a symbolic link that leads round in a loop: point "
         "it at a folder, or choose another"]),
    Env("read-only-output", "the output folder is read-only", args("build"),
        [BUILD_ERROR + "output folder site is read-only: make it writable (chmod -R u+w site), "
         "or choose another folder"], read_only=("site",)),
    Env("read-only-parent", "the folder the output goes in is read-only",
        then(a_folder("public"), "build", "--out", "public/site"),
        [BUILD_ERROR + "cannot create the new site beside the output folder public/site: public "
         "is read-only: make it writable, or choose another folder"], read_only=("public",)),
    Env("disk-full", "the disk fills up while the site is written (`ENOSPC`)",
        then(retitle, "build"),
        [BUILD_ERROR + "cannot write the new site beside the output folder site: no space left "
         "on device (.site.new-XXXXXXXX/people/leader-a/index.html); free some space, then try "
         "again; "
         "site is as it was"], inject=FULL_DISK),
]
CACHE = [
    Env("cache-is-a-file", "`--cache` names a file", then(a_file, "build", "--cache", "notes.txt"),
        [BUILD_ERROR + f"build cache notes.txt is a file, not a folder: remove it, or {NO_CACHE}"]),
    Env("cache-is-a-pipe", "`--cache` names a named pipe",
        then(a_pipe, "build", "--cache", "pipe"),
        [BUILD_ERROR + "build cache pipe is a named pipe, not a folder: remove it, or "
         f"{NO_CACHE}"]),
    Env("cache-under-a-file", "`--cache` names a folder inside a file",
        then(a_file, "build", "--cache", "notes.txt/cache"),
        [BUILD_ERROR + "build cache notes.txt/cache cannot be made: notes.txt is a file, not a "
         f"folder; {NO_CACHE}"]),
    Env("cache-in-output", "`--cache` inside the output folder",
        args("build", "--cache", "site/cache"),
        [BUILD_ERROR + f"build cache site/cache is inside the output folder site: {NO_CACHE}"]),
    Env("cache-in-content", "`--cache` inside the content folder",
        args("build", "--cache", "content/.cache"),
        [BUILD_ERROR + f"build cache content/.cache is inside the content folder content: "
         f"{NO_CACHE}"]),
    Env("read-only-cache", "the build cache is read-only", args("build"),
        [BUILD_ERROR + f"build cache .briefing-cache is read-only: make it writable, or "
         f"{NO_CACHE}"], read_only=(".briefing-cache",)),
]
TEMPLATES = [  # a folder that holds some templates is used: the others come from the defaults
    Env("templates-missing", "`--templates` names a folder that does not exist",
        args("build", "--templates", "nowhere"),
        ["briefing: error: --templates nowhere: no such folder"], status=2),
    Env("templates-a-file", "`--templates` names a file",
        then(a_file, "build", "--templates", "notes.txt"),
        ["briefing: error: --templates notes.txt: no such folder"], status=2),
]
CONTENT = [
    Env("unreadable-file", "an article that cannot be read", args("build"),
        ["content/articles/wire.md:1:1: error[unreadable]: this file cannot be read (permission "
         "denied): make it readable (chmod u+r content/articles/wire.md)",
         "1 error, 0 warnings", "build failed; site was left unchanged"],
        read_only=("content/articles/wire.md",), mode=0),
    Env("unreadable-folder", "a profile folder that cannot be read", args("build"),
        ["content/profiles/person:1:1: error[unreadable]: this folder cannot be read (permission "
         "denied): make it readable (chmod -R u+rX content/profiles/person)",
         "1 error, 0 warnings", "build failed; site was left unchanged"],
        read_only=("content/profiles/person",), mode=0),
]
SERVE_ERROR = "briefing serve: error: "
SERVE = [
    Env("busy-port", "`serve --port N` where port N is in use", held_port,
        [SERVE_ERROR + "port N on 127.0.0.1 is in use (by another briefing serve?): stop what "
         "uses it, or choose another --port (without --port, a free one is found)"]),
    Env("not-this-machine", "`serve --host` with an address of another machine",
        args("serve", "--host", "192.0.2.1", "--port", "0"),
        [SERVE_ERROR + "cannot listen on 192.0.2.1: it is not an address of this machine; use "
         "127.0.0.1 (this machine only) or 0.0.0.0 (the local network too)"]),
    Env("broken-netlify-toml", "a netlify.toml that is not valid TOML",
        then(lambda project: (project / "netlify.toml").write_text('[[headers]]\nfor = "/*\n'),
             "serve", "--port", "0"),
        [SERVE_ERROR + "netlify.toml cannot be read (Illegal character '\\n' (at line 2, column "
         "10)): fix it, since Netlify reads it too"]),
    Env("serve-templates-missing", "`serve --templates` names a folder that does not exist",
        args("serve", "--templates", "nowhere", "--port", "0"),
        ["briefing: error: --templates nowhere: no such folder"], status=2),
]
OTHER = [
    Env("schemas-into-a-file", "`schemas --out` names a file",
        then(a_file, "schemas", "--out", "notes.txt"),
        ["briefing schemas: error: cannot write notes.txt: file exists; a file stands where a "
         "folder belongs: move it, or choose another folder"]),
    Env("new-in-a-read-only-folder", "`new` where the profiles of that kind are read-only",
        args("new", "person", "leader-c"),
        ["briefing new: error: cannot write content/profiles/person/leader-c.yaml: permission "
         "denied; make content/profiles/person writable, or choose another folder"],
        read_only=("content/profiles/person",)),
]
USAGE = [
    Env("base-url-option", "`--base-url` that is not an http(s) URL with a host",
        args("build", "--base-url", "https:///"),
        ["briefing build: error: argument --base-url: an http:// or https:// URL with a host and "
         "no query or fragment, such as https://briefing.example.org/, not 'https:///'"],
        status=2),
]
GROUPS = {"Output folder": OUTPUT, "Build cache": CACHE, "Templates": TEMPLATES,
          "Content that cannot be read": CONTENT, "briefing serve": SERVE,
          "briefing new and briefing schemas": OTHER,
          "Usage (status 2)": USAGE}
CASES = [case for cases in GROUPS.values() for case in cases]


def drop_overrides() -> None:  # pragma: no cover - runs in the child, before exec
    """Give up the capabilities that let root read and write whatever the permissions say."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in OVERRIDES:
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def run(project: Path, argv: list[str], inject: str = "", restricted: bool = False,
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", inject, *argv] if inject else \
        [sys.executable, "-m", "generator", *argv]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "HOME": str(project / "home")},
                          preexec_fn=drop_overrides if restricted and os.geteuid() == 0 else None)


def permissions_bind(folder: Path) -> bool:
    """True if a read-only folder stops this test's commands from writing in it."""
    locked = folder / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        probe = run(folder, ["-c", f"open({str(locked / 'x')!r}, 'w')"], restricted=True)
    except subprocess.SubprocessError:  # the capabilities could not be given up
        return False
    finally:
        locked.chmod(0o755)
    return probe.returncode != 0


def tree(project: Path) -> dict[str, bytes | str]:
    """Every entry of the project but the build cache: a file's bytes, or what it is."""
    found: dict[str, bytes | str] = {}
    for folder, dirs, files in os.walk(project):
        rel = Path(folder).relative_to(project)
        dirs[:] = [d for d in dirs if not (rel == Path(".") and d == ".briefing-cache")]
        for name in dirs + files:
            path = Path(folder) / name
            info = path.lstat()
            key = (rel / name).as_posix()
            if stat.S_ISREG(info.st_mode) and os.access(path, os.R_OK):
                found[key] = path.read_bytes()
            else:
                target = os.readlink(path) if path.is_symlink() else ""
                found[key] = f"{stat.filemode(info.st_mode)} {target}"
    return found


def masked(text: str) -> str:
    """The lines with what changes from run to run (a random name, a free port) masked."""
    return re.sub(r"port \d+ ", "port N ", re.sub(r"\.new-[A-Za-z0-9_]{8}", ".new-XXXXXXXX",
                                                  text))


@pytest.fixture
def project(tmp_path: Path) -> Any:
    """A project with content/ and a site built from it."""
    folder = tmp_path / "project"
    shutil.copytree(MINI, folder / "content")
    (folder / "home").mkdir()
    built = run(folder, ["build"])
    assert built.returncode == 0, built.stderr
    yield folder
    while HELD:
        HELD.pop().close()
    for path in [folder, *folder.rglob("*")]:  # what a case made read-only, writable again
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_case_names_are_unique() -> None:
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_hostile_environment_gives_one_clear_line_and_keeps_everything(
        case: Env, project: Path, tmp_path: Path) -> None:
    if case.name == "mount-point" and not mount_point():
        pytest.skip("no mount point to point --out at (/proc, /sys or /dev)")
    argv = case.setup(project)
    if case.read_only:
        if not permissions_bind(tmp_path):
            pytest.skip("running as root without the capability to give up overriding "
                        "permissions (CAP_SETPCAP), so no folder can be read-only to it")
        for rel in case.read_only:
            (project / rel).chmod(case.mode)
    before = tree(project)
    result = run(project, argv, case.inject, restricted=bool(case.read_only), timeout=60)
    assert "Traceback" not in result.stderr
    lines = masked(result.stderr).splitlines()
    if case.status == 2:  # argparse's usage first, as wide as the terminal
        assert lines[0].startswith("usage: briefing ")
        lines = lines[-1:]
    assert lines == case.lines
    assert result.returncode == case.status
    assert tree(project) == before  # the previous site, and every other file, as it was
    assert not [p for p in project.iterdir() if p.name.startswith((".site.", ".mine."))]


INTRO = """\
Every environment problem `briefing` is tested with (`tests/test_environments.py`), each
made for real in a scratch project that already holds a built site, and exactly what the
command prints for it. In every case it exits with status 1 (2 for a usage error), shows no
traceback, and leaves the previous `site/` and every other file byte for byte as they were.
A problem of the environment is one line, `briefing <command>: error: ` and what to do; a
usage error (an option that does not parse, or a `--templates` folder that is not there) is
`briefing: error: ` after the command's usage, with status 2; a file or folder of the content that cannot
be read is a content error, at its path like every other. `N` stands for a port number and
`XXXXXXXX` for the random part of a folder's name.

A read-only folder is read-only for real: when the tests run as root, the command runs
without the capabilities that let root write anywhere. A full disk is the one condition
made by injecting `ENOSPC` into the build's writes (after {after} files)."""


def catalogue_markdown() -> str:
    """docs/hostile-environments.md, generated from the cases."""
    lines = ["# Hostile environments", "", *INTRO.format(after=ENOSPC_AFTER).split("\n"), ""]
    for group, cases in GROUPS.items():
        lines += [f"## {group}", ""]
        for case in cases:
            lines.append(f"- `{case.name}`: {case.what}")
            lines += [f"  - `{line}`" for line in case.lines]
        lines.append("")
    return "\n".join(lines)


def test_the_docs_list_every_case_with_what_it_prints() -> None:
    text = catalogue_markdown()
    if os.environ.get("BRIEFING_UPDATE_CATALOGUE"):
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(text, encoding="utf-8")
    assert DOC.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("name", ["outputs.json", "a file of the memo"])
def test_a_named_pipe_in_the_cache_is_ignored_not_waited_on(project: Path, name: str) -> None:
    """The cache's own files are never waited on: a pipe in their place is a damaged cache,
    ignored and written anew."""
    cache = project / ".briefing-cache"
    path = cache / name if name.endswith(".json") else \
        sorted(p for p in (cache / "memo").rglob("*") if p.is_file())[0]
    path.unlink()
    os.mkfifo(path)
    (project / "content/site.yaml").write_text(
        (project / "content/site.yaml").read_text().replace("Test Briefing", "Edited Briefing"))
    result = run(project, ["build"], timeout=60)
    assert result.returncode == 0, result.stderr
    assert "could not be used" in result.stderr and "is not a file" in result.stderr
    assert not path.is_fifo()
    assert b"Edited Briefing" in (project / "site/index.html").read_bytes()
