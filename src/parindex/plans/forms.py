from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from parindex.core.plan import ItemStatus, Report, Shape
from parindex.frameworks.models import StoredFramework
from parindex.org.models import Unit
from parindex.plans.actions import Facts, ItemFacts, SolutionFacts, TargetFacts
from parindex.plans.models import SHAPES, STATUSES, Plan, PlanItem, SolutionEntry, Target
from parindex.web.forms import ChangeForm, DayField, VersionedChangeForm

TEMPLATE_ACCEPTED = ".docx"
_LINES = _("One per line; leave empty for the usual words.")


def _area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _points() -> forms.DecimalField:
    return forms.DecimalField(
        label=_("Points expected back"),
        min_value=Decimal(0),
        max_digits=9,
        decimal_places=4,
        localize=True,  # "1,5" as Vietnamese officers write it
    )


class UnitChoices(forms.Form):
    """Lead and coordinating units chosen from the plan's part of the unit tree."""

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):  # and ModelMultipleChoiceField
                field.queryset = units


class PlanForm(VersionedChangeForm):
    issuing_body = forms.CharField(label=_("Issuing body"), max_length=255)
    superior_body = forms.CharField(
        label=_("Superior body (the line above it)"), max_length=255, required=False
    )
    number = forms.CharField(label=_("Number and symbol"), max_length=100, required=False)
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    issued_on = DayField(label=_("Date of issue"), required=False)
    title = forms.CharField(label=_("Title"), max_length=500, required=False)
    bases = forms.CharField(
        label=_("Legal bases"), required=False, widget=_area(3), help_text=_LINES
    )
    purposes = forms.CharField(
        label=_("Purposes"), required=False, widget=_area(3), help_text=_LINES
    )
    requirements = forms.CharField(
        label=_("Requirements"), required=False, widget=_area(3), help_text=_LINES
    )
    recipients = forms.CharField(
        label=_("Recipients"), required=False, widget=_area(3), help_text=_LINES
    )
    signer_title = forms.CharField(
        label=_("Signer's title"),
        required=False,
        widget=_area(2),
        help_text=_("E.g. CHỦ TỊCH, or KT. CHỦ TỊCH and PHÓ CHỦ TỊCH on two lines."),
    )
    signer = forms.CharField(label=_("Signer"), max_length=255, required=False)
    shape = forms.ChoiceField(label=_("Section III"), choices=SHAPES)
    quarterly = forms.BooleanField(
        label=_("Quarterly reports (before 15 March and 15 September)"), required=False
    )
    half_year_due = DayField(label=_("Half-year report due"), required=False)
    year_due = DayField(label=_("Year's report due"), required=False)

    @staticmethod
    def initial_of(plan: Plan) -> dict[str, Any]:
        names = [name for name in PlanForm.base_fields if name in Facts.__dataclass_fields__]
        initial: dict[str, Any] = {name: getattr(plan, name) for name in names}
        dues = {report.period: report.due for report in plan.reports.all()}
        initial["version"] = plan.version
        initial["quarterly"] = "quarter" in dues
        initial["half_year_due"] = dues.get("half_year")
        initial["year_due"] = dues.get("year")
        return initial

    def facts(self, year: int) -> Facts:
        data = self.cleaned_data
        reports = []
        if data["quarterly"]:
            reports += [Report("quarter", date(year, 3, 15)), Report("quarter", date(year, 9, 15))]
        for period in ("half_year", "year"):
            if data[f"{period}_due"]:
                reports.append(Report(period, data[f"{period}_due"]))
        names = [name for name in Facts.__dataclass_fields__ if name not in ("shape", "reports")]
        return Facts(
            **{name: data[name] for name in names},
            shape=Shape(data["shape"]),
            reports=tuple(reports),
        )


class ItemForm(UnitChoices, VersionedChangeForm):
    solution = forms.CharField(label=_("Solution"), widget=_area(3))
    lead_unit = forms.ModelChoiceField[Unit](
        label=_("Lead unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— named below —"),
    )
    lead_name = forms.CharField(
        label=_("Lead, when not a unit of the list"), max_length=255, required=False
    )
    coordinating_units = forms.ModelMultipleChoiceField[Unit](
        label=_("Coordinating units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    coordinating_names = forms.CharField(
        label=_("Other coordinating units, one per line"), required=False, widget=_area(2)
    )
    deadline = DayField(label=_("Deadline"))
    expected_points = _points()
    status = forms.ChoiceField(label=_("Status"), choices=STATUSES)

    @staticmethod
    def initial_of(item: PlanItem) -> dict[str, Any]:
        return {
            "version": item.version,
            "solution": item.solution,
            "lead_unit": item.lead_unit,
            "lead_name": item.lead_name,
            "coordinating_units": list(item.coordinating_units.all()),
            "coordinating_names": item.coordinating_names,
            "deadline": item.deadline,
            "expected_points": item.expected_points,
            "status": item.status,
        }

    def facts(self) -> ItemFacts:
        data = self.cleaned_data
        return ItemFacts(
            solution=data["solution"],
            deadline=data["deadline"],
            expected_points=data["expected_points"],
            status=ItemStatus(data["status"]),
            lead_unit=data["lead_unit"],
            lead_name=data["lead_name"],
            coordinating_units=tuple(data["coordinating_units"]),
            coordinating_names=data["coordinating_names"],
        )


class TargetForm(UnitChoices, ChangeForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=999)
    aim = forms.CharField(label=_("Measurable aim"), widget=_area(2))
    lead_unit = forms.ModelChoiceField[Unit](
        label=_("Lead unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— named below —"),
    )
    lead_name = forms.CharField(
        label=_("Lead, when not a unit of the list"), max_length=255, required=False
    )
    code = forms.CharField(label=_("Criterion it serves (code)"), max_length=50, required=False)

    @staticmethod
    def initial_of(target: Target) -> dict[str, Any]:
        names = ("version", "number", "aim", "lead_unit", "lead_name", "code")
        return {name: getattr(target, name) for name in names}

    def facts(self) -> TargetFacts:
        data = self.cleaned_data
        names = ("number", "aim", "lead_unit", "lead_name", "code")
        return TargetFacts(**{name: data[name] for name in names})


class ReopenForm(VersionedChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = True


class SolutionForm(VersionedChangeForm):
    owner = forms.ModelChoiceField[Unit](label=_("For the plans of"), queryset=Unit.objects.none())
    framework = forms.ModelChoiceField[StoredFramework](
        label=_("Framework"), queryset=StoredFramework.objects.none()
    )
    code = forms.CharField(label=_("Criterion (code)"), max_length=50)
    solution = forms.CharField(label=_("Solution"), widget=_area(3))
    lead = forms.CharField(label=_("Lead"), max_length=255)
    coordinating = forms.CharField(
        label=_("Coordinating units, one per line"), required=False, widget=_area(2)
    )

    def __init__(
        self,
        *args: Any,
        owners: QuerySet[Unit],
        frameworks: QuerySet[StoredFramework],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].required = False
        owner, framework = self.fields["owner"], self.fields["framework"]
        assert isinstance(owner, forms.ModelChoiceField)
        assert isinstance(framework, forms.ModelChoiceField)
        owner.queryset, framework.queryset = owners, frameworks

    @staticmethod
    def initial_of(entry: SolutionEntry) -> dict[str, Any]:
        names = ("version", "owner", "framework", "code", "solution", "lead", "coordinating")
        return {name: getattr(entry, name) for name in names}

    def facts(self) -> SolutionFacts:
        data = self.cleaned_data
        return SolutionFacts(
            owner=data["owner"],
            framework_id=data["framework"].pk,
            code=data["code"],
            solution=data["solution"],
            lead=data["lead"],
            coordinating=data["coordinating"],
        )


class TemplateForm(ChangeForm):
    file = forms.FileField(
        label=_("Word template (.docx)"),
        widget=forms.ClearableFileInput(attrs={"accept": TEMPLATE_ACCEPTED}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".docx"):
            raise forms.ValidationError(_("Choose a Word file (.docx)."))
        return upload
