"""Gap analysis: every loss once, at the deepest listed level, grouped by field; and a plain
statement of whatever does not add up."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.core.framework import Framework, Node, Provenance, Scoring
from parindex.core.gaps import Recoverability, Scorecard, Scored, analyse, by_recovery, what_if
from parindex.core.messages import Message, Refused
from parindex.core.rules import RuleSpec
from parindex.io import render

D = Decimal


def node(code: str, most: str, achieved: str, *children: Scored, **extra: object) -> Scored:
    return Scored(
        code=code,
        title=f"Mục {code}",
        max_points=D(most),
        achieved=D(achieved),
        children=children,
        **extra,  # type: ignore[arg-type]
    )


def test_the_plan_whose_losses_leave_one_point_unexplained() -> None:
    """A commune's 2024 plan: 3 + 3 + 1 + 6,18 = 13,18 listed, 85,82 of 100 in the total."""
    card = Scorecard(
        unit="Xã Ví Dụ",
        fields=(
            node("1", "10", "7"),
            node("2", "10", "7"),
            node("3", "10", "9"),
            node("4", "20", "13.82"),
            node("5", "50", "50"),
        ),
        total_max=D(100),
        total_achieved=D("85.82"),
    )
    gaps = analyse(card)
    assert gaps.lost == D("14.18")
    assert [loss.lost for loss in gaps.losses] == [D(3), D(3), D(1), D("6.18")]
    unexplained = Message(
        "gaps_total_unexplained",
        {
            "lost": D("14.18"),
            "explained": D("13.18"),
            "unexplained": D("1.00"),
            "items": (D(3), D(3), D(1), D("6.18")),
        },
    )
    assert unexplained in gaps.notes
    assert render.message(unexplained, "vi") == (
        "các điểm bị trừ được liệt kê 3 + 3 + 1 + 6,18 cộng lại 13,18 điểm, nhưng tổng điểm "
        "bị trừ là 14,18: 1,00 điểm không được giải thích bởi mục nào"
    )
    assert render.message(unexplained, "en") == (
        "the listed losses 3 + 3 + 1 + 6.18 add up to 13.18, but the total lost 14.18: "
        "1.00 points are not explained by any listed item"
    )
    # The fields themselves add up to 86,82, not to the total's 85,82.
    assert Message("gaps_total_differs", {"achieved": D("85.82"), "fields": D("86.82")}) in (
        gaps.notes
    )
    assert [field.code for field in gaps.strengths] == ["5"]


def test_a_criterion_listed_with_its_sub_criteria_loses_once() -> None:
    criterion = node(
        "3.3",
        "8",
        "5",
        node("3.3.1", "4", "1", reasons=("Chưa công khai đủ TTHC",), deducted_by=("Sở Nội vụ",)),
        node("3.3.2", "2", "2"),
        node("3.3.3", "2", "2"),
    )
    gaps = analyse(Scorecard(unit="X", fields=(node("3", "8", "5", criterion),)))
    assert gaps.notes == ()
    [loss] = gaps.losses
    assert (loss.field, loss.code, loss.lost) == ("3", "3.3.1", D(3))
    assert loss.reasons == ("Chưa công khai đủ TTHC",)
    assert loss.deducted_by == ("Sở Nội vụ",)
    assert gaps.lost == D(3)


def test_a_loss_only_partly_listed_below_is_said() -> None:
    criterion = node("6.3", "3", "2.50", node("6.3.1", "1", "0.92"))
    gaps = analyse(Scorecard(unit="X", fields=(node("6", "3", "2.50", criterion),)))
    assert [loss.code for loss in gaps.losses] == ["6.3.1"]
    assert gaps.notes[0] == Message(
        "gaps_loss_unexplained",
        {"code": "6.3", "lost": D("0.50"), "explained": D("0.08"), "unexplained": D("0.42")},
    )


def test_parts_that_do_not_add_up_to_their_criterion_are_said() -> None:
    criterion = node("1.1", "3", "2.5", node("1.1.1", "1.5", "1.5"), node("1.1.2", "1.5", "0.5"))
    gaps = analyse(Scorecard(unit="X", fields=(node("1", "3", "2.5", criterion),)))
    assert (
        Message(
            "gaps_children_differ",
            {
                "code": "1.1",
                "achieved": D("2.5"),
                "children": D("2.0"),
                "max": D(3),
                "children_max": D("3.0"),
            },
        )
        in gaps.notes
    )
    assert "tiêu chí 1.1: 2,5 điểm, nhưng các mục con cộng lại 2,0 điểm" in [
        render.message(note, "vi") for note in gaps.notes
    ]


def test_a_self_total_that_is_not_the_sum_of_self_scores_is_said() -> None:
    fields = (node("1", "10", "9", self_points=D(10)), node("2", "10", "8", self_points=D(9)))
    gaps = analyse(Scorecard(unit="X", fields=fields, total_self=D(18)))
    assert Message("gaps_self_total_differs", {"self_total": D(18), "fields": D(19)}) in gaps.notes


# --- property: a consistent scorecard adds up, and every loss is listed once -----------------


@st.composite
def consistent(draw: st.DrawFn, code: str = "", depth: int = 1) -> Scored:
    """A node whose points are exactly its children's, as a faithful scorecard has them."""
    if depth == 3 or draw(st.booleans()):
        cents = draw(st.integers(1, 400))
        got = draw(st.integers(0, cents))
        return node(code or "1", str(D(cents) / 100), str(D(got) / 100))
    count = draw(st.integers(1, 4))
    children = tuple(
        draw(consistent(f"{code}.{index}" if code else str(index), depth + 1))
        for index in range(1, count + 1)
    )
    most = sum((child.max_points or D(0) for child in children), D(0))
    achieved = sum((child.achieved or D(0) for child in children), D(0))
    return Scored(
        code=code or "1", title=code, max_points=most, achieved=achieved, children=children
    )


@settings(max_examples=150, deadline=None)
@given(count=st.integers(1, 5), data=st.data())
def test_a_consistent_scorecard_adds_up(count: int, data: st.DataObject) -> None:
    trees = tuple(data.draw(consistent(str(index), 2)) for index in range(1, count + 1))
    gaps = analyse(Scorecard(unit="X", fields=trees))
    assert gaps.notes == ()
    losses = gaps.losses
    assert len({loss.code for loss in losses}) == len(losses)
    assert sum((loss.lost for loss in losses), D(0)) == gaps.lost
    assert all(loss.lost > 0 for loss in losses)
    for field in gaps.fields:
        assert field.lost == sum((loss.lost for loss in field.losses), D(0))
        assert field.at_max == (field.losses == ())


# --- which losses first, and what if they were fixed ---------------------------------------


def test_losses_are_ordered_easiest_to_recover_first() -> None:
    def leaf(code: str, rule: RuleSpec, scoring: Scoring = Scoring.ASSESSED) -> Node:
        return Node(
            id=code,
            code=code,
            title=code,
            max_points=D(2),
            scoring=scoring,
            provenance=Provenance.EXAMPLE,
            rule=rule,
        )

    framework = Framework(
        id="f",
        title="f",
        level="commune",
        years=(2025,),
        nodes=(
            leaf("1", RuleSpec("manual", {"step": D("0.5")})),
            leaf("2", RuleSpec("met")),
            leaf("3", RuleSpec("deduct_per_occurrence", {"per": D("0.25")})),
            leaf("4", RuleSpec("given"), Scoring.SURVEY),
            leaf("5", RuleSpec("met")),
        ),
    )
    card = Scorecard(
        unit="X",
        fields=(
            node("1", "2", "0"),
            node("2", "2", "1.5"),
            node("3", "2", "1"),
            node("4", "2", "0.5"),
            node("5", "2", "0"),
            node("6", "2", "1"),
        ),
    )
    ordered = [(loss.code, kind) for loss, kind in by_recovery(analyse(card), framework)]
    assert ordered == [
        ("5", Recoverability.THRESHOLD),  # 2 lost
        ("2", Recoverability.THRESHOLD),  # 0,5 lost
        ("3", Recoverability.OCCURRENCES),
        ("1", Recoverability.JUDGEMENT),
        ("4", Recoverability.SURVEY),
        ("6", Recoverability.UNKNOWN),  # not in the framework
    ]


def test_what_if_the_chosen_losses_were_won_back() -> None:
    card = Scorecard(
        unit="Xã Minh Khai",
        fields=(node("1", "50", "45"), node("2", "50", "46.68")),
    )
    gaps = analyse(card)
    others = {"Xã Tân Hòa": D("93.92"), "Xã Phúc Lâm": D("92.35"), "Xã Đồng Tiến": D("92.35")}
    result = what_if(gaps, ["1"], others)
    assert (result.total, result.rank_now, result.rank) == (D("96.68"), 4, 1)
    result = what_if(gaps, ["2"], others | {"Xã Minh Khai": D("91.68")})
    assert (result.total, result.rank_now, result.rank) == (D("95.00"), 4, 1)
    assert what_if(gaps, [], {}).rank is None
    with pytest.raises(Refused) as refused:
        what_if(gaps, ["9"], others)
    assert refused.value.message == Message("gaps_not_a_loss", {"codes": ["9"]})


def test_a_capped_criterion_partly_lost_is_one_item_of_its_own_loss() -> None:
    """Initiatives: parts worth 3, the criterion 2. Losing 1,5 of the parts' 3 costs only
    0,5 of the criterion's 2: the item is 1.5 itself, with what its parts say."""
    capped = node(
        "1.5",
        "2",
        "1.5",
        node("1.5.1", "1", "0", reasons=("Không có sáng kiến",), deducted_by=("Tỉnh",)),
        node("1.5.2", "2", "1.5", reasons=("Sáng kiến chưa được công nhận",)),
    )
    gaps = analyse(Scorecard(unit="X", fields=(node("1", "2", "1.5", capped),)))
    [loss] = gaps.losses
    assert (loss.code, loss.max_points, loss.achieved, loss.lost) == (
        "1.5",
        D(2),
        D("1.5"),
        D("0.5"),
    )
    assert loss.reasons == ("Không có sáng kiến", "Sáng kiến chưa được công nhận")
    assert loss.deducted_by == ("Tỉnh",)
    assert not gaps.notes


def test_a_capped_criterion_at_its_maximum_loses_nothing() -> None:
    capped = node("1.5", "2", "2", node("1.5.1", "1", "0"), node("1.5.2", "2", "2"))
    gaps = analyse(Scorecard(unit="X", fields=(node("1", "2", "2", capped),)))
    assert gaps.losses == ()
