"""What needs doing, for a coordinator's home page: units nobody answers for yet, people who
have not set their password, provinces without a coordinator."""

from dataclasses import dataclass
from typing import Generic, TypeVar

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Model, Q, QuerySet

from parindex.org.models import Role, Unit, UnitKind, User
from parindex.org.policy import within

# The home page names this many of each; the rest is a count.
SHOWN = 10
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Item(Generic[M]):
    count: int
    first: list[M]

    def __bool__(self) -> bool:
        return self.count > 0


def _item(rows: QuerySet[M]) -> Item[M]:
    """A count and the first few rows: two small queries, never the whole list."""
    return Item(rows.count(), list(rows[:SHOWN]))


@dataclass(frozen=True)
class ToDo:
    units_without_officer: Item[Unit]
    people_without_password: Item[User]
    provinces_without_coordinator: Item[Unit]


def for_subtree(unit: Unit | None) -> ToDo:
    """The to-do list of a coordinator at `unit`, or of an administrator (None: everywhere)."""
    below = within([unit.path], strictly=True) if unit else Q()
    people_below = within([unit.path], "role_assignments__unit__path") if unit else Q()
    scored = Unit.objects.filter(
        below, valid_to__isnull=True, kind__in=[UnitKind.COMMUNE, UnitKind.DEPARTMENT]
    )
    people = User.objects.filter(
        people_below, is_active=True, password__startswith=UNUSABLE_PASSWORD_PREFIX
    ).distinct()
    provinces = Unit.objects.none()
    if unit is None:
        provinces = Unit.objects.filter(parent=None, kind=UnitKind.PROVINCE).exclude(
            role_assignments__role=Role.COORDINATOR
        )
    return ToDo(
        units_without_officer=_item(scored.exclude(role_assignments__role=Role.UNIT_OFFICER)),
        people_without_password=_item(people),
        provinces_without_coordinator=_item(provinces),
    )
