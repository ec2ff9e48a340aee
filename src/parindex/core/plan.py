"""The remediation plan (kế hoạch khắc phục) drafted from a gap analysis.

A draft lists every lost item once, grouped by field, with the numbers of the gap analysis
(so the plan's sums are the analysis's), and for each item a solution, its lead and
coordinating units from the solution library, an expected recovery (the points lost) and a
deadline. Items that a threshold or a stop to deductions wins back come first and are due
before the half-year report; items scored by judgement before the third quarter ends;
survey scores, the slowest to move, before the annual report.

Everything a person then edits (header facts, purposes, targets, distribution) is data of
the plan: the draft only fills what the results say and leaves the words to its reader
(parindex.io.plan_document writes them in Vietnamese or English).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from parindex.core.framework import Framework
from parindex.core.gaps import FieldGaps, Gaps, Loss, Recoverability, by_recovery
from parindex.core.solutions import SolutionLibrary


@dataclass(frozen=True)
class PlanItem:
    loss: Loss  # what was lost, as the gap analysis found it
    recoverability: Recoverability
    priority: int  # 1 first: the order the plan recovers the items in
    solution: str
    lead: str
    coordinating: tuple[str, ...]
    deadline: date
    expected_points: Decimal  # recovered if the item succeeds


@dataclass(frozen=True)
class PlanField:
    gaps: FieldGaps  # the field as the gap analysis found it
    items: tuple[PlanItem, ...]

    @property
    def code(self) -> str:
        return self.gaps.code


@dataclass(frozen=True)
class Report:
    """A report the plan requires: which period, due when."""

    period: str  # "half_year" | "year"
    due: date


@dataclass(frozen=True)
class Plan:
    gaps: Gaps  # what it remedies: totals, rank, strengths, reconciliation notes
    results_year: int  # the year whose results it remedies
    year: int  # the year it is carried out in
    fields: tuple[PlanField, ...]
    reports: tuple[Report, ...]

    @property
    def lost(self) -> Decimal | None:
        return self.gaps.lost

    @property
    def strengths(self) -> tuple[str, ...]:
        """The titles of the fields at their maximum."""
        return tuple(field.title for field in self.gaps.strengths)

    @property
    def items(self) -> tuple[PlanItem, ...]:
        return tuple(item for field in self.fields for item in field.items)

    @property
    def recoverable(self) -> Decimal:
        """The points won back if every item succeeds."""
        return sum((item.expected_points for item in self.items), Decimal(0))

    @property
    def leads(self) -> tuple[str, ...]:
        """Every unit the plan gives work to, lead or coordinating, in order of appearance."""
        seen = dict.fromkeys(
            name for item in self.items for name in (item.lead, *item.coordinating)
        )
        return tuple(seen)


def reports(year: int) -> tuple[Report, ...]:
    """The usual regime: a half-year report before 15 June, the year's before 15 November."""
    return (Report("half_year", date(year, 6, 15)), Report("year", date(year, 11, 15)))


def _deadline(kind: Recoverability, year: int) -> date:
    if kind in (Recoverability.THRESHOLD, Recoverability.OCCURRENCES):
        return date(year, 6, 30)
    if kind in (Recoverability.JUDGEMENT, Recoverability.UNKNOWN):
        return date(year, 9, 30)
    return date(year, 11, 15)


def draft(
    gaps: Gaps,
    library: SolutionLibrary,
    results_year: int,
    framework: Framework | None = None,
) -> Plan:
    """The draft plan for the year after `results_year`, from the unit's gap analysis."""
    year = results_year + 1
    ranked = by_recovery(gaps, framework)
    order = {loss.code: number for number, (loss, _kind) in enumerate(ranked, start=1)}
    kinds = {loss.code: kind for loss, kind in ranked}
    fields = []
    for field in gaps.fields:
        # The framework's title when it has the field: a scorecard may shorten it.
        known = framework.by_code(field.code) if framework is not None else None
        field_title = known.title if known is not None else field.title
        items = []
        for loss in field.losses:
            node = framework.by_code(loss.code) if framework is not None else None
            rule = node.rule.type if node is not None and node.rule is not None else None
            suggestion = library.suggest(node.id if node else None, rule, field_title)
            items.append(
                PlanItem(
                    loss=loss,
                    recoverability=kinds[loss.code],
                    priority=order[loss.code],
                    solution=suggestion.solution,
                    lead=library.lead(node.department if node else None, suggestion),
                    coordinating=suggestion.coordinating,
                    deadline=_deadline(kinds[loss.code], year),
                    expected_points=loss.lost,
                )
            )
        fields.append(PlanField(field, tuple(items)))
    return Plan(gaps, results_year, year, tuple(fields), reports(year))
