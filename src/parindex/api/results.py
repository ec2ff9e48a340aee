"""API operations on results: list and read them, their gap analysis (the stable
parindex-gaps/1 JSON of docs/gaps.md), and importing a decision's workbook (read and
matched first; recorded only when asked to confirm)."""

import base64
import binascii
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from parindex.access import get_in_scope, scope
from parindex.api.auth import caller
from parindex.audit.writes import ActionRefused, ProblemsRefused
from parindex.core.gaps import analyse
from parindex.frameworks.models import StoredFramework
from parindex.io import gaps_report
from parindex.results import imports
from parindex.results.cards import framework_for, scorecard_of
from parindex.results.models import NodeResult, Result
from parindex.web.messages import language

router = Router()


def _exact(value: Decimal | None) -> str | None:
    """Points as the shortest exact decimal string: "93.92", "88"."""
    return None if value is None else format(value.normalize(), "f")


class ResultOut(Schema):
    id: int
    unit_id: int
    unit_code: str
    unit_name: str
    year: int
    framework_id: int
    source: str
    group: str
    published_rank: int | None
    # Points and the index as exact decimal strings ("93.92").
    self_total: str | None
    published_total: str | None
    published_index: str | None
    frozen_content_hash: str | None
    version: int

    @staticmethod
    def resolve_unit_code(obj: Result) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_unit_name(obj: Result) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_self_total(obj: Result) -> str | None:
        return _exact(obj.self_total)

    @staticmethod
    def resolve_published_total(obj: Result) -> str | None:
        return _exact(obj.published_total)

    @staticmethod
    def resolve_published_index(obj: Result) -> str | None:
        return _exact(obj.published_index)

    @staticmethod
    def resolve_frozen_content_hash(obj: Result) -> str | None:
        return obj.frozen_content_id


class DeductionOut(Schema):
    round: int
    points: str | None  # None when the decision did not say how much this level deducted
    reason: str
    level: str


class NodeOut(Schema):
    node_id: str
    code: str
    self_points: str | None
    appraised: list[str]  # round 1, round 2, …
    not_applicable: bool
    deductions: list[DeductionOut]

    @staticmethod
    def resolve_self_points(obj: NodeResult) -> str | None:
        return _exact(obj.self_points)

    @staticmethod
    def resolve_appraised(obj: NodeResult) -> list[str]:
        return [format(a.points.normalize(), "f") for a in obj.appraisals.all()]

    @staticmethod
    def resolve_deductions(obj: NodeResult) -> list[dict[str, object]]:
        return [
            {"round": d.round, "points": _exact(d.points), "reason": d.reason, "level": d.level}
            for d in obj.deductions.all()
        ]


class ResultDetailOut(ResultOut):
    nodes: list[NodeOut]

    @staticmethod
    def resolve_nodes(obj: Result) -> Any:
        return obj.nodes.prefetch_related("appraisals", "deductions")


Id = Annotated[int, Field(ge=1, le=2_147_483_647)]


class ResultFilter(Schema):
    year: Annotated[int, Field(ge=1990, le=2100)] | None = None
    unit_id: Id | None = None
    group: Annotated[str, Field(max_length=255)] | None = None


@router.get("/results", response=list[ResultOut], tags=["results"])
def list_results(request: HttpRequest, filters: Query[ResultFilter]) -> Any:
    results = scope(caller(request), Result, "view").select_related("unit")
    if filters.year is not None:
        results = results.filter(year=filters.year)
    if filters.unit_id is not None:
        results = results.filter(unit_id=filters.unit_id)
    if filters.group is not None:
        results = results.filter(group=filters.group)
    return results


class ImportIn(Schema):
    filename: Annotated[str, Field(min_length=1, max_length=255)]
    # The workbook's bytes in base64 (a JSON body is refused past 2.5 MB: larger files go
    # through the page's upload).
    content_base64: Annotated[str, Field(min_length=1, max_length=2_400_000)]
    framework_id: Id
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    confirm: bool = False  # False: read and match only; True: record every result
    reason: str = ""


class MatchedOut(Schema):
    unit_as_written: str
    unit_id: int
    unit_code: str
    year: int
    group: str | None
    published_rank: int | None
    self_total: str | None
    published_total: str | None
    published_index: str | None


class ImportOut(Schema):
    confirmed: bool
    matched: list[MatchedOut]
    result_ids: list[int]


def _matched(item: imports.Matched) -> dict[str, object]:
    return {
        "unit_as_written": item.card.unit,
        "unit_id": item.unit.pk,
        "unit_code": item.unit.code,
        "year": item.year,
        "group": item.card.group,
        "published_rank": item.card.published_rank,
        "self_total": _exact(item.self_total),
        "published_total": _exact(item.total),
        "published_index": _exact(item.index),
    }


@router.post("/results/import", response={200: ImportOut, 201: ImportOut}, tags=["results"])
def import_results(request: HttpRequest, body: ImportIn) -> Any:
    user = caller(request)
    framework = scope(user, StoredFramework, "view").filter(pk=body.framework_id).first()
    if framework is None:
        raise ActionRefused(
            _("No framework with id %(id)s is visible to you.") % {"id": body.framework_id},
            field="framework_id",
        )
    try:
        data = base64.b64decode(body.content_base64, validate=True)
    except (binascii.Error, ValueError):  # not base64, or not even ASCII
        raise ActionRefused(
            _("The file's content is not base64."), field="content_base64"
        ) from None
    try:
        preview = imports.preview_import(user, data, body.filename, framework, body.year)
    except ProblemsRefused as refused:
        raise ProblemsRefused(refused.problems, field="content_base64") from refused
    matched = [_matched(item) for item in preview.matched]
    if not body.confirm:
        imports.cancel_import(user, preview.staged.pk)
        return {"confirmed": False, "matched": matched, "result_ids": []}
    recorded = imports.confirm_import(user, preview.staged.pk, body.reason)
    body_out = {"confirmed": True, "matched": matched, "result_ids": [r.pk for r in recorded]}
    return Status(201, body_out)


# After the import: a path with an id would otherwise take /results/import.
@router.get("/results/{result_id}", response=ResultDetailOut, tags=["results"])
def get_result(request: HttpRequest, result_id: int) -> Any:
    return get_in_scope(caller(request), Result, "view", pk=result_id)


@router.get("/results/{result_id}/gaps", response=dict[str, Any], tags=["results"])
def get_gaps(request: HttpRequest, result_id: int) -> Any:
    """What lost points, and why: parindex-gaps/1 (docs/gaps.md), words in the caller's
    language (Accept-Language: vi or en)."""
    result = get_in_scope(caller(request), Result, "view", pk=result_id)
    framework = framework_for(result)
    gaps = analyse(scorecard_of(result, framework))
    return gaps_report.as_json(gaps, language(), framework)
