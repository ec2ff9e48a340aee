"""A frozen result checked again: the framework it was scored with, its rules, its numbers."""

from decimal import Decimal

from parindex.core.framework import Framework
from parindex.core.messages import Message
from parindex.core.rules import Value, round_points
from parindex.core.scorecard import recompute
from parindex.io import framework_file
from parindex.io.problems import FileRefused
from parindex.results.inputs import as_value
from parindex.results.models import Result


def _frozen_framework(result: Result) -> Framework | Message:
    content = result.frozen_content
    assert content is not None
    try:
        framework = framework_file.load(content.text, f"{content.hash[:12]}.yaml")
    except FileRefused:
        return Message("recompute_content_unreadable", {"hash": content.hash})
    if framework.content_hash() != content.hash:
        computed = framework.content_hash()
        return Message("recompute_hash_differs", {"hash": content.hash, "computed": computed})
    return framework


def check_result(result: Result) -> list[Message]:
    """What differs between a frozen result as published and its rules evaluated again."""
    framework = _frozen_framework(result)
    if isinstance(framework, Message):
        return [framework]

    def shown(value: Decimal | None) -> Decimal | None:
        """The database keeps four places; the framework's own are what was published."""
        return None if value is None else round_points(value, framework.decimals)

    inputs: dict[str, dict[str, Value]] = {}
    published: dict[str, Decimal] = {}
    claimed: dict[str, Decimal] = {}
    not_applicable: set[str] = set()
    for node in result.nodes.prefetch_related("appraisals", "inputs"):
        if node.not_applicable:
            not_applicable.add(node.node_id)
        rounds = list(node.appraisals.all())
        if rounds:
            published[node.node_id] = round_points(rounds[-1].points, framework.decimals)
        elif node.self_points is not None:
            published[node.node_id] = round_points(node.self_points, framework.decimals)
        if node.self_points is not None:
            claimed[node.node_id] = round_points(node.self_points, framework.decimals)
        recorded = {item.name: as_value(item.kind, item.value) for item in node.inputs.all()}
        if recorded:
            inputs[node.node_id] = recorded
    return recompute(
        framework,
        inputs,
        published,
        frozenset(not_applicable),
        shown(result.published_total),
        shown(result.published_index),
        claimed,
    ).differences
