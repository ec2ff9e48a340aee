from datetime import date
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# What each named write is called on screen, registered by the app that owns the write.
ACTION_LABELS: dict[str, Promise] = {}


def label_actions(labels: dict[str, Promise]) -> None:
    ACTION_LABELS.update(labels)


# What a named write records beside the model's own fields (e.g. the criterion a framework
# edit was about), labelled on screen by the app that records it.
CHANGE_LABELS: dict[str, Promise] = {}


def label_changes(labels: dict[str, Promise]) -> None:
    CHANGE_LABELS.update(labels)


def _shown(value: Any) -> Any:
    """A recorded value as a reader expects it: lists joined, ISO dates as dd/mm/yyyy."""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, str) and len(value) == 10:
        try:
            return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    return value


class Versioned(models.Model):
    """A row people edit: every save names the version it started from (audit/writes.py)."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One state change made by a named write: who, when, what, old → new, and why.

    Rows are only ever added; nothing in parindex updates or deletes them.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept beside the key so the record still reads right if the account is renamed.
    actor_name = models.CharField(_("who (as recorded)"), max_length=150)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=255)
    # The unit the change concerns decides who may read the event (scope).
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changes = models.JSONField(_("changes"), default=dict, encoder=DjangoJSONEncoder)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))

    def readable_changes(self) -> list[tuple[str, Any, Any]]:
        """(field label, old, new) in the reader's language, for pages and exports."""
        try:
            model = apps.get_model(self.object_type)
        except LookupError:
            model = None
        rows = []
        for name, change in self.changes.items():
            label: Any = CHANGE_LABELS.get(name, name)
            old, new = change.get("old"), change.get("new")
            if model is not None:
                try:
                    field = model._meta.get_field(name)
                except FieldDoesNotExist:
                    field = None
                if field is not None:
                    label = getattr(field, "verbose_name", name)
                    choices = {str(k): v for k, v in getattr(field, "flatchoices", None) or ()}
                    old = choices.get(old, old) if isinstance(old, str) else old
                    new = choices.get(new, new) if isinstance(new, str) else new
            rows.append((str(label), _shown(old), _shown(new)))
        return rows
