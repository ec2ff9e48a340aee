"""A unit's draft remediation plan from its result: shown on a page and written as Word.

The draft is core's (parindex.core.plan) with the solution library, in the reader's
language. Once a person stores it (parindex.plans), the result's plan is that one.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from parindex.access import get_in_scope
from parindex.core.plan import Plan, draft
from parindex.io import plan_document
from parindex.plans import actions, build
from parindex.plans.models import Plan as StoredPlan
from parindex.results.models import Result
from parindex.web.http import AuthenticatedRequest
from parindex.web.messages import language

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _draft(result: Result) -> Plan:
    gaps, framework = build.analysis(result)
    return draft(gaps, build.library_for(result, language()), result.year, framework)


@login_required
@require_GET
def result_plan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    result = get_in_scope(request.user, Result, "view", pk=pk)
    stored = StoredPlan.objects.filter(result=result).values_list("pk", flat=True).first()
    if stored is not None:
        return redirect("plan_detail", stored)
    plan = _draft(result)
    may_store = actions.may_edit(request.user, result.unit)
    context = {"result": result, "plan": plan, "items": plan.by_priority, "may_store": may_store}
    return render(request, "results/result_plan.html", context)


@login_required
@require_GET
def result_plan_docx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    result = get_in_scope(request.user, Result, "view", pk=pk)
    plan = _draft(result)
    data = plan_document.write(plan, language(), actions.template_for(result.unit))
    filename = f"ke-hoach-{result.unit.code}-{plan.year}.docx"
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response
