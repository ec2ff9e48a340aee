"""API operations on the yearly assessment cycle: read cycles and move their stages; read a
unit's assessment with its totals, enter its criteria (inputs, note, evidence) and submit it;
appraise a criterion in round 1 or 2, explain a deduction; keep a unit's evidence register;
approve in council and publish. The same named writes and scope as the pages
(parindex.assessments)."""

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.conf import settings
from django.db.models import Count, Q, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from parindex.access import Action, get_in_scope, scope
from parindex.api.auth import caller
from parindex.assessments import actions, build, evidence
from parindex.assessments.models import Assessment, Cycle, Document, Entry, Stage
from parindex.audit.writes import ActionRefused
from parindex.core import assessment as core
from parindex.core.framework import Framework
from parindex.core.results import Totals
from parindex.io import render
from parindex.org.models import Unit, User
from parindex.web.messages import language

router = Router()

Id = Annotated[int, Field(ge=1, le=2_147_483_647)]
Version = Annotated[int, Field(ge=1, le=2_147_483_647)]
Text = Annotated[str, Field(max_length=255)]
LongText = Annotated[str, Field(max_length=10_000)]
Points = Annotated[Decimal, Field(ge=0, max_digits=9, decimal_places=4)]
InputName = Annotated[str, Field(max_length=100)]
InputText = Annotated[str, Field(max_length=100)]
DocumentIds = Annotated[list[Id], Field(max_length=100)]

# register_document names the uploaded file "file", which the API's error handler would read
# as a framework's file (_API_NAMES): this name reaches the answer as "file".
EVIDENCE_FILE = "evidence_file"


def _exact(value: Decimal | None) -> str | None:
    """Points as the shortest exact decimal string: "93.92", "88"."""
    return None if value is None else format(value.normalize(), "f")


def _percent(filled: int, entered: int) -> int:
    """As core.assessment.Scorecard.percent_filled counts it."""
    return 100 if not entered else filled * 100 // entered


def _with_progress(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return assessments.select_related("unit", "cycle").annotate(
        entered=Count("entries"),
        filled=Count("entries", filter=Q(entries__self_points__isnull=False)),
    )


# Cycles and their stages -------------------------------------------------------------------


class StageOut(Schema):
    kind: str
    label: str  # the stage's name in the caller's language
    opens: date
    closes: date  # the last day it is open
    override: str  # "": by its dates; "open" or "closed": by hand
    open_today: bool
    version: int


class GroupOut(Schema):
    id: int
    name: str


class CycleAssessmentOut(Schema):
    id: int
    unit_id: int
    unit_code: str
    unit_name: str
    state: str
    percent_filled: int
    result_id: int | None
    version: int


class CycleFields(Schema):
    id: int
    evaluating_unit_id: int
    evaluating_unit_name: str
    year: int
    framework_id: int
    content_hash: str  # the framework's content the cycle scores against
    title: str
    current_stages: list[str]  # the stages open today, in the cycle's order
    council_approved_at: datetime | None
    published_at: datetime | None
    version: int


class CycleOut(CycleFields):
    @staticmethod
    def resolve_evaluating_unit_name(obj: Cycle) -> str:
        return obj.evaluating_unit.name

    @staticmethod
    def resolve_content_hash(obj: Cycle) -> str:
        return obj.content_id

    @staticmethod
    def resolve_current_stages(obj: Cycle) -> list[str]:
        stages = [build.stage(row) for row in obj.stages.all()]
        return [str(kind) for kind in core.current_stages(stages, build.today())]


class CycleDetailOut(CycleFields):
    stages: list[StageOut]
    groups: list[GroupOut]
    assessments: list[CycleAssessmentOut]  # those the caller may see


def _stage(row: Stage, today: date, lang: str) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "label": render.stage(row.kind, lang),
        "opens": row.opens,
        "closes": row.closes,
        "override": row.override,
        "open_today": build.stage(row).is_open(today),
        "version": row.version,
    }


def _cycle_assessment(assessment: Assessment) -> dict[str, Any]:
    return {
        "id": assessment.pk,
        "unit_id": assessment.unit_id,
        "unit_code": assessment.unit.code,
        "unit_name": assessment.unit.name,
        "state": assessment.state,
        "percent_filled": _percent(assessment.filled, assessment.entered),  # type: ignore[attr-defined]
        "result_id": assessment.result_id,
        "version": assessment.version,
    }


def _cycle_detail(user: User, cycle: Cycle) -> dict[str, Any]:
    cycle = Cycle.objects.select_related("evaluating_unit").get(pk=cycle.pk)
    stages = sorted(cycle.stages.all(), key=lambda row: core.STAGE_ORDER.index(row.kind))
    today, lang = build.today(), language()
    seen = _with_progress(scope(user, Assessment, "view").filter(cycle=cycle))
    return {
        **{name: getattr(cycle, name) for name in ("id", "year", "title", "version")},
        "evaluating_unit_id": cycle.evaluating_unit_id,
        "evaluating_unit_name": cycle.evaluating_unit.name,
        "framework_id": cycle.framework_id,
        "content_hash": cycle.content_id,
        "current_stages": [row.kind for row in stages if build.stage(row).is_open(today)],
        "council_approved_at": cycle.council_approved_at,
        "published_at": cycle.published_at,
        "stages": [_stage(row, today, lang) for row in stages],
        "groups": [{"id": g.pk, "name": g.name} for g in cycle.groups.order_by("name", "pk")],
        "assessments": [_cycle_assessment(a) for a in seen],
    }


class CycleFilter(Schema):
    year: Annotated[int, Field(ge=1990, le=2100)] | None = None
    evaluating_unit_id: Id | None = None


@router.get("/cycles", response=list[CycleOut], tags=["assessments"])
def list_cycles(request: HttpRequest, filters: Query[CycleFilter]) -> Any:
    cycles = scope(caller(request), Cycle, "view").select_related("evaluating_unit")
    if filters.year is not None:
        cycles = cycles.filter(year=filters.year)
    if filters.evaluating_unit_id is not None:
        cycles = cycles.filter(evaluating_unit_id=filters.evaluating_unit_id)
    return cycles.prefetch_related("stages")


@router.get("/cycles/{cycle_id}", response=CycleDetailOut, tags=["assessments"])
def get_cycle(request: HttpRequest, cycle_id: Id) -> Any:
    user = caller(request)
    return _cycle_detail(user, get_in_scope(user, Cycle, "view", pk=cycle_id))


class StagePatch(Schema):
    version: Version
    opens: date | None = None
    closes: date | None = None
    override: Literal["", "open", "closed"] | None = None
    reason: LongText = ""


@router.patch("/cycles/{cycle_id}/stages/{kind}", response=CycleDetailOut, tags=["assessments"])
def update_stage(request: HttpRequest, cycle_id: Id, kind: core.StageKind, body: StagePatch) -> Any:
    """New dates for a stage, or open (`override: "open"`) or close (`"closed"`) it by hand
    whatever its dates say; `""` goes back to its dates. What is not sent stays."""
    user = caller(request)
    stage = get_in_scope(user, Stage, "manage", cycle_id=cycle_id, kind=kind)
    override = stage.override if body.override is None else body.override
    actions.edit_stage(
        user,
        stage,
        version=body.version,
        opens=body.opens or stage.opens,
        closes=body.closes or stage.closes,
        override=core.Override(override),
        reason=body.reason,
    )
    return _cycle_detail(user, stage.cycle)


class DecisionIn(Schema):
    version: Version
    reason: LongText = ""


@router.post("/cycles/{cycle_id}/approve", response=CycleDetailOut, tags=["assessments"])
def approve_cycle(request: HttpRequest, cycle_id: Id, body: DecisionIn) -> Any:
    """The council approves the cycle's appraised results (council stage, every unit
    submitted)."""
    user = caller(request)
    cycle = get_in_scope(user, Cycle, "view", pk=cycle_id)
    actions.approve_in_council(user, cycle, version=body.version, reason=body.reason)
    return _cycle_detail(user, cycle)


@router.post("/cycles/{cycle_id}/publish", response=CycleDetailOut, tags=["assessments"])
def publish_cycle(request: HttpRequest, cycle_id: Id, body: DecisionIn) -> Any:
    """Publish every unit's result (source assessed); the cycle and its assessments lock."""
    user = caller(request)
    cycle = get_in_scope(user, Cycle, "view", pk=cycle_id)
    actions.publish_cycle(user, cycle, version=body.version, reason=body.reason)
    return _cycle_detail(user, cycle)


# Assessments and their entries ----------------------------------------------------------------


class AssessmentFields(Schema):
    id: int
    cycle_id: int
    year: int
    unit_id: int
    unit_code: str
    unit_name: str
    state: str
    submitted_at: datetime | None
    result_id: int | None
    percent_filled: int
    version: int


class AssessmentOut(AssessmentFields):
    @staticmethod
    def resolve_year(obj: Assessment) -> int:
        return obj.cycle.year

    @staticmethod
    def resolve_unit_code(obj: Assessment) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_unit_name(obj: Assessment) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_percent_filled(obj: Assessment) -> int:
        return _percent(obj.filled, obj.entered)  # type: ignore[attr-defined]


class TotalsOut(Schema):
    # Exact decimal strings ("8.51"); index in percent of the applicable maximum.
    achieved: str
    max_points: str
    lost: str
    index: str


class FieldOut(Schema):
    node_id: str
    code: str
    title: str
    max_points: str
    self_points: str
    appraised_points: str


class InputOut(Schema):
    name: str
    kind: str  # bool, count, ratio, points, …


class ReviewOut(Schema):
    round: int
    points: str
    reason: str
    level: str
    by_name: str
    at: datetime
    version: int


class ExplanationOut(Schema):
    text: str
    document_ids: list[int]
    by_name: str
    at: datetime
    version: int


class EntryOut(Schema):
    id: int
    code: str
    node_id: str
    field_id: str
    title: str
    max_points: str
    expected_inputs: list[InputOut]
    inputs: dict[str, str]  # input name → canonical text ("0.92", "true", "3")
    self_points: str | None  # None: not scored yet
    appraised_points: str  # after the rounds so far: the last round that set it, else the claim
    note: str
    document_ids: list[int]
    reviews: list[ReviewOut]  # by round
    explanation: ExplanationOut | None
    updated_at: datetime | None
    version: int


class AssessmentDetailOut(AssessmentFields):
    complete: bool
    self_totals: TotalsOut
    appraised_totals: TotalsOut
    fields: list[FieldOut]
    entries: list[EntryOut]


def _totals(totals: Totals) -> dict[str, str | None]:
    return {
        "achieved": _exact(totals.achieved),
        "max_points": _exact(totals.applicable_max),
        "lost": _exact(totals.lost),
        "index": _exact(totals.index_percent),
    }


def _entry(
    entry: Entry, framework: Framework, fields: dict[str, str], card: core.Scorecard
) -> dict[str, Any]:
    node = framework.by_id(entry.node_id)
    assert node is not None  # entries are made from the cycle's framework
    explanation = getattr(entry, "explanation", None)
    return {
        "id": entry.pk,
        "code": entry.code,
        "node_id": entry.node_id,
        "field_id": fields[node.id],
        "title": node.title,
        "max_points": _exact(node.max_points),
        "expected_inputs": [
            {"name": spec.name, "kind": spec.kind} for spec in core.rule_of(node).inputs()
        ],
        "inputs": dict(entry.inputs),
        "self_points": _exact(entry.self_points),
        "appraised_points": _exact(card.appraised_points[entry.node_id]),
        "note": entry.note,
        "document_ids": sorted(d.pk for d in entry.documents.all()),
        "reviews": [
            {
                "round": review.round,
                "points": _exact(review.points),
                "reason": review.reason,
                "level": review.level,
                "by_name": str(review.by or ""),
                "at": review.at,
                "version": review.version,
            }
            for review in sorted(entry.reviews.all(), key=lambda r: r.round)
        ],
        "explanation": None
        if explanation is None
        else {
            "text": explanation.text,
            "document_ids": sorted(d.pk for d in explanation.documents.all()),
            "by_name": str(explanation.by or ""),
            "at": explanation.at,
            "version": explanation.version,
        },
        "updated_at": entry.updated_at,
        "version": entry.version,
    }


def _assessment_detail(assessment: Assessment) -> dict[str, Any]:
    assessment = _with_progress(Assessment.objects.filter(pk=assessment.pk)).get()
    framework = build.framework(assessment.cycle)
    entries = build.entries(assessment)
    prefetch_related_objects(entries, "reviews__by", "explanation__by")
    card = core.scorecard(framework, build.sheet(entries))
    field_of = build.fields_of(framework)
    fields = [
        {
            "node_id": field.id,
            "code": field.code,
            "title": field.title,
            "max_points": _exact(card.self_totals.nodes[field.id].applicable_max),
            "self_points": _exact(card.self_totals.nodes[field.id].achieved),
            "appraised_points": _exact(card.appraised_totals.nodes[field.id].achieved),
        }
        for field in framework.nodes
        if field.id in card.self_totals.nodes
    ]
    return {
        **{name: getattr(assessment, name) for name in ("id", "cycle_id", "unit_id", "state")},
        **{name: getattr(assessment, name) for name in ("submitted_at", "result_id", "version")},
        "year": assessment.cycle.year,
        "unit_code": assessment.unit.code,
        "unit_name": assessment.unit.name,
        "percent_filled": card.percent_filled,
        "complete": card.complete,
        "self_totals": _totals(card.self_totals),
        "appraised_totals": _totals(card.appraised_totals),
        "fields": fields,
        "entries": [_entry(entry, framework, field_of, card) for entry in entries],
    }


class AssessmentFilter(Schema):
    cycle_id: Id | None = None
    unit_id: Id | None = None


@router.get("/assessments", response=list[AssessmentOut], tags=["assessments"])
def list_assessments(request: HttpRequest, filters: Query[AssessmentFilter]) -> Any:
    assessments = _with_progress(scope(caller(request), Assessment, "view"))
    if filters.cycle_id is not None:
        assessments = assessments.filter(cycle_id=filters.cycle_id)
    if filters.unit_id is not None:
        assessments = assessments.filter(unit_id=filters.unit_id)
    return assessments


@router.get("/assessments/{assessment_id}", response=AssessmentDetailOut, tags=["assessments"])
def get_assessment(request: HttpRequest, assessment_id: Id) -> Any:
    user = caller(request)
    return _assessment_detail(get_in_scope(user, Assessment, "view", pk=assessment_id))


def _entry_of(user: User, assessment_id: int, code: str, action: Action) -> Entry:
    """A criterion of an assessment by its code (1.1, 7.6.2)."""
    return get_in_scope(user, Entry, action, assessment_id=assessment_id, code=code)


def _documents(user: User, ids: list[int]) -> list[Document]:
    """The documents of `ids`, each visible to the caller; whether they are in the unit's
    own register is the named write's to say."""
    found = scope(user, Document, "view").in_bulk(ids)
    for pk in ids:
        if pk not in found:
            raise ActionRefused(
                _("No evidence document with id %(id)s is visible to you.") % {"id": pk},
                field="document_ids",
            )
    return [found[pk] for pk in dict.fromkeys(ids)]


class EntryPatch(Schema):
    version: Version
    # Every input of the criterion (name → text as typed: "0,92", "92%", "có", "3"): the
    # ones not sent are blank; all blank clears the score. Not sent at all: they stay.
    inputs: Annotated[dict[InputName, InputText], Field(max_length=20)] | None = None
    note: LongText | None = None
    reason: LongText = ""


@router.patch(
    "/assessments/{assessment_id}/entries/{code}",
    response=AssessmentDetailOut,
    tags=["assessments"],
)
def update_entry(request: HttpRequest, assessment_id: Id, code: str, body: EntryPatch) -> Any:
    """Save a criterion of the self-assessment; a refused input is named `inputs → name`."""
    user = caller(request)
    entry = _entry_of(user, assessment_id, code, "manage")
    node = build.framework(entry.assessment.cycle).by_id(entry.node_id)
    assert node is not None
    names = [spec.name for spec in core.rule_of(node).inputs()]
    inputs = dict(entry.inputs) if body.inputs is None else body.inputs
    for name in inputs:
        if name not in names:
            raise ActionRefused(
                _("Criterion %(code)s has no input “%(name)s”; its inputs are: %(names)s.")
                % {"code": entry.code, "name": name, "names": ", ".join(names)},
                field=f"inputs → {name}",
            )
    try:
        actions.save_entry(
            user,
            entry,
            version=body.version,
            inputs=inputs,
            note=entry.note if body.note is None else body.note,
            reason=body.reason,
        )
    except ActionRefused as refused:
        if refused.field in names:
            raise ActionRefused(refused.message, field=f"inputs → {refused.field}") from refused
        raise
    return _assessment_detail(entry.assessment)


class EvidenceIn(Schema):
    version: Version
    document_ids: DocumentIds  # the whole set: documents not listed are unlinked
    reason: LongText = ""


@router.put(
    "/assessments/{assessment_id}/entries/{code}/evidence",
    response=AssessmentDetailOut,
    tags=["assessments"],
)
def link_evidence(request: HttpRequest, assessment_id: Id, code: str, body: EvidenceIn) -> Any:
    user = caller(request)
    entry = _entry_of(user, assessment_id, code, "manage")
    documents = _documents(user, body.document_ids)
    actions.link_evidence(
        user, entry, version=body.version, documents=documents, reason=body.reason
    )
    return _assessment_detail(entry.assessment)


class SubmitIn(Schema):
    version: Version


@router.post(
    "/assessments/{assessment_id}/submit", response=AssessmentDetailOut, tags=["assessments"]
)
def submit_assessment(request: HttpRequest, assessment_id: Id, body: SubmitIn) -> Any:
    """Hand the self-assessment to the appraisers: every criterion scored; then it is
    locked."""
    user = caller(request)
    assessment = get_in_scope(user, Assessment, "manage", pk=assessment_id)
    actions.submit_assessment(user, assessment, version=body.version)
    return _assessment_detail(assessment)


class ReviewIn(Schema):
    round: Literal[1, 2]
    points: Points
    reason: LongText = ""  # required when the points are below the claim
    level: Text = ""  # the level that deducted
    version: Version | None = None  # the round's review's; null for the round's first


@router.post(
    "/assessments/{assessment_id}/entries/{code}/reviews",
    response=AssessmentDetailOut,
    tags=["assessments"],
)
def appraise_entry(request: HttpRequest, assessment_id: Id, code: str, body: ReviewIn) -> Any:
    """The appraisers' points for a criterion in round 1 (appraisal) or round 2 (after the
    unit's explanation)."""
    user = caller(request)
    entry = _entry_of(user, assessment_id, code, "view")
    actions.appraise_entry(
        user,
        entry,
        round_=body.round,
        version=body.version,
        points=body.points,
        reason=body.reason,
        level=body.level,
    )
    return _assessment_detail(entry.assessment)


class ExplanationIn(Schema):
    text: LongText
    document_ids: DocumentIds = []
    version: Version | None = None  # the explanation's; null the first time


@router.post(
    "/assessments/{assessment_id}/entries/{code}/explanation",
    response=AssessmentDetailOut,
    tags=["assessments"],
)
def explain_entry(request: HttpRequest, assessment_id: Id, code: str, body: ExplanationIn) -> Any:
    """The unit's answer (giải trình) to a round-1 deduction, with documents of its
    register."""
    user = caller(request)
    entry = _entry_of(user, assessment_id, code, "view")
    documents = _documents(user, body.document_ids)
    actions.explain_entry(user, entry, version=body.version, text=body.text, documents=documents)
    return _assessment_detail(entry.assessment)


# A unit's evidence register --------------------------------------------------------------------


class DocumentOut(Schema):
    id: int
    unit_id: int
    number: str
    issued_on: date
    issuer: str
    title: str
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime

    @staticmethod
    def resolve_unit_id(obj: Document) -> int:
        return obj.owner_id


class DocumentFilter(Schema):
    unit_id: Id | None = None


@router.get("/evidence", response=list[DocumentOut], tags=["evidence"])
def list_evidence(request: HttpRequest, filters: Query[DocumentFilter]) -> Any:
    documents = scope(caller(request), Document, "view")
    if filters.unit_id is not None:
        documents = documents.filter(owner_id=filters.unit_id)
    return documents


class DocumentIn(Schema):
    unit_id: Id
    number: Annotated[str, Field(max_length=100)]  # số, ký hiệu: 12/KH-UBND
    issued_on: date
    issuer: Text
    title: Annotated[str, Field(max_length=500)]


@router.post("/evidence", response={201: DocumentOut}, tags=["evidence"])
def register_evidence(
    request: HttpRequest, details: Form[DocumentIn], file: File[UploadedFile]
) -> Any:
    """Enter an official document in a unit's evidence register (multipart/form-data: the
    facts and the `file`: PDF, Word .docx, Excel .xlsx, PNG or JPEG)."""
    user = caller(request)
    unit = scope(user, Unit, "view").filter(pk=details.unit_id).first()
    if unit is None:
        raise ActionRefused(
            _("No unit with id %(id)s is visible to you.") % {"id": details.unit_id},
            field="unit_id",
        )
    name = file.name or ""
    most = settings.EVIDENCE_MOST_BYTES
    if file.size is not None and file.size > most:  # refused before it is read into memory
        raise ActionRefused(
            _("%(name)s is %(size)s MB: evidence files may be at most %(most)s MB.")
            % {"name": name, "size": round(file.size / 2**20, 1), "most": most // 2**20},
            field=EVIDENCE_FILE,
        )
    try:
        document = actions.register_document(
            user,
            unit,
            number=details.number,
            issued_on=details.issued_on,
            issuer=details.issuer,
            title=details.title,
            filename=name,
            data=file.read(),
        )
    except ActionRefused as refused:
        if refused.field == "file":
            raise ActionRefused(refused.message, field=EVIDENCE_FILE) from refused
        raise
    return Status(201, document)


_PIECE = 256 * 1024
_FILE_ANSWER = {
    "responses": {
        200: {
            "description": "The document's file, as an attachment under its registered name.",
            "content": {
                kind: {"schema": {"type": "string", "format": "binary"}}
                for kind in dict.fromkeys(evidence.KINDS.values())
            },
        }
    }
}


@router.get("/evidence/{document_id}/file", tags=["evidence"], openapi_extra=_FILE_ANSWER)
def get_evidence_file(request: HttpRequest, document_id: Id) -> StreamingHttpResponse:
    document = get_in_scope(caller(request), Document, "view", pk=document_id)
    if not document.file.storage.exists(document.file.name):  # storage not restored with it
        raise Http404
    response = StreamingHttpResponse(_pieces(document), content_type=document.content_type)
    response["Content-Length"] = str(document.size)
    disposition = content_disposition_header(True, document.filename)
    response["Content-Disposition"] = disposition or "attachment"
    return response


def _pieces(document: Document) -> Iterator[bytes]:
    """The file in pieces: opened only once the server starts sending it, and closed however
    the sending ends (a client that never reads the answer leaves no file open)."""
    with document.file.storage.open(document.file.name, "rb") as handle:
        yield from iter(lambda: handle.read(_PIECE), b"")
