"""Lineage events between the database and parindex.core.lineage."""

from dataclasses import dataclass

from parindex.core import lineage
from parindex.org.models import LineageEvent, Unit


def lineage_event(event: LineageEvent) -> lineage.Event:
    """The core view of a stored event (its before/after prefetched by the scope)."""
    return lineage.Event(
        id=event.pk,
        kind=lineage.LineageKind(event.kind),
        day=event.day,
        before=frozenset(unit.pk for unit in event.before.all()),
        after=frozenset(unit.pk for unit in event.after.all()),
    )


@dataclass(frozen=True)
class LineageRow:
    event: LineageEvent
    before: list[Unit]
    after: list[Unit]


def lineage_rows(events: list[lineage.Event]) -> list[LineageRow]:
    """Core events back as rows to show, with their units."""
    stored = {
        e.pk: e
        for e in LineageEvent.objects.filter(pk__in=[e.id for e in events]).prefetch_related(
            "before", "after"
        )
    }
    return [
        LineageRow(stored[e.id], list(stored[e.id].before.all()), list(stored[e.id].after.all()))
        for e in events
    ]
