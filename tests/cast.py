"""The named cast every test shares: two provinces, and a person for each side of each rule.

Built through the named writes, so paths, versions and audit events are the real ones.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from parindex.assessments import actions as assessment_actions
from parindex.assessments.models import (
    Assessment,
    Cycle,
    Document,
    Entry,
    Explanation,
    Review,
    Stage,
)
from parindex.audit.models import AuditEvent
from parindex.core.assessment import Override, StageKind
from parindex.frameworks import actions as framework_actions
from parindex.frameworks.models import FrameworkContent, StoredFramework
from parindex.org import actions
from parindex.org.models import RankingGroup, Role, RoleAssignment, Unit, User
from parindex.plans import actions as plan_actions
from parindex.plans.models import Plan, PlanItem, PlanVersion, SolutionEntry, Target
from parindex.results import actions as result_actions
from parindex.results.models import InputProvenance, Result, Source

PASSWORD = "Cast-password-2025"

State = tuple[object, ...]


def state() -> State:
    """Everything a refused write or request must leave as it was."""
    return (
        list(Unit.objects.order_by("pk").values_list()),
        list(RankingGroup.objects.order_by("pk").values_list()),
        sorted(RankingGroup.units.through.objects.values_list("rankinggroup_id", "unit_id")),
        list(RoleAssignment.objects.order_by("pk").values_list("pk", "user_id", "role", "unit_id")),
        list(
            User.objects.order_by("pk").values_list(
                "pk", "username", "full_name", "password", "version"
            )
        ),
        list(AuditEvent.objects.order_by("pk").values_list("pk", "action", "object_id")),
        list(StoredFramework.objects.order_by("pk").values_list()),
        list(FrameworkContent.objects.order_by("pk").values_list("pk")),
        list(Result.objects.order_by("pk").values_list()),
        list(Plan.objects.order_by("pk").values_list()),
        list(PlanItem.objects.order_by("pk").values_list()),
        list(Target.objects.order_by("pk").values_list()),
        list(PlanVersion.objects.order_by("pk").values_list("pk", "number")),
        list(SolutionEntry.objects.order_by("pk").values_list()),
        list(Cycle.objects.order_by("pk").values_list()),
        list(Stage.objects.order_by("pk").values_list()),
        list(Assessment.objects.order_by("pk").values_list()),
        list(Entry.objects.order_by("pk").values_list()),
        sorted(Entry.documents.through.objects.values_list("entry_id", "document_id")),
        list(Review.objects.order_by("pk").values_list()),
        list(Explanation.objects.order_by("pk").values_list()),
        list(Document.objects.order_by("pk").values_list()),
    )


# Province A's commune framework: small, complete, one rule of each common kind.
FRAMEWORK_A = """\
format: parindex-framework/1
id: alpha-xa-2025
title: Bộ tiêu chí cấp xã của Tỉnh Alpha
level: commune
years: [2025]
provenance: user
bands: [{name: Tốt, at_least: 80}]
nodes:
  - id: f1
    code: "1"
    title: Công tác chỉ đạo, điều hành
    children:
      - {id: f1-c1, code: "1.1", title: Ban hành kế hoạch CCHC năm, max: 2, rule: {type: met}}
      - id: f1-c2
        code: "1.2"
        title: Tỷ lệ văn bản điện tử
        max: 3
        rule: {type: proportional, labels: {ratio: văn bản điện tử}}
  - id: f2
    code: "2"
    title: Cải cách thủ tục hành chính
    children:
      - id: f2-c1
        code: "2.1"
        title: Hồ sơ trễ hạn
        max: 3
        rule: {type: deduct_per_occurrence, per: 0.25, labels: {count: hồ sơ trễ hạn}}
      - {id: f2-c2, code: "2.2", title: Công khai TTHC, max: 2, rule: {type: manual, step: 0.5}}
"""


def _result_a1(admin: User, commune: Unit, framework: StoredFramework) -> Result:
    """Commune A1's frozen 2025 result: 2 + 2,76 + 2,25 + 1,5 = 8,51 of 10 (85,10%)."""

    def given(name: str, kind: str, value: str) -> result_actions.InputEntry:
        return result_actions.InputEntry(name, kind, value, InputProvenance.PERSON)

    def node(
        node_id: str, points: str, *inputs: result_actions.InputEntry
    ) -> result_actions.NodeEntry:
        return result_actions.NodeEntry(
            node_id, self_points=Decimal(points), appraisals=(Decimal(points),), inputs=inputs
        )

    return result_actions.record_result(
        admin,
        unit=commune,
        year=2025,
        framework=framework,
        source=Source.ASSESSED,
        nodes=[
            node("f1-c1", "2", given("met", "bool", "true")),
            node("f1-c2", "2.76", given("ratio", "ratio", "0.92")),
            node("f2-c1", "2.25", given("count", "count", "3")),
            node("f2-c2", "1.5"),
        ],
        self_total=Decimal("8.51"),
        published_total=Decimal("8.51"),
        published_index=Decimal("85.10"),
        evaluated_by=commune.parent,
        group="Khối xã",
        freeze=True,
    )


@dataclass
class World:
    admin: User
    coord_a: User
    coord_b: User
    officer_a: User
    appraiser_a: User
    council_a: User
    task_a: User
    leader_a: User
    province_a: Unit
    department_a: Unit
    commune_a1: Unit
    commune_a2: Unit
    province_b: Unit
    commune_b1: Unit
    group_a: RankingGroup
    group_b: RankingGroup
    framework_a: StoredFramework
    result_a1: Result
    plan_a1: Plan  # commune A1's draft plan for 2026, drafted by officer_a
    target_a1: Target
    solution_a: SolutionEntry  # coordinator A's solution for criterion 2.1
    # Province A's 2026 cycle on FRAMEWORK_A, in self-assessment (the other stages later):
    # communes A1 and A2 in "Khối các xã" 2026; commune A1's entry 1.1 and one document.
    group_a26: RankingGroup  # "Khối các xã" 2026, which cycle A ranks
    cycle_a: Cycle
    assessment_a1: Assessment
    assessment_a2: Assessment
    entry_a1: Entry
    document_a1: Document


def build_world() -> World:
    admin = actions.bootstrap_administrator(
        username="admin", full_name="Quản trị", password=PASSWORD
    )

    def unit(code: str, name: str, kind: str, parent: Unit | None) -> Unit:
        return actions.create_unit(admin, code=code, name=name, kind=kind, parent=parent)

    def person(username: str, role: Role, at: Unit) -> User:
        return actions.create_user(
            admin, username=username, full_name=username, password=PASSWORD, role=role, unit=at
        )

    province_a = unit("A", "Tỉnh Alpha", "province", None)
    department_a = unit("A.SNV", "Sở Nội vụ Alpha", "department", province_a)
    commune_a1 = unit("A.X1", "Xã Alpha Một", "commune", province_a)
    commune_a2 = unit("A.X2", "Xã Alpha Hai", "commune", province_a)
    province_b = unit("B", "Tỉnh Beta", "province", None)
    commune_b1 = unit("B.X1", "Xã Beta Một", "commune", province_b)
    group_a = actions.create_ranking_group(
        admin, evaluating_unit=province_a, year=2025, name="Khối xã", units=[commune_a1, commune_a2]
    )
    group_b = actions.create_ranking_group(
        admin, evaluating_unit=province_b, year=2025, name="Khối xã", units=[commune_b1]
    )
    # One recorded change, so every scoped model has a row: commune A2 was renamed.
    actions.record_lineage(
        admin, kind="rename", day=date(2024, 1, 1), before=[commune_a2], after=[commune_a2]
    )
    framework_a = framework_actions.load_framework(
        admin, data=FRAMEWORK_A.encode(), filename="alpha.yaml", owner=province_a
    )
    officer_a = person("officer_a", Role.UNIT_OFFICER, commune_a1)
    coord_a = person("coord_a", Role.COORDINATOR, province_a)
    result_a1 = _result_a1(admin, commune_a1, framework_a)
    plan_a1 = plan_actions.create_plan(officer_a, result=result_a1)
    target = plan_actions.TargetFacts(1, "Không có hồ sơ trễ hạn", lead_name="Bộ phận một cửa")
    solution = plan_actions.SolutionFacts(
        province_a, framework_a.pk, "2.1", "Theo dõi hạn giải quyết hằng tuần.", "Bộ phận một cửa"
    )
    group_a26 = actions.create_ranking_group(
        coord_a,
        evaluating_unit=province_a,
        year=2026,
        name="Khối các xã",
        units=[commune_a1, commune_a2],
    )
    cycle_a = _cycle_a(coord_a, province_a, framework_a, group_a26)
    assessment_a1 = cycle_a.assessments.get(unit=commune_a1)
    return World(
        admin=admin,
        coord_a=coord_a,
        coord_b=person("coord_b", Role.COORDINATOR, province_b),
        officer_a=officer_a,
        appraiser_a=person("appraiser_a", Role.APPRAISER, province_a),
        council_a=person("council_a", Role.COUNCIL_MEMBER, province_a),
        task_a=person("task_a", Role.TASK_OWNER, department_a),
        leader_a=person("leader_a", Role.LEADER, province_a),
        province_a=province_a,
        department_a=department_a,
        commune_a1=commune_a1,
        commune_a2=commune_a2,
        province_b=province_b,
        commune_b1=commune_b1,
        group_a=group_a,
        group_b=group_b,
        framework_a=framework_a,
        result_a1=result_a1,
        plan_a1=plan_a1,
        target_a1=plan_actions.save_target(officer_a, plan_a1, facts=target),
        solution_a=plan_actions.save_solution(coord_a, facts=solution),
        group_a26=group_a26,
        cycle_a=cycle_a,
        assessment_a1=assessment_a1,
        assessment_a2=cycle_a.assessments.get(unit=commune_a2),
        entry_a1=assessment_a1.entries.get(node_id="f1-c1"),
        document_a1=assessment_actions.register_document(
            officer_a,
            commune_a1,
            number="12/KH-UBND",
            issued_on=date(2026, 1, 15),
            issuer="UBND Xã Alpha Một",
            title="Kế hoạch cải cách hành chính năm 2026",
            filename="ke-hoach-cchc-2026.pdf",
            data=PDF,
        ),
    )


# The smallest file every PDF reader opens: one empty page.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def stage_dates(
    today: date, open_now: StageKind = StageKind.SELF_ASSESSMENT
) -> list[assessment_actions.StageDates]:
    """Stages of a fortnight each in the cycle's order, `open_now` open today."""
    start = today - timedelta(days=14 * list(StageKind).index(open_now) + 3)
    return [
        assessment_actions.StageDates(
            kind, start + timedelta(days=14 * i), start + timedelta(days=14 * i + 13)
        )
        for i, kind in enumerate(StageKind)
    ]


def _cycle_a(coord: User, province: Unit, framework: StoredFramework, group: RankingGroup) -> Cycle:
    return assessment_actions.open_cycle(
        coord,
        evaluating_unit=province,
        year=2026,
        framework=framework,
        title="Đánh giá Chỉ số CCHC năm 2026",
        stages=stage_dates(timezone.localdate()),
        groups=[group],
    )


def open_only(w: World, kind: StageKind) -> None:
    """Open `kind` by hand and close every other stage of cycle A by hand."""
    for stage in w.cycle_a.stages.all():
        assessment_actions.edit_stage(
            w.coord_a,
            stage,
            version=stage.version,
            opens=stage.opens,
            closes=stage.closes,
            override=Override.OPEN if stage.kind == kind else Override.CLOSED,
        )


# Commune A2's 2025 scorecard on FRAMEWORK_A, as a province would publish it (CSV).
SCORECARD_A2 = """\
Đơn vị: Xã Alpha Hai
Năm: 2025
Mã;Tiêu chí;Điểm tối đa;Điểm tự đánh giá;Điểm thẩm định;Lý do trừ điểm
1.1;Ban hành kế hoạch CCHC năm;2;2;2;
1.2;Tỷ lệ văn bản điện tử;3;3;2,5;Tỷ lệ văn bản điện tử 83%
2.1;Hồ sơ trễ hạn;3;3;3;
2.2;Công khai TTHC;2;2;1,5;Chưa công khai đủ
""".encode()
