"""Splitting long lists into numbered pages, so that no page grows with the archive."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence, TypeVar

from generator import urls

T = TypeVar("T")
WINDOW = 2  # page links shown either side of the current one


@dataclass(frozen=True)
class Pager:
    """Where one page sits in a numbered run of pages; page 1 lives at `first`, the others
    are numbered after `rest` (or after `first`, if not given)."""

    first: str
    number: int
    count: int
    total: int  # items over all pages
    start: int  # items shown on this page: [start, end)
    end: int
    rest: str = ""

    def path(self, number: int) -> str:
        return self.first if number == 1 else urls.numbered(self.rest or self.first, number)

    @property
    def here(self) -> str:
        return self.path(self.number)

    @property
    def previous(self) -> str | None:
        return self.path(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.path(self.number + 1) if self.number < self.count else None

    @property
    def links(self) -> list[tuple[int, str] | None]:
        """Page numbers to link: the first, the last and a window around this one; None
        stands for a gap."""
        shown = sorted({1, self.count, *range(max(1, self.number - WINDOW),
                                              min(self.count, self.number + WINDOW) + 1)})
        result: list[tuple[int, str] | None] = []
        for index, number in enumerate(shown):
            if index and number > shown[index - 1] + 1:
                result.append(None)
            result.append((number, self.path(number)))
        return result


def bounds(total: int, per_page: int, first_page: int | None = None) -> list[tuple[int, int]]:
    """[start, end) of each page; the first page may hold fewer items than the others."""
    first = per_page if first_page is None else first_page
    ranges = [(0, min(total, first))]
    start = first
    while start < total:
        ranges.append((start, min(total, start + per_page)))
        start += per_page
    return ranges


def paginate(first: str, items: Sequence[T], per_page: int, first_page: int | None = None,
             rest: str = "") -> list[tuple[Pager, Sequence[T]]]:
    """Every page of a list as (pager, the items on that page); always at least one page."""
    ranges = bounds(len(items), per_page, first_page)
    return [(Pager(first, number, len(ranges), len(items), start, end, rest), items[start:end])
            for number, (start, end) in enumerate(ranges, 1)]
