"""Scoring rules: how a leaf of a framework turns its inputs into points, and why.

A framework file states a rule as a `RuleSpec`: a rule type and its parameters. `parse_rule`
checks the parameters against the node's maximum and returns a `Rule`; the rule's `evaluate`
turns inputs (counts, ratios, yes/no, points) into an `Evaluation`: the points, rounded
ROUND_HALF_UP to the framework's decimals and kept within [0, max], and an explanation
(a Message) whose params name every input used, the rule's parameters and the result.

Conventions. Ratios are fractions from 0 to 1 (0.92, not 92). Numbers are Decimal or int,
never float. Thresholds are inclusive (≥) unless a rule's parameters say otherwise. Rules
use the `max_points` given to `evaluate`; `parse_rule` checks awards against the node's max.

Rule types: `type` (parameters; inputs) → points.

- manual (step: > 0, dividing max; input score) → the score itself, one of 0, step,
  2·step … max; a score off the steps or outside 0–max is refused.
- met (no parameters; input met, a bool) → max if met, else 0.
- count_steps (steps: [[threshold, points], …], thresholds ints ≥ 0; input count) → the
  points of the highest threshold ≤ count, else 0. E.g. [[3, 2], [1, 1]].
- ratio_thresholds (steps: [[ratio, points], …]; inclusive, default true; input ratio) →
  the points of the highest threshold reached (ratio ≥ threshold, > when not inclusive),
  else 0.
- proportional (floor, default 0; full, default 1; input ratio) →
  max·(ratio − floor)/(full − floor), 0 below floor, at most max. E.g. 0.92 → 0.92 of 1.
- all_of (conditions: [{input: NAME, at_least: ratio}, …]; one ratio input per condition,
  named NAME) → max if every ratio ≥ its at_least, else 0.
- deduct_per_occurrence (per: > 0, ≤ max; input count) → max − count·per, not below 0.
- deduct_unless (threshold: a ratio; deduction: > 0, ≤ max; direction: "at_least"
  (default) or "at_most"; inclusive, default true; input ratio) → max when the ratio
  reaches the threshold (≥, or ≤ for at_most; strict when not inclusive), else
  max − deduction.
- honesty (within_percent: ≥ 0; steps: [[percent, points], …], optional, each percent
  above within_percent; inputs self_total, appraised_total) → with
  deviation = abs(self_total − appraised_total)/appraised_total·100: max when
  deviation ≤ within_percent, else the points of the smallest step percent ≥ deviation,
  else 0. Both totals exclude the honesty node itself: the caller sees to it.
- given (no parameters; input points) → the points themselves, refused outside 0–max.

In count_steps, ratio_thresholds and honesty steps, reaching more never earns less.
Points and deductions in parameters are from 0 to the node's max.

Explanations: Message(key = the rule type, params). Every one has `points` (the result,
rounded) and `max`, besides:

- manual: score, step
- met: met
- count_steps: count, threshold (the threshold reached, or None)
- ratio_thresholds: ratio, threshold (reached, or None), inclusive
- proportional: ratio, floor, full
- all_of: each condition's input under its own name; conditions ((input, at_least), …);
  unmet (the names of the inputs below their at_least, in order)
- deduct_per_occurrence: count, per
- deduct_unless: ratio, threshold, direction, inclusive, met, deduction
- honesty: self_total, appraised_total, deviation (a percentage, unrounded),
  within_percent, within (bool), step_percent (the step applied, or None)
- given: points is the result; the raw input is in Evaluation.inputs

Refusals (Refused, `where` = the node for parameters, the input's name for inputs):

- rule_unknown_type: node, type
- rule_label_unknown_input: node, type, input, inputs (a label for an input the rule does
  not read, or a blank label)
- rule_invalid: node, type, problem, and the problem's own params (below)
- rule_above_max: node, value, max (a step, a threshold's award or a deduction above max)
- rule_input_missing: input, expected (the input's kind); absent or None
- rule_input_invalid: input, expected; a wrong type (a bool for a count, a float, text,
  a NaN)
- rule_input_out_of_range: input, value, least (0), most (None: no upper end); a negative
  count or total, a ratio outside 0–1, a manual score or given points outside 0–max
- rule_input_off_step: input, value, step; a manual score between steps
- rule_appraised_total_zero: input; honesty with an appraised total of 0

rule_invalid problems and their params:

- bad_max: max (not a finite Decimal ≥ 0; also raised by evaluate)
- unknown_param, missing_param, not_list, empty, steps_not_monotone: param
- not_number, negative, ratio_out_of_range: param, value (and index in a list)
- not_integer: param, value, index (a count threshold)
- not_boolean: param, value
- bad_choice: param, value, choices
- not_positive: param, value
- bad_step: param, index (an entry that is not a pair)
- duplicate_threshold: param, value
- floor_not_below_full: floor, full
- step_does_not_divide_max: step, max
- too_many_steps: step, max, most (max/step above MOST_MANUAL_STEPS)
- bad_condition: param, index (not a mapping of exactly input and at_least)
- bad_input_name: param, index, value (not text, blank, or one of RESERVED_INPUTS)
- duplicate_input: param, value
- step_within_tolerance: param, value (an honesty step percent ≤ within_percent)
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Literal, NoReturn, Protocol, TypeAlias, TypeGuard, TypeVar

from parindex.core.messages import Message, Refused

Value: TypeAlias = Decimal | int | bool | str | None
InputKind: TypeAlias = Literal["count", "ratio", "bool", "points", "text"]

MOST_DECIMALS = 10  # round_points refuses more places than this (a programming error)
MOST_MANUAL_STEPS = 10_000  # max/step above this is refused: a typo, not a scale
RESERVED_INPUTS = frozenset({"points", "max", "conditions", "unmet"})  # all_of explanation keys

T = TypeVar("T", int, Decimal)  # a threshold: a count or a ratio

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class RuleSpec:
    """How a framework file states a rule: a type and its parameters, not yet checked.

    Parameters are Decimal or int numbers, bools, text, lists of pairs ("steps") and lists
    of mappings ("conditions"); `parse_rule` checks them. `labels` name the inputs in the
    words of the node ("ratio" → "văn bản điện tử") for explanations and forms.
    """

    type: str
    params: Mapping[str, object] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class InputSpec:
    """One input a rule reads: its name in the inputs mapping, its kind and its label key."""

    name: str
    kind: InputKind
    label: str


@dataclass(frozen=True)
class Evaluation:
    points: Decimal  # rounded and within [0, max]
    explanation: Message
    inputs: Mapping[str, Value]  # the inputs used: counts int, ratios and points Decimal


class Rule(Protocol):
    @property
    def type(self) -> str: ...

    def inputs(self) -> list[InputSpec]: ...

    def evaluate(
        self, inputs: Mapping[str, Value], max_points: Decimal, decimals: int = 2
    ) -> Evaluation: ...

    def steps(self, max_points: Decimal) -> list[Decimal] | None:
        """The scores a person may give by hand, lowest first; None when not scored by hand."""
        ...


def round_points(value: Decimal, decimals: int = 2) -> Decimal:
    """`value` to `decimals` places, halves away from zero: 0.125 → 0.13, 0.124 → 0.12."""
    if not 0 <= decimals <= MOST_DECIMALS:
        raise ValueError(f"decimals must be from 0 to {MOST_DECIMALS}, not {decimals}")
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


# Parameters ----------------------------------------------------------------------------


def _as_decimal(raw: object) -> Decimal | None:
    """A finite Decimal from a Decimal or an int (not a bool, not a float), else None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, Decimal) and raw.is_finite():
        return raw
    return None


def _is_list(raw: object) -> TypeGuard[Sequence[object]]:
    """A list or tuple of entries: text is a sequence too, but never a list of entries."""
    return isinstance(raw, Sequence) and not isinstance(raw, str | bytes)


def _check_max(max_points: object, node: str, type_: str) -> Decimal:
    if not isinstance(max_points, Decimal) or not max_points.is_finite() or max_points < 0:
        problem = {"node": node, "type": type_, "problem": "bad_max", "max": max_points}
        raise Refused(Message("rule_invalid", problem), where=node)
    return max_points


class _Params:
    """Reads one rule's parameters, refusing each problem with a message naming the node."""

    def __init__(
        self,
        type_: str,
        params: Mapping[str, object],
        max_points: Decimal,
        node: str,
        allowed: Iterable[str],
    ) -> None:
        self.type, self.params, self.node = type_, params, node
        self.max = _check_max(max_points, node, type_)
        known = set(allowed)
        for name in params:
            if name not in known:
                self.refuse("unknown_param", param=name)

    def refuse(self, problem: str, **extra: object) -> NoReturn:
        params = {"node": self.node, "type": self.type, "problem": problem} | extra
        raise Refused(Message("rule_invalid", params), where=self.node)

    def get(self, name: str) -> object:
        """The parameter's value; None (absent or empty) means "use the default"."""
        return self.params.get(name)

    def required(self, name: str) -> object:
        raw = self.get(name)
        if raw is None:
            self.refuse("missing_param", param=name)
        return raw

    def number(self, raw: object, param: str, **at: object) -> Decimal:
        value = _as_decimal(raw)
        if value is None:
            self.refuse("not_number", param=param, value=raw, **at)
        return value

    def ratio(self, raw: object, param: str, **at: object) -> Decimal:
        value = self.number(raw, param, **at)
        if not ZERO <= value <= ONE:
            self.refuse("ratio_out_of_range", param=param, value=value, **at)
        return value

    def not_negative(self, raw: object, param: str, **at: object) -> Decimal:
        value = self.number(raw, param, **at)
        if value < 0:
            self.refuse("negative", param=param, value=value, **at)
        return value

    def positive(self, raw: object, param: str) -> Decimal:
        value = self.number(raw, param)
        if value <= 0:
            self.refuse("not_positive", param=param, value=value)
        return value

    def award(self, raw: object, param: str, **at: object) -> Decimal:
        """Points the rule may give or take: from 0 to the node's max."""
        value = self.not_negative(raw, param, **at)
        if value > self.max:
            message = Message(
                "rule_above_max", {"node": self.node, "value": value, "max": self.max}
            )
            raise Refused(message, where=self.node)
        return value

    def flag(self, name: str, default: bool) -> bool:
        raw = self.get(name)
        if raw is None:
            return default
        if not isinstance(raw, bool):
            self.refuse("not_boolean", param=name, value=raw)
        return raw

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        raw = self.get(name)
        if raw is None:
            return default
        if not isinstance(raw, str) or raw not in choices:
            self.refuse("bad_choice", param=name, value=raw, choices=choices)
        return raw

    def entries(self, name: str) -> Sequence[object]:
        raw = self.required(name)
        if not _is_list(raw):
            self.refuse("not_list", param=name)
        if not raw:
            self.refuse("empty", param=name)
        return raw

    def pairs(self, name: str) -> list[tuple[object, object]]:
        pairs = []
        for index, entry in enumerate(self.entries(name)):
            if not _is_list(entry) or len(entry) != 2:
                self.refuse("bad_step", param=name, index=index)
            pairs.append((entry[0], entry[1]))
        return pairs

    def distinct(self, name: str, values: Iterable[object]) -> None:
        seen: set[object] = set()
        for value in values:
            if value in seen:
                self.refuse("duplicate_threshold", param=name, value=value)
            seen.add(value)


# Inputs --------------------------------------------------------------------------------


def _present(inputs: Mapping[str, Value], spec: InputSpec) -> object:
    raw = inputs.get(spec.name)
    if raw is None:
        message = Message("rule_input_missing", {"input": spec.name, "expected": spec.kind})
        raise Refused(message, where=spec.name)
    return raw


def _invalid(spec: InputSpec) -> NoReturn:
    message = Message("rule_input_invalid", {"input": spec.name, "expected": spec.kind})
    raise Refused(message, where=spec.name)


def _check_range(spec: InputSpec, value: Decimal | int, most: Decimal | None) -> None:
    if value < 0 or (most is not None and value > most):
        params = {"input": spec.name, "value": value, "least": ZERO, "most": most}
        raise Refused(Message("rule_input_out_of_range", params), where=spec.name)


def _count(inputs: Mapping[str, Value], spec: InputSpec) -> int:
    raw = _present(inputs, spec)
    if isinstance(raw, bool) or not isinstance(raw, int):
        _invalid(spec)
    _check_range(spec, raw, None)
    return raw


def _number(inputs: Mapping[str, Value], spec: InputSpec, most: Decimal | None) -> Decimal:
    """A ratio or points: a finite Decimal (or an int) from 0 to `most`."""
    value = _as_decimal(_present(inputs, spec))
    if value is None:
        _invalid(spec)
    _check_range(spec, value, most)
    return value


def _flag(inputs: Mapping[str, Value], spec: InputSpec) -> bool:
    raw = _present(inputs, spec)
    if not isinstance(raw, bool):
        _invalid(spec)
    return raw


def _finish(
    key: str,
    raw_points: Decimal,
    max_points: Decimal,
    decimals: int,
    used: dict[str, Value],
    extra: Mapping[str, object],
) -> Evaluation:
    """Clamp to [0, max], round, and explain with the inputs, the extra params and the result."""
    points = round_points(min(max(raw_points, ZERO), max_points), decimals)
    if points > max_points:  # a max finer than `decimals` (0.125 at 2 places): stay below it
        points = max_points.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_DOWN)
    params: dict[str, object] = {**used, **extra, "points": points, "max": max_points}
    return Evaluation(points, Message(key, params), used)


def _label(name: str) -> str:
    return f"rule_input_{name}"


SCORE = InputSpec("score", "points", _label("score"))
MET = InputSpec("met", "bool", _label("met"))
COUNT = InputSpec("count", "count", _label("count"))
RATIO = InputSpec("ratio", "ratio", _label("ratio"))
SELF_TOTAL = InputSpec("self_total", "points", _label("self_total"))
APPRAISED_TOTAL = InputSpec("appraised_total", "points", _label("appraised_total"))
GIVEN_POINTS = InputSpec("points", "points", _label("points"))


def _reached(value: Decimal, threshold: Decimal, inclusive: bool) -> bool:
    return value >= threshold if inclusive else value > threshold


# Rule types ----------------------------------------------------------------------------


class _ScoredByInputs:
    """The rules whose points follow from their inputs: no list of allowed scores."""

    def steps(self, max_points: Decimal) -> list[Decimal] | None:
        return None


@dataclass(frozen=True)
class Manual:
    """A person scores by hand in steps: 0, step, 2·step … max."""

    node: str
    step: Decimal
    type: str = field(default="manual", init=False)

    @classmethod
    def parse(cls, params: Mapping[str, object], max_points: Decimal, node: str) -> "Manual":
        p = _Params("manual", params, max_points, node, ["step"])
        step = p.positive(p.required("step"), "step")
        p.award(step, "step")
        if p.max % step != 0:
            p.refuse("step_does_not_divide_max", step=step, max=p.max)
        if p.max / step > MOST_MANUAL_STEPS:
            p.refuse("too_many_steps", step=step, max=p.max, most=MOST_MANUAL_STEPS)
        return cls(node, step)

    def inputs(self) -> list[InputSpec]:
        return [SCORE]

    def evaluate(
        self, inputs: Mapping[str, Value], max_points: Decimal, decimals: int = 2
    ) -> Evaluation:
        max_points = _check_max(max_points, self.node, self.type)
        score = _number(inputs, SCORE, max_points)
        if score % self.step != 0:
            params = {"input": SCORE.name, "value": score, "step": self.step}
            raise Refused(Message("rule_input_off_step", params), where=SCORE.name)
        return _finish(
            self.type, score, max_points, decimals, {"score": score}, {"step": self.step}
        )

    def steps(self, max_points: Decimal) -> list[Decimal] | None:
        count = int(_check_max(max_points, self.node, self.type) // self.step)
        return [self.step * index for index in range(count + 1)]


@dataclass(frozen=True)
class Met(_ScoredByInputs):
    """Met → max, not met → 0."""

    node: str
    type: str = field(default="met", init=False)

    @classmethod
    def parse(cls, params: Mapping[str, object], max_points: Decimal, node: str) -> "Met":
        _Params("met", params, max_points, node, [])
        return cls(node)

    def inputs(self) -> list[InputSpec]:
        return [MET]

    def evaluate(
        self, inputs: Mapping[str, Value], max_points: Decimal, decimals: int = 2
    ) -> Evaluation:
        max_points = _check_max(max_points, self.node, self.type)
        met = _flag(inputs, MET)
        return _finish(
            self.type, max_points if met else ZERO, max_points, decimals, {"met": met}, {}
        )


@dataclass(frozen=True)
class CountSteps(_ScoredByInputs):
    """The points of the highest threshold the count reaches (≥), e.g. ≥3 → 2, ≥1 → 1."""

    node: str
    table: tuple[tuple[int, Decimal], ...]  # thresholds ascending
    type: str = field(default="count_steps", init=False)

    @classmethod
    def parse(cls, params: Mapping[str, object], max_points: Decimal, node: str) -> "CountSteps":
        p = _Params("count_steps", params, max_points, node, ["steps"])
        table = []
        for index, (raw_threshold, raw_points) in enumerate(p.pairs("steps")):
            if isinstance(raw_threshold, bool) or not isinstance(raw_threshold, int):
                p.refuse("not_integer", param="steps", value=raw_threshold, index=index)
            if raw_threshold < 0:
                p.refuse("negative", param="steps", value=raw_threshold, index=index)
            table.append((raw_threshold, p.award(raw_points, "steps", index=index)))
        return cls(node, _ascending(p, table))

    def inputs(self) -> list[InputSpec]:
        return [COUNT]

    def evaluate(
        self, inputs: Mapping[str, Value], max_points: Decimal, decimals: int = 2
    ) -> Evaluation:
        max_points = _check_max(max_points, self.node, self.type)
        count = _count(inputs, COUNT)
        threshold, points = _highest(self.table, lambda t: count >= t)
        return _finish(
            self.type, points, max_points, decimals, {"count": count}, {"threshold": threshold}
        )


@dataclass(frozen=True)
class RatioThresholds(_ScoredByInputs):
    """The points of the highest ratio threshold reached, e.g. ≥ 0.7 → 1."""

    node: str
    table: tuple[tuple[Decimal, Decimal], ...]  # thresholds ascending
    inclusive: bool = True
    type: str = field(default="ratio_thresholds", init=False)

    @classmethod
    def parse(
        cls, params: Mapping[str, object], max_points: Decimal, node: str
    ) -> "RatioThresholds":
        p = _Params("ratio_thresholds", params, max_points, node, ["steps", "inclusive"])
        table = [
            (
                p.ratio(raw_threshold, "steps", index=index),
                p.award(raw_points, "steps", index=index),
            )
            for index, (raw_threshold, raw_points) in enumerate(p.pairs("steps"))
        ]
        return cls(node, _ascending(p, table), p.flag("inclusive", True))

    def inputs(self) -> list[InputSpec]:
        return [RATIO]

    def evaluate(
        self, inputs: Mapping[str, Value], max_points: Decimal, decimals: int = 2
    ) -> Evaluation:
        max_points = _check_max(max_points, self.node, self.type)
        ratio = _number(inputs, RATIO, ONE)
        threshold, points = _highest(self.table, lambda t: _reached(ratio, t, self.inclusive))
        extra = {"threshold": threshold, "inclusive": self.inclusive}
        return _finish(self.type, points, max_points, decimals, {"ratio": ratio}, extra)


def _ascending(p: _Params, table: list[tuple[T, Decimal]]) -> tuple[tuple[T, Decimal], ...]:
    """Thresholds sorted ascending, refusing duplicates and points that fall as more is reached."""
    p.distinct("steps", (threshold for threshold, _points in table))
    ordered = tuple(sorted(table))
    for (_t, lower), (_u, higher) in pairwise(ordered):
        if higher < lower:
            p.refuse("steps_not_monotone", param="steps")
    return ordered


def _highest(
    table: tuple[tuple[T, Decimal], ...], reached: Callable[[T], bool]
) -> tuple[T | None, Decimal]:
    for threshold, points in reversed(table):
        if reached(threshold):
            return threshold, points
    return None, ZERO


@dataclass(frozen=True)
class Proportional(_ScoredByInputs):
    """Linear in the ratio between `floor` (0 points) and `full` (max), e.g. 92% → 0.92 of 1."""

    node: str
    floor: Decimal = ZERO
    full: Decimal = ONE
    type: str = field(default="proportional", init=False)

    @classmethod
    def parse(cls, params: Mapping[str, object], max_points: Decimal, node: str) -> "Proportional":
        p = _Params("proportional", params, max_points, node, ["floor", "full"])
        floor = ZERO if p.get("floor") is None else p.ratio(p.get("floor"), "floor")
        full = ONE if p.get("full") is None else p.ratio(p.get("full"), "full")
        if floor >= full:
            p.refuse("floor_not_below_full", floor=floor, full=full)
        return cls(node, floor, full)

    def inputs(self) -> list[InputSpec]:
        return [RATIO]

    def evaluate(
        self, inputs: Mapping[str, Value], max_points: Decimal, decimals: int = 2
    ) -> Evaluation:
        max_points = _check_max(max_points, self.node, self.type)
        ratio = _number(inputs, RATIO, ONE)
        points = max_points * (ratio - self.floor) / (self.full - self.floor)
        extra = {"floor": self.floor, "full": self.full}
        return _finish(self.type, points, max_points, decimals, {"ratio": ratio}, extra)


@dataclass(frozen=True)
class AllOf(_ScoredByInputs):
    """Max when every named ratio reaches its `at_least`, else 0."""

    node: str
    conditions: tuple[tuple[str, Decimal], ...]  # (input name, at_least), in the file's order
    type: str = field(default="all_of", init=False)

    @classmethod
    def parse(cls, params: Mapping[str, object], max_points: Decimal, node: str) -> "AllOf":
        p = _Params("all_of", params, max_points, node, ["conditions"])
        conditions: list[tuple[str, Decimal]] = []
        for index, entry in enumerate(p.entries("conditions")):
            if not isinstance(entry, Mapping) or set(entry) != {"input", "at_least"}:
                p.refuse("bad_condition", param="conditions", index=index)
            name = entry["input"]
            if not isinstance(name, str) or not name.strip() or name in RESERVED_INPUTS:
                p.refuse("bad_input_name", param="conditions", index=index, value=name)
            if name in (known for known, _at_least in conditions):
                p.refuse("duplicate_input", param="conditions", value=name)
            conditions.append((name, p.ratio(entry["at_least"], "conditions", index=index)))
        return cls(node, tuple(conditions))

    def inputs(self) -> list[InputSpec]:
        return [InputSpec(name, "ratio", _label(name)) for name, _at_least in self.conditions]

    def evaluate(
        self, inputs: Mapping[str, Value], max_points: Decimal, decimals: int = 2
    ) -> Evaluation:
        max_points = _check_max(max_points, self.node, self.type)
        used: dict[str, Value] = {}
        unmet = []
        for spec, (name, at_least) in zip(self.inputs(), self.conditions, strict=True):
            ratio = _number(inputs, spec, ONE)
            used[name] = ratio
            if ratio < at_least:
                unmet.append(name)
        extra = {"conditions": self.conditions, "unmet": tuple(unmet)}
        points = ZERO if unmet else max_points
        return _finish(self.type, points, max_points, decimals, used, extra)


@dataclass(frozen=True)
class DeductPerOccurrence(_ScoredByInputs):
    """Max less `per` for each occurrence, not below 0, e.g. −0.25 per late dossier."""

    node: str
    per: Decimal
    type: str = field(default="deduct_per_occurrence", init=False)

    @classmethod
    def parse(
        cls, params: Mapping[str, object], max_points: Decimal, node: str
    ) -> "DeductPerOccurrence":
        p = _Params("deduct_per_occurrence", params, max_points, node, ["per"])
        per = p.positive(p.required("per"), "per")
        return cls(node, p.award(per, "per"))

    def inputs(self) -> list[InputSpec]:
        return [COUNT]

    def evaluate(
        self, inputs: Mapping[str, Value], max_points: Decimal, decimals: int = 2
    ) -> Evaluation:
        max_points = _check_max(max_points, self.node, self.type)
        count = _count(inputs, COUNT)
        points = max_points - count * self.per
        return _finish(self.type, points, max_points, decimals, {"count": count}, {"per": self.per})


@dataclass(frozen=True)
class DeductUnless(_ScoredByInputs):
    """Max when the ratio reaches the threshold, else max less `deduction` ("else −0.35")."""

    node: str
    threshold: Decimal
    deduction: Decimal
    direction: str = "at_least"  # or "at_most": the ratio must not exceed the threshold
    inclusive: bool = True
    type: str = field(default="deduct_unless", init=False)

    DIRECTIONS = ("at_least", "at_most")

    @classmethod
    def parse(cls, params: Mapping[str, object], max_points: Decimal, node: str) -> "DeductUnless":
        names = ["threshold", "deduction", "direction", "inclusive"]
        p = _Params("deduct_unless", params, max_points, node, names)
        threshold = p.ratio(p.required("threshold"), "threshold")
        deduction = p.award(p.positive(p.required("deduction"), "deduction"), "deduction")
        direction = p.choice("direction", cls.DIRECTIONS, "at_least")
        return cls(node, threshold, deduction, direction, p.flag("inclusive", True))

    def inputs(self) -> list[InputSpec]:
        return [RATIO]

    def evaluate(
        self, inputs: Mapping[str, Value], max_points: Decimal, decimals: int = 2
    ) -> Evaluation:
        max_points = _check_max(max_points, self.node, self.type)
        ratio = _number(inputs, RATIO, ONE)
        if self.direction == "at_least":
            met = _reached(ratio, self.threshold, self.inclusive)
        else:
            met = _reached(self.threshold, ratio, self.inclusive)
        points = max_points if met else max_points - self.deduction
        extra = {
            "threshold": self.threshold,
            "direction": self.direction,
            "inclusive": self.inclusive,
            "met": met,
            "deduction": self.deduction,
        }
        return _finish(self.type, points, max_points, decimals, {"ratio": ratio}, extra)


@dataclass(frozen=True)
class Honesty(_ScoredByInputs):
    """Max when the self-assessed total is within `within_percent` of the appraised total.

    Past the tolerance, the smallest step percent at or above the deviation gives the
    points; past every step, 0. Both totals exclude the honesty node itself (the caller's
    duty) and the deviation is a percentage of the appraised total.
    """

    node: str
    within_percent: Decimal
    table: tuple[tuple[Decimal, Decimal], ...] = ()  # (percent, points), percent ascending
    type: str = field(default="honesty", init=False)

    @classmethod
    def parse(cls, params: Mapping[str, object], max_points: Decimal, node: str) -> "Honesty":
        p = _Params("honesty", params, max_points, node, ["within_percent", "steps"])
        within = p.not_negative(p.required("within_percent"), "within_percent")
        if p.get("steps") is None:
            return cls(node, within)
        table = []
        for index, (raw_percent, raw_points) in enumerate(p.pairs("steps")):
            percent = p.not_negative(raw_percent, "steps", index=index)
            if percent <= within:
                p.refuse("step_within_tolerance", param="steps", value=percent)
            table.append((percent, p.award(raw_points, "steps", index=index)))
        p.distinct("steps", (percent for percent, _points in table))
        ordered = tuple(sorted(table))
        for (_p, closer), (_q, farther) in pairwise(ordered):
            if farther > closer:  # a larger deviation must never earn more
                p.refuse("steps_not_monotone", param="steps")
        return cls(node, within, ordered)

    def inputs(self) -> list[InputSpec]:
        return [SELF_TOTAL, APPRAISED_TOTAL]

    def evaluate(
        self, inputs: Mapping[str, Value], max_points: Decimal, decimals: int = 2
    ) -> Evaluation:
        max_points = _check_max(max_points, self.node, self.type)
        self_total = _number(inputs, SELF_TOTAL, None)
        appraised = _number(inputs, APPRAISED_TOTAL, None)
        if appraised == 0:
            message = Message("rule_appraised_total_zero", {"input": APPRAISED_TOTAL.name})
            raise Refused(message, where=APPRAISED_TOTAL.name)
        deviation = abs(self_total - appraised) / appraised * HUNDRED
        within = deviation <= self.within_percent
        step_percent, points = None, ZERO
        if within:
            points = max_points
        else:
            for percent, step_points in self.table:
                if percent >= deviation:
                    step_percent, points = percent, step_points
                    break
        used: dict[str, Value] = {"self_total": self_total, "appraised_total": appraised}
        extra = {
            "deviation": deviation,
            "within_percent": self.within_percent,
            "within": within,
            "step_percent": step_percent,
        }
        return _finish(self.type, points, max_points, decimals, used, extra)


@dataclass(frozen=True)
class Given(_ScoredByInputs):
    """A survey or external score given directly, e.g. 18.99 of 23."""

    node: str
    type: str = field(default="given", init=False)

    @classmethod
    def parse(cls, params: Mapping[str, object], max_points: Decimal, node: str) -> "Given":
        _Params("given", params, max_points, node, [])
        return cls(node)

    def inputs(self) -> list[InputSpec]:
        return [GIVEN_POINTS]

    def evaluate(
        self, inputs: Mapping[str, Value], max_points: Decimal, decimals: int = 2
    ) -> Evaluation:
        max_points = _check_max(max_points, self.node, self.type)
        points = _number(inputs, GIVEN_POINTS, max_points)
        return _finish(self.type, points, max_points, decimals, {"points": points}, {})


RULE_TYPES: dict[str, Callable[[Mapping[str, object], Decimal, str], Rule]] = {
    "manual": Manual.parse,
    "met": Met.parse,
    "count_steps": CountSteps.parse,
    "ratio_thresholds": RatioThresholds.parse,
    "proportional": Proportional.parse,
    "all_of": AllOf.parse,
    "deduct_per_occurrence": DeductPerOccurrence.parse,
    "deduct_unless": DeductUnless.parse,
    "honesty": Honesty.parse,
    "given": Given.parse,
}


def parse_rule(spec: RuleSpec, max_points: Decimal, node: str) -> Rule:
    """The rule `spec` states for `node`, its parameters checked against the node's max."""
    parse = RULE_TYPES.get(spec.type)
    if parse is None:
        message = Message("rule_unknown_type", {"node": node, "type": spec.type})
        raise Refused(message, where=node)
    rule = parse(spec.params, max_points, node)
    names = [item.name for item in rule.inputs()]
    for name, label in spec.labels.items():
        if name not in names or not isinstance(label, str) or not label.strip():
            params = {"node": node, "type": spec.type, "input": name, "inputs": names}
            raise Refused(Message("rule_label_unknown_input", params), where=node)
    return rule
