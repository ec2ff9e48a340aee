"""Named writes for frameworks: load a file, complete a node, install the built-ins.

Each checks permission, writes in one transaction and records the audit event. A framework's
content is stored once per content hash and never changed: loading or completing points the
framework at a new content row.
"""

from collections import OrderedDict
from dataclasses import replace
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.audit.models import label_actions, label_changes
from parindex.audit.writes import (
    ActionRefused,
    Actor,
    ProblemsRefused,
    acting_person,
    created,
    record,
    require,
    update_versioned,
)
from parindex.core.framework import Framework, Node, Provenance, located_problems
from parindex.core.rules import RuleSpec
from parindex.frameworks import builtin
from parindex.frameworks.models import FrameworkContent, StoredFramework
from parindex.io import framework_file, framework_workbook
from parindex.io.problems import FileRefused, Place, Problem
from parindex.org import policy
from parindex.org.models import Role, Unit, User

SUMMARY_FIELDS = ["key", "owner", "title", "level", "years", "complete", "example"]

label_changes({"criterion": _("criterion"), "max_points": _("maximum points"), "rule": _("rule")})
label_actions(
    {
        "load_framework": _("loaded the framework"),
        "complete_framework_node": _("completed a criterion of the framework"),
        "install_builtin_framework": _("installed the built-in framework"),
    }
)


# Parsed contents by hash: content rows never change, so any process may keep them.
_PARSED: OrderedDict[str, Framework] = OrderedDict()
_MOST_PARSED = 64


def framework_of(stored: StoredFramework) -> Framework:
    """The core framework a stored framework points at (parsed once per content)."""
    return framework_of_content(stored.content_id)


def framework_of_content(digest: str) -> Framework:
    """The core framework of a content row by its hash, e.g. the one a result was frozen
    with; the text is fetched only when it is not parsed yet."""
    framework = _PARSED.get(digest)
    if framework is None:
        content = FrameworkContent.objects.get(pk=digest)
        framework = framework_file.load(content.text, f"{digest[:12]}.yaml")
        _PARSED[digest] = framework
        if len(_PARSED) > _MOST_PARSED:
            _PARSED.popitem(last=False)
    else:
        _PARSED.move_to_end(digest)
    return framework


def content_for(framework: Framework) -> FrameworkContent:
    digest = framework.content_hash()
    known = FrameworkContent.objects.filter(hash=digest).first()
    if known is not None:  # writing the YAML text again would take longer than the rest
        return known
    content, _created = FrameworkContent.objects.get_or_create(
        hash=digest, defaults={"text": framework_file.dump(framework)}
    )
    return content


def _summary(framework: Framework) -> dict[str, object]:
    return {
        "key": framework.id,
        "title": framework.title[:500],
        "level": framework.level[:50],
        "years": list(framework.years),
        "complete": framework.is_complete(),
        "example": framework.example,
    }


def read_file(data: bytes, filename: str) -> Framework:
    """A framework from an uploaded .yaml or .xlsx file; FrameworkRefused with every problem."""
    try:
        if filename.lower().endswith(".xlsx"):
            return framework_workbook.read(data, filename)
        return framework_file.load(data, filename)
    except FileRefused as refused:
        raise ProblemsRefused(refused.problems, field="file") from refused


def _builtin_id(key: str) -> ActionRefused:
    return ActionRefused(
        _(
            "“%(key)s” is the id of a built-in framework: give your framework its own "
            "id (the file's “id”) and load it again."
        )
        % {"key": key},
        field="file",
    )


def owners_offered(person: User) -> QuerySet[Unit]:
    """The units a person is offered to load frameworks for: the provinces (an
    administrator; none means national), or the units they coordinate."""
    if policy.is_administrator(person):
        return Unit.objects.filter(parent__isnull=True)
    coordinated = [a.unit_id for a in policy.assignments(person) if a.role == Role.COORDINATOR]
    return Unit.objects.filter(pk__in=coordinated)


def _may_own(person: User, owner: Unit | None) -> bool:
    if owner is None:
        return policy.is_administrator(person)
    return policy.coordinates(person, owner)


@transaction.atomic
def load_framework(
    actor: Actor, *, data: bytes, filename: str, owner: Unit | None, reason: str = ""
) -> StoredFramework:
    """Load a framework file for `owner` (None: national); a known id gets the new content."""
    person = acting_person(actor)
    require(_may_own(person, owner))
    framework = read_file(data, filename)
    if owner is None and framework.id in {builtin.load(name).id for name in builtin.names()}:
        raise _builtin_id(framework.id)
    content = content_for(framework)
    values = {**_summary(framework), "content": content, "loaded_by": person}
    existing = (
        StoredFramework.objects.select_for_update().filter(owner=owner, key=framework.id).first()
    )
    if existing is not None:
        if existing.built_in:
            raise _builtin_id(framework.id)
        changes = update_versioned(
            existing, existing.version, {**values, "loaded_at": timezone.now()}
        )
        changes.pop("loaded_by", None)
        if changes:
            record(person, "load_framework", existing, changes, unit=owner, reason=reason)
        return existing
    stored = StoredFramework.objects.create(owner=owner, **values)
    record(
        person, "load_framework", stored, created(stored, SUMMARY_FIELDS), unit=owner, reason=reason
    )
    return stored


def _replace_node(nodes: tuple[Node, ...], node_id: str, **changes: object) -> tuple[Node, ...]:
    return tuple(
        replace(node, **changes)  # type: ignore[arg-type]
        if node.id == node_id
        else replace(node, children=_replace_node(node.children, node_id, **changes))
        for node in nodes
    )


@transaction.atomic
def complete_node(
    actor: Actor,
    stored: StoredFramework,
    *,
    version: int,
    node_id: str,
    max_points: Decimal | None,
    rule: RuleSpec | None,
    reason: str = "",
) -> StoredFramework:
    """Set a node's maximum and rule; the whole framework must still pass its checks."""
    person = acting_person(actor)
    require(not stored.built_in and _may_own(person, stored.owner))
    framework = framework_of(stored)
    node = framework.by_id(node_id)
    if node is None:
        raise ActionRefused(_("This criterion is not in the framework."))
    if node.max_points == max_points and node.rule == rule:
        return stored  # nothing to change: no new content, no event
    changed = replace(
        framework,
        nodes=_replace_node(
            framework.nodes, node_id, max_points=max_points, rule=rule, provenance=Provenance.USER
        ),
    )
    problems = [
        Problem(Place("", node=at.code if at is not None else None), message)
        for at, message in located_problems(changed)
    ]
    if problems:
        raise ProblemsRefused(problems)
    values = {**_summary(changed), "content": content_for(changed)}
    changes = update_versioned(stored, version, values)
    # What changed in the criterion itself, as a reader of the audit trail wants it.
    changes["criterion"] = {"old": node.code, "new": node.code}
    changes["max_points"] = {
        "old": None if node.max_points is None else str(node.max_points),
        "new": None if max_points is None else str(max_points),
    }
    changes["rule"] = {
        "old": framework_file.rule_text(node.rule) if node.rule is not None else None,
        "new": framework_file.rule_text(rule) if rule is not None else None,
    }
    record(person, "complete_framework_node", stored, changes, unit=stored.owner, reason=reason)
    return stored


@transaction.atomic
def install_builtin_frameworks() -> list[StoredFramework]:
    """The built-in frameworks as national frameworks, brought up to date (system write)."""
    installed = []
    for name in builtin.names():
        framework = builtin.load(name)
        content = content_for(framework)
        values = {**_summary(framework), "content": content, "built_in": True}
        stored = StoredFramework.objects.filter(owner=None, key=framework.id).first()
        if stored is None:
            stored = StoredFramework.objects.create(owner=None, **values)
            changes = created(stored, SUMMARY_FIELDS)
            record(None, "install_builtin_framework", stored, changes, unit=None)
        else:
            changes = update_versioned(stored, stored.version, values)
            if changes:
                record(None, "install_builtin_framework", stored, changes, unit=None)
        installed.append(stored)
    return installed
