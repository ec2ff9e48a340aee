"""Importing a published results decision: read the workbook, match its units, show what was
read, and record every result at once when the coordinator confirms (`source: imported`).

Units are matched among those whose results the person manages (below a unit they
coordinate): by the code the file gives, else by name however typed ("UBND xã Tân Hòa",
"Tan Hoa"; parindex.core.text.unit_key), preferring the units that existed in the result's
year. Everything is checked before anything is written: one problem refuses the whole file.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from parindex.access import scope
from parindex.audit.writes import Actor, acting_person, require
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
from parindex.org.models import Role, Unit, User
from parindex.results.actions import DeductionEntry, NodeEntry, record_result
from parindex.results.models import Result, Source, StagedImport
from parindex.web.messages import ProblemsRefused

# Message keys (parameters): words in parindex.io.render.
UNIT_UNKNOWN = "results_import_unit_unknown"  # (unit)
UNIT_AMBIGUOUS = "results_import_unit_ambiguous"  # (unit, codes)
UNIT_INACTIVE = "results_import_unit_inactive"  # (unit, code, year)
YEAR_MISSING = "results_import_year_missing"  # (unit)
EXISTS = "results_import_exists"  # (unit, code, year)
UNIT_TWICE = "results_import_unit_twice"  # (unit, code): two names in the file for one unit

STAGED_FOR = timedelta(days=1)


@dataclass(frozen=True)
class Matched:
    card: Scorecard
    unit: Unit
    year: int
    decimals: int  # the framework's

    @property
    def rows(self) -> int:
        """How many fields, criteria and sub-criteria the file gives for the unit."""

        def count(nodes: tuple[Scored, ...]) -> int:
            return sum(1 + count(node.children) for node in nodes)

        return count(self.card.fields)

    @property
    def total(self) -> Decimal | None:
        if self.card.total_achieved is not None:
            return self.card.total_achieved
        return sum_known(field.achieved for field in self.card.fields)

    @property
    def self_total(self) -> Decimal | None:
        if self.card.total_self is not None:
            return self.card.total_self
        return sum_known(field.self_points for field in self.card.fields)

    @property
    def index(self) -> Decimal | None:
        if self.card.index_percent is not None:
            return self.card.index_percent
        most = self.card.total_max or sum_known(field.max_points for field in self.card.fields)
        if self.total is None or not most:
            return None
        return round_points(self.total * HUNDRED / most, self.decimals)


@dataclass(frozen=True)
class Preview:
    staged: StagedImport
    matched: tuple[Matched, ...]

    @property
    def years(self) -> list[int]:
        return sorted({item.year for item in self.matched})


def result_units(person: User) -> QuerySet[Unit]:
    """The units whose results `person` manages (parindex.results.scopes): below their own."""
    if policy.is_administrator(person):
        return Unit.objects.all()
    return Unit.objects.filter(
        policy.within(policy.paths(person, [Role.COORDINATOR]), "path", strictly=True)
    )


def _active_in(year: int) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=date(year, 12, 31))) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=date(year, 1, 1))
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
            self.units.filter(_active_in(year), pk__in=[u.pk for u in named]).values_list(
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
            params = {
                "unit": card.unit,
                "code": chosen[0].code,
                "year": str(year),
            }  # a year, not a number to group
            return Problem(place, Message(UNIT_INACTIVE, params))
        return chosen[0]


def _read(staged: StagedImport) -> tuple[Matched, ...]:
    """The staged file read and matched; ProblemsRefused with every problem found."""
    framework = framework_of(staged.framework)
    try:
        cards = results_workbook.read(bytes(staged.data), staged.filename, framework)
    except FileRefused as refused:
        raise ProblemsRefused(refused.problems, field="file") from refused
    candidates = _Candidates.of(staged.person)
    problems: list[Problem] = []
    matched: list[Matched] = []
    place = Place(staged.filename)
    for card in cards:
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
        matched.append(Matched(card, unit, year, framework.decimals))
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
    StagedImport.objects.filter(created_at__lt=timezone.now() - STAGED_FOR).delete()
    staged = StagedImport(
        person=person, framework=framework, year=year, filename=filename, data=data
    )
    matched = _read(staged)
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


def _entries(scored: Scored, framework_ids: dict[str, str]) -> list[NodeEntry]:
    lost = scored.lost
    reasons, levels = scored.reasons, scored.deducted_by
    count = max(len(reasons), len(levels))
    deductions = tuple(
        DeductionEntry(
            # The points of each level are not published: known only when one level deducted.
            points=lost if count == 1 and lost is not None else None,
            reason=reasons[i] if i < len(reasons) else "",
            level=levels[i] if i < len(levels) else "",
        )
        for i in range(count)
    )
    entry = NodeEntry(
        framework_ids[scored.code],
        self_points=scored.self_points,
        appraisals=(scored.achieved,) if scored.achieved is not None else (),
        deductions=deductions,
    )
    return [entry, *(e for child in scored.children for e in _entries(child, framework_ids))]


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
