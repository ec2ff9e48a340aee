import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from parindex.org import policy
from parindex.org.models import LINEAGE_KIND_LABELS, Role, Unit, UnitKind, User
from parindex.web.forms import ChangeForm, DayField, VersionedChangeForm


class UnitFields(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    valid_from = DayField(label=_("Active from"), required=False)
    valid_to = DayField(label=_("Active until"), required=False)


class UnitCreateForm(UnitFields, ChangeForm):
    pass


class UnitEditForm(UnitFields, VersionedChangeForm):
    parent = forms.ModelChoiceField(label=_("Parent unit"), queryset=Unit.objects.none())

    def __init__(
        self, *args: Any, parents: QuerySet[Unit], root: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        # A top-level unit (a province) stays top-level when edited here.
        self.fields["parent"].required = not root


class UnitsField(forms.ModelMultipleChoiceField[Unit]):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.name} ({obj.code})"


class GroupFields(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    units = UnitsField(label=_("Units ranked together"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, candidates: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = candidates  # type: ignore[attr-defined]


class GroupCreateForm(GroupFields, ChangeForm):
    pass


class GroupEditForm(GroupFields, VersionedChangeForm):
    pass


class RoleFields(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args: Any, giver: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the units and roles the giver may give are offered.
        self.fields["unit"].queryset = policy.managed_units(giver)  # type: ignore[attr-defined]
        givable = policy.givable_roles(giver)
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Role.choices if value in givable
        ]


class PersonCreateForm(RoleFields, ChangeForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    field_order = ["username", "full_name", "email", "role", "unit", "reason"]


class AssignRoleForm(RoleFields, ChangeForm):
    pass


class ProvinceBuildForm(ChangeForm):
    departments = forms.CharField(
        label=_("Departments (one “code | name” a line)"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
    )
    year = forms.IntegerField(label=_("Year of the ranking groups"), min_value=2000, max_value=2100)
    groups = forms.BooleanField(
        label=_("Create the ranking groups (departments; xã; phường; đặc khu)"),
        required=False,
        initial=True,
    )


class UnitCodesField(forms.CharField):
    """Unit codes separated by commas or spaces, turned into units of a given queryset."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units: QuerySet[Unit] = Unit.objects.none()

    def clean(self, value: Any) -> list[Unit]:
        codes = [code for code in re.split(r"[,;\s]+", super().clean(value) or "") if code]
        found = {unit.code: unit for unit in self.units.filter(code__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise forms.ValidationError(
                _("No unit you manage has the code(s): %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return [found[code] for code in dict.fromkeys(codes)]


class LineageForm(ChangeForm):
    kind = forms.ChoiceField(
        label=_("Kind of change"),
        choices=[(kind.value, label) for kind, label in LINEAGE_KIND_LABELS.items()],
    )
    day = DayField(label=_("In force from"))
    before = UnitCodesField(label=_("Units before (codes)"), required=False)
    after = UnitCodesField(label=_("Units after (codes)"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("before", "after"):
            field = self.fields[name]
            assert isinstance(field, UnitCodesField)
            field.units = units


class SetPasswordForm(forms.Form):
    password = forms.CharField(label=_("New password"), widget=forms.PasswordInput)
    again = forms.CharField(label=_("The new password again"), widget=forms.PasswordInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("again") and data["password"] != data["again"]:
            self.add_error("again", _("The two passwords differ."))
        return data
