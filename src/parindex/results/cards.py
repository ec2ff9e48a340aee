"""A stored result as core's scorecard, so the gap analysis reads imported and assessed
results alike.

A result lists some nodes: an annex's fields only, a scorecard's mixed levels, or an
assessment's leaves. Each listed node gives its appraised points (the last round), self
score and deductions. A node not listed takes its points from the leaves below it when every
leaf is scored (core.results.totals), and otherwise appears only as the parent of listed
nodes, with unknown points, as the workbook reader makes it.
"""

from collections.abc import Mapping
from decimal import Decimal

from parindex.core.framework import Framework, Node
from parindex.core.gaps import Scorecard, Scored
from parindex.core.messages import Refused
from parindex.core.results import NodeTotal, totals
from parindex.core.rules import round_points
from parindex.frameworks.actions import framework_of, framework_of_content
from parindex.results.models import NodeResult, Result


def framework_for(result: Result) -> Framework:
    """The framework the result was scored with: its frozen content, else the current one."""
    if result.frozen_content_id is not None:
        return framework_of_content(result.frozen_content_id)
    return framework_of(result.framework)


def _known(points: Mapping[str, Decimal | None]) -> dict[str, Decimal]:
    return {key: value for key, value in points.items() if value is not None}


def _from_leaves(
    framework: Framework, points: Mapping[str, Decimal | None], not_applicable: frozenset[str]
) -> Mapping[str, NodeTotal]:
    """Every node's points and applicable maximum added up from the leaves', when the
    leaves are all there."""
    leaves = {key: value for key, value in _known(points).items() if key in framework.leaf_ids}
    if not leaves:
        return {}
    try:
        return totals(framework, leaves, not_applicable).nodes
    except Refused:
        return {}


def _last_round(row: NodeResult) -> Decimal | None:
    rounds = list(row.appraisals.all())
    return rounds[-1].points if rounds else None


def scorecard_of(result: Result, framework: Framework | None = None) -> Scorecard:
    framework = framework or framework_for(result)
    rows = {row.node_id: row for row in result.nodes.prefetch_related("appraisals", "deductions")}
    places = framework.decimals

    def shown(value: Decimal | None) -> Decimal | None:
        """The database keeps four places; the framework's own are what was published."""
        return None if value is None else round_points(value, places)

    not_applicable = frozenset(key for key, row in rows.items() if row.not_applicable)
    listed = _known({key: shown(_last_round(row)) for key, row in rows.items()})
    listed_self = _known({key: shown(row.self_points) for key, row in rows.items()})
    added = _from_leaves(framework, listed, not_applicable)
    added_self = _from_leaves(framework, listed_self, not_applicable)
    # Listed points win over the sums of the leaves.
    appraised = {key: total.achieved for key, total in added.items()} | listed
    claimed = {key: total.achieved for key, total in added_self.items()} | listed_self
    # A criterion marked not applicable leaves its parent a smaller maximum, not a loss.
    maxima = {key: total.applicable_max for key, total in added.items()}

    def build(node: Node) -> list[Scored]:
        """The node as listed, or, when it is not, whatever is listed below it."""
        if node.id in not_applicable:
            return []
        children = tuple(scored for child in node.children for scored in build(child))
        row = rows.get(node.id)
        if row is None and node.id not in appraised and not children:
            return []
        deductions = list(row.deductions.all()) if row is not None else []
        return [
            Scored(
                code=node.code,
                title=node.title,
                max_points=maxima.get(node.id, node.known_max()),
                achieved=appraised.get(node.id),
                self_points=claimed.get(node.id),
                reasons=tuple(item.reason for item in deductions if item.reason),
                deducted_by=tuple(item.level for item in deductions if item.level),
                children=children,
            )
        ]

    fields = tuple(scored for node in framework.nodes for scored in build(node))
    field_maxima = [field.max_points for field in fields]
    whole = len(fields) == len(framework.nodes) and None not in field_maxima
    return Scorecard(
        unit=result.unit.name,
        unit_code=result.unit.code,
        year=result.year,
        fields=fields,
        group=result.group or None,
        published_rank=result.published_rank,
        total_max=sum((m for m in field_maxima if m is not None), Decimal(0)) if whole else None,
        total_achieved=shown(result.published_total),
        total_self=shown(result.self_total),
        index_percent=shown(result.published_index),
    )


def as_published(result: Result, value: Decimal | None) -> Decimal | None:
    """A stored total or index with the places the framework publishes (93.9200 → 93.92)."""
    return None if value is None else round_points(value, framework_for(result).decimals)
