"""What the pictures show, as plain frozen data that page views hold.

Each picture is drawn at build time into SVG (by maps.py, connections.py and axis.py) from
these records alone, so a page's key covers everything its pictures show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class MapPlace:
    name: str
    target: str  # root-relative page of the place
    lat: float
    lon: float


@dataclass(frozen=True)
class MapPicture:
    """A map of places: a locator map of one (`focus`) among its neighbours, or an overview."""

    id: str  # unique on its page; prefixes the ids inside the picture
    title: str  # "Map of Vladivostok"
    places: tuple[MapPlace, ...]
    focus: int | None = None  # index of the place the map is about


@dataclass(frozen=True)
class Node:
    name: str
    target: str  # root-relative page
    caption: str  # the relation ("Took part in") or a one-line role


@dataclass(frozen=True)
class ConnectionsPicture:
    """One entry in the middle, its connections in two columns either side."""

    id: str
    title: str  # "Connections of Kim Jong Un"
    centre: Node
    left: tuple[Node, ...]
    right: tuple[Node, ...]
    left_heading: str = ""
    right_heading: str = ""


@dataclass(frozen=True)
class AxisDate:
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD
    label: str  # "13 September 2023"
    target: str  # where its entries are listed (a #fragment of the page)
    count: int  # entries of that date
    marked: bool = False  # the briefing's own event


@dataclass(frozen=True)
class AxisPicture:
    """Dates on a time axis, each with how many entries it has; one may be marked."""

    id: str
    title: str  # "Timeline of ..."
    dates: tuple[AxisDate, ...]
    mark_label: str = ""  # what the marked date is, e.g. "Vostochny summit"


Picture = Union[MapPicture, ConnectionsPicture, AxisPicture]
