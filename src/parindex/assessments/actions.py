"""Named writes of the assessment cycle: open a cycle and name its appraisers and council,
move its stages, enter and submit a self-assessment with evidence, appraise, explain,
appraise again, approve in council, publish, and correct a published score.

Each checks who may act and that the stage for it is open, writes in one transaction and
records the audit event. Everything that happens to a criterion of an assessment is
recorded against its entry, so the entry's events are the criterion's whole history.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from parindex.access import scope
from parindex.assessments import build, evidence
from parindex.assessments.models import (
    Assessment,
    AssessmentState,
    Cycle,
    Document,
    Entry,
    Explanation,
    Review,
    Stage,
)
from parindex.audit.models import label_actions, label_changes
from parindex.audit.writes import (
    ActionRefused,
    Actor,
    Changes,
    StaleVersion,
    acting_person,
    created,
    record,
    require,
    update_versioned,
)
from parindex.core import assessment as core
from parindex.core import tree
from parindex.core.framework import Framework, Node
from parindex.core.messages import Refused
from parindex.core.results import totals
from parindex.frameworks.actions import content_for, framework_of
from parindex.frameworks.models import StoredFramework
from parindex.io import render
from parindex.org import policy
from parindex.org.models import RankingGroup, Role, RoleAssignment, Unit, User
from parindex.results import actions as result_actions
from parindex.results.inputs import as_text, typed
from parindex.results.models import Appraisal, Deduction, InputProvenance, NodeResult, Source

label_actions(
    {
        "open_cycle": _("opened an assessment cycle"),
        "edit_stage": _("changed a stage of the cycle"),
        "name_to_cycle": _("named a person to the cycle"),
        "save_entry": _("saved a self-assessment entry"),
        "link_evidence": _("changed the evidence of an entry"),
        "register_document": _("registered an evidence document"),
        "submit_assessment": _("submitted the self-assessment"),
        "return_assessment": _("returned the self-assessment to the unit"),
        "appraise_entry": _("appraised an entry"),
        "explain_entry": _("explained a deduction"),
        "approve_in_council": _("approved the results in council"),
        "publish_cycle": _("published the results"),
        "correct_published": _("corrected a published score"),
    }
)
label_changes(
    {
        "round_1": _("appraised points (round 1)"),
        "round_2": _("appraised points (round 2)"),
        "documents": _("evidence"),
        "explanation": _("explanation"),
        "published_points": _("published points"),
    }
)

ROUND_STAGES = {1: core.StageKind.APPRAISAL, 2: core.StageKind.SECOND_APPRAISAL}


# Who may do what ----------------------------------------------------------------------


def _holds(user: User, roles: Sequence[Role], unit: Unit) -> list[RoleAssignment]:
    return [
        a
        for a in policy.assignments(user)
        if a.role in roles and a.unit is not None and tree.is_within(unit.path, a.unit.path)
    ]


def is_officer(user: User, unit: Unit) -> bool:
    return policy.is_administrator(user) or bool(_holds(user, [Role.UNIT_OFFICER], unit))


def coordinates(user: User, cycle: Cycle) -> bool:
    return policy.coordinates(user, cycle.evaluating_unit)


def appraised_fields(user: User, cycle: Cycle) -> set[str] | None:
    """The field ids the user appraises in the cycle; None for all of them, empty for none.
    Coordinators of the evaluating unit appraise everything; appraisers as named."""
    if coordinates(user, cycle):
        return None
    fields: set[str] = set()
    for held in _holds(user, [Role.APPRAISER], cycle.evaluating_unit):
        if held.cycle_id not in (None, cycle.pk):
            continue
        if not held.field:
            return None
        fields.add(held.field)
    return fields


def may_appraise(user: User, cycle: Cycle, field: str) -> bool:
    fields = appraised_fields(user, cycle)
    return fields is None or field in fields


def sits_on_council(user: User, cycle: Cycle) -> bool:
    if coordinates(user, cycle):
        return True
    return any(
        held.cycle_id in (None, cycle.pk)
        for held in _holds(user, [Role.COUNCIL_MEMBER], cycle.evaluating_unit)
    )


def _stage_open(cycle: Cycle, kind: core.StageKind) -> None:
    if not build.is_open(cycle, kind):
        raise ActionRefused(
            _("The stage “%(stage)s” of this cycle is not open.")
            % {"stage": render.stage(kind, render.chosen(get_language()))}
        )


def _refused(refused: Refused) -> ActionRefused:
    text = render.message(refused.message, render.chosen(get_language()))
    return ActionRefused(text, field=refused.where)


def _recorded(person: User, action: str, entry: Entry, changes: Changes, reason: str = "") -> None:
    record(person, action, entry, changes, unit=entry.assessment.unit, reason=reason)


# A cycle ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageDates:
    kind: core.StageKind
    opens: date
    closes: date


@transaction.atomic
def open_cycle(
    actor: Actor,
    *,
    evaluating_unit: Unit,
    year: int,
    framework: StoredFramework,
    title: str,
    stages: Sequence[StageDates],
    groups: Sequence[RankingGroup],
    units: Sequence[Unit] = (),
    reason: str = "",
) -> Cycle:
    """A cycle scoring the units of `groups` (and any `units` besides), each with an empty
    self-assessment of every criterion the unit enters."""
    person = acting_person(actor)
    require(policy.coordinates(person, evaluating_unit))
    require(scope(person, StoredFramework, "view").filter(pk=framework.pk).exists())
    framework_core = framework_of(framework)
    if not framework_core.is_complete():
        raise ActionRefused(
            _("The framework is not complete: every maximum and rule must be known to score."),
            field="framework",
        )
    problems = core.check_stages([core.Stage(s.kind, s.opens, s.closes) for s in stages])
    if problems:
        text = render.message(problems[0], render.chosen(get_language()))
        raise ActionRefused(text, field="stages")
    for group in groups:
        if group.evaluating_unit_id != evaluating_unit.pk or group.year != year:
            raise ActionRefused(
                _("The ranking group %(group)s is not one of %(unit)s for %(year)s.")
                % {"group": group, "unit": evaluating_unit, "year": year},
                field="groups",
            )
    scored = {unit.pk: unit for group in groups for unit in group.units.all()}
    scored.update({unit.pk: unit for unit in units})
    if not scored:
        raise ActionRefused(_("Choose the units the cycle scores."), field="groups")
    for unit in scored.values():
        if not tree.is_within(unit.path, evaluating_unit.path) or unit.pk == evaluating_unit.pk:
            raise ActionRefused(
                _("%(unit)s is not below %(evaluator)s, so it cannot be scored by it.")
                % {"unit": unit, "evaluator": evaluating_unit},
                field="groups",
            )
    # A unit is scored once a year on a framework: its result is one row.
    taken = Assessment.objects.filter(
        unit__in=scored, cycle__year=year, cycle__framework=framework
    ).select_related("unit", "cycle")
    for assessment in taken[:1]:
        raise ActionRefused(
            _("%(unit)s is already scored for %(year)s on this framework, in “%(cycle)s”.")
            % {"unit": assessment.unit, "year": year, "cycle": assessment.cycle},
            field="year",
        )
    cycle = Cycle.objects.create(
        evaluating_unit=evaluating_unit,
        year=year,
        framework=framework,
        content=content_for(framework_core),
        title=title.strip(),
    )
    cycle.groups.set(groups)
    Stage.objects.bulk_create(
        Stage(cycle=cycle, kind=s.kind, opens=s.opens, closes=s.closes) for s in stages
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(cycle=cycle, unit=unit) for unit in sorted(scored.values(), key=_path)
    )
    leaves = core.entered_leaves(framework_core)
    Entry.objects.bulk_create(
        Entry(assessment=assessment, node_id=leaf.id, code=leaf.code)
        for assessment in assessments
        for leaf in leaves
    )
    changes = created(cycle, ["evaluating_unit", "year", "framework", "title"])
    changes["units"] = {"old": None, "new": sorted(str(unit) for unit in scored.values())}
    record(person, "open_cycle", cycle, changes, unit=evaluating_unit, reason=reason)
    return cycle


def _path(unit: Unit) -> str:
    return unit.path


@transaction.atomic
def edit_stage(
    actor: Actor,
    stage: Stage,
    *,
    version: int,
    opens: date,
    closes: date,
    override: core.Override = core.Override.NONE,
    reason: str = "",
) -> Stage:
    """New dates for a stage, or open or close it by hand whatever its dates say."""
    person = acting_person(actor)
    cycle = stage.cycle
    require(coordinates(person, cycle))
    if cycle.published_at is not None:
        raise ActionRefused(_("The results are published: the cycle's stages are final."))
    dates = [
        core.Stage(core.StageKind(other.kind), other.opens, other.closes)
        if other.pk != stage.pk
        else core.Stage(core.StageKind(other.kind), opens, closes)
        for other in cycle.stages.all()
    ]
    problems = core.check_stages(dates)
    if problems:
        raise ActionRefused(render.message(problems[0], render.chosen(get_language())))
    new = {"opens": opens, "closes": closes, "override": str(override)}
    changes = update_versioned(stage, version, new)
    record(person, "edit_stage", stage, changes, unit=cycle.evaluating_unit, reason=reason)
    return stage


@transaction.atomic
def name_to_cycle(
    actor: Actor, cycle: Cycle, *, user: User, role: Role, field: str = "", reason: str = ""
) -> RoleAssignment:
    """Name a person appraiser (of one field, or of all when `field` is blank) or council
    member of the cycle."""
    person = acting_person(actor)
    require(coordinates(person, cycle))
    require(scope(person, User, "view").filter(pk=user.pk).exists())
    if role not in (Role.APPRAISER, Role.COUNCIL_MEMBER):
        raise ActionRefused(_("A cycle names appraisers and council members."), field="role")
    fields = {node.id: node for node in build.framework(cycle).nodes}
    if role == Role.COUNCIL_MEMBER:
        field = ""
    elif field and field not in fields:
        raise ActionRefused(_("The framework has no field %(field)s.") % {"field": field}, "field")
    if RoleAssignment.objects.filter(user=user, role=role, cycle=cycle, field=field).exists():
        raise ActionRefused(_("%(user)s is already named so.") % {"user": user}, field="user")
    assignment = RoleAssignment.objects.create(
        user=user, role=role, unit=cycle.evaluating_unit, cycle=cycle, field=field
    )
    changes = created(assignment, ["user", "role", "unit", "cycle"])
    if field:
        changes["field"] = {"old": None, "new": f"{fields[field].code}. {fields[field].title}"}
    record(person, "name_to_cycle", assignment, changes, unit=cycle.evaluating_unit, reason=reason)
    policy.forget_assignments(user)
    return assignment


# The self-assessment -------------------------------------------------------------------------


def _leaf(entry: Entry) -> tuple[Framework, Node]:
    framework_core = build.framework(entry.assessment.cycle)
    node = framework_core.by_id(entry.node_id)
    assert node is not None  # entries are made from the cycle's framework
    return framework_core, node


def _current(assessment_id: int) -> Assessment:
    """The assessment as saved now, locked until the write ends: its state decides what
    may change, and a submission must not pass a save in progress."""
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("cycle", "unit")
        .get(pk=assessment_id)
    )


def _self_editable(person: User, assessment: Assessment) -> None:
    require(is_officer(person, assessment.unit))
    if assessment.state != AssessmentState.DRAFT:
        raise ActionRefused(_("The self-assessment is submitted and locked: it no longer changes."))
    _stage_open(assessment.cycle, core.StageKind.SELF_ASSESSMENT)


def evaluate(entry: Entry, inputs: Mapping[str, str]) -> tuple[dict[str, str], Decimal | None]:
    """The inputs as kept (canonical text) and the points they earn; all blank: none yet.
    ActionRefused names the input at fault, in words."""
    framework_core, node = _leaf(entry)
    specs = core.rule_of(node).inputs()
    values = {spec.name: typed(spec.kind, inputs.get(spec.name, "")) for spec in specs}
    if all(value is None for value in values.values()):
        return {}, None
    try:
        evaluation = core.score(node, values, framework_core.decimals)
    except Refused as refused:
        raise _refused(refused) from refused
    kept = {spec.name: as_text(values[spec.name]) for spec in specs}
    return kept, evaluation.points


@transaction.atomic
def save_entry(
    actor: Actor,
    entry: Entry,
    *,
    version: int,
    inputs: Mapping[str, str],
    note: str = "",
    reason: str = "",
) -> Entry:
    """Save a criterion of the self-assessment: its inputs, the points they earn, a note.
    A stale `version` is refused, so a colleague's save is never overwritten."""
    person = acting_person(actor)
    entry.assessment = _current(entry.assessment_id)
    _self_editable(person, entry.assessment)
    kept, points = evaluate(entry, inputs)
    new = {
        "inputs": kept,
        "self_points": points,
        "note": note.strip(),
        "updated_by": person,
        "updated_at": timezone.now(),
    }
    changes = update_versioned(entry, version, new)
    changes.pop("updated_at", None)
    changes.pop("updated_by", None)
    if changes:
        _recorded(person, "save_entry", entry, changes, reason)
    return entry


def documents_of(person: User, unit: Unit, chosen: Sequence[Document]) -> list[Document]:
    """The chosen documents, each from the unit's own register."""
    for document in chosen:
        if document.owner_id != unit.pk:
            raise ActionRefused(
                _("“%(document)s” is not in this unit's evidence register.")
                % {"document": document},
                field="documents",
            )
    return list(chosen)


@transaction.atomic
def link_evidence(
    actor: Actor, entry: Entry, *, version: int, documents: Sequence[Document], reason: str = ""
) -> Entry:
    """The documents of the unit's register that support the criterion."""
    person = acting_person(actor)
    assessment = entry.assessment = _current(entry.assessment_id)
    _self_editable(person, assessment)
    chosen = documents_of(person, assessment.unit, documents)
    old = sorted(str(d) for d in entry.documents.all())
    update_versioned(entry, version, {}, always=True)
    entry.documents.set(chosen)
    new = sorted(str(d) for d in chosen)
    if old != new:
        _recorded(person, "link_evidence", entry, {"documents": {"old": old, "new": new}}, reason)
    return entry


@transaction.atomic
def register_document(
    actor: Actor,
    unit: Unit,
    *,
    number: str,
    issued_on: date,
    issuer: str,
    title: str,
    filename: str,
    data: bytes,
) -> Document:
    """Enter an official document in the unit's evidence register."""
    person = acting_person(actor)
    require(is_officer(person, unit))
    checked = evidence.check(filename, data)
    for name, value in (("number", number), ("issuer", issuer), ("title", title)):
        if not value.strip():
            raise ActionRefused(_("This field is required."), field=name)
    same = Document.objects.filter(owner=unit, sha256=checked.sha256).first()
    if same is not None:
        raise ActionRefused(
            _("This file is already in the register as “%(document)s”.") % {"document": same},
            field="file",
        )
    document = Document(
        owner=unit,
        number=number.strip(),
        issued_on=issued_on,
        issuer=issuer.strip(),
        title=title.strip(),
        filename=checked.name,
        sha256=checked.sha256,
        size=checked.size,
        content_type=checked.content_type,
        uploaded_by=person,
    )
    # Stored under its content hash: the same bytes registered by two units are one file.
    stored_as = f"evidence/{checked.sha256[:2]}/{checked.sha256}{checked.extension}"
    if document.file.storage.exists(stored_as):
        document.file.name = stored_as
    else:
        document.file.save(stored_as, ContentFile(data), save=False)
    document.save()
    fields = ["number", "issued_on", "issuer", "title", "filename", "sha256", "size"]
    record(person, "register_document", document, created(document, fields), unit=unit)
    return document


@transaction.atomic
def submit_assessment(actor: Actor, assessment: Assessment, *, version: int) -> Assessment:
    """Hand the self-assessment to the appraisers: every criterion scored; then locked."""
    person = acting_person(actor)
    assessment = _current(assessment.pk)
    _self_editable(person, assessment)
    missing = list(
        assessment.entries.filter(self_points__isnull=True).values_list("code", flat=True)
    )
    if missing:
        raise ActionRefused(
            _("Score every criterion before submitting; not scored yet: %(codes)s.")
            % {"codes": ", ".join(missing)}
        )
    new = {
        "state": AssessmentState.SUBMITTED,
        "submitted_at": timezone.now(),
        "submitted_by": person,
    }
    changes = update_versioned(assessment, version, new)
    record(person, "submit_assessment", assessment, _state(changes), unit=assessment.unit)
    return assessment


def _state(changes: Changes) -> Changes:
    return {name: change for name, change in changes.items() if name == "state"}


@transaction.atomic
def return_assessment(
    actor: Actor, assessment: Assessment, *, version: int, reason: str
) -> Assessment:
    """A coordinator gives a submitted self-assessment back to its unit, saying why."""
    person = acting_person(actor)
    assessment = _current(assessment.pk)
    require(coordinates(person, assessment.cycle))
    if assessment.state != AssessmentState.SUBMITTED:
        raise ActionRefused(_("Only a submitted self-assessment can be returned."))
    if not reason.strip():
        raise ActionRefused(_("Say why the self-assessment is returned."), field="reason")
    new = {"state": AssessmentState.DRAFT, "submitted_at": None, "submitted_by": None}
    changes = update_versioned(assessment, version, new)
    record(
        person,
        "return_assessment",
        assessment,
        _state(changes),
        unit=assessment.unit,
        reason=reason,
    )
    return assessment


# Appraisal, explanation, second appraisal ------------------------------------------------


def _before(entry: Entry, round_: int) -> Decimal:
    """The points the round starts from: the claim, or round 1's."""
    assert entry.self_points is not None  # a submitted assessment scored every criterion
    if round_ == 2:
        first = entry.reviews.filter(round=1).first()
        if first is not None:
            return first.points
    return entry.self_points


@transaction.atomic
def appraise_entry(
    actor: Actor,
    entry: Entry,
    *,
    round_: int,
    version: int | None,
    points: Decimal,
    reason: str = "",
    level: str = "",
) -> Review:
    """The appraisers' points for a criterion in round 1 or 2. Points below the claim need a
    reason; round 2 follows the unit's explanation: the claim restored (accepted) or not.
    `version` is the review's when it exists, None when this is the round's first."""
    person = acting_person(actor)
    assessment = entry.assessment = _current(entry.assessment_id)
    cycle = assessment.cycle
    framework_core, node = _leaf(entry)
    require(may_appraise(person, cycle, build.fields_of(framework_core)[node.id]))
    if round_ not in ROUND_STAGES:
        raise ActionRefused(_("There are two appraisal rounds: 1 and 2."), field="round")
    if assessment.state != AssessmentState.SUBMITTED:
        raise ActionRefused(_("Only a submitted, unpublished self-assessment is appraised."))
    _stage_open(cycle, ROUND_STAGES[round_])
    assert node.max_points is not None
    assert entry.self_points is not None
    if round_ == 2 and not Explanation.objects.filter(entry=entry).exists():
        raise ActionRefused(_("The second round answers the unit's explanation: there is none."))
    if points < 0 or points > node.max_points:
        raise ActionRefused(
            _("%(points)s is outside 0–%(max)s points.")
            % {"points": render.number(points, "vi"), "max": render.number(node.max_points, "vi")},
            field="points",
        )
    if points < entry.self_points and not reason.strip():
        raise ActionRefused(_("Write the reason for the deduction."), field="reason")
    before = _before(entry, round_)
    new = {"points": points, "reason": reason.strip(), "level": level.strip(), "by": person}
    # The assessment is locked (_current): two first reviews of a round cannot both pass.
    review = entry.reviews.filter(round=round_).first()
    if review is None:
        review = Review.objects.create(entry=entry, round=round_, **new)
        changes: Changes = {f"round_{round_}": {"old": str(before), "new": str(points)}}
        if review.reason:
            changes["reason"] = {"old": None, "new": review.reason}
    else:
        if version is None:  # written as the round's first, but someone else was first
            raise StaleVersion(review, 0, review.version)
        changes = update_versioned(review, version, new)
        if "points" in changes:
            changes[f"round_{round_}"] = changes.pop("points")
        changes.pop("by", None)
    if changes:
        _recorded(person, "appraise_entry", entry, changes)
    return review


@transaction.atomic
def explain_entry(
    actor: Actor,
    entry: Entry,
    *,
    version: int | None,
    text: str,
    documents: Sequence[Document] = (),
) -> Explanation:
    """The unit's answer to a deduction of round 1, with documents from its register."""
    person = acting_person(actor)
    assessment = entry.assessment = _current(entry.assessment_id)
    require(is_officer(person, assessment.unit))
    if assessment.state == AssessmentState.DRAFT:
        raise ActionRefused(_("The self-assessment is not submitted: there is nothing to explain."))
    if assessment.state != AssessmentState.SUBMITTED:
        raise ActionRefused(_("The results are published: explanations are closed."))
    _stage_open(assessment.cycle, core.StageKind.EXPLANATION)
    first = entry.reviews.filter(round=1).first()
    if first is None or entry.self_points is None or first.points >= entry.self_points:
        raise ActionRefused(
            _("Nothing was deducted from this criterion: there is nothing to explain.")
        )
    if not text.strip():
        raise ActionRefused(_("Write the explanation."), field="text")
    chosen = documents_of(person, assessment.unit, documents)
    existing = Explanation.objects.filter(entry=entry).first()
    if existing is None:
        existing = Explanation.objects.create(entry=entry, text=text.strip(), by=person)
        changes: Changes = {"explanation": {"old": None, "new": existing.text}}
    else:
        if version is None:  # a colleague explained it first
            raise StaleVersion(existing, 0, existing.version)
        changes = update_versioned(existing, version, {"text": text.strip(), "by": person}, True)
        changes.pop("by", None)
        if "text" in changes:
            changes["explanation"] = changes.pop("text")
    old = sorted(str(d) for d in existing.documents.all())
    existing.documents.set(chosen)
    new_documents = sorted(str(d) for d in chosen)
    if old != new_documents:
        changes["documents"] = {"old": old, "new": new_documents}
    if changes:
        _recorded(person, "explain_entry", entry, changes)
    return existing


# Council, publication, correction ----------------------------------------------------------


def _all_submitted(cycle: Cycle) -> None:
    waiting = [
        str(a.unit)
        for a in cycle.assessments.select_related("unit").exclude(state=AssessmentState.SUBMITTED)
    ]
    if waiting:
        raise ActionRefused(
            _("These units have not submitted their self-assessment: %(units)s.")
            % {"units": ", ".join(waiting)}
        )


@transaction.atomic
def approve_in_council(actor: Actor, cycle: Cycle, *, version: int, reason: str = "") -> Cycle:
    person = acting_person(actor)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    require(sits_on_council(person, cycle))
    if cycle.published_at is not None:
        raise ActionRefused(_("The results are published already."))
    _stage_open(cycle, core.StageKind.COUNCIL)
    _all_submitted(cycle)
    changes = update_versioned(
        cycle, version, {"council_approved_at": timezone.now(), "council_approved_by": person}
    )
    record(person, "approve_in_council", cycle, changes, unit=cycle.evaluating_unit, reason=reason)
    return cycle


def _node_entry(entry: Entry, node: Node, card: core.Scorecard) -> result_actions.NodeEntry:
    """A criterion as the result keeps it: the claim, each round's points, the deductions,
    and the inputs when the published points are still the ones they earn."""
    reviews = {review.round: review for review in entry.reviews.all()}
    rounds = tuple(reviews[n].points for n in sorted(reviews))
    deductions = tuple(
        result_actions.DeductionEntry(
            points=(entry.self_points or Decimal(0)) - review.points,
            reason=review.reason,
            level=review.level,
            by_name=str(review.by or ""),
            round=review.round,
        )
        for review in reviews.values()
        if entry.self_points is not None and review.points < entry.self_points
    )
    kinds = {spec.name: spec.kind for spec in core.rule_of(node).inputs()}
    unchanged = card.appraised_points[node.id] == entry.self_points
    inputs = tuple(
        result_actions.InputEntry(name, kinds.get(name, "text"), value, InputProvenance.PERSON)
        for name, value in entry.inputs.items()
        if unchanged
    )
    return result_actions.NodeEntry(
        node.id,
        self_points=entry.self_points,
        appraisals=rounds or (card.appraised_points[node.id],),
        deductions=deductions,
        inputs=inputs,
    )


def _honesty_entry(node: Node, card: core.Scorecard) -> result_actions.NodeEntry:
    evaluation = card.honesty.get(node.id)
    inputs = (
        ()
        if evaluation is None
        else tuple(
            result_actions.InputEntry(name, "points", as_text(value), InputProvenance.PERSON)
            for name, value in evaluation.inputs.items()
        )
    )
    return result_actions.NodeEntry(
        node.id,
        self_points=card.self_points[node.id],
        appraisals=(card.appraised_points[node.id],),
        inputs=inputs,
    )


@transaction.atomic
def publish_cycle(actor: Actor, cycle: Cycle, *, version: int, reason: str = "") -> Cycle:
    """Compute every unit's result with core and record it (source assessed), frozen with
    the framework's content the cycle opened with; the cycle and its assessments lock."""
    person = acting_person(actor)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    require(coordinates(person, cycle))
    if cycle.published_at is not None:
        raise ActionRefused(_("The results are published already."))
    if cycle.council_approved_at is None:
        raise ActionRefused(_("The council has not approved the results yet."))
    _stage_open(cycle, core.StageKind.PUBLICATION)
    _all_submitted(cycle)
    framework_core = build.framework(cycle)
    assessments = list(cycle.assessments.select_related("unit"))
    rows = {a.unit.code: build.entries(a, detailed=False) for a in assessments}
    groups = {group.name: [unit.code for unit in group.units.all()] for group in cycle.groups.all()}
    try:
        published = core.publish(
            framework_core, {k: build.sheet(v) for k, v in rows.items()}, groups
        )
    except Refused as refused:
        raise _refused(refused) from refused
    leaves = {leaf.id: leaf for leaf in framework_core.leaves()}
    for assessment in assessments:
        outcome = published[assessment.unit.code]
        by_node = {entry.node_id: entry for entry in rows[assessment.unit.code]}
        nodes = [
            _node_entry(by_node[leaf_id], leaf, outcome.card)
            if leaf_id in by_node
            else _honesty_entry(leaf, outcome.card)
            for leaf_id, leaf in leaves.items()
        ]
        result = result_actions.record_result(
            person,
            unit=assessment.unit,
            year=cycle.year,
            framework=cycle.framework,
            source=Source.ASSESSED,
            nodes=nodes,
            self_total=outcome.card.self_totals.achieved,
            published_total=outcome.total,
            published_index=outcome.index,
            evaluated_by=cycle.evaluating_unit,
            group=outcome.group,
            published_rank=outcome.rank,
            freeze=True,
            content=cycle.content,
            reason=reason,
        )
        changes = update_versioned(
            assessment, assessment.version, {"state": AssessmentState.PUBLISHED, "result": result}
        )
        record(person, "publish_cycle", assessment, _state(changes), unit=assessment.unit)
    changes = update_versioned(
        cycle, version, {"published_at": timezone.now(), "published_by": person}
    )
    record(person, "publish_cycle", cycle, changes, unit=cycle.evaluating_unit, reason=reason)
    return cycle


@transaction.atomic
def correct_published(actor: Actor, entry: Entry, *, points: Decimal, reason: str) -> NodeResult:
    """After publication the only change: a coordinator's correction of a criterion's
    published points, with the reason. The result's totals follow; its rank and its honesty
    criterion stay as published, since other units' results and the council's decision
    stand on them."""
    person = acting_person(actor)
    assessment = entry.assessment = _current(entry.assessment_id)
    require(coordinates(person, assessment.cycle))
    if assessment.state != AssessmentState.PUBLISHED or assessment.result is None:
        raise ActionRefused(_("Only a published result is corrected."))
    if not reason.strip():
        raise ActionRefused(_("Say why the published score is corrected."), field="reason")
    framework_core, node = _leaf(entry)
    assert node.max_points is not None
    if points < 0 or points > node.max_points:
        raise ActionRefused(
            _("%(points)s is outside 0–%(max)s points.")
            % {"points": render.number(points, "vi"), "max": render.number(node.max_points, "vi")},
            field="points",
        )
    result = assessment.result
    row = result.nodes.get(node_id=entry.node_id)
    last = row.appraisals.order_by("-round").first()
    old = last.points if last is not None else row.self_points
    number = (last.round if last is not None else 0) + 1
    Appraisal.objects.create(node=row, round=number, points=points)
    if row.self_points is not None and points < row.self_points:
        Deduction.objects.create(
            node=row, round=number, points=row.self_points - points, reason=reason, by=person
        )
    latest: dict[str, Decimal] = {}
    for each in result.nodes.prefetch_related("appraisals"):
        rounds = list(each.appraisals.all())
        latest[each.node_id] = rounds[-1].points if rounds else each.self_points or Decimal(0)
    added = totals(framework_core, latest)
    update_versioned(
        result,
        result.version,
        {"published_total": added.achieved, "published_index": added.index_percent},
    )
    changes = {"published_points": {"old": str(old), "new": str(points)}}
    _recorded(person, "correct_published", entry, changes, reason)
    return row
