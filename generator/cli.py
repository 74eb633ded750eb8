"""The `briefing` command line.

Exit status: 0 when all went well; 1 for errors in the content and problems with the
environment the user can fix; 2 for a command line that does not parse; 70 (EX_SOFTWARE) for an
unexpected failure inside Briefing, reported in one line (the traceback only with -v).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import threading
import time
import traceback
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path
from typing import Callable, NoReturn, TextIO

from generator import __version__
from generator.build import DEFAULT_TEMPLATES, BuildResult, build, check, collect_less
from generator.content.schema import BASE_URL, BASE_URL_PATTERN, PROFILE_KINDS
from generator.diagnostics import EnvironmentProblem, Severity, printable
from generator.output.folders import disk_problem
from generator.progress import Progress

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70
DEFAULT_PORT = 8000
PROGRESS_AFTER = 1.0  # seconds a build runs before it shows what it is doing
PROJECT_TEMPLATES = Path("templates")  # a project's own templates, if it has the folder
BUG_REPORT = ("this is a bug in Briefing, not in your content: please report it with the "
              "command you ran and the output of the same command with -v")


def _report(result: BuildResult, fmt: str, quiet: bool = False, verbose: bool = False) -> None:
    for diagnostic in result.diagnostics:
        line = diagnostic.format_github() if fmt == "github" else diagnostic.format(verbose)
        print(line, file=sys.stderr if fmt == "text" else sys.stdout)
    errors = sum(d.severity is Severity.ERROR for d in result.diagnostics)
    warnings = len(result.diagnostics) - errors
    if result.diagnostics and fmt == "text" and not quiet:
        print(f"{_count(errors, 'error')}, {_count(warnings, 'warning')}", file=sys.stderr)


def _verbosity(parser: argparse.ArgumentParser, default: object) -> None:
    """-q and -v, on the main parser and again after each command (`briefing build -v`)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_true", default=default,
                       help="print only problems: no progress, summary or timings")
    group.add_argument("-v", "--verbose", action="store_true", default=default,
                       help="also print the time each stage took, what the YAML parser or "
                       "Jinja said of a problem in its own words, and the traceback of an "
                       "internal failure")


def _content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                        help="the content folder, holding site.yaml (default: content)")


def _templates_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--templates", type=Path, metavar="DIR",
                        help="your own templates and static files, each overriding the default "
                        "of the same name (default: templates, if that folder exists)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing", description="Build a cross-linked intelligence briefing from a folder "
        "of Markdown and YAML.", epilog="Exit status: 0 ok, 1 errors in the content (or a "
        "problem you can fix, such as an unwritable folder), 2 a command line that does not "
        "parse, 70 a failure inside Briefing (please report it).")
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    _verbosity(parser, False)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     help="what to do; briefing COMMAND -h says more")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text[:1].upper()
                                  + help_text[1:] + ".")
        _verbosity(sub, argparse.SUPPRESS)
        return sub

    build_cmd = command("build", "build the site into a folder, with its search index")
    _content_option(build_cmd)
    build_cmd.add_argument("--out", default="site", metavar="DIR",  # as written: "" is refused
                           help="the folder to write the site into; replaced whole, and only "
                           "when the build succeeds (default: site)")
    _templates_option(build_cmd)
    build_cmd.add_argument("--base-url", metavar="URL", type=_base_url,
                           help="absolute URL the site is published at: adds canonical URLs, "
                           "sitemap.xml and robots.txt (default: base_url in site.yaml)")
    build_cmd.add_argument("--cache", type=Path, default=Path(".briefing-cache"), metavar="DIR",
                           help="folder of the build cache (default: .briefing-cache)")
    build_cmd.add_argument("--no-cache", action="store_true",
                           help="build from scratch; neither read nor write the build cache")
    build_cmd.add_argument("--no-search", action="store_true",
                           help="skip the search index (a quicker draft build; search will not work)")

    check_cmd = command("check", "validate and link everything, with editorial warnings; "
                        "write nothing")
    _content_option(check_cmd)
    check_cmd.add_argument("--format", choices=("text", "github"), default="text",
                           help="text: path:line:col: severity[code]: message; "
                           "github: GitHub Actions annotations (default: text)")
    check_cmd.add_argument("--strict", action="store_true",
                           help="treat warnings as errors (as the pull-request checks do)")

    serve_cmd = command("serve", "build, serve on this computer, rebuild and reload on every "
                        "save")
    _content_option(serve_cmd)
    _templates_option(serve_cmd)
    serve_cmd.add_argument("--host", default="127.0.0.1", metavar="ADDRESS",
                           help="address to listen on (default: 127.0.0.1, this computer only)")
    serve_cmd.add_argument("--port", type=int,
                           help=f"port to listen on (default: {DEFAULT_PORT}, or the next free "
                           "one if it is in use)")

    new_cmd = command("new", "scaffold a profile, article or glossary term with every field "
                      "explained")
    new_cmd.add_argument("kind", choices=(*PROFILE_KINDS, "article", "term"),
                         help="what to make: " + ", ".join((*PROFILE_KINDS, "article", "term")))
    new_cmd.add_argument("id", help="its id: lower-case letters, digits and hyphens, e.g. "
                         "kim-jong-un")
    _content_option(new_cmd)

    init_cmd = command("init", "start a new briefing project in a folder")
    init_cmd.add_argument("folder", type=Path, metavar="DIR",
                          help="the folder to make; it must not exist or be empty")

    schemas_cmd = command("schemas", "write the JSON Schemas editors use to check content files")
    schemas_cmd.add_argument("--out", type=Path, default=Path("schemas"), metavar="DIR",
                             help="the folder to write them into (default: schemas)")
    return parser


def _base_url(text: str) -> str:
    if not re.fullmatch(BASE_URL_PATTERN, text):
        raise argparse.ArgumentTypeError(f"{BASE_URL.what}, not {text!r}")
    return text


def _templates(parser: argparse.ArgumentParser, given: Path | None) -> Path:
    """The project's templates folder: the one given, or ./templates if it exists."""
    if given is None:
        return PROJECT_TEMPLATES if PROJECT_TEMPLATES.is_dir() else DEFAULT_TEMPLATES
    if not given.is_dir():
        parser.error(f"--templates {given}: no such folder")
    return given


class ProgressLine:
    """Shows what a build is doing once it has run for a second: on a terminal one line,
    rewritten as the build goes on; elsewhere (a CI log) a line for each new stage."""

    def __init__(self, progress: Progress, stream: TextIO = sys.stderr) -> None:
        self.progress = progress
        self.stream = stream
        self.tty = stream.isatty()
        self._stop = threading.Event()
        self._shown = ""
        self._thread = threading.Thread(target=self._run, name="briefing-progress", daemon=True)

    def __enter__(self) -> ProgressLine:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        if self.tty and self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()

    def _run(self) -> None:
        if self._stop.wait(PROGRESS_AFTER):
            return
        while True:
            stage = self.progress.current
            if stage and (self.tty or stage != self._shown):
                line = f"building: {stage} ({self.progress.elapsed():.0f} s)"
                self.stream.write(f"\r\033[K{line}" if self.tty else line + "\n")
                self.stream.flush()
                self._shown = stage
            if self._stop.wait(0.5):
                return


def _new(args: argparse.Namespace) -> int:
    try:
        from generator.authoring.scaffold import create  # commands import what they use

        path = create(args.content, args.kind, args.id)
    except (ValueError, FileExistsError) as exc:
        print(f"briefing new: error: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    if not args.quiet:
        made = f"added the term '{args.id}' to {path}" if args.kind == "term" else \
            f"created {path}"
        print(f"{made}; fill it in, then run briefing check")
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    from generator.authoring.project import init

    try:
        made = init(args.folder)
    except (FileExistsError, NotADirectoryError) as exc:
        print(f"briefing init: error: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    if not args.quiet:
        print(f"created a briefing in {args.folder} ({len(made)} files). Next:\n"
              f"    cd {args.folder}\n    briefing serve      # preview at http://127.0.0.1:8000/\n"
              "Replace every example (briefing check --strict names what is left), then "
              "publish: see README.md there.")
    return EXIT_OK


def _schemas(args: argparse.Namespace) -> int:
    from generator.authoring.scaffold import write_schemas

    for path in write_schemas(args.out):
        if not args.quiet:
            print(f"wrote {path}")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    progress = Progress()
    with ProgressLine(progress) if not args.quiet else nullcontext():
        result = check(args.content, editorial=True, progress=progress)
    if args.strict:
        result.diagnostics = [replace(d, severity=Severity.ERROR) for d in result.diagnostics]
    _report(result, args.format, args.quiet, args.verbose)
    if args.verbose:
        print(progress.summary(), file=sys.stderr)
    if result.ok and args.format == "text" and not args.quiet:
        c = result.content
        assert c is not None
        print(f"ok: {_count(len(c.articles), 'article')}, "
              f"{_count(len(c.profiles), 'profile')}, {_count(len(c.terms), 'term')}, "
              f"{_count(len(c.comparisons), 'comparison')}")
    return EXIT_OK if result.ok else EXIT_ERRORS


def _count(number: int, noun: str) -> str:
    """'1 term', '2 terms'."""
    return f"{number} {noun}{'s' if number != 1 else ''}"


def _build(args: argparse.Namespace, templates: Path) -> int:
    collect_less()
    progress = Progress()
    workers = (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)
    with ProgressLine(progress) if not args.quiet else nullcontext():
        result = build(args.content, args.out, templates, args.base_url,
                       None if args.no_cache else args.cache, search=not args.no_search,
                       workers=workers, progress=progress)
    for notice in result.notices:
        print(f"briefing: {notice}", file=sys.stderr)
    _report(result, "text", args.quiet, args.verbose)
    if args.verbose:
        print(progress.summary() or "nothing changed: nothing to do", file=sys.stderr)
    if not result.ok:
        kept = "was left unchanged" if os.path.lexists(args.out) else "was not made"
        print(f"build failed; {args.out} {kept}", file=sys.stderr)
        return EXIT_ERRORS
    if not args.quiet:
        pages = sum(1 for p in result.files if p.endswith(".html"))
        print(f"built {pages} pages into {args.out} in {progress.elapsed():.2f}s")
    return EXIT_OK


def _serve(args: argparse.Namespace, templates: Path) -> int:
    from generator.authoring.serve import DevServer

    def report(result: BuildResult, seconds: float, changed: list[str]) -> None:
        stamp = time.strftime("%H:%M:%S")
        if changed and not args.quiet:
            print(f"[{stamp}] changed: {', '.join(changed)}", flush=True)
        if result.ok:
            _report(result, "text", args.quiet)  # the editorial warnings, if any
            if not args.quiet:
                print(f"[{stamp}] built {sum(p.endswith('.html') for p in result.files)} pages "
                      f"({result.stats.rendered} rendered) in {seconds * 1000:.0f} ms",
                      flush=True)
        else:
            _report(result, "text", args.quiet, args.verbose)
            print(f"[{stamp}] build failed; still serving the last good site", flush=True)

    server = DevServer(args.content, templates, args.host,
                       DEFAULT_PORT if args.port is None else args.port, report,
                       port_given=args.port is not None)
    if args.port is None and server.port != DEFAULT_PORT:
        print(f"port {DEFAULT_PORT} is in use; serving on port {server.port} instead", flush=True)
    server.start()
    print(f"serving {args.content} on http://{args.host}:{server.port}/ "
          "(Ctrl+C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
    return EXIT_OK


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Carry out a parsed command line; its exit status."""
    commands: dict[str, Callable[[], int]] = {
        "new": lambda: _new(args),
        "init": lambda: _init(args),
        "schemas": lambda: _schemas(args),
        "check": lambda: _check(args),
        "build": lambda: _build(args, _templates(parser, args.templates)),
        "serve": lambda: _serve(args, _templates(parser, args.templates)),
    }
    return commands[args.command]()


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)  # exits with status 2 on a usage error
    try:
        return run(args, parser)
    except KeyboardInterrupt:
        return 130  # as a shell reports Ctrl+C
    except EnvironmentProblem as problem:  # one line saying what to do: a folder, a port ...
        print(f"briefing {args.command}: error: {problem}", file=sys.stderr)
        return EXIT_ERRORS
    except OSError as exc:  # the system refused to write a file: the environment, not the code
        print(f"briefing {args.command}: error: {disk_problem(exc)}", file=sys.stderr)
        return EXIT_ERRORS
    except Exception as exc:  # anything else is a bug: one line, the traceback only with -v
        if args.verbose:
            traceback.print_exc()
        what = " ".join(str(exc).split())  # one line, whatever the exception says
        print(printable(f"briefing: internal error: {type(exc).__name__}: {what}; {BUG_REPORT}"),
              file=sys.stderr)
        return EXIT_INTERNAL


def entry() -> NoReturn:
    """The `briefing` command: main(), then, when nothing else is running, an exit that
    skips taking apart, object by object, what a build leaves in memory (everything is
    written and closed by then; the output streams are flushed here)."""
    code = main()
    if threading.active_count() > 1:  # a thread still at work: let Python end it as usual
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away, or a stream closed
            pass
    os._exit(code)
