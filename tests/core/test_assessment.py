"""The assessment cycle's arithmetic: stages, a leaf's score, the two columns, publication."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parindex.core.assessment import (
    Override,
    Sheet,
    Stage,
    StageKind,
    check_stages,
    current_stages,
    entered_leaves,
    publish,
    score,
    scorecard,
)
from parindex.core.framework import Framework, GradeBand, Node, Provenance, Scoring
from parindex.core.messages import Refused
from parindex.core.rules import RuleSpec

D = Decimal


def leaf(node_id: str, most: str, rule: RuleSpec) -> Node:
    return Node(
        id=node_id,
        code=node_id,
        title=node_id,
        max_points=D(most),
        scoring=Scoring.ASSESSED,
        provenance=Provenance.EXAMPLE,
        rule=rule,
    )


def field(node_id: str, *children: Node) -> Node:
    return Node(
        id=node_id,
        code=node_id,
        title=node_id,
        max_points=None,
        scoring=Scoring.ASSESSED,
        provenance=Provenance.EXAMPLE,
        children=children,
    )


FRAMEWORK = Framework(
    id="f",
    title="f",
    level="commune",
    years=(2026,),
    bands=(GradeBand("Tốt", D(80)),),
    nodes=(
        field(
            "1",
            leaf("1.1", "2", RuleSpec("met", {})),
            leaf("1.2", "3", RuleSpec("proportional", {})),
        ),
        field(
            "2",
            leaf("2.1", "4", RuleSpec("manual", {"step": D("0.5")})),
            leaf("2.2", "1", RuleSpec("honesty", {"within_percent": 3})),
        ),
    ),
)


def stages(**changes: Override) -> list[Stage]:
    days = iter(range(1, 13))
    made = []
    for kind in StageKind:
        start, end = next(days), next(days)
        made.append(
            Stage(kind, date(2026, start, 1), date(2026, end, 28), changes.get(kind, Override.NONE))
        )
    return made


def test_stages_open_by_date_and_by_hand() -> None:
    cycle = stages()
    assert current_stages(cycle, date(2026, 1, 15)) == [StageKind.SELF_ASSESSMENT]
    assert current_stages(cycle, date(2026, 2, 28)) == [StageKind.SELF_ASSESSMENT]
    assert current_stages(cycle, date(2026, 3, 1)) == [StageKind.APPRAISAL]
    by_hand = stages(self_assessment=Override.CLOSED, council=Override.OPEN)
    assert current_stages(by_hand, date(2026, 1, 15)) == [StageKind.COUNCIL]
    assert cycle[0].days_left(date(2026, 2, 25)) == 3
    assert cycle[0].days_left(date(2026, 3, 2)) == -2


def test_stage_problems_name_the_stage() -> None:
    assert check_stages(stages()) == []
    reversed_ = [Stage(StageKind.SELF_ASSESSMENT, date(2026, 2, 20), date(2026, 1, 10))]
    keys = [(m.key, m.params["stage"]) for m in check_stages(reversed_ + stages()[1:])]
    assert keys == [("cycle_stage_reversed", StageKind.SELF_ASSESSMENT)]
    late_appraisal = stages()
    late_appraisal[1] = Stage(StageKind.APPRAISAL, date(2025, 12, 1), date(2026, 4, 1))
    problems = check_stages(late_appraisal)
    assert [(m.key, m.params["stage"]) for m in problems] == [
        ("cycle_stage_before_previous", StageKind.APPRAISAL)
    ]
    missing = check_stages([*stages()[:-1], stages()[0]])
    assert [(m.key, m.params["stage"]) for m in missing] == [
        ("cycle_stage_twice", StageKind.SELF_ASSESSMENT),
        ("cycle_stage_missing", StageKind.PUBLICATION),
    ]


def test_a_unit_enters_every_leaf_but_honesty() -> None:
    assert [node.id for node in entered_leaves(FRAMEWORK)] == ["1.1", "1.2", "2.1"]


def test_score_explains_and_refuses_by_input() -> None:
    node = FRAMEWORK.by_id("1.2")
    assert node is not None
    evaluation = score(node, {"ratio": D("0.92")}, 2)
    assert evaluation.points == D("2.76")
    assert evaluation.explanation.key == "proportional"
    with pytest.raises(Refused) as refused:
        score(node, {"ratio": D("1.5")}, 2)
    assert refused.value.where == "ratio"


def test_running_totals_count_what_is_entered() -> None:
    card = scorecard(FRAMEWORK, Sheet({"1.1": D(2)}))
    assert (card.filled, card.entered, card.percent_filled) == (1, 3, 33)
    assert not card.complete
    # The honesty leaf is claimed at its maximum and earned: 2 of 2 appraised, within 3%.
    assert card.self_totals.achieved == D(3)
    assert card.appraised_totals.achieved == D(3)


def test_rounds_override_in_turn_and_honesty_follows() -> None:
    claim = {"1.1": D(2), "1.2": D(3), "2.1": D(4)}
    first = {"1.2": D("2.5"), "2.1": D(3)}
    second = {"2.1": D(4)}  # the explanation was accepted
    card = scorecard(FRAMEWORK, Sheet(claim, first, second), rounds=1)
    assert card.appraised_points["2.1"] == D(3)
    # 9 claimed against 7,5 appraised: 20% apart, the honesty point is lost.
    assert card.honesty["2.2"].points == D(0)
    assert card.appraised_totals.achieved == D("7.5")
    after = scorecard(FRAMEWORK, Sheet(claim, first, second))
    # 9 against 8,5: 5,9% apart, still above 3%.
    assert after.appraised_totals.achieved == D("8.5")
    assert after.self_totals.achieved == D(10)


def test_publication_ranks_within_groups_and_refuses_gaps() -> None:
    full = {"1.1": D(2), "1.2": D(3), "2.1": D(4)}
    sheets = {
        "a": Sheet(full),
        "b": Sheet(full, {"1.2": D(2)}),
        "c": Sheet(full),
        "d": Sheet(full),
    }
    published = publish(FRAMEWORK, sheets, {"Khối xã": ["a", "b", "c"], "Khối phường": []})
    assert {u: (p.rank, p.group_size) for u, p in published.items()} == {
        "a": (1, 3),
        "b": (3, 3),
        "c": (1, 3),
        "d": (None, 0),
    }
    assert published["a"].total == D(10)
    assert published["a"].grade == "Tốt"
    assert published["b"].index == D("80.00")
    with pytest.raises(Refused) as refused:
        publish(FRAMEWORK, {"a": Sheet({"1.1": D(2)})}, {})
    assert refused.value.message.params["missing"] == ("1.2", "2.1")
    with pytest.raises(Refused) as twice:
        publish(FRAMEWORK, {"a": Sheet(full)}, {"x": ["a"], "y": ["a"]})
    assert twice.value.message.key == "cycle_unit_in_two_groups"


@given(
    st.dictionaries(
        st.sampled_from(["1.1", "1.2", "2.1"]),
        st.decimals(min_value=0, max_value=2, places=2),
    ),
    st.dictionaries(
        st.sampled_from(["1.1", "1.2", "2.1"]),
        st.decimals(min_value=0, max_value=2, places=2),
    ),
)
def test_appraised_total_is_the_sum_of_its_leaves(
    claim: dict[str, Decimal], first: dict[str, Decimal]
) -> None:
    card = scorecard(FRAMEWORK, Sheet(claim, first))
    assert card.appraised_totals.achieved == sum(card.appraised_points.values(), D(0))
    assert card.self_totals.achieved == sum(card.self_points.values(), D(0))
