"""An assessment's pages: the framework as a form a unit fills criterion by criterion (each
row saves itself as it is typed, htmx), the evidence of each, submission; the appraisers'
points and reasons beside the claim in two rounds; the unit's explanations; a criterion's
history; and the documents. The work is parindex.assessments.actions' and io's."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from parindex.access import get_in_scope, scope
from parindex.assessments import actions, documents, pages, workbook
from parindex.assessments.forms import CorrectionForm, ExplanationForm, ReviewForm
from parindex.assessments.models import Assessment, Document, Entry
from parindex.audit.models import AuditEvent
from parindex.audit.writes import ActionRefused, ProblemsRefused, StaleVersion
from parindex.web.forms import submit
from parindex.web.http import AuthenticatedRequest

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SAVED = "assessments/entry_saved.html"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _context(request: AuthenticatedRequest, assessment: Assessment, **extra: Any) -> dict[str, Any]:
    built = pages.page(request.user, assessment, **extra)
    register = scope(request.user, Document, "view").filter(owner=assessment.unit)
    return {
        "assessment": assessment,
        "cycle": assessment.cycle,
        "page": built,
        "card": built.card,
        "may": built.permissions,
        "register": register,  # read only by the templates that list it
        "deviation": pages.deviation(built.card),
        "most": pages.plain(built.card.self_totals.applicable_max),
        "year": assessment.cycle.year,
    }


@login_required
@require_GET
def assessment_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = get_in_scope(request.user, Assessment, "view", pk=pk)
    return render(request, "assessments/assessment_detail.html", _context(request, assessment))


def _row(
    request: AuthenticatedRequest,
    assessment: Assessment,
    entry: Entry,
    template: str = "assessments/entry_row.html",
    **extra: Any,
) -> HttpResponse:
    """The criterion's row with the totals beside it (htmx); SAVED sends only what a save
    changes, leaving alone the fields the person is typing in."""
    context = _context(request, assessment, only=entry, **extra)
    [row] = [r for r in context["page"].rows if r.entry is not None and r.entry.pk == entry.pk]
    return render(request, template, {**context, "row": row, "oob": True})


def _entry(request: AuthenticatedRequest, pk: int, entry: int) -> Entry:
    return get_in_scope(request.user, Entry, "view", pk=entry, assessment_id=pk)


@login_required
def entry_row(request: AuthenticatedRequest, pk: int, entry: int) -> HttpResponse:
    """A criterion's row; a POST saves the self-assessment's inputs and note. A refused save
    comes back as the row with what was typed still in it and the reason beside it."""
    if request.method != "POST":
        found = _entry(request, pk, entry)
        return _row(request, found.assessment, found)
    found = get_in_scope(request.user, Entry, "manage", pk=entry, assessment_id=pk)
    typed = {name: request.POST.get(f"in-{name}", "") for name in pages.input_names(found)}
    try:
        actions.save_entry(
            request.user,
            found,
            version=_version(request),
            inputs=typed,
            note=request.POST.get("note", ""),
        )
    except ActionRefused as refused:
        text = str(refused.message)
        if isinstance(refused, StaleVersion):
            found.refresh_from_db()
            text = _(
                "%(who)s saved this criterion while you were typing: your entry is kept here "
                "but not saved. Reload to see theirs, then save yours again if it is right."
            ) % {"who": found.updated_by or _("A colleague")}
        if not request.htmx:
            messages.error(request, text)
            return redirect("assessment_detail", pk)
        return _row(request, found.assessment, found, SAVED, typed=typed, error=text)
    if not request.htmx:
        return redirect("assessment_detail", pk)
    return _row(request, found.assessment, found, SAVED)


def _version(request: AuthenticatedRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError as bad:
        raise ActionRefused(_("The page is out of date: reload it and try again.")) from bad


def _form_errors(form: forms.Form) -> str:
    return "; ".join(
        f"{form.fields[name].label}: {' '.join(str(e) for e in errors)}"
        if name in form.fields
        else " ".join(str(e) for e in errors)
        for name, errors in form.errors.items()
    )


def _back(request: AuthenticatedRequest, assessment: Assessment, entry: Entry) -> HttpResponse:
    if request.htmx:
        entry.refresh_from_db()
        return _row(request, assessment, entry)
    return redirect("assessment_detail", assessment.pk)


def _refused(
    request: AuthenticatedRequest, assessment: Assessment, entry: Entry, text: str
) -> HttpResponse:
    if request.htmx:
        return _row(request, assessment, entry, error=text)
    messages.error(request, text)
    return redirect("assessment_detail", assessment.pk)


@login_required
@require_POST
def entry_evidence(request: AuthenticatedRequest, pk: int, entry: int) -> HttpResponse:
    found = get_in_scope(request.user, Entry, "manage", pk=entry, assessment_id=pk)
    chosen = scope(request.user, Document, "view").filter(pk__in=request.POST.getlist("documents"))
    try:
        actions.link_evidence(
            request.user, found, version=_version(request), documents=list(chosen)
        )
    except ActionRefused as refused:
        return _refused(request, found.assessment, found, str(refused.message))
    return _back(request, found.assessment, found)


@login_required
@require_POST
def entry_review(request: AuthenticatedRequest, pk: int, entry: int) -> HttpResponse:
    """The appraisers' points for a criterion, in the round that is open."""
    found = _entry(request, pk, entry)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _refused(request, found.assessment, found, _form_errors(form))
    data = form.cleaned_data
    try:
        actions.appraise_entry(
            request.user,
            found,
            round_=data["round"],
            version=data["version"],
            points=data["points"],
            reason=data["reason"],
            level=data["level"],
        )
    except ActionRefused as refused:
        return _refused(request, found.assessment, found, str(refused.message))
    return _back(request, found.assessment, found)


@login_required
@require_POST
def entry_explain(request: AuthenticatedRequest, pk: int, entry: int) -> HttpResponse:
    found = _entry(request, pk, entry)
    register = scope(request.user, Document, "view").filter(owner=found.assessment.unit)
    form = ExplanationForm(request.POST, documents=register)
    if not form.is_valid():
        return _refused(request, found.assessment, found, _form_errors(form))
    data = form.cleaned_data
    try:
        actions.explain_entry(
            request.user,
            found,
            version=data["version"],
            text=data["text"],
            documents=list(data["documents"]),
        )
    except ActionRefused as refused:
        return _refused(request, found.assessment, found, str(refused.message))
    return _back(request, found.assessment, found)


@login_required
@require_POST
def assessment_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = get_in_scope(request.user, Assessment, "manage", pk=pk)
    try:
        actions.submit_assessment(request.user, assessment, version=_version(request))
        messages.success(request, _("The self-assessment is submitted to the appraisers."))
    except ActionRefused as refused:
        messages.error(request, str(refused.message))
    return redirect("assessment_detail", pk)


@login_required
@require_POST
def assessment_return(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = get_in_scope(request.user, Assessment, "view", pk=pk)
    if not actions.coordinates(request.user, assessment.cycle):
        raise PermissionDenied
    try:
        actions.return_assessment(
            request.user,
            assessment,
            version=_version(request),
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("The self-assessment is returned to the unit."))
    except ActionRefused as refused:
        messages.error(request, str(refused.message))
    return redirect("assessment_detail", pk)


@login_required
def entry_correct(request: AuthenticatedRequest, pk: int, entry: int) -> HttpResponse:
    """After publication: a coordinator's correction of a criterion, with its reason."""
    found = _entry(request, pk, entry)
    if not actions.coordinates(request.user, found.assessment.cycle):
        raise PermissionDenied
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            form,
            lambda: actions.correct_published(
                request.user, found, points=data["points"], reason=data["reason"]
            ),
        )
        if done is not None:
            messages.success(request, _("The correction is recorded."))
            return redirect("assessment_detail", pk)
    context = {"assessment": found.assessment, "entry": found, "form": form}
    return render(request, "assessments/correction_form.html", context)


def _history(assessment: Assessment, entry: Entry | None = None) -> list[AuditEvent]:
    """The criterion's events, oldest first; without one, every criterion's and the
    assessment's own (submitted, returned, published)."""
    if entry is not None:
        about = Q(object_type="assessments.entry", object_id=str(entry.pk))
    else:
        entries = [str(pk) for pk in assessment.entries.values_list("pk", flat=True)]
        about = Q(object_type="assessments.entry", object_id__in=entries) | Q(
            object_type="assessments.assessment", object_id=str(assessment.pk)
        )
    return list(AuditEvent.objects.filter(about).order_by("at", "id"))


@login_required
@require_GET
def entry_history(request: AuthenticatedRequest, pk: int, entry: int) -> HttpResponse:
    found = _entry(request, pk, entry)
    context = {
        "assessment": found.assessment,
        "entry": found,
        "events": _history(found.assessment, found),
    }
    return render(request, "assessments/entry_history.html", context)


@login_required
@require_GET
def assessment_history_xlsx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = get_in_scope(request.user, Assessment, "view", pk=pk)
    codes = {str(pk): code for pk, code in assessment.entries.values_list("pk", "code")}
    rows = [
        (
            codes.get(event.object_id, "") if event.object_type == "assessments.entry" else "",
            event,
            label,
            old,
            new,
        )
        for event in _history(assessment)
        for label, old, new in event.readable_changes() or [("", "", "")]
    ]
    data = documents.history_workbook(assessment, rows)
    name = f"lich-su-{assessment.unit.code}-{assessment.cycle.year}.xlsx"
    return documents.download(data, name, XLSX)


@login_required
@require_GET
def assessment_document(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    """The unit's self-assessment report, or the appraisal minutes, as Word."""
    assessment = get_in_scope(request.user, Assessment, "view", pk=pk)
    data, name = documents.word(assessment, kind)
    return documents.download(data, name, DOCX)


@login_required
@require_GET
def assessment_workbook(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The self-assessment as a workbook to fill offline."""
    assessment = get_in_scope(request.user, Assessment, "view", pk=pk)
    name = f"tu-danh-gia-{assessment.unit.code}-{assessment.cycle.year}.xlsx"
    return documents.download(workbook.download(assessment), name, XLSX)


@login_required
@require_POST
def assessment_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A workbook filled offline: every criterion it changes saved, or nothing."""
    assessment = get_in_scope(request.user, Assessment, "manage", pk=pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the workbook to upload."))
        return redirect("assessment_detail", pk)
    try:
        saved = workbook.upload(request.user, assessment, upload.read(), upload.name or "")
    except ProblemsRefused as refused:
        context = _context(request, assessment)
        context["problems"] = refused.lines
        return render(request, "assessments/assessment_detail.html", context, status=400)
    messages.success(
        request,
        _("%(count)s criteria saved from %(file)s.") % {"count": saved, "file": upload.name},
    )
    return redirect("assessment_detail", pk)
