"""Results pages: the published groups, a unit's result with what lost points, a group's
ranking with the change on last year, every table as a workbook, and importing a decision's
annex (read, shown, then confirmed). The work is parindex.results' and core's."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from parindex.access import get_in_scope, scope
from parindex.audit.writes import ActionRefused, ProblemsRefused
from parindex.core.framework import Framework
from parindex.core.gaps import Gaps, Loss, Recoverability, analyse, by_recovery
from parindex.core.results import deviation_percent
from parindex.frameworks.actions import framework_of
from parindex.frameworks.models import StoredFramework
from parindex.io import gaps_report, results_template, tables
from parindex.io import render as io_render
from parindex.org import policy
from parindex.results import comparisons, imports
from parindex.results.cards import as_published, framework_for, scorecard_of
from parindex.results.charts import radar
from parindex.results.forms import ResultsImportForm
from parindex.results.models import Result
from parindex.web.forms import ChangeForm
from parindex.web.http import AuthenticatedRequest
from parindex.web.messages import language

PAGE_SIZE = 100
TEMPLATE_FILENAME = "mau-nhap-ket-qua.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response


@login_required
@require_GET
def results_list(request: AuthenticatedRequest) -> HttpResponse:
    results = scope(request.user, Result, "view").select_related("unit")
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "groups": comparisons.groups(request.user),
        "results": page,
        "page": page,
        "may_import": policy.manages_a_subtree(request.user),
    }
    return render(request, "results/result_list.html", context)


# A unit's result ---------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """What the result page and its workbooks show, built once."""

    result: Result
    framework: Framework
    gaps: Gaps
    recovery: list[tuple[Loss, Recoverability]]
    history: list[Result]
    field_changes: dict[str, Decimal | None]  # by field code; empty: nothing to compare


def _page(request: AuthenticatedRequest, pk: int) -> Page:
    result = get_in_scope(request.user, Result, "view", pk=pk)
    framework = framework_for(result)
    gaps = analyse(scorecard_of(result, framework))
    history = list(comparisons.history(request.user, result))
    recovery = by_recovery(gaps, framework)
    this_year = {f.code: f.achieved for f in gaps.fields if f.achieved is not None}
    changes = comparisons.field_changes(request.user, result, this_year)
    return Page(result, framework, gaps, recovery, history, changes)


def _standing(
    request: AuthenticatedRequest, result: Result
) -> tuple[comparisons.Standing | None, int]:
    """The result's rank and change on last year in its group, and the group's size."""
    if not result.group:
        return None, 0
    by, year, group = result.evaluated_by_id, result.year, result.group
    [standing] = comparisons.ranking(request.user, by, year, group, only=result.pk)
    return standing, comparisons.members(by, year, group).count()


def _tables(page: Page) -> dict[str, tables.Table]:
    fields = tables.Table(
        _("Points by field"),
        [
            _("Code"),
            _("Field"),
            _("Max"),
            _("Achieved"),
            _("Lost"),
            _("Achieved (%)"),
            _("On last year"),
        ],
        [
            [
                field.code,
                field.title,
                field.max_points,
                field.achieved,
                field.lost,
                _share(field.achieved, field.max_points),
                page.field_changes.get(field.code),
            ]
            for field in page.gaps.fields
        ],
    )
    kinds = _kinds(page)
    losses = tables.Table(
        _("Lost points"),
        [
            _("Code"),
            _("Criterion"),
            _("Max"),
            _("Achieved"),
            _("Lost"),
            _("Reason"),
            _("Deducted by"),
            _("How it is recovered"),
        ],
        [
            [
                loss.code,
                loss.title,
                loss.max_points,
                loss.achieved,
                loss.lost,
                "\n".join(loss.reasons),
                "\n".join(loss.deducted_by),
                kinds[loss.code],
            ]
            for loss in page.gaps.losses
        ],
    )
    history = tables.Table(
        _("Results over the years"),
        [_("Year"), _("Unit"), _("Framework"), _("Total"), _("Index (%)"), _("Group"), _("Rank")],
        [
            [
                str(past.year),
                past.unit.name,
                past.framework.title,
                as_published(past, past.published_total),
                as_published(past, past.published_index),
                past.group,
                past.published_rank,
            ]
            for past in page.history
        ],
    )
    return {"fields": fields, "losses": losses, "history": history}


def _kinds(page: Page) -> dict[str, str]:
    """How each lost item is recovered, in words."""
    lang = language()
    return {loss.code: gaps_report.recovery(kind, lang) for loss, kind in page.recovery}


def _share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return (part * 100 / whole).quantize(Decimal("0.01"))


@login_required
@require_GET
def result_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    page = _page(request, pk)
    result, gaps = page.result, page.gaps
    deviation = None
    if result.self_total is not None and result.published_total:
        deviation = deviation_percent(result.self_total, result.published_total)
    changes = page.field_changes
    bars = [
        (field, _share(field.achieved, field.max_points), changes.get(field.code))
        for field in gaps.fields
    ]
    chart = radar(
        [
            (field.code, field.achieved, field.max_points)
            for field in gaps.fields
            if field.achieved is not None and field.max_points is not None
        ]
    )
    kinds = _kinds(page)
    standing, group_size = _standing(request, result)
    context = {
        "page": page,
        "standing": standing,
        "group_size": group_size,
        "losses": [(loss, kinds[loss.code]) for loss in gaps.losses],
        "result": result,
        "gaps": gaps,
        "bars": bars,
        "has_changes": bool(changes),
        "radar": chart,
        "deviation": deviation,
        "tables": _tables(page),
        "notes": [io_render.message(note, language()) for note in gaps.notes],
        "grade": page.framework.grade(result.published_index) if result.published_index else None,
    }
    return render(request, "results/result_detail.html", context)


@login_required
@require_GET
def result_export(request: AuthenticatedRequest, pk: int, table: str) -> HttpResponse:
    page = _page(request, pk)
    chosen = _tables(page).get(table)
    if chosen is None:
        raise Http404
    name = f"{page.result.unit.code}-{page.result.year}-{table}.xlsx"
    return _download(tables.workbook([chosen]), name)


# A group's ranking -------------------------------------------------------------------


def _ranking_table(group: comparisons.Group, standings: list[comparisons.Standing]) -> tables.Table:
    return tables.Table(
        _("%(group)s, %(year)s") % {"group": group.name, "year": group.year},
        [
            _("Rank"),
            _("Unit"),
            _("Total"),
            _("Index (%)"),
            _("Change in index on last year"),
            _("Places gained"),
        ],
        [
            [
                s.rank,
                s.result.unit.name,
                as_published(s.result, s.result.published_total),
                as_published(s.result, s.result.published_index),
                s.index_change,
                s.places_gained,
            ]
            for s in standings
        ],
    )


def _group_of(
    request: AuthenticatedRequest,
) -> tuple[comparisons.Group, list[comparisons.Standing]]:
    """The group named by ?by=<evaluating unit>&year=&group=, and its standings the person
    may see; 404 when there are none (or the query is not one)."""
    by, year, name = (request.GET.get(key, "") for key in ("by", "year", "group"))
    if not year.isdigit() or len(year) > 4 or not (by == "" or by.isdigit()) or len(by) > 9:
        raise Http404
    if not name or "\x00" in name:
        raise Http404
    evaluated_by = int(by) if by else None
    standings = comparisons.ranking(request.user, evaluated_by, int(year), name)
    if not standings:
        raise Http404
    size = comparisons.members(evaluated_by, int(year), name).count()
    unit = standings[0].result.evaluated_by
    return comparisons.Group(unit, int(year), name, size), standings


@login_required
@require_GET
def group_ranking(request: AuthenticatedRequest) -> HttpResponse:
    group, standings = _group_of(request)
    context = {"group": group, "standings": standings, "query": request.GET.urlencode()}
    return render(request, "results/group_ranking.html", context)


@login_required
@require_GET
def group_export(request: AuthenticatedRequest) -> HttpResponse:
    group, standings = _group_of(request)
    table = _ranking_table(group, standings)
    return _download(tables.workbook([table]), f"xep-hang-{group.year}.xlsx")


# Importing a decision's annex --------------------------------------------------------


def _importer(request: AuthenticatedRequest) -> None:
    if not policy.manages_a_subtree(request.user):
        raise PermissionDenied


@login_required
def results_import(request: AuthenticatedRequest) -> HttpResponse:
    _importer(request)
    frameworks = scope(request.user, StoredFramework, "view").order_by("-years", "title")
    form = ResultsImportForm(request.POST or None, request.FILES or None, frameworks=frameworks)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            preview = imports.preview_import(
                request.user,
                upload.read(),
                upload.name,
                form.cleaned_data["framework"],
                form.cleaned_data["year"],
            )
        except ProblemsRefused as refused:
            problems = refused.lines
        except ActionRefused as refused:
            form.add_error(refused.field, str(refused.message))
        else:
            shown = reverse("results_import_preview", args=[preview.staged.pk])
            # A form sent by htmx moves the whole page on, not just the form's box.
            return HttpResponseClientRedirect(shown) if request.htmx else redirect(shown)
    template = "results/import_form.html" if request.htmx else "results/result_import.html"
    return render(request, template, {"form": form, "problems": problems})


@login_required
def results_import_preview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _importer(request)
    try:
        preview = imports.staged_preview(request.user, pk)
    except ProblemsRefused as refused:
        return render(request, "results/result_import.html", {"problems": refused.lines})
    form = ChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        recorded = imports.confirm_import(request.user, pk, form.cleaned_data["reason"])
        done = ngettext(
            "%(count)s result was imported.", "%(count)s results were imported.", len(recorded)
        ) % {"count": len(recorded)}
        messages.success(request, done)
        return redirect(reverse("results_list"))
    context = {"preview": preview, "form": form}
    return render(request, "results/import_preview.html", context)


@login_required
@require_POST
def results_import_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _importer(request)
    imports.cancel_import(request.user, pk)
    return redirect("results_import")


@login_required
@require_GET
def results_import_template(request: AuthenticatedRequest) -> HttpResponse:
    """The blank template, with the rows of a framework when one is chosen (?framework=pk)."""
    _importer(request)
    framework = None
    chosen = request.GET.get("framework", "")
    if chosen.isdigit():
        framework = framework_of(get_in_scope(request.user, StoredFramework, "view", pk=chosen))
    return _download(results_template.template(framework, language()), TEMPLATE_FILENAME)
