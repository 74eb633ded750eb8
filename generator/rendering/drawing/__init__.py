"""Pictures drawn at build time as SVG: maps, connections and the timeline's axis."""

from __future__ import annotations

from markupsafe import Markup

from generator.rendering.drawing.axis import draw_axis
from generator.rendering.drawing.connections import draw_connections
from generator.rendering.drawing.maps import draw_map
from generator.rendering.drawing.pictures import (AxisPicture, ConnectionsPicture, MapPicture,
                                                  Picture)
from generator.rendering.drawing.svg import Url


def draw(picture: Picture | None, url: Url) -> Markup:
    """A picture as SVG markup in its figure (nothing for None)."""
    if picture is None:
        return Markup("")
    if isinstance(picture, MapPicture):
        return Markup(draw_map(picture, url))
    if isinstance(picture, ConnectionsPicture):
        return Markup(draw_connections(picture, url))
    if isinstance(picture, AxisPicture):
        return Markup(draw_axis(picture, url))
    raise TypeError(f"not a picture: {picture!r}")
