"""The scoring rules of parindex.core.rules: each type's table with its edges, the refusals,
and properties over generated rules and inputs. Decimals only, built from strings or ints."""

from collections.abc import Callable
from decimal import Decimal
from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.core.messages import Message, Refused
from parindex.core.rules import (
    MOST_MANUAL_STEPS,
    RESERVED_INPUTS,
    RULE_TYPES,
    Rule,
    RuleSpec,
    Value,
    parse_rule,
    round_points,
)

D = Decimal
NODE = "7.6.2"


def rule(type_: str, max_points: str, **params: object) -> Rule:
    return parse_rule(RuleSpec(type_, params), D(max_points), NODE)


def points(type_: str, max_points: str, params: dict[str, object], inputs: dict[str, Value]) -> D:
    return rule(type_, max_points, **params).evaluate(inputs, D(max_points)).points


def refused(call: Callable[[], object]) -> Refused:
    with pytest.raises(Refused) as caught:
        call()
    return caught.value


# Rounding ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        ("0.125", 2, "0.13"),  # half up, where banker's rounding would give 0.12
        ("0.124", 2, "0.12"),
        ("0.135", 2, "0.14"),
        ("0.115", 2, "0.12"),
        ("2.5", 0, "3"),
        ("18.995", 2, "19.00"),
        ("0", 2, "0.00"),
        ("1", 3, "1.000"),
        ("0.12345", 4, "0.1235"),
    ],
)
def test_round_points_is_half_up(value: str, decimals: int, expected: str) -> None:
    result = round_points(D(value), decimals)
    assert result == D(expected)
    assert result.as_tuple().exponent == -decimals


@pytest.mark.parametrize("decimals", [-1, 11])
def test_round_points_refuses_places_out_of_range(decimals: int) -> None:
    with pytest.raises(ValueError, match="decimals"):
        round_points(D("1"), decimals)


# Each type, table by table -------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "expected"),
    [("0", "0"), ("0.25", "0.25"), ("0.75", "0.75"), ("1", "1"), ("1.00", "1")],
)
def test_manual(score: str, expected: str) -> None:
    assert points("manual", "1", {"step": D("0.25")}, {"score": D(score)}) == D(expected)


def test_manual_rounds_to_the_frameworks_decimals() -> None:
    evaluation = rule("manual", "1", step=D("0.25")).evaluate({"score": D("0.25")}, D(1), 1)
    assert evaluation.points == D("0.3")


@pytest.mark.parametrize(
    ("score", "key", "params"),
    [
        (D("1.25"), "rule_input_out_of_range", {"value": D("1.25"), "most": D(1)}),
        (D("-0.25"), "rule_input_out_of_range", {"value": D("-0.25"), "least": 0}),
        (D("0.3"), "rule_input_off_step", {"value": D("0.3"), "step": D("0.25")}),
        (D("0.26"), "rule_input_off_step", {"value": D("0.26")}),
        (0.5, "rule_input_invalid", {"expected": "points"}),
        (True, "rule_input_invalid", {"expected": "points"}),
        ("0.5", "rule_input_invalid", {"expected": "points"}),
        (D("NaN"), "rule_input_invalid", {"expected": "points"}),
        (None, "rule_input_missing", {"expected": "points"}),
    ],
)
def test_manual_refuses(score: object, key: str, params: dict[str, object]) -> None:
    manual = rule("manual", "1", step=D("0.25"))
    error = refused(lambda: manual.evaluate({"score": score}, D(1)))  # type: ignore[dict-item]
    assert error.message.key == key
    assert error.where == "score"
    assert error.message.params["input"] == "score"
    assert params.items() <= error.message.params.items()


def test_manual_steps_are_the_allowed_scores() -> None:
    manual = rule("manual", "1.5", step=D("0.5"))
    assert manual.steps(D("1.5")) == [D(0), D("0.5"), D(1), D("1.5")]
    assert rule("manual", "2", step=D(1)).steps(D(2)) == [D(0), D(1), D(2)]


@pytest.mark.parametrize("type_", sorted(set(RULE_TYPES) - {"manual"}))
def test_only_manual_rules_have_steps(type_: str) -> None:
    spec, max_points, _inputs = SAMPLES[type_]
    assert parse_rule(spec, max_points, NODE).steps(max_points) is None


@pytest.mark.parametrize(("met", "expected"), [(True, "2.5"), (False, "0")])
def test_met(met: bool, expected: str) -> None:
    assert points("met", "2.5", {}, {"met": met}) == D(expected)


@pytest.mark.parametrize("met", [1, 0, "yes", D(1)])
def test_met_wants_a_bool(met: Value) -> None:
    error = refused(lambda: rule("met", "1").evaluate({"met": met}, D(1)))
    assert error.message == Message("rule_input_invalid", {"input": "met", "expected": "bool"})


COUNT_STEPS = {"steps": [[3, D(2)], [1, D(1)]]}  # ≥3 initiatives → 2, ≥1 → 1


@pytest.mark.parametrize(
    ("count", "expected", "threshold"),
    [
        (0, "0", None),  # zero
        (1, "1", 1),  # exactly at the lower threshold
        (2, "1", 1),  # just below the upper one
        (3, "2", 3),  # exactly at it
        (40, "2", 3),  # far above: the cap
    ],
)
def test_count_steps(count: int, expected: str, threshold: int | None) -> None:
    evaluation = rule("count_steps", "2", **COUNT_STEPS).evaluate({"count": count}, D(2))
    assert evaluation.points == D(expected)
    assert evaluation.explanation == Message(
        "count_steps", {"count": count, "threshold": threshold, "points": D(expected), "max": D(2)}
    )


@pytest.mark.parametrize(
    ("count", "key"),
    [
        (-1, "rule_input_out_of_range"),
        (True, "rule_input_invalid"),
        (D(3), "rule_input_invalid"),
        ("3", "rule_input_invalid"),
        (None, "rule_input_missing"),
    ],
)
def test_count_steps_refuses(count: Value, key: str) -> None:
    error = refused(
        lambda: rule("count_steps", "2", **COUNT_STEPS).evaluate({"count": count}, D(2))
    )
    assert (error.message.key, error.where) == (key, "count")


@pytest.mark.parametrize(
    ("params", "ratio", "expected"),
    [
        ({"steps": [[D("0.7"), D(1)]]}, "0.7", "1"),  # exactly at: inclusive
        ({"steps": [[D("0.7"), D(1)]]}, "0.6999", "0"),  # just below
        ({"steps": [[D("0.7"), D(1)]]}, "0", "0"),
        ({"steps": [[D("0.7"), D(1)]]}, "1", "1"),
        ({"steps": [[D("0.7"), D(1)]], "inclusive": False}, "0.7", "0"),
        ({"steps": [[D("0.7"), D(1)]], "inclusive": False}, "0.7001", "1"),
        ({"steps": [[D("0.9"), D(1)], [D("0.5"), D("0.5")]]}, "0.8999", "0.5"),
        ({"steps": [[D("0.9"), D(1)], [D("0.5"), D("0.5")]]}, "0.9", "1"),
        ({"steps": [[D("0.9"), D(1)], [D("0.5"), D("0.5")]]}, "0.4999", "0"),
        ({"steps": [[0, D("0.25")], [1, D(1)]]}, "0", "0.25"),  # int thresholds are ratios too
    ],
)
def test_ratio_thresholds(params: dict[str, object], ratio: str, expected: str) -> None:
    assert points("ratio_thresholds", "1", params, {"ratio": D(ratio)}) == D(expected)


@pytest.mark.parametrize("ratio", [D("1.0001"), D("-0.01"), D(92), 2])
def test_ratios_lie_between_0_and_1(ratio: Value) -> None:
    steps = rule("ratio_thresholds", "1", steps=[[D("0.7"), D(1)]])
    error = refused(lambda: steps.evaluate({"ratio": ratio}, D(1)))
    assert error.message == Message(
        "rule_input_out_of_range", {"input": "ratio", "value": ratio, "least": 0, "most": D(1)}
    )


@pytest.mark.parametrize(
    ("params", "max_points", "ratio", "expected"),
    [
        ({}, "1", "0.92", "0.92"),  # 92% of documents sent electronically → 0.92 of 1
        ({}, "1", "0", "0"),
        ({}, "1", "1", "1"),
        ({}, "1", 1, "1"),
        ({}, "2.5", "0.333", "0.83"),  # 0.8325
        ({}, "1", "0.125", "0.13"),  # half up
        ({}, "1", "0.124", "0.12"),
        ({}, "1", "0.1249", "0.12"),
        ({"floor": D("0.5"), "full": D("0.9")}, "1", "0.4", "0"),  # below the floor
        ({"floor": D("0.5"), "full": D("0.9")}, "1", "0.5", "0"),  # at the floor
        ({"floor": D("0.5"), "full": D("0.9")}, "1", "0.7", "0.5"),
        ({"floor": D("0.5"), "full": D("0.9")}, "1", "0.9", "1"),  # at full marks
        ({"floor": D("0.5"), "full": D("0.9")}, "1", "0.95", "1"),  # capped
        ({"full": D("0.8")}, "2", "0.6", "1.5"),
    ],
)
def test_proportional(
    params: dict[str, object], max_points: str, ratio: str | int, expected: str
) -> None:
    value = D(ratio) if isinstance(ratio, str) else ratio
    assert points("proportional", max_points, params, {"ratio": value}) == D(expected)


def test_proportional_explains_itself() -> None:
    evaluation = rule("proportional", "1").evaluate({"ratio": D("0.92")}, D(1))
    assert evaluation.explanation == Message(
        "proportional",
        {"ratio": D("0.92"), "floor": D(0), "full": D(1), "points": D("0.92"), "max": D(1)},
    )
    assert evaluation.inputs == {"ratio": D("0.92")}


ONLINE = {  # level-3 online services ≥ 40% and level-4 ≥ 30% of dossiers
    "conditions": [
        {"input": "level3", "at_least": D("0.40")},
        {"input": "level4", "at_least": D("0.30")},
    ]
}


@pytest.mark.parametrize(
    ("level3", "level4", "expected", "unmet"),
    [
        ("0.40", "0.30", "1.5", ()),  # both exactly at
        ("0.3999", "0.5", "0", ("level3",)),
        ("0.5", "0.2999", "0", ("level4",)),
        ("0", "0", "0", ("level3", "level4")),
        ("1", "1", "1.5", ()),
    ],
)
def test_all_of(level3: str, level4: str, expected: str, unmet: tuple[str, ...]) -> None:
    all_of = rule("all_of", "1.5", **ONLINE)
    evaluation = all_of.evaluate({"level3": D(level3), "level4": D(level4)}, D("1.5"))
    assert evaluation.points == D(expected)
    assert evaluation.explanation.params["unmet"] == unmet
    assert evaluation.explanation.params["level3"] == D(level3)
    assert [spec.name for spec in all_of.inputs()] == ["level3", "level4"]


def test_all_of_wants_every_input() -> None:
    error = refused(lambda: rule("all_of", "1", **ONLINE).evaluate({"level3": D(1)}, D(1)))
    assert error.message == Message("rule_input_missing", {"input": "level4", "expected": "ratio"})
    assert error.where == "level4"


@pytest.mark.parametrize(
    ("per", "max_points", "count", "expected"),
    [
        ("0.25", "2.5", 0, "2.5"),  # zero occurrences: the cap
        ("0.25", "2.5", 1, "2.25"),  # −0.25 per late dossier
        ("0.25", "2.5", 4, "1.5"),
        ("0.25", "2.5", 10, "0"),  # exactly down to 0
        ("0.25", "2.5", 11, "0"),  # not below 0
        ("2", "2", 1, "0"),  # one wrongly updated dossier → 0 of 2
        ("0.333", "1", 1, "0.67"),  # 0.667
    ],
)
def test_deduct_per_occurrence(per: str, max_points: str, count: int, expected: str) -> None:
    params: dict[str, object] = {"per": D(per)}
    assert points("deduct_per_occurrence", max_points, params, {"count": count}) == D(expected)


@pytest.mark.parametrize(
    ("params", "ratio", "expected"),
    [
        ({}, "0.10", "1"),  # staff cut by exactly 10%
        ({}, "0.0999", "0.65"),  # just below: −0.35
        ({}, "0", "0.65"),
        ({}, "1", "1"),
        ({"inclusive": False}, "0.10", "0.65"),
        ({"inclusive": False}, "0.1001", "1"),
        ({"direction": "at_most"}, "0.10", "1"),
        ({"direction": "at_most"}, "0.1001", "0.65"),
        ({"direction": "at_most"}, "0", "1"),
        ({"direction": "at_most", "inclusive": False}, "0.10", "0.65"),
        ({"deduction": D(1)}, "0", "0"),  # deducting the whole max
    ],
)
def test_deduct_unless(params: dict[str, object], ratio: str, expected: str) -> None:
    full = {"threshold": D("0.10"), "deduction": D("0.35")} | params
    assert points("deduct_unless", "1", full, {"ratio": D(ratio)}) == D(expected)


HONESTY_STEPS = {"within_percent": D(3), "steps": [[D(10), D("0.25")], [D(5), D("0.5")]]}


@pytest.mark.parametrize(
    ("params", "self_total", "appraised", "expected"),
    [
        ({"within_percent": D(3)}, "91.32", "85.82", "0"),  # 6.41% off
        ({"within_percent": D(3)}, "103", "100", "1"),  # exactly 3% over
        ({"within_percent": D(3)}, "97", "100", "1"),  # exactly 3% under
        ({"within_percent": D(3)}, "103.01", "100", "0"),  # just beyond
        ({"within_percent": D(3)}, "100", "100", "1"),
        ({"within_percent": D(3)}, "0", "100", "0"),
        ({"within_percent": D(0)}, "100", "100", "1"),
        (HONESTY_STEPS, "105", "100", "0.5"),  # exactly at the first step
        (HONESTY_STEPS, "105.01", "100", "0.25"),
        (HONESTY_STEPS, "91.32", "85.82", "0.25"),
        (HONESTY_STEPS, "90", "100", "0.25"),  # exactly at the last step
        (HONESTY_STEPS, "89.99", "100", "0"),  # beyond every step
        (HONESTY_STEPS, "102", "100", "1"),
    ],
)
def test_honesty(params: dict[str, object], self_total: str, appraised: str, expected: str) -> None:
    inputs: dict[str, Value] = {"self_total": D(self_total), "appraised_total": D(appraised)}
    assert points("honesty", "1", params, inputs) == D(expected)


def test_honesty_explains_the_deviation() -> None:
    honesty = rule("honesty", "1", **HONESTY_STEPS)
    inputs: dict[str, Value] = {"self_total": D("107"), "appraised_total": D("100")}
    assert honesty.evaluate(inputs, D(1)).explanation == Message(
        "honesty",
        {
            "self_total": D(107),
            "appraised_total": D(100),
            "deviation": D(7),
            "within_percent": D(3),
            "within": False,
            "step_percent": D(10),
            "points": D("0.25"),
            "max": D(1),
        },
    )


@pytest.mark.parametrize(
    ("inputs", "key", "where"),
    [
        (
            {"self_total": D(90), "appraised_total": D(0)},
            "rule_appraised_total_zero",
            "appraised_total",
        ),
        ({"self_total": D(-1), "appraised_total": D(90)}, "rule_input_out_of_range", "self_total"),
        (
            {"self_total": D(90), "appraised_total": D(-1)},
            "rule_input_out_of_range",
            "appraised_total",
        ),
        ({"self_total": D(90)}, "rule_input_missing", "appraised_total"),
    ],
)
def test_honesty_refuses(inputs: dict[str, Value], key: str, where: str) -> None:
    error = refused(lambda: rule("honesty", "1", within_percent=D(3)).evaluate(inputs, D(1)))
    assert (error.message.key, error.where) == (key, where)


@pytest.mark.parametrize(
    ("given", "expected"),
    [("18.99", "18.99"), ("0", "0"), ("23", "23"), ("18.995", "19.00"), ("18.994", "18.99")],
)
def test_given(given: str, expected: str) -> None:
    assert points("given", "23", {}, {"points": D(given)}) == D(expected)


@pytest.mark.parametrize(
    ("given", "key"),
    [
        (D("23.01"), "rule_input_out_of_range"),
        (D("-0.01"), "rule_input_out_of_range"),
        (18.99, "rule_input_invalid"),
        (None, "rule_input_missing"),
    ],
)
def test_given_refuses(given: Value, key: str) -> None:
    error = refused(lambda: rule("given", "23").evaluate({"points": given}, D(23)))
    assert (error.message.key, error.where) == (key, "points")


def test_a_max_finer_than_the_decimals_is_never_exceeded() -> None:
    evaluation = rule("met", "0.125").evaluate({"met": True}, D("0.125"), 2)
    assert evaluation.points == D("0.12")


def test_evaluate_refuses_a_bad_max() -> None:
    error = refused(lambda: rule("met", "1").evaluate({"met": True}, D(-1)))
    assert error.message.params["problem"] == "bad_max"


# Parameters refused, each naming the node ----------------------------------------------

STEPS = "steps"
CASES: list[tuple[str, str, dict[str, object], str, dict[str, object]]] = [
    # (type, max, params, problem or message key, params expected in the message)
    ("met", "-1", {}, "bad_max", {"max": D(-1)}),
    ("met", "NaN", {}, "bad_max", {}),
    ("met", "1", {"step": D(1)}, "unknown_param", {"param": "step"}),
    ("given", "1", {"max": D(1)}, "unknown_param", {"param": "max"}),
    ("manual", "1", {}, "missing_param", {"param": "step"}),
    ("manual", "1", {"step": D(0)}, "not_positive", {"param": "step"}),
    ("manual", "1", {"step": D("-0.25")}, "not_positive", {"value": D("-0.25")}),
    ("manual", "1", {"step": 0.25}, "not_number", {"param": "step", "value": 0.25}),
    ("manual", "1", {"step": "0.25"}, "not_number", {"param": "step"}),
    ("manual", "1", {"step": D("Infinity")}, "not_number", {"param": "step"}),
    ("manual", "1", {"step": D(2)}, "rule_above_max", {"value": D(2), "max": D(1)}),
    ("manual", "1", {"step": D("0.3")}, "step_does_not_divide_max", {"step": D("0.3")}),
    ("manual", "5", {"step": D("0.0001")}, "too_many_steps", {"most": MOST_MANUAL_STEPS}),
    ("count_steps", "2", {}, "missing_param", {"param": STEPS}),
    ("count_steps", "2", {STEPS: "3:2"}, "not_list", {"param": STEPS}),
    ("count_steps", "2", {STEPS: []}, "empty", {"param": STEPS}),
    ("count_steps", "2", {STEPS: [[3]]}, "bad_step", {"index": 0}),
    ("count_steps", "2", {STEPS: [[3, 2], [1, 1, 1]]}, "bad_step", {"index": 1}),
    ("count_steps", "2", {STEPS: [[D("2.5"), 1]]}, "not_integer", {"index": 0}),
    ("count_steps", "2", {STEPS: [[True, 1]]}, "not_integer", {"index": 0}),
    ("count_steps", "2", {STEPS: [[-1, 1]]}, "negative", {"value": -1}),
    ("count_steps", "2", {STEPS: [[3, D(-1)]]}, "negative", {"value": D(-1)}),
    ("count_steps", "2", {STEPS: [[3, D(3)], [1, 1]]}, "rule_above_max", {"value": D(3)}),
    ("count_steps", "2", {STEPS: [[1, 0.5]]}, "not_number", {"value": 0.5}),
    ("count_steps", "2", {STEPS: [[3, 1], [3, 2]]}, "duplicate_threshold", {"value": 3}),
    ("count_steps", "2", {STEPS: [[3, 1], [1, 2]]}, "steps_not_monotone", {}),
    ("ratio_thresholds", "1", {STEPS: [[D("1.1"), 1]]}, "ratio_out_of_range", {}),
    ("ratio_thresholds", "1", {STEPS: [[70, 1]]}, "ratio_out_of_range", {"value": D(70)}),
    ("ratio_thresholds", "1", {STEPS: [[D("0.7"), D(2)]]}, "rule_above_max", {}),
    ("ratio_thresholds", "1", {STEPS: [[D("0.7"), 1]], "inclusive": "yes"}, "not_boolean", {}),
    ("proportional", "1", {"floor": D("0.9"), "full": D("0.5")}, "floor_not_below_full", {}),
    ("proportional", "1", {"floor": D("0.5"), "full": D("0.5")}, "floor_not_below_full", {}),
    ("proportional", "1", {"full": D("1.2")}, "ratio_out_of_range", {"param": "full"}),
    ("proportional", "1", {"floor": D("-0.1")}, "ratio_out_of_range", {"param": "floor"}),
    ("all_of", "1", {}, "missing_param", {"param": "conditions"}),
    ("all_of", "1", {"conditions": {"input": "a"}}, "not_list", {}),
    ("all_of", "1", {"conditions": []}, "empty", {}),
    ("all_of", "1", {"conditions": ["a"]}, "bad_condition", {"index": 0}),
    ("all_of", "1", {"conditions": [{"input": "a"}]}, "bad_condition", {"index": 0}),
    (
        "all_of",
        "1",
        {"conditions": [{"input": "a", "at_least": D(0), "label": "A"}]},
        "bad_condition",
        {"index": 0},
    ),
    ("all_of", "1", {"conditions": [{"input": "", "at_least": 0}]}, "bad_input_name", {}),
    ("all_of", "1", {"conditions": [{"input": 3, "at_least": 0}]}, "bad_input_name", {}),
    ("all_of", "1", {"conditions": [{"input": "max", "at_least": 0}]}, "bad_input_name", {}),
    (
        "all_of",
        "1",
        {"conditions": [{"input": "a", "at_least": 0}, {"input": "a", "at_least": 1}]},
        "duplicate_input",
        {"value": "a"},
    ),
    ("all_of", "1", {"conditions": [{"input": "a", "at_least": 40}]}, "ratio_out_of_range", {}),
    ("deduct_per_occurrence", "2.5", {}, "missing_param", {"param": "per"}),
    ("deduct_per_occurrence", "2.5", {"per": D(0)}, "not_positive", {}),
    ("deduct_per_occurrence", "2.5", {"per": D(3)}, "rule_above_max", {"value": D(3)}),
    ("deduct_unless", "1", {"deduction": D("0.35")}, "missing_param", {"param": "threshold"}),
    ("deduct_unless", "1", {"threshold": D("0.1")}, "missing_param", {"param": "deduction"}),
    (
        "deduct_unless",
        "1",
        {"threshold": D(10), "deduction": D("0.35")},
        "ratio_out_of_range",
        {"param": "threshold"},
    ),
    ("deduct_unless", "1", {"threshold": D("0.1"), "deduction": D(2)}, "rule_above_max", {}),
    (
        "deduct_unless",
        "1",
        {"threshold": D("0.1"), "deduction": D("0.35"), "direction": "above"},
        "bad_choice",
        {"value": "above", "choices": ("at_least", "at_most")},
    ),
    (
        "deduct_unless",
        "1",
        {"threshold": D("0.1"), "deduction": D("0.35"), "inclusive": 1},
        "not_boolean",
        {},
    ),
    ("honesty", "1", {}, "missing_param", {"param": "within_percent"}),
    ("honesty", "1", {"within_percent": D(-1)}, "negative", {}),
    ("honesty", "1", {"within_percent": 3, STEPS: [[2, D("0.5")]]}, "step_within_tolerance", {}),
    ("honesty", "1", {"within_percent": 3, STEPS: [[3, D("0.5")]]}, "step_within_tolerance", {}),
    ("honesty", "1", {"within_percent": 3, STEPS: [[5, D(2)]]}, "rule_above_max", {}),
    (
        "honesty",
        "1",
        {"within_percent": 3, STEPS: [[5, D("0.25")], [10, D("0.5")]]},
        "steps_not_monotone",
        {},
    ),
    (
        "honesty",
        "1",
        {"within_percent": 3, STEPS: [[5, D("0.5")], [5, D("0.25")]]},
        "duplicate_threshold",
        {"value": D(5)},
    ),
]


@pytest.mark.parametrize(
    ("type_", "max_points", "params", "problem", "expected"),
    CASES,
    ids=[f"{case[0]}-{case[3]}-{index}" for index, case in enumerate(CASES)],
)
def test_bad_parameters_are_refused_naming_the_node(
    type_: str,
    max_points: str,
    params: dict[str, object],
    problem: str,
    expected: dict[str, object],
) -> None:
    error = refused(lambda: parse_rule(RuleSpec(type_, params), D(max_points), NODE))
    assert error.where == NODE
    assert error.message.params["node"] == NODE
    if problem == "rule_above_max":
        assert error.message.key == "rule_above_max"
        assert set(error.message.params) == {"node", "value", "max"}
    else:
        assert error.message.key == "rule_invalid"
        assert error.message.params["type"] == type_
        assert error.message.params["problem"] == problem
    assert expected.items() <= error.message.params.items()


def test_an_unknown_type_is_refused_naming_the_node() -> None:
    error = refused(lambda: parse_rule(RuleSpec("percent", {}), D(1), NODE))
    assert error.message == Message("rule_unknown_type", {"node": NODE, "type": "percent"})
    assert error.where == NODE


# Every type: a sample, the registry, missing inputs ------------------------------------

SAMPLES: dict[str, tuple[RuleSpec, D, dict[str, Value]]] = {
    "manual": (RuleSpec("manual", {"step": D("0.5")}), D(2), {"score": D("1.5")}),
    "met": (RuleSpec("met", {}), D(1), {"met": True}),
    "count_steps": (RuleSpec("count_steps", COUNT_STEPS), D(2), {"count": 2}),
    "ratio_thresholds": (
        RuleSpec("ratio_thresholds", {"steps": [[D("0.7"), D(1)]]}),
        D(1),
        {"ratio": D("0.8")},
    ),
    "proportional": (RuleSpec("proportional", {}), D(1), {"ratio": D("0.92")}),
    "all_of": (RuleSpec("all_of", ONLINE), D(1), {"level3": D("0.5"), "level4": D("0.5")}),
    "deduct_per_occurrence": (
        RuleSpec("deduct_per_occurrence", {"per": D("0.25")}),
        D("2.5"),
        {"count": 3},
    ),
    "deduct_unless": (
        RuleSpec("deduct_unless", {"threshold": D("0.1"), "deduction": D("0.35")}),
        D(1),
        {"ratio": D("0.05")},
    ),
    "honesty": (
        RuleSpec("honesty", HONESTY_STEPS),
        D(1),
        {"self_total": D("91.32"), "appraised_total": D("85.82")},
    ),
    "given": (RuleSpec("given", {}), D(23), {"points": D("18.99")}),
}


def test_the_registry_has_every_type() -> None:
    assert set(RULE_TYPES) == set(SAMPLES) == set(STRATEGIES)


@pytest.mark.parametrize("type_", sorted(RULE_TYPES))
def test_a_parsed_rule_knows_its_type_and_labels_its_inputs(type_: str) -> None:
    spec, max_points, inputs = SAMPLES[type_]
    parsed = parse_rule(spec, max_points, NODE)
    assert parsed.type == type_
    assert parsed == RULE_TYPES[type_](spec.params, max_points, NODE)
    assert [spec.name for spec in parsed.inputs()] == list(inputs)
    assert all(spec.label == f"rule_input_{spec.name}" for spec in parsed.inputs())
    evaluation = parsed.evaluate(inputs, max_points)
    assert evaluation.explanation.key == type_
    assert evaluation.inputs == inputs


@pytest.mark.parametrize(
    ("type_", "name"),
    [
        (type_, spec.name)
        for type_, (spec_, m, _i) in SAMPLES.items()
        for spec in parse_rule(spec_, m, NODE).inputs()
    ],
)
def test_each_missing_input_is_refused_by_name(type_: str, name: str) -> None:
    spec, max_points, inputs = SAMPLES[type_]
    parsed = parse_rule(spec, max_points, NODE)
    kind = next(each.kind for each in parsed.inputs() if each.name == name)
    expected = Message("rule_input_missing", {"input": name, "expected": kind})
    for without in ({k: v for k, v in inputs.items() if k != name}, inputs | {name: None}):
        error = refused(partial(parsed.evaluate, without, max_points))
        assert (error.message, error.where) == (expected, name)


# Properties over generated rules and inputs -------------------------------------------

Case = tuple[RuleSpec, D, dict[str, Value]]


def dec(low: str, high: str, places: int) -> st.SearchStrategy[D]:
    return st.decimals(
        min_value=D(low), max_value=D(high), places=places, allow_nan=False, allow_infinity=False
    )


MAXIMA = dec("0", "30", 2)
RATIOS = dec("0", "1", 4)


def awards(max_points: D, count: int) -> st.SearchStrategy[list[D]]:
    """`count` points from 0 to max, ascending."""
    return st.lists(dec("0", str(max_points), 3), min_size=count, max_size=count).map(sorted)


@st.composite
def manual_cases(draw: st.DrawFn) -> Case:
    step = draw(dec("0.01", "5", 2))
    count = draw(st.integers(1, 40))
    score = step * draw(st.integers(0, count))
    return RuleSpec("manual", {"step": step}), step * count, {"score": score}


@st.composite
def met_cases(draw: st.DrawFn) -> Case:
    return RuleSpec("met", {}), draw(MAXIMA), {"met": draw(st.booleans())}


@st.composite
def count_steps_cases(draw: st.DrawFn) -> Case:
    max_points = draw(MAXIMA)
    thresholds = sorted(draw(st.lists(st.integers(0, 50), min_size=1, max_size=5, unique=True)))
    table = list(zip(thresholds, draw(awards(max_points, len(thresholds))), strict=True))
    steps = [[threshold, award] for threshold, award in draw(st.permutations(table))]
    return (
        RuleSpec("count_steps", {"steps": steps}),
        max_points,
        {"count": draw(st.integers(0, 60))},
    )


@st.composite
def ratio_thresholds_cases(draw: st.DrawFn) -> Case:
    max_points = draw(MAXIMA)
    thresholds = sorted(draw(st.lists(RATIOS, min_size=1, max_size=5, unique=True)))
    table = [
        list(pair)
        for pair in zip(thresholds, draw(awards(max_points, len(thresholds))), strict=True)
    ]
    params = {"steps": table, "inclusive": draw(st.booleans())}
    return RuleSpec("ratio_thresholds", params), max_points, {"ratio": draw(RATIOS)}


@st.composite
def proportional_cases(draw: st.DrawFn) -> Case:
    floor, full = sorted(draw(st.lists(RATIOS, min_size=2, max_size=2, unique=True)))
    params = {"floor": floor, "full": full}
    return RuleSpec("proportional", params), draw(MAXIMA), {"ratio": draw(RATIOS)}


NAMES = st.text("abcdefghijklmnopqrstuvwxyz_3", min_size=1, max_size=10).filter(
    lambda name: name not in RESERVED_INPUTS
)


@st.composite
def all_of_cases(draw: st.DrawFn) -> Case:
    names = draw(st.lists(NAMES, min_size=1, max_size=4, unique=True))
    conditions = [{"input": name, "at_least": draw(RATIOS)} for name in names]
    inputs: dict[str, Value] = {name: draw(RATIOS) for name in names}
    return RuleSpec("all_of", {"conditions": conditions}), draw(MAXIMA), inputs


@st.composite
def deduct_per_occurrence_cases(draw: st.DrawFn) -> Case:
    max_points = draw(dec("0.01", "30", 2))
    per = draw(dec("0.001", str(max_points), 3))
    count = draw(st.integers(0, 100))
    return RuleSpec("deduct_per_occurrence", {"per": per}), max_points, {"count": count}


@st.composite
def deduct_unless_cases(draw: st.DrawFn) -> Case:
    max_points = draw(dec("0.01", "30", 2))
    params = {
        "threshold": draw(RATIOS),
        "deduction": draw(dec("0.001", str(max_points), 3)),
        "direction": draw(st.sampled_from(["at_least", "at_most"])),
        "inclusive": draw(st.booleans()),
    }
    return RuleSpec("deduct_unless", params), max_points, {"ratio": draw(RATIOS)}


@st.composite
def honesty_cases(draw: st.DrawFn) -> Case:
    max_points = draw(MAXIMA)
    within = draw(dec("0", "10", 2))
    percents = sorted(draw(st.lists(dec("10.01", "100", 2), max_size=4, unique=True)))
    table = zip(percents, reversed(draw(awards(max_points, len(percents)))), strict=True)
    params: dict[str, object] = {"within_percent": within, "steps": [list(pair) for pair in table]}
    inputs: dict[str, Value] = {
        "self_total": draw(dec("0", "200", 2)),
        "appraised_total": draw(dec("0.01", "200", 2)),
    }
    return (
        RuleSpec("honesty", params if percents else {"within_percent": within}),
        max_points,
        inputs,
    )


@st.composite
def given_cases(draw: st.DrawFn) -> Case:
    max_points = draw(MAXIMA)
    return RuleSpec("given", {}), max_points, {"points": draw(dec("0", str(max_points), 4))}


STRATEGIES: dict[str, st.SearchStrategy[Case]] = {
    "manual": manual_cases(),
    "met": met_cases(),
    "count_steps": count_steps_cases(),
    "ratio_thresholds": ratio_thresholds_cases(),
    "proportional": proportional_cases(),
    "all_of": all_of_cases(),
    "deduct_per_occurrence": deduct_per_occurrence_cases(),
    "deduct_unless": deduct_unless_cases(),
    "honesty": honesty_cases(),
    "given": given_cases(),
}

PROPERTY = settings(max_examples=60, deadline=None)


@pytest.mark.parametrize("type_", sorted(RULE_TYPES))
@PROPERTY
@given(data=st.data())
def test_every_evaluation_is_bounded_rounded_and_explained(type_: str, data: st.DataObject) -> None:
    spec, max_points, inputs = data.draw(STRATEGIES[type_])
    decimals = data.draw(st.integers(0, 4), label="decimals")
    parsed = parse_rule(spec, max_points, NODE)
    evaluation = parsed.evaluate(inputs, max_points, decimals)
    assert D(0) <= evaluation.points <= max_points
    exponent = evaluation.points.as_tuple().exponent
    assert isinstance(exponent, int)
    assert exponent >= -decimals
    names = {each.name for each in parsed.inputs()}
    assert names | {"points", "max"} <= set(evaluation.explanation.params)
    assert evaluation.explanation.params["points"] == evaluation.points
    assert evaluation.explanation.params["max"] == max_points
    assert set(evaluation.inputs) == names


MONOTONE: dict[str, tuple[str, int]] = {  # the input that, raised, never lowers (+1) or raises (−1)
    "count_steps": ("count", 1),
    "ratio_thresholds": ("ratio", 1),
    "proportional": ("ratio", 1),
    "deduct_per_occurrence": ("count", -1),
}


@pytest.mark.parametrize("type_", sorted(MONOTONE))
@PROPERTY
@given(data=st.data())
def test_more_never_earns_less(type_: str, data: st.DataObject) -> None:
    spec, max_points, inputs = data.draw(STRATEGIES[type_])
    name, sign = MONOTONE[type_]
    numbers: st.SearchStrategy[int | D] = st.integers(0, 60) if name == "count" else RATIOS
    other = data.draw(numbers, "other")
    parsed = parse_rule(spec, max_points, NODE)
    drawn = inputs[name]
    assert isinstance(drawn, int | D)
    low, high = (drawn, other) if drawn <= other else (other, drawn)
    low_points = parsed.evaluate({**inputs, name: low}, max_points).points
    high_points = parsed.evaluate({**inputs, name: high}, max_points).points
    assert (high_points - low_points) * sign >= 0
