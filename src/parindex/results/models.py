"""One result model for every score: imported from a decision's annex or made by an assessment.

Per unit, year and framework: per node the self score, each appraisal round's score, the
deductions with their reasons, the rule inputs with where they came from, and the
not-applicable marks. A frozen result keeps the framework content it was scored with, so
`parindex recompute` can evaluate the rules again and compare with what was published.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.audit.models import Versioned


class Source(models.TextChoices):
    IMPORTED = "imported", _("imported")
    ASSESSED = "assessed", _("assessed")


class InputProvenance(models.TextChoices):
    PERSON = "person", _("entered by a person")
    SURVEY = "survey", _("from a survey")
    DATA = "data", _("from data")
    IMPORT = "import", _("imported")


class Result(Versioned):
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="results"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    framework = models.ForeignKey(
        "frameworks.StoredFramework",
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        related_name="results",
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    # The framework content it was scored with, set when the result is frozen (published).
    frozen_content = models.ForeignKey(
        "frameworks.FrameworkContent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    frozen_at = models.DateTimeField(null=True, blank=True)
    # The totals as published, which `parindex recompute` compares with its own.
    self_total = models.DecimalField(
        _("self-assessed total"), null=True, blank=True, max_digits=9, decimal_places=4
    )
    published_total = models.DecimalField(
        _("published total"), null=True, blank=True, max_digits=9, decimal_places=4
    )
    published_index = models.DecimalField(
        _("published index (%)"), null=True, blank=True, max_digits=9, decimal_places=4
    )
    # Who published it (the province, or a district before 2025; None: the ministry), and
    # the ranking group and rank as the decision published them ("Khối xã", 2). A group is
    # known by all three: two provinces both have a "Khối xã".
    evaluated_by = models.ForeignKey(
        "org.Unit",
        verbose_name=_("evaluated by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    group = models.CharField(_("ranking group"), max_length=255, blank=True)
    published_rank = models.PositiveIntegerField(_("published rank"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "unit__path"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "framework"], name="result_unit_year_framework"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class NodeResult(models.Model):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="nodes")
    node_id = models.CharField(max_length=100)  # the framework node's stable id
    code = models.CharField(_("code"), max_length=50)  # its display code at the time
    self_points = models.DecimalField(
        _("self score"), null=True, blank=True, max_digits=9, decimal_places=4
    )
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    not_applicable_reason = models.TextField(_("reason it does not apply"), blank=True)

    class Meta:
        # By the key, not "result": that would sort by the result's own ordering, joining
        # units, in every prefetch of a result's nodes.
        ordering = ["result_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["result", "node_id"], name="node_result_once")
        ]

    def __str__(self) -> str:
        return f"{self.result} {self.code}"


class Appraisal(models.Model):
    """One appraisal round's score of a node (round 2 follows the unit's explanation)."""

    node = models.ForeignKey(NodeResult, on_delete=models.CASCADE, related_name="appraisals")
    round = models.PositiveSmallIntegerField(_("round"))
    points = models.DecimalField(_("points"), max_digits=9, decimal_places=4)

    class Meta:
        ordering = ["node_id", "round"]
        constraints = [models.UniqueConstraint(fields=["node", "round"], name="appraisal_once")]

    def __str__(self) -> str:
        return f"{self.node} ({self.round}): {self.points}"


class Deduction(models.Model):
    node = models.ForeignKey(NodeResult, on_delete=models.CASCADE, related_name="deductions")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    # Unknown when a decision lists several levels' reasons but not the points of each.
    points = models.DecimalField(
        _("points deducted"), null=True, blank=True, max_digits=9, decimal_places=4
    )
    reason = models.TextField(_("reason"))
    level = models.CharField(_("level that deducted"), max_length=255, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_name = models.CharField(_("deducted by"), max_length=255, blank=True)

    class Meta:
        ordering = ["node_id", "round", "id"]

    def __str__(self) -> str:
        return f"{self.node} −{self.points}"


class RuleInput(models.Model):
    """One input of a node's rule (a count, a ratio, yes/no, points) and where it came from."""

    node = models.ForeignKey(NodeResult, on_delete=models.CASCADE, related_name="inputs")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=16)  # parindex.core.rules.InputKind
    value = models.CharField(max_length=100)  # canonical text: "0.92", "3", "true"
    provenance = models.CharField(max_length=16, choices=InputProvenance.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["node_id", "name"]
        constraints = [models.UniqueConstraint(fields=["node", "name"], name="rule_input_once")]

    def __str__(self) -> str:
        return f"{self.node} {self.name} = {self.value}"


class StagedImport(models.Model):
    """A results workbook read and shown to its importer, waiting for them to confirm.

    The file is kept as uploaded, so what is confirmed is read again and is exactly what was
    previewed; confirmed or abandoned, the row is deleted (abandoned ones after a day).
    """

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    framework = models.ForeignKey(
        "frameworks.StoredFramework", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)  # when the file names none
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
