"""Connections: an entry in the middle and the entries it is connected to in two columns either
side, each a link with what connects it (or its role) above its name.

    draw_connections(picture, url) -> SVG markup in a figure

Boxes are stacked in their columns, so nothing overlaps however many there are; a name too
long for its box is set on two lines, and cut short (the link keeps the whole name) beyond.
"""

from __future__ import annotations

from html import escape
from typing import Sequence

from generator.rendering.drawing.pictures import ConnectionsPicture, Node
from generator.rendering.drawing.svg import Box, Url, attr, figure, num, wrap

WIDTH = 640.0
BOX_WIDTH = 190.0
CENTRE_WIDTH = 190.0
ROW = 58.0  # height of a box and the gap under it
BOX_HEIGHT = 48.0
TOP = 30.0  # room for the column headings
NAME_SIZE = 13.0
CAPTION_SIZE = 10.5
NAME_CHARS = 24  # per line of a box
CENTRE_CHARS = 17


def layout(picture: ConnectionsPicture) -> tuple[Box, list[Box], list[Box], float]:
    """The centre's box, the boxes of the left and right columns, and the height needed."""
    rows = max(len(picture.left), len(picture.right), 1)
    height = TOP + rows * ROW + 10
    centre_lines = len(_name_lines(picture.centre.name, CENTRE_CHARS))  # as drawn: 1 or 2
    centre_height = 30 + 16 * centre_lines
    centre = Box((WIDTH - CENTRE_WIDTH) / 2, TOP + (rows * ROW - 10 - centre_height) / 2,
                 CENTRE_WIDTH, centre_height)

    def column(x: float, count: int) -> list[Box]:
        start = TOP + (rows - count) * ROW / 2
        return [Box(x, start + i * ROW, BOX_WIDTH, BOX_HEIGHT) for i in range(count)]

    return (centre, column(10, len(picture.left)),
            column(WIDTH - 10 - BOX_WIDTH, len(picture.right)), height)


def _name_lines(name: str, chars: int) -> list[str]:
    lines = wrap(name, chars)
    if len(lines) > 2:
        lines = [lines[0], (lines[1] + " " + lines[2])[:chars - 1] + "…"]
    return lines


def _node(node: Node, box: Box, url: Url, kind: str) -> str:
    chars = CENTRE_CHARS if kind == "centre" else NAME_CHARS
    lines = _name_lines(node.name, chars)
    centre_x = box.x + box.width / 2
    caption_y = box.y + 15
    first = box.y + (33 if len(lines) == 1 else 28)
    names = " ".join(f'<tspan class="name" x="{num(centre_x)}" y="{num(first + i * 14)}">'
                     f'{escape(line)}</tspan>' for i, line in enumerate(lines))
    return (f'<a href="{attr(url(node.target))}" class="node {kind}">'
            f'<rect x="{num(box.x)}" y="{num(box.y)}" width="{num(box.width)}" '
            f'height="{num(box.height)}" rx="6"/>'
            f'<text><tspan class="caption" x="{num(centre_x)}" y="{num(caption_y)}">'
            f'{escape(_cut(node.caption, chars + 6))}</tspan> {names}</text></a>')


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _edges(centre: Box, boxes: Sequence[Box], left: bool) -> str:
    x0 = centre.x if left else centre.right
    y0 = centre.y + centre.height / 2
    paths = []
    for box in boxes:
        x1 = box.right if left else box.x
        y1 = box.y + box.height / 2
        middle = (x0 + x1) / 2
        paths.append(f"M{num(x0)} {num(y0)}C{num(middle)} {num(y0)} {num(middle)} {num(y1)} "
                     f"{num(x1)} {num(y1)}")
    return f'<path class="edge" d="{"".join(paths)}"/>' if paths else ""


def draw_connections(picture: ConnectionsPicture, url: Url) -> str:
    centre, left, right, height = layout(picture)
    headings = "".join(
        f'<text class="heading" x="{num(x)}" y="18">{escape(text)}</text>'
        for x, text in ((10 + BOX_WIDTH / 2, picture.left_heading),
                        (WIDTH - 10 - BOX_WIDTH / 2, picture.right_heading)) if text)
    body = (headings + _edges(centre, left, True) + _edges(centre, right, False)
            + _node(picture.centre, centre, url, "centre")
            + "".join(_node(n, b, url, "other") for n, b in zip(picture.left, left))
            + "".join(_node(n, b, url, "other") for n, b in zip(picture.right, right)))
    caption = f"{picture.title}. The same connections are listed as text below it."
    return figure(picture.id, "connections", picture.title, WIDTH, height, body, caption)
