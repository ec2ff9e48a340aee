"""The cycle's forms: opening a cycle, a stage's dates, naming people, registering a document,
appraising and explaining. A self-assessment row's inputs are read by the view, since each
rule asks for its own."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from parindex.assessments.actions import StageDates
from parindex.assessments.models import OVERRIDE_LABELS, STAGE_LABELS, Document
from parindex.core.assessment import StageKind
from parindex.frameworks.models import StoredFramework
from parindex.org.models import RankingGroup, Role, Unit, User
from parindex.web.forms import ChangeForm, DayField, VersionedChangeForm


def _points() -> forms.DecimalField:
    return forms.DecimalField(
        label=_("Appraised points"),
        min_value=0,
        max_digits=9,
        decimal_places=4,
        localize=True,  # "1,5" as Vietnamese officers write it
    )


class CycleForm(ChangeForm):
    evaluating_unit = forms.ModelChoiceField(Unit.objects.none(), label=_("Evaluating unit"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    framework = forms.ModelChoiceField(StoredFramework.objects.none(), label=_("Framework"))
    title = forms.CharField(label=_("Title"), max_length=255)
    groups = forms.ModelMultipleChoiceField(
        RankingGroup.objects.none(),
        label=_("Ranking groups scored"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        frameworks: QuerySet[StoredFramework],
        groups: QuerySet[RankingGroup],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evaluating_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["framework"].queryset = frameworks  # type: ignore[attr-defined]
        self.fields["groups"].queryset = groups  # type: ignore[attr-defined]
        for kind in StageKind:
            label = STAGE_LABELS[kind]
            self.fields[f"{kind}_opens"] = DayField(label=_("%(stage)s opens") % {"stage": label})
            self.fields[f"{kind}_closes"] = DayField(label=_("%(stage)s closes") % {"stage": label})
        self.order_fields([name for name in self.fields if name != "reason"] + ["reason"])

    def stages(self) -> list[StageDates]:
        data = self.cleaned_data
        return [
            StageDates(kind, data[f"{kind}_opens"], data[f"{kind}_closes"]) for kind in StageKind
        ]


class StageForm(VersionedChangeForm):
    opens = DayField(label=_("Opens on"))
    closes = DayField(label=_("Closes on"))
    override = forms.ChoiceField(
        label=_("Opened or closed"),
        required=False,
        choices=[(k.value, v) for k, v in OVERRIDE_LABELS.items()],
    )


class NameForm(ChangeForm):
    user = forms.ModelChoiceField(User.objects.none(), label=_("Person"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (Role.APPRAISER.value, Role.APPRAISER.label),
            (Role.COUNCIL_MEMBER.value, Role.COUNCIL_MEMBER.label),
        ],
    )
    field = forms.ChoiceField(label=_("Field appraised"), required=False)

    def __init__(
        self, *args: Any, people: QuerySet[User], fields: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people  # type: ignore[attr-defined]
        self.fields["field"].choices = [("", _("every field")), *fields]  # type: ignore[attr-defined]


class DocumentForm(forms.Form):
    number = forms.CharField(label=_("Number and symbol"), max_length=100)
    issued_on = DayField(label=_("Date of issue"))
    issuer = forms.CharField(label=_("Issuing body"), max_length=255)
    title = forms.CharField(label=_("Title"), max_length=500)
    file = forms.FileField(label=_("File (PDF, Word, Excel or image)"))


class ReviewForm(forms.Form):
    round = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    points = _points()
    reason = forms.CharField(
        label=_("Reason for the deduction"), required=False, max_length=2000, widget=forms.Textarea
    )
    level = forms.CharField(label=_("Level that deducted"), required=False, max_length=255)


class ExplanationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    text = forms.CharField(label=_("Explanation"), max_length=5000, widget=forms.Textarea)
    documents = forms.ModelMultipleChoiceField(
        Document.objects.none(), label=_("Evidence"), required=False
    )

    def __init__(self, *args: Any, documents: QuerySet[Document], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["documents"].queryset = documents  # type: ignore[attr-defined]


class CorrectionForm(forms.Form):
    points = _points()
    reason = forms.CharField(label=_("Reason for the correction"), max_length=1000)
