"""What every form of parindex shares: the reason for a change, the version it started from,
and how a refusal from a named write lands on the form."""

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.utils.translation import gettext_lazy as _

from parindex.audit.writes import ActionRefused
from parindex.core.messages import Refused
from parindex.web import messages

T = TypeVar("T")


class ChangeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=1000,
        widget=forms.TextInput,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The reason comes last, after the fields it explains, in every form.
        self.order_fields([name for name in self.fields if name != "reason"] + ["reason"])


class VersionedChangeForm(ChangeForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def submit(form: forms.Form, write: Callable[[], T]) -> T | None:
    """Call a named write; on refusal (by it or by core), put the message on its field."""
    try:
        return write()
    except ActionRefused as refused:
        field, text = refused.field, str(refused.message)
    except Refused as refused:
        field, text = refused.where, messages.render(refused.message)
    form.add_error(field if field in form.fields else None, text)
    return None


class DayField(forms.DateField):
    """A date typed as dd/mm/yyyy, the way Vietnamese officers write it."""

    widget = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": _("dd/mm/yyyy")})
