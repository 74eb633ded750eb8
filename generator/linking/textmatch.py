"""Text matching: quote normalisation and the one-pass name matcher."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

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


# a character normalize() changes: a typographic quote or other folded character, whitespace
# other than a single space
_UNFOLDED = re.compile("[" + re.escape("".join(_CHAR_MAP)) + r"]|[^\S ]|  ")


def _quick_span(needle: str, text: str) -> tuple[int, int] | None:
    """The span of the first place the normalized needle is in the text, found by a pattern
    (far quicker than normalize_with_map); None where the pattern cannot stand for the
    folding: a text that NFC changes, or one with '…' (which folds to three characters)."""
    if "\u2026" in text or not unicodedata.is_normalized("NFC", text):
        return None
    at = text.find(needle)  # most quotes are copied exactly: no pattern needed
    if at >= 0 and _UNFOLDED.search(text, 0, at + len(needle)) is None:
        return at, at + len(needle)  # nothing before it folds: no earlier place to find
    found = _pattern(needle).search(text)
    return (found.start(), found.end()) if found is not None else None


MAX_GROUP_NESTING = 40  # regex groups inside each other: the re module parses them recursively

Trie = dict[str, "Trie"]


def _trie_pattern(words: list[str]) -> str:
    """A regex that matches any of the words, preferring the longest at each position.

    The words are put in a trie and the trie written out as nested groups; a run of letters
    shared by every word below a point is written as it is, so the nesting grows with the
    number of words that are prefixes of one another, never with a word's length. Where even
    that would nest groups too deeply (hundreds of words each the start of the next), the words
    below that point are written as one alternation, longest first. Nothing here recurses.
    """
    trie: Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    flat = _flattened(trie)
    out: list[str] = []
    todo: list[str | Trie] = [trie]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        branches = sorted(ch for ch in item if ch)
        if not branches:
            continue
        if id(item) in flat:
            out.append(_alternation(item))
            continue
        if len(branches) == 1 and "" not in item:
            todo += [item[branches[0]], re.escape(branches[0])]
            continue
        todo.append(")?" if "" in item else ")")
        for index, ch in enumerate(reversed(branches)):
            todo += [item[ch], re.escape(ch)]
            if index < len(branches) - 1:
                todo.append("|")
        todo.append("(?:")
    return "".join(out)


def _postorder(trie: Trie) -> list[Trie]:
    """Every node of the trie, each after all the nodes below it."""
    order: list[Trie] = []
    todo = [trie]
    while todo:
        node = todo.pop()
        order.append(node)
        todo += [child for ch, child in node.items() if ch]
    return order[::-1]


def _flattened(trie: Trie) -> set[int]:
    """The nodes (by id) to write as one flat alternation, so that no group nests deeper than
    MAX_GROUP_NESTING."""
    depth: dict[int, int] = {}
    flat: set[int] = set()
    for node in _postorder(trie):
        children = [child for ch, child in node.items() if ch]
        below = max((depth[id(child)] for child in children), default=0)
        grouped = len(children) > 1 or (bool(children) and "" in node)
        depth[id(node)] = below + 1 if grouped else below
        if depth[id(node)] > MAX_GROUP_NESTING:
            flat.add(id(node))
            depth[id(node)] = 1
    return flat


def _alternation(node: Trie) -> str:
    """Every word ending below a node (the rest of each word, from the node on), longest first,
    as one group."""
    steps: list[tuple[int, str]] = []  # (index of the step before or -1, letter)
    rests: list[str] = []
    todo: list[tuple[Trie, int]] = [(node, -1)]
    while todo:
        here, last = todo.pop()
        if "" in here:
            letters, step = [], last
            while step >= 0:
                step, ch = steps[step]
                letters.append(ch)
            rests.append("".join(reversed(letters)))
        for ch, child in here.items():
            if ch:
                steps.append((last, ch))
                todo.append((child, len(steps) - 1))
    rests.sort(key=lambda rest: (-len(rest), rest))
    return "(?:" + "|".join(re.escape(rest) for rest in rests) + ")"


def name_pattern(names: Iterable[str]) -> str:
    """The regex that finds any of the names, longest first, whole words only ("" for none)."""
    words = sorted(set(names))
    return rf"(?<!\w)(?:{_trie_pattern(words)})(?![\w])" if words else ""


class NameMatcher:
    """Finds every name of a set in a text in one pass, longest match first, whole words only."""

    def __init__(self, names: dict[str, str], pattern: str | None = None) -> None:
        """`names` maps each name as written to the id it stands for; `pattern`, if given,
        is name_pattern() of them (made once and kept: it takes longer than compiling)."""
        self.names = dict(names)
        pattern = name_pattern(names) if pattern is None else pattern
        self._regex: re.Pattern[str] | None = re.compile(pattern) if pattern else None

    def finditer(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, id) of each name in the text, left to right, not overlapping."""
        if self._regex is None:
            return []
        return [(m.start(), m.end(), self.names[m.group()]) for m in self._regex.finditer(text)]


@lru_cache(maxsize=4)
def matcher_for(names: tuple[tuple[str, str], ...], pattern: str | None = None) -> NameMatcher:
    """The NameMatcher of (name, id) pairs (and their name_pattern(), if known), made once
    while the names stay the same: compiling one for thousands of names takes longer than
    matching an article."""
    return NameMatcher(dict(names), pattern)
