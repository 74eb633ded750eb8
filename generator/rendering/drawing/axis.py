"""The timeline on an axis: each date a dot (larger for more entries) and a link to its
entries, the briefing's own event marked, the years beneath.

    draw_axis(picture, url) -> SVG markup in a figure

Dates are spaced by the logarithm of the time between them, so that a decade and a week both
show; labels go on the first row below the axis where they overlap no other.
"""

from __future__ import annotations

import math
from datetime import date
from html import escape

from generator.rendering.drawing.pictures import AxisDate, AxisPicture
from generator.rendering.drawing.svg import Box, Url, attr, figure, num, text_width

WIDTH = 640.0
SIDE = 40.0  # room at either end
AXIS_Y = 62.0
LABEL_SIZE = 11.0
ROWS = (84.0, 98.0, 112.0, 126.0)  # baselines of the date labels
YEARS_GAP = 20.0  # from the lowest label to the years' baseline
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    return date(*(parts + [1, 1])[:3])


def short(value: str) -> str:
    """'2023-09-13' -> '13 Sep', '2023-09' -> 'Sep', '2023' -> '2023'."""
    parts = value.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]}"
    if len(parts) == 2:
        return MONTHS[int(parts[1]) - 1]
    return parts[0]


def positions(dates: list[str]) -> list[float]:
    """x of each date (in order): steps grow with the log of the days between dates."""
    if len(dates) == 1:
        return [WIDTH / 2]
    xs = [0.0]
    for before, after in zip(dates, dates[1:]):
        gap = max((day(after) - day(before)).days, 0)
        xs.append(xs[-1] + 1 + math.log10(1 + gap))
    scale = (WIDTH - 2 * SIDE) / xs[-1]
    return [SIDE + x * scale for x in xs]


def radius(count: int) -> float:
    return min(4 + 1.5 * math.sqrt(count), 11.0)


def label_boxes(xs: list[float], labels: list[str]) -> list[Box]:
    """A box for each label, centred under its dot, on the first row where it fits."""
    placed: list[Box] = []
    for x, label in zip(xs, labels):
        width = text_width(label, LABEL_SIZE)
        left = min(max(x - width / 2, 0), WIDTH - width)
        for baseline in ROWS:
            box = Box(left, baseline - LABEL_SIZE, width, LABEL_SIZE * 1.2)
            if not any(box.overlaps(other) for other in placed):
                break
        placed.append(box)
    return placed


def _date(item: AxisDate, x: float, box: Box, url: Url) -> str:
    r = radius(item.count)
    entries = f"{item.count} entr{'y' if item.count == 1 else 'ies'}"
    shown = short(item.date)
    name = shown if shown == item.date else f"{shown} {item.date[:4]}"  # holds what is shown
    tick = (f'<line class="tick" x1="{num(x)}" y1="{num(AXIS_Y + r)}" x2="{num(x)}" '
            f'y2="{num(box.y)}"/>')
    return (f'<a href="{attr(url(item.target))}" class="date{" marked" if item.marked else ""}"'
            f' aria-label="{attr(name)}: {entries}">{tick}'
            f'<circle cx="{num(x)}" cy="{num(AXIS_Y)}" r="{num(r)}"/>'
            f'<text x="{num(box.x + box.width / 2)}" y="{num(box.bottom - LABEL_SIZE * 0.2)}">'
            f'{escape(shown)}</text></a>')


def _years(dates: list[str], xs: list[float], baseline: float) -> str:
    """The year under the first date of each year (unless that date is the bare year)."""
    parts = []
    last = ""
    right = -1.0
    for value, x in zip(dates, xs):
        year = value[:4]
        width = text_width(year, LABEL_SIZE)
        if year != last and value != year and x - width / 2 > right + 4:
            left = min(max(x - width / 2, 0), WIDTH - width)
            parts.append(f'<text class="year" x="{num(left + width / 2)}" y="{num(baseline)}">'
                         f'{year}</text>')
            right = left + width
        last = year
    return "".join(parts)


def draw_axis(picture: AxisPicture, url: Url) -> str:
    items = sorted(picture.dates, key=lambda d: (day(d.date), d.date))
    values = [d.date for d in items]
    xs = positions(values)
    boxes = label_boxes(xs, [short(v) for v in values])
    body = (f'<line class="axis" x1="{num(SIDE / 2)}" y1="{num(AXIS_Y)}" '
            f'x2="{num(WIDTH - SIDE / 2)}" y2="{num(AXIS_Y)}"/>')
    for item, x in zip(items, xs):
        if item.marked and picture.mark_label:
            width = text_width(picture.mark_label, LABEL_SIZE + 1)
            left = min(max(x - width / 2, 0), WIDTH - width)
            body += (f'<line class="mark" x1="{num(x)}" y1="22" x2="{num(x)}" '
                     f'y2="{num(AXIS_Y)}"/><text class="mark-label" '
                     f'x="{num(left + width / 2)}" y="16">{escape(picture.mark_label)}</text>')
    body += "".join(_date(item, x, box, url) for item, x, box in zip(items, xs, boxes))
    years = max(box.bottom for box in boxes) + YEARS_GAP if boxes else ROWS[0] + YEARS_GAP
    body += _years(values, xs, years)
    caption = f"{picture.title}. Every date is listed, with its entries, below."
    return figure(picture.id, "axis", picture.title, WIDTH, years + 8, body, caption)
