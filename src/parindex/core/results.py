"""PAR arithmetic on points already evaluated: totals, the index, adjustments, ranks, trends.

Leaves are rounded ROUND_HALF_UP to the framework's decimals; every other total is a sum of
rounded leaves (capped at a FIXED_TOTAL node's maximum), so the published parts always add
up. Nothing here knows about rule types: parindex.core.rules turns inputs into leaf points.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Context, Decimal

from parindex.core.framework import Framework, Node, Scoring, require_complete
from parindex.core.messages import Message, Refused
from parindex.core.rules import round_points

HUNDRED = Decimal(100)
_ARITHMETIC = Context(prec=34)  # independent of whatever the caller's thread context says


def _percent(part: Decimal, whole: Decimal, decimals: int) -> Decimal:
    return round_points(_ARITHMETIC.divide(_ARITHMETIC.multiply(part, HUNDRED), whole), decimals)


@dataclass(frozen=True)
class NodeTotal:
    achieved: Decimal
    applicable_max: Decimal
    lost: Decimal  # applicable_max - achieved: the points a remediation plan must explain


@dataclass(frozen=True)
class Totals:
    nodes: Mapping[str, NodeTotal]  # by node id; dropped nodes are absent
    achieved: Decimal
    applicable_max: Decimal
    lost: Decimal
    index_percent: Decimal  # achieved ÷ applicable_max × 100, rounded to the framework's decimals
    dropped: frozenset[str]  # ids of nodes not applicable: marked, below a mark, or emptied


def totals(
    framework: Framework,
    leaf_points: Mapping[str, Decimal],
    not_applicable: frozenset[str] = frozenset(),
) -> Totals:
    """Totals bottom-up from leaf points keyed by node id.

    A node marked not applicable is dropped with its subtree, and a parent whose children
    are all dropped is dropped too; the index is re-normalised over the applicable maximum.
    An ordinary parent's applicable maximum is the sum of its applicable children's; a
    FIXED_TOTAL node's is the least of its own maximum and that sum, and its achieved
    points are capped there. A skeleton is refused (framework_skeleton).
    """
    require_complete(framework)
    for node_id in sorted(not_applicable):
        if framework.by_id(node_id) is None:
            raise Refused(Message("results_unknown_node", {"id": node_id}), where=node_id)
    for node_id in sorted(leaf_points.keys() - framework.leaf_ids):
        raise Refused(Message("results_not_a_leaf", {"id": node_id}), where=node_id)

    per_node: dict[str, NodeTotal] = {}
    dropped: set[str] = set()

    def drop(node: Node) -> None:
        dropped.add(node.id)
        for child in node.children:
            drop(child)

    def visit(node: Node) -> NodeTotal | None:
        if node.id in not_applicable:
            drop(node)
            return None
        if node.is_leaf:
            total = _leaf_total(node, leaf_points, framework.decimals)
        else:
            parts = [part for part in (visit(child) for child in node.children) if part]
            if not parts:
                dropped.add(node.id)
                return None
            achieved = sum((part.achieved for part in parts), Decimal(0))
            most = sum((part.applicable_max for part in parts), Decimal(0))
            if node.scoring == Scoring.FIXED_TOTAL and node.max_points is not None:
                most = min(most, node.max_points)
                achieved = min(achieved, most)
            total = NodeTotal(achieved, most, most - achieved)
        per_node[node.id] = total
        return total

    roots = [total for total in (visit(node) for node in framework.nodes) if total]
    achieved = sum((total.achieved for total in roots), Decimal(0))
    most = sum((total.applicable_max for total in roots), Decimal(0))
    if most <= 0:
        raise Refused(Message("results_nothing_applicable", {"framework": framework.id}))
    return Totals(
        nodes=per_node,
        achieved=achieved,
        applicable_max=most,
        lost=most - achieved,
        index_percent=_percent(achieved, most, framework.decimals),
        dropped=frozenset(dropped),
    )


def _leaf_total(node: Node, leaf_points: Mapping[str, Decimal], decimals: int) -> NodeTotal:
    points = leaf_points.get(node.id)
    if points is None:
        params: dict[str, object] = {"code": node.code, "id": node.id}
        raise Refused(Message("results_leaf_missing", params), where=node.code)
    most = node.max_points
    assert most is not None  # require_complete saw to it
    achieved = round_points(points, decimals)
    if achieved < 0 or achieved > most:
        params = {
            "code": node.code,
            "id": node.id,
            "points": achieved,
            "max": most,
        }
        raise Refused(Message("results_leaf_out_of_range", params), where=node.code)
    return NodeTotal(achieved, most, most - achieved)


def apply_adjustments(
    total: Decimal,
    bonus: Decimal,
    penalty: Decimal,
    bonus_cap: Decimal,
    penalty_cap: Decimal,
    scale_max: Decimal,
    may_exceed: bool,
) -> Decimal:
    """total + min(bonus, bonus_cap) − min(penalty, penalty_cap), kept within 0 … scale_max.

    The upper bound is lifted when the framework lets the index exceed its maximum.
    """
    for name, value in (
        ("bonus", bonus),
        ("penalty", penalty),
        ("bonus_cap", bonus_cap),
        ("penalty_cap", penalty_cap),
    ):
        if value < 0:
            raise Refused(Message("results_negative_adjustment", {"name": name, "value": value}))
    result = total + min(bonus, bonus_cap) - min(penalty, penalty_cap)
    if not may_exceed:
        result = min(result, scale_max)
    return max(result, Decimal(0))


def composite(
    parts: Mapping[str, Decimal],
    maxima: Mapping[str, Decimal],
    weights: Mapping[str, Decimal],
    decimals: int = 2,
) -> Decimal:
    """Σ part ÷ its maximum × its weight, each term rounded, then added.

    appraised 60.5 of 68 and survey 18.99 of 32 in a 68 + 32 split → 60.50 + 18.99 = 79.49;
    a survey of 18.99 of 23 weighted 32 → 26.42. The weights name the parts; each must have a
    value within 0 … its maximum, and a maximum above zero.
    """
    for name in sorted(set(parts) | set(maxima)):
        if name not in weights:
            raise Refused(Message("results_composite_unknown_part", {"part": name}), where=name)
    result = Decimal(0)
    for name in sorted(weights):
        for side, values in (("parts", parts), ("maxima", maxima)):
            if name not in values:
                params: dict[str, object] = {"part": name, "side": side}
                raise Refused(Message("results_composite_missing", params), where=name)
        part, most = parts[name], maxima[name]
        if most <= 0:
            params = {"part": name, "max": most}
            raise Refused(Message("results_composite_zero_max", params), where=name)
        if part < 0 or part > most:
            params = {"part": name, "points": part, "max": most}
            raise Refused(Message("results_composite_out_of_range", params), where=name)
        weighted = _ARITHMETIC.divide(_ARITHMETIC.multiply(part, weights[name]), most)
        result += round_points(weighted, decimals)
    return result


def rank(scores: Mapping[str, Decimal]) -> dict[str, int]:
    """Competition ranks, highest first: ties share a rank and the next skips (1, 2, 2, 4).

    Scores are compared as given (round them first: 85.8 and 85.80 tie). The result lists
    units by rank, then by key, whatever the order of the input.
    """
    ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    ranks: dict[str, int] = {}
    previous: Decimal | None = None
    current = 0
    for position, (unit, score) in enumerate(ordered, start=1):
        if score != previous:
            current, previous = position, score
        ranks[unit] = current
    return ranks


def deviation_percent(self_total: Decimal, appraised_total: Decimal, decimals: int = 2) -> Decimal:
    """(self − appraised) ÷ appraised × 100, signed: self-scored 91.32, appraised 85.82 → 6.41."""
    if appraised_total == 0:
        if self_total == 0:
            return round_points(Decimal(0), decimals)
        params: dict[str, object] = {"self_total": self_total, "appraised_total": appraised_total}
        raise Refused(Message("results_deviation_zero_appraised", params))
    return _percent(self_total - appraised_total, appraised_total, decimals)


@dataclass(frozen=True)
class CodeMap:
    """How last year's codes became this year's: (old code, new code) pairs.

    1:1 ("1.5" → "1.6"), 1:n (one old code on several pairs) and n:1 (several old codes on
    one new code) are all allowed; any pattern of pairs is read as groups of codes that are
    connected through pairs.
    """

    pairs: tuple[tuple[str, str], ...]


def change_on_last_year(
    this_year: Mapping[str, Decimal],
    last_year: Mapping[str, Decimal],
    mapping: CodeMap | None,
) -> dict[str, Decimal | None]:
    """Points this year minus last year's, keyed by this year's codes.

    - A code on no pair compares with the same code last year, unless that code was mapped
      away to another code (then it is new: None).
    - A code on a pair belongs to a group: the codes connected through pairs. The group's
      change is the sum of its new codes this year minus the sum of its old codes last year,
      and every new code of the group gets that change (a 1:n split does not share out the
      old value; n:1 compares the merged node with the sum of its predecessors).
    - None when there is no predecessor, or a member of the group has no value.
    """
    pairs = mapping.pairs if mapping is not None else ()
    groups = _groups(pairs)
    mapped_away = {old for old, _new in pairs}
    changes: dict[str, Decimal | None] = {}
    for code, value in this_year.items():
        group = groups.get(("new", code))
        if group is None:
            if code in last_year and code not in mapped_away:
                changes[code] = value - last_year[code]
            else:
                changes[code] = None
            continue
        olds = [member for side, member in group if side == "old"]
        news = [member for side, member in group if side == "new"]
        if all(old in last_year for old in olds) and all(new in this_year for new in news):
            now = sum((this_year[new] for new in news), Decimal(0))
            before = sum((last_year[old] for old in olds), Decimal(0))
            changes[code] = now - before
        else:
            changes[code] = None
    return changes


def _groups(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], frozenset[tuple[str, str]]]:
    """Each end of a pair, ("old", code) or ("new", code), with every end connected to it."""
    links: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for old, new in pairs:
        links.setdefault(("old", old), set()).add(("new", new))
        links.setdefault(("new", new), set()).add(("old", old))
    groups: dict[tuple[str, str], frozenset[tuple[str, str]]] = {}
    for start in links:
        if start in groups:
            continue
        seen, waiting = {start}, [start]
        while waiting:
            for near in links[waiting.pop()]:
                if near not in seen:
                    seen.add(near)
                    waiting.append(near)
        group = frozenset(seen)
        for member in group:
            groups[member] = group
    return groups
