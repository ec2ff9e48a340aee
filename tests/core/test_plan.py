"""Drafting a remediation plan from a gap analysis: every lost item once, under its field,
with the analysis's numbers, a solution and its lead from the library (the node's own
department first), a priority and a deadline by how the item is won back; revising it with a
person's edits, each checked against the plan."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from parindex.core.framework import Framework, Node, Provenance, Scoring
from parindex.core.gaps import Recoverability, Scorecard, Scored, analyse
from parindex.core.messages import Message, Refused
from parindex.core.plan import (
    Header,
    ItemEdit,
    ItemStatus,
    Plan,
    Report,
    Shape,
    Target,
    draft,
    revise,
)
from parindex.core.rules import RuleSpec
from parindex.core.solutions import FieldSuggestion, SolutionLibrary, Suggestion

D = Decimal

LIBRARY = SolutionLibrary(
    fallback=Suggestion("Rà soát và khắc phục.", "Văn phòng HĐND và UBND"),
    by_rule={
        "met": Suggestion("Hoàn thành đúng hạn.", "Văn phòng HĐND và UBND", ("Phòng Kinh tế",))
    },
    by_field=(
        FieldSuggestion(
            ("thủ tục hành chính",), Suggestion("Công khai đầy đủ TTHC.", "Bộ phận một cửa")
        ),
    ),
    departments={"vhxh": "Phòng Văn hóa - Xã hội"},
)


def leaf(code: str, most: str, rule: str | None = None, department: str | None = None) -> Node:
    return Node(
        id=f"n{code}",
        code=code,
        title=f"Tiêu chí {code}",
        max_points=D(most),
        scoring=Scoring.SURVEY if rule == "given" else Scoring.ASSESSED,
        provenance=Provenance.USER,
        rule=RuleSpec(rule, {}, {}) if rule else None,
        department=department,
    )


FRAMEWORK = Framework(
    id="plan-test",
    title="Bộ tiêu chí thử",
    level="commune",
    years=(2024,),
    nodes=(
        Node(
            id="n1",
            code="1",
            title="Công tác chỉ đạo, điều hành",
            max_points=D(4),
            scoring=Scoring.ASSESSED,
            provenance=Provenance.USER,
            children=(leaf("1.1", "2", "met"), leaf("1.2", "2", "manual", "vhxh")),
        ),
        Node(
            id="n2",
            code="2",
            title="Cải cách thủ tục hành chính",
            max_points=D(3),
            scoring=Scoring.ASSESSED,
            provenance=Provenance.USER,
            children=(leaf("2.1", "3", "given"),),
        ),
        Node(
            id="n3",
            code="3",
            title="Tài chính công",
            max_points=D(3),
            scoring=Scoring.ASSESSED,
            provenance=Provenance.USER,
            children=(leaf("3.1", "3", "met"),),
        ),
    ),
)


def scored(
    code: str, most: str, achieved: str, *children: Scored, why: str = "", title: str = ""
) -> Scored:
    return Scored(
        code=code,
        title=title or f"Mục {code}",
        max_points=D(most),
        achieved=D(achieved),
        reasons=(why,) if why else (),
        children=children,
    )


CARD = Scorecard(
    unit="Xã Thử",
    fields=(
        scored(
            "1", "4", "2.5", scored("1.1", "2", "1", why="Ban hành chậm"), scored("1.2", "2", "1.5")
        ),
        scored("2", "3", "2.4", scored("2.1", "3", "2.4"), title="Cải cách TTHC"),
        scored("3", "3", "3", scored("3.1", "3", "3")),
    ),
    total_max=D(10),
    total_achieved=D("7.9"),
)


def test_every_lost_item_once_under_its_field_with_the_analysis_numbers() -> None:
    gaps = analyse(CARD)
    plan = draft(gaps, LIBRARY, 2024, FRAMEWORK)
    assert plan.year == 2025
    assert [(f.code, [i.loss.code for i in f.items]) for f in plan.fields] == [
        ("1", ["1.1", "1.2"]),
        ("2", ["2.1"]),
        ("3", []),
    ]
    assert plan.recoverable == gaps.lost == D("2.1")
    assert plan.strengths == ("Mục 3",)
    first = plan.fields[0].items[0]
    assert (first.loss.reasons, first.expected_points) == (("Ban hành chậm",), D(1))


def test_solutions_and_leads_come_from_the_node_its_field_or_its_rule() -> None:
    plan = draft(analyse(CARD), LIBRARY, 2024, FRAMEWORK)
    by_code = {item.loss.code: item for item in plan.items}
    assert (by_code["1.1"].solution, by_code["1.1"].lead) == (
        "Hoàn thành đúng hạn.",
        "Văn phòng HĐND và UBND",
    )
    assert by_code["1.1"].coordinating == ("Phòng Kinh tế",)
    assert by_code["1.2"].lead == "Phòng Văn hóa - Xã hội"  # the node's own department
    assert (
        by_code["1.2"].solution == "Rà soát và khắc phục."
    )  # manual: no rule text, no field match
    assert (by_code["2.1"].solution, by_code["2.1"].lead) == (
        "Công khai đầy đủ TTHC.",
        "Bộ phận một cửa",
    )
    assert plan.leads == (
        "Văn phòng HĐND và UBND",
        "Phòng Kinh tế",
        "Phòng Văn hóa - Xã hội",
        "Bộ phận một cửa",
    )


def test_priorities_and_deadlines_follow_how_an_item_is_won_back() -> None:
    plan = draft(analyse(CARD), LIBRARY, 2024, FRAMEWORK)
    by_code = {item.loss.code: item for item in plan.items}
    assert by_code["1.1"].recoverability == Recoverability.THRESHOLD
    assert [by_code[c].priority for c in ("1.1", "1.2", "2.1")] == [1, 2, 3]
    assert by_code["1.1"].deadline == date(2025, 6, 30)
    assert by_code["1.2"].deadline == date(2025, 9, 30)
    assert by_code["2.1"].deadline == date(2025, 11, 15)  # a survey score moves slowest
    assert [(r.period, r.due) for r in plan.reports] == [
        ("half_year", date(2025, 6, 15)),
        ("year", date(2025, 11, 15)),
    ]


def test_without_a_framework_the_field_or_the_general_suggestion_is_used() -> None:
    plan = draft(analyse(CARD), LIBRARY, 2024)
    by_code = {item.loss.code: item for item in plan.items}
    assert by_code["1.1"].solution == "Rà soát và khắc phục."
    assert by_code["1.1"].recoverability == Recoverability.UNKNOWN
    assert by_code["2.1"].lead == "Văn phòng HĐND và UBND"  # "Cải cách TTHC" says too little


# A person's edits (revise) -----------------------------------------------------------


def _plan() -> Plan:
    return draft(analyse(CARD), LIBRARY, 2024, FRAMEWORK)


def _edit(**changes: object) -> ItemEdit:
    base = ItemEdit(
        solution="Ban hành kế hoạch trước 15/1.",
        lead="Phòng Nội vụ",
        coordinating=(" Phòng Kinh tế ", " "),
        deadline=date(2025, 3, 31),
        expected_points=D("0.5"),
        status=ItemStatus.IN_PROGRESS,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("edits", "key", "where", "params"),
    [
        ({"1.1": _edit(solution="  ")}, "plan_solution_empty", "solution", {"code": "1.1"}),
        ({"1.1": _edit(lead="")}, "plan_lead_empty", "lead", {"code": "1.1"}),
        (
            {"1.1": _edit(expected_points=D("1.01"))},
            "plan_points_above_lost",
            "expected_points",
            {"code": "1.1", "points": D("1.01"), "lost": D(1)},
        ),
        (
            {"1.2": _edit(expected_points=D("-0.1"))},
            "plan_points_above_lost",
            "expected_points",
            {"code": "1.2", "points": D("-0.1"), "lost": D("0.5")},
        ),
        (
            {"1.1": _edit(deadline=date(2027, 1, 1))},
            "plan_day_outside",
            "deadline",
            {"day": date(2027, 1, 1), "first": "2025", "last": "2026"},
        ),
        (
            {"1.1": _edit(deadline=date(2024, 12, 31))},
            "plan_day_outside",
            "deadline",
            {"day": date(2024, 12, 31), "first": "2025", "last": "2026"},
        ),
        ({"9.9": _edit()}, "plan_item_unknown", "items", {"code": "9.9"}),
    ],
)
def test_an_item_edit_that_does_not_fit_is_refused(
    edits: dict[str, ItemEdit], key: str, where: str, params: dict[str, object]
) -> None:
    with pytest.raises(Refused) as refused:
        revise(_plan(), items=edits)
    assert (refused.value.message.key, refused.value.where) == (key, where)
    assert dict(refused.value.message.params) == params


@pytest.mark.parametrize(
    ("order", "missing", "extra"),
    [
        (["1.1", "1.2"], "2.1", ""),
        (["1.1", "1.2", "2.1", "3.1"], "", "3.1"),
        (["1.1", "1.1", "2.1"], "1.2", ""),
    ],
)
def test_an_order_that_is_not_every_item_once_is_refused(
    order: list[str], missing: str, extra: str
) -> None:
    with pytest.raises(Refused) as refused:
        revise(_plan(), order=order)
    assert refused.value.message == Message(
        "plan_order_mismatch", {"missing": missing, "extra": extra}
    )


@pytest.mark.parametrize(
    ("targets", "key", "number"),
    [
        (
            [Target(1, "Trên 80% hài lòng", "Văn phòng"), Target(1, "Khác", "Văn phòng")],
            "plan_target_number",
            1,
        ),
        ([Target(0, "Trên 80% hài lòng", "Văn phòng")], "plan_target_number", 0),
        ([Target(2, " ", "Văn phòng")], "plan_target_empty", 2),
        ([Target(3, "Trên 80% hài lòng", "")], "plan_target_lead_empty", 3),
    ],
)
def test_targets_need_new_numbers_an_aim_and_a_lead(
    targets: list[Target], key: str, number: int
) -> None:
    with pytest.raises(Refused) as refused:
        revise(_plan(), targets=targets)
    assert refused.value.message == Message(key, {"number": number})


def test_a_report_needs_a_known_period_within_the_plans_years() -> None:
    with pytest.raises(Refused) as refused:
        revise(_plan(), reports=[Report("month", date(2025, 1, 31))])
    assert refused.value.message == Message("plan_period_unknown", {"period": "month"})
    with pytest.raises(Refused) as refused:
        revise(_plan(), reports=[Report("quarter", date(2030, 3, 31))])
    assert (refused.value.message.key, refused.value.where) == ("plan_day_outside", "reports")


def test_an_accepted_revision_changes_exactly_what_was_given() -> None:
    plan = _plan()
    header = Header(issuing_body="Xã Thử", number="34/KH-UBND", signer="Nguyễn Văn An")
    targets = [Target(2, "Không hồ sơ trễ hạn", "Bộ phận một cửa"), Target(1, "Trên 80%", "VP")]
    reports = [Report("year", date(2025, 11, 15)), Report("quarter", date(2025, 3, 31))]
    revised = revise(
        plan,
        header=header,
        items={"1.1": _edit()},
        order=["2.1", "1.1", "1.2"],
        targets=targets,
        reports=reports,
        shape=Shape.BY_FIELD,
    )
    by_code = {item.loss.code: item for item in revised.items}
    edited = by_code["1.1"]
    assert (edited.solution, edited.lead, edited.coordinating) == (
        "Ban hành kế hoạch trước 15/1.",
        "Phòng Nội vụ",
        ("Phòng Kinh tế",),  # trimmed, the blank one dropped
    )
    assert (edited.deadline, edited.expected_points, edited.status) == (
        date(2025, 3, 31),
        D("0.5"),
        ItemStatus.IN_PROGRESS,
    )
    before = {item.loss.code: item for item in plan.items}
    for code in ("1.2", "2.1"):  # not edited: only their priority moved
        assert by_code[code] == replace(before[code], priority=by_code[code].priority)
    assert [item.loss.code for item in revised.by_priority] == ["2.1", "1.1", "1.2"]
    assert revised.recoverable == plan.recoverable - D("0.5")  # 1.1 now expects 0.5 of 1
    assert [target.number for target in revised.targets] == [1, 2]
    assert [report.period for report in revised.reports] == ["quarter", "year"]
    assert (revised.header, revised.shape) == (header, Shape.BY_FIELD)
    assert (revised.gaps, revised.year, revised.results_year) == (plan.gaps, 2025, 2024)


def test_a_revision_without_edits_is_the_plan() -> None:
    plan = _plan()
    assert revise(plan) == plan
    assert revise(plan, shape=Shape.BY_FIELD) == replace(plan, shape=Shape.BY_FIELD)
