"""The demo's remediation plans: a ward's draft being edited by its officer, and a merged
commune's plan, shaped by field, approved by the leader (so its solutions are the
library's candidates), with a coordinator's own solution in the library."""

from datetime import date

from parindex.core.plan import ItemStatus, Report, Shape
from parindex.frameworks.actions import framework_of
from parindex.frameworks.models import StoredFramework
from parindex.org.models import Unit, User
from parindex.plans import actions
from parindex.plans.models import Plan, SolutionEntry
from parindex.results.models import Result

# The ward's targets: numbered, measurable, each with its lead.
TARGETS = [
    (1, "Chỉ số CCHC năm 2026 tăng ít nhất 3 điểm", "Văn phòng HĐND và UBND"),
    (2, "Tỷ lệ hài lòng của người dân trên 90%", "Trung tâm phục vụ hành chính công"),
]


def _plan(person: User, unit: Unit, number: str, signer: str, shape: Shape) -> Plan:
    """The unit's 2025 result's plan, its header dated 20 February with the usual reports."""
    result = Result.objects.get(unit=unit, year=2025)
    plan = actions.create_plan(person, result=result, reason="demo")
    year = plan.year
    facts = actions.Facts(
        issuing_body=plan.issuing_body,
        number=number,
        place=plan.place,
        issued_on=date(year, 2, 20),
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        signer=signer,
        shape=shape,
        reports=(
            Report("quarter", date(year, 3, 15)),
            Report("half_year", date(year, 6, 15)),
            Report("quarter", date(year, 9, 15)),
            Report("year", date(year, 11, 15)),
        ),
    )
    return actions.edit_plan(person, plan, version=plan.version, facts=facts, reason="demo")


def load_plans(
    province: Unit,
    framework: StoredFramework,
    people: dict[str, User],
    ward: Unit,
    merged: Unit,
) -> None:
    """`people`: the demo's coordinator, ward officer and leader, by their role."""
    if Plan.objects.filter(unit__in=[ward, merged]).exists():
        return
    coordinator, officer, leader = people["coordinator"], people["officer"], people["leader"]
    leaves = [node.code for node, _depth in framework_of(framework).walk() if node.is_leaf]
    if not SolutionEntry.objects.filter(owner=province).exists():
        actions.save_solution(
            coordinator,
            facts=actions.SolutionFacts(
                owner=province,
                framework_id=framework.pk,
                code=leaves[0],
                solution=(
                    "Ban hành kế hoạch cải cách hành chính năm trước ngày 31/01, giao chỉ tiêu "
                    "cho từng bộ phận và kiểm tra việc thực hiện hằng quý."
                ),
                lead="Văn phòng HĐND và UBND",
            ),
            reason="demo",
        )
    draft_plan = _plan(officer, ward, "", "", Shape.BY_ITEM)
    for number, aim, lead in TARGETS:
        target = actions.TargetFacts(number, aim, lead_name=lead)
        actions.save_target(officer, draft_plan, facts=target, reason="demo")
    approved = _plan(coordinator, merged, "18/KH-UBND", "Đinh Văn Sơn", Shape.BY_FIELD)
    done = approved.items.order_by("priority").first()
    if done is not None:
        actions.edit_item(
            coordinator,
            done,
            version=done.version,
            facts=actions.ItemFacts(
                solution=done.solution,
                deadline=done.deadline,
                expected_points=done.expected_points,
                status=ItemStatus.DONE,
                lead_name=done.lead_name,
                coordinating_names=done.coordinating_names,
            ),
            reason="demo",
        )
    approved.refresh_from_db()
    actions.approve_plan(leader, approved, version=approved.version, reason="demo")
