"""The coastlines and land borders the maps are drawn on, and the projection that fits a part
of the world into a frame.

The outlines are Natural Earth's (public domain), simplified once by
scripts/simplify-world.py into world.json (arcs shared by the rings, as text) and world.lines
(the same outlines as the maps use them: each line's points and reach worked out, as binary
numbers, read in a few milliseconds where the JSON takes thirty), which ships inside the
package: drawing a map never asks another host for anything.
"""

from __future__ import annotations

import importlib.resources
import json
import math
import sys
import zlib
from array import array
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

Point = tuple[float, float]  # (longitude, latitude) in degrees
MAX_LAT = 85.0


Extent = tuple[float, float, float, float]  # west, east (unbroken at 180°), south, north


class Line(NamedTuple):
    """A ring or line of the world, its longitudes unbroken where it crosses the 180th
    meridian (each written within 180 degrees of the one before), and how far it reaches."""

    lons: tuple[float, ...]
    lats: tuple[float, ...]
    reach: Extent


@dataclass(frozen=True)
class World:
    rings: tuple[Line, ...]  # the land, as closed rings
    coasts: tuple[Line, ...]
    borders: tuple[Line, ...]


def _line(points: list[Point]) -> Line:
    lons = [points[0][0]]
    for lon, _ in points[1:]:
        lons.append(unwrap(lon, lons[-1]))
    lats = tuple(lat for _, lat in points)
    return Line(tuple(lons), lats, (min(lons), max(lons), min(lats), max(lats)))


@lru_cache(maxsize=1)
def world() -> World:
    """The outlines the package ships (world.lines)."""
    return from_lines(importlib.resources.files(__package__).joinpath("world.lines")
                      .read_bytes())


def from_json(text: str) -> World:
    """The outlines from world.json: arcs of steps, rings of arc numbers, border arcs."""
    data = json.loads(text)
    unit = data["unit"]
    arcs = [[(x * unit, y * unit) for x, y in zip(accumulate(flat[::2]), accumulate(flat[1::2]))]
            for flat in data["arcs"]]
    rings = []
    for ring in data["rings"]:
        points: list[Point] = []
        for index in ring:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points += arc if not points else arc[1:]
        rings.append(_line(points))
    borders = set(data["borders"])
    return World(tuple(rings), tuple(_line(a) for i, a in enumerate(arcs) if i not in borders),
                 tuple(_line(arcs[i]) for i in sorted(borders)))


LINES_HEADER = b"briefing world lines 1\n"


def to_lines(outlines: World) -> bytes:
    """The outlines as world.lines holds them: a header, then zlib-compressed little-endian
    doubles: the number of rings, coasts and borders, then for each line its number of
    points, its reach (west, east, south, north), its longitudes and its latitudes."""
    groups = (outlines.rings, outlines.coasts, outlines.borders)
    numbers = array("d", [len(group) for group in groups])
    for line in (line for group in groups for line in group):
        numbers.append(len(line.lons))
        numbers.extend(line.reach)
        numbers.extend(line.lons)
        numbers.extend(line.lats)
    if sys.byteorder == "big":
        numbers.byteswap()
    return LINES_HEADER + zlib.compress(numbers.tobytes(), 9)


def from_lines(data: bytes) -> World:
    """The outlines to_lines() wrote (ValueError if these bytes are not such)."""
    if not data.startswith(LINES_HEADER):
        raise ValueError("not a file of world lines")
    try:
        numbers = array("d", zlib.decompress(data[len(LINES_HEADER):]))
    except zlib.error as exc:
        raise ValueError(f"damaged world lines: {exc}") from exc
    if sys.byteorder == "big":
        numbers.byteswap()
    at = 3
    groups: list[tuple[Line, ...]] = []
    for count in numbers[:3]:
        lines = []
        for _ in range(_whole(count, len(numbers))):
            size = _whole(numbers[at] if at < len(numbers) else -1,
                          (len(numbers) - at - 5) // 2)
            lons, lats = at + 5, at + 5 + size
            reach = numbers[at + 1:lons]
            lines.append(Line(tuple(numbers[lons:lats]), tuple(numbers[lats:lats + size]),
                              (reach[0], reach[1], reach[2], reach[3])))
            at = lats + size
        groups.append(tuple(lines))
    if at != len(numbers) or len(groups) != 3:
        raise ValueError("damaged world lines: their counts do not add up")
    return World(*groups)


def _whole(number: float, most: int) -> int:
    """A count read from world lines, if it is a whole number from 0 to `most`."""
    if not (0 <= number <= most and number == int(number)):
        raise ValueError("damaged world lines: a count is out of range")
    return int(number)


def centre_longitude(lons: list[float]) -> float:
    """The longitude in the middle of the shortest stretch that holds them all (which may
    cross the 180th meridian)."""
    ordered = sorted(lon % 360 for lon in lons)
    if len(set(ordered)) < 2:
        centre = ordered[0] if ordered else 0.0
        return centre - 360 if centre > 180 else centre
    gaps = [(ordered[(i + 1) % len(ordered)] - ordered[i]) % 360 for i in range(len(ordered))]
    widest = max(range(len(gaps)), key=lambda i: (gaps[i], -i))
    start = ordered[(widest + 1) % len(ordered)]
    span = 360 - gaps[widest]
    centre = (start + span / 2) % 360
    return centre - 360 if centre > 180 else centre


def unwrap(lon: float, centre: float) -> float:
    """The same longitude, written within 180 degrees of the centre."""
    return (lon - centre + 180) % 360 - 180 + centre


@dataclass(frozen=True)
class Projection:
    """Equirectangular, stretched by the cosine of the middle latitude; (x, y) in the frame."""

    centre: float  # longitude
    west: float  # longitude at x = 0 (unwrapped about the centre)
    north: float  # latitude at y = 0
    scale: float  # frame units per degree of latitude
    squeeze: float  # cosine of the middle latitude

    def __call__(self, lon: float, lat: float) -> Point:
        return ((lon - self.west) * self.squeeze * self.scale, (self.north - lat) * self.scale)

    def place(self, lon: float, lat: float) -> Point:
        return self(unwrap(lon, self.centre), lat)


def fit(points: list[Point], width: float, height: float, margin: float,
        min_half_span: float) -> Projection:
    """The projection that shows every point, at least min_half_span degrees of latitude
    either side of their middle, with `margin` degrees (of latitude) and a little of their
    spread around them."""
    centre = centre_longitude([lon for lon, _ in points])
    lons = [unwrap(lon, centre) for lon, _ in points]
    lats = [lat for _, lat in points]
    middle = (max(lats) + min(lats)) / 2
    squeeze = max(math.cos(math.radians(middle)), 0.2)
    margin += 0.06 * max(max(lats) - min(lats), (max(lons) - min(lons)) * squeeze)
    half_h = max((max(lats) - min(lats)) / 2 + margin, min_half_span)
    half_w = max((max(lons) - min(lons)) / 2 * squeeze + margin, min_half_span)
    if half_w / half_h < width / height:
        half_w = half_h * width / height
    else:
        half_h = half_w * height / width
    middle = min(max(middle, -MAX_LAT + half_h), MAX_LAT - half_h)
    mid_lon = (max(lons) + min(lons)) / 2
    return Projection(centre, mid_lon - half_w / squeeze, middle + half_h, height / (2 * half_h),
                      squeeze)
