"""What an assessment's page shows: the framework as rows, each leaf with its inputs, the
points they earn and why, the evidence, both appraisal rounds and the unit's explanation;
and what the person looking may do on it. Built from rows and core, for the views."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from parindex.assessments import actions, build
from parindex.assessments.models import Assessment, AssessmentState, Document, Entry, Review
from parindex.core import assessment as core
from parindex.core.framework import Framework, Node
from parindex.core.messages import Refused
from parindex.core.results import NodeTotal, deviation_percent
from parindex.core.rules import Manual
from parindex.io import render
from parindex.org.models import User
from parindex.results.inputs import as_value
from parindex.web.messages import language


@dataclass(frozen=True)
class InputBox:
    name: str
    kind: str
    label: str
    value: str  # as the person typed it or as the framework writes it ("0,92")
    choices: list[tuple[str, str]] | None = None  # a select's options

    @property
    def shown(self) -> str:
        """The value as a reader reads it: the option's words for a choice ("có")."""
        return dict(self.choices or []).get(self.value, self.value)


@dataclass
class Row:
    node: Node
    depth: int
    self_total: NodeTotal | None
    appraised_total: NodeTotal | None
    entry: Entry | None = None  # None for parents and honesty leaves
    boxes: list[InputBox] = field(default_factory=list)
    explanation: str = ""
    documents: list[Document] = field(default_factory=list)
    first: Review | None = None
    second: Review | None = None
    may_appraise: bool = False
    error: str = ""  # a refused save, shown in the row with what was typed kept

    @property
    def most(self) -> Decimal | None:
        """The maximum as the framework writes it (12, not 12,0)."""
        return plain(self.self_total.applicable_max if self.self_total else self.node.max_points)

    @property
    def deducted(self) -> bool:
        return bool(
            self.entry
            and self.first
            and self.entry.self_points is not None
            and self.first.points < self.entry.self_points
        )


@dataclass(frozen=True)
class Permissions:
    enter: bool  # the self-assessment: the unit's officer, in draft, stage open
    explain: bool
    appraise_round: int | None  # the round open to this person's fields, if any
    fields: set[str] | None  # the fields they appraise (None: all)
    coordinate: bool


def permissions(user: User, assessment: Assessment) -> Permissions:
    cycle = assessment.cycle
    officer = actions.is_officer(user, assessment.unit)
    submitted = assessment.state == AssessmentState.SUBMITTED
    fields = actions.appraised_fields(user, cycle)
    round_ = next(
        (
            number
            for number, kind in actions.ROUND_STAGES.items()
            if submitted and build.is_open(cycle, kind)
        ),
        None,
    )
    return Permissions(
        enter=officer
        and assessment.state == AssessmentState.DRAFT
        and build.is_open(cycle, core.StageKind.SELF_ASSESSMENT),
        explain=officer and submitted and build.is_open(cycle, core.StageKind.EXPLANATION),
        appraise_round=round_ if fields is None or fields else None,
        fields=fields,
        coordinate=actions.coordinates(user, cycle),
    )


def _shown(kind: str, text: str) -> str:
    """A kept input as a Vietnamese reader types it: 0.92 → 0,92."""
    if kind in {"ratio", "points"} and language() == "vi":
        return text.replace(".", ",")
    return text


def boxes(node: Node, kept: Mapping[str, str], typed: Mapping[str, str] | None) -> list[InputBox]:
    assert node.rule is not None
    assert node.max_points is not None
    rule = core.rule_of(node)
    lang = language()
    found = []
    for spec in rule.inputs():
        label = node.rule.labels.get(spec.name) or render.catalog(lang).gettext(
            render.INPUT_KINDS[spec.kind]
        )
        value = (
            typed[spec.name] if typed is not None else _shown(spec.kind, kept.get(spec.name, ""))
        )
        choices = None
        if spec.kind == "bool":
            choices = [("", "—"), ("true", _("yes")), ("false", _("no"))]
        elif isinstance(rule, Manual):
            steps = rule.steps(node.max_points) or []
            choices = [("", "—")] + [
                (_shown("points", str(step)), render.number(step, lang)) for step in steps
            ]
        found.append(InputBox(spec.name, spec.kind, label, value, choices))
    return found


def explanation(framework: Framework, node: Node, kept: Mapping[str, str]) -> str:
    if not kept:
        return ""
    kinds = {spec.name: spec.kind for spec in core.rule_of(node).inputs()}
    values = {name: as_value(kinds.get(name, "text"), text) for name, text in kept.items()}
    try:
        evaluation = core.score(node, values, framework.decimals)
    except Refused:
        return ""
    assert node.rule is not None
    return render.explain(evaluation.explanation, language(), node.rule.labels)


@dataclass(frozen=True)
class Page:
    framework: Framework
    card: core.Scorecard
    rows: list[Row]
    permissions: Permissions


def page(
    user: User,
    assessment: Assessment,
    only: Entry | None = None,
    typed: Mapping[str, str] | None = None,
    error: str = "",
) -> Page:
    """The page; with `only`, the response to one row: every row keeps its totals (they
    need every leaf) but only that entry is built in full, shown with `typed` inputs and
    `error` after a refused save."""
    framework = build.framework(assessment.cycle)
    entries = {e.node_id: e for e in build.entries(assessment, detailed=only is None)}
    card = core.scorecard(framework, build.sheet(entries.values()))
    allowed = permissions(user, assessment)
    fields = build.fields_of(framework)
    rows: list[Row] = []
    for node, depth in framework.walk():
        row = Row(
            node,
            depth,
            card.self_totals.nodes.get(node.id),
            card.appraised_totals.nodes.get(node.id),
        )
        entry = row.entry = entries.get(node.id)
        if entry is not None and (only is None or entry.pk == only.pk):
            this = only is not None
            reviews = {review.round: review for review in entry.reviews.all()}
            _as_framework_writes(entry, reviews.values(), framework.decimals)
            row.boxes = boxes(node, entry.inputs, typed if this else None)
            row.explanation = explanation(framework, node, entry.inputs)
            row.documents = list(entry.documents.all())
            row.first, row.second = reviews.get(1), reviews.get(2)
            row.may_appraise = allowed.appraise_round is not None and (
                allowed.fields is None or fields[node.id] in allowed.fields
            )
            row.error = error if this else ""
        elif entry is None and node.is_leaf and node.id in card.honesty:
            assert node.rule is not None
            row.explanation = render.explain(
                card.honesty[node.id].explanation, language(), node.rule.labels
            )
        rows.append(row)
    return Page(framework, card, rows, allowed)


def plain(value: Decimal | None) -> Decimal | None:
    """A maximum without the trailing zeros sums leave: 12,0 → 12; 2,50 → 2,5."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _as_framework_writes(entry: Entry, reviews: Iterable[Review], decimals: int) -> None:
    """Points as the framework rounds them (2,76, not the 2,7600 the column keeps), for
    the page only: nothing here is saved."""
    places = Decimal(10) ** -decimals
    if entry.self_points is not None:
        entry.self_points = entry.self_points.quantize(places)
    for review in reviews:
        review.points = review.points.quantize(places)


def deviation(card: core.Scorecard) -> Decimal | None:
    """How far the claim is from the appraisal, in percent of the appraised total."""
    appraised = card.appraised_totals.achieved
    if not appraised:
        return None
    return deviation_percent(card.self_totals.achieved, appraised)


def input_names(entry: Entry) -> list[str]:
    """The names of the inputs the entry's rule reads."""
    node = build.framework(entry.assessment.cycle).by_id(entry.node_id)
    assert node is not None
    return [spec.name for spec in core.rule_of(node).inputs()]
