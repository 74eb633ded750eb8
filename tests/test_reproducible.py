"""The same content always builds to the same bytes, whatever the machine, clock or checkout.

The real briefing is copied to two different places, with different file times and creation
order, and built by the command line in processes that differ in hash seed, time zone, locale,
SOURCE_DATE_EPOCH and even in what the clock says.
"""

from __future__ import annotations

import locale
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.rendering.parts import display_date
from tests.conftest import REPO, snapshot

CONTENT = REPO / "content"

# Runs the command line with time.time and datetime's now/today pinned to a given moment, so a
# date taken from the clock would show up as a difference between two builds.
FAKE_CLOCK = """
import datetime, sys, time
moment = float(sys.argv.pop(1))
real_localtime, real_gmtime, real_strftime = time.localtime, time.gmtime, time.strftime
time.time = lambda: moment
time.time_ns = lambda: int(moment * 1e9)
time.localtime = lambda secs=None: real_localtime(moment if secs is None else secs)
time.gmtime = lambda secs=None: real_gmtime(moment if secs is None else secs)
time.strftime = lambda fmt, t=None: real_strftime(fmt, real_localtime(moment) if t is None else t)

class FakeDateTime(datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return cls.fromtimestamp(moment, tz)

    @classmethod
    def utcnow(cls):
        return cls.utcfromtimestamp(moment)

    @classmethod
    def today(cls):
        return cls.fromtimestamp(moment)

class FakeDate(datetime.date):
    @classmethod
    def today(cls):
        return cls.fromtimestamp(moment)

datetime.datetime, datetime.date = FakeDateTime, FakeDate
from generator.cli import main
sys.exit(main(sys.argv[1:]))
"""


def copy_content(target: Path, mtime: float, reverse: bool) -> Path:
    """Copy the briefing, creating files in the given order and giving them the given time."""
    files = sorted((p for p in CONTENT.rglob("*") if p.is_file()), reverse=reverse)
    for path in files:
        copy = target / path.relative_to(CONTENT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
    for path in [target, *target.rglob("*")]:
        os.utime(path, (mtime, mtime))
    return target


def build_in(workdir: Path, content: Path, clock: float, env: dict[str, str]) -> dict[str, bytes]:
    base = {k: v for k, v in os.environ.items() if k not in
            ("PYTHONHASHSEED", "TZ", "LC_ALL", "LANG", "LC_TIME", "SOURCE_DATE_EPOCH")}
    base["PYTHONPATH"] = str(REPO)
    result = subprocess.run(
        [sys.executable, "-c", FAKE_CLOCK, str(clock), "build", "--content", str(content),
         "--out", "site"], cwd=workdir, env={**base, **env}, capture_output=True, text=True,
        timeout=120)
    assert result.returncode == 0, result.stderr
    return snapshot(workdir / "site")


def test_two_builds_in_different_worlds_are_byte_identical(tmp_path: Path) -> None:
    first_dir = tmp_path / "a"
    second_dir = tmp_path / "checkout two" / "déjà vu" / "deeper"
    first_dir.mkdir()
    second_dir.mkdir(parents=True)
    first = build_in(first_dir, copy_content(first_dir / "content", 1e9, reverse=False),
                     clock=1e9, env={"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C",
                                     "SOURCE_DATE_EPOCH": "1000000000"})
    second = build_in(second_dir, copy_content(second_dir / "briefing", 2e9, reverse=True),
                      clock=2e9, env={"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati",
                                      "LC_ALL": "de_DE.UTF-8", "LANG": "fr_FR.UTF-8",
                                      "SOURCE_DATE_EPOCH": "2000000000"})
    assert sorted(first) == sorted(second)
    different = [path for path in first if first[path] != second[path]]
    assert different == []


def test_every_date_shown_comes_from_the_content(tmp_path: Path) -> None:
    site = build_in(tmp_path, CONTENT, clock=2e9, env={"TZ": "UTC"})
    written = set()
    for path in CONTENT.rglob("*"):
        if path.is_file():
            written |= set(re.findall(r"\b\d{4}(?:-\d{2}(?:-\d{2})?)?\b", path.read_text()))
    shown = set()
    for path, data in site.items():
        if path.endswith(".html"):
            shown |= set(re.findall(r'datetime="([^"]*)"', data.decode()))
    assert shown and shown <= written
    pages = b"".join(data for path, data in site.items() if path.endswith(".html")).decode()
    assert "2033" not in pages  # the year the clock claimed


@pytest.mark.parametrize("name", ["de_DE.UTF-8", "fr_FR.UTF-8", "ru_RU.UTF-8", "ko_KR.UTF-8"])
def test_month_names_do_not_follow_the_process_locale(name: str) -> None:
    saved = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, name)
    except locale.Error:
        pytest.skip(f"locale {name} is not installed")
    try:
        assert display_date("2023-09-13") == "13 September 2023"
        assert display_date("2023-05") == "May 2023"
    finally:
        locale.setlocale(locale.LC_TIME, saved)
