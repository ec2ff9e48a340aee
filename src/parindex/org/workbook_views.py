"""Pages to import units, groups, lineage and people from a workbook, and to export them.

For coordinators and administrators (others get 403); the work is parindex.org.workbooks'.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from parindex.org import policy
from parindex.org.workbooks import (
    TEMPLATE_FILENAME,
    WorkbookRefused,
    export_filename,
    export_workbook,
    import_workbook,
    template_workbook,
)
from parindex.web.forms import ChangeForm
from parindex.web.http import AuthenticatedRequest

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_MB = 20


class WorkbookForm(ChangeForm):
    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX}),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_MB}
            )
        return upload  # type: ignore[no-any-return]


def _managers_only(request: AuthenticatedRequest) -> None:
    if not policy.manages_a_subtree(request.user):
        raise PermissionDenied


def _download(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def units_import(request: AuthenticatedRequest) -> HttpResponse:
    _managers_only(request)
    problems: list[str] = []
    if request.method == "POST":
        form = WorkbookForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                imported = import_workbook(
                    request.user, upload.read(), upload.name, form.cleaned_data["reason"]
                )
            except WorkbookRefused as refused:
                problems = refused.messages()
            else:
                messages.success(request, imported.summary())
                return redirect(reverse("unit_list") + f"?imported={imported.count}")
    else:
        form = WorkbookForm()
    return render(request, "org/workbook_import.html", {"form": form, "problems": problems})


@login_required
@require_GET
def units_export(request: AuthenticatedRequest) -> HttpResponse:
    _managers_only(request)
    return _download(export_workbook(request.user), export_filename())


@login_required
@require_GET
def units_import_template(request: AuthenticatedRequest) -> HttpResponse:
    _managers_only(request)
    return _download(template_workbook(), TEMPLATE_FILENAME)
