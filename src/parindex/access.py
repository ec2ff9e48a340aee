"""Who may see and do what: `scope(user, model, action)` is the one way to query for a person.

Every page, API route, export and download takes its rows from `scope`. Each app registers
how its models are scoped (driven by role assignments) in its `scopes.py`. Lookups for one
object go through `get_in_scope`, which tells "not yours to see" (404, existence not
leaked) from "visible but not yours to change" (403).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, TypeAlias, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

Action = Literal["view", "manage"]
M = TypeVar("M", bound=Model)
Person = AbstractBaseUser | AnonymousUser
if TYPE_CHECKING:
    Scoper: TypeAlias = Callable[[AbstractBaseUser, Action], QuerySet[M]]

_scopers: dict[type[Model], Scoper[Model]] = {}


def register(model: type[M]) -> Callable[[Scoper[M]], Scoper[M]]:
    def decorate(scoper: Scoper[M]) -> Scoper[M]:
        _scopers[model] = scoper
        return scoper

    return decorate


def scope(user: Person, model: type[M], action: Action) -> QuerySet[M]:
    if not isinstance(user, AbstractBaseUser) or not user.is_active:
        return model._default_manager.none()
    # A model without a registered scope is a programming error, never "everything".
    return _scopers[model](user, action)  # type: ignore[return-value]


def get_in_scope(user: Person, model: type[M], action: Action, **lookup: object) -> M:
    """The object for `action`: 404 if the user may not see it, 403 if they may not act on it."""
    try:
        obj = scope(user, model, "view").get(**lookup)
    except model.DoesNotExist as missing:  # type: ignore[attr-defined]
        raise Http404 from missing
    if action != "view" and not scope(user, model, action).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


def registered_models() -> list[type[Model]]:
    return list(_scopers)
