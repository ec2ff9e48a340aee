"""Rows → core: a cycle's framework and stages, an assessment's sheet, a leaf's field."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.utils import timezone

from parindex.assessments.models import Assessment, Cycle, Entry, Stage
from parindex.core.assessment import Override, Sheet, StageKind
from parindex.core.assessment import Stage as CoreStage
from parindex.core.framework import Framework
from parindex.frameworks.actions import framework_of_content


def framework(cycle: Cycle) -> Framework:
    """The framework as it stood when the cycle opened."""
    return framework_of_content(cycle.content_id)


def stage(row: Stage) -> CoreStage:
    return CoreStage(StageKind(row.kind), row.opens, row.closes, Override(row.override))


def stages(cycle: Cycle) -> dict[StageKind, CoreStage]:
    return {StageKind(row.kind): stage(row) for row in cycle.stages.all()}


def today() -> date:
    return timezone.localdate()


def is_open(cycle: Cycle, kind: StageKind) -> bool:
    found = stages(cycle).get(kind)
    return found is not None and found.is_open(today())


def fields_of(core: Framework) -> dict[str, str]:
    """Each node's field (the id of its top-level ancestor), by node id."""
    found: dict[str, str] = {}
    for field in core.nodes:
        stack = [field]
        while stack:
            node = stack.pop()
            found[node.id] = field.id
            stack.extend(node.children)
    return found


def sheet(entries: Iterable[Entry]) -> Sheet:
    """An assessment's points from its entries, with their reviews prefetched."""
    claimed: dict[str, Decimal] = {}
    rounds: tuple[dict[str, Decimal], dict[str, Decimal]] = ({}, {})
    for entry in entries:
        if entry.self_points is not None:
            claimed[entry.node_id] = entry.self_points
        for review in entry.reviews.all():
            rounds[review.round - 1][entry.node_id] = review.points
    return Sheet(claimed, *rounds)


def entries(assessment: Assessment, detailed: bool = True) -> list[Entry]:
    """The assessment's entries with their reviews, which its points need; `detailed` adds
    each one's evidence and explanation, which only rows shown in full need."""
    related = ("reviews", "documents", "explanation__documents") if detailed else ("reviews",)
    return list(assessment.entries.prefetch_related(*related))
