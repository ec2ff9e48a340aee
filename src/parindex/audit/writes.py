"""The shared pieces of every named write: refusals, version checks and the audit event.

A named write (an app's `actions.py`) checks permission, opens one transaction, changes rows
through `update_versioned` or creates them, and calls `record`. Views, API, commands and
tests all call the named write; nothing else saves those rows.
"""

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import F
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from parindex.audit.models import AuditEvent, Versioned
from parindex.io import render
from parindex.io.problems import Problem
from parindex.org.models import Unit, User


class ActionRefused(Exception):
    """A named write refused its input; nothing was changed.

    `field` names the input at fault (a form field or API attribute) when there is one.
    """

    def __init__(self, message: str | Promise, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class ProblemsRefused(ActionRefused):
    """A file or an edit was refused as a whole; `lines` says every problem, in words, in
    the language active when it was refused."""

    def __init__(self, problems: Sequence[Problem], field: str | None = None) -> None:
        self.problems = list(problems)
        self.lines = render.problems(self.problems, render.chosen(get_language()))
        super().__init__(self.lines[0] if self.lines else "", field=field)


class StaleVersion(ActionRefused):
    """Someone saved the row after the editor loaded it: their change must not be lost."""

    def __init__(self, obj: models.Model, expected: int, current: int) -> None:
        super().__init__(
            _(
                "“%(object)s” was changed by someone else while you were editing it "
                "(your copy is version %(expected)s, the saved one is version %(current)s). "
                "Nothing was saved: reload the page and make your change again."
            )
            % {"object": obj, "expected": expected, "current": current}
        )
        self.current = current


Changes = dict[str, dict[str, Any]]
Actor = AbstractBaseUser | AnonymousUser | None


def acting_person(actor: Actor) -> User:
    """The signed-in, active person behind a named write; PermissionDenied for anyone else."""
    if not isinstance(actor, User) or not actor.is_active:
        raise PermissionDenied
    return actor


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _plain(value: Any) -> Any:
    """A value as the audit trail keeps it: JSON-ready, and readable without the database."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Decimal | date | datetime):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(str(item) for item in value)
    return value


def diff(obj: models.Model, new_values: Mapping[str, Any]) -> Changes:
    """The fields whose value would change, as {field: {"old": …, "new": …}}."""
    changes: Changes = {}
    for name, new in new_values.items():
        old = getattr(obj, name)
        if old != new:
            changes[name] = {"old": _plain(old), "new": _plain(new)}
    return changes


def update_versioned(
    obj: Versioned, expected_version: int, new_values: Mapping[str, Any], always: bool = False
) -> Changes:
    """Save `new_values` only if the row is still at `expected_version`; return what changed.

    The check and the write are one UPDATE … WHERE version = expected, so two editors can
    never both succeed, on SQLite or PostgreSQL, in one process or many. `always` checks and
    bumps the version even when no column changes (for changes kept in other tables).
    """
    changes = diff(obj, new_values)
    if not changes and not always:
        return changes  # nothing to save: another editor's copy stays current
    model = type(obj)
    updated = model._default_manager.filter(pk=obj.pk, version=expected_version).update(
        **new_values, version=F("version") + 1
    )
    if updated != 1:
        current = model._default_manager.filter(pk=obj.pk).values_list("version", flat=True)
        raise StaleVersion(obj, expected_version, current.first() or 0)
    for name, value in new_values.items():
        setattr(obj, name, value)
    obj.version = expected_version + 1
    return changes


def record(
    actor: Actor,
    action: str,
    obj: models.Model,
    changes: Changes,
    *,
    unit: Unit | None,
    reason: str = "",
) -> AuditEvent:
    """Write the audit event of a named write, inside its transaction."""
    user = actor if isinstance(actor, User) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_name=user.get_username() if user else "system",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        unit=unit,
        changes=changes,
        reason=reason,
    )


def created(obj: models.Model, fields: list[str]) -> Changes:
    """The changes of a new row: every named field that has a value, from nothing to it."""
    return {
        name: {"old": None, "new": _plain(getattr(obj, name))}
        for name in fields
        if getattr(obj, name) is not None
    }
