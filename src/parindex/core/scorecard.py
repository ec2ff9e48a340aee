"""Re-evaluating a frozen result: the rules again, from the inputs that were recorded.

A published result keeps, per leaf, the rule inputs it was scored from and the points that
were published. `recompute` evaluates every leaf that has inputs, adds up the totals the way
`results.totals` does, and lists every place where its numbers and the published ones part:
the check behind `parindex recompute`.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from parindex.core.framework import Framework, Node
from parindex.core.messages import Message, Refused
from parindex.core.results import Totals, totals
from parindex.core.rules import Evaluation, Honesty, Value, parse_rule

HONESTY_TOTALS = ("self_total", "appraised_total")


@dataclass(frozen=True)
class Recomputed:
    evaluations: Mapping[str, Evaluation]  # by leaf id: the leaves that had inputs
    totals: Totals | None  # None when the totals could not be added up (see differences)
    differences: list[Message]  # empty when everything matches what was published


def _dropped(framework: Framework, not_applicable: frozenset[str]) -> set[str]:
    """The ids of the nodes marked not applicable and of everything below them."""
    dropped: set[str] = set()

    def drop(node: Node) -> None:
        dropped.add(node.id)
        for child in node.children:
            drop(child)

    for node, _depth in framework.walk():
        if node.id in not_applicable:
            drop(node)
    return dropped


def recompute(
    framework: Framework,
    inputs: Mapping[str, Mapping[str, Value]],
    published: Mapping[str, Decimal],
    not_applicable: frozenset[str] = frozenset(),
    published_total: Decimal | None = None,
    published_index: Decimal | None = None,
    self_points: Mapping[str, Decimal] | None = None,
) -> Recomputed:
    """Evaluate each applicable leaf from `inputs` (by leaf id) and compare.

    `published` holds the points published per leaf id (the last appraisal round's, or the
    imported score). A leaf without inputs keeps its published points: nothing to
    re-evaluate (a manual score, an imported row). An honesty leaf is evaluated from the
    totals of the other applicable leaves (`published` or recomputed points, and
    `self_points`), and its recorded totals are compared with those. Messages, in framework
    order (honesty leaves last): recompute_input_refused (code, problem: the rule's refusal),
    recompute_honesty_input_differs (code, input, recorded, computed), recompute_leaf_differs
    (code, published, computed), recompute_total_refused (problem), recompute_total_differs
    and recompute_index_differs (published, computed).
    """
    differences: list[Message] = []
    evaluations: dict[str, Evaluation] = {}
    points: dict[str, Decimal] = {}
    dropped = _dropped(framework, not_applicable)
    leaves = [
        leaf
        for leaf in framework.leaves()
        if leaf.id not in dropped and leaf.rule is not None and leaf.max_points is not None
    ]
    honesty = {
        leaf.id
        for leaf in leaves
        if leaf.rule is not None
        and leaf.max_points is not None
        and isinstance(parse_rule(leaf.rule, leaf.max_points, leaf.code), Honesty)
    }
    # The other leaves first: the honesty rule reads their totals.
    for leaf in sorted(leaves, key=lambda leaf: leaf.id in honesty):
        assert leaf.rule is not None
        assert leaf.max_points is not None
        shown = published.get(leaf.id)
        if shown is not None:
            points[leaf.id] = shown
        recorded = dict(inputs.get(leaf.id) or {})
        if leaf.id in honesty and self_points is not None:
            computed = _honesty_totals(leaf.id, leaves, points, self_points)
            for name, value in zip(HONESTY_TOTALS, computed, strict=True):
                if name in recorded and recorded[name] != value:
                    params: dict[str, object] = {
                        "code": leaf.code,
                        "input": name,
                        "recorded": recorded[name],
                        "computed": value,
                    }
                    differences.append(Message("recompute_honesty_input_differs", params))
                recorded[name] = value
        if not recorded:
            continue
        rule = parse_rule(leaf.rule, leaf.max_points, leaf.code)
        try:
            evaluation = rule.evaluate(recorded, leaf.max_points, framework.decimals)
        except Refused as refused:
            refusal = {"code": leaf.code, "problem": refused.message}
            differences.append(Message("recompute_input_refused", refusal))
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


def _honesty_totals(
    honesty_id: str,
    leaves: list[Node],
    points: Mapping[str, Decimal],
    self_points: Mapping[str, Decimal],
) -> tuple[Decimal, Decimal]:
    """The self-assessed and appraised totals of every applicable leaf but the honesty one."""
    others = [leaf.id for leaf in leaves if leaf.id != honesty_id]
    self_total = sum((self_points.get(key, Decimal(0)) for key in others), Decimal(0))
    appraised = sum((points.get(key, Decimal(0)) for key in others), Decimal(0))
    return self_total, appraised
