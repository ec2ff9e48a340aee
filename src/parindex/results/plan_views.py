"""A unit's draft remediation plan from its result: shown on a page and written as Word.

The draft is core's (parindex.core.plan) with the built-in solution library, in the
reader's language; nothing is stored yet: a person downloads it and edits it in Word.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from parindex.access import get_in_scope
from parindex.core.gaps import analyse
from parindex.core.plan import Plan, draft
from parindex.core.text import proper_name
from parindex.io import plan_document, solution_library
from parindex.results.cards import framework_for, scorecard_of
from parindex.results.models import Result
from parindex.web.http import AuthenticatedRequest
from parindex.web.messages import language

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _draft(request: AuthenticatedRequest, pk: int) -> tuple[Result, Plan]:
    result = get_in_scope(request.user, Result, "view", pk=pk)
    framework = framework_for(result)
    gaps = analyse(scorecard_of(result, framework))
    library = solution_library.builtin(language())
    return result, draft(gaps, library, result.year, framework)


@login_required
@require_GET
def result_plan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    result, plan = _draft(request, pk)
    items = sorted(plan.items, key=lambda item: item.priority)
    context = {"result": result, "plan": plan, "items": items}
    return render(request, "results/result_plan.html", context)


@login_required
@require_GET
def result_plan_docx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    result, plan = _draft(request, pk)
    header = plan_document.Header(
        issuing_body=result.unit.name, place=proper_name(result.unit.name)
    )
    response = HttpResponse(plan_document.write(plan, header, language()), content_type=DOCX)
    filename = f"ke-hoach-{result.unit.code}-{plan.year}.docx"
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response
