"""The yearly assessment cycle: a cycle and its stages, each scored unit's assessment with an
entry per leaf, the appraisers' reviews in two rounds, the units' explanations, and the
register of official documents that serve as evidence.

What the numbers mean is parindex.core.assessment's; who may change what, and when, is
actions.py's. Publication writes each assessment into the one result model
(parindex.results, source assessed).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.audit.models import Versioned
from parindex.core.assessment import Override, StageKind

STAGE_LABELS = {
    StageKind.SELF_ASSESSMENT: _("self-assessment"),
    StageKind.APPRAISAL: _("appraisal"),
    StageKind.EXPLANATION: _("explanation"),
    StageKind.SECOND_APPRAISAL: _("second appraisal"),
    StageKind.COUNCIL: _("council"),
    StageKind.PUBLICATION: _("publication"),
}
OVERRIDE_LABELS = {
    Override.NONE: _("by its dates"),
    Override.OPEN: _("opened by hand"),
    Override.CLOSED: _("closed by hand"),
}


class Cycle(Versioned):
    """One year's assessment of the units an evaluating unit scores, on one framework."""

    evaluating_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("evaluating unit"),
        on_delete=models.PROTECT,
        related_name="cycles",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    framework = models.ForeignKey(
        "frameworks.StoredFramework",
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        related_name="cycles",
    )
    # The framework's content when the cycle opened: what every unit scores against, and
    # what the published results are frozen with, whatever edits the framework sees later.
    content = models.ForeignKey(
        "frameworks.FrameworkContent", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255)
    groups = models.ManyToManyField(
        "org.RankingGroup", verbose_name=_("ranking groups"), blank=True, related_name="cycles"
    )
    created_at = models.DateTimeField(_("opened on"), auto_now_add=True)
    council_approved_at = models.DateTimeField(_("approved by the council on"), null=True)
    council_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published on"), null=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "evaluating_unit__path", "id"]
        verbose_name = _("assessment cycle")
        verbose_name_plural = _("assessment cycles")

    def __str__(self) -> str:
        return self.title


class Stage(Versioned):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(
        _("stage"), max_length=32, choices=[(k.value, v) for k, v in STAGE_LABELS.items()]
    )
    opens = models.DateField(_("opens on"))
    closes = models.DateField(_("closes on"))
    override = models.CharField(
        _("opened or closed"),
        max_length=8,
        blank=True,
        choices=[(k.value, v) for k, v in OVERRIDE_LABELS.items()],
    )

    class Meta:
        ordering = ["cycle_id", "opens", "id"]
        constraints = [models.UniqueConstraint(fields=["cycle", "kind"], name="stage_once")]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.get_kind_display()}"


class AssessmentState(models.TextChoices):
    DRAFT = "draft", _("in self-assessment")
    SUBMITTED = "submitted", _("submitted")
    PUBLISHED = "published", _("published")


class Assessment(Versioned):
    """A unit's assessment in a cycle: its self-assessment, then what appraisal made of it."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="assessments")
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="assessments"
    )
    state = models.CharField(
        _("state"), max_length=16, choices=AssessmentState.choices, default=AssessmentState.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted on"), null=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    result = models.OneToOneField(
        "results.Result", null=True, on_delete=models.PROTECT, related_name="assessment"
    )

    class Meta:
        ordering = ["cycle_id", "unit__path"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [models.UniqueConstraint(fields=["cycle", "unit"], name="assessment_once")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.cycle.year}"


class Document(models.Model):
    """An official document in a unit's evidence register: it may support several criteria
    and later years. The file is stored under its content hash, never under its given name."""

    owner = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="documents"
    )
    number = models.CharField(_("number and symbol"), max_length=100)
    issued_on = models.DateField(_("date of issue"))
    issuer = models.CharField(_("issuing body"), max_length=255)
    title = models.CharField(_("title"), max_length=500)
    file = models.FileField(_("file"), max_length=255)
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("registered on"), auto_now_add=True)

    class Meta:
        ordering = ["owner_id", "-issued_on", "id"]
        verbose_name = _("evidence document")
        verbose_name_plural = _("evidence documents")
        constraints = [
            models.UniqueConstraint(fields=["owner", "sha256"], name="document_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Entry(Versioned):
    """A unit's self-assessment of one leaf: the rule's inputs, the points they earn, a
    note and the documents that support it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="entries")
    node_id = models.CharField(max_length=100)
    code = models.CharField(_("code"), max_length=50)
    inputs = models.JSONField(_("inputs"), default=dict)  # name → canonical text ("0.92")
    self_points = models.DecimalField(_("self score"), null=True, max_digits=9, decimal_places=4)
    note = models.TextField(_("note"), blank=True)
    documents = models.ManyToManyField(
        Document, verbose_name=_("evidence"), blank=True, related_name="entries"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["assessment_id", "id"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        constraints = [models.UniqueConstraint(fields=["assessment", "node_id"], name="entry_once")]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.code}"


class Review(Versioned):
    """An appraisal round's points for an entry; below the claim, with the reason and the
    level that deducted."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="reviews")
    round = models.PositiveSmallIntegerField(_("round"))
    points = models.DecimalField(_("appraised points"), max_digits=9, decimal_places=4)
    reason = models.TextField(_("reason for the deduction"), blank=True)
    level = models.CharField(_("level that deducted"), max_length=255, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("appraised on"), auto_now=True)

    class Meta:
        ordering = ["entry_id", "round"]
        constraints = [models.UniqueConstraint(fields=["entry", "round"], name="review_once")]

    def __str__(self) -> str:
        return f"{self.entry} ({self.round})"


class Explanation(Versioned):
    """A unit's answer (giải trình) to a deduction, with documents."""

    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="explanation")
    text = models.TextField(_("explanation"))
    documents = models.ManyToManyField(
        Document, verbose_name=_("evidence"), blank=True, related_name="explanations"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("explained on"), auto_now=True)

    def __str__(self) -> str:
        return f"{self.entry} · {_('explanation')}"
