"""Importing a published results decision: read the workbook, match its units, show what was
read, and record every result at once when the coordinator confirms (`source: imported`).

Units are matched among those whose results the person manages (below a unit they
coordinate): by the code the file gives, else by name however typed ("UBND xã Tân Hòa",
"Tan Hoa"; parindex.core.text.unit_key), preferring the units that existed in the result's
year. Everything is checked before anything is written: one problem refuses the whole file.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from parindex.access import scope
from parindex.audit.writes import Actor, ProblemsRefused, acting_person, require
from parindex.core.framework import Framework
from parindex.core.gaps import Scorecard, Scored, sum_known
from parindex.core.messages import Message
from parindex.core.results import HUNDRED
from parindex.core.rules import round_points
from parindex.core.text import unit_key
from parindex.frameworks.actions import framework_of
from parindex.frameworks.models import StoredFramework
from parindex.io import results_workbook
from parindex.io.problems import FileRefused, Place, Problem
from parindex.org import policy
from parindex.org.models import Role, Unit, User, active_in
from parindex.results.actions import DeductionEntry, NodeEntry, record_result
from parindex.results.models import Result, Source, StagedImport

# Message keys (parameters): words in parindex.io.render.
UNIT_UNKNOWN = "results_import_unit_unknown"  # (unit)
UNIT_AMBIGUOUS = "results_import_unit_ambiguous"  # (unit, codes)
UNIT_INACTIVE = "results_import_unit_inactive"  # (unit, code, year)
YEAR_MISSING = "results_import_year_missing"  # (unit)
EXISTS = "results_import_exists"  # (unit, code, year)
UNIT_TWICE = "results_import_unit_twice"  # (unit, code): two names in the file for one unit
TOO_PRECISE = "results_import_too_precise"  # (unit, value, places): more than published
TOTAL_ABOVE_MAX = "results_import_total_above_max"  # (unit, total, max)
INDEX_OUT_OF_RANGE = "results_import_index_out_of_range"  # (unit, index)

STAGED_FOR = timedelta(days=1)


@dataclass(frozen=True)
class Matched:
    card: Scorecard
    unit: Unit
    year: int
    framework: Framework

    @property
    def rows(self) -> int:
        """How many fields, criteria and sub-criteria the file gives for the unit."""

        def count(nodes: tuple[Scored, ...]) -> int:
            return sum(1 + count(node.children) for node in nodes)

        return count(self.card.fields)

    @property
    def every_field(self) -> bool:
        """Whether the file lists every field: only then do its fields make the total."""
        return {field.code for field in self.card.fields} == {
            node.code for node in self.framework.nodes
        }

    def _fields(self, values: list[Decimal | None]) -> Decimal | None:
        return sum_known(values) if self.every_field else None

    @property
    def total(self) -> Decimal | None:
        if self.card.total_achieved is not None:
            return self.card.total_achieved
        return self._fields([field.achieved for field in self.card.fields])

    @property
    def self_total(self) -> Decimal | None:
        if self.card.total_self is not None:
            return self.card.total_self
        return self._fields([field.self_points for field in self.card.fields])

    @property
    def most(self) -> Decimal | None:
        if self.card.total_max is not None:
            return self.card.total_max
        return self._fields([field.max_points for field in self.card.fields])

    @property
    def index(self) -> Decimal | None:
        if self.card.index_percent is not None:
            return self.card.index_percent
        if self.total is None or not self.most:
            return None
        return round_points(self.total * HUNDRED / self.most, self.framework.decimals)

    def problems(self, place: Place) -> list[Problem]:
        """What a published result cannot be: more places than the framework publishes, a
        total above the maximum, an index outside 0–100 %."""
        found: list[Problem] = []
        unit, places = self.card.unit, self.framework.decimals

        def too_precise(value: Decimal | None) -> bool:
            return value is not None and -int(value.as_tuple().exponent) > places

        values = [self.card.total_achieved, self.card.total_self, self.card.index_percent]
        values += [v for node in _walk(self.card.fields) for v in (node.achieved, node.self_points)]
        for value in values:
            if too_precise(value):
                params = {"unit": unit, "value": value, "places": places}
                found.append(Problem(place, Message(TOO_PRECISE, params)))
                break
        capped = not self.framework.index_may_exceed_max
        for total in (self.total, self.self_total):
            if capped and total is not None and self.most is not None and total > self.most:
                params = {"unit": unit, "total": total, "max": self.most}
                found.append(Problem(place, Message(TOTAL_ABOVE_MAX, params)))
                break
        if self.index is not None and (self.index < 0 or (capped and self.index > HUNDRED)):
            params = {"unit": unit, "index": self.index}
            found.append(Problem(place, Message(INDEX_OUT_OF_RANGE, params)))
        return found


def _walk(nodes: tuple[Scored, ...]) -> list[Scored]:
    return [item for node in nodes for item in (node, *_walk(node.children))]


@dataclass(frozen=True)
class Preview:
    staged: StagedImport
    matched: tuple[Matched, ...]


def result_units(person: User) -> QuerySet[Unit]:
    """The units whose results `person` manages (parindex.results.scopes): below their own."""
    if policy.is_administrator(person):
        return Unit.objects.all()
    return Unit.objects.filter(
        policy.within(policy.paths(person, [Role.COORDINATOR]), "path", strictly=True)
    )


@dataclass(frozen=True)
class _Candidates:
    """The units a file's names may mean, found by code or by name however typed."""

    units: QuerySet[Unit]
    by_key: dict[str, list[Unit]]

    @classmethod
    def of(cls, person: User) -> "_Candidates":
        units = result_units(person)
        by_key: dict[str, list[Unit]] = {}
        for unit in units:
            by_key.setdefault(unit_key(unit.name), []).append(unit)
        return cls(units, by_key)

    def match(self, card: Scorecard, year: int, place: Place) -> Unit | Problem:
        if card.unit_code:
            coded = self.units.filter(code__iexact=card.unit_code.strip()).first()
            if coded is not None:
                return coded
        named = self.by_key.get(unit_key(card.unit), [])
        alive = set(
            self.units.filter(active_in(year), pk__in=[u.pk for u in named]).values_list(
                "pk", flat=True
            )
        )
        chosen = [unit for unit in named if unit.pk in alive] or named
        if not chosen:
            return Problem(place, Message(UNIT_UNKNOWN, {"unit": card.unit}))
        if len(chosen) > 1:
            codes = ", ".join(sorted(unit.code for unit in chosen))
            return Problem(place, Message(UNIT_AMBIGUOUS, {"unit": card.unit, "codes": codes}))
        if not alive:
            # A year is shown as written, not grouped like a number (2.024).
            params = {"unit": card.unit, "code": chosen[0].code, "year": str(year)}
            return Problem(place, Message(UNIT_INACTIVE, params))
        return chosen[0]


def _read(staged: StagedImport) -> tuple[Matched, ...]:
    """The staged file read and matched; ProblemsRefused with every problem found."""
    framework = framework_of(staged.framework)
    try:
        cards = results_workbook.read_located(bytes(staged.data), staged.filename, framework)
    except FileRefused as refused:
        raise ProblemsRefused(refused.problems, field="file") from refused
    candidates = _Candidates.of(staged.person)
    problems: list[Problem] = []
    matched: list[Matched] = []
    for card, place in cards:
        year = card.year or staged.year
        if year is None:
            problems.append(Problem(place, Message(YEAR_MISSING, {"unit": card.unit})))
            continue
        unit = candidates.match(card, year, place)
        if isinstance(unit, Problem):
            problems.append(unit)
            continue
        if any(item.unit == unit and item.year == year for item in matched):
            twice = {"unit": card.unit, "code": unit.code}
            problems.append(Problem(place, Message(UNIT_TWICE, twice)))
            continue
        if Result.objects.filter(unit=unit, year=year, framework=staged.framework).exists():
            exists = {
                "unit": unit.name,
                "code": unit.code,
                "year": str(year),
            }  # a year, not a number to group
            problems.append(Problem(place, Message(EXISTS, exists)))
            continue
        item = Matched(card, unit, year, framework)
        wrong = item.problems(place)
        if wrong:
            problems.extend(wrong)
            continue
        matched.append(item)
    if problems:
        raise ProblemsRefused(problems, field="file")
    return tuple(matched)


def preview_import(
    actor: Actor, data: bytes, filename: str, framework: StoredFramework, year: int | None
) -> Preview:
    """Read a results workbook and match its units; nothing is recorded until `confirm_import`."""
    person = acting_person(actor)
    require(policy.manages_a_subtree(person))
    require(scope(person, StoredFramework, "view").filter(pk=framework.pk).exists())
    staged = StagedImport(
        person=person, framework=framework, year=year, filename=filename, data=data
    )
    matched = _read(staged)
    # One file waits per person (a new one that reads well replaces it), none over a day.
    StagedImport.objects.filter(
        Q(created_at__lt=timezone.now() - STAGED_FOR) | Q(person=person)
    ).delete()
    staged.save()
    return Preview(staged, matched)


def _staged(actor: Actor, staged_id: int) -> StagedImport:
    """One of `actor`'s staged files; anyone else's is not found (its existence not told)."""
    person = acting_person(actor)
    require(policy.manages_a_subtree(person))
    staged = StagedImport.objects.filter(pk=staged_id, person=person).first()
    if staged is None:
        raise Http404
    return staged


def staged_preview(actor: Actor, staged_id: int) -> Preview:
    """A staged import of `actor`'s, read again (units or results may have changed since)."""
    staged = _staged(actor, staged_id)
    return Preview(staged, _read(staged))


def _deductions(scored: Scored) -> tuple[DeductionEntry, ...]:
    """The node's reasons and who deducted, as the file gives them.

    A reason and a level are paired only when the file gives as many of each: blank cells
    are not kept, so otherwise which reason is whose is not known, and each is kept alone.
    The points are known only for a single deduction on a node without listed parts (the
    parts' own deductions account for a parent's loss)."""
    reasons, levels = scored.reasons, scored.deducted_by
    if len(reasons) == len(levels):
        pairs = list(zip(reasons, levels, strict=True))
    else:
        pairs = [(reason, "") for reason in reasons] + [("", level) for level in levels]
    alone = len(pairs) == 1 and not scored.children
    return tuple(
        DeductionEntry(points=scored.lost if alone else None, reason=reason, level=level)
        for reason, level in pairs
    )


def _entries(scored: Scored, framework_ids: dict[str, str]) -> list[NodeEntry]:
    entry = NodeEntry(
        framework_ids[scored.code],
        self_points=scored.self_points,
        appraisals=(scored.achieved,) if scored.achieved is not None else (),
        deductions=_deductions(scored),
    )
    return [entry, *(e for child in scored.children for e in _entries(child, framework_ids))]


def _evaluator(person: User, unit: Unit) -> Unit | None:
    """Whose decision it is: the nearest unit above `unit` that the importer coordinates (a
    province ranks its communes; a district did before 2025), else the unit's parent."""
    coordinated = [
        path for path in policy.paths(person, [Role.COORDINATOR]) if unit.path.startswith(path)
    ]
    if coordinated:
        return Unit.objects.get(path=max(coordinated, key=len))
    return unit.parent


@transaction.atomic
def confirm_import(actor: Actor, staged_id: int, reason: str = "") -> list[Result]:
    """Record every result the staged file holds, frozen as published: all or none."""
    preview = staged_preview(actor, staged_id)
    stored = preview.staged.framework
    framework = framework_of(stored)
    ids = {node.code: node.id for node, _depth in framework.walk()}
    results = [
        record_result(
            actor,
            unit=item.unit,
            year=item.year,
            framework=stored,
            source=Source.IMPORTED,
            nodes=[entry for field in item.card.fields for entry in _entries(field, ids)],
            self_total=item.self_total,
            published_total=item.total,
            published_index=item.index,
            evaluated_by=_evaluator(preview.staged.person, item.unit),
            group=item.card.group or "",
            published_rank=item.card.published_rank,
            freeze=True,
            reason=reason or preview.staged.filename,
        )
        for item in preview.matched
    ]
    preview.staged.delete()
    return results


def cancel_import(actor: Actor, staged_id: int) -> None:
    """Forget a staged file unconfirmed: nothing was recorded from it."""
    _staged(actor, staged_id).delete()
