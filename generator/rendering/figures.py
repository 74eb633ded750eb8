"""What each picture shows, picked from the content for the page that shows it: a place's
locator map and the places near it, an entry's connections, the home page's overview map
and main actors, the timeline's dates."""

from __future__ import annotations

from typing import Sequence

from generator.rendering.drawing.maps import neighbours
from generator.rendering.drawing.pictures import (AxisDate, AxisPicture, ConnectionsPicture,
                                                  MapPicture, MapPlace, Node)
from generator.rendering.parts import Link, display_date
from generator.rendering.views import Nearby

NEARBY_KM = 1500  # places this close to a place are on its map
NEARBY_MOST = 8
COLUMN_MOST = 8  # boxes in a column of a connections picture; the rest are listed as text


def place_map(places: dict[str, MapPlace], place_id: str
              ) -> tuple[MapPicture | None, tuple[Nearby, ...]]:
    """A place's locator map, with the places near it, and those places as text."""
    place = places.get(place_id)
    if place is None:
        return None, ()
    others = [p for i, p in sorted(places.items()) if i != place_id]
    near = neighbours(place, others, NEARBY_KM)[:NEARBY_MOST]
    picture = MapPicture("map", f"Map of {place.name}",
                         (place, *(p for p, _ in near)), focus=0)
    return picture, tuple(Nearby(Link(p.name, p.target), round(km)) for p, km in near)


def overview_map(places: dict[str, MapPlace], title: str) -> MapPicture | None:
    if len(places) < 2:
        return None
    return MapPicture("places-map", f"Map of the places in {title}",
                      tuple(sorted(places.values(), key=lambda p: p.name)))


def split(nodes: Sequence[Node]) -> tuple[tuple[Node, ...], tuple[Node, ...]]:
    """Nodes in two columns, the first half on the left, at most COLUMN_MOST in each."""
    shown = list(nodes)[:2 * COLUMN_MOST]
    half = (len(shown) + 1) // 2
    return tuple(shown[:half]), tuple(shown[half:])


def connections(name: str, target: str, relations: Sequence[tuple[str, Sequence[Link]]]
                ) -> ConnectionsPicture | None:
    """An entry's connections: each related entry with the relation as its caption."""
    nodes = [Node(link.label, link.target, label) for label, links in relations
             for link in links]
    if not nodes:
        return None
    left, right = split(nodes)
    return ConnectionsPicture("connections", f"Connections of {name}", Node(name, target, ""),
                              left, right)


def actors(event: Node, sides: Sequence[tuple[str, Sequence[Node]]]) -> ConnectionsPicture:
    """The main actors around the briefing's event: the first side on the left, the others
    on the right."""
    left = tuple(sides[0][1])[:COLUMN_MOST] if sides else ()
    right = tuple(n for _, nodes in sides[1:] for n in nodes)[:COLUMN_MOST]
    headings = [side for side, _ in sides]
    return ConnectionsPicture("actors", f"Connections of the main actors to {event.name}",
                              event, left, right, headings[0] if headings else "",
                              ", ".join(headings[1:]))


def axis(dates: Sequence[tuple[str, str, int]], marked: str | None, mark_label: str,
         title: str) -> AxisPicture | None:
    """The timeline's axis: (date, target, entries) for each date; `marked` is the event's."""
    if not dates:
        return None
    return AxisPicture("timeline-axis", title, tuple(
        AxisDate(date, display_date(date), target, count, date == marked)
        for date, target, count in dates), mark_label)
