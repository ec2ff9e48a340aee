from django import forms
from django.utils.translation import gettext_lazy as _

from parindex.api.actions import DEFAULT_DAYS, MAX_DAYS, MIN_DAYS, NAME_LENGTH, check_days
from parindex.audit.writes import ActionRefused


class TokenForm(forms.Form):
    # The limits are the named write's (issue_token), which refuses by field name: the
    # browser's own checks are only a hint (the form is sent with `novalidate`).
    name = forms.CharField(
        label=_("Name"),
        widget=forms.TextInput(attrs={"maxlength": NAME_LENGTH}),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        initial=DEFAULT_DAYS,
        widget=forms.NumberInput(attrs={"min": MIN_DAYS, "max": MAX_DAYS}),
    )

    def clean_days(self) -> int:
        # Checked here as well, so a bad name and a bad duration are both said at once.
        days: int = self.cleaned_data["days"]
        try:
            return check_days(days)
        except ActionRefused as refused:
            raise forms.ValidationError(str(refused.message)) from refused
