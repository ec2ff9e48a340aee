"""The cycle's named writes: each stage's work, who may do it, and refusals that change nothing."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from parindex.assessments import actions, build
from parindex.assessments.models import Assessment, AssessmentState, Entry
from parindex.audit.models import AuditEvent
from parindex.audit.writes import ActionRefused, StaleVersion
from parindex.core import assessment as core
from parindex.core.assessment import StageKind
from parindex.org import actions as org_actions
from parindex.org.models import Role, User
from parindex.results.models import Result, Source
from tests.cast import PASSWORD, PDF, World, open_only, stage_dates, state

D = Decimal
FILLED = {
    "1.1": {"met": "có"},
    "1.2": {"ratio": "92%"},
    "2.1": {"count": "3"},
    "2.2": {"score": "2"},
}


def entry(w: World, code: str, unit: str = "a1") -> Entry:
    assessment: Assessment = getattr(w, f"assessment_{unit}")
    return assessment.entries.get(code=code)


def fill(w: World, unit: str = "a1", who: User | None = None) -> None:
    person = who or w.officer_a
    for code, inputs in FILLED.items():
        row = entry(w, code, unit)
        actions.save_entry(person, row, version=row.version, inputs=inputs)


def officer_a2(w: World) -> User:
    return org_actions.create_user(
        w.admin,
        username="officer_a2",
        full_name="officer_a2",
        password=PASSWORD,
        role=Role.UNIT_OFFICER,
        unit=w.commune_a2,
    )


def submit(w: World, unit: str = "a1", who: User | None = None) -> None:
    assessment = getattr(w, f"assessment_{unit}")
    assessment.refresh_from_db()
    actions.submit_assessment(who or w.officer_a, assessment, version=assessment.version)


def test_opening_makes_an_entry_per_entered_leaf(world: World) -> None:
    cycle = world.cycle_a
    assert cycle.assessments.count() == 2
    assert sorted(world.assessment_a1.entries.values_list("code", flat=True)) == [
        "1.1",
        "1.2",
        "2.1",
        "2.2",
    ]
    assert cycle.content_id == world.framework_a.content_id
    assert AuditEvent.objects.filter(action="open_cycle", object_id=str(cycle.pk)).exists()


def test_a_cycle_needs_stages_in_order_and_a_coordinator(world: World) -> None:
    before = state()
    dates = stage_dates(date(2027, 3, 1))
    dates[1] = actions.StageDates(
        StageKind.APPRAISAL, dates[0].opens - timedelta(days=1), dates[1].closes
    )
    with pytest.raises(ActionRefused) as refused:
        actions.open_cycle(
            world.coord_a,
            evaluating_unit=world.province_a,
            year=2027,
            framework=world.framework_a,
            title="2027",
            stages=dates,
            groups=[world.group_a26],
        )
    assert refused.value.field == "stages"
    assert "thẩm định" in str(refused.value.message)
    with pytest.raises(PermissionDenied):
        actions.open_cycle(
            world.officer_a,
            evaluating_unit=world.province_a,
            year=2027,
            framework=world.framework_a,
            title="2027",
            stages=stage_dates(date(2027, 3, 1)),
            groups=[world.group_a26],
        )
    with pytest.raises(ActionRefused) as twice:
        actions.open_cycle(
            world.coord_a,
            evaluating_unit=world.province_a,
            year=2026,
            framework=world.framework_a,
            title="again",
            stages=stage_dates(date(2026, 3, 1)),
            groups=[world.group_a26],
        )
    assert twice.value.field == "year"
    assert state() == before


def test_saving_scores_live_and_keeps_canonical_inputs(world: World) -> None:
    row = entry(world, "1.2")
    actions.save_entry(world.officer_a, row, version=1, inputs={"ratio": "0,92"}, note=" 92% ")
    row.refresh_from_db()
    assert row.self_points == D("2.76")
    assert row.inputs == {"ratio": "0.92"}
    assert row.note == "92%"
    assert row.version == 2
    event = AuditEvent.objects.get(action="save_entry", object_id=str(row.pk))
    assert event.changes["self_points"] == {"old": None, "new": "2.76"}


def test_a_bad_input_is_refused_by_name_and_changes_nothing(world: World) -> None:
    before = state()
    for typed in ("1,5", "0,5.1", "nhiều"):
        with pytest.raises(ActionRefused) as refused:
            actions.save_entry(
                world.officer_a, entry(world, "1.2"), version=1, inputs={"ratio": typed}
            )
        assert refused.value.field == "ratio"
    with pytest.raises(ActionRefused) as off_step:
        actions.save_entry(world.officer_a, entry(world, "2.2"), version=1, inputs={"score": "1,2"})
    assert off_step.value.field == "score"
    assert state() == before


def test_the_second_of_two_saves_from_one_version_is_refused(world: World) -> None:
    colleague = org_actions.create_user(
        world.admin,
        username="officer_a1b",
        full_name="b",
        password=PASSWORD,
        role=Role.UNIT_OFFICER,
        unit=world.commune_a1,
    )
    first, second = entry(world, "2.1"), entry(world, "2.1")
    actions.save_entry(world.officer_a, first, version=1, inputs={"count": "1"})
    with pytest.raises(StaleVersion):
        actions.save_entry(colleague, second, version=1, inputs={"count": "4"})
    second.refresh_from_db()
    assert second.inputs == {"count": "1"}
    assert second.self_points == D("2.75")


def test_others_cannot_enter_a_units_self_assessment(world: World) -> None:
    neighbour = officer_a2(world)
    before = state()
    for who in (world.coord_a, world.appraiser_a, world.coord_b, neighbour):
        with pytest.raises(PermissionDenied):
            actions.save_entry(who, entry(world, "1.1"), version=1, inputs={"met": "có"})
    assert state() == before


def test_evidence_is_the_units_register_and_flags_nothing_here(world: World) -> None:
    row = entry(world, "1.1")
    actions.link_evidence(world.officer_a, row, version=1, documents=[world.document_a1])
    assert list(row.documents.all()) == [world.document_a1]
    other = actions.register_document(
        officer_a2(world),
        world.commune_a2,
        number="3/BC-UBND",
        issued_on=date(2026, 2, 1),
        issuer="UBND Xã Alpha Hai",
        title="Báo cáo",
        filename="bao-cao.pdf",
        data=PDF + b"%a2",
    )
    with pytest.raises(ActionRefused) as foreign:
        actions.link_evidence(world.officer_a, row, version=row.version, documents=[other])
    assert foreign.value.field == "documents"
    history = AuditEvent.objects.filter(object_type="assessments.entry", object_id=str(row.pk))
    assert history.get().changes["documents"]["new"] == [str(world.document_a1)]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("../../x", PDF),
        ("../../x.pdf", PDF),
        ("dir/x.pdf", PDF),
        ("x.exe", b"MZ\x90\x00"),
        ("x.pdf", b"<html>not a pdf</html>"),
        ("x.docx", PDF),
        ("x.pdf", b""),
    ],
)
def test_a_file_that_is_not_plain_evidence_is_refused(world: World, name: str, data: bytes) -> None:
    before = state()
    with pytest.raises(ActionRefused) as refused:
        actions.register_document(
            world.officer_a,
            world.commune_a1,
            number="1/QĐ",
            issued_on=date(2026, 1, 2),
            issuer="UBND",
            title="x",
            filename=name,
            data=data,
        )
    assert refused.value.field == "file"
    assert state() == before


def test_a_file_above_the_limit_is_refused(world: World, settings: object) -> None:
    settings.EVIDENCE_MOST_BYTES = 100  # type: ignore[attr-defined]
    with pytest.raises(ActionRefused) as refused:
        actions.register_document(
            world.officer_a,
            world.commune_a1,
            number="1/QĐ",
            issued_on=date(2026, 1, 2),
            issuer="UBND",
            title="x",
            filename="x.pdf",
            data=PDF,
        )
    assert "MB" in str(refused.value.message)


def test_submission_needs_every_criterion_then_locks(world: World) -> None:
    with pytest.raises(ActionRefused) as early:
        submit(world)
    assert "1.1, 1.2, 2.1, 2.2" in str(early.value.message)
    fill(world)
    submit(world)
    world.assessment_a1.refresh_from_db()
    assert world.assessment_a1.state == AssessmentState.SUBMITTED
    row = entry(world, "1.1")
    with pytest.raises(ActionRefused):
        actions.save_entry(world.officer_a, row, version=row.version, inputs={"met": "không"})
    actions.return_assessment(
        world.coord_a, world.assessment_a1, version=world.assessment_a1.version, reason="Thiếu"
    )
    actions.save_entry(world.officer_a, row, version=row.version, inputs={"met": "không"})


def test_a_closed_stage_refuses_its_work(world: World) -> None:
    open_only(world, StageKind.APPRAISAL)
    with pytest.raises(ActionRefused) as closed:
        actions.save_entry(world.officer_a, entry(world, "1.1"), version=1, inputs={"met": "có"})
    assert "tự đánh giá" in str(closed.value.message)


def _through_appraisal(w: World) -> None:
    fill(w)
    submit(w)
    open_only(w, StageKind.APPRAISAL)
    for code, points, reason in (("1.2", "2", "Tỷ lệ thực tế 67%"), ("2.2", "2", "")):
        actions.appraise_entry(
            w.appraiser_a,
            entry(w, code),
            round_=1,
            version=None,
            points=D(points),
            reason=reason,
            level="Sở Nội vụ",
        )


def test_appraisal_needs_a_reason_to_deduct_and_the_right_field(world: World) -> None:
    fill(world)
    submit(world)
    open_only(world, StageKind.APPRAISAL)
    with pytest.raises(ActionRefused) as unexplained:
        actions.appraise_entry(
            world.appraiser_a, entry(world, "1.2"), round_=1, version=None, points=D(2)
        )
    assert unexplained.value.field == "reason"
    with pytest.raises(ActionRefused) as too_many:
        actions.appraise_entry(
            world.appraiser_a, entry(world, "1.2"), round_=1, version=None, points=D(4)
        )
    assert too_many.value.field == "points"
    field_two = org_actions.create_user(
        world.admin,
        username="field2",
        full_name="field2",
        password=PASSWORD,
        role=Role.LEADER,
        unit=world.commune_a2,
    )
    actions.name_to_cycle(
        world.coord_a, world.cycle_a, user=field_two, role=Role.APPRAISER, field="f2"
    )
    with pytest.raises(PermissionDenied):
        actions.appraise_entry(field_two, entry(world, "1.2"), round_=1, version=None, points=D(3))
    review = actions.appraise_entry(
        field_two, entry(world, "2.1"), round_=1, version=None, points=D("2.25")
    )
    assert review.points == D("2.25")


def test_explanation_and_second_round_keep_both_rounds(world: World) -> None:
    _through_appraisal(world)
    open_only(world, StageKind.EXPLANATION)
    with pytest.raises(ActionRefused):  # nothing was deducted from 2.2's 2 points
        actions.explain_entry(world.officer_a, entry(world, "2.2"), version=None, text="x")
    explanation = actions.explain_entry(
        world.officer_a,
        entry(world, "1.2"),
        version=None,
        text="Tỷ lệ 92% theo báo cáo của Văn phòng",
        documents=[world.document_a1],
    )
    assert list(explanation.documents.all()) == [world.document_a1]
    open_only(world, StageKind.SECOND_APPRAISAL)
    actions.appraise_entry(
        world.appraiser_a, entry(world, "1.2"), round_=2, version=None, points=D("2.76")
    )
    rows = build.entries(world.assessment_a1)
    sheet = build.sheet(rows)
    assert sheet.first["f1-c2"] == D(2)
    assert sheet.second["f1-c2"] == D("2.76")
    card = core.scorecard(build.framework(world.cycle_a), sheet)
    assert card.appraised_points["f1-c2"] == D("2.76")
    history = AuditEvent.objects.filter(
        object_type="assessments.entry", object_id=str(entry(world, "1.2").pk)
    ).order_by("pk")
    assert [e.action for e in history] == [
        "save_entry",
        "appraise_entry",
        "explain_entry",
        "appraise_entry",
    ]
    assert history.last().changes["round_2"] == {"old": "2.0000", "new": "2.76"}  # type: ignore[union-attr]


def _publish(w: World) -> None:
    neighbour = officer_a2(w)
    fill(w, "a2", neighbour)
    submit(w, "a2", neighbour)
    _through_appraisal(w)
    open_only(w, StageKind.COUNCIL)
    w.cycle_a.refresh_from_db()
    actions.approve_in_council(w.council_a, w.cycle_a, version=w.cycle_a.version)
    open_only(w, StageKind.PUBLICATION)
    w.cycle_a.refresh_from_db()
    actions.publish_cycle(w.coord_a, w.cycle_a, version=w.cycle_a.version)


def test_publication_needs_the_council_and_every_unit(world: World) -> None:
    fill(world)
    submit(world)
    open_only(world, StageKind.PUBLICATION)
    before = state()
    with pytest.raises(ActionRefused) as unapproved:
        actions.publish_cycle(world.coord_a, world.cycle_a, version=world.cycle_a.version)
    assert "hội đồng" in str(unapproved.value.message).lower()
    open_only(world, StageKind.COUNCIL)
    world.cycle_a.refresh_from_db()
    with pytest.raises(ActionRefused) as waiting:
        actions.approve_in_council(world.council_a, world.cycle_a, version=world.cycle_a.version)
    assert "Xã Alpha Hai" in str(waiting.value.message)
    with pytest.raises(PermissionDenied):
        actions.approve_in_council(world.officer_a, world.cycle_a, version=world.cycle_a.version)
    assert state()[8] == before[8]  # no result


def test_published_results_are_cores_and_locked(world: World) -> None:
    _publish(world)
    a1 = Result.objects.get(unit=world.commune_a1, year=2026)
    a2 = Result.objects.get(unit=world.commune_a2, year=2026)
    assert a1.source == Source.ASSESSED
    assert a1.frozen_content_id == world.cycle_a.content_id
    framework = build.framework(world.cycle_a)
    expected = core.publish(
        framework,
        {
            "a1": build.sheet(build.entries(world.assessment_a1)),
            "a2": build.sheet(build.entries(world.assessment_a2)),
        },
        {"Khối các xã": ["a1", "a2"]},
    )
    assert a1.published_total == expected["a1"].total == D("8.25")
    assert a2.published_total == expected["a2"].total == D("9.01")
    assert a1.self_total == D("9.01")
    assert (a1.published_rank, a2.published_rank) == (2, 1)
    assert a1.group == "Khối các xã"
    deductions = list(a1.nodes.get(node_id="f1-c2").deductions.values_list("round", "reason"))
    assert deductions == [(1, "Tỷ lệ thực tế 67%")]
    world.assessment_a1.refresh_from_db()
    assert world.assessment_a1.state == AssessmentState.PUBLISHED
    row = entry(world, "1.2")
    with pytest.raises(ActionRefused):
        actions.appraise_entry(world.coord_a, row, round_=1, version=1, points=D(3))
    with pytest.raises(ActionRefused):
        actions.save_entry(world.officer_a, row, version=row.version, inputs={"ratio": "1"})


def test_a_correction_after_publication_is_recorded_with_its_reason(world: World) -> None:
    _publish(world)
    row = entry(world, "2.2")
    with pytest.raises(ActionRefused) as unexplained:
        actions.correct_published(world.coord_a, row, points=D("1.5"), reason=" ")
    assert unexplained.value.field == "reason"
    with pytest.raises(PermissionDenied):
        actions.correct_published(world.officer_a, row, points=D("1.5"), reason="x")
    actions.correct_published(
        world.coord_a, row, points=D("1.5"), reason="Khiếu nại được chấp nhận"
    )
    result = Result.objects.get(unit=world.commune_a1, year=2026)
    assert result.published_total == D("7.75")
    event = AuditEvent.objects.get(action="correct_published")
    assert event.reason == "Khiếu nại được chấp nhận"
    assert event.changes["published_points"] == {"old": "2.0000", "new": "1.5"}


def test_stages_move_by_hand_and_by_date(world: World) -> None:
    stage = world.cycle_a.stages.get(kind=StageKind.SELF_ASSESSMENT)
    later = stage.closes + timedelta(days=1)
    with pytest.raises(ActionRefused):  # self-assessment would open after appraisal does
        actions.edit_stage(
            world.coord_a,
            stage,
            version=stage.version,
            opens=later + timedelta(days=30),
            closes=later + timedelta(days=31),
        )
    with pytest.raises(PermissionDenied):
        actions.edit_stage(
            world.officer_a, stage, version=stage.version, opens=stage.opens, closes=stage.closes
        )
    actions.edit_stage(
        world.coord_a,
        stage,
        version=stage.version,
        opens=stage.opens,
        closes=stage.closes,
        override=core.Override.CLOSED,
    )
    assert not build.is_open(world.cycle_a, StageKind.SELF_ASSESSMENT)
