"""The named writes of parindex.plans.actions on a stored remediation plan: drafting from a
result, editing the header, the tasks and the targets, approval (which locks) and reopening,
and the version every write keeps. Each refusal changes nothing."""

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from parindex.audit.models import AuditEvent
from parindex.audit.writes import ActionRefused, StaleVersion
from parindex.core.messages import Refused
from parindex.core.plan import ItemStatus, Report, Shape
from parindex.org.models import User
from parindex.plans import actions, build
from parindex.plans.models import Plan, PlanItem, PlanState, PlanVersion, Target
from tests.cast import World, state
from tests.plans.common import everything, facts_of, fresh, item_of, record_result

NEW_SOLUTION = "Theo dõi từng hồ sơ trên hệ thống một cửa điện tử, nhắc hạn hằng ngày."


def last_event() -> AuditEvent:
    event = AuditEvent.objects.order_by("-pk").first()
    assert event is not None
    return event


def version_numbers(plan: Plan) -> list[int]:
    return sorted(PlanVersion.objects.filter(plan=plan).values_list("number", flat=True))


def last_version(plan: Plan) -> PlanVersion:
    version = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
    assert version is not None
    return version


def snapshot_item(version: PlanVersion, code: str) -> dict[str, object]:
    [found] = [item for item in version.snapshot["items"] if item["code"] == code]
    return dict(found)


# Drafting ------------------------------------------------------------------------------


def test_the_draft_holds_every_lost_item_once_with_the_analysis_numbers(world: World) -> None:
    gaps, _framework = build.analysis(world.result_a1)
    lost = {loss.code: loss.lost for loss in gaps.losses}
    assert lost == {"1.2": Decimal("0.24"), "2.1": Decimal("0.75"), "2.2": Decimal("0.50")}
    items = list(world.plan_a1.items.all())
    assert sorted(item.code for item in items) == sorted(lost)
    assert {item.code: item.expected_points for item in items} == lost
    assert {item.code: item.node_id for item in items} == {
        "1.2": "f1-c2",
        "2.1": "f2-c1",
        "2.2": "f2-c2",
    }
    assert all(item.solution.strip() and item.lead for item in items)
    assert sorted(item.priority for item in items) == [1, 2, 3]
    core = build.as_core(world.plan_a1)
    assert [item.loss.code for item in core.items] == [loss.code for loss in gaps.losses]
    assert core.recoverable == gaps.lost == sum(lost.values()) == Decimal("1.49")
    assert core.lost == gaps.lost
    assert world.plan_a1.year == core.year == 2026
    dues = list(world.plan_a1.reports.values_list("period", "due"))
    assert dues == [("half_year", date(2026, 6, 15)), ("year", date(2026, 11, 15))]


def test_create_plan_records_its_event_and_first_version(world: World) -> None:
    result = record_result(world.admin, world.commune_a2, world.framework_a, world.province_a)
    plan = actions.create_plan(world.coord_a, result=result, reason="Kế hoạch năm 2026")
    event = last_event()
    assert (event.action, event.actor, event.object_id) == (
        "create_plan",
        world.coord_a,
        str(plan.pk),
    )
    assert event.reason == "Kế hoạch năm 2026"
    assert event.changes["year"] == {"old": None, "new": 2026}
    assert event.unit == world.commune_a2
    assert [item.code for item in plan.items.all()] == ["2.1"]
    assert item_of(plan, "2.1").expected_points == Decimal("0.5")
    [version] = PlanVersion.objects.filter(plan=plan)
    assert (version.number, version.action, version.by) == (1, "create_plan", world.coord_a)
    assert [item["code"] for item in version.snapshot["items"]] == ["2.1"]
    assert plan.unit == world.commune_a2
    assert plan.state == PlanState.DRAFT


def test_a_second_plan_for_the_same_result_is_refused(world: World) -> None:
    before = everything()
    with pytest.raises(ActionRefused):
        actions.create_plan(world.officer_a, result=world.result_a1)
    with pytest.raises(ActionRefused):
        actions.create_plan(world.coord_a, result=world.result_a1)
    assert everything() == before
    assert Plan.objects.filter(result=world.result_a1).count() == 1


@pytest.mark.parametrize("who", ["officer_a", "leader_a", "coord_b", "appraiser_a"])
def test_only_the_units_officers_and_coordinators_above_draft(world: World, who: str) -> None:
    result = record_result(world.admin, world.commune_a2, world.framework_a, world.province_a)
    before = state()
    with pytest.raises(PermissionDenied):
        actions.create_plan(getattr(world, who), result=result)
    assert state() == before
    assert not Plan.objects.filter(result=result).exists()


# Editing a task ------------------------------------------------------------------------


def test_edit_item_changes_what_was_given_and_keeps_a_version(world: World) -> None:
    plan = world.plan_a1
    item = item_of(plan, "2.1")
    others = {code: facts_of(item_of(plan, code)) for code in ("1.2", "2.2")}
    numbers = version_numbers(plan)
    facts = facts_of(
        item,
        solution=NEW_SOLUTION,
        expected_points=Decimal("0.5"),
        deadline=date(2026, 5, 31),
        status=ItemStatus.IN_PROGRESS,
        lead_unit=world.department_a,
        coordinating_units=(world.commune_a1,),
        coordinating_names="Công an xã\n\n  Đoàn thanh niên  ",
    )
    actions.edit_item(world.officer_a, item, version=1, facts=facts, reason="Họp ngày 5/1")
    stored = item_of(plan, "2.1")
    assert stored.solution == NEW_SOLUTION
    assert stored.expected_points == Decimal("0.5")
    assert stored.deadline == date(2026, 5, 31)
    assert stored.status == "in_progress"
    assert stored.lead_unit == world.department_a
    assert stored.lead_name == ""
    assert stored.lead == "Sở Nội vụ Alpha"
    assert list(stored.coordinating_units.all()) == [world.commune_a1]
    assert stored.coordinating_names == "Công an xã\nĐoàn thanh niên"
    assert stored.coordinating == ("Xã Alpha Một", "Công an xã", "Đoàn thanh niên")
    assert stored.version == 2
    assert {code: facts_of(item_of(plan, code)) for code in others} == others
    event = last_event()
    assert (event.action, event.actor, event.reason) == (
        "edit_plan_item",
        world.officer_a,
        "Họp ngày 5/1",
    )
    assert event.changes["solution"]["new"] == NEW_SOLUTION
    assert event.changes["expected_points"] == {"old": "0.7500", "new": "0.5"}
    assert event.changes["coordinating_units"] == {"old": [], "new": ["Xã Alpha Một"]}
    assert event.changes["code"] == {"old": "2.1", "new": "2.1"}
    assert version_numbers(plan) == [*numbers, numbers[-1] + 1]
    kept = last_version(plan)
    assert (kept.action, kept.by) == ("edit_plan_item", world.officer_a)
    assert snapshot_item(kept, "2.1")["solution"] == NEW_SOLUTION
    assert snapshot_item(kept, "2.1")["lead"] == "Sở Nội vụ Alpha"
    core = build.as_core(plan)
    assert core.recoverable == Decimal("0.24") + Decimal("0.5") + Decimal("0.50")
    assert core.lost == Decimal("1.49")  # what was lost is the analysis's, whatever the plan


def test_edit_item_with_one_change_records_only_it(world: World) -> None:
    item = item_of(world.plan_a1, "1.2")
    before = facts_of(item)
    actions.edit_item(world.coord_a, item, version=1, facts=facts_of(item, solution=NEW_SOLUTION))
    assert last_event().changes == {
        "solution": {"old": before.solution, "new": NEW_SOLUTION},
        "code": {"old": "1.2", "new": "1.2"},
    }
    assert facts_of(item_of(world.plan_a1, "1.2")) == facts_of(item, solution=NEW_SOLUTION)


def test_edit_item_that_changes_nothing_keeps_no_version(world: World) -> None:
    item = item_of(world.plan_a1, "2.2")
    before = everything()
    actions.edit_item(world.officer_a, item, version=1, facts=facts_of(item))
    assert everything() == before


def test_a_stale_item_edit_changes_nothing(world: World) -> None:
    item = item_of(world.plan_a1, "2.1")
    theirs = facts_of(item, solution="Lần 2.", expected_points=Decimal("0.25"))
    actions.edit_item(world.officer_a, item, version=1, facts=facts_of(item, solution="Lần 1."))
    before = everything()
    with pytest.raises(StaleVersion):
        actions.edit_item(world.coord_a, item_of(world.plan_a1, "2.1"), version=1, facts=theirs)
    assert everything() == before
    assert item_of(world.plan_a1, "2.1").solution == "Lần 1."


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"expected_points": Decimal("0.7501")}, "expected_points"),
        ({"expected_points": Decimal("3")}, "expected_points"),
        ({"expected_points": Decimal("-0.25")}, "expected_points"),
        ({"deadline": date(2028, 1, 1)}, "deadline"),
        ({"deadline": date(2025, 12, 31)}, "deadline"),
        ({"solution": "  \n "}, "solution"),
        ({"lead_name": " "}, "lead"),
    ],
)
def test_core_refuses_an_item_edit_that_does_not_fit(
    world: World, change: dict[str, object], where: str
) -> None:
    item = item_of(world.plan_a1, "2.1")
    before = everything()
    with pytest.raises(Refused) as refused:
        actions.edit_item(world.officer_a, item, version=1, facts=facts_of(item, **change))
    assert refused.value.where == where
    assert everything() == before


def test_the_edges_of_an_item_edit_are_accepted(world: World) -> None:
    item = item_of(world.plan_a1, "2.1")
    facts = facts_of(item, expected_points=Decimal("0.75"), deadline=date(2027, 12, 31))
    actions.edit_item(world.officer_a, item, version=1, facts=facts)
    assert item_of(world.plan_a1, "2.1").deadline == date(2027, 12, 31)
    facts = facts_of(item, expected_points=Decimal(0), deadline=date(2026, 1, 1))
    actions.edit_item(world.officer_a, item, version=2, facts=facts)
    assert item_of(world.plan_a1, "2.1").expected_points == 0


@pytest.mark.parametrize(
    ("attr", "as_lead", "field"),
    [
        ("commune_b1", True, "lead_unit"),
        ("province_b", True, "lead_unit"),
        ("commune_a2", True, "lead_unit"),  # a commune beside, not a body of the province
        ("commune_b1", False, "coordinating_units"),
    ],
)
def test_a_unit_the_plan_cannot_give_tasks_to_is_refused(
    world: World, attr: str, as_lead: bool, field: str
) -> None:
    item = item_of(world.plan_a1, "2.1")
    unit = getattr(world, attr)
    change = {"lead_unit": unit} if as_lead else {"coordinating_units": (world.department_a, unit)}
    before = everything()
    with pytest.raises(ActionRefused) as refused:
        actions.edit_item(world.coord_a, item, version=1, facts=facts_of(item, **change))
    assert refused.value.field == field
    assert unit.name in str(refused.value.message)
    assert everything() == before


def test_a_task_can_go_to_the_province_itself(world: World) -> None:
    item = item_of(world.plan_a1, "2.1")
    actions.edit_item(
        world.officer_a, item, version=1, facts=facts_of(item, lead_unit=world.department_a)
    )
    assert item_of(world.plan_a1, "2.1").lead == world.department_a.name


@pytest.mark.parametrize("who", ["leader_a", "coord_b", "appraiser_a", "task_a"])
def test_only_officers_and_coordinators_edit_a_task(world: World, who: str) -> None:
    item = item_of(world.plan_a1, "2.1")
    before = everything()
    with pytest.raises(PermissionDenied):
        actions.edit_item(
            getattr(world, who), item, version=1, facts=facts_of(item, solution=NEW_SOLUTION)
        )
    assert everything() == before


# The order -----------------------------------------------------------------------------


def codes_in_order(plan: Plan) -> list[str]:
    return [item.loss.code for item in build.as_core(plan).by_priority]


def test_move_item_swaps_priorities_and_the_order_follows(world: World) -> None:
    plan = world.plan_a1
    assert codes_in_order(plan) == ["1.2", "2.1", "2.2"]
    numbers = version_numbers(plan)
    actions.move_item(world.officer_a, item_of(plan, "1.2"), version=1, up=False)
    assert codes_in_order(plan) == ["2.1", "1.2", "2.2"]
    assert (item_of(plan, "2.1").priority, item_of(plan, "1.2").priority) == (1, 2)
    event = last_event()
    assert event.action == "move_plan_item"
    assert event.changes == {"priority": {"old": 1, "new": 2}, "code": {"old": "1.2", "new": "1.2"}}
    assert version_numbers(plan) == [*numbers, numbers[-1] + 1]
    assert [item["code"] for item in last_version(plan).snapshot["items"]] == ["2.1", "1.2", "2.2"]
    actions.move_item(world.coord_a, item_of(plan, "2.2"), version=1, up=True)
    assert codes_in_order(plan) == ["2.1", "2.2", "1.2"]
    # The document's sections follow the order too.
    assert [item.priority for item in build.as_core(plan).by_priority] == [1, 2, 3]


def test_moving_the_first_up_or_the_last_down_changes_nothing(world: World) -> None:
    before = everything()
    actions.move_item(world.officer_a, item_of(world.plan_a1, "1.2"), version=1, up=True)
    actions.move_item(world.officer_a, item_of(world.plan_a1, "2.2"), version=1, up=False)
    assert everything() == before


def test_a_move_changes_the_neighbour_so_its_open_form_is_stale(world: World) -> None:
    """Moving 1.2 down moves 2.1 up: a form of 2.1 opened before must not save over it."""
    actions.move_item(world.officer_a, item_of(world.plan_a1, "1.2"), version=1, up=False)
    neighbour = item_of(world.plan_a1, "2.1")
    assert neighbour.version == 2
    before = everything()
    with pytest.raises(StaleVersion):
        actions.edit_item(
            world.coord_a, neighbour, version=1, facts=facts_of(neighbour, solution="Cũ.")
        )
    assert everything() == before


def test_a_stale_move_changes_nothing(world: World) -> None:
    item = item_of(world.plan_a1, "2.1")
    actions.edit_item(world.officer_a, item, version=1, facts=facts_of(item, solution="Mới."))
    before = everything()
    with pytest.raises(StaleVersion):
        actions.move_item(world.officer_a, item_of(world.plan_a1, "2.1"), version=1, up=True)
    assert everything() == before


# The header and reports -----------------------------------------------------------------

FACTS = actions.Facts(
    issuing_body="UBND xã Alpha Một",
    superior_body="UBND TỈNH ALPHA",
    number="12/KH-UBND",
    place="Alpha Một",
    issued_on=date(2026, 1, 15),
    title="Khắc phục hạn chế, nâng cao Chỉ số CCHC năm 2026",
    bases="Quyết định số 100/QĐ-UBND\n\nKế hoạch số 5/KH-UBND  ",
    recipients="UBND tỉnh\nLưu: VT",
    signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    signer="Nguyễn Văn A",
    shape=Shape.BY_FIELD,
    reports=(
        Report("quarter", date(2026, 3, 15)),
        Report("half_year", date(2026, 6, 10)),
        Report("quarter", date(2026, 9, 15)),
        Report("year", date(2027, 1, 10)),
    ),
)


def test_edit_plan_stores_the_header_shape_and_reports(world: World) -> None:
    numbers = version_numbers(world.plan_a1)
    actions.edit_plan(world.officer_a, world.plan_a1, version=1, facts=FACTS, reason="Dự thảo 2")
    plan = fresh(world.plan_a1)
    assert (plan.issuing_body, plan.number, plan.issued_on) == (
        "UBND xã Alpha Một",
        "12/KH-UBND",
        date(2026, 1, 15),
    )
    assert plan.shape == "by_field"
    assert plan.version == 2
    assert list(plan.reports.values_list("period", "due")) == [
        ("quarter", date(2026, 3, 15)),
        ("half_year", date(2026, 6, 10)),
        ("quarter", date(2026, 9, 15)),
        ("year", date(2027, 1, 10)),
    ]
    core = build.as_core(plan)
    assert core.header.bases == ("Quyết định số 100/QĐ-UBND", "Kế hoạch số 5/KH-UBND")
    assert core.header.superior_body == "UBND TỈNH ALPHA"
    assert core.shape == Shape.BY_FIELD
    assert [report.due for report in core.reports][-1] == date(2027, 1, 10)
    event = last_event()
    assert (event.action, event.reason) == ("edit_plan", "Dự thảo 2")
    assert event.changes["number"] == {"old": "", "new": "12/KH-UBND"}
    assert event.changes["reports"]["old"] == ["half_year 2026-06-15", "year 2026-11-15"]
    assert version_numbers(plan) == [*numbers, numbers[-1] + 1]
    assert last_version(plan).snapshot["header"]["number"] == "12/KH-UBND"


def test_saving_the_same_header_again_changes_nothing(world: World) -> None:
    actions.edit_plan(world.officer_a, world.plan_a1, version=1, facts=FACTS)
    before = everything()
    # Given in another order: the same reports.
    same = replace(FACTS, reports=tuple(reversed(FACTS.reports)))
    actions.edit_plan(world.officer_a, fresh(world.plan_a1), version=2, facts=same)
    assert everything() == before


@pytest.mark.parametrize(
    "reports",
    [
        (Report("year", date(2028, 1, 1)),),
        (Report("half_year", date(2025, 6, 15)),),
        (Report("month", date(2026, 6, 15)),),
    ],
)
def test_a_report_outside_the_plans_years_is_refused(
    world: World, reports: tuple[Report, ...]
) -> None:
    facts = replace(FACTS, reports=reports)
    before = everything()
    with pytest.raises(Refused) as refused:
        actions.edit_plan(world.officer_a, world.plan_a1, version=1, facts=facts)
    assert refused.value.where == "reports"
    assert everything() == before


def test_edit_plan_refuses_no_issuing_body_and_a_stale_version(world: World) -> None:
    before = everything()
    empty = replace(FACTS, issuing_body="  ")
    with pytest.raises(ActionRefused) as refused:
        actions.edit_plan(world.officer_a, world.plan_a1, version=1, facts=empty)
    assert refused.value.field == "issuing_body"
    with pytest.raises(StaleVersion):
        actions.edit_plan(world.officer_a, world.plan_a1, version=7, facts=FACTS)
    with pytest.raises(PermissionDenied):
        actions.edit_plan(world.leader_a, world.plan_a1, version=1, facts=FACTS)
    assert everything() == before


# Targets -------------------------------------------------------------------------------


def test_save_and_remove_targets(world: World) -> None:
    plan = world.plan_a1
    numbers = version_numbers(plan)
    facts = actions.TargetFacts(2, "100% TTHC được công khai", world.department_a, code="2.2")
    target = actions.save_target(world.officer_a, plan, facts=facts)
    assert (target.number, target.lead, target.code) == (2, "Sở Nội vụ Alpha", "2.2")
    assert last_event().action == "save_plan_target"
    assert [t.aim for t in build.as_core(plan).targets] == [
        "Không có hồ sơ trễ hạn",
        "100% TTHC được công khai",
    ]
    changed = actions.TargetFacts(1, "Không quá 1 hồ sơ trễ hạn", lead_name="Bộ phận một cửa")
    actions.save_target(world.coord_a, plan, facts=changed, target=world.target_a1, version=1)
    assert Target.objects.get(pk=world.target_a1.pk).aim == "Không quá 1 hồ sơ trễ hạn"
    assert last_event().changes == {
        "aim": {"old": "Không có hồ sơ trễ hạn", "new": "Không quá 1 hồ sơ trễ hạn"}
    }
    actions.remove_target(world.officer_a, target, version=1, reason="Trùng mục tiêu")
    assert list(plan.targets.values_list("number", flat=True)) == [1]
    event = last_event()
    assert (event.action, event.reason) == ("remove_plan_target", "Trùng mục tiêu")
    assert version_numbers(plan) == [*numbers, *(numbers[-1] + n for n in (1, 2, 3))]
    assert [t["number"] for t in last_version(plan).snapshot["targets"]] == [1]


@pytest.mark.parametrize(
    ("facts", "error"),
    [
        (actions.TargetFacts(1, "Trùng số", lead_name="Văn phòng"), Refused),
        (actions.TargetFacts(2, "  ", lead_name="Văn phòng"), Refused),
        (actions.TargetFacts(2, "Mục tiêu", lead_name=" "), Refused),
        (actions.TargetFacts(2, "Mục tiêu", lead_name="Văn phòng", code="9.9"), ActionRefused),
    ],
)
def test_a_target_that_does_not_fit_is_refused(
    world: World, facts: actions.TargetFacts, error: type[Exception]
) -> None:
    before = everything()
    with pytest.raises(error):
        actions.save_target(world.officer_a, world.plan_a1, facts=facts)
    assert everything() == before


def test_a_duplicate_target_number_names_the_number(world: World) -> None:
    with pytest.raises(Refused) as refused:
        actions.save_target(
            world.officer_a, world.plan_a1, facts=actions.TargetFacts(1, "Khác", lead_name="VP")
        )
    assert refused.value.where == "number"


def test_target_refusals_by_unit_and_version(world: World) -> None:
    before = everything()
    outside = actions.TargetFacts(2, "Mục tiêu", world.commune_b1)
    with pytest.raises(ActionRefused) as refused:
        actions.save_target(world.coord_a, world.plan_a1, facts=outside)
    assert refused.value.field == "lead_unit"
    same = actions.TargetFacts(1, "Khác đi", lead_name="VP")
    with pytest.raises(StaleVersion):
        actions.save_target(world.officer_a, world.plan_a1, facts=same, target=world.target_a1)
    with pytest.raises(StaleVersion):
        actions.remove_target(world.officer_a, world.target_a1, version=2)
    assert everything() == before


# Approval and the lock -------------------------------------------------------------------


def approve(world: World) -> Plan:
    plan = fresh(world.plan_a1)
    return actions.approve_plan(world.leader_a, plan, version=plan.version, reason="Đồng ý")


def test_the_leader_approves_and_the_plan_locks(world: World) -> None:
    numbers = version_numbers(world.plan_a1)
    approve(world)
    plan = fresh(world.plan_a1)
    assert plan.state == PlanState.APPROVED
    assert plan.locked
    assert plan.approved_by == world.leader_a
    assert plan.approved_at is not None
    event = last_event()
    assert (event.action, event.actor, event.reason) == ("approve_plan", world.leader_a, "Đồng ý")
    assert event.changes["state"] == {"old": "draft", "new": "approved"}
    assert version_numbers(plan) == [*numbers, numbers[-1] + 1]
    assert last_version(plan).snapshot["state"] == "approved"
    before = everything()
    with pytest.raises(ActionRefused):
        actions.approve_plan(world.leader_a, plan, version=plan.version)
    assert everything() == before


@pytest.mark.parametrize("who", ["officer_a", "coord_a", "coord_b", "appraiser_a"])
def test_only_a_leader_approves(world: World, who: str) -> None:
    before = everything()
    with pytest.raises(PermissionDenied):
        actions.approve_plan(getattr(world, who), world.plan_a1, version=1)
    assert everything() == before
    assert not fresh(world.plan_a1).locked


def test_an_administrator_approves_too(world: World) -> None:
    actions.approve_plan(world.admin, world.plan_a1, version=1)
    assert fresh(world.plan_a1).locked


Write = Callable[[World, User], object]


def _item_edit(w: World, who: User) -> object:
    item = item_of(w.plan_a1, "2.1")
    facts = facts_of(item, solution=NEW_SOLUTION)
    return actions.edit_item(who, item, version=item.version, facts=facts)


def _move(w: World, who: User) -> object:
    item = item_of(w.plan_a1, "2.1")
    return actions.move_item(who, item, version=item.version, up=True)


def _target(w: World) -> Target:
    return Target.objects.get(pk=w.target_a1.pk)


EDITS: dict[str, Write] = {
    "edit_plan": lambda w, who: actions.edit_plan(
        who, fresh(w.plan_a1), version=fresh(w.plan_a1).version, facts=FACTS
    ),
    "edit_item": _item_edit,
    "move_item": _move,
    "new_target": lambda w, who: actions.save_target(
        who, fresh(w.plan_a1), facts=actions.TargetFacts(2, "Mục tiêu mới", lead_name="VP")
    ),
    "change_target": lambda w, who: actions.save_target(
        who,
        fresh(w.plan_a1),
        facts=actions.TargetFacts(1, "Khác đi", lead_name="VP"),
        target=_target(w),
        version=_target(w).version,
    ),
    "remove_target": lambda w, who: actions.remove_target(
        who, _target(w), version=_target(w).version
    ),
}


@pytest.mark.parametrize("who", ["officer_a", "coord_a"])
@pytest.mark.parametrize("edit", list(EDITS))
def test_an_approved_plan_refuses_every_edit(world: World, edit: str, who: str) -> None:
    approve(world)
    before = everything()
    with pytest.raises(ActionRefused) as refused:
        EDITS[edit](world, getattr(world, who))
    assert not isinstance(refused.value, StaleVersion)
    assert everything() == before


@pytest.mark.parametrize("edit", list(EDITS))
def test_every_edit_works_on_a_draft(world: World, edit: str) -> None:
    """The other side of the lock: the same writes change the draft plan."""
    numbers = version_numbers(world.plan_a1)
    EDITS[edit](world, world.officer_a)
    assert version_numbers(world.plan_a1) == [*numbers, numbers[-1] + 1]


def test_reopening_needs_a_coordinator_and_a_reason(world: World) -> None:
    approve(world)
    plan = fresh(world.plan_a1)
    before = everything()
    for who in ("officer_a", "leader_a", "coord_b"):
        with pytest.raises(PermissionDenied):
            actions.reopen_plan(getattr(world, who), plan, version=plan.version, reason="Sửa")
    for reason in ("", "   "):
        with pytest.raises(ActionRefused) as refused:
            actions.reopen_plan(world.coord_a, plan, version=plan.version, reason=reason)
        assert refused.value.field == "reason"
    assert everything() == before
    actions.reopen_plan(world.coord_a, plan, version=plan.version, reason="Sửa mục 2.1")
    reopened = fresh(world.plan_a1)
    assert (reopened.state, reopened.approved_by, reopened.approved_at) == ("draft", None, None)
    event = last_event()
    assert (event.action, event.actor, event.reason) == (
        "reopen_plan",
        world.coord_a,
        "Sửa mục 2.1",
    )
    assert last_version(reopened).action == "reopen_plan"
    # Edits work again.
    EDITS["edit_item"](world, world.officer_a)
    assert item_of(world.plan_a1, "2.1").solution == NEW_SOLUTION


def test_a_draft_cannot_be_reopened(world: World) -> None:
    before = everything()
    with pytest.raises(ActionRefused):
        actions.reopen_plan(world.coord_a, world.plan_a1, version=1, reason="Sửa")
    assert everything() == before


# Versions -------------------------------------------------------------------------------


def test_every_write_adds_one_version_and_an_old_version_reads_as_it_stood(world: World) -> None:
    plan = world.plan_a1
    original = item_of(plan, "2.1").solution
    assert [(v.number, v.action) for v in plan.versions.order_by("number")] == [
        (1, "create_plan"),
        (2, "save_plan_target"),
    ]
    for edit in ("edit_item", "move_item", "edit_plan", "new_target", "remove_target"):
        EDITS[edit](world, world.officer_a)
    approve(world)
    actions.reopen_plan(world.coord_a, fresh(plan), version=fresh(plan).version, reason="Sửa")
    assert [(v.number, v.action) for v in plan.versions.order_by("number")] == [
        (1, "create_plan"),
        (2, "save_plan_target"),
        (3, "edit_plan_item"),
        (4, "move_plan_item"),
        (5, "edit_plan"),
        (6, "save_plan_target"),
        (7, "remove_plan_target"),
        (8, "approve_plan"),
        (9, "reopen_plan"),
    ]
    first = PlanVersion.objects.get(plan=plan, number=1)
    then = build.as_core(plan, first.snapshot)
    now = build.as_core(fresh(plan))
    [old_item] = [item for item in then.items if item.loss.code == "2.1"]
    [new_item] = [item for item in now.items if item.loss.code == "2.1"]
    assert (old_item.solution, new_item.solution) == (original, NEW_SOLUTION)
    assert [item.loss.code for item in then.by_priority] == ["1.2", "2.1", "2.2"]
    assert [item.loss.code for item in now.by_priority] == ["2.1", "1.2", "2.2"]
    assert then.targets == ()  # version 1 came before target 1
    assert then.header.number == ""
    assert now.header.number == "12/KH-UBND"
    assert then.recoverable == now.recoverable == Decimal("1.49")


def test_a_stored_item_the_analysis_no_longer_finds_is_left_out(world: World) -> None:
    """A reading of the results corrected since the plan was made must not break the plan:
    an item it no longer lists drops out, the others keep their words and order."""
    plan = world.plan_a1
    codes = list(plan.items.order_by("priority").values_list("code", flat=True))
    gone = plan.items.get(code=codes[0])
    PlanItem.objects.filter(pk=gone.pk).update(code="9.9")
    core = build.as_core(plan)
    assert [item.loss.code for item in core.by_priority] == [*codes[1:], codes[0]]
    assert "9.9" not in {item.loss.code for item in core.items}
    assert core.recoverable == core.lost
