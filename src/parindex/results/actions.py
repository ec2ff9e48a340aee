"""Named writes for results: record a unit's result on a framework, frozen or not.

Imports of a decision's annex (source imported) and the publication of an assessment
(source assessed) both end here, so every result has the same shape.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.access import scope
from parindex.audit.models import label_actions
from parindex.audit.writes import ActionRefused, Actor, acting_person, created, record, require
from parindex.core.framework import Framework
from parindex.frameworks.actions import content_for, framework_of, framework_of_content
from parindex.frameworks.models import FrameworkContent, StoredFramework
from parindex.org import policy
from parindex.org.models import Unit
from parindex.results.models import (
    Appraisal,
    Deduction,
    InputProvenance,
    NodeResult,
    Result,
    RuleInput,
    Source,
)

label_actions({"record_result": _("recorded a result")})


@dataclass(frozen=True)
class DeductionEntry:
    points: Decimal | None  # None when the decision does not say how much this level took
    reason: str
    level: str = ""
    by_name: str = ""
    round: int = 1


@dataclass(frozen=True)
class InputEntry:
    name: str
    kind: str
    value: str  # canonical text: "0.92", "3", "true"
    provenance: InputProvenance


@dataclass(frozen=True)
class NodeEntry:
    node_id: str
    self_points: Decimal | None = None
    appraisals: tuple[Decimal, ...] = ()  # round 1, round 2, …
    deductions: tuple[DeductionEntry, ...] = ()
    inputs: tuple[InputEntry, ...] = ()
    not_applicable: bool = False
    not_applicable_reason: str = ""


def _code(framework: Framework, node_id: str) -> str:
    node = framework.by_id(node_id)
    assert node is not None  # checked before anything was written
    return node.code


@transaction.atomic
def record_result(
    actor: Actor,
    *,
    unit: Unit,
    year: int,
    framework: StoredFramework,
    source: Source,
    nodes: Sequence[NodeEntry],
    self_total: Decimal | None = None,
    published_total: Decimal | None = None,
    published_index: Decimal | None = None,
    evaluated_by: Unit | None = None,
    group: str = "",
    published_rank: int | None = None,
    freeze: bool = False,
    content: FrameworkContent | None = None,
    reason: str = "",
) -> Result:
    """A new result of `unit` for `year`; frozen if `freeze`, with `content` (the framework's
    content it was scored with) or else the framework's current content."""
    person = acting_person(actor)
    # Who manages the unit's results (parindex.results.scopes): a coordinator above it.
    require(policy.coordinates(person, unit, strictly=True))
    require(scope(person, StoredFramework, "view").filter(pk=framework.pk).exists())
    core = framework_of_content(content.pk) if content else framework_of(framework)
    if Result.objects.filter(unit=unit, year=year, framework=framework).exists():
        raise ActionRefused(
            _("%(unit)s already has a result for %(year)s on this framework.")
            % {"unit": unit, "year": year}
        )
    seen: set[str] = set()
    for entry in nodes:
        if core.by_id(entry.node_id) is None:
            raise ActionRefused(
                _("The framework has no criterion with the id %(id)s.") % {"id": entry.node_id}
            )
        if entry.node_id in seen:
            raise ActionRefused(
                _("The criterion with the id %(id)s is given twice.") % {"id": entry.node_id}
            )
        seen.add(entry.node_id)
    result = Result.objects.create(
        unit=unit,
        year=year,
        framework=framework,
        source=source,
        self_total=self_total,
        published_total=published_total,
        published_index=published_index,
        evaluated_by=evaluated_by,
        group=group,
        published_rank=published_rank,
        frozen_content=(content or content_for(core)) if freeze else None,
        frozen_at=timezone.now() if freeze else None,
    )
    # Four inserts whatever the number of nodes: an annex of a hundred units stays quick.
    rows = NodeResult.objects.bulk_create(
        NodeResult(
            result=result,
            node_id=entry.node_id,
            code=_code(core, entry.node_id),
            self_points=entry.self_points,
            not_applicable=entry.not_applicable,
            not_applicable_reason=entry.not_applicable_reason,
        )
        for entry in nodes
    )
    pairs = list(zip(rows, nodes, strict=True))
    Appraisal.objects.bulk_create(
        Appraisal(node=row, round=number, points=points)
        for row, entry in pairs
        for number, points in enumerate(entry.appraisals, start=1)
    )
    Deduction.objects.bulk_create(
        Deduction(
            node=row,
            round=item.round,
            points=item.points,
            reason=item.reason,
            level=item.level,
            by_name=item.by_name,
        )
        for row, entry in pairs
        for item in entry.deductions
    )
    RuleInput.objects.bulk_create(
        RuleInput(
            node=row,
            name=item.name,
            kind=item.kind,
            value=item.value,
            provenance=item.provenance,
            entered_by=person if item.provenance == InputProvenance.PERSON else None,
        )
        for row, entry in pairs
        for item in entry.inputs
    )
    fields = ["unit", "year", "framework", "source", "published_total", "published_index"]
    fields += ["evaluated_by", "group", "published_rank"]
    record(person, "record_result", result, created(result, fields), unit=unit, reason=reason)
    return result
