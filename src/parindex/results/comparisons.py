"""Results compared: a unit's history over the years, and a group's ranking with the change
on last year, both following the unit's lineage (a commune merged in 2025 compares with the
communes it was made of).

Last year's index of a merged unit is its predecessors' mean index, said as such on the
page; a change of rank is only given for the same unit ranked in a group of the same name,
since ranks in different groups do not compare.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from parindex.access import scope
from parindex.core import lineage
from parindex.core.results import rank
from parindex.org.lineage import lineage_event
from parindex.org.models import LineageEvent, User
from parindex.results.cards import as_published
from parindex.results.models import Result


def _events(person: User) -> list[lineage.Event]:
    stored = scope(person, LineageEvent, "view").prefetch_related("before", "after")
    return [lineage_event(event) for event in stored]


def _origins(unit_id: int, events: list[lineage.Event]) -> set[int]:
    """The unit and every unit it was made from, however long ago."""
    return {unit_id} | {unit for event in lineage.earlier(unit_id, events) for unit in event.before}


def history(person: User, result: Result) -> QuerySet[Result]:
    """Every result of the unit and of the units it came from that `person` may see,
    newest first."""
    units = _origins(result.unit_id, _events(person))
    return (
        scope(person, Result, "view")
        .filter(unit_id__in=units)
        .select_related("unit", "framework")
        .order_by("-year", "unit__path")
    )


@dataclass(frozen=True)
class Standing:
    result: Result
    rank: int | None
    last_year: tuple[Result, ...]  # what it is compared with: itself, or its predecessors
    index_change: Decimal | None  # points of index gained on last year
    places_gained: int | None  # last year's rank − this year's, same unit and group name

    @property
    def merged(self) -> bool:
        return any(past.unit_id != self.result.unit_id for past in self.last_year)


def _ranks(results: list[Result]) -> dict[int, int | None]:
    """The published ranks, or when the decision gave none, ranks from the published totals."""
    if results and all(result.published_rank is not None for result in results):
        return {result.pk: result.published_rank for result in results}
    totals = {str(r.pk): r.published_total for r in results if r.published_total is not None}
    computed = rank(totals)
    return {result.pk: computed.get(str(result.pk)) for result in results}


def _mean(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def ranking(person: User, year: int, group: str) -> list[Standing]:
    """The group's results of `year`, best first, each with its change on last year."""
    visible = scope(person, Result, "view").select_related("unit", "framework")
    results = list(visible.filter(year=year, group=group))
    ranks = _ranks(results)
    events = _events(person)
    origins = {result.pk: _origins(result.unit_id, events) for result in results}
    before = list(
        visible.filter(year=year - 1, unit_id__in={u for units in origins.values() for u in units})
    )
    # Last year's ranks among all of last year's group, not only these units' predecessors.
    ranks_before = _ranks(list(visible.filter(year=year - 1, group=group)))
    standings = []
    for result in results:
        past = tuple(p for p in before if p.unit_id in origins[result.pk])
        indices = [p.published_index for p in past if p.published_index is not None]
        change = None
        if indices and len(indices) == len(past) and result.published_index is not None:
            change = as_published(result, result.published_index - _mean(indices))
        gained = None
        same = [p for p in past if p.unit_id == result.unit_id and p.pk in ranks_before]
        if len(past) == 1 and same and ranks[result.pk] is not None:
            last_rank = ranks_before[same[0].pk]
            this_rank = ranks[result.pk]
            gained = None if last_rank is None or this_rank is None else last_rank - this_rank
        standings.append(Standing(result, ranks[result.pk], past, change, gained))
    return sorted(
        standings,
        key=lambda s: (s.rank is None, s.rank or 0, s.result.unit.name),
    )


def groups(person: User) -> list[tuple[int, str, int]]:
    """(year, group, number of results) of every published group `person` sees, newest first."""
    seen: dict[tuple[int, str], int] = {}
    for year, group in scope(person, Result, "view").values_list("year", "group"):
        seen[(year, group)] = seen.get((year, group), 0) + 1
    return sorted(
        ((year, group, count) for (year, group), count in seen.items()),
        key=lambda item: (-item[0], item[1]),
    )
