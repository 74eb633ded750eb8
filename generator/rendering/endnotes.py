"""Numbered endnotes for one page: every citation on it, in the order it first appears.

On screen a citation is a link to its paragraph ("AP ¶7"); in print those links are replaced
by superscript numbers and the page ends with the numbered list of what they cite.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from generator.content.model import Article


@dataclass(frozen=True)
class Endnote:
    number: int
    label: str  # short name of the source, e.g. "AP"
    paragraph: int
    quote: str
    title: str
    publisher: str
    published: str
    original: str | None  # the article's own URL, if known


class Endnotes:
    """Numbers citations as they are rendered; the same quote of the same paragraph keeps its
    number."""

    def __init__(self) -> None:
        self._notes: dict[tuple[str, int, str], Endnote] = {}

    def number(self, article: Article, paragraph: int, quote: str) -> int:
        key = (article.id, paragraph, " ".join(quote.split()))
        note = self._notes.get(key)
        if note is None:
            note = Endnote(len(self._notes) + 1, article.label, paragraph, key[2], article.title,
                           article.publisher, article.published, article.url)
            self._notes[key] = note
        return note.number

    def __iter__(self) -> Iterator[Endnote]:
        return iter(self._notes.values())

    def __len__(self) -> int:
        return len(self._notes)
