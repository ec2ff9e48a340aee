"""The assessment API: a cycle run from the first entry to publication through the API alone,
the published result's totals the ones core computes; each refusal with its status and the
attribute at fault, and nothing changed by any of them; nothing of commune A1 reachable by
anyone outside it; the evidence register refusing files that are not what they claim."""

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from parindex.assessments import build
from parindex.assessments.models import Assessment, AssessmentState, Document, Entry, Stage
from parindex.core import assessment as core
from parindex.core.assessment import StageKind
from parindex.org import actions as org_actions
from parindex.org.models import Role, User
from parindex.results.models import Result
from tests.cast import PASSWORD, PDF, World, open_only, state

JSON = "application/json"
# Commune A1's claim: 2 + 2,76 + 2,25 + 1,5 = 8,51 of 10, typed as officers type.
TYPED = {
    "1.1": {"met": "có"},
    "1.2": {"ratio": "92%"},
    "2.1": {"count": "3"},
    "2.2": {"score": "1,5"},
}
KEPT = {
    "1.1": {"met": "true"},
    "1.2": {"ratio": "0.92"},
    "2.1": {"count": "3"},
    "2.2": {"score": "1.5"},
}
CLAIMED = {"1.1": "2", "1.2": "2.76", "2.1": "2.25", "2.2": "1.5"}


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def officer_of_a2(w: World) -> User:
    return org_actions.create_user(
        w.admin,
        username="officer_a2",
        full_name="officer_a2",
        password=PASSWORD,
        role=Role.UNIT_OFFICER,
        unit=w.commune_a2,
    )


def a_url(assessment: Assessment, rest: str = "") -> str:
    return f"/api/assessments/{assessment.pk}{rest}"


def entry_url(assessment: Assessment, code: str, rest: str = "") -> str:
    return a_url(assessment, f"/entries/{code}{rest}")


def entry(assessment: Assessment, code: str) -> Entry:
    return Entry.objects.get(assessment=assessment, code=code)


def answered_entry(body: dict[str, Any], code: str) -> dict[str, Any]:
    [found] = [e for e in body["entries"] if e["code"] == code]
    return dict(found)


def enter_all(client: Client, assessment: Assessment) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for code, inputs in TYPED.items():
        version = entry(assessment, code).version
        response = client.patch(
            entry_url(assessment, code), {"version": version, "inputs": inputs}, content_type=JSON
        )
        assert response.status_code == 200, response.content
        body = dict(response.json())
    return body


def submit(client: Client, assessment: Assessment) -> dict[str, Any]:
    version = Assessment.objects.get(pk=assessment.pk).version
    response = client.post(a_url(assessment, "/submit"), {"version": version}, content_type=JSON)
    assert response.status_code == 200, response.content
    return dict(response.json())


def review(
    client: Client, assessment: Assessment, code: str, body: dict[str, Any]
) -> dict[str, Any]:
    response = client.post(entry_url(assessment, code, "/reviews"), body, content_type=JSON)
    assert response.status_code == 200, response.content
    return dict(response.json())


def cycle_version(w: World) -> int:
    return type(w.cycle_a).objects.get(pk=w.cycle_a.pk).version


def test_a_cycle_runs_through_the_api_to_its_published_results(world: World) -> None:
    w = world
    officer, appraiser = client_of(w.officer_a), client_of(w.appraiser_a)

    # Self-assessment: every criterion, as typed; the totals run as the unit types.
    body = enter_all(officer, w.assessment_a1)
    assert {e["code"]: e["inputs"] for e in body["entries"]} == KEPT
    assert {e["code"]: e["self_points"] for e in body["entries"]} == CLAIMED
    assert body["self_totals"] == {
        "achieved": "8.51",
        "max_points": "10",
        "lost": "1.49",
        "index": "85.1",
    }
    assert (body["percent_filled"], body["complete"]) == (100, True)
    assert [(f["code"], f["self_points"]) for f in body["fields"]] == [("1", "4.76"), ("2", "3.75")]
    assert answered_entry(body, "1.2")["expected_inputs"] == [{"name": "ratio", "kind": "ratio"}]

    # Evidence from the unit's register.
    url = entry_url(w.assessment_a1, "1.1", "/evidence")
    version = entry(w.assessment_a1, "1.1").version
    ids = [w.document_a1.pk]
    response = officer.put(url, {"version": version, "document_ids": ids}, content_type=JSON)
    assert response.status_code == 200, response.content
    assert answered_entry(response.json(), "1.1")["document_ids"] == [w.document_a1.pk]
    assert list(entry(w.assessment_a1, "1.1").documents.all()) == [w.document_a1]

    body = submit(officer, w.assessment_a1)
    assert body["state"] == "submitted"
    # Commune A2 too, by its own officer: the council approves only when every unit is in.
    officer_a2 = client_of(officer_of_a2(w))
    enter_all(officer_a2, w.assessment_a2)
    submit(officer_a2, w.assessment_a2)

    # Round 1: the appraisers deduct from 1.2 and 2.2, saying why.
    open_only(w, StageKind.APPRAISAL)
    deduction = {"round": 1, "points": "2.5", "reason": "Tỷ lệ văn bản điện tử 83%"}
    body = review(appraiser, w.assessment_a1, "1.2", {**deduction, "level": "Tỉnh"})
    body = review(
        appraiser, w.assessment_a1, "2.2", {"round": 1, "points": 1, "reason": "Chưa công khai"}
    )
    [first] = answered_entry(body, "1.2")["reviews"]
    assert (first["round"], first["points"], first["level"]) == (1, "2.5", "Tỉnh")
    assert first["reason"] == "Tỷ lệ văn bản điện tử 83%"
    assert first["by_name"] == str(w.appraiser_a)
    assert body["appraised_totals"]["achieved"] == "7.75"
    assert body["self_totals"]["achieved"] == "8.51"  # the claim stays beside it

    # The unit explains 1.2, with a document.
    open_only(w, StageKind.EXPLANATION)
    explanation = {"text": "Tỷ lệ thực tế là 92%.", "document_ids": [w.document_a1.pk]}
    response = officer.post(
        entry_url(w.assessment_a1, "1.2", "/explanation"), explanation, content_type=JSON
    )
    assert response.status_code == 200, response.content
    answered = answered_entry(response.json(), "1.2")["explanation"]
    assert (answered["text"], answered["document_ids"]) == (
        "Tỷ lệ thực tế là 92%.",
        [w.document_a1.pk],
    )

    # Round 2 accepts it: the claim restored; 2.2's deduction stands.
    open_only(w, StageKind.SECOND_APPRAISAL)
    body = review(appraiser, w.assessment_a1, "1.2", {"round": 2, "points": "2.76"})
    assert [r["points"] for r in answered_entry(body, "1.2")["reviews"]] == ["2.5", "2.76"]
    assert answered_entry(body, "1.2")["appraised_points"] == "2.76"
    assert body["appraised_totals"]["achieved"] == "8.01"
    before_publication = body

    open_only(w, StageKind.COUNCIL)
    response = client_of(w.council_a).post(
        f"/api/cycles/{w.cycle_a.pk}/approve", {"version": cycle_version(w)}, content_type=JSON
    )
    assert response.status_code == 200, response.content
    assert response.json()["council_approved_at"] is not None

    open_only(w, StageKind.PUBLICATION)
    response = client_of(w.coord_a).post(
        f"/api/cycles/{w.cycle_a.pk}/publish", {"version": cycle_version(w)}, content_type=JSON
    )
    assert response.status_code == 200, response.content
    published = response.json()
    assert published["published_at"] is not None
    assert {a["state"] for a in published["assessments"]} == {"published"}

    # The published result is what core computes from the entries, and what the API showed.
    assessment = Assessment.objects.get(pk=w.assessment_a1.pk)
    assert assessment.result_id is not None
    result = Result.objects.get(pk=assessment.result_id)
    card = core.scorecard(build.framework(w.cycle_a), build.sheet(build.entries(assessment)))
    assert (result.self_total, result.published_total, result.published_index) == (
        card.self_totals.achieved,
        card.appraised_totals.achieved,
        card.appraised_totals.index_percent,
    )
    assert result.published_total == Decimal("8.01")
    assert result.published_index == Decimal(before_publication["appraised_totals"]["index"])
    assert (result.group, result.published_rank) == ("Khối các xã", 2)
    [a1] = [a for a in published["assessments"] if a["unit_id"] == w.commune_a1.pk]
    assert a1["result_id"] == result.pk
    answered = client_of(w.officer_a).get(f"/api/results/{result.pk}").json()
    assert answered["published_total"] == "8.01"


def test_a_stale_save_is_a_conflict_and_changes_nothing(world: World) -> None:
    client = client_of(world.officer_a)
    url = entry_url(world.assessment_a1, "1.1")
    first = client.patch(url, {"version": 1, "inputs": {"met": "có"}}, content_type=JSON)
    assert first.status_code == 200, first.content
    assert answered_entry(first.json(), "1.1")["version"] == 2
    before = state()
    stale = client.patch(url, {"version": 1, "inputs": {"met": "không"}}, content_type=JSON)
    assert stale.status_code == 409, stale.content
    assert "phiên bản 2" in stale.json()["detail"]  # the saved one's version
    assert state() == before
    assert entry(world.assessment_a1, "1.1").self_points == 2


@pytest.mark.parametrize(
    ("code", "inputs", "where"),
    [
        ("1.2", {"ratio": "1,5"}, "inputs → ratio"),  # above 100%
        ("1.2", {"ratio": "nhiều"}, "inputs → ratio"),
        ("2.1", {"count": "-1"}, "inputs → count"),
        ("2.2", {"score": "0,7"}, "inputs → score"),  # off the 0,5 step
        ("1.1", {"met": "có", "ratio": "1"}, "inputs → ratio"),  # not an input of 1.1
    ],
)
def test_a_bad_input_is_named_and_changes_nothing(
    world: World, code: str, inputs: dict[str, str], where: str
) -> None:
    before = state()
    response = client_of(world.officer_a).patch(
        entry_url(world.assessment_a1, code), {"version": 1, "inputs": inputs}, content_type=JSON
    )
    assert response.status_code == 400, response.content
    assert response.json()["where"] == where
    assert response.json()["detail"]
    assert state() == before


def test_a_malformed_entry_is_refused_by_the_schema(world: World) -> None:
    before = state()
    response = client_of(world.officer_a).patch(
        entry_url(world.assessment_a1, "1.1"),
        {"version": 1, "inputs": {"met": True}},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert [e["where"] for e in response.json()["detail"]] == ["body → inputs → met"]
    assert state() == before


def test_what_is_not_sent_stays(world: World) -> None:
    client = client_of(world.officer_a)
    url = entry_url(world.assessment_a1, "1.2")
    body = {"version": 1, "inputs": {"ratio": "0,5"}, "note": "Theo báo cáo quý"}
    assert client.patch(url, body, content_type=JSON).status_code == 200
    response = client.patch(url, {"version": 2, "note": "Theo báo cáo năm"}, content_type=JSON)
    assert response.status_code == 200, response.content
    answered = answered_entry(response.json(), "1.2")
    assert (answered["inputs"], answered["self_points"], answered["note"]) == (
        {"ratio": "0.5"},
        "1.5",
        "Theo báo cáo năm",
    )


def test_nothing_of_a1_reaches_people_outside_it(world: World) -> None:
    w = world
    officer_a2 = officer_of_a2(w)
    file_url = f"/api/evidence/{w.document_a1.pk}/file"
    for outsider in (officer_a2, w.coord_b):
        client = client_of(outsider)
        before = state()
        assert client.get(a_url(w.assessment_a1)).status_code == 404
        assert client.get(file_url).status_code == 404
        patched = client.patch(
            entry_url(w.assessment_a1, "1.1"),
            {"version": 1, "inputs": {"met": "có"}},
            content_type=JSON,
        )
        assert patched.status_code == 404
        linked = client.put(
            entry_url(w.assessment_a1, "1.1", "/evidence"),
            {"version": 1, "document_ids": []},
            content_type=JSON,
        )
        assert linked.status_code == 404
        submitted = client.post(
            a_url(w.assessment_a1, "/submit"), {"version": 1}, content_type=JSON
        )
        assert submitted.status_code == 404
        assert state() == before
        listed = client.get("/api/assessments").json()
        assert w.assessment_a1.pk not in [a["id"] for a in listed]
        assert client.get(f"/api/evidence?unit_id={w.commune_a1.pk}").json() == []
    # Province B's coordinator does not see the cycle; A2's officer sees it, with A2 only.
    assert client_of(w.coord_b).get(f"/api/cycles/{w.cycle_a.pk}").status_code == 404
    seen = client_of(officer_a2).get(f"/api/cycles/{w.cycle_a.pk}").json()
    assert [a["unit_id"] for a in seen["assessments"]] == [w.commune_a2.pk]
    # While commune A1's own officer gets the file.
    served = client_of(w.officer_a).get(file_url)
    assert b"".join(served.streaming_content) == PDF  # type: ignore[attr-defined]


def test_a_submitted_self_assessment_is_locked(world: World) -> None:
    w = world
    client = client_of(w.officer_a)
    enter_all(client, w.assessment_a1)
    submit(client, w.assessment_a1)
    before = state()
    version = entry(w.assessment_a1, "1.1").version
    response = client.patch(
        entry_url(w.assessment_a1, "1.1"),
        {"version": version, "inputs": {"met": "không"}},
        content_type=JSON,
    )
    assert response.status_code == 400, response.content
    assert response.json()["detail"]
    response = client.put(
        entry_url(w.assessment_a1, "1.1", "/evidence"),
        {"version": version, "document_ids": []},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert state() == before
    assert entry(w.assessment_a1, "1.1").self_points == 2


def test_submitting_with_a_criterion_unscored_names_it(world: World) -> None:
    before = state()
    response = client_of(world.officer_a).post(
        a_url(world.assessment_a1, "/submit"), {"version": 1}, content_type=JSON
    )
    assert response.status_code == 400
    assert "1.1" in response.json()["detail"]
    assert state() == before


def test_only_appraisers_appraise_and_a_deduction_needs_its_reason(world: World) -> None:
    w = world
    enter_all(client_of(w.officer_a), w.assessment_a1)
    submit(client_of(w.officer_a), w.assessment_a1)
    open_only(w, StageKind.APPRAISAL)
    url = entry_url(w.assessment_a1, "1.2", "/reviews")
    before = state()
    body = {"round": 1, "points": "2"}
    response = client_of(w.officer_a).post(url, body, content_type=JSON)
    assert response.status_code == 403
    response = client_of(w.appraiser_a).post(url, body, content_type=JSON)
    assert (response.status_code, response.json()["where"]) == (400, "reason")
    response = client_of(w.appraiser_a).post(url, {**body, "points": "3.5"}, content_type=JSON)
    assert (response.status_code, response.json()["where"]) == (400, "points")
    response = client_of(w.appraiser_a).post(url, {**body, "round": 3}, content_type=JSON)
    assert response.status_code == 422
    assert state() == before
    # The second round answers an explanation: there is none.
    open_only(w, StageKind.SECOND_APPRAISAL)
    before = state()
    response = client_of(w.appraiser_a).post(url, {**body, "round": 2}, content_type=JSON)
    assert response.status_code == 400
    assert state() == before


def test_a_second_appraiser_with_a_stale_review_is_a_conflict(world: World) -> None:
    w = world
    enter_all(client_of(w.officer_a), w.assessment_a1)
    submit(client_of(w.officer_a), w.assessment_a1)
    open_only(w, StageKind.APPRAISAL)
    appraiser = client_of(w.appraiser_a)
    first = {"round": 1, "points": "2.5", "reason": "83%"}
    body = review(appraiser, w.assessment_a1, "1.2", first)
    assert answered_entry(body, "1.2")["reviews"][0]["version"] == 1
    review(appraiser, w.assessment_a1, "1.2", {**first, "points": "2", "version": 1})
    before = state()
    url = entry_url(w.assessment_a1, "1.2", "/reviews")
    stale = {**first, "points": "1", "version": 1}
    assert appraiser.post(url, stale, content_type=JSON).status_code == 409
    # Another "first" review of the round: someone appraised already, a conflict too.
    assert appraiser.post(url, {**first, "points": "1"}, content_type=JSON).status_code == 409
    assert state() == before


def test_a_stage_is_moved_and_opened_by_hand(world: World) -> None:
    w = world
    url = f"/api/cycles/{w.cycle_a.pk}/stages/appraisal"
    before = state()
    response = client_of(w.appraiser_a).patch(
        url, {"version": 1, "override": "open"}, content_type=JSON
    )
    assert response.status_code == 403
    assert state() == before
    response = client_of(w.coord_a).patch(
        url, {"version": 1, "override": "open"}, content_type=JSON
    )
    assert response.status_code == 200, response.content
    stages = {s["kind"]: s for s in response.json()["stages"]}
    assert list(stages) == [str(kind) for kind in StageKind]
    assert (stages["appraisal"]["override"], stages["appraisal"]["open_today"]) == ("open", True)
    assert stages["appraisal"]["version"] == 2
    assert response.json()["current_stages"] == ["self_assessment", "appraisal"]
    stored = Stage.objects.get(cycle=w.cycle_a, kind="appraisal")
    assert (stored.override, str(stored.opens)) == ("open", stages["appraisal"]["opens"])
    # Dates in the wrong order are refused; a stale one is a conflict.
    before = state()
    wrong = {"version": 2, "closes": str(stored.opens.replace(year=stored.opens.year - 1))}
    assert client_of(w.coord_a).patch(url, wrong, content_type=JSON).status_code == 400
    stale = {"version": 1, "override": "closed"}
    assert client_of(w.coord_a).patch(url, stale, content_type=JSON).status_code == 409
    assert state() == before


def test_lists_of_cycles_and_assessments(world: World) -> None:
    w = world
    coord = client_of(w.coord_a)
    cycles = coord.get("/api/cycles").json()
    assert [(c["id"], c["current_stages"]) for c in cycles] == [(w.cycle_a.pk, ["self_assessment"])]
    assert coord.get("/api/cycles?year=2025").json() == []
    assert client_of(w.coord_b).get("/api/cycles").json() == []
    listed = coord.get(f"/api/assessments?cycle_id={w.cycle_a.pk}").json()
    assert [(a["unit_id"], a["state"], a["percent_filled"]) for a in listed] == [
        (w.commune_a1.pk, "draft", 0),
        (w.commune_a2.pk, "draft", 0),
    ]
    client_of(w.officer_a).patch(
        entry_url(w.assessment_a1, "1.1"), {"version": 1, "inputs": {"met": "có"}}, JSON
    )
    listed = client_of(w.officer_a).get("/api/assessments").json()
    assert [(a["id"], a["percent_filled"]) for a in listed] == [(w.assessment_a1.pk, 25)]
    detail = coord.get(f"/api/cycles/{w.cycle_a.pk}").json()
    assert [a["percent_filled"] for a in detail["assessments"]] == [25, 0]
    assert detail["groups"] == [{"id": w.group_a26.pk, "name": "Khối các xã"}]


# The evidence register ---------------------------------------------------------------------------


def register(client: Client, w: World, file: Any, **changes: Any) -> Any:
    facts = {
        "unit_id": w.commune_a1.pk,
        "number": "15/BC-UBND",
        "issued_on": "2026-02-01",
        "issuer": "UBND Xã Alpha Một",
        "title": "Báo cáo kết quả CCHC",
        "file": file,
        **changes,
    }
    return client.post("/api/evidence", facts)


def media_files() -> list[Path]:
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


def test_a_document_is_registered_and_served_only_in_scope(world: World) -> None:
    w = world
    client = client_of(w.officer_a)
    data = PDF + b"% bao cao\n"
    response = register(client, w, SimpleUploadedFile("bao-cao.pdf", data))
    assert response.status_code == 201, response.content
    answered = response.json()
    assert (answered["unit_id"], answered["filename"], answered["size"]) == (
        w.commune_a1.pk,
        "bao-cao.pdf",
        len(data),
    )
    document = Document.objects.get(pk=answered["id"])
    # Under its content hash (the storage adds a suffix when an earlier test left the name).
    assert document.file.name.startswith(f"evidence/{document.sha256[:2]}/{document.sha256}")
    assert document.file.name.endswith(".pdf")
    listed = client.get(f"/api/evidence?unit_id={w.commune_a1.pk}").json()
    assert {d["id"] for d in listed} == {w.document_a1.pk, document.pk}
    served = client.get(f"/api/evidence/{document.pk}/file")
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == data  # type: ignore[attr-defined]
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"].startswith("attachment")
    assert "bao-cao.pdf" in served["Content-Disposition"]
    # The province's coordinator sees it; province B's does not.
    served = client_of(w.coord_a).get(f"/api/evidence/{document.pk}/file")
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == data  # type: ignore[attr-defined]
    assert client_of(w.coord_b).get(f"/api/evidence/{document.pk}/file").status_code == 404


def raw_upload(client: Client, w: World, filename: str, data: bytes) -> Any:
    """A multipart body written by hand: the part's file name exactly as given (Django's test
    client would keep only its last path component)."""
    boundary = "parindex-boundary"
    facts = {
        "unit_id": str(w.commune_a1.pk),
        "number": "16/BC-UBND",
        "issued_on": "2026-02-02",
        "issuer": "UBND Xã Alpha Một",
        "title": "Báo cáo",
    }
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in facts.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + data
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return client.generic(
        "POST", "/api/evidence", body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def test_a_name_with_folders_never_reaches_the_register_as_a_path(world: World) -> None:
    """Django's multipart parser keeps only the last component of a part's file name, so
    "../../x.pdf" arrives as "x.pdf": the document is stored under its hash, never outside
    the evidence folder, and its name has no folder in it."""
    w = world
    data = PDF + b"% x\n"
    response = raw_upload(client_of(w.officer_a), w, "../../x.pdf", data)
    assert response.status_code == 201, response.content
    document = Document.objects.get(pk=response.json()["id"])
    assert document.filename == "x.pdf"
    stored = Path(document.file.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve() / "evidence")
    assert stored.read_bytes() == data


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("C:x.pdf", PDF + b"% drive\n"),  # a drive-relative name Django leaves as it is
        ("setup.exe", b"MZ\x90\x00"),
        ("bao-cao.pdf", b"Day khong phai PDF, chi la van ban.\n"),  # a text file named .pdf
        ("trong.pdf", b""),
        ("ke-hoach.pdf", PDF),  # the same file as document_a1
    ],
)
def test_an_upload_that_is_not_what_it_claims_is_refused_by_file(
    world: World, filename: str, data: bytes
) -> None:
    w = world
    before, files = state(), media_files()
    response = raw_upload(client_of(w.officer_a), w, filename, data)
    assert response.status_code == 400, response.content
    assert response.json()["where"] == "file"
    assert response.json()["detail"]
    assert (state(), media_files()) == (before, files)


@override_settings(EVIDENCE_MOST_BYTES=1024)
def test_a_file_too_big_is_refused_before_it_is_read(world: World) -> None:
    before, files = state(), media_files()
    big = SimpleUploadedFile("lon.pdf", PDF + b"%" * 2048)
    response = register(client_of(world.officer_a), world, big)
    assert response.status_code == 400
    assert (response.json()["where"], "MB" in response.json()["detail"]) == ("file", True)
    assert (state(), media_files()) == (before, files)


@pytest.mark.parametrize(
    ("who", "changes", "status", "where"),
    [
        ("officer_a", {"number": "  "}, 400, "number"),
        ("officer_a", {"issued_on": "31/02/2026"}, 422, "form → issued_on"),
        ("coord_b", {}, 400, "unit_id"),  # a unit it does not see
        ("leader_a", {}, 403, None),  # sees the unit, keeps no register
    ],
)
def test_a_registration_refused_changes_nothing(
    world: World, who: str, changes: dict[str, Any], status: int, where: str | None
) -> None:
    before, files = state(), media_files()
    file = SimpleUploadedFile("bao-cao.pdf", PDF + b"% 2\n")
    response = register(client_of(getattr(world, who)), world, file, **changes)
    assert response.status_code == status, response.content
    if status == 400:
        assert response.json()["where"] == where
    elif status == 422:
        assert where in [e["where"] for e in response.json()["detail"]]
    assert (state(), media_files()) == (before, files)


def test_evidence_from_another_units_register_is_refused(world: World) -> None:
    w = world
    officer_a2 = officer_of_a2(w)
    response = register(
        client_of(officer_a2),
        w,
        SimpleUploadedFile("a2.pdf", PDF + b"% a2\n"),
        unit_id=w.commune_a2.pk,
    )
    assert response.status_code == 201, response.content
    a2_document = response.json()["id"]
    before = state()
    # Commune A1's officer does not see A2's register: refused by id.
    response = client_of(w.officer_a).put(
        entry_url(w.assessment_a1, "1.1", "/evidence"),
        {"version": 1, "document_ids": [a2_document]},
        content_type=JSON,
    )
    assert (response.status_code, response.json()["where"]) == (400, "document_ids")
    # The administrator sees both registers: still not A1's own document.
    response = client_of(w.admin).put(
        entry_url(w.assessment_a1, "1.1", "/evidence"),
        {"version": 1, "document_ids": [a2_document]},
        content_type=JSON,
    )
    assert (response.status_code, response.json()["where"]) == (400, "document_ids")
    assert state() == before
    assert Assessment.objects.get(pk=w.assessment_a1.pk).state == AssessmentState.DRAFT
