"""A stored plan as core's plan (parindex.core.plan), and the snapshot a version keeps.

What was lost comes from the result's gap analysis each time; what people decided comes
from the plan's rows, or from a version's snapshot, through `core.plan.revise`, so a past
version is written exactly as the live plan is. Drafting proposes, for a criterion, the
solutions the province's coordinators wrote for it, then the ones its approved plans used
(most used first), then the built-in library's.
"""

from collections import Counter
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from parindex.core import tree
from parindex.core.framework import Framework
from parindex.core.gaps import Gaps, analyse
from parindex.core.plan import Header, ItemEdit, ItemStatus, Report, Shape, Target, draft, revise
from parindex.core.plan import Plan as CorePlan
from parindex.core.solutions import SolutionLibrary, Suggestion
from parindex.io import solution_library
from parindex.plans.models import Plan, PlanItem, PlanState, SolutionEntry, lines
from parindex.results.cards import framework_for, scorecard_of
from parindex.results.models import Result

Snapshot = dict[str, Any]

# Stored items carry their own words: the library only fills a draft that is overwritten.
_STORED = SolutionLibrary(fallback=Suggestion("-", "-"))

_HEADER_LINES = ("bases", "purposes", "requirements", "recipients")
_HEADER_TEXT: tuple[str, ...] = ("superior_body", "issuing_body", "number", "place", "title")
_HEADER_TEXT += ("signer_title", "signer")


def analysis(result: Result) -> tuple[Gaps, Framework]:
    framework = framework_for(result)
    return analyse(scorecard_of(result, framework)), framework


def library_for(result: Result, lang: str) -> SolutionLibrary:
    """The built-in library, with what coordinators above the unit wrote and what approved
    plans of the same evaluating unit and framework used first for their criteria."""
    builtin = solution_library.builtin(lang)
    by_node: dict[str, list[Suggestion]] = {}
    entries = SolutionEntry.objects.filter(framework_id=result.framework_id).select_related("owner")
    for entry in entries:
        if tree.is_within(result.unit.path, entry.owner.path):
            suggestion = Suggestion(entry.solution, entry.lead, tuple(lines(entry.coordinating)))
            by_node.setdefault(entry.node_id, []).append(suggestion)
    used = PlanItem.objects.filter(
        plan__state=PlanState.APPROVED,
        plan__result__framework_id=result.framework_id,
        plan__result__evaluated_by_id=result.evaluated_by_id,
    ).exclude(node_id="")
    uses: Counter[tuple[str, str]] = Counter()
    # Who led and helped, as the first approved plan to use the text said.
    units: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {}
    for item in used.select_related("lead_unit").prefetch_related("coordinating_units"):
        key = (item.node_id, item.solution)
        uses[key] += 1
        units.setdefault(key, (item.lead, item.coordinating))
    for (node_id, solution), _count in uses.most_common():
        known = by_node.setdefault(node_id, [])
        if all(suggestion.solution != solution for suggestion in known):
            known.append(Suggestion(solution, *units[(node_id, solution)]))
    merged = {node: tuple(found) for node, found in by_node.items()}
    return replace(builtin, by_node={**builtin.by_node, **merged})


def header_of(plan: Plan) -> Header:
    return header_from(snapshot_header(plan))


def snapshot_header(plan: Plan) -> dict[str, Any]:
    facts: dict[str, Any] = {name: getattr(plan, name) for name in _HEADER_TEXT}
    facts.update({name: lines(getattr(plan, name)) for name in _HEADER_LINES})
    facts["issued_on"] = plan.issued_on.isoformat() if plan.issued_on else None
    return facts


def header_from(facts: dict[str, Any]) -> Header:
    issued_on = facts.get("issued_on")
    values: dict[str, Any] = {name: facts[name] for name in _HEADER_TEXT}
    values.update({name: tuple(facts[name]) for name in _HEADER_LINES})
    values["issued_on"] = date.fromisoformat(issued_on) if issued_on else None
    return Header(**values)


def snapshot(plan: Plan) -> Snapshot:
    """The plan as people made it, JSON-ready: what a version keeps."""
    items = plan.items.select_related("lead_unit").prefetch_related("coordinating_units")
    return {
        "state": plan.state,
        "shape": plan.shape,
        "header": snapshot_header(plan),
        "items": [
            {
                "code": item.code,
                "priority": item.priority,
                "solution": item.solution,
                "lead": item.lead,
                "coordinating": list(item.coordinating),
                "deadline": item.deadline.isoformat(),
                "expected_points": str(item.expected_points),
                "status": item.status,
            }
            for item in items
        ],
        "targets": [
            {"number": t.number, "aim": t.aim, "lead": t.lead, "code": t.code}
            for t in plan.targets.select_related("lead_unit")
        ],
        "reports": [{"period": r.period, "due": r.due.isoformat()} for r in plan.reports.all()],
    }


def _points(value: Decimal, places: int) -> Decimal:
    """Points as the framework publishes them: the database's four places without the
    trailing zeros, but at least the framework's `places` ("0.7500" → "0.75", "1.0000" →
    "1.00", "0.1250" → "0.125" with 2), so that the plan shows what the gap analysis shows."""
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    if isinstance(exponent, int) and -exponent >= places:
        return normal
    return value.quantize(Decimal(1).scaleb(-places))


def as_core(plan: Plan, kept: Snapshot | None = None) -> CorePlan:
    """The plan, or one of its versions' snapshots, as core's plan over the result's gaps."""
    kept = kept if kept is not None else snapshot(plan)
    gaps, framework = analysis(plan.result)
    drafted = draft(gaps, _STORED, plan.result.year, framework, header_from(kept["header"]))
    # The analysis is read again each time. An item it no longer finds (a reading of the
    # results corrected since) is left out, and points expected back never exceed what is
    # lost now; an item it finds anew follows the stored ones with the draft's order.
    lost = {item.loss.code: item.loss.lost for item in drafted.items}
    ordered = sorted(kept["items"], key=lambda item: item["priority"])
    items = [item for item in ordered if item["code"] in lost]
    order = [item["code"] for item in items]
    order += [item.loss.code for item in drafted.by_priority if item.loss.code not in order]
    return revise(
        drafted,
        items={
            item["code"]: ItemEdit(
                solution=item["solution"],
                lead=item["lead"],
                coordinating=tuple(item["coordinating"]),
                deadline=date.fromisoformat(item["deadline"]),
                expected_points=min(
                    _points(Decimal(item["expected_points"]), framework.decimals),
                    lost[item["code"]],
                ),
                status=ItemStatus(item["status"]),
            )
            for item in items
        },
        order=order,
        targets=[Target(t["number"], t["aim"], t["lead"], t["code"]) for t in kept["targets"]],
        reports=[Report(r["period"], date.fromisoformat(r["due"])) for r in kept["reports"]],
        shape=Shape(kept["shape"]),
    )
