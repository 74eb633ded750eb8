"""Characters that look like the Latin letters, digits and hyphens of keys and ids but are not.

A Cyrillic 'а' or a Greek 'ο' typed into `name` or `kim-jong-un` looks the same on screen, so
"did you mean 'name'?" alone would show two identical words; these helpers name the odd
character instead.
"""

from __future__ import annotations

import unicodedata

# words of a character's Unicode name that follow its script: "CYRILLIC SMALL LETTER A"
_AFTER_SCRIPT = {"SMALL", "CAPITAL", "LETTER", "DIGIT", "LIGATURE", "NUMBER", "SYMBOL", "SIGN"}


def odd_characters(text: str) -> list[tuple[str, str]]:
    """Each character of `text` that is not ASCII and not a Latin letter, with what it is
    ("Cyrillic", "Greek", "dash" ...), in order, once each."""
    found: dict[str, str] = {}
    for ch in text:
        if ch.isascii() or ch in found:
            continue
        what = _what(ch)
        if what:
            found[ch] = what
    return list(found.items())


def _what(ch: str) -> str:
    category = unicodedata.category(ch)
    if category == "Pd":
        return "dash"
    if category == "Zs":
        return "space"
    if category[0] not in "LN":
        return ""
    script = []
    for word in unicodedata.name(ch, "").split():
        if word in _AFTER_SCRIPT:
            break
        script.append(word)
    name = " ".join(script).title()
    return "" if name in ("", "Latin") else name


def lookalike_note(text: str) -> str:
    """"'nаme' contains a Cyrillic 'а' (U+0430)", or "" when every character is ASCII or a
    Latin letter."""
    odd = odd_characters(text)
    if not odd:
        return ""
    described = [f"{_article(what)} {what} '{ch}' (U+{ord(ch):04X})" for ch, what in odd[:3]]
    listed = described[0] if len(described) == 1 else \
        ", ".join(described[:-1]) + " and " + described[-1]
    return f"'{text}' contains {listed}"


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"
