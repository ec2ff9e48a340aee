"""What lost points, and why: the gap analysis of one unit's scorecard, and its reconciliation.

A scorecard is what a results decision says about one unit: per listed node (field,
criterion, sub-criterion) its maximum, the points achieved (appraised), the self score, and
the appraisers' reasons. Scorecards published by provinces list some nodes and not others,
list a criterion together with its sub-criteria, and carry totals of their own. `analyse`
lists every loss once (at the deepest listed node that has it), groups the losses by field,
and says plainly where the numbers do not add up.

Reconciliation messages (key: params), in the order they are found:

- gaps_children_differ: code, achieved, children (the children's sum), max, children_max;
  a node whose children cover its whole maximum, but whose points are not theirs added up
- gaps_loss_unexplained: code, lost, explained, unexplained; a node that lost more than its
  listed children account for (only some of them listed)
- gaps_total_differs: achieved (the total row's), fields (the fields' sum); when every field
  is listed
- gaps_total_unexplained: lost, explained, unexplained, items (the listed losses, in order)
- gaps_self_total_differs: self_total (the total row's), fields (the fields' self sum)

Refusals of `what_if`: gaps_total_unknown (unit); gaps_not_a_loss (codes).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum

from parindex.core.framework import Framework, Scoring
from parindex.core.messages import Message, Refused
from parindex.core.results import rank

ZERO = Decimal(0)


@dataclass(frozen=True, kw_only=True)
class Scored:
    """One listed node of a scorecard: what the unit achieved against the node's maximum."""

    code: str
    title: str
    max_points: Decimal | None
    achieved: Decimal | None  # appraised (the last round), as published
    self_points: Decimal | None = None
    reasons: tuple[str, ...] = ()  # why points were deducted, as the appraisers wrote it
    deducted_by: tuple[str, ...] = ()  # who deducted (several levels possible)
    children: tuple["Scored", ...] = ()

    @property
    def lost(self) -> Decimal | None:
        if self.max_points is None or self.achieved is None:
            return None
        return max(self.max_points - self.achieved, ZERO)


@dataclass(frozen=True, kw_only=True)
class Scorecard:
    """One unit's published result, as a decision's annex or scorecard states it."""

    unit: str  # its name as written ("Xã Tân Hòa")
    fields: tuple[Scored, ...]
    unit_code: str | None = None
    year: int | None = None
    group: str | None = None  # the ranking group it is published in
    published_rank: int | None = None
    total_max: Decimal | None = None  # the total row, when the scorecard has one
    total_achieved: Decimal | None = None
    total_self: Decimal | None = None
    index_percent: Decimal | None = None


@dataclass(frozen=True)
class Loss:
    """A node below its maximum, listed once, at the deepest level that says so."""

    field: str  # the code of the field it belongs to
    code: str
    title: str
    max_points: Decimal
    achieved: Decimal
    lost: Decimal
    reasons: tuple[str, ...]
    deducted_by: tuple[str, ...]


@dataclass(frozen=True)
class FieldGaps:
    code: str
    title: str
    max_points: Decimal | None
    achieved: Decimal | None
    lost: Decimal | None
    losses: tuple[Loss, ...]

    @property
    def at_max(self) -> bool:
        """A strength to keep: the field lost nothing."""
        return self.lost == ZERO


@dataclass(frozen=True)
class Gaps:
    unit: str
    fields: tuple[FieldGaps, ...]
    max_points: Decimal | None  # the total row's, else the fields' sum when all are known
    achieved: Decimal | None
    lost: Decimal | None
    self_total: Decimal | None
    notes: tuple[Message, ...]  # where the numbers do not add up; empty when they do
    group: str | None = None
    published_rank: int | None = None

    @property
    def losses(self) -> tuple[Loss, ...]:
        return tuple(loss for field in self.fields for loss in field.losses)

    @property
    def strengths(self) -> tuple[FieldGaps, ...]:
        return tuple(field for field in self.fields if field.at_max)


def sum_known(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum, or None when any value is unknown."""
    total = ZERO
    for value in values:
        if value is None:
            return None
        total += value
    return total


def _losses(node: Scored, field: str, notes: list[Message]) -> list[Loss]:
    """The node's losses at the deepest listed level, and what does not add up below it."""
    below = [loss for child in node.children for loss in _losses(child, field, notes)]
    lost = node.lost
    if node.children:
        _check_children(node, notes)
    if lost is None:
        return below
    if not lost:
        # At its maximum nothing was lost below it: the parts of a capped criterion (three
        # points of parts, two counted) may fall short without costing a point.
        return []
    explained = sum((loss.lost for loss in below), ZERO)
    if explained > lost and _capped(node):
        # Its parts count only up to its maximum: what they lose beyond the cap costs
        # nothing, so the item is the criterion's own loss, with its parts' reasons.
        reasons = node.reasons + tuple(reason for loss in below for reason in loss.reasons)
        levels = node.deducted_by + tuple(level for loss in below for level in loss.deducted_by)
        return [_own_loss(node, field, lost, reasons, tuple(dict.fromkeys(levels)))]
    if explained >= lost:
        return below
    if below:
        params = {
            "code": node.code,
            "lost": lost,
            "explained": explained,
            "unexplained": lost - explained,
        }
        notes.append(Message("gaps_loss_unexplained", params))
        return below
    return [_own_loss(node, field, lost, node.reasons, node.deducted_by)]


def _capped(node: Scored) -> bool:
    """Whether the parts' maxima add up to more than the criterion's (a cap)."""
    parts = sum_known(child.max_points for child in node.children)
    return node.max_points is not None and parts is not None and parts > node.max_points


def _own_loss(
    node: Scored, field: str, lost: Decimal, reasons: tuple[str, ...], levels: tuple[str, ...]
) -> Loss:
    assert node.max_points is not None  # `lost` is known
    assert node.achieved is not None
    return Loss(
        field=field,
        code=node.code,
        title=node.title,
        max_points=node.max_points,
        achieved=node.achieved,
        lost=lost,
        reasons=reasons,
        deducted_by=levels,
    )


def _check_children(node: Scored, notes: list[Message]) -> None:
    children_max = sum_known(child.max_points for child in node.children)
    children = sum_known(child.achieved for child in node.children)
    if node.max_points is None or children_max != node.max_points or children is None:
        return  # only some children listed: their losses are compared instead
    if node.achieved is not None and children != node.achieved:
        params = {
            "code": node.code,
            "achieved": node.achieved,
            "children": children,
            "max": node.max_points,
            "children_max": children_max,
        }
        notes.append(Message("gaps_children_differ", params))


def analyse(card: Scorecard) -> Gaps:
    """Every loss once, grouped by field, with the totals and what does not add up."""
    notes: list[Message] = []
    fields = []
    for field in card.fields:
        losses = _losses(field, field.code, notes)
        fields.append(
            FieldGaps(
                code=field.code,
                title=field.title,
                max_points=field.max_points,
                achieved=field.achieved,
                lost=field.lost,
                losses=tuple(losses),
            )
        )
    fields_achieved = sum_known(field.achieved for field in card.fields)
    most = card.total_max if card.total_max is not None else sum_known(f.max_points for f in fields)
    achieved = card.total_achieved if card.total_achieved is not None else fields_achieved
    fields_max = sum_known(field.max_points for field in card.fields)
    every_field = fields_max is not None and fields_max == most
    shown = card.total_achieved
    if every_field and shown is not None and fields_achieved not in (None, shown):
        notes.append(Message("gaps_total_differs", {"achieved": shown, "fields": fields_achieved}))
    lost = None if most is None or achieved is None else most - achieved
    listed = [loss for field in fields for loss in field.losses]
    explained = sum((loss.lost for loss in listed), ZERO)
    if lost is not None and explained < lost:
        params = {
            "lost": lost,
            "explained": explained,
            "unexplained": lost - explained,
            "items": tuple(loss.lost for loss in listed),
        }
        notes.append(Message("gaps_total_unexplained", params))
    self_fields = sum_known(field.self_points for field in card.fields)
    if card.total_self is not None and self_fields is not None and self_fields != card.total_self:
        params = {"self_total": card.total_self, "fields": self_fields}
        notes.append(Message("gaps_self_total_differs", params))
    return Gaps(
        unit=card.unit,
        fields=tuple(fields),
        max_points=most,
        achieved=achieved,
        lost=lost,
        self_total=card.total_self if card.total_self is not None else self_fields,
        notes=tuple(notes),
        group=card.group,
        published_rank=card.published_rank,
    )


# Which losses to recover first ----------------------------------------------------------


class Recoverability(IntEnum):
    """How a lost item is won back, easiest first (the order plans list them in)."""

    THRESHOLD = 1  # a rule with a clear threshold: reach it and the points come back
    OCCURRENCES = 2  # points deducted per occurrence: fix the process, stop the deductions
    JUDGEMENT = 3  # scored by hand: better work and better evidence
    SURVEY = 4  # a survey or outside score: the slowest to move
    UNKNOWN = 5  # no framework to tell


_BY_RULE = {
    "met": Recoverability.THRESHOLD,
    "count_steps": Recoverability.THRESHOLD,
    "ratio_thresholds": Recoverability.THRESHOLD,
    "proportional": Recoverability.THRESHOLD,
    "all_of": Recoverability.THRESHOLD,
    "deduct_unless": Recoverability.THRESHOLD,
    "honesty": Recoverability.THRESHOLD,
    "deduct_per_occurrence": Recoverability.OCCURRENCES,
    "manual": Recoverability.JUDGEMENT,
    "given": Recoverability.SURVEY,
}


def recoverability(loss: Loss, framework: Framework | None) -> Recoverability:
    node = framework.by_code(loss.code) if framework is not None else None
    if node is None:
        return Recoverability.UNKNOWN
    if node.scoring == Scoring.SURVEY:
        return Recoverability.SURVEY
    if node.rule is None:
        return Recoverability.UNKNOWN
    return _BY_RULE.get(node.rule.type, Recoverability.UNKNOWN)


def by_recovery(
    gaps: Gaps, framework: Framework | None = None
) -> list[tuple[Loss, Recoverability]]:
    """The losses, easiest to recover first, the largest first among equals."""
    ranked = [(loss, recoverability(loss, framework)) for loss in gaps.losses]
    return sorted(ranked, key=lambda pair: (pair[1], -pair[0].lost, pair[0].code))


@dataclass(frozen=True)
class WhatIf:
    total: Decimal  # the total if the chosen items were fixed
    rank: int | None  # the rank it would take among the others' published totals
    rank_now: int | None


def what_if(gaps: Gaps, fixed: Iterable[str], others: Mapping[str, Decimal]) -> WhatIf:
    """The total and rank if the losses at the codes `fixed` were won back.

    `others` are the other units' published totals in the group, by name; the unit's own
    name is left out of them."""
    if gaps.achieved is None:
        raise Refused(Message("gaps_total_unknown", {"unit": gaps.unit}))
    chosen = set(fixed)
    unknown = sorted(chosen - {loss.code for loss in gaps.losses})
    if unknown:
        raise Refused(Message("gaps_not_a_loss", {"codes": unknown}), where=unknown[0])
    total = gaps.achieved + sum((loss.lost for loss in gaps.losses if loss.code in chosen), ZERO)
    field = {name: score for name, score in others.items() if name != gaps.unit}
    if not field:
        return WhatIf(total, None, None)
    now = rank({**field, gaps.unit: gaps.achieved})[gaps.unit]
    after = rank({**field, gaps.unit: total})[gaps.unit]
    return WhatIf(total, after, now)
