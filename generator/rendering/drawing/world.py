"""The coastlines and land borders the maps are drawn on, and the projection that fits a part
of the world into a frame.

The outlines are Natural Earth's (public domain), simplified once by
scripts/simplify-world.py into world.json, which ships inside the package: drawing a map
never asks another host for anything.
"""

from __future__ import annotations

import importlib.resources
import json
import math
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
    data = json.loads(importlib.resources.files(__package__).joinpath("world.json")
                      .read_text(encoding="utf-8"))
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
