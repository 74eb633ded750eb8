"""Text matching: quote normalisation and the one-pass name matcher."""

from __future__ import annotations

import re
from typing import Any
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_CHAR_MAP = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u00a0": " ", "\u2026": "...",
}


@lru_cache(maxsize=20_000)
def normalize_with_map(text: str) -> tuple[str, tuple[int, ...]]:
    """Fold typographic quotes and runs of whitespace; map each output char to its input index."""
    out: list[str] = []
    index: list[int] = []
    pending_space = False
    for i, ch in enumerate(unicodedata.normalize("NFC", text)):
        ch = _CHAR_MAP.get(ch, ch)
        if ch.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            index.append(i - 1)
            pending_space = False
        for piece in ch:
            out.append(piece)
            index.append(i)
    return "".join(out), tuple(index)


_FOLD = str.maketrans(_CHAR_MAP)
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=100_000)
def normalize(text: str) -> str:
    """The same folding as normalize_with_map, without the map (fast)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).translate(_FOLD)).strip()


@dataclass(frozen=True)
class QuoteMatch:
    paragraph: int  # index into the list of texts searched
    start: int  # character span in the original text
    end: int


def find_quote(quote: str, texts: list[str]) -> list[QuoteMatch]:
    """Every text that contains the quote, with the quote's span in that text."""
    needle = normalize(quote)
    if not needle:
        return []
    matches = []
    for number, text in enumerate(texts):
        if needle not in normalize(text):
            continue
        span = _quick_span(needle, text)
        if span is not None:
            matches.append(QuoteMatch(number, *span))
            continue
        haystack, index = normalize_with_map(text)
        at = haystack.find(needle)
        if at >= 0:
            matches.append(QuoteMatch(number, index[at], index[at + len(needle) - 1] + 1))
    return matches


# every character that folds to each of these, itself included
_FOLDED_FROM = {folded: folded + "".join(k for k, v in _CHAR_MAP.items() if v == folded)
                for folded in ("'", '"')}


@lru_cache(maxsize=20_000)
def _pattern(needle: str) -> re.Pattern[str]:
    """A pattern that finds the needle in a text as normalize() would find it there."""
    parts = []
    for ch in needle:
        if ch == " ":
            parts.append(r"\s+")
        elif ch in _FOLDED_FROM:
            parts.append("[" + re.escape(_FOLDED_FROM[ch]) + "]")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts))


def _quick_span(needle: str, text: str) -> tuple[int, int] | None:
    """The span of the first place the normalized needle is in the text, found by a pattern
    (far quicker than normalize_with_map); None where the pattern cannot stand for the
    folding: a text that NFC changes, or one with '…' (which folds to three characters)."""
    if "\u2026" in text or not unicodedata.is_normalized("NFC", text):
        return None
    found = _pattern(needle).search(text)
    return (found.start(), found.end()) if found is not None else None


def _trie_pattern(words: list[str]) -> str:
    """A regex that matches any of the words, preferring the longest at each position."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?" if len(branches) == 1 else body + "?"
        return body

    return build(trie)


class NameMatcher:
    """Finds every name of a set in a text in one pass, longest match first, whole words only."""

    def __init__(self, names: dict[str, str]) -> None:
        """`names` maps each name as written to the id it stands for."""
        self.names = dict(names)
        if names:
            pattern = _trie_pattern(sorted(names))
            self._regex: re.Pattern[str] | None = re.compile(rf"(?<!\w)(?:{pattern})(?![\w])")
        else:
            self._regex = None

    def finditer(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, id) of each name in the text, left to right, not overlapping."""
        if self._regex is None:
            return []
        return [(m.start(), m.end(), self.names[m.group()]) for m in self._regex.finditer(text)]


@lru_cache(maxsize=4)
def matcher_for(names: tuple[tuple[str, str], ...]) -> NameMatcher:
    """The NameMatcher of (name, id) pairs, made once while the names stay the same: compiling
    one for thousands of names takes longer than matching an article."""
    return NameMatcher(dict(names))
