"""Results: who sees and manages which, recording one (refusals change nothing), checking a
frozen result again (check_result and the `recompute` command, in Vietnamese or English),
and the demo's made-up results, which must survive that check."""

from collections.abc import Sequence
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import translation

from parindex.access import Action, scope
from parindex.audit.models import AuditEvent
from parindex.audit.writes import ActionRefused
from parindex.core.messages import Message
from parindex.core.results import totals
from parindex.frameworks import actions as framework_actions
from parindex.frameworks.models import FrameworkContent, StoredFramework
from parindex.io import render
from parindex.org.models import Unit, User
from parindex.results import actions
from parindex.results.demo import APPRAISERS, score_unit, score_units
from parindex.results.models import (
    Appraisal,
    Deduction,
    InputProvenance,
    NodeResult,
    Result,
    RuleInput,
    Source,
)
from parindex.results.recompute import check_result
from tests.cast import FRAMEWORK_A, World, state
from tests.org.test_scope import MEMBERS


def results_state() -> tuple[object, ...]:
    """state() and every row a result is made of."""
    return (
        *state(),
        list(NodeResult.objects.order_by("pk").values_list()),
        list(Appraisal.objects.order_by("pk").values_list()),
        list(Deduction.objects.order_by("pk").values_list()),
        list(RuleInput.objects.order_by("pk").values_list()),
    )


def national(w: World) -> StoredFramework:
    """FRAMEWORK_A loaded as a national framework, for results outside province A."""
    text = FRAMEWORK_A.replace("alpha-xa-2025", "quoc-gia-xa")
    return framework_actions.load_framework(
        w.admin, data=text.encode(), filename="qg.yaml", owner=None
    )


def record(
    actor: User,
    unit: Unit,
    framework: StoredFramework,
    *,
    nodes: Sequence[actions.NodeEntry] = (actions.NodeEntry("f1-c1", self_points=Decimal(2)),),
    freeze: bool = False,
    reason: str = "",
) -> Result:
    return actions.record_result(
        actor,
        unit=unit,
        year=2025,
        framework=framework,
        source=Source.IMPORTED,
        nodes=nodes,
        freeze=freeze,
        reason=reason,
    )


# --- scope ----------------------------------------------------------------------------------

Seen = tuple[set[str], set[str]]  # by "view", then by "manage"
# "a1": commune A1's result (world.result_a1); "pa": province A's own; "b1": commune B1's.
SEEN: dict[str, Seen] = {
    "admin": ({"a1", "pa", "b1"}, {"a1", "pa", "b1"}),
    # A coordinator manages the results of the units below their own, not their own unit's.
    "coord_a": ({"a1", "pa"}, {"a1"}),
    "coord_b": ({"b1"}, {"b1"}),
    "officer_a": ({"a1"}, set()),  # their commune's
    "task_a": (set(), set()),  # a department is above no commune
} | {name: ({"a1", "pa"}, set()) for name in ["appraiser_a", "council_a", "leader_a"]}


def test_the_scope_table_covers_the_cast() -> None:
    assert set(SEEN) == set(MEMBERS)


@pytest.mark.parametrize("who", MEMBERS)
def test_scope_of_each_cast_member(world: World, who: str) -> None:
    framework = national(world)
    named = {
        "a1": world.result_a1.pk,
        "pa": record(world.admin, world.province_a, framework).pk,
        "b1": record(world.admin, world.commune_b1, framework).pk,
    }
    person = User.objects.get(pk=getattr(world, who).pk)
    pair: tuple[Action, Action] = ("view", "manage")
    for action, names in zip(pair, SEEN[who], strict=True):
        found = list(scope(person, Result, action).values_list("pk", flat=True))
        assert len(found) == len(set(found)), action
        assert set(found) == {named[name] for name in names}, action


# --- record_result --------------------------------------------------------------------------


def test_a_coordinator_records_a_result_below_their_unit(world: World) -> None:
    result = record(
        world.coord_a,
        world.commune_a2,
        world.framework_a,
        nodes=[
            actions.NodeEntry(
                "f1-c2",
                self_points=Decimal(3),
                appraisals=(Decimal("2.7"), Decimal("2.85")),
                deductions=(actions.DeductionEntry(Decimal("0.15"), "thiếu văn bản"),),
                inputs=(actions.InputEntry("ratio", "ratio", "0.95", InputProvenance.PERSON),),
            )
        ],
        reason="nhập tay",
    )
    assert result.frozen_content is None
    node = result.nodes.get()
    assert (node.node_id, node.code, node.self_points) == ("f1-c2", "1.2", Decimal(3))
    assert list(node.appraisals.values_list("round", "points")) == [
        (1, Decimal("2.7")),
        (2, Decimal("2.85")),
    ]
    assert node.deductions.get().reason == "thiếu văn bản"
    assert node.inputs.get().entered_by == world.coord_a
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.actor, event.unit) == (
        "record_result",
        world.coord_a,
        world.commune_a2,
    )
    assert event.reason == "nhập tay"


@pytest.mark.parametrize(
    ("who", "unit"),
    [
        ("officer_a", "commune_a1"),  # their own commune: seen, not managed
        ("leader_a", "commune_a2"),
        ("coord_b", "commune_a2"),  # another province
        ("coord_a", "province_a"),  # their own unit: only those below
    ],
)
def test_only_a_coordinator_above_records(world: World, who: str, unit: str) -> None:
    before = results_state()
    with pytest.raises(PermissionDenied):
        record(getattr(world, who), getattr(world, unit), world.framework_a, freeze=True)
    assert results_state() == before


def test_a_framework_the_coordinator_cannot_see_is_refused(world: World) -> None:
    theirs = framework_actions.load_framework(
        world.coord_b,
        data=FRAMEWORK_A.replace("alpha-xa-2025", "beta-xa-2025").encode(),
        filename="beta.yaml",
        owner=world.province_b,
    )
    before = results_state()
    with pytest.raises(PermissionDenied):
        record(world.coord_a, world.commune_a2, theirs)
    assert results_state() == before


def test_a_node_the_framework_does_not_have_is_refused(world: World) -> None:
    before = results_state()
    nodes = [actions.NodeEntry("f1-c1", Decimal(2)), actions.NodeEntry("f9", Decimal(1))]
    with translation.override("vi"), pytest.raises(ActionRefused) as refused:
        record(world.coord_a, world.commune_a2, world.framework_a, nodes=nodes)
    assert str(refused.value) == "Bộ tiêu chí không có tiêu chí nào có định danh f9."
    assert results_state() == before


def test_a_second_result_for_the_same_unit_year_and_framework_is_refused(world: World) -> None:
    before = results_state()
    with translation.override("vi"), pytest.raises(ActionRefused) as refused:
        record(world.coord_a, world.commune_a1, world.framework_a)
    assert str(refused.value) == "Xã Alpha Một đã có kết quả năm 2025 theo bộ tiêu chí này."
    assert results_state() == before
    # Another year, or another framework, is another result.
    other = national(world)
    assert record(world.coord_a, world.commune_a1, other).unit == world.commune_a1


def test_a_node_given_twice_is_refused(world: World) -> None:
    nodes = [actions.NodeEntry("f1-c1", Decimal(2)), actions.NodeEntry("f1-c1", Decimal(1))]
    before = state()
    with pytest.raises(ActionRefused) as refused:
        record(world.coord_a, world.commune_a2, world.framework_a, nodes=nodes)
    assert str(refused.value.message) == "Tiêu chí có định danh f1-c1 được nêu hai lần."
    assert state() == before


# --- check_result ---------------------------------------------------------------------------


def test_a_faithful_result_checks_clean(world: World) -> None:
    result = world.result_a1
    assert result.frozen_content_id == world.framework_a.content_id
    assert check_result(result) == []


def _input(w: World, name: str) -> RuleInput:
    return RuleInput.objects.get(node__result=w.result_a1, name=name)


def test_a_changed_input_is_found(world: World) -> None:
    RuleInput.objects.filter(pk=_input(world, "ratio").pk).update(value="0.5")
    differences = check_result(world.result_a1)
    assert differences == [
        Message(
            "recompute_leaf_differs",
            {"code": "1.2", "published": Decimal("2.76"), "computed": Decimal("1.50")},
        ),
        Message(
            "recompute_total_differs",
            {"published": Decimal("8.51"), "computed": Decimal("7.25")},
        ),
        Message(
            "recompute_index_differs",
            {"published": Decimal("85.10"), "computed": Decimal("72.50")},
        ),
    ]
    assert [render.message(item, "vi") for item in differences] == [
        "tiêu chí 1.2: kết quả công bố 2,76 điểm, quy tắc chấm cho 1,50 điểm",
        "tổng điểm: công bố 8,51 điểm, các tiêu chí cộng lại 7,25 điểm",
        "chỉ số: công bố 85,10%, tính lại 72,50%",
    ]


def test_a_changed_count_and_a_changed_appraisal_are_found(world: World) -> None:
    RuleInput.objects.filter(pk=_input(world, "count").pk).update(value="2")  # 3 − 0,5
    differences = check_result(world.result_a1)
    assert differences[0] == Message(
        "recompute_leaf_differs",
        {"code": "2.1", "published": Decimal("2.25"), "computed": Decimal("2.50")},
    )
    assert [item.key for item in differences[1:]] == [
        "recompute_total_differs",
        "recompute_index_differs",
    ]
    # Put the count back; now the manual 2.2 was published 1,5 but appraised 2 in round 2.
    RuleInput.objects.filter(pk=_input(world, "count").pk).update(value="3")
    assert check_result(world.result_a1) == []
    node = NodeResult.objects.get(result=world.result_a1, node_id="f2-c2")
    Appraisal.objects.create(node=node, round=2, points=Decimal(2))
    assert [item.key for item in check_result(world.result_a1)] == [
        "recompute_total_differs",
        "recompute_index_differs",
    ]


def test_an_input_the_rule_refuses_is_named(world: World) -> None:
    RuleInput.objects.filter(pk=_input(world, "ratio").pk).update(value="1.5")
    differences = check_result(world.result_a1)
    assert [item.key for item in differences] == ["recompute_input_refused"]
    assert differences[0].params["code"] == "1.2"
    words = render.message(differences[0], "en")
    assert words.startswith("criterion 1.2: its recorded inputs: ")
    assert "ratio" in words


def test_altered_framework_content_is_found(world: World) -> None:
    content = world.result_a1.frozen_content
    assert content is not None
    old_hash = content.hash
    altered = content.text.replace(
        "    title: Công khai TTHC\n    max: 2\n", "    title: Công khai TTHC\n    max: 2.5\n"
    )
    assert altered != content.text
    FrameworkContent.objects.filter(pk=old_hash).update(text=altered)
    result = Result.objects.get(pk=world.result_a1.pk)
    new_hash = framework_actions.read_file(altered.encode(), "x.yaml").content_hash()
    assert new_hash != old_hash
    assert check_result(result) == [
        Message("recompute_hash_differs", {"hash": old_hash, "computed": new_hash})
    ]
    words = render.message(check_result(result)[0], "vi")
    assert words.startswith("nội dung bộ tiêu chí đã chốt bị thay đổi")
    assert old_hash in words
    assert new_hash in words


def test_unreadable_framework_content_is_found(world: World) -> None:
    content = world.result_a1.frozen_content
    assert content is not None
    FrameworkContent.objects.filter(pk=content.hash).update(text="nodes: [")
    result = Result.objects.get(pk=world.result_a1.pk)
    assert check_result(result) == [Message("recompute_content_unreadable", {"hash": content.hash})]


# --- the recompute command ------------------------------------------------------------------


def recompute(*args: str) -> str:
    out = StringIO()
    with translation.override("vi"):  # the command switches the thread's language
        call_command("recompute", *args, stdout=out)
    return out.getvalue()


def test_the_command_reports_matches_in_vietnamese(world: World) -> None:
    out = recompute()
    assert out.splitlines() == [
        "Xã Alpha Một (A.X1), 2025, alpha-xa-2025: khớp với kết quả đã công bố",
        "Đã kiểm tra 1 kết quả đã chốt, 0 kết quả có chênh lệch.",
    ]


def test_the_command_reports_in_english(world: World) -> None:
    out = recompute("--lang", "en")
    assert out.splitlines() == [
        "Xã Alpha Một (A.X1), 2025, alpha-xa-2025: matches what was published",
        "1 frozen result(s) checked, 0 differ.",
    ]


def test_the_command_exits_1_on_a_difference_and_says_it(world: World) -> None:
    RuleInput.objects.filter(pk=_input(world, "ratio").pk).update(value="0.5")
    out = StringIO()
    with translation.override("vi"), pytest.raises(SystemExit) as exit_:
        call_command("recompute", stdout=out)
    assert exit_.value.code == 1
    assert out.getvalue().splitlines() == [
        "Xã Alpha Một (A.X1), 2025, alpha-xa-2025: có chênh lệch",
        "  - tiêu chí 1.2: kết quả công bố 2,76 điểm, quy tắc chấm cho 1,50 điểm",
        "  - tổng điểm: công bố 8,51 điểm, các tiêu chí cộng lại 7,25 điểm",
        "  - chỉ số: công bố 85,10%, tính lại 72,50%",
        "Đã kiểm tra 1 kết quả đã chốt, 1 kết quả có chênh lệch.",
    ]
    out = StringIO()
    with translation.override("vi"), pytest.raises(SystemExit):
        call_command("recompute", "--lang", "en", stdout=out)
    assert "  - criterion 1.2: published 2.76 points, the rule gives 1.50" in out.getvalue()


def test_the_command_filters_by_unit_and_year(world: World) -> None:
    assert recompute("--unit", "A.X1", "--year", "2025").splitlines() == [
        "Xã Alpha Một (A.X1), 2025, alpha-xa-2025: khớp với kết quả đã công bố",
        "Đã kiểm tra 1 kết quả đã chốt, 0 kết quả có chênh lệch.",
    ]
    assert recompute("--year", "1999").splitlines() == [
        "Đã kiểm tra 0 kết quả đã chốt, 0 kết quả có chênh lệch."
    ]
    assert recompute("--unit", "A.X2").splitlines() == [
        "Đã kiểm tra 0 kết quả đã chốt, 0 kết quả có chênh lệch."
    ]
    # An unfrozen result is not checked.
    record(world.coord_a, world.commune_a2, world.framework_a)
    assert "Đã kiểm tra 1 kết quả" in recompute()


def test_the_command_refuses_an_unknown_unit(world: World) -> None:
    with pytest.raises(CommandError) as error:
        recompute("--unit", "NOPE")
    assert str(error.value) == "Không có đơn vị nào có mã NOPE."


def test_the_command_leaves_the_callers_language_alone(world: World) -> None:
    with translation.override("vi"):
        call_command("recompute", "--lang", "en", stdout=StringIO())
        assert translation.get_language() == "vi"


# --- the demo's results -----------------------------------------------------------------------


@pytest.fixture
def example(world: World) -> StoredFramework:
    installed = {stored.key: stored for stored in framework_actions.install_builtin_frameworks()}
    return installed["commune-example"]


def test_a_demo_result_checks_clean_and_adds_up(world: World, example: StoredFramework) -> None:
    result = score_unit(world.admin, world.commune_a2, example, 2025)
    assert result.frozen_content_id == example.content_id
    assert check_result(result) == []
    framework = framework_actions.framework_of(example)
    rows = list(result.nodes.prefetch_related("appraisals", "deductions", "inputs"))
    assert [row.node_id for row in rows] == [leaf.id for leaf in framework.leaves()]
    appraised = {row.node_id: list(row.appraisals.all())[-1].points for row in rows}
    added = totals(framework, appraised)
    assert result.published_total == added.achieved
    assert result.published_index == added.index_percent
    assert Decimal(0) < added.index_percent < Decimal(100)
    with_deduction = 0
    for row in rows:
        leaf = framework.by_id(row.node_id)
        assert leaf is not None
        assert leaf.max_points is not None
        deductions = list(row.deductions.all())
        lost = leaf.max_points - appraised[row.node_id]
        assert lost >= 0
        assert row.inputs.exists(), row.code
        if lost == 0:
            assert deductions == [], row.code
            continue
        with_deduction += 1
        assert len(deductions) == 1, row.code
        deduction = deductions[0]
        assert deduction.points == lost, row.code
        assert deduction.level == APPRAISERS
        assert deduction.reason.strip(), row.code
        assert "điểm" in deduction.reason, deduction.reason  # "… → 0,5/1 điểm"
    assert 0 < with_deduction < len(rows)


def test_scoring_the_demo_again_creates_nothing(world: World, example: StoredFramework) -> None:
    units = [world.commune_a1, world.commune_a2]
    score_units(world.admin, units, example, 2025)
    assert Result.objects.filter(framework=example).count() == 2
    before = results_state()
    score_units(world.admin, units, example, 2025)
    assert results_state() == before
    for result in Result.objects.filter(framework=example):
        assert check_result(result) == []
