"""Where a build may write: an output folder it may replace whole, and a usable build cache.

A build replaces its output folder whole, so the folder must be absent, empty, or one it built
before (it holds the MARKER file every build writes, and no git repository). It is never the
content, templates or cache folder, inside or above one of them, the working folder or a folder
above it, the home folder or the root of a file system; never a file or a mount point. A symbolic link at the
output path is followed on purpose: the folder it leads to is replaced, and the link keeps
leading to the new site. Each refusal is an EnvironmentProblem: one line naming the folder and
what to do, before anything is written.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from generator.diagnostics import EnvironmentProblem, printable

MARKER = ".briefing-site"
MARKER_TEXT = (b"This folder is a site written by `briefing build`, which replaces the whole "
               b"folder on every build:\nkeep nothing else in it.\n")
IGNORED = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})  # made by file browsers
SUGGESTION = "choose a folder of its own, such as --out site"


def shown(path: Path | str) -> str:
    """A path as a message shows it: relative to the working folder when it is inside it,
    quoted when it holds spaces, control characters escaped."""
    if Path(path).is_absolute():
        try:
            path = Path(path).relative_to(Path.cwd())
        except ValueError:
            pass
    text = printable(str(path))
    return text if text and not any(ch.isspace() for ch in text) else repr(text)


def output_folder(out: Path | str, content_dir: Path | None = None,
                  templates_dir: Path | None = None, cache_dir: Path | None = None) -> Path:
    """The folder a build writes its site into (where a link at `out` leads), or an
    EnvironmentProblem saying why it may not."""
    if not str(out).strip():
        raise EnvironmentProblem("the output folder is an empty string (an unset variable in "
                                 f"--out \"$DIR\"?): {SUGGESTION}")
    name = f"output folder {shown(out)}"
    folder = _resolved(Path(out), name)
    if Path(out).is_symlink():
        name += f" (a link to {shown(folder)})"
    problem = _misplaced(folder, content_dir, templates_dir, cache_dir)
    if problem:
        raise EnvironmentProblem(f"{name} {problem}")
    check_replaceable(folder, name)
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        raise EnvironmentProblem(f"{name} is read-only: make it writable (chmod -R u+w "
                                 f"{shown(out)}), or choose another folder")
    _check_writable_parent(folder, f"cannot create the new site beside the {name}")
    return folder


def check_replaceable(folder: Path, name: str) -> None:
    """Refuse a folder a build may not replace whole: a file, a mount point, or a folder
    holding files no build wrote."""
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        return
    except NotADirectoryError:
        raise EnvironmentProblem(f"{name} cannot be made: {shown(_first_file(folder))} is a file, "
                                 f"not a folder; {SUGGESTION}") from None
    except OSError as exc:
        raise EnvironmentProblem(f"{name} cannot be read ({exc.strerror}); {SUGGESTION}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise EnvironmentProblem(f"{name} is {_kind(info.st_mode)}, not a folder; {SUGGESTION}")
    if os.path.ismount(folder):
        raise EnvironmentProblem(f"{name} is a mount point, which cannot be replaced whole: "
                                 f"build into a folder inside it, such as --out "
                                 f"{shown(folder / 'site')}")
    try:
        entries = set(os.listdir(folder)) - IGNORED
    except OSError as exc:
        raise EnvironmentProblem(f"{name} cannot be read ({exc.strerror}): make it readable, "
                                 "or choose another folder") from None
    if entries and not (folder / MARKER).is_file():
        raise EnvironmentProblem(f"{name} holds files that briefing did not write (it has no "
                                 f"{MARKER} file), and a build replaces the whole folder: move "
                                 "them away, or choose an empty or new folder")
    if ".git" in entries:  # never written by a build; a repository lost is lost for good
        raise EnvironmentProblem(f"{name} holds a git repository (.git), which a build would "
                                 "delete with the rest of the folder: build into a folder of its "
                                 "own, and copy the site into the repository from there")


def cache_folder(cache: Path, content_dir: Path | None = None,
                 out_dir: Path | None = None) -> Path:
    """The build cache folder, usable; or an EnvironmentProblem saying why it is not."""
    name = f"build cache {shown(cache)}"
    fix = "choose another --cache, or build with --no-cache"
    folder = _resolved(cache, name)
    for label, other in (("content folder", content_dir), ("output folder", out_dir)):
        if other is None:
            continue
        place = other.resolve()
        if folder == place or folder.is_relative_to(place) or place.is_relative_to(folder):
            where = ("is" if folder == place else "is inside" if folder.is_relative_to(place)
                     else "holds")
            raise EnvironmentProblem(f"{name} {where} the {label} {shown(other)}: {fix}")
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        _check_writable_parent(folder, f"cannot make the {name}", fix)
        return folder
    except NotADirectoryError:
        raise EnvironmentProblem(f"{name} cannot be made: {shown(_first_file(folder))} is a "
                                 f"file, not a folder; {fix}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise EnvironmentProblem(f"{name} is {_kind(info.st_mode)}, not a folder: remove it, or "
                                 f"{fix}")
    if not os.access(folder, os.R_OK | os.W_OK | os.X_OK):
        raise EnvironmentProblem(f"{name} is read-only: make it writable, or {fix}")
    return folder


def templates_folder(templates: Path) -> Path:
    """The templates folder, if it is one; or an EnvironmentProblem."""
    name = f"templates folder {shown(templates)}"
    if not templates.exists():
        raise EnvironmentProblem(f"{name} does not exist: check the path, or leave out "
                                 "--templates to use the default templates")
    if not templates.is_dir():
        raise EnvironmentProblem(f"{name} is not a folder: name the folder that holds the "
                                 "templates, or leave out --templates")
    return templates


def reason(exc: OSError) -> str:
    """What the system said, in the words of a message."""
    return (exc.strerror or str(exc)).lower()


def disk_fix(exc: OSError, folder: Path, otherwise: str) -> str:
    """What to do about a failure of the disk in a folder."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "free some space, then try again"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"make {shown(folder)} writable, {otherwise}"
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):
        return f"a file stands where a folder belongs: move it, {otherwise}"
    return "fix that, then try again"


GENERATOR_DIR = Path(__file__).resolve().parents[1]  # the installed generator's own files


def disk_problem(exc: OSError) -> str:
    """A failure of the disk outside a build, as one line (a command's `--out` ...); a file
    of the installed generator that cannot be read is a damaged installation."""
    path = Path(exc.filename) if exc.filename else Path.cwd()
    if path.is_absolute() and GENERATOR_DIR in path.parents:
        return (f"cannot read {path}, a file of Briefing itself: {reason(exc)}; the "
                "installation is damaged: install Briefing again")
    return (f"cannot write {shown(path)}: {reason(exc)}; "
            f"{disk_fix(exc, path.parent, 'or choose another folder')}")


def _resolved(path: Path, name: str) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links
        raise EnvironmentProblem(f"{name} is a symbolic link that leads round in a loop: "
                                 "point it at a folder, or choose another") from None


def _misplaced(folder: Path, content_dir: Path | None, templates_dir: Path | None,
               cache_dir: Path | None) -> str | None:
    """Why the output may not be this folder, by where it is; None if it may."""
    replaced = f"and a build replaces its output folder whole: {SUGGESTION}"
    if folder == Path(folder.anchor):
        return f"is the root of the file system, {replaced}"
    cwd = Path.cwd().resolve()
    if folder == cwd:
        return f"is the working folder, {replaced}"
    if cwd.is_relative_to(folder):
        return f"holds the working folder, {replaced}"
    try:
        home = Path.home().resolve()
    except (RuntimeError, KeyError):  # no home folder known
        home = None
    if home is not None and folder == home:
        return f"is your home folder, {replaced}"
    if home is not None and home.is_relative_to(folder):
        return f"holds your home folder, {replaced}"
    for label, other in (("content folder", content_dir), ("templates folder", templates_dir),
                         ("build cache", cache_dir)):
        if other is None:
            continue
        place = other.resolve()
        if folder == place:
            return f"is the {label}, {replaced}"
        if place.is_relative_to(folder) and other is not cache_dir:  # (a cache inside the
            return f"holds the {label} {shown(other)}, {replaced}"    # output: cache_folder)
        if folder.is_relative_to(place):
            return (f"is inside the {label} {shown(other)}, where the build would find its own "
                    f"output: choose a folder outside it, such as --out site")
    return None


def _check_writable_parent(folder: Path, doing: str,
                           fix: str = "or choose another folder") -> None:
    """Refuse when the nearest folder that exists above `folder` is not writable (a build
    makes its new site, or the cache, there)."""
    parent = folder.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if parent.is_dir() and not os.access(parent, os.W_OK | os.X_OK):
        raise EnvironmentProblem(f"{doing}: {shown(parent)} is read-only: make it writable, "
                                 f"{fix}")
    if parent.exists() and not parent.is_dir():
        raise EnvironmentProblem(f"{doing}: {shown(parent)} is a file, not a folder; {fix}")


def _first_file(path: Path) -> Path:
    """The first part of a path that exists and is not a folder."""
    for part in reversed(path.parents):
        if part.exists() and not part.is_dir():
            return part
    return path


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a file"
