"""The demo's 2026 assessment cycles, one in each stage, so every page of the cycle has
something to show: the wards scoring themselves (Phường An Phú half done, with a document in
its register), then small groups of communes in appraisal, explanation, second appraisal,
council, and published.

Real provinces run one cycle a year for all their communes; the demo splits them only to
show every stage at once. Dates are set around the day the demo is loaded; the work of the
stages already past is done through the named writes with those stages opened by hand.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from parindex.assessments import actions, build
from parindex.assessments.models import Assessment, Cycle, Entry
from parindex.core import assessment as core
from parindex.core.assessment import Override, StageKind
from parindex.core.rules import Manual
from parindex.frameworks.models import StoredFramework
from parindex.org import actions as org_actions
from parindex.org.models import RankingGroup, Unit, User
from parindex.results.demo import plausible_inputs
from parindex.results.inputs import as_text

YEAR = 2026
WARDS_PARTLY_DONE = 3  # the first wards have entered something
# (ranking group, communes, the stage open now)
COMMUNE_CYCLES = [
    ("Khối xã vùng cao", ["HL.X01", "HL.X02"], StageKind.APPRAISAL),
    ("Khối xã ven biển", ["HL.X03", "HL.X04"], StageKind.EXPLANATION),
    ("Khối xã trung du", ["HL.X06", "HL.X07"], StageKind.SECOND_APPRAISAL),
    ("Khối xã đồng bằng", ["HL.X08", "HL.X09"], StageKind.COUNCIL),
    ("Khối xã miền núi", ["HL.X10", "HL.X11"], StageKind.PUBLICATION),
]
APPRAISERS = "Tổ thẩm định (Sở Nội vụ)"
REASONS = [
    "Chưa có tài liệu kiểm chứng",
    "Tài liệu kiểm chứng không đúng năm đánh giá",
    "Số liệu báo cáo không khớp với hệ thống một cửa",
]
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _dates(today: date, now: StageKind) -> list[actions.StageDates]:
    """Stages of three weeks each, `now` open today."""
    start = today - timedelta(days=21 * core.STAGE_ORDER.index(now) + 5)
    return [
        actions.StageDates(
            kind, start + timedelta(days=21 * i), start + timedelta(days=21 * i + 20)
        )
        for i, kind in enumerate(core.STAGE_ORDER)
    ]


def _by_hand(person: User, cycle: Cycle, kind: StageKind, override: Override) -> None:
    stage = cycle.stages.get(kind=kind)
    actions.edit_stage(
        person,
        stage,
        version=stage.version,
        opens=stage.opens,
        closes=stage.closes,
        override=override,
        reason="demo",
    )


def _fill(person: User, assessment: Assessment, share: float = 1.0) -> None:
    framework = build.framework(assessment.cycle)
    chance = random.Random(f"{assessment.unit.code}/{YEAR}")  # noqa: S311  (the same every time)
    entries = list(assessment.entries.all())
    for entry in entries[: round(len(entries) * share)]:
        node = framework.by_id(entry.node_id)
        assert node is not None
        assert node.max_points is not None
        inputs = plausible_inputs(core.rule_of(node), node.max_points, chance)
        typed = {name: as_text(value) for name, value in inputs.items()}
        actions.save_entry(
            person, entry, version=entry.version, inputs=typed, note="", reason="demo"
        )


def _deduct(person: User, entry: Entry, chance: random.Random) -> bool:
    """Round 1 on one criterion: a deduction, now and then."""
    node = build.framework(entry.assessment.cycle).by_id(entry.node_id)
    assert node is not None
    assert node.max_points is not None
    assert entry.self_points is not None
    if entry.self_points == 0 or chance.random() > 0.2:
        return False
    rule = core.rule_of(node)
    steps = rule.steps(node.max_points) if isinstance(rule, Manual) else None
    lower = [step for step in steps or [] if step < entry.self_points]
    points = lower[-1] if lower else (entry.self_points / 2).quantize(Decimal("0.01"))
    actions.appraise_entry(
        person,
        entry,
        round_=1,
        version=None,
        points=points,
        reason=chance.choice(REASONS),
        level=APPRAISERS,
    )
    return True


def _advance(person: User, cycle: Cycle, now: StageKind) -> None:
    """Do the work of every stage before `now`, as its people would have."""
    order = core.STAGE_ORDER
    chance = random.Random(cycle.title)  # noqa: S311
    deducted: list[Entry] = []
    for kind in order[: order.index(now)]:
        _by_hand(person, cycle, kind, Override.OPEN)
        assessments = list(cycle.assessments.all())
        if kind is StageKind.SELF_ASSESSMENT:
            for assessment in assessments:
                _fill(person, assessment)
                actions.submit_assessment(person, assessment, version=assessment.version)
        elif kind is StageKind.APPRAISAL:
            entries = Entry.objects.filter(assessment__in=assessments).order_by("id")
            deducted = [entry for entry in entries if _deduct(person, entry, chance)]
        elif kind is StageKind.EXPLANATION:
            for entry in deducted[::2]:
                actions.explain_entry(
                    person,
                    entry,
                    version=None,
                    text="Đơn vị đã bổ sung tài liệu kiểm chứng theo đúng năm đánh giá.",
                )
        elif kind is StageKind.SECOND_APPRAISAL:
            for entry in deducted[::4]:
                assert entry.self_points is not None
                actions.appraise_entry(
                    person, entry, round_=2, version=None, points=entry.self_points
                )
        elif kind is StageKind.COUNCIL:
            cycle.refresh_from_db()
            actions.approve_in_council(person, cycle, version=cycle.version, reason="demo")
        _by_hand(person, cycle, kind, Override.NONE)
    if now is StageKind.PUBLICATION:
        cycle.refresh_from_db()
        actions.publish_cycle(person, cycle, version=cycle.version, reason="demo")


def _cycle(
    person: User,
    province: Unit,
    framework: StoredFramework,
    name: str,
    units: list[Unit],
    now: StageKind,
    today: date,
) -> Cycle | None:
    title = f"Đánh giá Chỉ số CCHC năm {YEAR} · {name}"
    if Cycle.objects.filter(title=title).exists():
        return None
    group = RankingGroup.objects.filter(evaluating_unit=province, year=YEAR, name=name).first()
    if group is None:
        group = org_actions.create_ranking_group(
            person, evaluating_unit=province, year=YEAR, name=name, units=units, reason="demo"
        )
    return actions.open_cycle(
        person,
        evaluating_unit=province,
        year=YEAR,
        framework=framework,
        title=title,
        stages=_dates(today, now),
        groups=[group],
        reason="demo",
    )


def load_cycles(
    province: Unit, framework: StoredFramework, admin: User, officer: User, wards: list[Unit]
) -> None:
    today = build.today()
    wards_cycle = _cycle(
        admin, province, framework, "Khối phường", wards, StageKind.SELF_ASSESSMENT, today
    )
    if wards_cycle is not None:
        mine = wards_cycle.assessments.get(unit=officer_unit(officer, wards))
        plan = actions.register_document(
            officer,
            mine.unit,
            number="15/KH-UBND",
            issued_on=date(YEAR, 1, 10),
            issuer=f"UBND {mine.unit}",
            title=f"Kế hoạch cải cách hành chính năm {YEAR}",
            filename="ke-hoach-cchc.pdf",
            data=PDF,
        )
        _fill(officer, mine, 0.4)
        first = mine.entries.order_by("id").first()
        assert first is not None
        actions.link_evidence(officer, first, version=first.version, documents=[plan])
        for assessment in wards_cycle.assessments.exclude(pk=mine.pk)[: WARDS_PARTLY_DONE - 1]:
            _fill(admin, assessment, 0.7)
    for name, codes, now in COMMUNE_CYCLES:
        units = list(Unit.objects.filter(code__in=codes))
        cycle = _cycle(admin, province, framework, name, units, now, today)
        if cycle is not None:
            _advance(admin, cycle, now)


def officer_unit(officer: User, wards: list[Unit]) -> Unit:
    """The ward the demo's unit officer works for."""
    held = {a.unit_id for a in officer.role_assignments.all()}
    return next(ward for ward in wards if ward.pk in held)
