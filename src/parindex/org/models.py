from datetime import date

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.audit.models import Versioned
from parindex.core import tree
from parindex.core.lineage import LineageKind


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("province")
    DEPARTMENT = "department", _("department")
    DISTRICT = "district", _("district")
    COMMUNE = "commune", _("commune")
    OTHER = "other", _("other body")


class Unit(Versioned):
    """A public body in the tree of evaluating and scored units, at any depth.

    `path` is the materialised path of parindex.core.tree: the ids from the root down to
    this unit. Only the named writes in actions.py set it.
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # 11 characters a level: room for 90 levels, far beyond any administrative tree.
    path = models.CharField(max_length=1000, unique=True, editable=False)
    valid_from = models.DateField(_("active from"), null=True, blank=True)
    valid_to = models.DateField(_("active until"), null=True, blank=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [
            # Subtree queries are `path LIKE 'prefix%'`; PostgreSQL needs the pattern
            # operator class to use an index for them under a non-C collation.
            models.Index(
                fields=["path"], name="unit_path_prefix", opclasses=["varchar_pattern_ops"]
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_active_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return tree.depth(self.path)


def active_in(year: int) -> Q:
    """Units that existed at some time in `year` (a unit merged on 1 July existed)."""
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=date(year, 12, 31))) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=date(year, 1, 1))
    )


class RankingGroup(Versioned):
    """A khối: the units an evaluating unit ranks together in one year."""

    evaluating_unit = models.ForeignKey(
        Unit,
        verbose_name=_("evaluating unit"),
        on_delete=models.PROTECT,
        related_name="evaluated_groups",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=255)
    units = models.ManyToManyField(Unit, verbose_name=_("units"), related_name="ranking_groups")

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("ranking group")
        verbose_name_plural = _("ranking groups")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluating_unit", "year", "name"], name="ranking_group_unique_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class User(AbstractUser, Versioned):
    """A person who signs in. What they may do comes from their role assignments only."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username


LINEAGE_KIND_LABELS = {
    LineageKind.MERGE: _("merger"),
    LineageKind.SPLIT: _("split"),
    LineageKind.RENAME: _("renaming"),
    LineageKind.REPARENT: _("change of parent"),
    LineageKind.ABOLISH: _("abolition"),
}


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("administrator")
    COORDINATOR = "coordinator", _("coordinator")
    UNIT_OFFICER = "unit_officer", _("unit officer")
    APPRAISER = "appraiser", _("appraiser")
    COUNCIL_MEMBER = "council_member", _("council member")
    TASK_OWNER = "task_owner", _("task owner")
    LEADER = "leader", _("leader")


class RoleAssignment(models.Model):
    """A person holds a role at a unit (and its subtree); administrators hold theirs everywhere."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    # Appraisers and council members are named for one assessment cycle, appraisers for
    # one field of its framework (a field node's id) or, left blank, all of them.
    cycle = models.ForeignKey(
        "assessments.Cycle",
        verbose_name=_("assessment cycle"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    field = models.CharField(_("field"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("assigned on"), default=timezone.now)

    class Meta:
        ordering = ["user__username", "role", "unit__path"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.ADMINISTRATOR, unit__isnull=True)
                | (~Q(role=Role.ADMINISTRATOR) & Q(unit__isnull=False)),
                name="role_assignment_unit_unless_administrator",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=Q(cycle__isnull=True),
                name="role_assignment_unique",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "cycle", "field"],
                condition=Q(cycle__isnull=False),
                name="role_assignment_unique_in_cycle",
            ),
        ]

    def __str__(self) -> str:
        where = self.unit.name if self.unit else _("whole instance")
        shown = f"{self.user} · {self.get_role_display()} · {where}"
        return f"{shown} · {self.cycle}" if self.cycle_id else shown


class LineageEvent(models.Model):
    """A merger, split, renaming, change of parent or abolition, on a day: the units
    before and the units after. Recorded once; a wrong event is corrected by another."""

    kind = models.CharField(
        _("kind of change"),
        max_length=16,
        choices=[(kind.value, label) for kind, label in LINEAGE_KIND_LABELS.items()],
    )
    day = models.DateField(_("in force from"))
    before = models.ManyToManyField(
        Unit, verbose_name=_("units before"), related_name="lineage_as_before", blank=True
    )
    after = models.ManyToManyField(
        Unit, verbose_name=_("units after"), related_name="lineage_as_after", blank=True
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("recorded on"), default=timezone.now)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("lineage event")
        verbose_name_plural = _("lineage events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.day:%d/%m/%Y}"


class Invitation(models.Model):
    """A one-time link with which a person sets their password (first login or reset).

    Only a hash of the link's secret is stored; the secret is shown once to the coordinator.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="invitations"
    )
    secret_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%d/%m/%Y})"
