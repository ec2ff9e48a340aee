"""A unit's evidence register: its documents, registering one, and a document's file, sent
only to the people who may see the unit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from parindex.access import get_in_scope, scope
from parindex.assessments import actions
from parindex.assessments.forms import DocumentForm
from parindex.assessments.models import Document
from parindex.org.models import Unit
from parindex.web.forms import submit
from parindex.web.http import AuthenticatedRequest


@login_required
def evidence_register(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    unit = get_in_scope(request.user, Unit, "view", pk=pk)
    may_register = actions.is_officer(request.user, unit)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_register:
            return HttpResponse(status=403)
        if form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            done = submit(
                form,
                lambda: actions.register_document(
                    request.user,
                    unit,
                    number=data["number"],
                    issued_on=data["issued_on"],
                    issuer=data["issuer"],
                    title=data["title"],
                    filename=upload.name,
                    data=upload.read(),
                ),
            )
            if done is not None:
                messages.success(request, _("“%(document)s” is registered.") % {"document": done})
                return redirect("evidence_register", unit.pk)
    documents = (
        scope(request.user, Document, "view")
        .filter(owner=unit)
        .prefetch_related("entries__assessment__cycle")
    )
    context = {"unit": unit, "documents": documents, "form": form, "may_register": may_register}
    return render(request, "assessments/evidence_register.html", context)


@login_required
@require_GET
def evidence_file(request: AuthenticatedRequest, pk: int) -> FileResponse:
    document = get_in_scope(request.user, Document, "view", pk=pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.filename,
        content_type=document.content_type,
    )
