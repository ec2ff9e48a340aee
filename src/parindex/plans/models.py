"""A unit's remediation plan (kế hoạch khắc phục) for one result, as people edit it.

The plan keeps what people decide: the header facts, each lost item's task (solution,
lead and coordinating units, deadline, points expected back, status, its place in the
order), the targets and the reporting regime. What was lost and why is not copied: it is
the result's gap analysis, read again whenever the plan is shown (parindex.plans.build), so
the plan's sums are always the analysis's. Every change is a named write that also keeps
the whole plan as it then stood (PlanVersion); an approved plan is locked.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.audit.models import ACTION_LABELS, Versioned
from parindex.core.plan import ItemStatus, Shape


class PlanState(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved")


SHAPES = [
    (Shape.BY_ITEM.value, _("a task for every lost item")),
    (Shape.BY_FIELD.value, _("by field: already fixed, still outstanding, solutions")),
]
STATUSES = [
    (ItemStatus.PLANNED.value, _("planned")),
    (ItemStatus.IN_PROGRESS.value, _("in progress")),
    (ItemStatus.DONE.value, _("done")),
]
PERIODS = [
    ("quarter", _("quarterly report")),
    ("half_year", _("half-year report")),
    ("year", _("year's report")),
]


class Plan(Versioned):
    result = models.OneToOneField(
        "results.Result", verbose_name=_("result"), on_delete=models.PROTECT, related_name="plan"
    )
    # The result's unit, kept here so that scope filters plans without a join.
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year carried out"))
    state = models.CharField(
        _("state"), max_length=16, choices=PlanState.choices, default=PlanState.DRAFT
    )
    shape = models.CharField(_("shape of section III"), max_length=16, choices=SHAPES)
    superior_body = models.CharField(_("superior body"), max_length=255, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    number = models.CharField(_("number and symbol"), max_length=100, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    # One sentence or line per line of text; empty: the document's usual words.
    bases = models.TextField(_("legal bases"), blank=True)
    purposes = models.TextField(_("purposes"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=255, blank=True)
    signer = models.CharField(_("signer"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "unit__path"]
        verbose_name = _("remediation plan")
        verbose_name_plural = _("remediation plans")

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"

    @property
    def locked(self) -> bool:
        return self.state == PlanState.APPROVED


class Led(Versioned):
    """A row with a lead: a unit of the tree when it is one (a department), else a name (a
    commune's own office, which is no unit of its own)."""

    lead_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_name = models.CharField(_("lead (by name)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def lead(self) -> str:
        return self.lead_unit.name if self.lead_unit is not None else self.lead_name


class PlanItem(Led):
    """The task for one lost item of the gap analysis, known by the item's code."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=50)
    node_id = models.CharField(max_length=100, blank=True)  # the framework node, when known
    priority = models.PositiveIntegerField(_("order"))
    solution = models.TextField(_("solution"))
    coordinating_units = models.ManyToManyField(
        "org.Unit", verbose_name=_("coordinating units"), blank=True, related_name="+"
    )
    coordinating_names = models.TextField(_("coordinating (by name)"), blank=True)
    deadline = models.DateField(_("deadline"))
    expected_points = models.DecimalField(_("points expected back"), max_digits=9, decimal_places=4)
    status = models.CharField(_("status"), max_length=16, choices=STATUSES)

    class Meta:
        ordering = ["plan_id", "priority"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plan_item_once")]

    def __str__(self) -> str:
        return f"{self.plan} {self.code}"

    @property
    def coordinating(self) -> tuple[str, ...]:
        units = tuple(unit.name for unit in self.coordinating_units.all())
        return units + tuple(lines(self.coordinating_names))


class Target(Led):
    """A numbered, measurable target of the plan with the unit that leads it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    number = models.PositiveSmallIntegerField(_("number"))
    aim = models.TextField(_("measurable aim"))
    code = models.CharField(_("criterion"), max_length=50, blank=True)

    class Meta:
        ordering = ["plan_id", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="target_once")]

    def __str__(self) -> str:
        return f"{self.plan} {self.number}"


class PlanReport(models.Model):
    """A report the plan requires of its lead units: which period, due when."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(_("period"), max_length=16, choices=PERIODS)
    due = models.DateField(_("due"))

    class Meta:
        ordering = ["plan_id", "due"]

    def __str__(self) -> str:
        return f"{self.plan} {self.period} {self.due}"


class PlanVersion(models.Model):
    """The whole plan as it stood after one named write (parindex.plans.build.snapshot)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=64)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["plan_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_once")]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"

    @property
    def label(self) -> str:
        """The write that made it, in words."""
        return str(ACTION_LABELS.get(self.action, self.action))


class SolutionEntry(Versioned):
    """A solution a coordinator wrote for a criterion of one of their frameworks: plans
    drafted in their subtree propose it before the built-in library's."""

    owner = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    framework = models.ForeignKey(
        "frameworks.StoredFramework",
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    node_id = models.CharField(max_length=100)
    code = models.CharField(_("criterion"), max_length=50)
    solution = models.TextField(_("solution"))
    lead = models.CharField(_("lead"), max_length=255)
    coordinating = models.TextField(_("coordinating (by name)"), blank=True)

    class Meta:
        ordering = ["framework_id", "code", "id"]
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")

    def __str__(self) -> str:
        return f"{self.code}: {self.solution[:60]}"


class PlanTemplate(models.Model):
    """The Word file (letterhead, styles, page set-up) the plans of a unit's subtree are
    written into; the nearest unit above a plan's that has one gives it."""

    unit = models.OneToOneField(
        "org.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.filename


def lines(text: str) -> list[str]:
    """The non-empty lines of a many-line field."""
    return [line.strip() for line in text.splitlines() if line.strip()]
