"""Named writes for units, ranking groups, people and role assignments.

Each checks permission, validates, writes in one transaction and records the audit event.
Views, the API, commands and tests call these; nothing else saves these rows.
"""

import hashlib
import re
import secrets
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Field, Model, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.access import scope
from parindex.audit.models import label_actions
from parindex.audit.writes import (
    ActionRefused,
    Actor,
    Changes,
    created,
    record,
    update_versioned,
)
from parindex.audit.writes import acting_person as _person
from parindex.audit.writes import require as _require
from parindex.core import tree
from parindex.core.lineage import LineageKind, check_shape
from parindex.core.province import TreePlan
from parindex.org import policy
from parindex.org.models import (
    Invitation,
    LineageEvent,
    RankingGroup,
    Role,
    RoleAssignment,
    Unit,
    UnitKind,
    User,
)

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
UNIT_FIELDS = ["code", "name", "kind", "parent", "valid_from", "valid_to"]
FIRST_YEAR, LAST_YEAR = 2000, 2100
# The national list of communes describes the units in force from this day.
NATIONAL_LIST_IN_FORCE = date(2025, 7, 1)

label_actions(
    {
        "create_unit": _("created the unit"),
        "update_unit": _("changed the unit"),
        "create_ranking_group": _("created the ranking group"),
        "update_ranking_group": _("changed the ranking group"),
        "create_user": _("created the account"),
        "assign_role": _("gave the role"),
        "revoke_role": _("removed the role"),
        "record_lineage": _("recorded a change in the tree"),
        "invite_user": _("made an invitation link"),
        "reset_password": _("reset the password"),
        "accept_invitation": _("set a password with an invitation link"),
    }
)


def _clean_code(code: str, unit: Unit | None = None) -> str:
    code = code.strip()
    if not CODE_PATTERN.match(code) or len(code) > 32:
        raise ActionRefused(
            _(
                "The code “%(code)s” is not valid: use up to 32 letters, digits, dots, "
                "dashes or underscores, starting with a letter or digit."
            )
            % {"code": code},
            field="code",
        )
    taken = Unit.objects.filter(code=code)
    if unit is not None:
        taken = taken.exclude(pk=unit.pk)
    if taken.exists():
        raise ActionRefused(
            _("The code “%(code)s” is already used by another unit.") % {"code": code},
            field="code",
        )
    return code


def _clean_name(name: str, field: str = "name", max_length: int = 255) -> str:
    """A name with single spaces; refused when empty, too long for its column, or holding a
    NUL character (which PostgreSQL cannot store)."""
    name = " ".join(name.split())
    if not name:
        raise ActionRefused(_("The name must not be empty."), field=field)
    if "\x00" in name:
        raise ActionRefused(_("Text must not contain the NUL character."), field=field)
    if len(name) > max_length:
        raise ActionRefused(
            _("The name must be at most %(max)s characters long.") % {"max": max_length},
            field=field,
        )
    return name


def _check_choice(value: str, model: type[Model], field: str) -> str:
    """`value` if it is one of the field's choices, else a refusal listing them."""
    column = model._meta.get_field(field)
    assert isinstance(column, Field)
    choices = [str(choice) for choice, _label in column.flatchoices]
    if value not in choices:
        raise ActionRefused(
            _("“%(value)s” is not a valid %(what)s; expected one of: %(allowed)s.")
            % {"value": value, "what": column.verbose_name, "allowed": ", ".join(choices)},
            field=field,
        )
    return value


def _check_dates(valid_from: date | None, valid_to: date | None) -> None:
    if valid_from and valid_to and valid_to < valid_from:
        raise ActionRefused(
            _("The unit cannot stop being active before it starts."), field="valid_to"
        )


@transaction.atomic
def create_unit(
    actor: Actor,
    *,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None,
    valid_from: date | None = None,
    valid_to: date | None = None,
    reason: str = "",
) -> Unit:
    person = _person(actor)
    _require(policy.may_create_unit_under(person, parent))
    _check_choice(kind, Unit, "kind")
    _check_dates(valid_from, valid_to)
    unit = Unit(
        code=_clean_code(code),
        name=_clean_name(name),
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        # The real path needs the new id; a placeholder that no real path can equal.
        path=f"new:{code}",
    )
    unit.save()
    unit.path = tree.child_path(parent.path if parent else "", unit.pk)
    unit.save(update_fields=["path"])
    record(person, "create_unit", unit, created(unit, UNIT_FIELDS), unit=unit, reason=reason)
    return unit


@transaction.atomic
def update_unit(actor: Actor, unit: Unit, *, version: int, reason: str = "", **values: Any) -> Unit:
    """Change a unit's fields; a new parent moves its whole subtree."""
    person = _person(actor)
    _require(scope(person, Unit, "manage").filter(pk=unit.pk).exists())
    unknown = set(values) - set(UNIT_FIELDS)
    if unknown:
        raise ValueError(f"update_unit got unknown fields {sorted(unknown)}")
    if "code" in values:
        values["code"] = _clean_code(values["code"], unit)
    if "name" in values:
        values["name"] = _clean_name(values["name"])
    if "kind" in values:
        _check_choice(values["kind"], Unit, "kind")
    _check_dates(values.get("valid_from", unit.valid_from), values.get("valid_to", unit.valid_to))
    # Paths read before this transaction may be stale if an ancestor moved meanwhile:
    # read them again, locked, before using them.
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    unit.path, unit.parent_id = locked.path, locked.parent_id
    old_path = unit.path
    new_parent: Unit | None = values.get("parent", unit.parent)
    if new_parent is not None:
        new_parent = Unit.objects.select_for_update().get(pk=new_parent.pk)
        values["parent"] = new_parent
    moving = new_parent != unit.parent
    if moving:
        if new_parent is None:
            raise ActionRefused(
                _("Only an administrator creates top-level units; choose a parent unit."),
                field="parent",
            )
        if tree.is_within(new_parent.path, unit.path):
            raise ActionRefused(
                _("A unit cannot be moved under itself or one of its own subunits."),
                field="parent",
            )
        _require(policy.may_create_unit_under(person, new_parent))
    changes = update_versioned(unit, version, values)
    if moving and new_parent is not None:
        new_path = tree.child_path(new_parent.path, unit.pk)
        Unit.objects.filter(path__startswith=old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
        )
        unit.path = new_path
    if changes:
        record(person, "update_unit", unit, changes, unit=unit, reason=reason)
    return unit


def _clean_group(
    evaluating_unit: Unit, year: int, name: str, units: Iterable[Unit], group: RankingGroup | None
) -> tuple[str, list[Unit]]:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ActionRefused(
            _("The year must be between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            field="year",
        )
    name = _clean_name(name)
    same = RankingGroup.objects.filter(evaluating_unit=evaluating_unit, year=year, name=name)
    if group is not None:
        same = same.exclude(pk=group.pk)
    if same.exists():
        raise ActionRefused(
            _("%(unit)s already has a ranking group “%(name)s” for %(year)s.")
            % {"unit": evaluating_unit, "name": name, "year": year},
            field="name",
        )
    members = list(units)
    outside = [
        u.name
        for u in members
        if not tree.is_within(u.path, evaluating_unit.path) or u == evaluating_unit
    ]
    if outside:
        raise ActionRefused(
            _("Only units below %(unit)s can be ranked in its groups: %(outside)s.")
            % {"unit": evaluating_unit, "outside": ", ".join(outside)},
            field="units",
        )
    return name, members


@transaction.atomic
def create_ranking_group(
    actor: Actor,
    *,
    evaluating_unit: Unit,
    year: int,
    name: str,
    units: Iterable[Unit],
    reason: str = "",
) -> RankingGroup:
    person = _person(actor)
    _require(policy.coordinates(person, evaluating_unit))
    name, members = _clean_group(evaluating_unit, year, name, units, None)
    group = RankingGroup.objects.create(evaluating_unit=evaluating_unit, year=year, name=name)
    group.units.set(members)
    changes = created(group, ["evaluating_unit", "year", "name"])
    changes["units"] = {"old": None, "new": sorted(u.code for u in members)}
    record(person, "create_ranking_group", group, changes, unit=evaluating_unit, reason=reason)
    return group


@transaction.atomic
def update_ranking_group(
    actor: Actor,
    group: RankingGroup,
    *,
    version: int,
    year: int | None = None,
    name: str | None = None,
    units: Iterable[Unit] | None = None,
    reason: str = "",
) -> RankingGroup:
    person = _person(actor)
    _require(scope(person, RankingGroup, "manage").filter(pk=group.pk).exists())
    old_units = list(group.units.all())
    new_name, members = _clean_group(
        group.evaluating_unit,
        group.year if year is None else year,
        group.name if name is None else name,
        old_units if units is None else units,
        group,
    )
    new_values: dict[str, Any] = {"name": new_name}
    if year is not None:
        new_values["year"] = year
    old_codes = sorted(u.code for u in old_units)
    new_codes = sorted(u.code for u in members)
    members_change = old_codes != new_codes
    changes = update_versioned(group, version, new_values, always=members_change)
    if members_change:
        group.units.set(members)
        changes["units"] = {"old": old_codes, "new": new_codes}
    if changes:
        record(
            person,
            "update_ranking_group",
            group,
            changes,
            unit=group.evaluating_unit,
            reason=reason,
        )
    return group


def _check_role(role: str) -> Role:
    return Role(_check_choice(role, RoleAssignment, "role"))


def _check_role_unit(role: Role, unit: Unit | None) -> None:
    if (role == Role.ADMINISTRATOR) != (unit is None):
        raise ActionRefused(
            _("Administrators hold their role without a unit; every other role needs a unit."),
            field="unit",
        )


def _assign(person: User, user: User, role: Role, unit: Unit | None, reason: str) -> RoleAssignment:
    if RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
        raise ActionRefused(
            _("%(user)s already holds this role at this unit.") % {"user": user}, field="role"
        )
    assignment = RoleAssignment.objects.create(user=user, role=role, unit=unit)
    changes = created(assignment, ["user", "role", "unit"])
    record(person, "assign_role", assignment, changes, unit=unit, reason=reason)
    policy.forget_assignments(user)
    return assignment


def _new_user(username: str, full_name: str, password: str | None, email: str = "") -> User:
    """A saved account after the checks every new account passes (name, password).

    Without a password the account cannot log in until its owner follows an invitation.
    """
    username = username.strip()
    try:
        User.username_validator(username)
    except ValidationError as invalid:
        raise ActionRefused(" ".join(invalid.messages), field="username") from invalid
    if User.objects.filter(username__iexact=username).exists():
        raise ActionRefused(
            _("The username “%(username)s” is already taken.") % {"username": username},
            field="username",
        )
    user = User(
        username=username, full_name=_clean_name(full_name, "full_name", 150), email=email.strip()
    )
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as weak:
            raise ActionRefused(" ".join(weak.messages), field="password") from weak
        user.set_password(password)
    user.save()
    return user


@transaction.atomic
def create_user(
    actor: Actor,
    *,
    username: str,
    full_name: str,
    password: str | None,
    role: str,
    unit: Unit | None,
    email: str = "",
    reason: str = "",
) -> User:
    """Create a person with their first role: nobody exists in parindex without one."""
    person = _person(actor)
    checked_role = _check_role(role)
    _check_role_unit(checked_role, unit)
    _require(policy.may_assign(person, checked_role, unit))
    user = _new_user(username, full_name, password, email)
    record(
        person,
        "create_user",
        user,
        created(user, ["username", "full_name", "email"]),
        unit=unit,
        reason=reason,
    )
    _assign(person, user, checked_role, unit, reason)
    return user


@transaction.atomic
def bootstrap_administrator(*, username: str, full_name: str, password: str) -> User:
    """The first administrator of an instance, made from the command line (no one to ask)."""
    # Locked, so two first administrators cannot be made at once.
    if RoleAssignment.objects.select_for_update().filter(role=Role.ADMINISTRATOR).exists():
        raise ActionRefused(
            _("This instance already has an administrator; they create the others.")
        )
    user = _new_user(username, full_name, password)
    record(None, "create_user", user, created(user, ["username", "full_name"]), unit=None)
    assignment = RoleAssignment.objects.create(user=user, role=Role.ADMINISTRATOR, unit=None)
    record(None, "assign_role", assignment, created(assignment, ["user", "role"]), unit=None)
    return user


@transaction.atomic
def assign_role(
    actor: Actor, *, user: User, role: str, unit: Unit | None, reason: str = ""
) -> RoleAssignment:
    person = _person(actor)
    checked_role = _check_role(role)
    _check_role_unit(checked_role, unit)
    _require(scope(person, User, "manage").filter(pk=user.pk).exists())
    _require(policy.may_assign(person, checked_role, unit))
    return _assign(person, user, checked_role, unit, reason)


@transaction.atomic
def revoke_role(actor: Actor, assignment: RoleAssignment, *, reason: str = "") -> User:
    """End a role assignment; returns the person who held it."""
    person = _person(actor)
    _require(scope(person, RoleAssignment, "manage").filter(pk=assignment.pk).exists())
    # Locked, so two administrators removing each other at once cannot both succeed.
    administrators = (
        RoleAssignment.objects.select_for_update().filter(role=Role.ADMINISTRATOR).order_by()
    )
    if assignment.role == Role.ADMINISTRATOR and len(administrators) == 1:
        raise ActionRefused(_("The last administrator cannot be removed."), field="role")
    changes = {
        name: {"old": change["new"], "new": None}
        for name, change in created(assignment, ["user", "role", "unit"]).items()
    }
    record(person, "revoke_role", assignment, changes, unit=assignment.unit, reason=reason)
    holder = assignment.user
    assignment.delete()
    policy.forget_assignments(holder)
    return holder


@transaction.atomic
def build_province_tree(
    actor: Actor,
    *,
    plan: TreePlan,
    province: Unit | None,
    year: int,
    valid_from: date | None = NATIONAL_LIST_IN_FORCE,
    reason: str = "",
) -> Unit:
    """A province's whole tree in one step: the province (when `province` is None, for
    administrators), its communes, its departments and its ranking groups for `year`.

    All or nothing: a code already in use stops it before anything is written.
    """
    person = _person(actor)
    if province is None:
        _require(policy.is_administrator(person))
    else:
        _require(policy.coordinates(person, province))
    new_codes = [plan.province.code] if province is None else []
    new_codes += [unit.code for unit in (*plan.communes, *plan.departments)]
    taken = sorted(Unit.objects.filter(code__in=new_codes).values_list("code", flat=True))
    if taken:
        raise ActionRefused(
            _("These codes are already used by other units: %(codes)s.")
            % {"codes": ", ".join(taken[:20]) + (" …" if len(taken) > 20 else "")},
            field="departments" if set(taken) <= {d.code for d in plan.departments} else None,
        )
    if province is None:
        province = create_unit(
            person,
            code=plan.province.code,
            name=plan.province.name,
            kind=UnitKind.PROVINCE,
            parent=None,
            valid_from=valid_from,
            reason=reason,
        )
    created_units = {
        unit.code: create_unit(
            person,
            code=unit.code,
            name=unit.name,
            kind=UnitKind.COMMUNE,
            parent=province,
            valid_from=valid_from,
            reason=reason,
        )
        for unit in plan.communes
    }
    for unit in plan.departments:
        created_units[unit.code] = create_unit(
            person,
            code=unit.code,
            name=unit.name,
            kind=UnitKind.DEPARTMENT,
            parent=province,
            reason=reason,
        )
    for group in plan.groups:
        create_ranking_group(
            person,
            evaluating_unit=province,
            year=year,
            name=group.name,
            units=[created_units[code] for code in group.unit_codes],
            reason=reason,
        )
    return province


def _retire_or_start(person: User, unit: Unit, values: dict[str, Any], reason: str) -> None:
    """Set a unit's active dates from a lineage event, where they were not set already."""
    fresh = Unit.objects.get(pk=unit.pk)
    changes = update_versioned(fresh, fresh.version, values)
    if changes:
        record(person, "update_unit", fresh, changes, unit=fresh, reason=reason)


@transaction.atomic
def record_lineage(
    actor: Actor,
    *,
    kind: str,
    day: date,
    before: Iterable[Unit],
    after: Iterable[Unit],
    note: str = "",
    reason: str = "",
) -> LineageEvent:
    """Record a change in the tree; units that end get their last day, new ones their first."""
    person = _person(actor)
    checked = LineageKind(_check_choice(kind, LineageEvent, "kind"))
    before, after = list(before), list(after)
    check_shape(checked, before, after)
    managed = scope(person, Unit, "manage")
    _require(
        managed.filter(pk__in=[u.pk for u in before + after]).count() == len(set(before + after))
    )
    event = LineageEvent.objects.create(kind=checked, day=day, note=note.strip())
    event.before.set(before)
    event.after.set(after)
    changes = created(event, ["kind", "day", "note"])
    changes["before"] = {"old": None, "new": sorted(u.code for u in before)}
    changes["after"] = {"old": None, "new": sorted(u.code for u in after)}
    record(person, "record_lineage", event, changes, unit=(before + after)[0], reason=reason)
    last_day = day - timedelta(days=1)
    for unit in before:
        if unit not in after and (unit.valid_to is None or unit.valid_to > last_day):
            _retire_or_start(person, unit, {"valid_to": last_day}, reason)
    for unit in after:
        if unit not in before and unit.valid_from is None:
            _retire_or_start(person, unit, {"valid_from": day}, reason)
    return event


def _secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def invite_user(actor: Actor, user: User, *, reset: bool = False, reason: str = "") -> str:
    """A new one-time link for `user` to set their password; returns its secret (shown once).

    Earlier open links stop working. With `reset`, the current password stops working too,
    and a lockout from wrong passwords is lifted.
    """
    person = _person(actor)
    _require(scope(person, User, "manage").filter(pk=user.pk).exists())
    now = timezone.now()
    Invitation.objects.filter(user=user, used_at__isnull=True).update(expires_at=now)
    secret = secrets.token_urlsafe(32)
    Invitation.objects.create(
        user=user,
        secret_hash=_secret_hash(secret),
        created_by=person,
        expires_at=now + timedelta(days=settings.INVITATION_DAYS),
    )
    changes: Changes = {}
    if reset:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        axes_reset(username=user.get_username())
        changes["password"] = {"old": "set", "new": "unusable until the link is used"}
    unit = next((a.unit for a in policy.assignments(user) if a.unit is not None), None)
    record(
        person,
        "reset_password" if reset else "invite_user",
        user,
        changes,
        unit=unit,
        reason=reason,
    )
    return secret


def open_invitation(secret: str) -> Invitation | None:
    """The invitation a link's secret opens, if it is still usable."""
    return (
        Invitation.objects.select_related("user")
        .filter(
            secret_hash=_secret_hash(secret),
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )


@transaction.atomic
def accept_invitation(secret: str, password: str) -> User:
    """The person sets their password with the link; the link is then used up."""
    invitation = open_invitation(secret)
    if invitation is None:
        raise ActionRefused(_("This link is no longer valid. Ask your coordinator for a new one."))
    user: User = invitation.user
    try:
        validate_password(password, user)
    except ValidationError as weak:
        raise ActionRefused(" ".join(weak.messages), field="password") from weak
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    unit = next((a.unit for a in policy.assignments(user) if a.unit is not None), None)
    record(user, "accept_invitation", user, {}, unit=unit)
    return user
