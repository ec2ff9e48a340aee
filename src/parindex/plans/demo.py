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


def _plan(officer: User, unit: Unit, year: int) -> Plan:
    result = Result.objects.get(unit=unit, year=year)
    return actions.create_plan(officer, result=result, reason="demo")


def _facts(plan: Plan, number: str, signer: str, shape: Shape) -> actions.Facts:
    place = plan.place
    return actions.Facts(
        issuing_body=plan.issuing_body,
        superior_body="",
        number=number,
        place=place,
        issued_on=date(plan.year, 2, 20),
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        signer=signer,
        shape=shape,
        reports=(
            Report("quarter", date(plan.year, 3, 15)),
            Report("half_year", date(plan.year, 6, 15)),
            Report("quarter", date(plan.year, 9, 15)),
            Report("year", date(plan.year, 11, 15)),
        ),
    )


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
    draft_plan = _plan(officer, ward, 2025)
    actions.edit_plan(
        officer,
        draft_plan,
        version=draft_plan.version,
        facts=_facts(draft_plan, "", "", Shape.BY_ITEM),
        reason="demo",
    )
    actions.save_target(
        officer,
        draft_plan,
        facts=actions.TargetFacts(
            1, "Chỉ số CCHC năm 2026 tăng ít nhất 3 điểm", lead_name="Văn phòng HĐND và UBND"
        ),
        reason="demo",
    )
    actions.save_target(
        officer,
        draft_plan,
        facts=actions.TargetFacts(
            2,
            "Tỷ lệ hài lòng của người dân trên 90%",
            lead_name="Trung tâm phục vụ hành chính công",
        ),
        reason="demo",
    )
    approved = _plan(coordinator, merged, 2025)
    actions.edit_plan(
        coordinator,
        approved,
        version=approved.version,
        facts=_facts(approved, "18/KH-UBND", "Đinh Văn Sơn", Shape.BY_FIELD),
        reason="demo",
    )
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
