"""The radar of a result's fields, drawn as SVG by the page: no script, no chart library.

Each field is a spoke; its length is the share of the field's maximum achieved, so fields
of different maxima compare (a field of 20 points and one of 7 both reach the rim at full
marks).
"""

import math
from dataclasses import dataclass
from decimal import Decimal

SIZE = 320  # the drawing's width and height, in SVG units
_CENTRE = SIZE / 2
_RADIUS = SIZE / 2 - 48  # room for the labels around the rim
_RINGS = (0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class Spoke:
    label: str
    x: float  # the rim's point, for the axis line
    y: float
    label_x: float
    label_y: float
    anchor: str  # text-anchor: start, middle or end


@dataclass(frozen=True)
class Radar:
    size: int
    centre: float
    spokes: tuple[Spoke, ...]
    rings: tuple[str, ...]  # polygon points of the 25/50/75/100% rings
    shape: str  # polygon points of the achieved shares


def _point(index: int, count: int, share: float) -> tuple[float, float]:
    angle = 2 * math.pi * index / count - math.pi / 2  # the first field points up
    return (
        round(_CENTRE + _RADIUS * share * math.cos(angle), 1),
        round(_CENTRE + _RADIUS * share * math.sin(angle), 1),
    )


def _polygon(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x},{y}" for x, y in points)


def radar(fields: list[tuple[str, Decimal, Decimal]]) -> Radar | None:
    """(label, achieved, max) per field; None when fewer than three fields have both."""
    known = [(label, achieved / most) for label, achieved, most in fields if most > 0]
    if len(known) < 3:
        return None
    count = len(known)
    spokes = []
    for index, (label, _share) in enumerate(known):
        x, y = _point(index, count, 1.0)
        label_x, label_y = _point(index, count, 1.18)
        anchor = "middle" if abs(label_x - _CENTRE) < 8 else "start" if label_x > _CENTRE else "end"
        spokes.append(Spoke(label, x, y, label_x, label_y + 4, anchor))
    rings = tuple(
        _polygon([_point(index, count, ring) for index in range(count)]) for ring in _RINGS
    )
    shares = [min(max(float(share), 0.0), 1.0) for _label, share in known]
    shape = _polygon([_point(index, count, share) for index, share in enumerate(shares)])
    return Radar(SIZE, _CENTRE, tuple(spokes), rings, shape)
