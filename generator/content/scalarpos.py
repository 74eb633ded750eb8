"""Where each character of a YAML scalar's value was written in its file.

A value's offsets differ from the file's: `>` and plain scalars fold line breaks into spaces,
block scalars drop their indentation, `''` in single quotes and escapes such as `\\n` in double
quotes are two characters written for one. `read_scalar` reads a scalar's source text (what
lies between the parser's start and end marks) again, style by style, and gives the value
with, for each of its characters, the index in the source of the character it came from.

Line breaks are `\\n` only (the loader turns `\\r\\n` and `\\r` into `\\n`); a source that holds
one of the other characters YAML takes for a line break (U+0085, U+2028, U+2029) is not read,
and neither is anything else that does not give back the parser's value: callers check the
value read against the parser's and fall back on the scalar's start when they differ.
"""

from __future__ import annotations

from functools import lru_cache

Pieces = list[tuple[str, int]]  # a character of the value, and the index it comes from

_SPACE = " \t"
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
            "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
            "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


Reading = tuple[str, tuple[int, ...]]  # a value, and the index each character comes from


@lru_cache(maxsize=1024)
def readings(raw: str, style: str) -> tuple[Reading, ...]:
    """The ways `raw` can read: one, except for a block scalar with an explicit indentation,
    which depends on the indentation of the map or list around it."""
    if any(ch in raw for ch in _OTHER_BREAKS):
        return ()
    try:
        if style in ("|", ">"):
            found = _block(raw, folded=style == ">")
        elif style in ("'", '"'):
            if len(raw) < 2 or raw[0] != style or raw[-1] != style:
                return ()
            found = [_flow(raw, 1, len(raw) - 1, style)]
        else:
            found = [_flow(raw, 0, len(raw), "")]
    except (IndexError, ValueError):
        return ()
    return tuple(("".join(ch for ch, _ in pieces), tuple(index for _, index in pieces))
                 for pieces in found)


def _skip_space(raw: str, at: int, end: int) -> int:
    while at < end and raw[at] in _SPACE:
        at += 1
    return at


def _breaks(raw: str, at: int, end: int, out: Pieces) -> int:
    """Empty lines from `at` (just after a line break): one '\\n' each, from their breaks;
    returns where the next line's text starts, its indentation skipped."""
    at = _skip_space(raw, at, end)
    while at < end and raw[at] == "\n":
        out.append(("\n", at))
        at = _skip_space(raw, at + 1, end)
    return at


def _flow(raw: str, start: int, end: int, quote: str) -> Pieces:
    """A plain (quote '') or quoted scalar between `start` and `end`: a line break with no
    empty line after it folds into a space, each empty line gives a line break, and white
    space around line breaks is dropped."""
    out: Pieces = []
    at = start
    while at < end:
        ch = raw[at]
        if ch in _SPACE:
            after = _skip_space(raw, at, end)
            if after == end or raw[after] != "\n":
                out.extend((raw[k], k) for k in range(at, after))
            at = after
        elif ch == "\n":
            folded: Pieces = []
            after = _breaks(raw, at + 1, end, folded)
            out.extend(folded or [(" ", at)])  # the space stands where the break was
            at = after
        elif quote == "'" and ch == "'":
            if raw[at + 1] != "'":
                raise ValueError("a lone quote")
            out.append(("'", at))
            at += 2
        elif quote == '"' and ch == "\\":
            at = _escape(raw, at, end, out)
        else:
            out.append((ch, at))
            at += 1
    return out


def _escape(raw: str, at: int, end: int, out: Pieces) -> int:
    """One escape of a double-quoted scalar at `at`; returns the index after it."""
    code = raw[at + 1]
    if code == "\n":  # an escaped line break joins the lines with nothing between them
        return _breaks(raw, at + 2, end, out)
    if code in _ESCAPES:
        out.append((_ESCAPES[code], at))
        return at + 2
    if code in _HEX_ESCAPES:
        digits = raw[at + 2:at + 2 + _HEX_ESCAPES[code]]
        if len(digits) != _HEX_ESCAPES[code]:
            raise ValueError(digits)
        out.append((chr(int(digits, 16)), at))
        return at + 2 + len(digits)
    raise ValueError(code)


def _block(raw: str, folded: bool) -> list[Pieces]:
    """A literal (|) or folded (>) block scalar, `raw` starting at its indicator."""
    header_end = raw.find("\n")
    if header_end < 0:
        return [[]]
    header = raw[1:header_end].split("#", 1)[0].strip()
    chomp = next((ch for ch in header if ch in "+-"), "")
    digits = [ch for ch in header if ch.isdigit()]
    lines: list[tuple[int, str, bool]] = []  # (start, text, ends with a line break)
    at = header_end + 1
    while at <= len(raw):
        brk = raw.find("\n", at)
        stop = len(raw) if brk < 0 else brk
        lines.append((at, raw[at:stop], brk >= 0))
        at = stop + 1
    first = next((text for _, text, _ in lines if text.strip(" ")), "")
    detected = max([len(text) for _, text, brk in lines[:_first_text(lines)] if brk]
                   + [len(first) - len(first.lstrip(" "))])
    candidates = [detected] if not digits else range(1, detected + 1)
    return [_block_lines(lines, max(indent, 1), folded, chomp) for indent in candidates]


def _first_text(lines: list[tuple[int, str, bool]]) -> int:
    return next((n for n, (_, text, _) in enumerate(lines) if text.strip(" ")), len(lines))


def _block_lines(lines: list[tuple[int, str, bool]], indent: int, folded: bool,
                 chomp: str) -> Pieces:
    def empty(n: int) -> bool:
        _, text, brk = lines[n]
        return brk and len(text) <= indent and not text.strip(" ")

    def content(n: int) -> bool:
        _, text, _ = lines[n]
        return len(text) > indent and text[:indent] == " " * indent

    out: Pieces = []
    breaks: list[int] = []
    n = 0
    while n < len(lines) and empty(n):
        breaks.append(lines[n][0] + len(lines[n][1]))
        n += 1
    line_break: int | None = None
    while n < len(lines) and content(n):
        start, text, brk = lines[n]
        out.extend(("\n", b) for b in breaks)
        leading_space = text[indent] in _SPACE
        out.extend((text[k], start + k) for k in range(indent, len(text)))
        line_break = start + len(text) if brk else None
        n += 1
        breaks = []
        while n < len(lines) and empty(n):
            breaks.append(lines[n][0] + len(lines[n][1]))
            n += 1
        if n == len(lines) or not content(n) or line_break is None:
            break
        if folded and not leading_space and lines[n][1][indent] not in _SPACE:
            if not breaks:
                out.append((" ", line_break))
        else:
            out.append(("\n", line_break))
    if chomp != "-" and line_break is not None:
        out.append(("\n", line_break))
    if chomp == "+":
        out.extend(("\n", b) for b in breaks)
    return out
