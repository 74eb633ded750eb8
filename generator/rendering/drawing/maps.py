"""Maps: a locator map of one place among its neighbours, or an overview of many, drawn as
SVG over Natural Earth's coastlines and borders (world.py).

    draw_map(picture, url) -> SVG markup in a figure

Every place is a link (a dot and its name); names are set beside their dots where they
overlap nothing else, further out with a leader line when they must.
"""

from __future__ import annotations

import math
from html import escape
from typing import Iterable, Sequence

from generator.rendering.drawing.pictures import MapPicture, MapPlace
from generator.rendering.drawing.svg import Box, Url, attr, figure, num, text_width
from generator.rendering.drawing.world import Extent, Line, Point, Projection, fit, unwrap, world

WIDTH, HEIGHT = 640.0, 400.0
MARGIN_DEGREES = 3.0  # around the places shown
MIN_HALF_SPAN = 4.0  # degrees of latitude either side of the middle, at least
LABEL_SIZE = 13.0
DOT = 5.0
SIMPLIFY = 0.8  # frame units: detail finer than this is dropped
THIN = 0.5  # frame units: outlines are drawn in whole units, so closer points show as one
EARTH_KM = 6371.0
MIN_AREA = 2.0  # square frame units: smaller islands are not drawn


def distance_km(a: MapPlace, b: MapPlace) -> float:
    """Great-circle distance."""
    la, lb = math.radians(a.lat), math.radians(b.lat)
    dlon = math.radians(b.lon - a.lon)
    cos = math.sin(la) * math.sin(lb) + math.cos(la) * math.cos(lb) * math.cos(dlon)
    return EARTH_KM * math.acos(max(-1.0, min(1.0, cos)))


def neighbours(place: MapPlace, others: Iterable[MapPlace], within_km: float
               ) -> list[tuple[MapPlace, float]]:
    """The other places within a distance of one, nearest first, with their distance."""
    found = [(other, distance_km(place, other)) for other in others
             if (other.lat, other.lon) != (place.lat, place.lon) or other.name != place.name]
    return sorted(((o, d) for o, d in found if d <= within_km),
                  key=lambda item: (item[1], item[0].name))


def _clip_ring(points: Sequence[Point], box: Box) -> list[Point]:
    """Sutherland-Hodgman: the part of a closed ring inside the box."""
    edges = ((0, box.x, 1), (0, box.right, -1), (1, box.y, 1), (1, box.bottom, -1))
    result = list(points)
    for axis, limit, sign in edges:
        if not result:
            break
        source, result = result, []
        for i, current in enumerate(source):
            previous = source[i - 1]
            inside_now = (current[axis] - limit) * sign >= 0
            inside_before = (previous[axis] - limit) * sign >= 0
            if inside_now != inside_before:
                t = (limit - previous[axis]) / (current[axis] - previous[axis])
                result.append((previous[0] + t * (current[0] - previous[0]),
                               previous[1] + t * (current[1] - previous[1])))
            if inside_now:
                result.append(current)
    return result


def _runs_inside(points: Sequence[Point], box: Box) -> list[list[Point]]:
    """The stretches of a line whose segments come near the box."""
    runs: list[list[Point]] = []
    current: list[Point] = []
    for a, b in zip(points, points[1:]):
        near = not (max(a[0], b[0]) < box.x or min(a[0], b[0]) > box.right
                    or max(a[1], b[1]) < box.y or min(a[1], b[1]) > box.bottom)
        if near:
            if not current:
                current = [a]
            current.append(b)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        if length:  # the distance from the chord, times its length: |c + x dy - y dx|
            c = dx * ay - ax * dy
            far = tolerance * length
            ds = [abs(c + px * dy - py * dx) for px, py in points[first + 1:last]]
        else:  # a closed run: the distance from its end
            far = tolerance
            ds = [math.hypot(px - ax, py - ay) for px, py in points[first + 1:last]]
        farthest = max(ds)
        if farthest > far:
            at = first + 1 + ds.index(farthest)  # the first of the farthest
            keep[at] = True
            stack += [(first, at), (at, last)]
    return [p for p, k in zip(points, keep) if k]


def _projected(line: Line, projection: Projection) -> list[Point]:
    """A ring or line of the world in the frame, moved by whole turns to lie nearest the
    map's middle, less the points within THIN of the last one kept (the first and last are
    always kept): detail too fine to show, dropped before clipping and simplifying, which
    cost far more per point."""
    turn = _turn(line.reach, projection)
    left, north = projection.west, projection.north
    squeeze, scale = projection.squeeze, projection.scale
    xs = [(lon + turn - left) * squeeze * scale for lon in line.lons]  # as Projection does
    ys = [(north - lat) * scale for lat in line.lats]
    if len(xs) < 3:
        return list(zip(xs, ys))
    kept = [(xs[0], ys[0])]
    last_x, last_y = kept[0]
    for x, y in zip(xs[1:-1], ys[1:-1]):
        if abs(x - last_x) >= THIN or abs(y - last_y) >= THIN:
            kept.append((x, y))
            last_x, last_y = x, y
    kept.append((xs[-1], ys[-1]))
    return kept


def _area(points: Sequence[Point]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1)
                   in zip(points, [*points[1:], points[0]]))) / 2


def _path(lines: Iterable[Sequence[Point]], close: bool) -> str:
    parts = []
    for line in lines:
        if len(line) < 2:
            continue
        steps = [f"{round(x)} {round(y)}" for x, y in line]
        steps = [s for i, s in enumerate(steps) if i == 0 or s != steps[i - 1]]
        if len(steps) >= (3 if close else 2):
            parts.append("M" + "L".join(steps) + ("Z" if close else ""))
    return "".join(parts)


def _turn(reach: Extent, projection: Projection) -> float:
    """The whole turns (in degrees) that move a ring or line of the world reaching so far
    nearest the map's middle."""
    middle = (reach[0] + reach[1]) / 2
    return unwrap(middle, projection.centre) - middle


def _in_view(reach: Extent, projection: Projection) -> bool:
    """Whether a ring or line of the world that reaches so far may show in the frame (moved by
    whole turns as _projected moves it)."""
    west, east, south, north = reach
    turn = _turn(reach, projection)
    right = projection.west + WIDTH / (projection.squeeze * projection.scale)
    bottom = projection.north - HEIGHT / projection.scale
    return not (east + turn < projection.west - 1 or west + turn > right + 1
                or north < bottom - 1 or south > projection.north + 1)


def _outlines(projection: Projection) -> str:
    frame = Box(-2, -2, WIDTH + 4, HEIGHT + 4)
    data = world()
    land = []
    for ring in data.rings:
        if not _in_view(ring.reach, projection):
            continue
        points = _projected(ring, projection)
        clipped = points if _inside(points, frame) else _clip_ring(points, frame)
        if len(clipped) >= 3 and _area(clipped) >= MIN_AREA:
            land.append(_simplify(clipped + clipped[:1], SIMPLIFY)[:-1])
    lines = {}
    for name, arcs in (("coast", data.coasts), ("border", data.borders)):
        lines[name] = [_simplify(run, SIMPLIFY) for arc in arcs
                       if _in_view(arc.reach, projection)
                       for run in _runs(_projected(arc, projection), frame)]
    return (f'<rect class="sea" width="{num(WIDTH)}" height="{num(HEIGHT)}"/>'
            f'<path class="land" d="{_path(land, True)}"/>'
            f'<path class="coast" d="{_path(lines["coast"], False)}"/>'
            f'<path class="border" d="{_path(lines["border"], False)}"/>')


def _runs(points: list[Point], box: Box) -> list[list[Point]]:
    """The stretches of a line near the box (_runs_inside), the whole line if it is inside."""
    if len(points) >= 2 and _inside(points, box):
        return [points]
    return _runs_inside(points, box)


def _inside(points: Sequence[Point], box: Box) -> bool:
    """Whether every point is inside the box (clipping would change nothing)."""
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return (box.x <= min(xs) and max(xs) <= box.right
            and box.y <= min(ys) and max(ys) <= box.bottom)


def _label_box(x: float, y: float, dx: float, dy: float, width: float) -> Box:
    """The box of a label set off from a dot by (dx, dy): beside, above or below it."""
    height = LABEL_SIZE * 1.25
    left = x + dx if dx > 0 else x + dx - width if dx < 0 else x - width / 2
    top = y + dy - height / 2 if dy == 0 else y + dy if dy > 0 else y + dy - height
    return Box(left, top, width, height)


CANDIDATES = [(1.0, 0.0), (-1.0, 0.0), (0.0, -1.0), (0.0, 1.0),
              (0.7, -0.7), (-0.7, -0.7), (0.7, 0.7), (-0.7, 0.7)]


def place_labels(dots: Sequence[Point], names: Sequence[str], width: float, height: float
                 ) -> list[Box]:
    """A box for each name near its dot, overlapping no dot and no other name where possible,
    and inside the frame."""
    taken = [Box(x - DOT - 1, y - DOT - 1, 2 * DOT + 2, 2 * DOT + 2) for x, y in dots]
    boxes: list[Box] = []
    for (x, y), name in zip(dots, names):
        size = text_width(name, LABEL_SIZE)
        best: tuple[float, Box] | None = None
        for reach in (DOT + 3, DOT + 18, DOT + 34, DOT + 52):
            for cx, cy in CANDIDATES:
                box = _label_box(x, y, cx * reach, cy * reach, size)
                if not box.inside(width, height):
                    continue
                clash = sum(_overlap(box, other) for other in taken)
                if best is None or clash < best[0]:
                    best = (clash, box)
                if clash == 0:
                    break
            if best is not None and best[0] == 0:
                break
        chosen = best[1] if best is not None else _label_box(x, y, DOT + 3, 0, size)
        boxes.append(chosen)
        taken.append(chosen)
    return boxes


def _overlap(a: Box, b: Box) -> float:
    w = min(a.right, b.right) - max(a.x, b.x)
    h = min(a.bottom, b.bottom) - max(a.y, b.y)
    return w * h if w > 0 and h > 0 else 0.0


def draw_map(picture: MapPicture, url: Url) -> str:
    places = list(picture.places)
    projection = fit([(p.lon, p.lat) for p in places], WIDTH, HEIGHT, MARGIN_DEGREES,
                     MIN_HALF_SPAN)
    dots = [projection.place(p.lon, p.lat) for p in places]
    order = sorted(range(len(places)), key=lambda i: (i != picture.focus, places[i].name))
    boxes = place_labels([dots[i] for i in order], [places[i].name for i in order],
                         WIDTH, HEIGHT)
    marks = []
    for i, box in zip(order, boxes):
        place, (x, y) = places[i], dots[i]
        focus = i == picture.focus
        near = _nearest_point(box, x, y)
        leader = (f'<line class="leader" x1="{num(x)}" y1="{num(y)}" x2="{num(near[0])}" '
                  f'y2="{num(near[1])}"/>' if math.dist(near, (x, y)) > DOT + 6 else "")
        marks.append(
            f'<a href="{attr(url(place.target))}" class="place{" focus" if focus else ""}">'
            f'{leader}<circle cx="{num(x)}" cy="{num(y)}" r="{num(DOT + (2 if focus else 0))}"/>'
            f'<text x="{num(box.x)}" y="{num(box.bottom - LABEL_SIZE * 0.3)}">'
            f'{escape(place.name)}</text></a>')
    body = _outlines(projection) + '<g class="places">' + "".join(marks) + "</g>"
    caption = f"{picture.title}. The places it shows are listed below it."
    return figure(picture.id, "map", picture.title, WIDTH, HEIGHT, body, caption)


def _nearest_point(box: Box, x: float, y: float) -> Point:
    return (min(max(x, box.x), box.right), min(max(y, box.y), box.bottom))
