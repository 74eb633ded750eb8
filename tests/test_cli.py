"""The command line's conventions: --version, help, -q and -v, progress, exit statuses."""

from __future__ import annotations

import argparse
import io
import time
from pathlib import Path

import pytest

from generator import __version__, cli
from generator.progress import Progress
from tests.conftest import MINI, run_cli


def test_version(tmp_path: Path) -> None:
    result = run_cli("--version", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == f"briefing {__version__}\n"


def test_every_option_of_every_command_has_help() -> None:
    parser = cli._parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(commands.choices) == {"build", "check", "serve", "new", "init", "schemas"}
    for name, sub in [("briefing", parser), *commands.choices.items()]:
        for action in sub._actions:
            assert action.help, (name, action.dest)


def test_a_command_line_that_does_not_parse_exits_with_2(tmp_path: Path) -> None:
    assert run_cli("frobnicate", cwd=tmp_path).returncode == 2
    assert run_cli("build", "--no-such-option", cwd=tmp_path).returncode == 2
    assert run_cli("build", "-q", "-v", cwd=tmp_path).returncode == 2


def test_content_errors_exit_with_1(tmp_path: Path) -> None:
    result = run_cli("check", "--content", "missing", cwd=tmp_path)
    assert result.returncode == 1
    assert "error[missing-dir]" in result.stderr.splitlines()[0]


def fail(*args: object, **kwargs: object) -> None:
    raise RuntimeError("the renderer fell over\nwith a second line")


@pytest.mark.parametrize("verbose", [False, True])
def test_an_internal_failure_is_one_line_asking_for_a_report_and_exit_70(
        verbose: bool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(cli, "check", fail)
    status = cli.main(["check", "--content", str(MINI), *(["-v"] if verbose else [])])
    err = capsys.readouterr().err
    assert status == 70
    last = ("briefing: internal error: RuntimeError: the renderer fell over with a second line; "
            + cli.BUG_REPORT)
    assert err.splitlines()[-1] == last
    assert ("Traceback (most recent call last)" in err) == verbose
    if not verbose:
        assert err == last + "\n"


def test_quiet_prints_nothing_on_success_and_verbose_prints_stage_times(tmp_path: Path) -> None:
    quiet = run_cli("build", "-q", "--content", str(MINI), "--out", "site", cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    verbose = run_cli("build", "-v", "--no-cache", "--content", str(MINI), "--out", "site",
                      cwd=tmp_path)
    assert verbose.returncode == 0
    stages = [part.rsplit(" ", 2)[0] for part in verbose.stderr.strip().split(", ")]
    assert stages == ["load", "validate", "link", "render", "search index"]
    assert verbose.stdout.startswith("built ")
    again = run_cli("-v", "check", "--content", str(MINI), cwd=tmp_path)  # before the command
    assert again.returncode == 0 and "editorial checks" in again.stderr


class Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("tty", [False, True])
def test_a_build_longer_than_a_second_shows_its_stage(tty: bool,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "PROGRESS_AFTER", 0.05)
    stream, progress = Stream(tty), Progress()
    with cli.ProgressLine(progress, stream):
        progress.stage("load")
        time.sleep(0.7)
        progress.stage("render")
        time.sleep(0.7)
    shown = stream.getvalue()
    if tty:  # one line, rewritten in place and cleared at the end
        assert "\n" not in shown and shown.endswith("\r\033[K")
        assert "building: load" in shown and "building: render" in shown
    else:  # a line per stage
        assert [line.split(" (")[0] for line in shown.splitlines()] == [
            "building: load", "building: render"]


def test_a_quick_build_shows_no_progress() -> None:
    stream, progress = Stream(False), Progress()
    with cli.ProgressLine(progress, stream):
        progress.stage("load")
    assert stream.getvalue() == ""
