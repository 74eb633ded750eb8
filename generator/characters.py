"""Characters no content may hold: what web pages, feeds and JSON cannot carry, and the controls
that reorder the text around them.

XML cannot carry the C0 control characters other than tab, newline and carriage return,
U+FFFE, U+FFFF or a lone surrogate (and UTF-8 cannot encode a lone surrogate at all), so a feed
or sitemap that holds one is not XML. The bidirectional embedding, override and isolate
controls (U+202A to U+202E, U+2066 to U+2069) make a page read differently from its source:
"Trojan Source" text. Both are refused with their position in whatever file they are written
in.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

CONTROL_CODE = "control-character"
BIDI_CODE = "bidi-control"
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff"
                      "\u202a-\u202e\u2066-\u2069]")
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# ASCII text can hold no refused character but the C0 controls: every other ASCII byte
_ALLOWED_ASCII = bytes(range(0x20, 0x80)) + b"\t\n\r"


@dataclass(frozen=True)
class Refused:
    """One refused character: where it is in a text, and what to say about it."""

    offset: int
    line: int  # 0-based line of the text
    col: int  # 0-based column in that line
    code: str
    message: str


def refused_characters(text: str, escaped: bool = False) -> list[Refused]:
    """The first refused character of each kind in a text (a file of them gives two lines,
    not thousands), with its position. `escaped`: the text is a value that a YAML escape such
    as \\x01 wrote, so the message says to remove the escape."""
    if text.isascii() and not text.encode("ascii").translate(None, _ALLOWED_ASCII):
        return []  # the common case, told at memory speed
    found: dict[str, Refused] = {}
    for match in _REFUSED.finditer(text):
        char = match.group()
        code = BIDI_CODE if char in _BIDI else CONTROL_CODE
        if code in found:
            continue
        at = match.start()
        line_start = text.rfind("\n", 0, at) + 1
        found[code] = Refused(at, text.count("\n", 0, at), at - line_start, code,
                              message(char, escaped))
        if len(found) == 2:
            break
    return sorted(found.values(), key=lambda refused: refused.offset)


def message(char: str, escaped: bool = False) -> str:
    """What is wrong with a refused character, and what to do."""
    where = "an escape writes" if escaped else "the text holds"
    fix = "remove the escape" if escaped else "remove it"
    point = f"U+{ord(char):04X}"
    if char in _BIDI:
        name = unicodedata.name(char).lower()
        return (f"{where} {point} ({name}), a control that reorders the text around it, so "
                f"the page would read differently from its source: {fix} (right-to-left "
                "words need no control character)")
    what = ("a lone surrogate" if 0xD800 <= ord(char) <= 0xDFFF else
            "a noncharacter" if char in "\ufffe\uffff" else "a control character")
    return (f"{where} {point} ({what}), which web pages, feeds and JSON cannot carry: {fix}")
