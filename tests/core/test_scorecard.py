"""recompute: a frozen result's rules evaluated again from its recorded inputs."""

from decimal import Decimal

from parindex.core.framework import Framework, Node, Provenance, Scoring
from parindex.core.messages import Message
from parindex.core.rules import RuleSpec, Value
from parindex.core.scorecard import recompute

D = Decimal


def leaf(node_id: str, code: str, most: str, rule: RuleSpec) -> Node:
    return Node(
        id=node_id,
        code=code,
        title=code,
        max_points=D(most),
        scoring=Scoring.ASSESSED,
        provenance=Provenance.EXAMPLE,
        rule=rule,
    )


def field(node_id: str, code: str, *children: Node) -> Node:
    return Node(
        id=node_id,
        code=code,
        title=code,
        max_points=None,
        scoring=Scoring.ASSESSED,
        provenance=Provenance.EXAMPLE,
        children=children,
    )


HONESTY = RuleSpec("honesty", {"within_percent": 5, "steps": [[10, D("0.5")]]})
FRAMEWORK = Framework(
    id="f",
    title="f",
    level="commune",
    years=(2025,),
    nodes=(
        field(
            "f1",
            "1",
            leaf("a", "1.1", "2", RuleSpec("met")),
            leaf("b", "1.2", "3", RuleSpec("proportional")),
        ),
        field("f2", "2", leaf("c", "2.1", "4", RuleSpec("manual", {"step": D("0.5")}))),
        field("f3", "3", leaf("h", "3.1", "1", HONESTY)),
    ),
)
INPUTS: dict[str, dict[str, Value]] = {"a": {"met": True}, "b": {"ratio": D("0.5")}}
# Self 7 against appraised 6,50 (the honesty criterion aside): 7,69% off, within 10% → 0,50.
PUBLISHED = {"a": D(2), "b": D("1.50"), "c": D(3), "h": D("0.50")}
SELF = {"a": D(2), "b": D("1.50"), "c": D("3.5"), "h": D(1)}


def honest(self_total: str, appraised_total: str) -> dict[str, dict[str, Value]]:
    return {"h": {"self_total": D(self_total), "appraised_total": D(appraised_total)}}


def test_a_faithful_result_matches() -> None:
    inputs = INPUTS | honest("7", "6.50")
    done = recompute(FRAMEWORK, inputs, PUBLISHED, frozenset(), D("7.00"), D("70.00"), SELF)
    assert done.differences == []
    assert done.totals is not None
    assert done.totals.achieved == D("7.00")
    assert set(done.evaluations) == {"a", "b", "h"}


def test_a_changed_input_shows_at_its_leaf_and_in_the_totals() -> None:
    inputs = INPUTS | {"b": {"ratio": D("1")}} | honest("7", "6.50")
    done = recompute(FRAMEWORK, inputs, PUBLISHED, frozenset(), D("7.00"), D("70.00"), SELF)
    assert done.differences[0] == Message(
        "recompute_leaf_differs", {"code": "1.2", "published": D("1.50"), "computed": D("3.00")}
    )
    keys = [message.key for message in done.differences]
    assert "recompute_honesty_input_differs" in keys  # 1.2 moved the appraised total
    assert keys[-2:] == ["recompute_total_differs", "recompute_index_differs"]


def test_the_honesty_inputs_are_checked_against_the_other_criteria() -> None:
    """A round-2 change to a manual criterion moved the totals; the honesty row did not."""
    published = PUBLISHED | {"c": D(4)}
    inputs = INPUTS | honest("7", "6.50")
    done = recompute(FRAMEWORK, inputs, published, frozenset(), None, None, SELF)
    assert done.differences == [
        Message(
            "recompute_honesty_input_differs",
            {
                "code": "3.1",
                "input": "appraised_total",
                "recorded": D("6.50"),
                "computed": D("7.50"),
            },
        )
    ]
    # Evaluated from the right totals: 7 against 7,50 is 6,67% off, within 10%.
    assert done.evaluations["h"].points == D("0.50")


def test_leaves_under_a_parent_not_applicable_are_not_checked() -> None:
    # Field 1 dropped: self 3,5 against appraised 4 is 12,5% off → 0.
    refused: dict[str, dict[str, Value]] = {"a": {"met": "perhaps"}, "b": {"ratio": D("1")}}
    inputs = refused | honest("3.5", "4")
    published = {"a": D(2), "b": D(1), "c": D(4), "h": D(0)}
    done = recompute(FRAMEWORK, inputs, published, frozenset({"f1"}), D(4), D("80.00"), SELF)
    assert done.differences == []
    assert done.totals is not None
    assert done.totals.applicable_max == D(5)


def test_a_refused_input_is_reported_not_raised() -> None:
    inputs: dict[str, dict[str, Value]] = {"a": {"met": "perhaps"}, "b": {"ratio": D("0.5")}}
    done = recompute(FRAMEWORK, inputs, PUBLISHED)
    assert done.differences[0].key == "recompute_input_refused"
    assert done.differences[0].params["code"] == "1.1"
