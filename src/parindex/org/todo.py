"""What needs doing, for a coordinator's home page: units nobody answers for yet, people who
have not set their password, provinces without a coordinator."""

from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import QuerySet

from parindex.org.models import Role, Unit, UnitKind, User
from parindex.org.policy import within


@dataclass(frozen=True)
class ToDo:
    units_without_officer: QuerySet[Unit]
    people_without_password: QuerySet[User]
    provinces_without_coordinator: QuerySet[Unit]


def for_subtree(unit: Unit | None) -> ToDo:
    """The to-do list of a coordinator at `unit`, or of an administrator (None)."""
    paths = (
        [unit.path]
        if unit
        else list(Unit.objects.filter(parent=None).values_list("path", flat=True))
    )
    scored = Unit.objects.filter(
        within(paths, strictly=True),
        valid_to__isnull=True,
        kind__in=[UnitKind.COMMUNE, UnitKind.DEPARTMENT],
    )
    people = User.objects.filter(
        within(paths, "role_assignments__unit__path"),
        is_active=True,
        password__startswith=UNUSABLE_PASSWORD_PREFIX,
    ).distinct()
    provinces = Unit.objects.none()
    if unit is None:
        provinces = Unit.objects.filter(parent=None, kind=UnitKind.PROVINCE).exclude(
            role_assignments__role=Role.COORDINATOR
        )
    return ToDo(
        units_without_officer=scored.exclude(role_assignments__role=Role.UNIT_OFFICER),
        people_without_password=people,
        provinces_without_coordinator=provinces,
    )
