"""Made-up but consistent results for the demo: every leaf of a complete framework scored by
its own rule from plausible inputs, the appraisers' deductions explained in words, the
honesty criterion computed from the other totals, and the whole frozen as published."""

import random
from collections.abc import Iterable
from decimal import Decimal

from parindex.core import rules
from parindex.core.framework import Framework, Node, Scoring
from parindex.core.results import totals
from parindex.core.rules import Evaluation, Value, parse_rule
from parindex.frameworks.actions import framework_of
from parindex.frameworks.models import StoredFramework
from parindex.io import render
from parindex.org.models import Unit, User
from parindex.results.actions import DeductionEntry, InputEntry, NodeEntry, record_result
from parindex.results.inputs import as_text
from parindex.results.models import InputProvenance, Result, Source

APPRAISERS = "Tổ thẩm định (Sở Nội vụ)"
CENT = Decimal("0.01")


def _ratio(chance: random.Random, low: str = "0.6") -> Decimal:
    return Decimal(chance.uniform(float(low), 1.0)).quantize(CENT).min(Decimal(1))


def plausible_inputs(rule: rules.Rule, most: Decimal, chance: random.Random) -> dict[str, Value]:
    """Inputs a unit could have reported for `rule`: mostly good, sometimes short."""
    if isinstance(rule, rules.Manual):
        steps = rule.steps(most) or [most]
        return {"score": chance.choice(steps[len(steps) // 2 :])}
    if isinstance(rule, rules.Met):
        return {"met": chance.random() < 0.85}
    if isinstance(rule, rules.CountSteps):
        return {"count": chance.randint(0, rule.table[-1][0] + 1)}
    if isinstance(rule, rules.DeductPerOccurrence):
        return {"count": chance.choice([0, 0, 0, 1, 2, 3])}
    if isinstance(rule, rules.AllOf):
        return {name: _ratio(chance, "0.8") for name, _at_least in rule.conditions}
    if isinstance(rule, rules.Given):
        return {"points": (most * Decimal(chance.uniform(0.75, 0.98))).quantize(CENT)}
    return {"ratio": _ratio(chance)}  # ratio_thresholds, proportional, deduct_unless


def _provenance(node: Node) -> InputProvenance:
    return {
        Scoring.SURVEY: InputProvenance.SURVEY,
        Scoring.DATA: InputProvenance.DATA,
    }.get(node.scoring, InputProvenance.PERSON)


def _entry(
    node: Node, evaluation: Evaluation, self_points: Decimal, kinds: dict[str, str]
) -> NodeEntry:
    assert node.max_points is not None
    assert node.rule is not None
    lost = node.max_points - evaluation.points
    deductions: tuple[DeductionEntry, ...] = ()
    if lost > 0:
        reason = render.explain(evaluation.explanation, "vi", node.rule.labels)
        deductions = (DeductionEntry(points=lost, reason=reason, level=APPRAISERS),)
    return NodeEntry(
        node.id,
        self_points=self_points,
        appraisals=(evaluation.points,),
        deductions=deductions,
        inputs=tuple(
            InputEntry(name, kinds[name], as_text(value), _provenance(node))
            for name, value in evaluation.inputs.items()
        ),
    )


def score_unit(
    actor: User,
    unit: Unit,
    stored: StoredFramework,
    year: int,
    group: str = "",
    evaluated_by: Unit | None = None,
) -> Result:
    framework: Framework = framework_of(stored)
    chance = random.Random(f"{unit.code}/{year}")  # noqa: S311  (the same demo every time)
    evaluations: dict[str, Evaluation] = {}
    claimed: dict[str, Decimal] = {}
    honesty: list[Node] = []
    kinds: dict[str, dict[str, str]] = {}
    for node in framework.leaves():
        assert node.rule is not None
        assert node.max_points is not None
        rule = parse_rule(node.rule, node.max_points, node.code)
        kinds[node.id] = {spec.name: spec.kind for spec in rule.inputs()}
        if isinstance(rule, rules.Honesty):
            honesty.append(node)
            continue
        inputs = plausible_inputs(rule, node.max_points, chance)
        evaluation = rule.evaluate(inputs, node.max_points, framework.decimals)
        evaluations[node.id] = evaluation
        # Units often claim full marks where the appraisers later deduct.
        full = evaluation.points < node.max_points and chance.random() < 0.15
        claimed[node.id] = node.max_points if full else evaluation.points
    self_total = sum(claimed.values(), Decimal(0))
    appraised_total = sum((e.points for e in evaluations.values()), Decimal(0))
    for node in honesty:
        assert node.rule is not None
        assert node.max_points is not None
        rule = parse_rule(node.rule, node.max_points, node.code)
        totals_in = {"self_total": self_total, "appraised_total": appraised_total}
        evaluations[node.id] = rule.evaluate(totals_in, node.max_points, framework.decimals)
        claimed[node.id] = node.max_points
    added = totals(framework, {key: e.points for key, e in evaluations.items()})
    entries = [
        _entry(node, evaluations[node.id], claimed[node.id], kinds[node.id])
        for node in framework.leaves()
    ]
    return record_result(
        actor,
        unit=unit,
        year=year,
        framework=stored,
        source=Source.ASSESSED,
        nodes=entries,
        # As published: a capped field counts its maximum, whatever its parts claimed.
        self_total=totals(framework, claimed).achieved,
        published_total=added.achieved,
        published_index=added.index_percent,
        evaluated_by=evaluated_by,
        group=group,
        freeze=True,
        reason="demo",
    )


def score_units(
    actor: User,
    units: Iterable[Unit],
    stored: StoredFramework,
    year: int,
    group: str = "",
    evaluated_by: Unit | None = None,
) -> None:
    """Score the units not scored yet; ranks are left to be computed from the results."""
    for unit in units:
        if not Result.objects.filter(unit=unit, year=year, framework=stored).exists():
            score_unit(actor, unit, stored, year, group, evaluated_by)
