"""What an assessment downloads as: its history as a workbook, the self-assessment report and
the appraisal minutes as Word (parindex.io.assessment_document)."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from parindex.assessments import build
from parindex.assessments.models import Assessment
from parindex.audit.models import AuditEvent
from parindex.core import assessment as core
from parindex.io import assessment_document, render, tables


def download(data: bytes, filename: str, kind: str) -> HttpResponse:
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response


def history_workbook(
    assessment: Assessment, rows: Sequence[tuple[str, AuditEvent, str, Any, Any]]
) -> bytes:
    """Every change to the assessment's criteria: when, who, what, old → new, why."""
    table = tables.Table(
        title=_("History of %(unit)s's assessment %(year)s")
        % {"unit": assessment.unit, "year": assessment.cycle.year},
        headers=[
            _("Criterion"),
            _("When"),
            _("Who"),
            _("Action"),
            _("What changed"),
            _("Before"),
            _("After"),
            _("Reason"),
        ],
        rows=[
            (
                code,
                date_format(timezone.localtime(event.at), "SHORT_DATETIME_FORMAT"),
                event.actor_name,
                event.action_label,
                label,
                _cell(old),
                _cell(new),
                event.reason,
            )
            for code, event, label, old, new in rows
        ],
    )
    return tables.workbook([table])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return "; ".join(f"{key}: {item}" for key, item in value.items())
    return str(value)


def _facts(assessment: Assessment) -> assessment_document.AssessmentFacts:
    """The assessment as the documents state it: its numbers from core, its words from rows."""
    cycle = assessment.cycle
    framework = build.framework(cycle)
    entries = build.entries(assessment)
    card = core.scorecard(framework, build.sheet(entries))
    places = Decimal(10) ** -framework.decimals  # 0,50 as the framework rounds, not 0,5000
    leaves = {
        entry.node_id: assessment_document.LeafFacts(
            note=entry.note,
            evidence=tuple(
                assessment_document.EvidenceLine(
                    d.number, d.issued_on, d.title, d.issued_on.year != cycle.year
                )
                for d in entry.documents.all()
            ),
            reviews=tuple(
                assessment_document.ReviewLine(
                    r.round, r.points.quantize(places), r.reason, r.level
                )
                for r in entry.reviews.all()
            ),
            explanation=getattr(getattr(entry, "explanation", None), "text", ""),
        )
        for entry in entries
    }
    appraisers = sorted(
        {str(r.by) for entry in entries for r in entry.reviews.all() if r.by is not None}
    )
    parent = assessment.unit.parent
    return assessment_document.AssessmentFacts(
        unit=assessment.unit.name,
        evaluating_body=cycle.evaluating_unit.name,
        superior_body=parent.name if parent else "",
        year=cycle.year,
        place="",
        day=timezone.localdate(),
        framework=framework,
        card=card,
        leaves=leaves,
        appraisers=tuple(appraisers),
    )


def word(assessment: Assessment, kind: str) -> tuple[bytes, str]:
    """The self-assessment report ("report") or the appraisal minutes ("minutes")."""
    writers = {
        "report": (assessment_document.self_assessment_report, "bao-cao-tu-danh-gia"),
        "minutes": (assessment_document.appraisal_minutes, "bien-ban-tham-dinh"),
    }
    if kind not in writers:
        raise Http404
    write, stem = writers[kind]
    data = write(_facts(assessment), render.chosen(get_language()))
    return data, f"{stem}-{assessment.unit.code}-{assessment.cycle.year}.docx"
