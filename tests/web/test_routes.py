"""Every URL route and API operation, checked for the three people scope must tell apart:
one outside the object's scope (404: its existence is not leaked), one who sees it without
the role to act (403), and one permitted (200, or the route's success status).

A route or operation added without a row here fails `test_every_route_is_covered`.
"""

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from parindex.api import actions as api_actions
from parindex.api.api import api
from parindex.api.models import ApiToken
from parindex.assessments import actions as assessment_actions
from parindex.assessments.models import Assessment, Cycle, Entry
from parindex.core.assessment import StageKind
from parindex.org.models import Role
from parindex.plans import actions as plan_actions
from parindex.plans.models import Plan
from parindex.results.models import StagedImport
from tests.cast import FRAMEWORK_A, PDF, SCORECARD_A2, World, open_only

Url = Callable[[World], str]


@dataclass(frozen=True)
class Case:
    method: str
    url: Url
    permitted: str
    success: int = 200
    outsider: str | None = None  # expects 404
    unauthorized: str | None = None  # expects 403
    body: Callable[[World], dict[str, Any]] | None = None
    # For lists: what the outsider must not find in the response.
    hidden: Callable[[World], str] | None = None
    json: bool = False


@dataclass(frozen=True)
class Public:
    method: str
    url: Url
    success: int = 200
    body: dict[str, Any] = field(default_factory=dict)


def page(name: str, *args: Callable[[World], object], query: str = "") -> Url:
    def build(w: World) -> str:
        return reverse(name, args=[arg(w) for arg in args]) + query

    return build


def api_url(path: str) -> Url:
    return lambda w: "/api" + path.format(w=w)


def _pk_of(attr: str) -> Callable[[World], object]:
    return lambda w: getattr(w, attr).pk


def _assignment_of(attr: str) -> Callable[[World], object]:
    return lambda w: getattr(w, attr).role_assignments.get().pk


def _staged(w: World) -> StagedImport:
    """A scorecard coordinator A read and has not confirmed yet."""
    return StagedImport.objects.create(
        person=w.coord_a, framework=w.framework_a, filename="a2.csv", data=SCORECARD_A2
    )


def _token(w: World, owner: str = "coord_a") -> ApiToken:
    """A token of `owner`'s, issued the first time it is asked for."""
    user = getattr(w, owner)
    name = f"token-of-{owner}"
    return user.api_tokens.filter(name=name).first() or api_actions.issue_token(user, name)[0]


def _with_token(url: Url) -> Url:
    """`url`, once coord_a has a token (for lists, which must hide it from others)."""

    def build(w: World) -> str:
        _token(w)
        return url(w)

    return build


def _without_plan(url: Url) -> Url:
    """`url`, once commune A1's result has no plan (to create one)."""

    def build(w: World) -> str:
        Plan.objects.filter(pk=w.plan_a1.pk).delete()
        return url(w)

    return build


def _approved(url: Url) -> Url:
    """`url`, once leader A approved commune A1's plan (to reopen it)."""

    def build(w: World) -> str:
        plan = Plan.objects.get(pk=w.plan_a1.pk)
        plan_actions.approve_plan(w.leader_a, plan, version=plan.version)
        return url(w)

    return build


def _plan(*parts: Callable[[World], object]) -> list[Callable[[World], object]]:
    return [_pk_of("plan_a1"), *parts]


def _first_item(w: World) -> object:
    return w.plan_a1.items.order_by("priority").first().pk  # type: ignore[union-attr]


def _version_of(attr: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"version": type(getattr(w, attr)).objects.get(pk=getattr(w, attr).pk).version}


PLAN_PAGES: dict[str, Case | Public] = {
    "plan_create": Case(
        "post",
        _without_plan(page("plan_create", _pk_of("result_a1"))),
        permitted="officer_a",
        success=302,
        outsider="coord_b",
        unauthorized="leader_a",
    ),
    "plan_list": Case(
        "get",
        page("plan_list"),
        permitted="officer_a",
        outsider="coord_b",
        hidden=lambda w: f"plans/{w.plan_a1.pk}/",
    ),
    "plan_detail": Case(
        "get", page("plan_detail", *_plan()), permitted="officer_a", outsider="coord_b"
    ),
    "plan_edit": Case(
        "get",
        page("plan_edit", *_plan()),
        permitted="officer_a",
        outsider="coord_b",
        unauthorized="leader_a",
    ),
    "plan_item": Case(
        "get",
        page("plan_item", *_plan(_first_item), query="?edit=1"),
        permitted="officer_a",
        outsider="coord_b",
        unauthorized="leader_a",
    ),
    "plan_item_move": Case(
        "post",
        page("plan_item_move", *_plan(_first_item)),
        permitted="officer_a",
        success=302,
        outsider="coord_b",
        unauthorized="leader_a",
        body=lambda w: {"version": 1, "direction": "down"},
    ),
    "plan_target_new": Case(
        "get",
        page("plan_target_new", *_plan()),
        permitted="coord_a",
        outsider="coord_b",
        unauthorized="leader_a",
    ),
    "plan_target_edit": Case(
        "get",
        page("plan_target_edit", *_plan(_pk_of("target_a1"))),
        permitted="officer_a",
        outsider="coord_b",
        unauthorized="leader_a",
    ),
    "plan_target_remove": Case(
        "post",
        page("plan_target_remove", *_plan(_pk_of("target_a1"))),
        permitted="officer_a",
        success=302,
        outsider="coord_b",
        unauthorized="leader_a",
        body=_version_of("target_a1"),
    ),
    "plan_approve": Case(
        "post",
        page("plan_approve", *_plan()),
        permitted="leader_a",
        success=302,
        outsider="coord_b",
        unauthorized="officer_a",
        body=_version_of("plan_a1"),
    ),
    "plan_reopen": Case(
        "post",
        _approved(page("plan_reopen", *_plan())),
        permitted="coord_a",
        success=302,
        outsider="coord_b",
        unauthorized="officer_a",
        body=lambda w: {**_version_of("plan_a1")(w), "reason": "Sửa mục 2.1"},
    ),
    "plan_docx": Case(
        "get", page("plan_docx", *_plan()), permitted="officer_a", outsider="coord_b"
    ),
    "plan_items_xlsx": Case(
        "get", page("plan_items_xlsx", *_plan()), permitted="officer_a", outsider="coord_b"
    ),
    "plan_versions": Case(
        "get", page("plan_versions", *_plan()), permitted="officer_a", outsider="coord_b"
    ),
    "plan_version_docx": Case(
        "get",
        page("plan_version_docx", *_plan(lambda w: 1)),
        permitted="officer_a",
        outsider="coord_b",
    ),
    "solution_list": Case(
        "get",
        page("solution_list"),
        permitted="coord_a",
        outsider="coord_b",
        unauthorized="officer_a",
        hidden=lambda w: w.solution_a.solution,
    ),
    "solution_new": Case(
        "get", page("solution_new"), permitted="coord_a", unauthorized="officer_a"
    ),
    "solution_edit": Case(
        "get",
        page("solution_edit", _pk_of("solution_a")),
        permitted="coord_a",
        outsider="coord_b",
        unauthorized="leader_a",
    ),
    "solution_remove": Case(
        "post",
        page("solution_remove", _pk_of("solution_a")),
        permitted="coord_a",
        success=302,
        outsider="coord_b",
        unauthorized="leader_a",
    ),
    "plan_template": Case(
        "get",
        page("plan_template", _pk_of("province_a")),
        permitted="coord_a",
        outsider="coord_b",
        unauthorized="leader_a",
    ),
}


# Cycle A's state for the assessment operations: each `url` once the cycle has come so far.
_TYPED = {
    "1.1": {"met": "có"},
    "1.2": {"ratio": "0,92"},
    "2.1": {"count": "3"},
    "2.2": {"score": "1,5"},
}


def _submitted(w: World, *assessments: Assessment) -> None:
    """Every criterion of `assessments` scored and submitted (by the administrator, who is
    an officer of every unit)."""
    for assessment in assessments:
        for entry in Entry.objects.filter(assessment=assessment):
            assessment_actions.save_entry(
                w.admin, entry, version=entry.version, inputs=_TYPED[entry.code]
            )
        fresh = Assessment.objects.get(pk=assessment.pk)
        assessment_actions.submit_assessment(w.admin, fresh, version=fresh.version)


def _scored(url: Url) -> Url:
    """`url`, once commune A1 scored every criterion (to submit)."""

    def build(w: World) -> str:
        for entry in Entry.objects.filter(assessment=w.assessment_a1):
            assessment_actions.save_entry(
                w.officer_a, entry, version=entry.version, inputs=_TYPED[entry.code]
            )
        return url(w)

    return build


def _in_appraisal(url: Url) -> Url:
    """`url`, once commune A1 submitted and the appraisal is open."""

    def build(w: World) -> str:
        _submitted(w, w.assessment_a1)
        open_only(w, StageKind.APPRAISAL)
        return url(w)

    return build


def _in_explanation(url: Url) -> Url:
    """`url`, once appraisal deducted 1 point from A1's 1.1 and explanations are open."""

    def build(w: World) -> str:
        _submitted(w, w.assessment_a1)
        open_only(w, StageKind.APPRAISAL)
        entry = Entry.objects.get(pk=w.entry_a1.pk)
        assessment_actions.appraise_entry(
            w.appraiser_a, entry, round_=1, version=None, points=Decimal(1), reason="Muộn"
        )
        open_only(w, StageKind.EXPLANATION)
        return url(w)

    return build


def _in_council(url: Url) -> Url:
    """`url`, once every unit submitted and the council sits."""

    def build(w: World) -> str:
        _submitted(w, w.assessment_a1, w.assessment_a2)
        open_only(w, StageKind.COUNCIL)
        return url(w)

    return build


def _approved_cycle(url: Url) -> Url:
    """`url`, once the council approved cycle A and publication is open."""

    def build(w: World) -> str:
        _submitted(w, w.assessment_a1, w.assessment_a2)
        open_only(w, StageKind.COUNCIL)
        cycle = Cycle.objects.get(pk=w.cycle_a.pk)
        assessment_actions.approve_in_council(w.council_a, cycle, version=cycle.version)
        open_only(w, StageKind.PUBLICATION)
        return url(w)

    return build


def _new_document(w: World) -> dict[str, Any]:
    return {
        "unit_id": w.commune_a1.pk,
        "number": "15/BC-UBND",
        "issued_on": "2026-02-01",
        "issuer": "UBND Xã Alpha Một",
        "title": "Báo cáo kết quả CCHC",
        "file": SimpleUploadedFile("bao-cao.pdf", PDF + b"% bao cao\n"),
    }


def _cycle(*parts: Callable[[World], object]) -> list[Callable[[World], object]]:
    return [_pk_of("cycle_a"), *parts]


def _assessment(*parts: Callable[[World], object]) -> list[Callable[[World], object]]:
    return [_pk_of("assessment_a1"), *parts]


def _handed_in(url: Url) -> Url:
    """`url`, once commune A1 submitted (to return it)."""

    def build(w: World) -> str:
        _submitted(w, w.assessment_a1)
        return url(w)

    return build


ASSESSMENT_PAGES: dict[str, Case | Public] = {
    "cycle_list": Case(
        "get",
        page("cycle_list"),
        permitted="officer_a",
        outsider="coord_b",
        hidden=lambda w: f"cycles/{w.cycle_a.pk}/",
    ),
    "cycle_create": Case(
        "get", page("cycle_create"), permitted="coord_a", unauthorized="officer_a"
    ),
    "cycle_detail": Case(
        "get", page("cycle_detail", *_cycle()), permitted="officer_a", outsider="coord_b"
    ),
    "stage_edit": Case(
        "get",
        page("stage_edit", *_cycle(lambda w: "self_assessment")),
        permitted="coord_a",
        outsider="coord_b",
        unauthorized="officer_a",
    ),
    "cycle_people": Case(
        "get",
        page("cycle_people", *_cycle()),
        permitted="coord_a",
        outsider="coord_b",
        unauthorized="officer_a",
    ),
    "cycle_approve": Case(
        "post",
        _in_council(page("cycle_approve", *_cycle())),
        permitted="council_a",
        success=302,
        outsider="coord_b",
        unauthorized="officer_a",
        body=_version_of("cycle_a"),
    ),
    "cycle_publish": Case(
        "post",
        _approved_cycle(page("cycle_publish", *_cycle())),
        permitted="coord_a",
        success=302,
        outsider="coord_b",
        unauthorized="officer_a",
        body=_version_of("cycle_a"),
    ),
    "cycle_remind": Case(
        "post",
        page("cycle_remind", *_cycle()),
        permitted="coord_a",
        success=302,
        outsider="coord_b",
        unauthorized="officer_a",
    ),
    "assessment_detail": Case(
        "get",
        page("assessment_detail", *_assessment()),
        permitted="officer_a",
        outsider="coord_b",
    ),
    "assessment_submit": Case(
        "post",
        page("assessment_submit", *_assessment()),
        permitted="officer_a",
        success=302,
        outsider="coord_b",
        unauthorized="coord_a",
        body=_version_of("assessment_a1"),
    ),
    "assessment_return": Case(
        "post",
        _handed_in(page("assessment_return", *_assessment())),
        permitted="coord_a",
        success=302,
        outsider="coord_b",
        unauthorized="officer_a",
        body=lambda w: {"version": 2, "reason": "Thiếu tài liệu"},
    ),
    "assessment_history_xlsx": Case(
        "get",
        page("assessment_history_xlsx", *_assessment()),
        permitted="officer_a",
        outsider="coord_b",
    ),
    "assessment_document": Case(
        "get",
        page("assessment_document", *_assessment(lambda w: "report")),
        permitted="officer_a",
        outsider="coord_b",
    ),
    "entry_row": Case(
        "get",
        page("entry_row", *_assessment(_pk_of("entry_a1"))),
        permitted="officer_a",
        outsider="coord_b",
    ),
    "entry_evidence": Case(
        "post",
        page("entry_evidence", *_assessment(_pk_of("entry_a1"))),
        permitted="officer_a",
        success=302,
        outsider="coord_b",
        unauthorized="coord_a",
        body=lambda w: {"version": 1, "documents": [w.document_a1.pk]},
    ),
    "entry_review": Case(
        "post",
        _in_appraisal(page("entry_review", *_assessment(_pk_of("entry_a1")))),
        permitted="appraiser_a",
        success=302,
        outsider="coord_b",
        unauthorized="officer_a",
        body=lambda w: {"round": 1, "points": "1"},
    ),
    "entry_explain": Case(
        "post",
        _in_explanation(page("entry_explain", *_assessment(_pk_of("entry_a1")))),
        permitted="officer_a",
        success=302,
        outsider="coord_b",
        unauthorized="coord_a",
        body=lambda w: {"text": "Giải trình"},
    ),
    "entry_correct": Case(
        "get",
        page("entry_correct", *_assessment(_pk_of("entry_a1"))),
        permitted="coord_a",
        outsider="coord_b",
        unauthorized="officer_a",
    ),
    "entry_history": Case(
        "get",
        page("entry_history", *_assessment(_pk_of("entry_a1"))),
        permitted="officer_a",
        outsider="coord_b",
    ),
    "evidence_register": Case(
        "get",
        page("evidence_register", _pk_of("commune_a1")),
        permitted="officer_a",
        outsider="coord_b",
    ),
    "evidence_file": Case(
        "get",
        page("evidence_file", _pk_of("document_a1")),
        permitted="officer_a",
        outsider="coord_b",
    ),
    "assessment_workbook": Case(
        "get",
        page("assessment_workbook", *_assessment()),
        permitted="officer_a",
        outsider="coord_b",
    ),
    "assessment_upload": Case(
        "post",
        page("assessment_upload", *_assessment()),
        permitted="officer_a",
        success=302,
        outsider="coord_b",
        unauthorized="coord_a",
    ),
}

PAGES: dict[str, Case | Public] = {
    "login": Public("get", page("login")),
    "logout": Public("post", page("logout"), success=302),
    "set_language": Public("post", page("set_language"), success=302, body={"language": "en"}),
    "home": Case("get", page("home"), permitted="officer_a"),
    "unit_list": Case(
        "get",
        page("unit_list"),
        permitted="coord_a",
        outsider="coord_b",
        hidden=lambda w: w.commune_a1.name,
    ),
    "unit_create": Case(
        "get",
        page("unit_create", query="?parent={}"),
        permitted="coord_a",
        outsider="coord_b",
        unauthorized="officer_a",
    ),
    "unit_detail": Case(
        "get", page("unit_detail", _pk_of("commune_a1")), permitted="officer_a", outsider="coord_b"
    ),
    "unit_edit": Case(
        "get",
        page("unit_edit", _pk_of("commune_a1")),
        permitted="coord_a",
        outsider="coord_b",
        unauthorized="officer_a",
    ),
    "province_create_from_list": Case(
        "get", page("province_create_from_list"), permitted="admin", unauthorized="coord_a"
    ),
    "province_build": Case(
        "get",
        page("province_build", _pk_of("province_a")),
        permitted="coord_a",
        outsider="coord_b",
        unauthorized="leader_a",
    ),
    "units_import": Case(
        "get", page("units_import"), permitted="coord_a", unauthorized="officer_a"
    ),
    "units_import_template": Case(
        "get", page("units_import_template"), permitted="coord_a", unauthorized="officer_a"
    ),
    "units_export": Case(
        "get", page("units_export"), permitted="coord_a", unauthorized="officer_a"
    ),
    "lineage_create": Case(
        "get",
        page("lineage_create", query="?unit={}"),
        permitted="coord_a",
        outsider="coord_b",
        unauthorized="officer_a",
    ),
    "person_invite": Case(
        "post",
        page("person_invite", _pk_of("officer_a")),
        permitted="coord_a",
        outsider="coord_b",
        unauthorized="officer_a",
    ),
    "invitation_accept": Public("get", lambda w: "/invite/not-a-secret/", success=404),
    "group_list": Case(
        "get",
        page("group_list"),
        permitted="officer_a",
        outsider="coord_b",
        hidden=lambda w: f"groups/{w.group_a.pk}/",
    ),
    "group_create": Case(
        "get",
        page("group_create", query="?unit={}"),
        permitted="coord_a",
        outsider="coord_b",
        unauthorized="leader_a",
    ),
    "group_detail": Case(
        "get", page("group_detail", _pk_of("group_a")), permitted="officer_a", outsider="coord_b"
    ),
    "group_edit": Case(
        "get",
        page("group_edit", _pk_of("group_a")),
        permitted="coord_a",
        outsider="coord_b",
        unauthorized="officer_a",
    ),
    "person_list": Case(
        "get",
        page("person_list"),
        permitted="coord_a",
        outsider="coord_b",
        hidden=lambda w: w.officer_a.username,
    ),
    "person_create": Case(
        "get", page("person_create"), permitted="coord_a", unauthorized="officer_a"
    ),
    "person_detail": Case(
        "get", page("person_detail", _pk_of("officer_a")), permitted="coord_a", outsider="coord_b"
    ),
    "person_assign": Case(
        "post",
        page("person_assign", _pk_of("appraiser_a")),
        permitted="coord_a",
        success=302,
        outsider="coord_b",
        unauthorized="appraiser_a",
        body=lambda w: {"role": Role.LEADER, "unit": w.commune_a1.pk},
    ),
    "assignment_revoke": Case(
        "post",
        page("assignment_revoke", _assignment_of("officer_a")),
        permitted="coord_a",
        success=302,
        outsider="coord_b",
        unauthorized="officer_a",
        body=lambda w: {"reason": "x"},
    ),
    "audit_list": Case(
        "get",
        page("audit_list"),
        permitted="coord_a",
        unauthorized="officer_a",
        hidden=lambda w: w.commune_a1.name,
    ),
    "token_list": Case(
        "get",
        _with_token(page("token_list")),
        permitted="coord_a",
        outsider="coord_b",
        hidden=lambda w: "token-of-coord_a",
    ),
    "token_create": Case("get", page("token_create"), permitted="officer_a"),
    "token_revoke": Case(
        "post",
        page("token_revoke", lambda w: _token(w).pk),
        permitted="coord_a",
        success=302,
        outsider="coord_b",
        body=lambda w: {"reason": "x"},
    ),
    "framework_list": Case(
        "get",
        page("framework_list"),
        permitted="officer_a",
        outsider="coord_b",
        hidden=lambda w: w.framework_a.title,
    ),
    "framework_load": Case(
        "get", page("framework_load"), permitted="coord_a", unauthorized="officer_a"
    ),
    "framework_detail": Case(
        "get",
        page("framework_detail", _pk_of("framework_a")),
        permitted="officer_a",
        outsider="coord_b",
    ),
    "framework_node": Case(
        "get",
        page("framework_node", _pk_of("framework_a"), lambda w: "f1-c2"),
        permitted="coord_a",
        outsider="coord_b",
        unauthorized="officer_a",
    ),
    "framework_export": Case(
        "get",
        page("framework_export", _pk_of("framework_a"), lambda w: "xlsx"),
        permitted="officer_a",
        outsider="coord_b",
    ),
    "results_list": Case(
        "get",
        page("results_list"),
        permitted="officer_a",
        outsider="coord_b",
        hidden=lambda w: w.commune_a1.name,
    ),
    "result_detail": Case(
        "get", page("result_detail", _pk_of("result_a1")), permitted="officer_a", outsider="coord_b"
    ),
    "result_export": Case(
        "get",
        page("result_export", _pk_of("result_a1"), lambda w: "losses"),
        permitted="officer_a",
        outsider="coord_b",
    ),
    "result_plan": Case(
        "get",
        _without_plan(page("result_plan", _pk_of("result_a1"))),
        permitted="officer_a",
        outsider="coord_b",
    ),
    "result_plan_docx": Case(
        "get",
        page("result_plan_docx", _pk_of("result_a1")),
        permitted="officer_a",
        outsider="coord_b",
    ),
    "group_ranking": Case(
        "get",
        lambda w: reverse("group_ranking") + f"?by={w.province_a.pk}&year=2025&group=Khối xã",
        permitted="officer_a",
        outsider="coord_b",
    ),
    "group_export": Case(
        "get",
        lambda w: reverse("group_export") + f"?by={w.province_a.pk}&year=2025&group=Khối xã",
        permitted="officer_a",
        outsider="coord_b",
    ),
    "results_import": Case(
        "get", page("results_import"), permitted="coord_a", unauthorized="officer_a"
    ),
    "results_import_template": Case(
        "get", page("results_import_template"), permitted="coord_a", unauthorized="officer_a"
    ),
    "results_import_preview": Case(
        "get",
        lambda w: reverse("results_import_preview", args=[_staged(w).pk]),
        permitted="coord_a",
        outsider="coord_b",
        unauthorized="officer_a",
    ),
    "results_import_cancel": Case(
        "post",
        lambda w: reverse("results_import_cancel", args=[_staged(w).pk]),
        permitted="coord_a",
        success=302,
        outsider="coord_b",
        unauthorized="officer_a",
    ),
    **PLAN_PAGES,
    **ASSESSMENT_PAGES,
    "api:api-root": Public("get", lambda w: "/api/", success=404),
    "api:openapi-json": Public("get", lambda w: "/api/openapi.json"),
    "api:openapi-view": Public("get", lambda w: "/api/docs"),
}

PLAN_API: dict[str, Case] = {
    "list_plans": Case(
        "get",
        api_url("/plans"),
        permitted="officer_a",
        outsider="coord_b",
        hidden=lambda w: f'"id":{w.plan_a1.pk},',
    ),
    "get_plan": Case(
        "get", api_url("/plans/{w.plan_a1.pk}"), permitted="officer_a", outsider="coord_b"
    ),
    "create_plan": Case(
        "post",
        _without_plan(api_url("/results/{w.result_a1.pk}/plan")),
        permitted="officer_a",
        success=201,
        outsider="coord_b",
        unauthorized="leader_a",
        json=True,
        body=lambda w: {},
    ),
    "update_plan": Case(
        "patch",
        api_url("/plans/{w.plan_a1.pk}"),
        permitted="officer_a",
        outsider="coord_b",
        unauthorized="leader_a",
        body=lambda w: {"version": 1, "number": "12/KH-UBND"},
        json=True,
    ),
    "update_item": Case(
        "patch",
        lambda w: f"/api/plans/{w.plan_a1.pk}/items/{_first_item(w)}",
        permitted="officer_a",
        outsider="coord_b",
        unauthorized="leader_a",
        body=lambda w: {"version": 1, "solution": "Rà soát hằng tuần."},
        json=True,
    ),
    "move_item": Case(
        "post",
        lambda w: f"/api/plans/{w.plan_a1.pk}/items/{_first_item(w)}/move",
        permitted="officer_a",
        outsider="coord_b",
        unauthorized="leader_a",
        body=lambda w: {"version": 1, "direction": "down"},
        json=True,
    ),
    "create_target": Case(
        "post",
        api_url("/plans/{w.plan_a1.pk}/targets"),
        permitted="officer_a",
        success=201,
        outsider="coord_b",
        unauthorized="leader_a",
        body=lambda w: {"number": 2, "aim": "100% TTHC công khai", "lead_name": "Văn phòng"},
        json=True,
    ),
    "update_target": Case(
        "patch",
        api_url("/plans/{w.plan_a1.pk}/targets/{w.target_a1.pk}"),
        permitted="officer_a",
        outsider="coord_b",
        unauthorized="leader_a",
        body=lambda w: {"version": 1, "number": 1, "aim": "Không hồ sơ trễ", "lead_name": "VP"},
        json=True,
    ),
    "delete_target": Case(
        "delete",
        api_url("/plans/{w.plan_a1.pk}/targets/{w.target_a1.pk}?version=1"),
        permitted="officer_a",
        success=204,
        outsider="coord_b",
        unauthorized="leader_a",
    ),
    "approve_plan": Case(
        "post",
        api_url("/plans/{w.plan_a1.pk}/approve"),
        permitted="leader_a",
        outsider="coord_b",
        unauthorized="officer_a",
        body=_version_of("plan_a1"),
        json=True,
    ),
    "reopen_plan": Case(
        "post",
        _approved(api_url("/plans/{w.plan_a1.pk}/reopen")),
        permitted="coord_a",
        outsider="coord_b",
        unauthorized="officer_a",
        body=lambda w: {**_version_of("plan_a1")(w), "reason": "Sửa mục 2.1"},
        json=True,
    ),
}

ASSESSMENT_API: dict[str, Case] = {
    "list_cycles": Case(
        "get",
        api_url("/cycles"),
        permitted="officer_a",
        outsider="coord_b",
        hidden=lambda w: f'"id":{w.cycle_a.pk},',
    ),
    "get_cycle": Case(
        "get", api_url("/cycles/{w.cycle_a.pk}"), permitted="officer_a", outsider="coord_b"
    ),
    "update_stage": Case(
        "patch",
        api_url("/cycles/{w.cycle_a.pk}/stages/appraisal"),
        permitted="coord_a",
        outsider="coord_b",
        unauthorized="appraiser_a",
        body=lambda w: {"version": 1, "override": "open"},
        json=True,
    ),
    "approve_cycle": Case(
        "post",
        _in_council(api_url("/cycles/{w.cycle_a.pk}/approve")),
        permitted="council_a",
        outsider="coord_b",
        unauthorized="officer_a",
        body=_version_of("cycle_a"),
        json=True,
    ),
    "publish_cycle": Case(
        "post",
        _approved_cycle(api_url("/cycles/{w.cycle_a.pk}/publish")),
        permitted="coord_a",
        outsider="coord_b",
        unauthorized="council_a",
        body=_version_of("cycle_a"),
        json=True,
    ),
    "list_assessments": Case(
        "get",
        api_url("/assessments"),
        permitted="officer_a",
        outsider="coord_b",
        hidden=lambda w: f'"id":{w.assessment_a1.pk},',
    ),
    "get_assessment": Case(
        "get",
        api_url("/assessments/{w.assessment_a1.pk}"),
        permitted="officer_a",
        outsider="coord_b",
    ),
    "update_entry": Case(
        "patch",
        api_url("/assessments/{w.assessment_a1.pk}/entries/1.1"),
        permitted="officer_a",
        outsider="coord_b",
        unauthorized="leader_a",
        body=lambda w: {"version": 1, "inputs": {"met": "có"}},
        json=True,
    ),
    "link_evidence": Case(
        "put",
        api_url("/assessments/{w.assessment_a1.pk}/entries/1.1/evidence"),
        permitted="officer_a",
        outsider="coord_b",
        unauthorized="leader_a",
        body=lambda w: {"version": 1, "document_ids": [w.document_a1.pk]},
        json=True,
    ),
    "submit_assessment": Case(
        "post",
        _scored(api_url("/assessments/{w.assessment_a1.pk}/submit")),
        permitted="officer_a",
        outsider="coord_b",
        unauthorized="leader_a",
        body=_version_of("assessment_a1"),
        json=True,
    ),
    "appraise_entry": Case(
        "post",
        _in_appraisal(api_url("/assessments/{w.assessment_a1.pk}/entries/1.2/reviews")),
        permitted="appraiser_a",
        outsider="coord_b",
        unauthorized="officer_a",
        body=lambda w: {"round": 1, "points": "2.5", "reason": "Tỷ lệ 83%", "version": None},
        json=True,
    ),
    "explain_entry": Case(
        "post",
        _in_explanation(api_url("/assessments/{w.assessment_a1.pk}/entries/1.1/explanation")),
        permitted="officer_a",
        outsider="coord_b",
        unauthorized="appraiser_a",
        body=lambda w: {"text": "Đã ban hành đúng hạn.", "document_ids": [w.document_a1.pk]},
        json=True,
    ),
    "list_evidence": Case(
        "get",
        api_url("/evidence"),
        permitted="officer_a",
        outsider="coord_b",
        hidden=lambda w: w.document_a1.sha256,
    ),
    # A unit the caller does not see is refused by name (400 unit_id), as creations are.
    "register_evidence": Case(
        "post",
        api_url("/evidence"),
        permitted="officer_a",
        success=201,
        unauthorized="leader_a",
        body=_new_document,
    ),
    "get_evidence_file": Case(
        "get",
        api_url("/evidence/{w.document_a1.pk}/file"),
        permitted="officer_a",
        outsider="coord_b",
    ),
}


API: dict[str, Case] = {
    **PLAN_API,
    **ASSESSMENT_API,
    "list_units": Case(
        "get",
        api_url("/units"),
        permitted="coord_a",
        outsider="coord_b",
        hidden=lambda w: w.commune_a1.name,
    ),
    "get_unit": Case(
        "get", api_url("/units/{w.commune_a1.pk}"), permitted="officer_a", outsider="coord_b"
    ),
    "create_unit": Case(
        "post",
        api_url("/units"),
        permitted="coord_a",
        success=201,
        unauthorized="officer_a",
        body=lambda w: {
            "code": "A.X9",
            "name": "Xã Mới",
            "kind": "commune",
            "parent_id": w.commune_a1.pk,
        },
        json=True,
    ),
    "update_unit": Case(
        "patch",
        api_url("/units/{w.commune_a1.pk}"),
        permitted="coord_a",
        outsider="coord_b",
        unauthorized="officer_a",
        body=lambda w: {"version": 1, "name": "Xã Alpha Mới"},
        json=True,
    ),
    "list_groups": Case(
        "get",
        api_url("/groups"),
        permitted="officer_a",
        outsider="coord_b",
        hidden=lambda w: f'"id":{w.group_a.pk},',
    ),
    "get_group": Case(
        "get", api_url("/groups/{w.group_a.pk}"), permitted="officer_a", outsider="coord_b"
    ),
    "create_group": Case(
        "post",
        api_url("/groups"),
        permitted="coord_a",
        success=201,
        unauthorized="leader_a",
        body=lambda w: {
            "evaluating_unit_id": w.province_a.pk,
            "year": 2026,
            "name": "Khối mới",
            "unit_ids": [w.commune_a1.pk],
        },
        json=True,
    ),
    "update_group": Case(
        "patch",
        api_url("/groups/{w.group_a.pk}"),
        permitted="coord_a",
        outsider="coord_b",
        unauthorized="officer_a",
        body=lambda w: {"version": 1, "name": "Khối xã mới"},
        json=True,
    ),
    "list_lineage": Case(
        "get",
        api_url("/lineage"),
        permitted="coord_a",
        outsider="coord_b",
        hidden=lambda w: f'"before_ids":[{w.commune_a2.pk}]',
    ),
    "record_lineage": Case(
        "post",
        api_url("/lineage"),
        permitted="coord_a",
        success=201,
        unauthorized="officer_a",
        body=lambda w: {
            "kind": "rename",
            "day": "2025-07-01",
            "before_ids": [w.commune_a1.pk],
            "after_ids": [w.commune_a1.pk],
        },
        json=True,
    ),
    "list_users": Case(
        "get",
        api_url("/users"),
        permitted="coord_a",
        outsider="coord_b",
        hidden=lambda w: w.officer_a.username,
    ),
    "get_user": Case(
        "get", api_url("/users/{w.officer_a.pk}"), permitted="coord_a", outsider="coord_b"
    ),
    "list_assignments": Case(
        "get",
        api_url("/role-assignments"),
        permitted="coord_a",
        outsider="coord_b",
        hidden=lambda w: f'"user_id":{w.officer_a.pk},',
    ),
    "assign_role": Case(
        "post",
        api_url("/role-assignments"),
        permitted="coord_a",
        success=201,
        unauthorized="appraiser_a",
        body=lambda w: {"user_id": w.appraiser_a.pk, "role": "leader", "unit_id": w.commune_a1.pk},
        json=True,
    ),
    "revoke_role": Case(
        "delete",
        lambda w: f"/api/role-assignments/{w.officer_a.role_assignments.get().pk}",
        permitted="coord_a",
        success=204,
        outsider="coord_b",
        unauthorized="officer_a",
    ),
    "list_audit_events": Case(
        "get",
        api_url("/audit-events"),
        permitted="coord_a",
        unauthorized="officer_a",
        hidden=lambda w: w.commune_a1.name,
    ),
    "list_frameworks": Case(
        "get",
        api_url("/frameworks"),
        permitted="officer_a",
        outsider="coord_b",
        hidden=lambda w: w.framework_a.title,
    ),
    "get_framework": Case(
        "get", api_url("/frameworks/{w.framework_a.pk}"), permitted="officer_a", outsider="coord_b"
    ),
    "load_framework": Case(
        "post",
        api_url("/frameworks"),
        permitted="coord_a",
        success=201,
        unauthorized="officer_a",
        body=lambda w: {
            "yaml": FRAMEWORK_A.replace("alpha-xa-2025", "alpha-xa-2026"),
            "owner_id": w.province_a.pk,
        },
        json=True,
    ),
    "list_results": Case(
        "get",
        api_url("/results"),
        permitted="officer_a",
        outsider="coord_b",
        hidden=lambda w: w.commune_a1.name,
    ),
    "get_result": Case(
        "get", api_url("/results/{w.result_a1.pk}"), permitted="officer_a", outsider="coord_b"
    ),
    "get_gaps": Case(
        "get", api_url("/results/{w.result_a1.pk}/gaps"), permitted="officer_a", outsider="coord_b"
    ),
    "import_results": Case(
        "post",
        api_url("/results/import"),
        permitted="coord_a",
        unauthorized="officer_a",
        body=lambda w: {
            "filename": "a2.csv",
            "content_base64": base64.b64encode(SCORECARD_A2).decode(),
            "framework_id": w.framework_a.pk,
        },
        json=True,
    ),
    "list_tokens": Case(
        "get",
        _with_token(api_url("/tokens")),
        permitted="coord_a",
        outsider="coord_b",
        hidden=lambda w: "token-of-coord_a",
    ),
    "issue_token": Case(
        "post",
        api_url("/tokens"),
        permitted="officer_a",
        success=201,
        body=lambda w: {"name": "script", "days": 30},
        json=True,
    ),
    "revoke_token": Case(
        "delete",
        lambda w: f"/api/tokens/{_token(w).pk}",
        permitted="coord_a",
        success=204,
        outsider="coord_b",
    ),
}

# Routes whose URL needs an object filled in after the fact.
_QUERY_OBJECT = {
    "unit_create": "commune_a1",
    "group_create": "province_a",
    "lineage_create": "commune_a1",
}


def _url_names(patterns: list[URLPattern | URLResolver], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            names |= _url_names(entry.url_patterns, entry.namespace or namespace)
        elif entry.name:
            names.add(f"{namespace}:{entry.name}" if namespace else entry.name)
    return names


def _api_operations() -> set[str]:
    schema = api.get_openapi_schema()
    return {
        re.sub(r"^parindex_api_[a-z]+_", "", op["operationId"])
        for methods in schema["paths"].values()
        for op in methods.values()
    }


def test_every_route_is_covered() -> None:
    operations = _api_operations()
    assert operations == set(API)
    names = _url_names(get_resolver().url_patterns)
    assert {name for name in names if name.removeprefix("api:") not in operations} == set(PAGES)


def _request(client: Client, case: Case | Public, w: World, name: str) -> Any:
    url = case.url(w)
    if name in _QUERY_OBJECT:
        url = url.format(getattr(w, _QUERY_OBJECT[name]).pk)
    body: dict[str, Any] = (
        case.body if isinstance(case, Public) else (case.body(w) if case.body else {})
    )
    send = getattr(client, case.method)
    if isinstance(case, Case) and case.json:
        return send(url, body, content_type="application/json")
    return send(url, body) if case.method != "get" else send(url)


def _as(name: str, w: World) -> Client:
    client = Client()
    client.force_login(getattr(w, name))
    return client


ALL = [(name, case) for name, case in {**PAGES, **API}.items() if isinstance(case, Case)]


@pytest.mark.parametrize(("name", "case"), ALL, ids=[name for name, _ in ALL])
def test_permitted(world: World, name: str, case: Case) -> None:
    response = _request(_as(case.permitted, world), case, world, name)
    # Reading a file's response to the end closes its file without closing the test's
    # database connection, which response.close() would (request_finished).
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == case.success, body[:500]


@pytest.mark.parametrize(
    ("name", "case"),
    [(n, c) for n, c in ALL if c.outsider],
    ids=[n for n, c in ALL if c.outsider],
)
def test_outsider(world: World, name: str, case: Case) -> None:
    assert case.outsider
    response = _request(_as(case.outsider, world), case, world, name)
    if case.hidden:
        assert response.status_code == 200
        assert case.hidden(world) not in response.content.decode()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "case"),
    [(n, c) for n, c in ALL if c.unauthorized],
    ids=[n for n, c in ALL if c.unauthorized],
)
def test_without_the_role(world: World, name: str, case: Case) -> None:
    assert case.unauthorized
    response = _request(_as(case.unauthorized, world), case, world, name)
    assert response.status_code == 403


@pytest.mark.parametrize(("name", "case"), ALL, ids=[name for name, _ in ALL])
def test_anonymous(world: World, name: str, case: Case) -> None:
    response = _request(Client(), case, world, name)
    assert response.status_code == (401 if name in API else 302)


PUBLIC = [(name, case) for name, case in PAGES.items() if isinstance(case, Public)]


@pytest.mark.parametrize(("name", "case"), PUBLIC, ids=[name for name, _ in PUBLIC])
def test_public(world: World, name: str, case: Public) -> None:
    assert _request(Client(), case, world, name).status_code == case.success
