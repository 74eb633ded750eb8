"""When each content file last changed, as git tells it: the date of the latest commit that
changed the file, for the files a git checkout holds as committed.

    commit_dates(content_dir) -> {path as the loader names it: 'YYYY-MM-DD'}

Outside a git checkout (or without git) there are none, and pages fall back on the dates their
content gives. A file changed since its last commit, or never committed, has none either: no
commit says when it took its present form. Nothing here depends on the clock, so the same
checkout always gives the same dates.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from generator.content.files import content_label
from generator.memo import Memo, key

TIMEOUT_SECONDS = 60


def _git(content_dir: Path, *args: str) -> str | None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    environment["LC_ALL"] = "C"
    try:
        done = subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=content_dir,
                              capture_output=True, text=True, encoding="utf-8",
                              errors="replace", timeout=TIMEOUT_SECONDS, env=environment)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def commit_dates(content_dir: Path, memo: Memo | None = None) -> dict[str, str]:
    """By file (named as the loader names it): the committer date of its latest commit.

    The history is read once per commit checked out (memo space "history"); which files
    differ from it is asked on every build."""
    if not Path(content_dir).is_dir():
        return {}
    head = _git(content_dir, "rev-parse", "HEAD")
    if head is None:
        return {}
    changed = _git(content_dir, "diff", "--name-only", "--relative", "HEAD", "--", ".")
    untracked = _git(content_dir, "ls-files", "--others", "--exclude-standard", "--", ".")
    if changed is None or untracked is None:
        return {}
    memo = memo if memo is not None else Memo()
    dates: dict[str, str] | None = memo.get("history", key(head.strip(), str(
        Path(content_dir).resolve())), lambda: _dates(content_dir))
    if dates is None:
        return {}
    differ = set((changed + "\n" + untracked).split("\n"))
    label = content_label(Path(content_dir))
    prefix = f"{label}/" if label else ""
    return {prefix + name: day for name, day in sorted(dates.items()) if name not in differ}


def _dates(content_dir: Path) -> dict[str, str]:
    """By file, relative to the content folder: the date of the latest commit that changed it."""
    log = _git(content_dir, "log", "--format=%x00%cs", "--name-only", "--relative",
               "--no-renames", "--", ".")
    dates: dict[str, str] = {}
    for entry in (log or "").split("\0")[1:]:
        day, _, names = entry.partition("\n")
        for name in names.split("\n"):
            if name and day > dates.get(name, ""):
                dates[name] = day
    return dates
