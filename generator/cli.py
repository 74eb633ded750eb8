"""The `briefing` command line."""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

from generator.build import DEFAULT_TEMPLATES, BuildResult, build, check, collect_less
from generator.diagnostics import Diagnostic, EnvironmentProblem, Severity
from generator.authoring.scaffold import create, write_schemas
from generator.content.schema import BASE_URL, BASE_URL_PATTERN, PROFILE_KINDS
from generator.output.folders import disk_problem, templates_folder

DEFAULT_PORT = 8000


def _report(result: BuildResult, fmt: str) -> None:
    for diagnostic in result.diagnostics:
        line = diagnostic.format_github() if fmt == "github" else diagnostic.format()
        print(line, file=sys.stderr if fmt == "text" else sys.stdout)
    errors = sum(d.severity is Severity.ERROR for d in result.diagnostics)
    warnings = len(result.diagnostics) - errors
    if result.diagnostics and fmt == "text":
        print(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}",
              file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build the site")
    build_cmd.add_argument("--content", type=Path, default=Path("content"))
    build_cmd.add_argument("--out", default="site")  # as written: an empty one is refused
    build_cmd.add_argument("--templates", type=Path, default=DEFAULT_TEMPLATES)
    build_cmd.add_argument("--base-url", type=_base_url,
                           help="absolute URL the site is published at")
    build_cmd.add_argument("--cache", type=Path, default=Path(".briefing-cache"),
                           help="folder of the build cache (default .briefing-cache)")
    build_cmd.add_argument("--no-cache", action="store_true",
                           help="build from scratch; neither read nor write the build cache")
    build_cmd.add_argument("--no-search", action="store_true",
                           help="skip the search index (a quicker draft build; search will not work)")
    check_cmd = commands.add_parser("check", help="validate and link everything; write nothing")
    check_cmd.add_argument("--content", type=Path, default=Path("content"))
    check_cmd.add_argument("--format", choices=("text", "github"), default="text",
                           help="text: path:line:col: severity[code]: message; "
                           "github: GitHub Actions annotations")
    check_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    new_cmd = commands.add_parser("new", help="scaffold a profile, article or glossary term")
    new_cmd.add_argument("kind", choices=(*PROFILE_KINDS, "article", "term"))
    new_cmd.add_argument("id", help="lower-case letters, digits and hyphens, e.g. kim-jong-un")
    new_cmd.add_argument("--content", type=Path, default=Path("content"))
    schemas_cmd = commands.add_parser("schemas", help="write JSON Schema files for editors")
    schemas_cmd.add_argument("--out", type=Path, default=Path("schemas"))
    serve_cmd = commands.add_parser("serve", help="build, serve on loopback, rebuild on change")
    serve_cmd.add_argument("--content", type=Path, default=Path("content"))
    serve_cmd.add_argument("--templates", type=Path, default=DEFAULT_TEMPLATES)
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int,
                           help="port to serve on (default 8000, or the next free one)")
    return parser


def _serve(args: argparse.Namespace) -> int:
    from generator.authoring.serve import DevServer

    def report(result: BuildResult, seconds: float) -> None:
        stamp = time.strftime("%H:%M:%S")
        if result.ok:
            print(f"[{stamp}] built {sum(p.endswith('.html') for p in result.files)} pages "
                  f"({result.stats.rendered} rendered) in {seconds * 1000:.0f} ms", flush=True)
        else:
            _report(result, "text")
            print(f"[{stamp}] build failed; still serving the last good site", flush=True)

    templates_folder(args.templates)
    server = DevServer(args.content, args.templates, args.host,
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
    return 0


def _base_url(text: str) -> str:
    if not re.fullmatch(BASE_URL_PATTERN, text):
        raise argparse.ArgumentTypeError(f"{BASE_URL.what}, not {text!r}")
    return text


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except EnvironmentProblem as problem:
        print(f"briefing {args.command}: error: {problem}", file=sys.stderr)
        return 1
    except OSError as exc:  # the system refused to write a file: the environment, not the code
        print(f"briefing {args.command}: error: {disk_problem(exc)}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.command == "serve":
        return _serve(args)
    if args.command == "new":
        try:
            path = create(args.content, args.kind, args.id)
        except (ValueError, FileExistsError) as exc:
            print(f"briefing new: {exc}", file=sys.stderr)
            return 1
        print(f"created {path}; fill it in, then run briefing check")
        return 0
    if args.command == "schemas":
        for path in write_schemas(args.out):
            print(f"wrote {path}")
        return 0
    if args.command == "check":
        result = check(args.content, editorial=True)
        if args.strict:
            result.diagnostics = [Diagnostic(d.loc, d.code, d.message, Severity.ERROR)
                                  for d in result.diagnostics]
        _report(result, args.format)
        if result.ok and args.format == "text":
            c = result.content
            assert c is not None
            print(f"ok: {len(c.articles)} articles, {len(c.profiles)} profiles, "
                  f"{len(c.terms)} terms, {len(c.comparisons)} comparisons")
        return 0 if result.ok else 1
    collect_less()
    result = build(args.content, args.out, args.templates, args.base_url,
                   None if args.no_cache else args.cache, search=not args.no_search,
                   workers=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                   else os.cpu_count() or 1)
    _report(result, "text")
    if not result.ok:
        print(f"build failed; {args.out} was left unchanged", file=sys.stderr)
        return 1
    pages = sum(1 for p in result.files if p.endswith(".html"))
    print(f"built {pages} pages into {args.out} in {time.perf_counter() - started:.2f}s")
    return 0
