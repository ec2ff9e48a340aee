"""Bad input through the pages' forms and the JSON API: refused by name, nothing changed.

Forms re-render (200) with the error beside the field (`id_<field>_error`, which the input's
aria-describedby names, from templates/form_fields.html); the API answers 400/409/422 with
the field in "where".
"""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from parindex.audit.models import AuditEvent
from parindex.org import actions
from parindex.org.models import Unit
from tests.cast import World, state

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


@pytest.fixture
def coord_a(world: World) -> Client:
    client = Client()
    client.force_login(world.coord_a)
    return client


def form_errors(response: "Response") -> dict[str, list[str]]:
    form = response.context["form"]
    return {name: list(errors) for name, errors in form.errors.items()}


def assert_refused_on(response: "Response", field: str) -> None:
    """The form came back (200) with its error shown beside `field` and nowhere else."""
    assert response.status_code == 200
    errors = form_errors(response)
    assert set(errors) == {field}, errors
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    if field != "units":  # a group of checkboxes has no single input to describe
        assert f'aria-describedby="id_{field}_error"' in html
    for message in errors[field]:
        assert escape(message) in html


# --- the unit form -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FormCase:
    field: str
    data: dict[str, str]


UNIT_DATA = {"code": "A.X9", "name": "Xã Alpha Chín", "kind": "commune", "reason": "thử"}

UNIT_CREATE_CASES: dict[str, FormCase] = {
    "empty name": FormCase("name", {"name": ""}),
    "blank name": FormCase("name", {"name": "   "}),
    "duplicate code": FormCase("code", {"code": "A.X1"}),
    "bad code": FormCase("code", {"code": "A X9"}),
    "code too long": FormCase("code", {"code": "A" * 33}),
    "unknown kind": FormCase("kind", {"kind": "village"}),
    "no such day": FormCase("valid_from", {"valid_from": "31/02/2025"}),
    "not a date": FormCase("valid_to", {"valid_to": "mai"}),
    "month first": FormCase("valid_from", {"valid_from": "07/31/2025"}),
    "until before from": FormCase(
        "valid_to", {"valid_from": "01/07/2025", "valid_to": "30/06/2025"}
    ),
}


def _unit_create_url(w: World) -> str:
    return reverse("unit_create") + f"?parent={w.province_a.pk}"


@pytest.mark.parametrize("case", UNIT_CREATE_CASES.values(), ids=list(UNIT_CREATE_CASES))
def test_unit_create_refuses(world: World, coord_a: Client, case: FormCase) -> None:
    before = state()
    response = coord_a.post(_unit_create_url(world), UNIT_DATA | case.data)
    assert_refused_on(response, case.field)
    assert state() == before


def test_unit_create_reads_days_first(world: World, coord_a: Client) -> None:
    """The control for the cases above: the same form, well filled, is saved."""
    data = UNIT_DATA | {"valid_from": "01/07/2025", "valid_to": "31/12/2025"}
    response = coord_a.post(_unit_create_url(world), data)
    assert response.status_code == 302
    unit = Unit.objects.get(code="A.X9")
    assert (unit.valid_from, unit.valid_to) == (date(2025, 7, 1), date(2025, 12, 31))
    assert unit.parent == world.province_a
    assert AuditEvent.objects.filter(action="create_unit", object_id=str(unit.pk)).count() == 1


def _edit_data(w: World, **changes: str) -> dict[str, str]:
    data = {
        "code": w.commune_a1.code,
        "name": w.commune_a1.name,
        "kind": w.commune_a1.kind,
        "parent": str(w.province_a.pk),
        "valid_from": "",
        "valid_to": "",
        "version": "1",
        "reason": "",
    }
    return data | changes


def test_unit_edit_refuses_a_stale_version(world: World, coord_a: Client) -> None:
    actions.update_unit(world.admin, world.commune_a1, version=1, name="Xã đã đổi tên")
    before = state()
    url = reverse("unit_edit", args=[world.commune_a1.pk])
    response = coord_a.post(url, _edit_data(world, name="Tên của tôi", version="1"))
    assert response.status_code == 200
    errors = form_errors(response)
    assert set(errors) == {"__all__"}  # the version is hidden: the message heads the form
    [message] = errors["__all__"]
    assert "1" in message
    assert "2" in message
    assert escape(message) in response.content.decode()
    assert state() == before
    stored = Unit.objects.get(pk=world.commune_a1.pk)
    assert (stored.name, stored.version) == ("Xã đã đổi tên", 2)


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("name", {"name": ""}),
        ("code", {"code": "A.X2"}),
        ("valid_from", {"valid_from": "31/02/2025"}),
        ("valid_to", {"valid_from": "02/01/2025", "valid_to": "01/02/2024"}),
        ("parent", {"parent": "999999"}),
        ("version", {"version": "abc"}),
    ],
)
def test_unit_edit_refuses(
    world: World, coord_a: Client, field: str, changes: dict[str, str]
) -> None:
    before = state()
    url = reverse("unit_edit", args=[world.commune_a1.pk])
    response = coord_a.post(url, _edit_data(world, **changes))
    if field == "version":  # a hidden field: its error is not beside a visible input
        assert response.status_code == 200
        assert set(form_errors(response)) == {"version"}
    else:
        assert_refused_on(response, field)
    assert state() == before


def test_unit_edit_offers_no_parent_inside_the_unit(world: World, coord_a: Client) -> None:
    child = actions.create_unit(
        world.coord_a, code="A.X1.T", name="Thôn Một", kind="other", parent=world.commune_a1
    )
    before = state()
    url = reverse("unit_edit", args=[world.commune_a1.pk])
    response = coord_a.post(url, _edit_data(world, parent=str(child.pk)))
    assert_refused_on(response, "parent")
    assert state() == before


# --- the group and person forms ------------------------------------------------------------------


def test_group_create_refuses_a_duplicate_name(world: World, coord_a: Client) -> None:
    before = state()
    url = reverse("group_create") + f"?unit={world.province_a.pk}"
    data = {"name": "Khối xã", "year": "2025", "units": [str(world.commune_a1.pk)]}
    response = coord_a.post(url, data)
    assert_refused_on(response, "name")
    assert state() == before


def test_group_create_refuses_a_unit_from_elsewhere(world: World, coord_a: Client) -> None:
    before = state()
    url = reverse("group_create") + f"?unit={world.province_a.pk}"
    data = {"name": "Khối mới", "year": "2026", "units": [str(world.commune_b1.pk)]}
    response = coord_a.post(url, data)
    assert_refused_on(response, "units")
    assert state() == before


def test_group_edit_refuses_a_stale_version(world: World, coord_a: Client) -> None:
    actions.update_ranking_group(world.admin, world.group_a, version=1, name="Khối xã A")
    before = state()
    url = reverse("group_edit", args=[world.group_a.pk])
    data = {
        "name": "Khối của tôi",
        "year": "2025",
        "units": [str(world.commune_a1.pk)],
        "version": "1",
    }
    response = coord_a.post(url, data)
    assert response.status_code == 200
    assert set(form_errors(response)) == {"__all__"}
    assert state() == before


PERSON_DATA = {
    "username": "canbo.moi",
    "full_name": "Cán bộ Mới",
    "email": "",
    "role": "unit_officer",
    "reason": "",
}


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("username", {"username": "officer_a"}),
        ("username", {"username": "Officer_A"}),
        ("full_name", {"full_name": ""}),
        ("email", {"email": "không phải thư"}),
        ("role", {"role": "mayor"}),
    ],
)
def test_person_create_refuses(
    world: World, coord_a: Client, field: str, changes: dict[str, str]
) -> None:
    before = state()
    data = PERSON_DATA | {"unit": str(world.commune_a2.pk)} | changes
    response = coord_a.post(reverse("person_create"), data)
    assert_refused_on(response, field)
    assert state() == before


# --- the API ----------------------------------------------------------------------------------


def _json(response: "Response") -> Any:
    return response.json()


def _where(response: "Response") -> list[str]:
    """The last part of each "where" of a 422 (e.g. "body → body → name" → "name")."""
    return [error["where"].split(" → ")[-1] for error in _json(response)["detail"]]


UNIT_BODY: dict[str, Any] = {"code": "A.X9", "name": "Xã Alpha Chín", "kind": "commune"}


@pytest.mark.parametrize(
    ("field", "body"),
    [
        ("name", {"code": "A.X9", "kind": "commune"}),
        ("code", {"name": "Xã", "kind": "commune"}),
        ("parent_id", UNIT_BODY | {"parent_id": "abc"}),
        ("parent_id", UNIT_BODY | {"parent_id": 1.5}),
        ("valid_from", UNIT_BODY | {"valid_from": "31/02/2025"}),
        ("valid_to", UNIT_BODY | {"valid_to": "2025-02-31"}),
        ("name", UNIT_BODY | {"name": 7}),
    ],
)
def test_api_create_unit_malformed_is_422(
    world: World, coord_a: Client, field: str, body: dict[str, Any]
) -> None:
    before = state()
    response = coord_a.post("/api/units", body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert _where(response) == [field]
    assert all(error["message"] for error in _json(response)["detail"])
    assert state() == before


@pytest.mark.parametrize("raw", ["not json", '{"code": "A.X9",', ""])
def test_api_create_unit_with_a_body_that_is_not_json(
    world: World, coord_a: Client, raw: str
) -> None:
    before = state()
    response = coord_a.post("/api/units", raw, content_type="application/json")
    assert response.status_code == 422
    assert _json(response)["detail"][0]["where"].startswith("body")
    assert state() == before


def test_api_not_json_is_said_in_vietnamese(world: World, coord_a: Client) -> None:
    response = coord_a.post("/api/units", "not json", content_type="application/json")
    assert _json(response)["detail"] == [
        {"where": "body", "message": "Nội dung yêu cầu không phải JSON hợp lệ."}
    ]


@pytest.mark.parametrize("field", ["code", "name", "kind"])
def test_api_patch_refuses_null_for_a_required_value(
    world: World, coord_a: Client, field: str
) -> None:
    before = state()
    response = coord_a.patch(
        f"/api/units/{world.commune_a1.pk}",
        {"version": 1, field: None},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert _json(response)["where"] == field
    assert state() == before


def test_api_parent_id_zero_is_a_unit_that_does_not_exist(world: World, coord_a: Client) -> None:
    before = state()
    response = coord_a.post(
        "/api/units", UNIT_BODY | {"parent_id": 0}, content_type="application/json"
    )
    assert response.status_code == 400
    assert _json(response)["where"] == "parent_id"
    assert state() == before


def test_an_administrator_renames_a_province_in_the_form(world: World) -> None:
    client = Client()
    client.force_login(world.admin)
    response = client.post(
        reverse("unit_edit", args=[world.province_a.pk]),
        {"version": 1, "code": "A", "name": "Tỉnh Alpha Mới", "kind": "province", "parent": ""},
    )
    assert response.status_code == 302
    world.province_a.refresh_from_db()
    assert (world.province_a.name, world.province_a.parent) == ("Tỉnh Alpha Mới", None)


def _with_parent(w: World, **values: Any) -> dict[str, Any]:
    return UNIT_BODY | {"parent_id": w.province_a.pk} | values


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("code", {"code": "A.X1"}),
        ("code", {"code": "A X9"}),
        ("name", {"name": "  "}),
        ("kind", {"kind": "village"}),
        ("valid_to", {"valid_from": "2025-07-01", "valid_to": "2025-06-30"}),
    ],
)
def test_api_create_unit_refused_is_400(
    world: World, coord_a: Client, field: str, values: dict[str, Any]
) -> None:
    before = state()
    body = _with_parent(world, **values)
    response = coord_a.post("/api/units", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert _json(response)["where"] == field
    assert _json(response)["detail"]
    assert state() == before


@pytest.mark.parametrize("parent", ["province_b", None])
def test_api_create_unit_under_a_parent_out_of_sight(
    world: World, coord_a: Client, parent: str | None
) -> None:
    before = state()
    parent_id = getattr(world, parent).pk if parent else 10**6
    body = UNIT_BODY | {"parent_id": parent_id}
    response = coord_a.post("/api/units", body, content_type="application/json")
    assert response.status_code == 400
    assert _json(response)["where"] == "parent_id"
    assert state() == before


def test_api_update_unit_with_a_stale_version_is_409(world: World, coord_a: Client) -> None:
    url = f"/api/units/{world.commune_a1.pk}"
    first = coord_a.patch(url, {"version": 1, "name": "Tên thứ nhất"}, "application/json")
    assert first.status_code == 200
    assert _json(first)["version"] == 2
    before = state()
    second = coord_a.patch(url, {"version": 1, "name": "Tên thứ hai"}, "application/json")
    assert second.status_code == 409
    message = _json(second)["detail"]
    assert "1" in message
    assert "2" in message
    assert state() == before
    stored = Unit.objects.get(pk=world.commune_a1.pk)
    assert (stored.name, stored.version) == ("Tên thứ nhất", 2)


@pytest.mark.parametrize(
    ("status", "field", "body"),
    [
        (422, "version", {"name": "Không có phiên bản"}),
        (422, "version", {"version": "một", "name": "X"}),
        (422, "valid_from", {"version": 1, "valid_from": "01/07/2025"}),
        (400, "parent_id", {"version": 1, "parent_id": None}),
        (400, "code", {"version": 1, "code": "A.X2"}),
        (400, "name", {"version": 1, "name": ""}),
    ],
)
def test_api_update_unit_refuses(
    world: World, coord_a: Client, status: int, field: str, body: dict[str, Any]
) -> None:
    before = state()
    url = f"/api/units/{world.commune_a1.pk}"
    response = coord_a.patch(url, body, content_type="application/json")
    assert response.status_code == status, response.content
    if status == 422:
        assert _where(response) == [field]
    else:
        assert _json(response)["where"] == field
    assert state() == before


def test_api_create_group_with_a_unit_out_of_sight(world: World, coord_a: Client) -> None:
    before = state()
    body = {
        "evaluating_unit_id": world.province_a.pk,
        "year": 2026,
        "name": "Khối mới",
        "unit_ids": [world.commune_a1.pk, world.commune_b1.pk],
    }
    response = coord_a.post("/api/groups", body, content_type="application/json")
    assert response.status_code == 400
    assert _json(response)["where"] == "unit_ids"
    assert state() == before


def test_api_update_group_with_a_stale_version_is_409(world: World, coord_a: Client) -> None:
    actions.update_ranking_group(world.admin, world.group_a, version=1, year=2026)
    before = state()
    response = coord_a.patch(
        f"/api/groups/{world.group_a.pk}", {"version": 1, "name": "Khối"}, "application/json"
    )
    assert response.status_code == 409
    assert state() == before


def test_the_role_form_offers_only_roles_the_giver_may_give(world: World, coord_a: Client) -> None:
    form = coord_a.get(reverse("person_create")).context["form"]
    offered = {value for value, _label in form.fields["role"].choices}
    assert offered == {"unit_officer", "appraiser", "council_member", "task_owner", "leader"}
    units = set(form.fields["unit"].queryset.values_list("code", flat=True))
    assert units == {"A", "A.SNV", "A.X1", "A.X2"}
