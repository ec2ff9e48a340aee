from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from parindex.core.rules import RuleSpec
from parindex.io import framework_file, render
from parindex.io.problems import FileRefused
from parindex.org.models import Unit
from parindex.web.forms import ChangeForm, VersionedChangeForm
from parindex.web.messages import language

MAX_UPLOAD_MB = 5
ACCEPTED = ".yaml,.yml,.xlsx"


class FrameworkLoadForm(ChangeForm):
    file = forms.FileField(
        label=_("Framework file (.yaml or .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
    )
    owner = forms.ModelChoiceField[Unit](
        label=_("For"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("the whole country (national framework)"),
    )

    def __init__(self, *args: Any, owners: QuerySet[Unit], national: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = owners
        owner.required = not national
        if not national:
            owner.empty_label = None

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if (upload.size or 0) > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_MB}
            )
        if not (upload.name or "").lower().endswith((".yaml", ".yml", ".xlsx")):
            raise forms.ValidationError(_("Choose a .yaml or an .xlsx framework file."))
        return upload


class NodeCompleteForm(VersionedChangeForm):
    max_points = forms.DecimalField(
        label=_("Maximum points"),
        required=False,
        min_value=Decimal(0),
        max_digits=9,
        decimal_places=4,
        localize=True,  # "2,5" as Vietnamese officers write it
        help_text=_("Leave empty while the maximum is not known (unknown is not zero)."),
    )
    rule = forms.CharField(
        label=_("Rule"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One line of YAML, e.g. {type: met} or {type: manual, step: 0.25} or "
            "{type: proportional, labels: {ratio: văn bản điện tử}}; see the rules reference. "
            "Leave empty while the rule is not known."
        ),
    )

    def clean_rule(self) -> RuleSpec | None:
        text: str = self.cleaned_data["rule"]
        try:
            return framework_file.rule_spec(text, _("the rule").__str__())
        except FileRefused as refused:
            raise forms.ValidationError(
                [render.message(problem.message, language()) for problem in refused.problems]
            ) from refused
