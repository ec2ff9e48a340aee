"""Frameworks in the database: the content as a YAML text addressed by its hash, and the
framework people see, load, complete and export, pointing at its current content.

Content rows never change: a completed node makes a new content row, and a result frozen
with an older hash still finds the framework it was scored with.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.audit.models import Versioned


class FrameworkContent(models.Model):
    """A framework's whole content at one moment: immutable, addressed by its content hash."""

    hash = models.CharField(_("content hash"), max_length=64, primary_key=True)
    text = models.TextField(_("framework file"))  # YAML, as parindex.io.framework_file writes
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("framework content")
        verbose_name_plural = _("framework contents")

    def __str__(self) -> str:
        return self.hash[:12]


class StoredFramework(Versioned):
    """A framework as loaded: national (no owner) or a province's (owner = its unit)."""

    key = models.CharField(_("identifier"), max_length=100)  # the file's `id`
    owner = models.ForeignKey(
        "org.Unit",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="frameworks",
    )
    built_in = models.BooleanField(_("built in"), default=False, editable=False)
    content = models.ForeignKey(FrameworkContent, on_delete=models.PROTECT, related_name="+")
    # Read from the content, kept here for lists and filters.
    title = models.CharField(_("title"), max_length=500)
    level = models.CharField(_("level"), max_length=50)
    years = models.JSONField(_("years"), default=list)
    complete = models.BooleanField(_("complete"), default=False)
    example = models.BooleanField(_("example"), default=False)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["owner_id", "level", "key"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=Q(owner__isnull=True), name="framework_national_key"
            ),
            models.UniqueConstraint(fields=["owner", "key"], name="framework_owner_key"),
        ]

    def __str__(self) -> str:
        return self.title
