"""What a new plan proposes (coordinators' entries first, then the solutions approved plans
of the same framework and evaluating unit used, then the built-in library), and the Word
template a unit's plans are written into."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from parindex.audit.writes import ActionRefused
from parindex.frameworks import actions as framework_actions
from parindex.plans import actions, build
from parindex.plans.models import PlanTemplate, SolutionEntry
from parindex.results.models import Result
from tests.cast import FRAMEWORK_A, World
from tests.plans.common import (
    FIELD_2,
    docx_headers,
    docx_text,
    everything,
    facts_of,
    fresh,
    item_of,
    letterhead_docx,
    record_result,
)

LEARNED = "Lập sổ theo dõi hạn giải quyết từng hồ sơ, nhắc hạn trước 2 ngày."
COORDINATORS = "Theo dõi hạn giải quyết hằng tuần."  # solution_a's text, for 2.1


def approve_with_learned_2_1(world: World) -> None:
    """Commune A1's plan, its 2.1 task rewritten and led by the department, approved."""
    item = item_of(world.plan_a1, "2.1")
    facts = facts_of(item, solution=LEARNED, lead_unit=world.department_a)
    actions.edit_item(world.officer_a, item, version=item.version, facts=facts)
    plan = fresh(world.plan_a1)
    actions.approve_plan(world.leader_a, plan, version=plan.version)


def result_a2(world: World) -> Result:
    return record_result(world.admin, world.commune_a2, world.framework_a, world.province_a)


def proposed(result: Result, node_id: str = "f2-c1") -> str:
    return build.library_for(result, "vi").suggest(node_id, None, FIELD_2).solution


def test_an_approved_plans_solution_is_proposed_to_the_next_plan(world: World) -> None:
    actions.remove_solution(world.coord_a, world.solution_a)
    result = result_a2(world)
    assert proposed(result) != LEARNED
    approve_with_learned_2_1(world)
    assert proposed(result) == LEARNED
    plan = actions.create_plan(world.coord_a, result=result)
    drafted = item_of(plan, "2.1")
    assert drafted.solution == LEARNED
    assert drafted.lead == world.department_a.name  # its lead comes with it


def test_a_learned_solution_brings_its_coordinating_units(world: World) -> None:
    actions.remove_solution(world.coord_a, world.solution_a)
    item = item_of(world.plan_a1, "2.1")
    facts = facts_of(
        item, solution=LEARNED, coordinating_units=(world.department_a,), coordinating_names=""
    )
    actions.edit_item(world.officer_a, item, version=item.version, facts=facts)
    plan = fresh(world.plan_a1)
    actions.approve_plan(world.leader_a, plan, version=plan.version)
    suggestion = build.library_for(result_a2(world), "vi").suggest("f2-c1", None, FIELD_2)
    assert (suggestion.solution, suggestion.coordinating) == (LEARNED, (world.department_a.name,))


def test_a_draft_plans_solutions_are_not_learned(world: World) -> None:
    actions.remove_solution(world.coord_a, world.solution_a)
    item = item_of(world.plan_a1, "2.1")
    actions.edit_item(world.officer_a, item, version=1, facts=facts_of(item, solution=LEARNED))
    assert proposed(result_a2(world)) != LEARNED


def test_a_reopened_plans_solutions_are_no_longer_learned(world: World) -> None:
    actions.remove_solution(world.coord_a, world.solution_a)
    approve_with_learned_2_1(world)
    plan = fresh(world.plan_a1)
    actions.reopen_plan(world.coord_a, plan, version=plan.version, reason="Sửa lại")
    assert proposed(result_a2(world)) != LEARNED


def test_a_coordinators_entry_comes_before_the_learned_one(world: World) -> None:
    approve_with_learned_2_1(world)
    result = result_a2(world)
    library = build.library_for(result, "vi")
    assert [s.solution for s in library.by_node["f2-c1"]] == [COORDINATORS, LEARNED]
    assert proposed(result) == COORDINATORS
    assert item_of(actions.create_plan(world.coord_a, result=result), "2.1").solution == (
        COORDINATORS
    )


def test_learned_solutions_stay_with_their_evaluating_unit(world: World) -> None:
    approve_with_learned_2_1(world)
    # Commune B1 scored on the same framework, but by province B.
    result_b1 = record_result(world.admin, world.commune_b1, world.framework_a, world.province_b)
    assert proposed(result_b1) != LEARNED
    assert proposed(result_b1) != COORDINATORS  # province A's coordinator wrote that
    assert proposed(result_a2(world)) == COORDINATORS


def test_province_bs_coordinator_entries_are_not_used_for_province_a(world: World) -> None:
    national_file = FRAMEWORK_A.replace("id: alpha-xa-2025", "id: quoc-gia-xa-2025")
    national = framework_actions.load_framework(
        world.admin, data=national_file.encode(), filename="quoc-gia.yaml", owner=None
    )

    def entry(who: str, owner: str, text: str) -> SolutionEntry:
        facts = actions.SolutionFacts(getattr(world, owner), national.pk, "2.1", text, "Văn phòng")
        return actions.save_solution(getattr(world, who), facts=facts)

    entry("coord_b", "province_b", "Cách làm của tỉnh Beta.")
    a2 = record_result(world.admin, world.commune_a2, national, world.province_a)
    b1 = record_result(world.admin, world.commune_b1, national, world.province_b)
    assert proposed(a2) != "Cách làm của tỉnh Beta."
    assert proposed(b1) == "Cách làm của tỉnh Beta."
    entry("coord_a", "province_a", "Cách làm của tỉnh Alpha.")
    assert proposed(a2) == "Cách làm của tỉnh Alpha."
    assert proposed(b1) == "Cách làm của tỉnh Beta."
    assert item_of(actions.create_plan(world.coord_a, result=a2), "2.1").solution == (
        "Cách làm của tỉnh Alpha."
    )


def test_a_coordinator_writes_entries_only_for_their_frameworks_and_units(world: World) -> None:
    before = everything()
    theirs = actions.SolutionFacts(world.province_b, world.framework_a.pk, "2.1", "Khác", "VP")
    with pytest.raises(ActionRefused) as refused:
        actions.save_solution(world.coord_b, facts=theirs)
    assert refused.value.field == "framework"
    mine = actions.SolutionFacts(world.province_a, world.framework_a.pk, "9.9", "Khác", "VP")
    with pytest.raises(ActionRefused) as refused:
        actions.save_solution(world.coord_a, facts=mine)
    assert refused.value.field == "code"
    for who in ("coord_b", "officer_a", "leader_a"):
        with pytest.raises(PermissionDenied):
            actions.remove_solution(getattr(world, who), world.solution_a)
    outside = actions.SolutionFacts(world.province_a, world.framework_a.pk, "2.1", "Khác", "VP")
    with pytest.raises(PermissionDenied):
        actions.save_solution(world.coord_b, facts=outside)
    assert everything() == before


# The Word template ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data", [b"not a docx", b"PK\x03\x04 not really a zip", b""], ids=["text", "zip", "empty"]
)
def test_a_template_that_is_not_a_word_file_is_refused(world: World, data: bytes) -> None:
    before = everything()
    with pytest.raises(ActionRefused) as refused:
        actions.set_plan_template(
            world.coord_a, unit=world.province_a, data=data, filename="mau.docx"
        )
    assert refused.value.field == "file"
    assert "Word" in str(refused.value.message)  # core's words for it, not a server error
    assert everything() == before
    assert not PlanTemplate.objects.exists()


def test_a_word_template_gives_the_plans_document_its_letterhead(world: World) -> None:
    client = Client()
    client.force_login(world.officer_a)
    url = reverse("plan_docx", args=[world.plan_a1.pk])
    assert "LETTERHEAD X" not in docx_headers(client.get(url).content)
    actions.set_plan_template(
        world.coord_a,
        unit=world.province_a,
        data=letterhead_docx("LETTERHEAD X"),
        filename="mau.docx",
        reason="Mẫu của tỉnh",
    )
    assert PlanTemplate.objects.get().filename == "mau.docx"
    data = client.get(url).content
    assert "LETTERHEAD X" in docx_headers(data)
    body = docx_text(data)
    assert "Văn bản mẫu" not in body  # the template's body is replaced by the plan
    assert all(code in body for code in ("1.2", "2.1", "2.2"))
    actions.remove_plan_template(world.coord_a, unit=world.province_a)
    assert "LETTERHEAD X" not in docx_headers(client.get(url).content)


def test_only_a_coordinator_of_the_unit_sets_its_template(world: World) -> None:
    before = everything()
    for who in ("officer_a", "leader_a", "coord_b"):
        with pytest.raises(PermissionDenied):
            actions.set_plan_template(
                getattr(world, who),
                unit=world.province_a,
                data=letterhead_docx("LETTERHEAD X"),
                filename="mau.docx",
            )
    assert everything() == before


def test_a_template_too_large_is_refused(world: World) -> None:
    before = everything()
    with pytest.raises(ActionRefused) as refused:
        actions.set_plan_template(
            world.coord_a,
            unit=world.province_a,
            data=b"x" * (actions.TEMPLATE_MOST_BYTES + 1),
            filename="lon.docx",
        )
    assert refused.value.field == "file"
    assert everything() == before
