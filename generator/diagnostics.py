"""Problems found in content, reported as `path:line:col: severity[code]: message`."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable


def printable(text: str) -> str:
    """Text with control and bidi-formatting characters escaped, so that a file name or value
    quoted in a message cannot break the one-line format or rewrite the terminal."""
    return "".join(ch.encode("unicode_escape").decode("ascii")
                   if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in text)


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Loc:
    """A position in a content file: path relative to the content root, 1-based line and column."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    loc: Loc
    code: str
    message: str
    severity: Severity = Severity.ERROR
    # what a library said about the problem in its own words (PyYAML, Jinja), shown on request
    detail: str = field(default="", compare=False)

    def format(self, verbose: bool = False) -> str:
        """One line; with `verbose`, a second one with the detail, if there is one."""
        line = printable(f"{self.loc}: {self.severity.value}[{self.code}]: {self.message}")
        return f"{line}\n    note: {printable(self.detail)}" if verbose and self.detail else line

    def format_github(self) -> str:
        kind = "error" if self.severity is Severity.ERROR else "warning"
        message = printable(self.message).replace("%", "%25")
        path = printable(self.loc.path).replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
        return (f"::{kind} file={path},line={self.loc.line},col={self.loc.col},"
                f"title={self.code}::{message}")


class EnvironmentProblem(Exception):
    """Something outside the content stops the build (an output folder it may not replace, a
    full disk, a busy port ...). The message is one line that names the path and what to do;
    the command prints it and exits with status 1, and the previous site is left as it was."""


def error(loc: Loc, code: str, message: str, detail: str = "") -> Diagnostic:
    return Diagnostic(loc, code, message, Severity.ERROR, detail)


def warning(loc: Loc, code: str, message: str) -> Diagnostic:
    return Diagnostic(loc, code, message, Severity.WARNING)


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Deduplicate and order by file, line and column."""
    unique = {(d.loc, d.code, d.message, d.severity): d for d in diagnostics}
    return sorted(unique.values(), key=lambda d: (d.loc, d.code, d.message))


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)
