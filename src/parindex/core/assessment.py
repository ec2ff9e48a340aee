"""The yearly assessment cycle's arithmetic: stages by date, a leaf's score from what a unit
entered, the self and appraised columns side by side with the honesty rule, progress, and
what publication writes (totals, index, grade, rank within the group).

A unit enters every leaf but the honesty ones (parindex.core.rules.Honesty): those compare
the self-assessed total with the appraised total of the other leaves, so they are evaluated
here, from the two columns, and claimed at their maximum by the unit.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from parindex.core.framework import Framework, Node
from parindex.core.messages import Message, Refused
from parindex.core.results import Totals, rank, totals
from parindex.core.rules import Evaluation, Honesty, Rule, Value, parse_rule

ZERO = Decimal(0)


class StageKind(StrEnum):
    SELF_ASSESSMENT = "self_assessment"
    APPRAISAL = "appraisal"
    EXPLANATION = "explanation"
    SECOND_APPRAISAL = "second_appraisal"
    COUNCIL = "council"
    PUBLICATION = "publication"


STAGE_ORDER: tuple[StageKind, ...] = tuple(StageKind)


class Override(StrEnum):
    NONE = ""
    OPEN = "open"  # opened by hand, whatever its dates say
    CLOSED = "closed"  # closed by hand


@dataclass(frozen=True)
class Stage:
    kind: StageKind
    opens: date
    closes: date  # the last day it is open
    override: Override = Override.NONE

    def is_open(self, today: date) -> bool:
        if self.override is Override.OPEN:
            return True
        if self.override is Override.CLOSED:
            return False
        return self.opens <= today <= self.closes

    def days_left(self, today: date) -> int:
        """Days until the stage closes: 0 on its last day, negative once it is past."""
        return (self.closes - today).days


def check_stages(stages: Sequence[Stage]) -> list[Message]:
    """Every stage once, each closing no earlier than it opens, in the order of the cycle.

    Messages: cycle_stage_missing (stage), cycle_stage_twice (stage), cycle_stage_reversed
    (stage, opens, closes), cycle_stage_before_previous (stage, previous: the stage before it
    opens later than it does).
    """
    problems: list[Message] = []
    seen: dict[StageKind, Stage] = {}
    for stage in stages:
        if stage.kind in seen:
            problems.append(Message("cycle_stage_twice", {"stage": stage.kind}))
        seen[stage.kind] = stage
        if stage.closes < stage.opens:
            params = {"stage": stage.kind, "opens": stage.opens, "closes": stage.closes}
            problems.append(Message("cycle_stage_reversed", params))
    previous: Stage | None = None
    for kind in STAGE_ORDER:
        found = seen.get(kind)
        if found is None:
            problems.append(Message("cycle_stage_missing", {"stage": kind}))
            continue
        if previous is not None and found.opens < previous.opens:
            params = {"stage": kind, "previous": previous.kind}
            problems.append(Message("cycle_stage_before_previous", params))
        previous = found
    return problems


def current_stages(stages: Sequence[Stage], today: date) -> list[StageKind]:
    """The stages open today, in the cycle's order."""
    return [stage.kind for stage in sorted(stages, key=_order) if stage.is_open(today)]


def _order(stage: Stage) -> int:
    return STAGE_ORDER.index(stage.kind)


# A leaf's score ------------------------------------------------------------------------


def rule_of(node: Node) -> Rule:
    assert node.rule is not None
    assert node.max_points is not None
    return parse_rule(node.rule, node.max_points, node.code)


def is_honesty(node: Node) -> bool:
    return isinstance(rule_of(node), Honesty)


def entered_leaves(framework: Framework) -> tuple[Node, ...]:
    """The leaves a unit enters in its self-assessment: all but the honesty ones."""
    return tuple(leaf for leaf in framework.leaves() if not is_honesty(leaf))


def score(node: Node, inputs: Mapping[str, Value], decimals: int) -> Evaluation:
    """The points `inputs` earn on `node`, and why; Refused names the input at fault."""
    assert node.max_points is not None
    return rule_of(node).evaluate(inputs, node.max_points, decimals)


# The two columns -----------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """One unit's points, by leaf id: what it claimed, and what each appraisal round set
    (a round sets only the leaves it changed; the others keep the points before it)."""

    self_points: Mapping[str, Decimal]
    first: Mapping[str, Decimal] = field(default_factory=dict)
    second: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Scorecard:
    self_points: Mapping[str, Decimal]  # every leaf, the honesty ones included
    appraised_points: Mapping[str, Decimal]
    self_totals: Totals
    appraised_totals: Totals
    honesty: Mapping[str, Evaluation]  # by honesty leaf id; absent when not computable
    filled: int  # entered leaves with a self score
    entered: int  # entered leaves in all

    @property
    def complete(self) -> bool:
        return self.filled == self.entered

    @property
    def percent_filled(self) -> int:
        return 100 if not self.entered else self.filled * 100 // self.entered


def appraised(sheet: Sheet, rounds: int = 2) -> dict[str, Decimal]:
    """Each leaf's points after `rounds` rounds: the last round that set it, else its claim."""
    points = dict(sheet.self_points)
    for number, changed in enumerate((sheet.first, sheet.second), start=1):
        if number <= rounds:
            points.update(changed)
    return points


def scorecard(framework: Framework, sheet: Sheet, rounds: int = 2) -> Scorecard:
    """Self and appraised totals side by side; a leaf not entered yet counts 0 on both, so
    the totals run as the unit types."""
    leaves = entered_leaves(framework)
    after = appraised(sheet, rounds)
    claimed = {leaf.id: sheet.self_points.get(leaf.id, ZERO) for leaf in leaves}
    checked = {leaf.id: after.get(leaf.id, ZERO) for leaf in leaves}
    self_total = sum(claimed.values(), ZERO)
    appraised_total = sum(checked.values(), ZERO)
    honesty: dict[str, Evaluation] = {}
    for leaf in framework.leaves():
        if leaf.id in claimed:
            continue
        assert leaf.max_points is not None
        claimed[leaf.id] = leaf.max_points
        inputs: dict[str, Value] = {"self_total": self_total, "appraised_total": appraised_total}
        try:
            honesty[leaf.id] = score(leaf, inputs, framework.decimals)
        except Refused:  # an appraised total of 0: nothing to compare yet
            checked[leaf.id] = ZERO
            continue
        checked[leaf.id] = honesty[leaf.id].points
    return Scorecard(
        self_points=claimed,
        appraised_points=checked,
        self_totals=totals(framework, claimed),
        appraised_totals=totals(framework, checked),
        honesty=honesty,
        filled=sum(1 for leaf in leaves if leaf.id in sheet.self_points),
        entered=len(leaves),
    )


# Publication ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """What publication writes for one unit."""

    card: Scorecard
    group: str  # "" when the unit is in no ranking group
    rank: int | None
    group_size: int
    grade: str | None

    @property
    def total(self) -> Decimal:
        return self.card.appraised_totals.achieved

    @property
    def index(self) -> Decimal:
        return self.card.appraised_totals.index_percent


def publish(
    framework: Framework, sheets: Mapping[str, Sheet], groups: Mapping[str, Sequence[str]]
) -> dict[str, Published]:
    """Every unit's published numbers, ranked by index within its group (ties share a rank).

    `sheets` and `groups` are keyed by the caller's unit keys; a unit in no group is not
    ranked, one in two groups is refused (cycle_unit_in_two_groups: unit, groups), and an
    incomplete sheet too (cycle_sheet_incomplete: unit, missing, the codes not entered).
    """
    group_of: dict[str, str] = {}
    for name, members in sorted(groups.items()):
        for unit in members:
            if unit in group_of and unit in sheets:
                params = {"unit": unit, "groups": (group_of[unit], name)}
                raise Refused(Message("cycle_unit_in_two_groups", params), where=unit)
            group_of[unit] = name
    cards: dict[str, Scorecard] = {}
    for unit, sheet in sheets.items():
        missing = [
            leaf.code for leaf in entered_leaves(framework) if leaf.id not in sheet.self_points
        ]
        if missing:
            params = {"unit": unit, "missing": tuple(missing)}
            raise Refused(Message("cycle_sheet_incomplete", params), where=unit)
        cards[unit] = scorecard(framework, sheet)
    ranks: dict[str, int] = {}
    sizes: dict[str, int] = {}
    for name in set(group_of.values()):
        ranked = {
            unit: cards[unit].appraised_totals.index_percent
            for unit, group in group_of.items()
            if group == name and unit in cards
        }
        ranks.update(rank(ranked))
        sizes[name] = len(ranked)
    return {
        unit: Published(
            card=card,
            group=group_of.get(unit, ""),
            rank=ranks.get(unit),
            group_size=sizes.get(group_of.get(unit, ""), 0),
            grade=framework.grade(card.appraised_totals.index_percent),
        )
        for unit, card in cards.items()
    }
