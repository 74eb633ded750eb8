"""The pictures drawn at build time: well-formed SVG with a title, every node a link, nothing
overlapping and everything inside the frame, for generated inputs."""

from __future__ import annotations

import math
import re
import sys
import xml.etree.ElementTree as ET
import zlib
from array import array
from pathlib import Path

from hypothesis import example, given, settings, strategies as st

from generator.rendering import drawing
from generator.rendering.drawing import draw
from generator.rendering.drawing.axis import label_boxes, positions, short
from generator.rendering.drawing.connections import WIDTH as CONNECTIONS_WIDTH, layout
from generator.rendering.drawing.maps import (HEIGHT, WIDTH, _clip_ring, _runs, _runs_inside,
                                             _simplify, neighbours, place_labels)
from generator.rendering.drawing.pictures import (AxisDate, AxisPicture, ConnectionsPicture,
                                                  MapPicture, MapPlace, Node)
from generator.rendering.drawing.svg import Box
from generator.rendering.drawing.world import (LINES_HEADER, Line, World, centre_longitude, fit,
                                               from_json, from_lines, to_lines, world)

SVG = "{http://www.w3.org/2000/svg}"
TOLERANCE = 0.5  # frame units two boxes may share


def url(target: str) -> str:
    return "../" + target


def parsed(markup: str) -> ET.Element:
    figure = ET.fromstring(markup)
    assert figure.tag == "figure" and figure.find("figcaption") is not None
    return figure


def svg_of(figure: ET.Element) -> ET.Element:
    svg = figure.find(f"{SVG}svg")
    assert svg is not None
    title = svg.find(f"{SVG}title")
    assert title is not None and svg.get("aria-labelledby") == title.get("id")
    return svg


names = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz-&<>'\"",
                min_size=1, max_size=40).map(str.strip).filter(bool)
latitudes = st.floats(-60, 75, allow_nan=False)
longitudes = st.floats(-180, 180, allow_nan=False)
places = st.builds(MapPlace, names, st.sampled_from(["places/a/index.html", "places/b/index.html"]),
                   latitudes, longitudes)


@settings(max_examples=12, deadline=None)  # each draws the world's outlines
@given(st.lists(places, min_size=1, max_size=8), st.booleans())
def test_a_map_is_well_formed_and_every_place_a_link_inside_the_frame(
        shown: list[MapPlace], focused: bool) -> None:
    picture = MapPicture("map", "Map of " + shown[0].name, tuple(shown), 0 if focused else None)
    figure = parsed(str(draw(picture, url)))
    svg = svg_of(figure)
    assert svg.find(f"{SVG}title").text == picture.title  # type: ignore[union-attr]
    links = svg.findall(f".//{SVG}a")
    assert sorted(a.find(f"{SVG}text").text or "" for a in links) == sorted(
        p.name for p in shown)
    for a in links:
        assert a.get("href", "").startswith("../places/")
        circle = a.find(f"{SVG}circle")
        assert circle is not None
        x, y = float(circle.get("cx", "")), float(circle.get("cy", ""))
        assert 0 <= x <= WIDTH and 0 <= y <= HEIGHT, (x, y)


def test_the_real_world_outline_is_shipped_and_read() -> None:
    data = world()
    assert len(data.rings) > 200 and data.coasts and data.borders
    for lons, lats, (west, east, south, north) in data.rings + data.coasts + data.borders:
        assert len(lons) == len(lats) >= 2 and all(-90 <= lat <= 90 for lat in lats)
        assert -180.5 <= lons[0] <= 180.5  # the rest unbroken where they cross 180 degrees
        assert all(abs(b - a) <= 180 for a, b in zip(lons, lons[1:]))
        assert (west, east, south, north) == (min(lons), max(lons), min(lats), max(lats))


frame_points = st.lists(st.tuples(st.floats(-50, WIDTH + 50), st.floats(-50, HEIGHT + 50)),
                        min_size=2, max_size=60)


@settings(max_examples=2000)  # quick cases: as many as the CI profile's
@given(frame_points)
def test_outlines_wholly_inside_the_frame_are_drawn_as_clipping_would_draw_them(
        points: list[tuple[float, float]]) -> None:
    """A ring or line inside the frame skips clipping: that must be what clipping gives."""
    frame = Box(-2, -2, WIDTH + 4, HEIGHT + 4)
    assert _runs(points, frame) == _runs_inside(points, frame)
    if all(frame.x <= x <= frame.right and frame.y <= y <= frame.bottom for x, y in points):
        assert _clip_ring(points, frame) == points


def _douglas_peucker(points: list[tuple[float, float]], tolerance: float
                     ) -> list[tuple[float, float]]:
    """The textbook form, recursive: the farthest point from the chord (the first of equals)
    is kept if it lies further than the tolerance, and each side simplified alike."""
    if len(points) < 3:
        return points
    (ax, ay), (bx, by) = points[0], points[-1]
    length = math.hypot(bx - ax, by - ay)

    def distance(p: tuple[float, float]) -> float:
        if length:
            return abs((bx - ax) * ay - ax * (by - ay) + p[0] * (by - ay) - p[1] * (bx - ax))
        return math.hypot(p[0] - ax, p[1] - ay)

    far = tolerance * length if length else tolerance
    distances = [distance(p) for p in points[1:-1]]
    if max(distances) <= far:
        return [points[0], points[-1]]
    at = 1 + distances.index(max(distances))
    return _douglas_peucker(points[:at + 1], tolerance)[:-1] + \
        _douglas_peucker(points[at:], tolerance)


@settings(max_examples=2000)
@given(frame_points, st.floats(0.1, 20))
def test_outlines_are_simplified_by_douglas_peucker(points: list[tuple[float, float]],
                                                    tolerance: float) -> None:
    assert _simplify(points, tolerance) == _douglas_peucker(points, tolerance)
    closed = points + points[:1]  # a ring: its chord has no length
    assert _simplify(closed, tolerance) == _douglas_peucker(closed, tolerance)


@given(st.lists(longitudes, min_size=1, max_size=10))
def test_the_centre_longitude_holds_every_point_within_half_a_turn(lons: list[float]) -> None:
    centre = centre_longitude(lons)
    assert -180 <= centre <= 180
    spread = [((lon - centre + 180) % 360) - 180 for lon in lons]
    assert max(spread) - min(spread) <= 360


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(longitudes, latitudes), min_size=1, max_size=8))
def test_the_projection_puts_every_point_inside_the_frame(points: list[tuple[float, float]]
                                                          ) -> None:
    projection = fit(points, WIDTH, HEIGHT, 3.0, 4.0)
    for lon, lat in points:
        x, y = projection.place(lon, lat)
        assert -0.01 <= x <= WIDTH + 0.01 and -0.01 <= y <= HEIGHT + 0.01, (lon, lat, x, y)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.floats(40, WIDTH - 40), st.floats(30, HEIGHT - 30)),
                min_size=1, max_size=6, unique_by=lambda p: (round(p[0] / 90), round(p[1] / 60))),
       st.lists(st.text("abcdefghij ", min_size=1, max_size=14), min_size=6, max_size=6))
def test_map_labels_overlap_neither_each_other_nor_the_dots(
        dots: list[tuple[float, float]], labels: list[str]) -> None:
    # dots at least a grid cell apart, as the places of a briefing are on their maps
    boxes = place_labels(dots, labels[:len(dots)], WIDTH, HEIGHT)
    dot_boxes = [Box(x - 5, y - 5, 10, 10) for x, y in dots]
    for i, box in enumerate(boxes):
        assert box.inside(WIDTH, HEIGHT)
        for j, other in enumerate(boxes):
            assert i == j or not box.overlaps(other, TOLERANCE), (box, other)
        assert not any(box.overlaps(d, TOLERANCE) for d in dot_boxes)


def test_the_briefings_places_are_near_each_other_as_on_a_map() -> None:
    vostochny = MapPlace("Vostochny", "a", 51.884, 128.334)
    vladivostok = MapPlace("Vladivostok", "b", 43.116, 131.886)
    moscow = MapPlace("Moscow", "c", 55.756, 37.617)
    near = neighbours(vostochny, [vladivostok, moscow], 1500)
    assert [(p.name, round(km, -1)) for p, km in near] == [("Vladivostok", 1010)]


nodes = st.builds(Node, names, st.just("people/x/index.html"), names)


@settings(max_examples=60, deadline=None)
@given(nodes, st.lists(nodes, max_size=8), st.lists(nodes, max_size=8))
@example(Node("<" * 16 + " < " + "<" * 16 + " <", "people/x/index.html", "<"), [], [])  # 4 lines
def test_connections_are_links_in_columns_that_never_overlap(
        centre: Node, left: list[Node], right: list[Node]) -> None:
    centre = Node(centre.name, centre.target, "")
    picture = ConnectionsPicture("c", f"Connections of {centre.name}", centre, tuple(left),
                                 tuple(right))
    svg = svg_of(parsed(str(draw(picture, url))))
    links = svg.findall(f".//{SVG}a")
    assert len(links) == 1 + len(left) + len(right)
    # a link's name is what it shows: the caption (the relation), then the name
    shown = [" ".join("".join(a.itertext()).split()) for a in links]
    for node, text in zip([centre, *left, *right], shown):
        assert " ".join(node.name.split())[:10].rstrip() in text
        assert not node.caption or " ".join(node.caption.split())[:10].rstrip() in text
    middle, lefts, rights, height = layout(picture)
    boxes = [middle, *lefts, *rights]
    for i, box in enumerate(boxes):
        assert box.inside(CONNECTIONS_WIDTH, height)
        assert not any(box.overlaps(other) for other in boxes[i + 1:])


dates = st.dates(min_value=__import__("datetime").date(1950, 1, 1),
                 max_value=__import__("datetime").date(2030, 12, 31))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(dates, st.sampled_from([0, 1, 2])), min_size=1, max_size=16,
                unique_by=lambda d: d[0].isoformat()[:[10, 7, 4][d[1]]]),
       st.integers(1, 30))
def test_the_timeline_axis_has_a_link_per_date_in_order_and_no_labels_overlap(
        chosen: list[tuple[object, int]], count: int) -> None:
    values = sorted({d.isoformat()[:[10, 7, 4][precision]]  # type: ignore[attr-defined]
                     for d, precision in chosen})
    items = tuple(AxisDate(v, v, f"timeline/index.html#d-{v}", count, i == 0)
                  for i, v in enumerate(values))
    picture = AxisPicture("t", "Timeline of a briefing", items, "The summit")
    svg = svg_of(parsed(str(draw(picture, url))))
    links = svg.findall(f".//{SVG}a")
    assert [a.get("href") for a in links] == [f"../timeline/index.html#d-{v}" for v in values]
    assert all(re.fullmatch(r".+: \d+ entr(y|ies)", a.get("aria-label", "")) for a in links)
    xs = positions(values)
    assert xs == sorted(xs) and all(0 <= x <= 640 for x in xs)
    boxes = label_boxes(xs, [short(v) for v in values])
    width = float(svg.get("viewBox", "").split()[2])
    height = float(svg.get("viewBox", "").split()[3])
    for i, box in enumerate(boxes):
        assert box.inside(width, height)
    # labels that found a free row overlap nothing; only a crowd beyond four rows may
    rows = {}
    for box in boxes:
        rows.setdefault(box.y, []).append(box)
    if len(values) <= 8:
        for i, box in enumerate(boxes):
            assert not any(box.overlaps(other, TOLERANCE) for other in boxes[i + 1:])


def test_the_shipped_lines_are_the_outlines_of_world_json() -> None:
    """world.lines, which the maps read, is world.json's outlines (made again by
    scripts/simplify-world.py whenever world.json is)."""
    folder = Path(drawing.__file__).parent
    assert world() == from_json((folder / "world.json").read_text(encoding="utf-8"))


finite = st.floats(-400, 400, allow_nan=False)


@st.composite
def outlines(draw: st.DrawFn) -> World:
    def line() -> Line:
        points = draw(st.lists(st.tuples(finite, finite), min_size=0, max_size=8))
        return Line(tuple(p[0] for p in points), tuple(p[1] for p in points),
                    draw(st.tuples(finite, finite, finite, finite)))
    return World(*(tuple(line() for _ in range(draw(st.integers(0, 4)))) for _ in range(3)))


@given(outlines())
def test_outlines_written_as_lines_read_back_the_same(drawn: World) -> None:
    read = from_lines(to_lines(drawn))
    assert read == drawn
    assert [math.copysign(1, v) for line in read.rings for v in line.lons] == [
        math.copysign(1, v) for line in drawn.rings for v in line.lons]  # -0.0 stays -0.0


@given(outlines(), st.data())
def test_damaged_lines_are_refused_or_read_never_anything_else(drawn: World,
                                                               data: st.DataObject) -> None:
    written = bytearray(to_lines(drawn))
    how = data.draw(st.sampled_from(["flip", "cut", "insert"]))
    at = data.draw(st.integers(0, len(written) - 1))
    if how == "flip":
        written[at] ^= data.draw(st.integers(1, 255))
    elif how == "cut":
        del written[at:]
    else:
        written[at:at] = data.draw(st.binary(min_size=1, max_size=16))
    try:
        read = from_lines(bytes(written))
    except ValueError:
        return
    assert isinstance(read, World)


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=40))
def test_counts_out_of_range_are_refused(numbers: list[float]) -> None:
    packed = array("d", numbers)
    if sys.byteorder == "big":
        packed.byteswap()
    data = LINES_HEADER + zlib.compress(packed.tobytes())
    try:
        read = from_lines(data)
    except ValueError:
        return
    assert isinstance(read, World)
