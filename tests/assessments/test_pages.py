"""The cycle's pages: the dashboard, the self-assessment form saving itself, refusals shown
where they happen with what was typed kept, the register, history, reminders, publication."""

import io
from datetime import timedelta

import openpyxl
from django.core import mail
from django.test import Client
from django.urls import reverse

from parindex.assessments import actions, build
from parindex.assessments.models import AssessmentState, Document
from parindex.core.assessment import Override, StageKind
from parindex.org import actions as org_actions
from parindex.org.models import Role, User
from parindex.results.models import Result
from tests.assessments.test_actions import entry, fill, officer_a2, submit
from tests.cast import PASSWORD, PDF, World, open_only, state

HTMX = {"HX-Request": "true"}


def client_of(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_dashboard_shows_progress_and_who_is_late(world: World) -> None:
    fill(world)
    submit(world)
    stage = world.cycle_a.stages.get(kind=StageKind.SELF_ASSESSMENT)
    actions.edit_stage(
        world.coord_a,
        stage,
        version=stage.version,
        opens=stage.opens,
        closes=stage.closes,
        override=Override.CLOSED,
    )
    page = client_of(world.coord_a).get(reverse("cycle_detail", args=[world.cycle_a.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    late = text[text.index('id="late"') :]
    assert "Xã Alpha Hai" in late[: late.index("</p>")]
    assert "Xã Alpha Một" not in late[: late.index("</p>")]
    assert "1 of 2 units" in text or "1 trên 2 đơn vị" in text or "1/2" in text
    officer_view = client_of(world.officer_a).get(reverse("cycle_detail", args=[world.cycle_a.pk]))
    assert "Xã Alpha Hai" not in officer_view.content.decode()


def test_a_row_saves_itself_and_sends_back_points_and_totals(world: World) -> None:
    row = entry(world, "1.2")
    url = reverse("entry_row", args=[world.assessment_a1.pk, row.pk])
    response = client_of(world.officer_a).post(
        url, {"version": 1, "in-ratio": "0,92"}, headers=HTMX
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert f'id="pts-{row.pk}" hx-swap-oob="true">2,76<' in text
    assert f'value="2" id="ver-{row.pk}"' in text
    assert 'id="totals" hx-swap-oob="true"' in text
    field = build.framework(world.cycle_a).by_code("1")
    assert field is not None  # the sum above the criterion follows the save
    assert f'id="sum-{field.id}" hx-swap-oob="true">2,76<' in text
    assert f'<div id="why-{row.pk}" class="muted" hx-swap-oob="true"></div>' not in text
    row.refresh_from_db()
    assert row.self_points is not None
    assert str(row.self_points.normalize()) == "2.76"


def test_a_stale_save_keeps_what_was_typed_and_says_who_saved(world: World) -> None:
    row = entry(world, "2.1")
    actions.save_entry(world.officer_a, row, version=1, inputs={"count": "1"})
    colleague = org_actions.create_user(
        world.admin,
        username="officer_a1b",
        full_name="Nguyễn Văn Bảy",
        password=PASSWORD,
        role=Role.UNIT_OFFICER,
        unit=world.commune_a1,
    )
    url = reverse("entry_row", args=[world.assessment_a1.pk, row.pk])
    before = state()
    response = client_of(colleague).post(url, {"version": 1, "in-count": "4"}, headers=HTMX)
    text = response.content.decode()
    assert "officer_a" in text  # who saved first
    assert f'id="err-{row.pk}"' in text
    assert state() == before
    row.refresh_from_db()
    assert row.inputs == {"count": "1"}


def test_a_refused_input_is_named_in_the_row(world: World) -> None:
    row = entry(world, "1.2")
    url = reverse("entry_row", args=[world.assessment_a1.pk, row.pk])
    before = state()
    response = client_of(world.officer_a).post(url, {"version": 1, "in-ratio": "1,5"}, headers=HTMX)
    text = response.content.decode()
    error = text[text.index(f'id="err-{row.pk}"') :]
    assert "<p>" in error[: error.index("</div>")]
    assert state() == before


def test_the_form_shows_inputs_only_to_the_units_officer_while_open(world: World) -> None:
    url = reverse("assessment_detail", args=[world.assessment_a1.pk])
    mine = client_of(world.officer_a).get(url).content.decode()
    assert 'name="in-ratio"' in mine
    assert 'id="submit"' in mine
    theirs = client_of(world.coord_a).get(url).content.decode()
    assert 'name="in-ratio"' not in theirs
    assert client_of(world.coord_b).get(url).status_code == 404
    neighbour = client_of(officer_a2(world))
    assert neighbour.get(url).status_code == 404
    row = entry(world, "1.1")
    saved = neighbour.post(
        reverse("entry_row", args=[world.assessment_a1.pk, row.pk]),
        {"version": 1, "in-met": "true"},
    )
    assert saved.status_code == 404


def test_registering_a_document_refuses_bad_files_by_name(world: World) -> None:
    url = reverse("evidence_register", args=[world.commune_a1.pk])
    client = client_of(world.officer_a)
    before = state()
    for name, data in (("../../x", PDF), ("bao-cao.exe", b"MZ"), ("bao-cao.pdf", b"<html>")):
        upload = io.BytesIO(data)
        upload.name = name
        fields = {
            "number": "9/BC-UBND",
            "issued_on": "02/02/2026",
            "issuer": "UBND",
            "title": "Báo cáo",
            "file": upload,
        }
        response = client.post(url, fields)
        assert response.status_code == 200
        assert 'class="errorlist" id="id_file_error"' in response.content.decode()
    assert state() == before
    good = io.BytesIO(PDF + b"%2")
    good.name = "bao-cao.pdf"
    fields = {
        "number": "9/BC-UBND",
        "issued_on": "02/02/2025",
        "issuer": "UBND",
        "title": "Báo cáo",
        "file": good,
    }
    assert client.post(url, fields).status_code == 302
    document = Document.objects.get(number="9/BC-UBND")
    assert document.filename == "bao-cao.pdf"
    assert document.file.name.startswith(f"evidence/{document.sha256[:2]}/{document.sha256}")


def test_evidence_files_go_only_to_who_may_see_the_unit(world: World) -> None:
    url = reverse("evidence_file", args=[world.document_a1.pk])
    mine = client_of(world.officer_a).get(url)
    assert mine.status_code == 200
    assert b"".join(mine.streaming_content) == PDF  # type: ignore[attr-defined]
    theirs = client_of(world.appraiser_a).get(url)
    assert theirs.status_code == 200
    assert b"".join(theirs.streaming_content) == PDF  # type: ignore[attr-defined]
    assert client_of(world.coord_b).get(url).status_code == 404
    assert client_of(officer_a2(world)).get(url).status_code == 404


def test_a_document_outside_the_year_is_flagged(world: World) -> None:
    old = actions.register_document(
        world.officer_a,
        world.commune_a1,
        number="3/KH-UBND",
        issued_on=world.document_a1.issued_on - timedelta(days=400),
        issuer="UBND",
        title="Kế hoạch cũ",
        filename="cu.pdf",
        data=PDF + b"%old",
    )
    row = entry(world, "1.1")
    actions.link_evidence(world.officer_a, row, version=1, documents=[old, world.document_a1])
    page = client_of(world.officer_a).get(
        reverse("assessment_detail", args=[world.assessment_a1.pk])
    )
    text = page.content.decode()
    flagged = text[text.index("3/KH-UBND") :]
    assert "<mark>" in flagged[: flagged.index("</div>")]
    fresh = text[text.index("12/KH-UBND</a>") :]
    assert "<mark>" not in fresh[: fresh.index("</div>")]


def test_history_per_criterion_and_as_a_workbook(world: World) -> None:
    row = entry(world, "1.2")
    actions.save_entry(world.officer_a, row, version=1, inputs={"ratio": "0.5"})
    actions.save_entry(world.officer_a, row, version=2, inputs={"ratio": "0.92"})
    client = client_of(world.officer_a)
    page = client.get(reverse("entry_history", args=[world.assessment_a1.pk, row.pk]))
    assert page.content.decode().count("officer_a") >= 2
    book = client.get(reverse("assessment_history_xlsx", args=[world.assessment_a1.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(book.content)).worksheets[0]
    values = [[cell.value for cell in line] for line in sheet.iter_rows(min_row=3)]
    olds_news = [(line[0], line[5], line[6]) for line in values if line[0] == "1.2"]
    assert ("1.2", "1.50", "2.76") in olds_news


def test_reminders_go_to_the_officers_of_units_not_submitted(world: World) -> None:
    User.objects.filter(pk=world.officer_a.pk).update(email="a1@example.vn")
    neighbour = officer_a2(world)
    User.objects.filter(pk=neighbour.pk).update(email="a2@example.vn")
    fill(world)
    submit(world)
    response = client_of(world.coord_a).post(reverse("cycle_remind", args=[world.cycle_a.pk]))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["a2@example.vn"]]
    assert "Xã Alpha Hai" in mail.outbox[0].body
    denied = client_of(world.officer_a).post(reverse("cycle_remind", args=[world.cycle_a.pk]))
    assert denied.status_code == 403


def test_publication_from_the_dashboard(world: World) -> None:
    fill(world)
    submit(world)
    neighbour = officer_a2(world)
    fill(world, "a2", neighbour)
    submit(world, "a2", neighbour)
    open_only(world, StageKind.COUNCIL)
    world.cycle_a.refresh_from_db()
    council = client_of(world.council_a)
    council.post(
        reverse("cycle_approve", args=[world.cycle_a.pk]), {"version": world.cycle_a.version}
    )
    open_only(world, StageKind.PUBLICATION)
    world.cycle_a.refresh_from_db()
    assert world.cycle_a.council_approved_at is not None
    coord = client_of(world.coord_a)
    page = coord.get(reverse("cycle_detail", args=[world.cycle_a.pk])).content.decode()
    assert 'id="publish"' in page
    coord.post(
        reverse("cycle_publish", args=[world.cycle_a.pk]), {"version": world.cycle_a.version}
    )
    world.assessment_a1.refresh_from_db()
    assert world.assessment_a1.state == AssessmentState.PUBLISHED
    result = Result.objects.get(unit=world.commune_a1, year=2026)
    assert coord.get(reverse("result_detail", args=[result.pk])).status_code == 200
