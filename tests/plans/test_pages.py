"""The plan's pages: the tasks with the gap analysis's numbers in Vietnamese format, a task
edited in place (htmx) or on its page, the order, the header form, approval, and the Word and
Excel downloads. Refused input shows the form again with its error and changes nothing.

Vietnamese words are asserted only where they are Django's own (its catalogue is complete)
or the data's; the project's catalogue is still being completed."""

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from parindex.core.plan import ItemStatus
from parindex.org import actions as org_actions
from parindex.plans import actions, build
from parindex.plans.models import Plan, PlanItem
from tests.cast import World
from tests.plans.common import (
    docx_headers,
    docx_text,
    everything,
    fresh,
    item_of,
    letterhead_docx,
    record_result,
)

NEW_SOLUTION = "Niêm yết đủ 100% thủ tục hành chính tại bộ phận một cửa."
HTMX = {"HX-Request": "true"}  # HTTP_HX_REQUEST, as django-htmx reads it


def client_of(world: World, who: str) -> Client:
    client = Client()
    client.force_login(getattr(world, who))
    return client


def page_of(client: Client, name: str, *args: object) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def item_url(plan: Plan, item: PlanItem) -> str:
    return reverse("plan_item", args=[plan.pk, item.pk])


def item_form(item: PlanItem, **changes: str) -> dict[str, Any]:
    """The item's form as the page fills it, with `changes`."""
    data: dict[str, Any] = {
        "version": str(item.version),
        "solution": item.solution,
        "lead_unit": str(item.lead_unit_id or ""),
        "lead_name": item.lead_name,
        "coordinating_names": item.coordinating_names,
        "deadline": item.deadline.strftime("%d/%m/%Y"),
        "expected_points": str(item.expected_points.normalize()).replace(".", ","),
        "status": item.status,
        "reason": "",
    }
    return {**data, **changes}


# The plan page -----------------------------------------------------------------------------


def test_the_plan_page_lists_every_lost_item_with_its_numbers(world: World) -> None:
    page = page_of(client_of(world, "officer_a"), "plan_detail", world.plan_a1.pk)
    assert '<html lang="vi">' in page  # Vietnamese unless the reader chose otherwise
    gaps, _framework = build.analysis(world.result_a1)
    assert page.count('<span class="code">') == len(gaps.losses) == 3
    for loss, shown in zip(gaps.losses, ("0,24", "0,75", "0,50"), strict=True):
        row = page[page.index(f'<span class="code">{loss.code}</span>') :]
        row = row[: row.index("</tr>")]
        # The points lost and, as drafted, the points expected back: the same, as published.
        assert row.count(f'<td class="number">{shown}</td>') == 2, row
        assert loss.title in row
        assert item_of(world.plan_a1, loss.code).solution in row
        assert item_of(world.plan_a1, loss.code).lead in row
    assert "30/06/2026" in page
    assert "30/09/2026" in page
    assert '<th class="number" id="plan-recoverable">1,49</th>' in page
    assert '<th class="number">1,49</th>' in page  # what was lost, in total
    assert "1,4900" not in page
    assert "0,7500" not in page
    assert world.target_a1.aim in page
    assert "15/06/2026" in page
    assert "15/11/2026" in page


def test_the_page_shows_the_tasks_in_the_plans_order(world: World) -> None:
    item = item_of(world.plan_a1, "2.2")
    actions.move_item(world.officer_a, item, version=1, up=True)
    page = page_of(client_of(world, "officer_a"), "plan_detail", world.plan_a1.pk)
    codes = [page.index(f'<span class="code">{code}</span>') for code in ("1.2", "2.2", "2.1")]
    assert codes == sorted(codes)


@pytest.mark.parametrize(
    ("who", "approves", "edits"),
    [
        ("leader_a", True, False),
        ("officer_a", False, True),
        ("coord_a", False, True),
        ("council_a", False, False),
    ],
)
def test_the_approve_button_is_the_leaders_and_the_edit_links_the_editors(
    world: World, who: str, approves: bool, edits: bool
) -> None:
    page = page_of(client_of(world, who), "plan_detail", world.plan_a1.pk)
    assert ('id="approve"' in page) is approves
    assert (reverse("plan_approve", args=[world.plan_a1.pk]) in page) is approves
    assert (reverse("plan_edit", args=[world.plan_a1.pk]) in page) is edits
    first = item_of(world.plan_a1, "1.2")
    assert (f"{item_url(world.plan_a1, first)}?edit=1" in page) is edits


def test_an_approved_plan_shows_no_edit_links_but_the_reopen_form(world: World) -> None:
    leader = client_of(world, "leader_a")
    url = reverse("plan_approve", args=[world.plan_a1.pk])
    assert leader.post(url, {"version": "1"}).status_code == 302
    plan = fresh(world.plan_a1)
    assert plan.locked
    assert plan.approved_by == world.leader_a
    assert 'id="approve"' not in page_of(leader, "plan_detail", plan.pk)
    coordinator = page_of(client_of(world, "coord_a"), "plan_detail", plan.pk)
    assert 'id="reopen"' in coordinator
    assert "?edit=1" not in coordinator
    assert reverse("plan_edit", args=[plan.pk]) not in coordinator
    officer = page_of(client_of(world, "officer_a"), "plan_detail", plan.pk)
    assert 'id="reopen"' not in officer


def test_reopening_on_the_page_needs_a_reason(world: World) -> None:
    actions.approve_plan(world.leader_a, world.plan_a1, version=1)
    client = client_of(world, "coord_a")
    url = reverse("plan_reopen", args=[world.plan_a1.pk])
    before = everything()
    assert client.post(url, {"version": "2", "reason": ""}).status_code == 302
    assert everything() == before
    assert client.post(url, {"version": "2", "reason": "Sửa mục 2.1"}).status_code == 302
    assert not fresh(world.plan_a1).locked


# A task, edited in place --------------------------------------------------------------------


def test_get_edit_returns_the_items_form(world: World) -> None:
    item = item_of(world.plan_a1, "2.1")
    client = client_of(world, "officer_a")
    fragment = client.get(item_url(world.plan_a1, item) + "?edit=1", headers=HTMX)
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert html.startswith(f'<tr id="item-{item.pk}" class="editing">')
    assert "<html" not in html
    assert 'name="expected_points"' in html
    assert 'name="version" value="1"' in html
    assert item.solution in html
    assert "0,75" in html  # what it lost
    # Without htmx: the same form on a page of its own.
    whole = client.get(item_url(world.plan_a1, item) + "?edit=1").content.decode()
    assert "<html" in whole
    assert 'name="expected_points"' in whole
    # Without ?edit=1: the row.
    row = client.get(item_url(world.plan_a1, item), headers=HTMX).content.decode()
    assert row.startswith(f'<tr id="item-{item.pk}">')
    assert 'name="solution"' not in row


def test_an_htmx_save_returns_the_row_and_the_totals(world: World) -> None:
    item = item_of(world.plan_a1, "2.1")
    client = client_of(world, "officer_a")
    data = item_form(
        item,
        solution=NEW_SOLUTION,
        expected_points="0,5",
        deadline="31/05/2026",
        status="in_progress",
        lead_unit=str(world.department_a.pk),
        lead_name="",
    )
    response = client.post(item_url(world.plan_a1, item), data, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<tr id="item-{item.pk}">')
    assert NEW_SOLUTION in html
    assert world.department_a.name in html
    assert "31/05/2026" in html
    assert '<td class="number">0,50</td>' in html
    # The totals, out of band: 0,24 + 0,50 + 0,50.
    totals = html[html.index('<p id="plan-totals"') :]
    assert 'hx-swap-oob="true"' in totals
    assert "1,24" in totals
    assert "1,49" in totals
    stored = item_of(world.plan_a1, "2.1")
    assert (stored.solution, stored.expected_points, stored.version) == (
        NEW_SOLUTION,
        Decimal("0.5"),
        2,
    )
    assert stored.lead_unit == world.department_a
    assert build.as_core(world.plan_a1).recoverable == Decimal("1.24")


def test_a_save_without_htmx_goes_back_to_the_plan(world: World) -> None:
    item = item_of(world.plan_a1, "1.2")
    response = client_of(world, "coord_a").post(
        item_url(world.plan_a1, item), item_form(item, solution=NEW_SOLUTION)
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("plan_detail", args=[world.plan_a1.pk])
    assert item_of(world.plan_a1, "1.2").solution == NEW_SOLUTION


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"expected_points": "abc"}, "Nhập một số."),  # Django's own catalogue
        ({"deadline": "31/02/2026"}, "Nhập một ngày hợp lệ."),
        ({"expected_points": "0,8"}, None),  # more than the 0,75 lost: core refuses
        ({"expected_points": "-1"}, None),
        ({"deadline": "01/01/2028"}, None),  # outside 2026 and 2027
        ({"solution": "   "}, None),
        ({"lead_unit": "", "lead_name": ""}, None),
        ({"version": "7", "solution": NEW_SOLUTION}, None),  # stale
        ({"version": "", "solution": NEW_SOLUTION}, "Trang đã cũ"),  # the hidden field's error
    ],
)
def test_a_bad_htmx_save_returns_the_form_with_its_error(
    world: World, changes: dict[str, str], words: str | None
) -> None:
    item = item_of(world.plan_a1, "2.1")
    before = everything()
    response = client_of(world, "officer_a").post(
        item_url(world.plan_a1, item), item_form(item, **changes), headers=HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<tr id="item-{item.pk}" class="editing">')
    assert 'class="errorlist"' in html
    if words is not None:
        assert words in html
    assert everything() == before


def test_a_task_of_an_approved_plan_cannot_be_saved_from_its_page(world: World) -> None:
    item = item_of(world.plan_a1, "2.1")
    actions.approve_plan(world.leader_a, world.plan_a1, version=1)
    before = everything()
    data = item_form(item, solution=NEW_SOLUTION)
    response = client_of(world, "officer_a").post(item_url(world.plan_a1, item), data)
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert everything() == before


def test_a_lead_unit_of_another_province_is_not_offered(world: World) -> None:
    item = item_of(world.plan_a1, "2.1")
    client = client_of(world, "officer_a")
    form = client.get(item_url(world.plan_a1, item) + "?edit=1", headers=HTMX).content.decode()
    assert f'value="{world.department_a.pk}"' in form
    assert world.commune_b1.name not in form
    assert world.commune_a2.name not in form
    before = everything()
    data = item_form(item, lead_unit=str(world.commune_b1.pk))
    html = client.post(item_url(world.plan_a1, item), data, headers=HTMX).content.decode()
    assert 'class="errorlist"' in html
    assert everything() == before


# The order ---------------------------------------------------------------------------------


def test_the_move_route_reorders(world: World) -> None:
    plan = world.plan_a1
    client = client_of(world, "officer_a")
    first = item_of(plan, "1.2")
    url = reverse("plan_item_move", args=[plan.pk, first.pk])
    response = client.post(url, {"version": "1", "direction": "down"})
    assert response.status_code == 302
    assert [i.loss.code for i in build.as_core(plan).by_priority] == ["2.1", "1.2", "2.2"]
    # With htmx: the table comes back in the new order.
    last = item_of(plan, "2.2")
    url = reverse("plan_item_move", args=[plan.pk, last.pk])
    table = client.post(url, {"version": "1", "direction": "up"}, headers=HTMX).content.decode()
    assert table.startswith('<table class="compact" id="plan-items">')
    codes = [table.index(f'<span class="code">{code}</span>') for code in ("2.1", "2.2", "1.2")]
    assert codes == sorted(codes)
    assert [i.loss.code for i in build.as_core(plan).by_priority] == ["2.1", "2.2", "1.2"]


def test_a_stale_move_changes_nothing(world: World) -> None:
    plan = world.plan_a1
    item = item_of(plan, "2.1")
    url = reverse("plan_item_move", args=[plan.pk, item.pk])
    client = client_of(world, "officer_a")
    assert client.post(url, {"version": "1", "direction": "up"}).status_code == 302
    before = everything()
    assert client.post(url, {"version": "1", "direction": "down"}).status_code == 302
    assert everything() == before


# The header form -----------------------------------------------------------------------------


def header_form(plan: Plan, **changes: str) -> dict[str, str]:
    data = {
        "version": str(plan.version),
        "issuing_body": plan.issuing_body,
        "superior_body": "",
        "number": "",
        "place": plan.place,
        "issued_on": "",
        "title": "",
        "bases": "",
        "purposes": "",
        "requirements": "",
        "recipients": "",
        "signer_title": "",
        "signer": "",
        "shape": plan.shape,
        "half_year_due": "15/06/2026",
        "year_due": "15/11/2026",
        "reason": "",
    }
    return {**data, **changes}


def test_the_header_form_saves(world: World) -> None:
    plan = world.plan_a1
    client = client_of(world, "officer_a")
    url = reverse("plan_edit", args=[plan.pk])
    form = page_of(client, "plan_edit", plan.pk)
    assert 'value="15/06/2026"' in form
    assert 'value="Xã Alpha Một"' in form
    data = header_form(
        plan,
        number="12/KH-UBND",
        issued_on="05/01/2026",
        quarterly="on",
        year_due="20/11/2026",
        signer="Nguyễn Văn A",
    )
    response = client.post(url, data)
    assert response.status_code == 302
    stored = fresh(plan)
    assert (stored.number, stored.issued_on.isoformat() if stored.issued_on else None) == (
        "12/KH-UBND",
        "2026-01-05",
    )
    assert [(r.period, r.due.isoformat()) for r in stored.reports.all()] == [
        ("quarter", "2026-03-15"),
        ("half_year", "2026-06-15"),
        ("quarter", "2026-09-15"),
        ("year", "2026-11-20"),
    ]
    page = page_of(client, "plan_detail", plan.pk)
    assert "12/KH-UBND" in page
    assert "05/01/2026" in page
    assert "20/11/2026" in page
    # Saved again unchanged (quarterly reports included): nothing changes.
    before = everything()
    assert client.post(url, header_form(stored, **{**data, "version": "2"})).status_code == 302
    assert everything() == before


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"issued_on": "31/02/2026"}, "Nhập một ngày hợp lệ."),
        ({"year_due": "15/11/2030"}, None),  # core: outside 2026 and 2027
        ({"issuing_body": ""}, None),
        ({"version": "5", "number": "99/KH"}, None),
    ],
)
def test_the_header_form_refuses_bad_input(
    world: World, changes: dict[str, str], words: str | None
) -> None:
    plan = world.plan_a1
    before = everything()
    response = client_of(world, "officer_a").post(
        reverse("plan_edit", args=[plan.pk]), header_form(plan, **changes)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errorlist"' in html
    if words is not None:
        assert words in html
    assert everything() == before


# Downloads ---------------------------------------------------------------------------------


def test_the_word_download_holds_every_lost_item_and_its_solution(world: World) -> None:
    item = item_of(world.plan_a1, "2.1")
    actions.edit_item(
        world.officer_a,
        item,
        version=1,
        facts=actions.ItemFacts(
            NEW_SOLUTION, item.deadline, Decimal("0.5"), ItemStatus.PLANNED, None, "VP"
        ),
    )
    response = client_of(world, "officer_a").get(reverse("plan_docx", args=[world.plan_a1.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('ke-hoach-A.X1-2026.docx"')
    text = docx_text(response.content)
    for code in ("1.2", "2.1", "2.2"):
        assert code in text
        assert item_of(world.plan_a1, code).solution in text
    tasks = Document(BytesIO(response.content)).tables[-2]  # before the signature's
    points = [row.cells[-1].text for row in tasks.rows[1:]]
    assert points == ["0,24", "0,50", "0,50"]


def test_the_excel_download_has_a_row_per_item(world: World) -> None:
    response = client_of(world, "officer_a").get(
        reverse("plan_items_xlsx", args=[world.plan_a1.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('ke-hoach-A.X1-2026.xlsx"')
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header, items = rows[1], rows[2:]
    assert len(header) == 13
    assert len(items) == 3
    assert [(row[0], row[1]) for row in items] == [(1, "1.2"), (2, "2.1"), (3, "2.2")]
    assert [Decimal(str(row[5])) for row in items] == [
        Decimal("0.24"),
        Decimal("0.75"),
        Decimal("0.5"),
    ]
    assert [row[7] for row in items] == [
        item_of(world.plan_a1, code).solution for code in ("1.2", "2.1", "2.2")
    ]
    assert [row[10] for row in items] == ["30/06/2026", "30/06/2026", "30/09/2026"]


def test_an_old_versions_word_file_holds_the_old_solution(world: World) -> None:
    item = item_of(world.plan_a1, "2.1")
    original = item.solution
    client = client_of(world, "officer_a")
    client.post(item_url(world.plan_a1, item), item_form(item, solution=NEW_SOLUTION))
    assert item_of(world.plan_a1, "2.1").solution == NEW_SOLUTION
    versions = page_of(client, "plan_versions", world.plan_a1.pk)
    assert reverse("plan_version_docx", args=[world.plan_a1.pk, 3]) in versions
    old = client.get(reverse("plan_version_docx", args=[world.plan_a1.pk, 1]))
    assert old.status_code == 200
    assert old["Content-Disposition"].endswith('ke-hoach-A.X1-2026-v1.docx"')
    old_text = docx_text(old.content)
    assert original in old_text
    assert NEW_SOLUTION not in old_text
    new_text = docx_text(
        client.get(reverse("plan_version_docx", args=[world.plan_a1.pk, 3])).content
    )
    assert NEW_SOLUTION in new_text
    missing = client.get(reverse("plan_version_docx", args=[world.plan_a1.pk, 99]))
    assert missing.status_code == 404


# From the result ----------------------------------------------------------------------------


def test_the_results_draft_page_leads_to_the_stored_plan(world: World) -> None:
    client = client_of(world, "officer_a")
    response = client.get(reverse("result_plan", args=[world.result_a1.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("plan_detail", args=[world.plan_a1.pk])


def test_the_draft_page_creates_the_plan(world: World) -> None:
    result = record_result(world.admin, world.commune_a2, world.framework_a, world.province_a)
    client = client_of(world, "coord_a")
    page = page_of(client, "result_plan", result.pk)
    assert reverse("plan_create", args=[result.pk]) in page
    response = client.post(reverse("plan_create", args=[result.pk]))
    plan = Plan.objects.get(result=result)
    assert response["Location"] == reverse("plan_detail", args=[plan.pk])
    assert [item.code for item in plan.items.all()] == ["2.1"]
    # A second time: refused, back to the result's plan, nothing changed.
    before = everything()
    again = client.post(reverse("plan_create", args=[result.pk]))
    assert again.status_code == 302
    assert again["Location"] == reverse("result_plan", args=[result.pk])
    assert everything() == before


def test_points_keep_the_places_a_person_gave(world: World) -> None:
    item = item_of(world.plan_a1, "2.1")
    client = client_of(world, "officer_a")
    data = item_form(item, expected_points="0,125")
    html = client.post(item_url(world.plan_a1, item), data, headers=HTMX).content.decode()
    assert '<td class="number">0,125</td>' in html
    assert "0,865" in html  # 0,24 + 0,125 + 0,50 in the totals
    text = docx_text(client.get(reverse("plan_docx", args=[world.plan_a1.pk])).content)
    assert "0,125" in text


# The Word template's page ----------------------------------------------------------------


def test_the_template_page_refuses_a_file_that_is_not_word(world: World) -> None:
    client = client_of(world, "coord_a")
    url = reverse("plan_template", args=[world.province_a.pk])
    before = everything()
    upload = SimpleUploadedFile("mau.docx", b"not a docx")
    response = client.post(url, {"file": upload, "reason": ""})
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert everything() == before


def test_the_template_page_takes_a_word_file(world: World) -> None:
    client = client_of(world, "coord_a")
    url = reverse("plan_template", args=[world.province_a.pk])
    upload = SimpleUploadedFile("mau.docx", letterhead_docx("LETTERHEAD X"))
    response = client.post(url, {"file": upload, "reason": "Mẫu của tỉnh"})
    assert response.status_code == 302
    page = page_of(client, "plan_template", world.province_a.pk)
    assert 'id="current-template"' in page
    assert "mau.docx" in page
    data = client_of(world, "officer_a").get(reverse("plan_docx", args=[world.plan_a1.pk]))
    assert "LETTERHEAD X" in docx_headers(data.content)


def test_the_task_form_shows_points_as_the_framework_writes_them(world: World) -> None:
    item = item_of(world.plan_a1, "2.1")  # stored as 0.7500
    form = client_of(world, "officer_a").get(item_url(world.plan_a1, item) + "?edit=1")
    assert 'value="0,75"' in form.content.decode()


def _plans_of_new_communes(world: World, start: int, count: int) -> None:
    for i in range(start, start + count):
        commune = org_actions.create_unit(
            world.admin,
            code=f"A.P{i}",
            name=f"Xã Kế Hoạch {i}",
            kind="commune",
            parent=world.province_a,
        )
        result = record_result(world.admin, commune, world.framework_a, world.province_a)
        actions.create_plan(world.coord_a, result=result)


@pytest.mark.parametrize("url", ["/plans/", "/api/plans"])
def test_plan_lists_make_as_many_queries_for_one_plan_as_for_four(world: World, url: str) -> None:
    client = client_of(world, "coord_a")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    one = queries()
    _plans_of_new_communes(world, 1, 3)
    assert Plan.objects.count() == 4
    assert queries() == one
