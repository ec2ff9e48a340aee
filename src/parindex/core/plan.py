"""The remediation plan (kế hoạch khắc phục) drafted from a gap analysis.

A draft lists every lost item once, grouped by field, with the numbers of the gap analysis
(so the plan's sums are the analysis's), and for each item a solution, its lead and
coordinating units from the solution library, an expected recovery (the points lost) and a
deadline. Items that a threshold or a stop to deductions wins back come first and are due
before the half-year report; items scored by judgement before the third quarter ends;
survey scores, the slowest to move, before the annual report.

Everything a person then edits (header facts, purposes, targets, distribution, each item's
solution, lead, deadline and status, the order of the items) is data of the plan: the draft
only fills what the results say, `revise` applies a person's edits after checking them, and
what a plan leaves empty the document says in its reader's words (parindex.io.plan_document
writes them in Vietnamese or English).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from parindex.core.framework import Framework
from parindex.core.gaps import FieldGaps, Gaps, Loss, Recoverability, by_recovery
from parindex.core.messages import Message, Refused
from parindex.core.solutions import SolutionLibrary
from parindex.core.text import proper_name


class ItemStatus(StrEnum):
    PLANNED = "planned"  # not started
    IN_PROGRESS = "in_progress"
    DONE = "done"  # already fixed: the per-field plan lists it under "already fixed"


class Shape(StrEnum):
    """The two shapes of section III seen in real plans."""

    BY_ITEM = "by_item"  # a task for every lost item, in the order they are recovered
    BY_FIELD = "by_field"  # per field: (a) already fixed, (b) still outstanding, (c) solutions


PERIODS = ("quarter", "half_year", "year")  # the reports a plan can require


@dataclass(frozen=True)
class Header:
    """The facts of the document's header and signature; empty ones are written as the
    document's defaults (a dotted number, the usual title, bases and recipients)."""

    issuing_body: str  # the unit as the header writes it: "Xã Yên Thủy"
    place: str = ""  # the place in "Yên Thủy, ngày … tháng … năm 2025"
    superior_body: str = ""  # the line above the issuing body: "UBND TỈNH HÒA LÂM"
    number: str = ""  # the number and symbol: "34/KH-UBND"
    issued_on: date | None = None
    title: str = ""
    bases: tuple[str, ...] = ()  # the legal bases (căn cứ), one sentence each
    purposes: tuple[str, ...] = ()
    requirements: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()  # the distribution list (nơi nhận), one line each
    signer_title: str = ""  # "CHỦ TỊCH", or "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    signer: str = ""


@dataclass(frozen=True)
class Target:
    """A numbered, measurable target (chỉ tiêu) with the unit that leads it."""

    number: int
    aim: str  # "Tỷ lệ hài lòng của người dân trên 80%"
    lead: str
    code: str = ""  # the framework node it serves, when it serves one


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
    status: ItemStatus = ItemStatus.PLANNED


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

    period: str  # one of PERIODS
    due: date


@dataclass(frozen=True)
class Plan:
    gaps: Gaps  # what it remedies: totals, rank, strengths, reconciliation notes
    results_year: int  # the year whose results it remedies
    year: int  # the year it is carried out in
    fields: tuple[PlanField, ...]
    reports: tuple[Report, ...]
    header: Header
    targets: tuple[Target, ...] = ()
    shape: Shape = Shape.BY_ITEM

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
    def by_priority(self) -> tuple[PlanItem, ...]:
        return tuple(sorted(self.items, key=lambda item: item.priority))

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
    header: Header | None = None,
) -> Plan:
    """The draft plan for the year after `results_year`, from the unit's gap analysis.

    Without a header, the unit's own name is the issuing body and the place."""
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
    header = header or Header(issuing_body=gaps.unit, place=proper_name(gaps.unit))
    return Plan(gaps, results_year, year, tuple(fields), reports(year), header)


@dataclass(frozen=True)
class ItemEdit:
    """What a person may change of a lost item's task."""

    solution: str
    lead: str
    coordinating: tuple[str, ...]
    deadline: date
    expected_points: Decimal
    status: ItemStatus = ItemStatus.PLANNED


def _refuse(key: str, where: str, **params: object) -> Refused:
    return Refused(Message(key, params), where)


def _check_item(plan: Plan, item: PlanItem, edit: ItemEdit) -> None:
    code = item.loss.code
    if not edit.solution.strip():
        raise _refuse("plan_solution_empty", "solution", code=code)
    if not edit.lead.strip():
        raise _refuse("plan_lead_empty", "lead", code=code)
    if not Decimal(0) <= edit.expected_points <= item.loss.lost:
        raise _refuse(
            "plan_points_above_lost",
            "expected_points",
            code=code,
            points=edit.expected_points,
            lost=item.loss.lost,
        )
    check_day(plan, edit.deadline, "deadline")


def check_day(plan: Plan, day: date, where: str) -> None:
    """A deadline or a report's due date lies in the plan's year or the next."""
    if not plan.year <= day.year <= plan.year + 1:
        raise _refuse(
            "plan_day_outside", where, day=day, first=str(plan.year), last=str(plan.year + 1)
        )


def _check_order(plan: Plan, order: Sequence[str]) -> dict[str, int]:
    codes = [item.loss.code for item in plan.items]
    if sorted(order) != sorted(codes):
        missing = sorted(set(codes) - set(order))
        extra = sorted(set(order) - set(codes))
        raise _refuse(
            "plan_order_mismatch", "order", missing=", ".join(missing), extra=", ".join(extra)
        )
    return {code: number for number, code in enumerate(order, start=1)}


def _check_targets(targets: Sequence[Target]) -> None:
    numbers = [target.number for target in targets]
    for target in targets:
        if target.number < 1 or numbers.count(target.number) > 1:
            raise _refuse("plan_target_number", "number", number=target.number)
        if not target.aim.strip():
            raise _refuse("plan_target_empty", "aim", number=target.number)
        if not target.lead.strip():
            raise _refuse("plan_target_lead_empty", "lead", number=target.number)


def revise(
    plan: Plan,
    *,
    header: Header | None = None,
    items: Mapping[str, ItemEdit] | None = None,
    order: Sequence[str] | None = None,
    targets: Sequence[Target] | None = None,
    reports: Sequence[Report] | None = None,
    shape: Shape | None = None,
) -> Plan:
    """The plan with a person's edits (items keyed, and `order` given, by their codes);
    what is not given stays. Refused (core.messages) when an edit does not fit the plan:
    a task without words or lead, more points recovered than were lost, a day outside
    the plan's year and the next, an order that is not every item once, a target twice."""
    edits = items or {}
    by_code = {item.loss.code: item for item in plan.items}
    for code, edit in edits.items():
        if code not in by_code:
            raise _refuse("plan_item_unknown", "items", code=code)
        _check_item(plan, by_code[code], edit)
    priority = _check_order(plan, order) if order is not None else None
    if targets is not None:
        _check_targets(targets)
    for report in reports or ():
        if report.period not in PERIODS:
            raise _refuse("plan_period_unknown", "reports", period=report.period)
        check_day(plan, report.due, "reports")

    def revised(item: PlanItem) -> PlanItem:
        code = item.loss.code
        if code in edits:
            edit = edits[code]
            item = replace(
                item,
                solution=edit.solution.strip(),
                lead=edit.lead.strip(),
                coordinating=tuple(name.strip() for name in edit.coordinating if name.strip()),
                deadline=edit.deadline,
                expected_points=edit.expected_points,
                status=edit.status,
            )
        if priority is not None:
            item = replace(item, priority=priority[code])
        return item

    fields = tuple(
        replace(each, items=tuple(revised(item) for item in each.items)) for each in plan.fields
    )
    return replace(
        plan,
        fields=fields,
        header=header if header is not None else plan.header,
        targets=tuple(sorted(targets, key=lambda t: t.number))
        if targets is not None
        else plan.targets,
        reports=tuple(sorted(reports, key=lambda r: r.due))
        if reports is not None
        else plan.reports,
        shape=shape or plan.shape,
    )
