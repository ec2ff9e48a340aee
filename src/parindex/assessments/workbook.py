"""A self-assessment filled offline: the workbook to download, and its upload, all or
nothing. Every row is checked by the criterion's rule first; any refusal refuses the whole
file, naming its row and column, and nothing is saved."""

from collections import defaultdict

from django.db import transaction
from django.utils.translation import get_language

from parindex.assessments import actions, build
from parindex.assessments.models import Assessment, Entry
from parindex.audit.writes import ActionRefused, Actor, ProblemsRefused, acting_person
from parindex.core import assessment as core
from parindex.core.messages import Message, Refused
from parindex.io import assessment_workbook, render
from parindex.io.problems import FileRefused, Place, Problem
from parindex.results.inputs import as_text, typed


def download(assessment: Assessment) -> bytes:
    framework = build.framework(assessment.cycle)
    kept = {
        entry.node_id: assessment_workbook.Kept(entry.inputs, entry.note, entry.version)
        for entry in assessment.entries.all()
    }
    title = f"{assessment.unit} · {assessment.cycle}"
    return assessment_workbook.write(framework, kept, title, render.chosen(get_language()))


@transaction.atomic
def upload(actor: Actor, assessment: Assessment, data: bytes, filename: str) -> int:
    """Save every criterion the workbook changes; the number saved."""
    person = acting_person(actor)
    framework = build.framework(assessment.cycle)
    try:
        lines = assessment_workbook.read(data, filename, framework)
    except FileRefused as refused:
        raise ProblemsRefused(refused.problems, field="file") from refused
    entries = {entry.node_id: entry for entry in assessment.entries.all()}
    by_node: dict[str, list[assessment_workbook.Line]] = defaultdict(list)
    for line in lines:
        by_node[line.node_id].append(line)
    problems: list[Problem] = []
    changed: list[tuple[Entry, dict[str, str], str]] = []
    for node_id, filled in by_node.items():
        entry, node = entries.get(node_id), framework.by_id(node_id)
        assert node is not None
        first = filled[0]
        if entry is None:
            problems.append(
                Problem(
                    Place(filename, first.sheet, first.row, "G"),
                    Message("assessment_workbook_key", {"key": node_id}),
                )
            )
            continue
        if first.version != entry.version:
            params = {"code": node.code, "expected": first.version, "current": entry.version}
            place = Place(filename, first.sheet, first.row, "H")
            problems.append(Problem(place, Message("assessment_workbook_stale", params)))
            continue
        kinds = {spec.name: spec.kind for spec in core.rule_of(node).inputs()}
        values = {line.input: typed(kinds[line.input], line.value) for line in filled}
        if all(value is None for value in values.values()):
            continue
        try:
            core.score(node, values, framework.decimals)
        except Refused as refused:
            at = next((ln for ln in filled if ln.input == refused.where), first)
            problems.append(Problem(assessment_workbook.value_place(filename, at), refused.message))
            continue
        inputs = {name: as_text(value) for name, value in values.items()}
        note = " ".join(line.note for line in filled if line.note)
        if inputs != entry.inputs or note != entry.note:
            changed.append((entry, inputs, note))
    if problems:
        raise ProblemsRefused(problems, field="file")
    try:
        for entry, inputs, note in changed:
            actions.save_entry(
                person, entry, version=entry.version, inputs=inputs, note=note, reason=filename
            )
    except ActionRefused as refused:
        if isinstance(refused, ProblemsRefused):
            raise
        params = {"reason": str(refused.message)}
        problem = Problem(Place(filename), Message("assessment_workbook_locked", params))
        raise ProblemsRefused([problem], field="file") from refused
    return len(changed)
