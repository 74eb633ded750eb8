"""What every picture is made of: escaped text, the width text will take, boxes that must not
overlap, and the figure a picture is shown in (its title for screen readers, its caption)."""

from __future__ import annotations

from html import escape
from typing import Callable, NamedTuple

Url = Callable[[str], str]  # a root-relative target -> a link from the page drawn on

CHAR_WIDTH = 0.56  # average advance of a sans-serif character, in ems (a safe overestimate)


class Box(NamedTuple):
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def overlaps(self, other: Box, tolerance: float = 0.0) -> bool:
        """True if the two share more than `tolerance` units in both directions."""
        return (min(self.right, other.right) - max(self.x, other.x) > tolerance
                and min(self.bottom, other.bottom) - max(self.y, other.y) > tolerance)

    def inside(self, width: float, height: float) -> bool:
        return self.x >= 0 and self.y >= 0 and self.right <= width and self.bottom <= height


def text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_WIDTH


def wrap(text: str, limit: int) -> list[str]:
    """Words in lines of at most `limit` characters (a longer word stands alone, cut)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word if len(word) <= limit else word[:limit - 1] + "…")
    return lines or [""]


def attr(value: str) -> str:
    return escape(value, quote=True)


def num(value: float) -> str:
    """A coordinate, to a tenth of a unit."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def figure(picture_id: str, kind: str, title: str, width: float, height: float, body: str,
           caption: str) -> str:
    """The picture in a figure: the SVG is named by its title; the caption says the same
    information is in the text beside it."""
    return (f'<figure class="picture picture-{kind}" id="{attr(picture_id)}">'
            f'<svg class="{kind}" viewBox="0 0 {num(width)} {num(height)}" '
            f'role="group" aria-labelledby="{attr(picture_id)}-title" '
            f'xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{attr(picture_id)}-title">{escape(title)}</title>{body}</svg>'
            f'<figcaption>{escape(caption)}</figcaption></figure>')
