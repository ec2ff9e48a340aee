from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.core.framework import Node, Scoring
from parindex.core.messages import Message, Refused
from parindex.core.results import (
    CodeMap,
    NodeTotal,
    Totals,
    apply_adjustments,
    change_on_last_year,
    composite,
    deviation_percent,
    rank,
    totals,
)
from parindex.core.rules import round_points
from tests.core.test_framework import EXAMPLE, Generated, cents, framework, leaf, parent, trees

D = Decimal

# EXAMPLE: 1 (10) = 1.1 (4) + 1.2 (1.2.1 3 + 1.2.2 3); 2 = 2.1 (5) + 2.2 (cap 2 over 1.5 + 1.5)
FULL = {"c11": D(4), "s121": D(3), "s122": D(3), "c21": D(5), "s221": D("1.5"), "s222": D("1.5")}


def points(**changes: str) -> dict[str, Decimal]:
    return FULL | {key: D(value) for key, value in changes.items()}


def refusal(call: object) -> Refused:
    assert callable(call)
    with pytest.raises(Refused) as refused:
        call()
    return refused.value


# --- totals ---------------------------------------------------------------------------------


def test_full_marks() -> None:
    result = totals(EXAMPLE, FULL)
    assert result.achieved == D(17)
    assert result.applicable_max == D(17)
    assert result.lost == D(0)
    assert result.index_percent == D("100.00")
    assert result.nodes["c22"] == NodeTotal(D(2), D(2), D(0))  # 3 capped at 2
    assert result.dropped == frozenset()


def test_totals_per_node_with_lost_points() -> None:
    result = totals(EXAMPLE, points(c11="3.5", s122="2.75", c21="4.92", s221="0", s222="1.25"))
    assert result.nodes["s122"] == NodeTotal(D("2.75"), D(3), D("0.25"))
    assert result.nodes["c12"] == NodeTotal(D("5.75"), D(6), D("0.25"))
    assert result.nodes["f1"] == NodeTotal(D("9.25"), D(10), D("0.75"))
    assert result.nodes["c22"] == NodeTotal(D("1.25"), D(2), D("0.75"))  # under the cap
    assert result.nodes["f2"] == NodeTotal(D("6.17"), D(7), D("0.83"))
    assert (result.achieved, result.applicable_max, result.lost) == (D("15.42"), D(17), D("1.58"))
    assert result.index_percent == D("90.71")  # 15.42 / 17 = 90.70588…


@pytest.mark.parametrize(
    ("raw", "rounded"),
    [
        ("0.125", "0.13"),  # half up, not to even
        ("0.135", "0.14"),
        ("2.675", "2.68"),
        ("0.124999", "0.12"),
        ("0.005", "0.01"),
        ("0.004", "0.00"),
        ("4", "4.00"),
    ],
)
def test_each_leaf_is_rounded_half_up_before_adding(raw: str, rounded: str) -> None:
    result = totals(EXAMPLE, points(c11=raw))
    assert result.nodes["c11"].achieved == D(rounded)
    assert str(result.nodes["c11"].achieved) == rounded
    assert result.achieved == D(13) + D(rounded)


def test_totals_are_sums_of_rounded_leaves_not_rounded_sums() -> None:
    # 0.125 + 0.125 + 0.125 = 0.375 → 0.38 if summed first; 0.13 × 3 = 0.39 leaf by leaf
    fw = framework(
        parent("f", "1", "3", leaf("a", "1.1", "1"), leaf("b", "1.2", "1"), leaf("c", "1.3", "1"))
    )
    result = totals(fw, {"a": D("0.125"), "b": D("0.125"), "c": D("0.125")})
    assert result.achieved == D("0.39")
    assert result.index_percent == D("13.00")


def test_the_index_is_rounded_half_up_to_the_framework_decimals() -> None:
    fw = framework(leaf("a", "1", "3"))
    assert totals(fw, {"a": D(2)}).index_percent == D("66.67")
    assert totals(fw, {"a": D(1)}).index_percent == D("33.33")
    assert totals(replace(fw, decimals=1), {"a": D(1)}).index_percent == D("33.3")
    eighth = framework(leaf("a", "1", "8"))
    assert totals(eighth, {"a": D("0.01")}).index_percent == D("0.13")  # 0.125 → 0.13


def test_not_applicable_nodes_are_dropped_and_the_index_renormalised() -> None:
    result = totals(EXAMPLE, points(c11="2"), not_applicable=frozenset({"c12", "c21"}))
    assert result.dropped == frozenset({"c12", "s121", "s122", "c21"})
    assert "c12" not in result.nodes
    assert "s121" not in result.nodes
    assert result.nodes["f1"] == NodeTotal(D(2), D(4), D(2))
    assert result.nodes["f2"] == NodeTotal(D(2), D(2), D(0))
    assert (result.achieved, result.applicable_max) == (D(4), D(6))
    assert result.index_percent == D("66.67")


def test_points_given_for_a_dropped_leaf_are_ignored() -> None:
    result = totals(EXAMPLE, points(c11="0"), not_applicable=frozenset({"c11"}))
    assert result.achieved == D(13)
    assert result.applicable_max == D(13)


def test_a_parent_whose_children_are_all_dropped_is_dropped() -> None:
    result = totals(EXAMPLE, FULL, not_applicable=frozenset({"s121", "s122"}))
    assert {"c12", "s121", "s122"} <= result.dropped
    assert "c12" not in result.nodes
    assert result.nodes["f1"] == NodeTotal(D(4), D(4), D(0))


def test_a_cap_shrinks_to_what_its_applicable_children_can_reach() -> None:
    result = totals(EXAMPLE, points(s222="1"), not_applicable=frozenset({"s221"}))
    assert result.nodes["c22"] == NodeTotal(D(1), D("1.5"), D("0.5"))
    fixed = framework(
        parent(
            "f",
            "1",
            "2",
            leaf("a", "1.1", "1.5"),
            leaf("b", "1.2", "1.5"),
            leaf("c", "1.3", "1"),
            scoring=Scoring.FIXED_TOTAL,
        )
    )
    capped = totals(fixed, {"a": D("1.5"), "b": D("0.5"), "c": D(0)}, frozenset({"c"}))
    assert capped.nodes["f"] == NodeTotal(D(2), D(2), D(0))


def test_everything_not_applicable_is_refused() -> None:
    refused = refusal(lambda: totals(EXAMPLE, FULL, frozenset({"f1", "f2"})))
    assert refused.message == Message("results_nothing_applicable", {"framework": EXAMPLE.id})


def test_zero_maximum_everywhere_is_refused() -> None:
    refused = refusal(lambda: totals(framework(leaf("a", "1", "0")), {"a": D(0)}))
    assert refused.message.key == "results_nothing_applicable"


@pytest.mark.parametrize(
    ("leaf_points", "not_applicable", "message", "where"),
    [
        (
            {key: value for key, value in FULL.items() if key != "s122"},
            frozenset(),
            Message("results_leaf_missing", {"code": "1.2.2", "id": "s122"}),
            "1.2.2",
        ),
        (
            points(c11="4.01"),
            frozenset(),
            Message(
                "results_leaf_out_of_range",
                {"code": "1.1", "id": "c11", "points": D("4.01"), "max": D(4)},
            ),
            "1.1",
        ),
        (
            points(c11="4.004"),  # rounds to the maximum: accepted elsewhere, see below
            frozenset({"c21"}),
            None,
            None,
        ),
        (
            points(c11="-0.01"),
            frozenset(),
            Message(
                "results_leaf_out_of_range",
                {"code": "1.1", "id": "c11", "points": D("-0.01"), "max": D(4)},
            ),
            "1.1",
        ),
        (
            FULL | {"c12": D(6)},
            frozenset(),
            Message("results_not_a_leaf", {"id": "c12"}),
            "c12",
        ),
        (
            FULL | {"zz": D(1)},
            frozenset(),
            Message("results_not_a_leaf", {"id": "zz"}),
            "zz",
        ),
        (
            FULL,
            frozenset({"zz"}),
            Message("results_unknown_node", {"id": "zz"}),
            "zz",
        ),
    ],
)
def test_bad_leaf_points_are_refused_naming_the_node(
    leaf_points: dict[str, Decimal],
    not_applicable: frozenset[str],
    message: Message | None,
    where: str | None,
) -> None:
    if message is None:
        assert totals(EXAMPLE, leaf_points, not_applicable).nodes["c11"].achieved == D(4)
        return
    refused = refusal(lambda: totals(EXAMPLE, leaf_points, not_applicable))
    assert refused.message == message
    assert refused.where == where


def test_a_skeleton_is_never_scored() -> None:
    skeleton = framework(parent("f", "1", None, leaf("a", "1.1", "2"), leaf("b", "1.2", None)))
    refused = refusal(lambda: totals(skeleton, {"a": D(1), "b": D(1)}))
    assert refused.message == Message("framework_skeleton", {"missing": ["1", "1.2"]})


# --- adjustments ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "bonus", "penalty", "may_exceed", "expected"),
    [
        ("85.82", "0", "0", False, "85.82"),
        ("85.82", "1.5", "0", False, "87.32"),
        ("85.82", "2", "0", False, "87.82"),  # exactly at the bonus cap
        ("85.82", "5", "0", False, "87.82"),  # bonus capped at 2
        ("85.82", "0", "0.75", False, "85.07"),
        ("85.82", "0", "9", False, "82.82"),  # penalty capped at 3
        ("85.82", "2", "3", False, "84.82"),
        ("99.5", "2", "0", False, "100"),  # never above the scale …
        ("99.5", "2", "0", True, "101.5"),  # … unless the framework says so
        ("100", "0", "0", False, "100"),
        ("1", "0", "3", False, "0"),  # never below zero
        ("0", "0", "0", False, "0"),
    ],
)
def test_bonus_and_penalty_with_caps(
    total: str, bonus: str, penalty: str, may_exceed: bool, expected: str
) -> None:
    result = apply_adjustments(D(total), D(bonus), D(penalty), D(2), D(3), D(100), may_exceed)
    assert result == D(expected)


@pytest.mark.parametrize("position", range(4))
def test_negative_adjustments_are_refused(position: int) -> None:
    values = [D(1), D(1), D(2), D(3)]
    values[position] = D("-0.01")
    bonus, penalty, bonus_cap, penalty_cap = values
    refused = refusal(
        lambda: apply_adjustments(D(50), bonus, penalty, bonus_cap, penalty_cap, D(100), False)
    )
    assert refused.message.key == "results_negative_adjustment"
    assert (
        refused.message.params["name"] == ["bonus", "penalty", "bonus_cap", "penalty_cap"][position]
    )


# --- composite ------------------------------------------------------------------------------

SPLIT = {"appraised": D(68), "survey": D(32)}


@pytest.mark.parametrize(
    ("parts", "maxima", "expected"),
    [
        ({"appraised": "60.5", "survey": "18.99"}, {"appraised": "68", "survey": "32"}, "79.49"),
        ({"appraised": "68", "survey": "32"}, {"appraised": "68", "survey": "32"}, "100.00"),
        ({"appraised": "0", "survey": "0"}, {"appraised": "68", "survey": "32"}, "0.00"),
        # a survey of 18.99 of 23 carried into 32 points: 26.4209 → 26.42
        ({"appraised": "60.5", "survey": "18.99"}, {"appraised": "68", "survey": "23"}, "86.92"),
        # appraisal on a 100 scale carried into 68 points: 85.82 × 0.68 = 58.3576 → 58.36
        ({"appraised": "85.82", "survey": "32"}, {"appraised": "100", "survey": "32"}, "90.36"),
    ],
)
def test_composite(parts: dict[str, str], maxima: dict[str, str], expected: str) -> None:
    result = composite(
        {key: D(value) for key, value in parts.items()},
        {key: D(value) for key, value in maxima.items()},
        SPLIT,
    )
    assert result == D(expected)


@pytest.mark.parametrize(
    ("parts", "maxima", "key", "params"),
    [
        (
            {"appraised": D(60)},
            SPLIT,
            "results_composite_missing",
            {"part": "survey", "side": "parts"},
        ),
        (
            {"appraised": D(60), "survey": D(10)},
            {"appraised": D(68)},
            "results_composite_missing",
            {"part": "survey", "side": "maxima"},
        ),
        (
            {"appraised": D(60), "survey": D(10), "bonus": D(1)},
            SPLIT,
            "results_composite_unknown_part",
            {"part": "bonus"},
        ),
        (
            {"appraised": D(60), "survey": D(0)},
            {"appraised": D(68), "survey": D(0)},
            "results_composite_zero_max",
            {"part": "survey", "max": D(0)},
        ),
        (
            {"appraised": D(69), "survey": D(10)},
            SPLIT,
            "results_composite_out_of_range",
            {"part": "appraised", "points": D(69), "max": D(68)},
        ),
    ],
)
def test_composite_refusals(
    parts: dict[str, Decimal], maxima: dict[str, Decimal], key: str, params: dict[str, object]
) -> None:
    assert refusal(lambda: composite(parts, maxima, SPLIT)).message == Message(key, params)


# --- ranking --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({}, {}),
        ({"a": "80"}, {"a": 1}),
        ({"a": "90", "b": "85", "c": "85", "d": "70"}, {"a": 1, "b": 2, "c": 2, "d": 4}),
        ({"d": "70", "c": "85", "b": "85", "a": "90"}, {"a": 1, "b": 2, "c": 2, "d": 4}),
        ({"a": "85.8", "b": "85.80", "c": "85.79"}, {"a": 1, "b": 1, "c": 3}),  # as given
        ({"a": "50", "b": "50", "c": "50"}, {"a": 1, "b": 1, "c": 1}),
        (
            {"a": "1", "b": "2", "c": "2", "d": "3", "e": "3"},
            {"d": 1, "e": 1, "b": 3, "c": 3, "a": 5},
        ),
        ({"a": "0", "b": "-1"}, {"a": 1, "b": 2}),
    ],
)
def test_competition_ranking(scores: dict[str, str], expected: dict[str, int]) -> None:
    result = rank({key: D(value) for key, value in scores.items()})
    assert result == expected
    assert list(result.values()) == sorted(result.values())  # listed by rank


# --- deviation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("self_total", "appraised", "expected"),
    [
        ("91.32", "85.82", "6.41"),  # the commune in the seed documents
        ("85.82", "85.82", "0.00"),
        ("80", "85.82", "-6.78"),
        ("103", "100", "3.00"),  # exactly at a 3% honesty threshold
        ("103.005", "100", "3.01"),  # half up
        ("0", "0", "0.00"),
        ("0", "50", "-100.00"),
    ],
)
def test_deviation_percent(self_total: str, appraised: str, expected: str) -> None:
    assert deviation_percent(D(self_total), D(appraised)) == D(expected)


def test_deviation_from_nothing_is_refused() -> None:
    refused = refusal(lambda: deviation_percent(D(5), D(0)))
    assert refused.message == Message(
        "results_deviation_zero_appraised", {"self_total": D(5), "appraised_total": D(0)}
    )


# --- year on year ---------------------------------------------------------------------------

LAST = {"1": D("9.5"), "1.5": D("2"), "2.1": D("3"), "2.2": D("1.5"), "3": D("4")}


@pytest.mark.parametrize(
    ("this_year", "pairs", "expected"),
    [
        # no table: the same code
        (
            {"1": D("10"), "3": D("3.5"), "4": D(1)},
            None,
            {"1": D("0.5"), "3": D("-0.5"), "4": None},
        ),
        # 1:1 renumbered; "1.5" is new this year and must not compare with the old 1.5
        (
            {"1.6": D("2.5"), "1.5": D(1)},
            (("1.5", "1.6"),),
            {"1.6": D("0.5"), "1.5": None},
        ),
        # n:1 merged: 2.1 + 2.2 last year became 2 this year
        ({"2": D("5")}, (("2.1", "2"), ("2.2", "2")), {"2": D("0.5")}),
        # 1:n split: both parts carry the change of the group, 2 + 1.25 − 3
        (
            {"2.1": D(2), "2.4": D("1.25")},
            (("2.1", "2.1"), ("2.1", "2.4")),
            {"2.1": D("0.25"), "2.4": D("0.25")},
        ),
        # a group member without a value: no comparison
        ({"2.1": D(2)}, (("2.1", "2.1"), ("2.1", "2.4")), {"2.1": None}),
        ({"5": D(2)}, (("9.9", "5"),), {"5": None}),
        # unmapped codes still compare by code when a table is given
        ({"3": D(4)}, (("1.5", "1.6"),), {"3": D(0)}),
        ({}, None, {}),
    ],
)
def test_change_on_last_year(
    this_year: dict[str, Decimal],
    pairs: tuple[tuple[str, str], ...] | None,
    expected: dict[str, Decimal | None],
) -> None:
    mapping = None if pairs is None else CodeMap(pairs)
    assert change_on_last_year(this_year, LAST, mapping) == expected


def test_round_points() -> None:
    assert str(round_points(D("1.005"), 2)) == "1.01"
    assert str(round_points(D("1"), 2)) == "1.00"
    assert str(round_points(D("2.5"), 0)) == "3"


# --- properties with an oracle built from integers ------------------------------------------

PROPERTY = settings(max_examples=80, deadline=None)


def oracle(
    generated: Generated, not_applicable: frozenset[str]
) -> tuple[dict[str, tuple[int, int]], int, int]:
    """Each applicable node's (achieved, max) in cents, computed with integers alone."""
    expected: dict[str, tuple[int, int]] = {}

    def visit(node: Node) -> tuple[int, int] | None:
        if node.id in not_applicable:
            return None
        if not node.children:
            milli = generated.points_milli[node.id]
            result = ((milli + 5) // 10, generated.max_cents[node.id])  # half up, milli ≥ 0
        else:
            parts = [part for part in map(visit, node.children) if part is not None]
            if not parts:
                return None
            achieved, most = sum(p[0] for p in parts), sum(p[1] for p in parts)
            if node.id in generated.caps:
                most = min(most, generated.max_cents[node.id])
                achieved = min(achieved, most)
            result = (achieved, most)
        expected[node.id] = result
        return result

    roots = [part for part in map(visit, generated.framework.nodes) if part is not None]
    return expected, sum(p[0] for p in roots), sum(p[1] for p in roots)


def leaf_points_of(generated: Generated) -> dict[str, Decimal]:
    return {node_id: Decimal(milli).scaleb(-3) for node_id, milli in generated.points_milli.items()}


@st.composite
def trees_with_marks(draw: st.DrawFn) -> tuple[Generated, frozenset[str]]:
    generated = draw(trees())
    ids = [node.id for node, _depth in generated.framework.walk()]
    marks = draw(st.sets(st.sampled_from(ids), max_size=3))
    return generated, frozenset(marks)


@PROPERTY
@given(trees_with_marks())
def test_totals_equal_the_oracle(case: tuple[Generated, frozenset[str]]) -> None:
    generated, not_applicable = case
    expected, achieved, most = oracle(generated, not_applicable)
    if most == 0:
        refused = refusal(
            lambda: totals(generated.framework, leaf_points_of(generated), not_applicable)
        )
        assert refused.message.key == "results_nothing_applicable"
        return
    result = totals(generated.framework, leaf_points_of(generated), not_applicable)
    assert isinstance(result, Totals)
    assert {node_id: (t.achieved, t.applicable_max) for node_id, t in result.nodes.items()} == {
        node_id: (cents(a), cents(m)) for node_id, (a, m) in expected.items()
    }
    every = {node.id for node, _depth in generated.framework.walk()}
    assert result.dropped == every - set(expected)
    assert (result.achieved, result.applicable_max) == (cents(achieved), cents(most))
    # index in hundredths of a percent, half up, by integer arithmetic
    assert result.index_percent == cents((2 * achieved * 10000 + most) // (2 * most))
    assert D(0) <= result.index_percent <= D(100)
    for total in result.nodes.values():
        assert D(0) <= total.achieved <= total.applicable_max
        assert total.lost == total.applicable_max - total.achieved


@PROPERTY
@given(trees(caps=False))
def test_without_caps_or_marks_the_total_is_the_sum_of_rounded_leaves(generated: Generated) -> None:
    result = totals(generated.framework, leaf_points_of(generated))
    assert result.achieved == sum(
        (round_points(value, 2) for value in leaf_points_of(generated).values()), D(0)
    )
    assert result.applicable_max == sum(
        (leaf.max_points or D(0) for leaf in generated.framework.leaves()), D(0)
    )


scores = st.dictionaries(
    st.text("abcdefgh", min_size=1, max_size=3),
    st.sampled_from([D("70"), D("85.5"), D("85.50"), D("90.01"), D("100"), D("0")]),
    max_size=12,
)


@PROPERTY
@given(scores, st.data())
def test_ranking_ignores_input_order_and_ties_share_a_rank(
    given_scores: dict[str, Decimal], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(list(given_scores.items())))
    result = rank(dict(shuffled))
    assert result == rank(given_scores)
    assert list(result) == list(rank(given_scores))  # the same order too
    for unit, score in given_scores.items():
        assert result[unit] == 1 + sum(1 for other in given_scores.values() if other > score)
    for unit, other in ((u, o) for u in given_scores for o in given_scores):
        if given_scores[unit] == given_scores[other]:
            assert result[unit] == result[other]
    ranks = sorted(result.values())
    for rank_value in set(ranks):
        following = [r for r in ranks if r > rank_value]
        if following:
            assert min(following) == rank_value + ranks.count(rank_value)  # the next one skips
