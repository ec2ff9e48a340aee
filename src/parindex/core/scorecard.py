"""Re-evaluating a frozen result: the rules again, from the inputs that were recorded.

A published result keeps, per leaf, the rule inputs it was scored from and the points that
were published. `recompute` evaluates every leaf that has inputs, adds up the totals the way
`results.totals` does, and lists every place where its numbers and the published ones part:
the check behind `parindex recompute`.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from parindex.core.framework import Framework
from parindex.core.messages import Message, Refused
from parindex.core.results import Totals, totals
from parindex.core.rules import Evaluation, Value, parse_rule


@dataclass(frozen=True)
class Recomputed:
    evaluations: Mapping[str, Evaluation]  # by leaf id: the leaves that had inputs
    totals: Totals | None  # None when the totals could not be added up (see differences)
    differences: list[Message]  # empty when everything matches what was published


def recompute(
    framework: Framework,
    inputs: Mapping[str, Mapping[str, Value]],
    published: Mapping[str, Decimal],
    not_applicable: frozenset[str] = frozenset(),
    published_total: Decimal | None = None,
    published_index: Decimal | None = None,
) -> Recomputed:
    """Evaluate each applicable leaf from `inputs` (by leaf id) and compare.

    `published` holds the points published per leaf id (the last appraisal round's, or the
    imported score). A leaf without inputs keeps its published points: nothing to
    re-evaluate (a manual score, an imported row). Messages, in framework order:
    recompute_input_refused (code, problem: the rule's refusal), recompute_leaf_differs
    (code, published, computed), recompute_total_refused (problem),
    recompute_total_differs and recompute_index_differs (published, computed).
    """
    differences: list[Message] = []
    evaluations: dict[str, Evaluation] = {}
    points: dict[str, Decimal] = {}
    for leaf in framework.leaves():
        if leaf.id in not_applicable or leaf.rule is None or leaf.max_points is None:
            continue
        shown = published.get(leaf.id)
        if shown is not None:
            points[leaf.id] = shown
        recorded = inputs.get(leaf.id)
        if not recorded:
            continue
        rule = parse_rule(leaf.rule, leaf.max_points, leaf.code)
        try:
            evaluation = rule.evaluate(recorded, leaf.max_points, framework.decimals)
        except Refused as refused:
            params = {"code": leaf.code, "problem": refused.message}
            differences.append(Message("recompute_input_refused", params))
            continue
        evaluations[leaf.id] = evaluation
        points[leaf.id] = evaluation.points
        if shown is not None and shown != evaluation.points:
            params = {"code": leaf.code, "published": shown, "computed": evaluation.points}
            differences.append(Message("recompute_leaf_differs", params))
    try:
        added = totals(framework, points, not_applicable)
    except Refused as refused:
        differences.append(Message("recompute_total_refused", {"problem": refused.message}))
        return Recomputed(evaluations, None, differences)
    for key, was, now in (
        ("recompute_total_differs", published_total, added.achieved),
        ("recompute_index_differs", published_index, added.index_percent),
    ):
        if was is not None and was != now:
            differences.append(Message(key, {"published": was, "computed": now}))
    return Recomputed(evaluations, added, differences)
