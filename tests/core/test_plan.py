"""Drafting a remediation plan from a gap analysis: every lost item once, under its field,
with the analysis's numbers, a solution and its lead from the library (the node's own
department first), a priority and a deadline by how the item is won back."""

from datetime import date
from decimal import Decimal

from parindex.core.framework import Framework, Node, Provenance, Scoring
from parindex.core.gaps import Recoverability, Scorecard, Scored, analyse
from parindex.core.plan import draft
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
