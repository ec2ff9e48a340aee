"""The lineage of units across mergers, splits, renamings and changes of parent.

Pure graph arithmetic over events: which units came before a unit, and which after it.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from parindex.core.messages import Message, Refused


class LineageKind(StrEnum):
    MERGE = "merge"
    SPLIT = "split"
    RENAME = "rename"
    REPARENT = "reparent"
    ABOLISH = "abolish"


# How many units each kind takes before and after: (least, most); None is "no limit".
SHAPES: dict[LineageKind, tuple[tuple[int, int | None], tuple[int, int | None]]] = {
    LineageKind.MERGE: ((2, None), (1, 1)),
    LineageKind.SPLIT: ((1, 1), (2, None)),
    LineageKind.RENAME: ((1, 1), (1, 1)),
    LineageKind.REPARENT: ((1, 1), (1, 1)),
    LineageKind.ABOLISH: ((1, None), (0, 0)),
}


@dataclass(frozen=True)
class Event:
    id: int
    kind: LineageKind
    day: date
    before: frozenset[int]
    after: frozenset[int]


def check_shape(kind: LineageKind, before: Sequence[object], after: Sequence[object]) -> None:
    """Refuse an event whose numbers of units do not fit its kind (e.g. a merge of one)."""
    for side, units, (least, most) in (
        ("before", before, SHAPES[kind][0]),
        ("after", after, SHAPES[kind][1]),
    ):
        params = {"kind": kind.value, "side": side, "count": len(units)}
        if len(units) < least:
            raise Refused(Message("lineage_too_few", params | {"least": least}), where=side)
        if most is not None and len(units) > most:
            raise Refused(Message("lineage_too_many", params | {"most": most}), where=side)
    if kind == LineageKind.REPARENT and set(before) != set(after):
        raise Refused(Message("lineage_reparent_same_unit"), where="after")


def _walk(start: int, events: Iterable[Event], backwards: bool) -> list[Event]:
    ordered = sorted(events, key=lambda e: (e.day, e.id), reverse=backwards)
    reached, found = {start}, []
    for event in ordered:
        near, far = (event.after, event.before) if backwards else (event.before, event.after)
        if near & reached and event not in found:
            found.append(event)
            reached |= far
    return found


def earlier(unit: int, events: Iterable[Event]) -> list[Event]:
    """The events that led to `unit`, newest first, following predecessors transitively."""
    return _walk(unit, events, backwards=True)


def later(unit: int, events: Iterable[Event]) -> list[Event]:
    """The events that followed from `unit`, oldest first, following successors transitively."""
    return _walk(unit, events, backwards=False)


def units_in(events: Iterable[Event]) -> set[int]:
    return {unit for event in events for unit in event.before | event.after}
