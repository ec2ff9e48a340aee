"""The rules of who may act where, read from a person's role assignments.

A role held at a unit reaches that unit's whole subtree. Administrators reach everything.
Coordinators manage the units below their own, the ranking groups their unit evaluates,
and the people and roles of their subtree, except other coordinators and administrators.
"""

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet

from parindex.core import tree
from parindex.org.models import Role, RoleAssignment, Unit, UnitKind

# The roles a coordinator may give; administrators give any role.
ROLES_COORDINATORS_ASSIGN = frozenset(
    {Role.UNIT_OFFICER, Role.APPRAISER, Role.COUNCIL_MEMBER, Role.TASK_OWNER, Role.LEADER}
)

_CACHE_ATTR = "_parindex_assignments"


def assignments(user: AbstractBaseUser) -> list[RoleAssignment]:
    """The user's role assignments, read once per request (kept on the user object)."""
    cached: list[RoleAssignment] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user_id=user.pk).select_related("unit"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_assignments(user: AbstractBaseUser) -> None:
    """Called by the writes that change a user's roles, so the next check rereads them."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_administrator(user: AbstractBaseUser) -> bool:
    return any(a.role == Role.ADMINISTRATOR for a in assignments(user))


def paths(user: AbstractBaseUser, roles: Iterable[Role] | None = None) -> list[str]:
    """The paths of the units where the user holds any of `roles` (any role if None)."""
    wanted = set(roles) if roles is not None else None
    return [
        a.unit.path
        for a in assignments(user)
        if a.unit is not None and (wanted is None or a.role in wanted)
    ]


def within(unit_paths: Iterable[str], field: str = "path", strictly: bool = False) -> Q:
    """Rows whose unit `field` lies in one of the subtrees (below them only if `strictly`)."""
    q = Q(pk__in=[])
    for path in unit_paths:
        subtree = Q(**{f"{field}__startswith": path})
        q |= subtree & ~Q(**{field: path}) if strictly else subtree
    return q


def coordinates(user: AbstractBaseUser, unit: Unit, strictly: bool = False) -> bool:
    """Whether the user coordinates `unit` (lies below a coordinated unit, if `strictly`)."""
    if is_administrator(user):
        return True
    return any(
        tree.is_within(unit.path, path) and not (strictly and unit.path == path)
        for path in paths(user, [Role.COORDINATOR])
    )


def manages_a_subtree(user: AbstractBaseUser) -> bool:
    """Administrators and coordinators: the people who manage units, groups and people."""
    return is_administrator(user) or bool(paths(user, [Role.COORDINATOR]))


def managed_units(user: AbstractBaseUser) -> QuerySet[Unit]:
    """Where the user may place units, give roles or rank: everywhere, or coordinated subtrees."""
    if is_administrator(user):
        return Unit.objects.all()
    return Unit.objects.filter(within(paths(user, [Role.COORDINATOR])))


def rankable_units(evaluator: Unit) -> QuerySet[Unit]:
    """The units a ranking group of `evaluator` may hold: those below it."""
    return Unit.objects.filter(within([evaluator.path], strictly=True))


def may_create_unit_under(user: AbstractBaseUser, parent: Unit | None) -> bool:
    """Administrators create provinces (no parent); coordinators create units in their subtree."""
    if parent is None:
        return is_administrator(user)
    return coordinates(user, parent)


def givable_roles(user: AbstractBaseUser) -> frozenset[Role]:
    """The roles the user may give to others."""
    if is_administrator(user):
        return frozenset(Role)
    return ROLES_COORDINATORS_ASSIGN if paths(user, [Role.COORDINATOR]) else frozenset()


def may_build_province(user: AbstractBaseUser, province: Unit | None) -> bool:
    """A new province and its tree (administrators), or a province's tree (its
    coordinators), from the national list."""
    if province is None:
        return is_administrator(user)
    return province.kind == UnitKind.PROVINCE and coordinates(user, province)


def may_assign(user: AbstractBaseUser, role: Role, unit: Unit | None) -> bool:
    if is_administrator(user):
        return True
    return unit is not None and role in ROLES_COORDINATORS_ASSIGN and coordinates(user, unit)
