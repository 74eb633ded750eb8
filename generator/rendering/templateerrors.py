"""A template that fails to render, reported as `templates/profile.html:42:7: error[template]`.

Jinja gives the line of a syntax error, and rewrites tracebacks so that a frame of template
code carries the template's file and line; the column is where the name or token the error
is about stands on that line. An error raised in a worker process (parallel.py) comes back
with the traceback as text, which is read the same way.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from types import TracebackType

import jinja2

from generator.diagnostics import Diagnostic, Loc, error

_FRAME = re.compile(r'File "([^"]+)", line (\d+), in ')
_QUOTED = re.compile(r"'([^']+)'")


def template_problem(exc: BaseException, templates_dir: Path) -> Diagnostic | None:
    """The diagnostic for an error a template caused; None if it did not come from one."""
    where = _template_frame(exc)
    if isinstance(exc, jinja2.TemplateSyntaxError) and (exc.filename or exc.name):
        where = (exc.filename or exc.name or "", exc.lineno)
    if where is None:
        if isinstance(exc, jinja2.TemplateNotFound):
            name = str(exc.name)
            return error(Loc(_shown(str(templates_dir / name))), "template",
                         f"template '{name}' not found in {_shown(str(templates_dir))}",
                         str(exc))
        return None
    if not isinstance(exc, jinja2.TemplateError) and _template_frame(exc, innermost=True) is None:
        return None  # raised by Python code a template called: not the template's doing
    path, line = where
    text = _line(path, line)
    return error(Loc(_shown(path), line, _column(exc, text) + 1), "template", _message(exc),
                 f"{type(exc).__name__}: {exc}")


def _message(exc: BaseException) -> str:
    if isinstance(exc, jinja2.UndefinedError):
        return f"{exc.message}; check the spelling, and what the page passes to the template"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"syntax error: {exc.message}"
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"template '{exc.name}' not found"
    return f"{type(exc).__name__}: {exc}"


def _template_frame(exc: BaseException, innermost: bool = False) -> tuple[str, int] | None:
    """The file and line of the innermost frame of template code in the traceback; with
    `innermost`, only if that is the innermost frame of all."""
    frames = _frames(exc.__traceback__)
    cause = exc.__cause__
    if cause is not None and hasattr(cause, "tb"):  # raised in a worker process: its frames
        frames = [(path, int(line)) for path, line in _FRAME.findall(str(cause.tb))]
    if innermost:
        frames = frames[-1:]
    found = [frame for frame in frames if _is_template(frame[0])]
    return found[-1] if found else None


def _frames(tb: TracebackType | None) -> list[tuple[str, int]]:
    frames = []
    while tb is not None:
        frames.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    return frames


def _is_template(path: str) -> bool:
    return not path.endswith(".py") and os.path.isfile(path)


def _line(path: str, line: int) -> str:
    try:
        lines = Path(path).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return ""
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _column(exc: BaseException, text: str) -> int:
    """Where on the line the name or token the error is about stands (0-based)."""
    message = getattr(exc, "message", None) or str(exc)
    quoted = _QUOTED.findall(message)
    if isinstance(exc, jinja2.UndefinedError) and "attribute" in message and quoted:
        found = re.search(r"\.\s*" + re.escape(quoted[-1]) + r"\b", text)
        if found:
            return found.start() + 1
    for word in quoted[:1] if not isinstance(exc, jinja2.TemplateNotFound) else []:
        found = re.search(r"(?<![\w])" + re.escape(word) + r"(?![\w])", text)
        if found:
            return found.start()
    tag = re.search(r"\{[{%]", text)
    return tag.start() if tag else len(text) - len(text.lstrip())


def _shown(path: str) -> str:
    """The path relative to the current folder when it is inside it, else as it is."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative
