from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from parindex.frameworks.models import StoredFramework

MAX_UPLOAD_MB = 20
ACCEPTED = ".xlsx,.xls,.csv"


class ResultsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Results workbook (.xlsx, .xls or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
        help_text=_(
            "A decision's annex (one row per unit) or scorecards (one sheet per unit), as the "
            "province published them, or filled in from parindex's template."
        ),
    )
    framework = forms.ModelChoiceField[StoredFramework](
        label=_("Framework the results were scored on"), queryset=StoredFramework.objects.none()
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Only needed when the file does not say it."),
    )

    def __init__(self, *args: Any, frameworks: QuerySet[StoredFramework], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice = self.fields["framework"]
        assert isinstance(choice, forms.ModelChoiceField)
        choice.queryset = frameworks

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if (upload.size or 0) > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_MB}
            )
        return upload
