#!/usr/bin/env python3
"""Simplify Natural Earth's countries once, into the small outline the maps are drawn from.

    scripts/simplify-world.py COUNTRIES_TOPOJSON [OUT]

COUNTRIES_TOPOJSON is `countries-50m.json` of the npm package world-atlas (Natural Earth's
Admin 0 countries, public domain, as TopoJSON). OUT defaults to
generator/rendering/drawing/world.json; the same outlines as the maps read them are written
beside it, as world.lines (generator/rendering/drawing/world.py), which ships with the package.

What is kept: every arc of the country outlines, simplified (Douglas-Peucker, TOLERANCE
degrees) and rounded to UNIT degrees, each stored as its first point and then the step to
each next point; the rings of the land (as lists of arc numbers, ~n for an arc walked
backwards), without islands smaller than MIN_AREA square degrees; and which arcs are land
borders (shared by two countries). Every other arc is coastline.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TOLERANCE = 0.06  # degrees
UNIT = 0.01  # degrees: coordinates are stored as whole multiples of this
MIN_AREA = 0.15  # square degrees: smaller islands are left out
REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "generator/rendering/drawing/world.json"


def decode(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs as lists of (longitude, latitude)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, keeping the two ends (where arcs meet)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5
        far, at = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            if d > far:
                far, at = d, i
        if far > tolerance and at > 0:
            keep[at] = True
            stack += [(first, at), (at, last)]
    return [p for p, k in zip(points, keep) if k]


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]
                ) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points += arc if not points else arc[1:]
    return points


def area(points: list[tuple[float, float]]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1)
                   in zip(points, points[1:] + points[:1]))) / 2


def main(source: Path, out: Path) -> None:
    topology = json.loads(source.read_text(encoding="utf-8"))
    arcs = decode(topology)
    rings: list[list[int]] = []
    uses: dict[int, int] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs", [])
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            for ring in polygon:
                for index in ring:
                    arc = index if index >= 0 else ~index
                    uses[arc] = uses.get(arc, 0) + 1
                if area(ring_points(ring, arcs)) >= MIN_AREA:
                    rings.append(ring)
    used = sorted({i if i >= 0 else ~i for ring in rings for i in ring})
    number = {old: new for new, old in enumerate(used)}
    shipped = []
    for old in used:
        points = simplify(arcs[old], TOLERANCE)
        flat: list[int] = []
        x = y = 0
        for lon, lat in points:  # the first point, then each point's step from the last
            qx, qy = round(lon / UNIT), round(lat / UNIT)
            flat += [qx - x, qy - y]
            x, y = qx, qy
        shipped.append(flat)
    data = {
        "source": "Natural Earth Admin 0 countries, 1:50m (public domain), via world-atlas; "
                  "simplified by scripts/simplify-world.py",
        "unit": UNIT,
        "arcs": shipped,
        "rings": [[number[i] if i >= 0 else ~number[~i] for i in ring] for ring in rings],
        "borders": [number[old] for old in used if uses.get(old, 0) > 1],
    }
    text = json.dumps(data, separators=(",", ":")) + "\n"
    out.write_text(text, encoding="utf-8")
    print(f"{out}: {len(shipped)} arcs, {len(rings)} rings, {out.stat().st_size:,} bytes")
    sys.path.insert(0, str(REPO))
    from generator.rendering.drawing.world import from_json, to_lines

    lines = out.with_suffix(".lines")
    lines.write_bytes(to_lines(from_json(text)))
    print(f"{lines}: {lines.stat().st_size:,} bytes")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) == 3 else OUT)
