"""The plans API: a plan read with the gap analysis's numbers as exact decimals, its tasks
and header changed through the same named writes as the pages, each refusal with its status
and the attribute at fault, and nothing changed by any of them."""

from typing import Any

import pytest
from django.test import Client

from parindex.plans import actions
from parindex.plans.models import Plan
from tests.cast import World
from tests.plans.common import everything, fresh, item_of, record_result

NEW_SOLUTION = "Giải quyết hồ sơ trước hạn; báo cáo hằng tuần."
JSON = "application/json"


def client_of(world: World, who: str) -> Client:
    client = Client()
    client.force_login(getattr(world, who))
    return client


def plan_url(plan: Plan, rest: str = "") -> str:
    return f"/api/plans/{plan.pk}{rest}"


def item_url(world: World, code: str) -> str:
    return plan_url(world.plan_a1, f"/items/{item_of(world.plan_a1, code).pk}")


def patch(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.patch(url, body, content_type=JSON)


def test_a_plan_reads_with_exact_numbers_and_its_totals(world: World) -> None:
    response = client_of(world, "officer_a").get(plan_url(world.plan_a1))
    assert response.status_code == 200
    body = response.json()
    assert (body["lost"], body["recoverable"]) == ("1.49", "1.49")
    assert body["year"] == 2026
    assert body["state"] == "draft"
    assert body["unit_name"] == "Xã Alpha Một"
    items = body["items"]
    assert [(i["code"], i["lost"], i["expected_points"]) for i in items] == [
        ("1.2", "0.24", "0.24"),
        ("2.1", "0.75", "0.75"),
        ("2.2", "0.5", "0.5"),
    ]
    assert [(i["max_points"], i["achieved"]) for i in items] == [
        ("3", "2.76"),
        ("3", "2.25"),
        ("2", "1.5"),
    ]
    assert [i["priority"] for i in items] == [1, 2, 3]
    assert [i["deadline"] for i in items] == ["2026-06-30", "2026-06-30", "2026-09-30"]
    assert items[1]["id"] == item_of(world.plan_a1, "2.1").pk
    assert items[1]["solution"] == item_of(world.plan_a1, "2.1").solution
    assert items[1]["version"] == 1
    assert body["reports"] == [
        {"period": "half_year", "due": "2026-06-15"},
        {"period": "year", "due": "2026-11-15"},
    ]
    assert [t["aim"] for t in body["targets"]] == ["Không có hồ sơ trễ hạn"]


def test_the_list_filters_by_year_and_unit(world: World) -> None:
    client = client_of(world, "coord_a")
    assert [p["id"] for p in client.get("/api/plans").json()] == [world.plan_a1.pk]
    assert client.get("/api/plans?year=2025").json() == []
    assert client.get(f"/api/plans?unit_id={world.commune_a2.pk}").json() == []
    assert client_of(world, "coord_b").get("/api/plans").json() == []


def test_patching_a_task_changes_it_and_answers_the_plan(world: World) -> None:
    client = client_of(world, "officer_a")
    body = {
        "version": 1,
        "solution": NEW_SOLUTION,
        "expected_points": "0.5",
        "deadline": "2026-05-31",
        "status": "in_progress",
        "lead_unit_id": world.department_a.pk,
        "coordinating_names": ["Công an xã"],
        "reason": "Họp giao ban",
    }
    response = patch(client, item_url(world, "2.1"), body)
    assert response.status_code == 200, response.content
    answered = response.json()
    assert answered["recoverable"] == "1.24"
    [task] = [i for i in answered["items"] if i["code"] == "2.1"]
    assert task["solution"] == NEW_SOLUTION
    assert task["expected_points"] == "0.5"
    assert task["lead"] == "Sở Nội vụ Alpha"
    assert task["lead_unit_id"] == world.department_a.pk
    assert task["coordinating"] == ["Công an xã"]
    assert task["version"] == 2
    stored = item_of(world.plan_a1, "2.1")
    assert (stored.solution, stored.status, str(stored.deadline)) == (
        NEW_SOLUTION,
        "in_progress",
        "2026-05-31",
    )
    # What was not given stays.
    response = patch(client, item_url(world, "2.1"), {"version": 2, "solution": "Chỉ giải pháp."})
    assert response.status_code == 200
    stored = item_of(world.plan_a1, "2.1")
    assert (stored.solution, stored.lead_unit, stored.status) == (
        "Chỉ giải pháp.",
        world.department_a,
        "in_progress",
    )


def test_a_stale_patch_is_a_conflict(world: World) -> None:
    client = client_of(world, "officer_a")
    assert (
        patch(client, item_url(world, "2.1"), {"version": 1, "solution": "Lần 1."}).status_code
        == 200
    )
    before = everything()
    response = patch(client, item_url(world, "2.1"), {"version": 1, "solution": NEW_SOLUTION})
    assert response.status_code == 409
    assert everything() == before


@pytest.mark.parametrize(
    ("body", "status", "where"),
    [
        ({"expected_points": "0.76"}, 400, "expected_points"),
        ({"expected_points": "0.7501"}, 400, "expected_points"),
        ({"deadline": "2028-01-01"}, 400, "deadline"),
        ({"solution": "  "}, 400, "solution"),
        ({"lead_unit_id": 999_999}, 400, "lead_unit_id"),
        ({"coordinating_unit_ids": [999_999]}, 400, "coordinating_unit_ids"),
        ({"lead_name": ""}, 400, "lead_name"),
        ({"expected_points": "-1"}, 422, "body → expected_points"),
        ({"expected_points": "abc"}, 422, "body → expected_points"),
        ({"status": "finished"}, 422, "body → status"),
        ({"deadline": "31/02/2026"}, 422, "body → deadline"),
    ],
)
def test_a_bad_patch_of_a_task_names_the_attribute(
    world: World, body: dict[str, Any], status: int, where: str
) -> None:
    before = everything()
    response = patch(client_of(world, "officer_a"), item_url(world, "2.1"), {"version": 1, **body})
    assert response.status_code == status, response.content
    detail = response.json()
    if status == 400:
        assert detail["where"] == where
        assert detail["detail"]
    else:
        assert where in [error["where"] for error in detail["detail"]]
    assert everything() == before


@pytest.mark.parametrize(
    ("attr", "body_of"),
    [
        ("commune_a2", lambda pk: {"lead_unit_id": pk}),  # visible, but a commune beside
        ("province_b", lambda pk: {"lead_unit_id": pk}),  # another province (admin sees it)
        ("commune_a2", lambda pk: {"coordinating_unit_ids": [pk]}),
    ],
)
def test_a_unit_the_plan_cannot_give_tasks_to_is_named_by_its_attribute(
    world: World, attr: str, body_of: Any
) -> None:
    body = {"version": 1, **body_of(getattr(world, attr).pk)}
    where = next(iter(body.keys() - {"version"}))
    before = everything()
    response = patch(client_of(world, "admin"), item_url(world, "2.1"), body)
    assert response.status_code == 400, response.content
    assert response.json()["where"] == where
    assert everything() == before


def test_patching_the_header_and_reports(world: World) -> None:
    client = client_of(world, "officer_a")
    body = {
        "version": 1,
        "number": "12/KH-UBND",
        "issued_on": "2026-01-05",
        "bases": ["Quyết định số 100/QĐ-UBND", "Kế hoạch số 5/KH-UBND"],
        "shape": "by_field",
        "reports": [
            {"period": "quarter", "due": "2026-03-15"},
            {"period": "year", "due": "2027-01-10"},
        ],
    }
    response = patch(client, plan_url(world.plan_a1), body)
    assert response.status_code == 200, response.content
    answered = response.json()
    assert (answered["number"], answered["shape"], answered["version"]) == (
        "12/KH-UBND",
        "by_field",
        2,
    )
    assert answered["bases"] == body["bases"]
    assert answered["reports"] == body["reports"]
    assert answered["issuing_body"] == "Xã Alpha Một"  # not given: kept
    plan = fresh(world.plan_a1)
    assert plan.bases == "Quyết định số 100/QĐ-UBND\nKế hoạch số 5/KH-UBND"
    assert [r.period for r in plan.reports.all()] == ["quarter", "year"]


@pytest.mark.parametrize(
    ("body", "status", "where"),
    [
        (
            {"reports": [{"period": "month", "due": "2026-06-15"}]},
            422,
            "body → reports → 0 → period",
        ),
        ({"reports": [{"period": "year", "due": "2028-11-15"}]}, 400, "reports"),
        ({"reports": [{"period": "year", "due": "2025-11-15"}]}, 400, "reports"),
        ({"issuing_body": " "}, 400, "issuing_body"),
        ({"shape": "by_unit"}, 422, "body → shape"),
        ({"issued_on": "2026-02-31"}, 422, "body → issued_on"),
    ],
)
def test_a_bad_patch_of_the_header_changes_nothing(
    world: World, body: dict[str, Any], status: int, where: str
) -> None:
    before = everything()
    response = patch(client_of(world, "officer_a"), plan_url(world.plan_a1), {"version": 1, **body})
    assert response.status_code == status, response.content
    detail = response.json()
    wheres = [detail["where"]] if status == 400 else [e["where"] for e in detail["detail"]]
    assert where in wheres
    assert everything() == before


def test_a_stale_patch_of_the_header_is_a_conflict(world: World) -> None:
    before = everything()
    response = patch(
        client_of(world, "officer_a"), plan_url(world.plan_a1), {"version": 3, "number": "1"}
    )
    assert response.status_code == 409
    assert everything() == before


def test_a_result_gets_one_plan(world: World) -> None:
    result = record_result(world.admin, world.commune_a2, world.framework_a, world.province_a)
    client = client_of(world, "coord_a")
    url = f"/api/results/{result.pk}/plan"
    first = client.post(url, {"reason": "Lập kế hoạch"}, content_type=JSON)
    assert first.status_code == 201, first.content
    created = first.json()
    assert created["result_id"] == result.pk
    assert [(i["code"], i["lost"]) for i in created["items"]] == [("2.1", "0.5")]
    assert created["recoverable"] == "0.5"
    before = everything()
    second = client.post(url, {}, content_type=JSON)
    assert second.status_code == 400
    assert everything() == before
    assert Plan.objects.filter(result=result).count() == 1


def test_an_approved_plan_refuses_patches(world: World) -> None:
    leader = client_of(world, "leader_a")
    approved = leader.post(plan_url(world.plan_a1, "/approve"), {"version": 1}, content_type=JSON)
    assert approved.status_code == 200, approved.content
    assert approved.json()["state"] == "approved"
    officer = client_of(world, "officer_a")
    before = everything()
    version = fresh(world.plan_a1).version
    attempts = [
        patch(officer, item_url(world, "2.1"), {"version": 1, "solution": NEW_SOLUTION}),
        patch(officer, plan_url(world.plan_a1), {"version": version, "number": "1/KH"}),
        officer.post(
            plan_url(world.plan_a1, f"/items/{item_of(world.plan_a1, '2.1').pk}/move"),
            {"version": 1, "direction": "up"},
            content_type=JSON,
        ),
        officer.post(
            plan_url(world.plan_a1, "/targets"),
            {"number": 2, "aim": "Mục tiêu", "lead_name": "VP"},
            content_type=JSON,
        ),
        officer.delete(plan_url(world.plan_a1, f"/targets/{world.target_a1.pk}?version=1")),
        leader.post(plan_url(world.plan_a1, "/approve"), {"version": version}, content_type=JSON),
    ]
    assert [response.status_code for response in attempts] == [400] * len(attempts)
    assert everything() == before
    coordinator = client_of(world, "coord_a")
    no_reason = coordinator.post(
        plan_url(world.plan_a1, "/reopen"), {"version": version}, content_type=JSON
    )
    assert no_reason.status_code == 400
    assert no_reason.json()["where"] == "reason"
    assert everything() == before
    reopened = coordinator.post(
        plan_url(world.plan_a1, "/reopen"),
        {"version": version, "reason": "Sửa mục 2.1"},
        content_type=JSON,
    )
    assert reopened.status_code == 200
    assert (
        patch(officer, item_url(world, "2.1"), {"version": 1, "solution": NEW_SOLUTION}).status_code
        == 200
    )


def test_targets_through_the_api(world: World) -> None:
    client = client_of(world, "officer_a")
    url = plan_url(world.plan_a1, "/targets")
    body = {"number": 2, "aim": "100% TTHC công khai", "lead_unit_id": world.department_a.pk}
    created = client.post(url, body, content_type=JSON)
    assert created.status_code == 201, created.content
    assert (created.json()["lead"], created.json()["version"]) == ("Sở Nội vụ Alpha", 1)
    before = everything()
    again = client.post(url, body, content_type=JSON)  # number 2 is taken now
    assert again.status_code == 400
    assert again.json()["where"] == "number"
    assert everything() == before


def test_moving_through_the_api(world: World) -> None:
    client = client_of(world, "officer_a")
    url = plan_url(world.plan_a1, f"/items/{item_of(world.plan_a1, '1.2').pk}/move")
    response = client.post(url, {"version": 1, "direction": "down"}, content_type=JSON)
    assert response.status_code == 200
    assert [i["code"] for i in response.json()["items"]] == ["2.1", "1.2", "2.2"]
    before = everything()
    stale = client.post(url, {"version": 1, "direction": "down"}, content_type=JSON)
    assert stale.status_code == 409
    assert everything() == before


def test_actions_reach_the_same_plan_as_the_api(world: World) -> None:
    """A write through the named write shows in the API's answer at once."""
    item = item_of(world.plan_a1, "2.2")
    actions.move_item(world.officer_a, item, version=1, up=True)
    body = client_of(world, "officer_a").get(plan_url(world.plan_a1)).json()
    assert [i["code"] for i in body["items"]] == ["1.2", "2.2", "2.1"]
