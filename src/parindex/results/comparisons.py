"""Results compared: a unit's history over the years, and a group's ranking with the change
on last year, both following the unit's lineage (a commune merged in 2025 compares with the
communes it was made of).

A group is the evaluating unit's, the year's and the name's: two provinces both have a
"Khối xã". Its ranks and its size are facts the decision published about the whole group,
so they are computed over the whole group whoever looks, like last year's figures a unit is
compared with; only the rows of results in the viewer's scope are shown.

Last year's index of a merged unit is its predecessors' mean index, said as such on the
page, and only when every predecessor has a result; a change of rank is only given for the
same unit ranked in a group of the same name and evaluating unit, since ranks in different
groups do not compare.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from parindex.access import scope
from parindex.core import lineage
from parindex.core.results import CodeMap, change_on_last_year, rank
from parindex.org.lineage import lineage_event
from parindex.org.models import LineageEvent, Unit, User, active_in
from parindex.results.cards import as_published, framework_for, scorecard_of
from parindex.results.models import Result


def _events() -> list[lineage.Event]:
    """Every recorded merger, split and renaming: what a unit was made of is a public fact."""
    stored = LineageEvent.objects.prefetch_related("before", "after")
    return [lineage_event(event) for event in stored]


def _origins(
    unit_id: int, events: list[lineage.Event], until: date, since: date | None = None
) -> set[int]:
    """The unit and every unit it was made from by the events from `since` to `until`."""
    window = [e for e in events if e.day <= until and (since is None or e.day > since)]
    return {unit_id} | {unit for event in lineage.earlier(unit_id, window) for unit in event.before}


def _year_end(year: int) -> date:
    return date(year, 12, 31)


def history(person: User, result: Result) -> QuerySet[Result]:
    """Every result `person` may see of the unit and of the units it came from, up to the
    result's year, newest first."""
    units = _origins(result.unit_id, _events(), _year_end(result.year))
    return (
        scope(person, Result, "view")
        .filter(unit_id__in=units)
        .select_related("unit", "framework")
        .order_by("-year", "unit__path")
    )


def field_changes(
    person: User, result: Result, this_year: Mapping[str, Decimal]
) -> dict[str, Decimal | None]:
    """Each field's points this year minus the unit's own last year, by this year's codes.

    Last year's result must be on the same framework, or on the one this framework follows,
    whose codes then come through its code map (core.results.change_on_last_year); on any
    other framework the codes say nothing about each other and nothing is compared."""
    framework = framework_for(result)
    last = scope(person, Result, "view").filter(unit_id=result.unit_id, year=result.year - 1)
    for past in last.select_related("framework", "unit"):
        if past.framework.key == framework.id:
            mapping = None
        elif framework.follows is not None and past.framework.key == framework.follows:
            mapping = CodeMap(framework.code_map)
        else:
            continue
        before = {
            field.code: field.achieved
            for field in scorecard_of(past).fields
            if field.achieved is not None
        }
        return change_on_last_year(this_year, before, mapping)
    return {}


@dataclass(frozen=True)
class Group:
    evaluated_by: Unit | None
    year: int
    name: str
    size: int


@dataclass(frozen=True)
class Standing:
    result: Result
    rank: int | None
    last_year: tuple[Result, ...]  # what it is compared with: itself, or its predecessors
    index_change: Decimal | None  # points of index gained on last year
    places_gained: int | None  # last year's rank − this year's, same unit and group

    @property
    def merged(self) -> bool:
        return any(past.unit_id != self.result.unit_id for past in self.last_year)


def members(evaluated_by: int | None, year: int, name: str) -> QuerySet[Result]:
    """Every result of the group, whoever may see it (see the module's docstring)."""
    return Result.objects.filter(evaluated_by_id=evaluated_by, year=year, group=name).exclude(
        group=""
    )


def _ranks(results: list[Result]) -> dict[int, int]:
    """The published ranks when the decision gave them all, else ranks computed from the
    index (units may have different applicable maxima), else from the totals."""
    if results and all(result.published_rank is not None for result in results):
        return {result.pk: result.published_rank for result in results}  # type: ignore[misc]
    by_index = all(result.published_index is not None for result in results)
    scores = {
        str(result.pk): value
        for result in results
        if (value := result.published_index if by_index else result.published_total) is not None
    }
    return {int(key): place for key, place in rank(scores).items()}


def _change(result: Result, past: list[Result], expected: set[int]) -> Decimal | None:
    """This year's index minus last year's (the predecessors' mean), when all are known."""
    if not past or result.published_index is None or {p.unit_id for p in past} != expected:
        return None
    indices = [p.published_index for p in past if p.published_index is not None]
    if len(indices) != len(past):
        return None
    mean = sum(indices, Decimal(0)) / len(indices)
    return as_published(result, result.published_index - mean)


def ranking(
    person: User, evaluated_by: int | None, year: int, name: str, only: int | None = None
) -> list[Standing]:
    """The group's results `person` may see, best first, each with its change on last year;
    with `only` (a result's id), that result's standing alone, still ranked in the whole group."""
    everyone = list(members(evaluated_by, year, name).select_related("unit", "framework"))
    visible = set(
        scope(person, Result, "view")
        .filter(pk__in=[result.pk for result in everyone])
        .values_list("pk", flat=True)
    )
    ranks = _ranks(everyone)
    events = _events()
    # A merger counts from the start of last year to the end of this one.
    since, until = date(year - 1, 1, 1), _year_end(year)
    shown = [r for r in everyone if r.pk in visible and only in (None, r.pk)]
    origins = {result.pk: _origins(result.unit_id, events, until, since) for result in shown}
    wanted = {unit for units in origins.values() for unit in units}
    before = list(Result.objects.filter(year=year - 1, unit_id__in=wanted))
    active = set(
        Unit.objects.filter(active_in(year - 1), pk__in=wanted).values_list("pk", flat=True)
    )
    last_group = members(evaluated_by, year - 1, name)
    ranks_before = _ranks(list(last_group))
    standings = []
    for result in shown:
        past = [p for p in before if p.unit_id in origins[result.pk]]
        change = _change(result, past, origins[result.pk] & active)
        gained = None
        same = [p for p in past if p.unit_id == result.unit_id and p.pk in ranks_before]
        if len(past) == 1 and same and result.pk in ranks:
            gained = ranks_before[same[0].pk] - ranks[result.pk]
        standings.append(Standing(result, ranks.get(result.pk), tuple(past), change, gained))
    return sorted(standings, key=lambda s: (s.rank is None, s.rank or 0, s.result.unit.name))


def groups(person: User) -> list[Group]:
    """Every ranking group with a result `person` may see, newest first, with its size."""
    keys = set(
        scope(person, Result, "view")
        .exclude(group="")
        .values_list("evaluated_by", "year", "group")
        .distinct()
    )
    units = Unit.objects.in_bulk({by for by, _year, _name in keys if by is not None})
    found = [
        Group(
            units.get(by) if by is not None else None, year, name, members(by, year, name).count()
        )
        for by, year, name in keys
    ]
    return sorted(found, key=lambda group: (-group.year, group.name))
