import copy
import itertools
from dataclasses import dataclass, replace
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from parindex.core.framework import (
    Framework,
    GradeBand,
    Node,
    Provenance,
    Scoring,
    check,
    require_complete,
)
from parindex.core.messages import Message, Refused
from parindex.core.rules import RuleSpec

D = Decimal
MANUAL = RuleSpec("met")


def leaf(
    node_id: str,
    code: str,
    max_points: str | None,
    rule: RuleSpec | None = MANUAL,
    scoring: Scoring = Scoring.ASSESSED,
) -> Node:
    return Node(
        id=node_id,
        code=code,
        title=f"Tiêu chí {code}",
        max_points=None if max_points is None else D(max_points),
        scoring=scoring,
        provenance=Provenance.EXAMPLE,
        rule=rule,
    )


def parent(
    node_id: str,
    code: str,
    max_points: str | None,
    *children: Node,
    scoring: Scoring = Scoring.ASSESSED,
) -> Node:
    return Node(
        id=node_id,
        code=code,
        title=f"Lĩnh vực {code}",
        max_points=None if max_points is None else D(max_points),
        scoring=scoring,
        provenance=Provenance.EXAMPLE,
        children=children,
    )


BANDS = (
    GradeBand("A", D(90)),
    GradeBand("B", D(80), D(90)),
    GradeBand("C", D(70), D(80)),
)


def framework(*nodes: Node, bands: tuple[GradeBand, ...] = BANDS) -> Framework:
    return Framework(
        id="example-commune",
        title="Bộ chỉ số CCHC cấp xã (ví dụ)",
        level="commune",
        years=(2025,),
        decision=None,
        scale_max=D(100),
        composite={"appraised": D(68), "survey": D(32)},
        bands=bands,
        nodes=nodes,
    )


# 1 (10) = 1.1 (4) + 1.2 (6 = 1.2.1 3 + 1.2.2 3); 2 (derived 7) = 2.1 (5) + 2.2 (a cap of 2
# over two items of 1.5)
EXAMPLE = framework(
    parent(
        "f1",
        "1",
        "10",
        leaf("c11", "1.1", "4"),
        parent("c12", "1.2", "6", leaf("s121", "1.2.1", "3"), leaf("s122", "1.2.2", "3")),
    ),
    parent(
        "f2",
        "2",
        None,
        leaf("c21", "2.1", "5", scoring=Scoring.DATA),
        parent(
            "c22",
            "2.2",
            "2",
            leaf("s221", "2.2.1", "1.5"),
            leaf("s222", "2.2.2", "1.5"),
            scoring=Scoring.FIXED_TOTAL,
        ),
    ),
)


def keys(messages: list[Message]) -> list[tuple[str, object]]:
    return [(m.key, m.params.get("code", m.params.get("band"))) for m in messages]


# --- the tree -------------------------------------------------------------------------------


def test_walk_is_pre_order_with_depth() -> None:
    assert [(node.code, depth) for node, depth in EXAMPLE.walk()] == [
        ("1", 1),
        ("1.1", 2),
        ("1.2", 2),
        ("1.2.1", 3),
        ("1.2.2", 3),
        ("2", 1),
        ("2.1", 2),
        ("2.2", 2),
        ("2.2.1", 3),
        ("2.2.2", 3),
    ]


def test_lookups_and_leaves() -> None:
    by_code = EXAMPLE.by_code("1.2")
    assert by_code is not None
    assert by_code.id == "c12"
    assert EXAMPLE.by_id("s221") == EXAMPLE.by_code("2.2.1")
    assert EXAMPLE.by_code("9") is None
    assert EXAMPLE.by_id("nope") is None
    assert [node.code for node in EXAMPLE.leaves()] == [
        "1.1",
        "1.2.1",
        "1.2.2",
        "2.1",
        "2.2.1",
        "2.2.2",
    ]


def test_known_max_is_declared_or_derived_never_for_a_cap() -> None:
    f2, c22 = EXAMPLE.by_code("2"), EXAMPLE.by_code("2.2")
    assert f2 is not None
    assert c22 is not None
    assert f2.known_max() == D(7)  # 5 + the cap of 2
    assert replace(c22, max_points=None).known_max() is None
    assert leaf("x", "3", None).known_max() is None


def test_a_complete_framework() -> None:
    assert EXAMPLE.is_complete()
    assert EXAMPLE.missing() == []
    require_complete(EXAMPLE)


@pytest.mark.parametrize(
    ("nodes", "missing"),
    [
        ((leaf("a", "1", None),), ["1"]),  # unknown max, not zero
        ((leaf("a", "1", "2", rule=None),), ["1"]),  # no rule
        ((parent("a", "1", None, leaf("b", "1.1", None), leaf("c", "1.2", "1")),), ["1", "1.1"]),
        ((parent("a", "1", "5", leaf("b", "1.1", None)),), ["1.1"]),
        (
            (parent("a", "1", None, leaf("b", "1.1", "1"), scoring=Scoring.FIXED_TOTAL),),
            ["1"],  # a cap cannot be derived from its children
        ),
        ((parent("a", "1", None, leaf("b", "1.1", "1")),), []),  # derivable
        ((leaf("a", "1", "0"),), []),  # zero is a known maximum
    ],
)
def test_skeletons_say_what_is_missing(nodes: tuple[Node, ...], missing: list[str]) -> None:
    skeleton = framework(*nodes)
    assert skeleton.missing() == missing
    assert skeleton.is_complete() == (not missing)
    if missing:
        with pytest.raises(Refused) as refused:
            require_complete(skeleton)
        assert refused.value.message == Message("framework_skeleton", {"missing": missing})
        assert refused.value.where == missing[0]


@pytest.mark.parametrize(
    ("percent", "band"),
    [
        ("100", "A"),
        ("104.5", "A"),  # bonus points above the scale still grade
        ("90", "A"),
        ("89.99", "B"),
        ("80.00", "B"),
        ("79.99", "C"),
        ("70", "C"),
        ("69.99", None),  # not classified
        ("0", None),
    ],
)
def test_grade_bands_are_inclusive_below_and_may_leave_gaps(percent: str, band: str | None) -> None:
    assert EXAMPLE.grade(D(percent)) == band


def test_no_bands_grade_nothing() -> None:
    assert framework(leaf("a", "1", "1"), bands=()).grade(D(95)) is None


# --- the content hash -----------------------------------------------------------------------


def test_content_hash_is_pinned() -> None:
    """A change here means every frozen result would stop matching its framework."""
    assert EXAMPLE.content_hash() == GOLDEN_HASH
    assert len(GOLDEN_HASH) == 64


GOLDEN_HASH = "b98a40c7769cdac4a556dd26df70787ea9562ecce5ea4b7aa0e4f5711f8cb14d"


def test_content_hash_compares_numbers_by_value() -> None:
    same = framework(leaf("a", "1", "1.0"))
    assert same.content_hash() == framework(leaf("a", "1", "1.00")).content_hash()
    assert same.content_hash() != framework(leaf("a", "1", "1.01")).content_hash()


def _with_c11(**changes: object) -> Framework:
    f1 = EXAMPLE.nodes[0]
    c11 = replace(f1.children[0], **changes)  # type: ignore[arg-type]
    return replace(EXAMPLE, nodes=(replace(f1, children=(c11, *f1.children[1:])), EXAMPLE.nodes[1]))


@pytest.mark.parametrize(
    "changed",
    [
        _with_c11(title="Tiêu chí khác"),
        _with_c11(title_en="Other"),
        _with_c11(id="c11-new"),
        _with_c11(max_points=D("4.01")),
        _with_c11(rule=RuleSpec("manual", {"step": D("0.5")})),
        _with_c11(rule=RuleSpec("met", {"steps": [D("0"), D("0.5"), D("1")]})),
        _with_c11(evidence="Báo cáo"),
        _with_c11(department="justice"),
        _with_c11(scoring=Scoring.SURVEY),
        _with_c11(provenance=Provenance.USER),
        replace(EXAMPLE, nodes=EXAMPLE.nodes[::-1]),
        replace(EXAMPLE, decimals=3),
        replace(EXAMPLE, years=(2025, 2026)),
        replace(EXAMPLE, decision="2211/QĐ-UBND"),
        replace(EXAMPLE, composite={"appraised": D(70), "survey": D(30)}),
        replace(EXAMPLE, bands=BANDS[:2]),
        replace(EXAMPLE, index_may_exceed_max=True),
    ],
)
def test_content_hash_changes_with_any_content(changed: Framework) -> None:
    assert changed.content_hash() != EXAMPLE.content_hash()


def test_content_hash_refuses_floats() -> None:
    with pytest.raises(TypeError):
        framework(leaf("a", "1", "1", rule=RuleSpec("ratio", {"at_least": 0.7}))).content_hash()


# --- check ----------------------------------------------------------------------------------


def test_a_sound_framework_has_no_problems() -> None:
    assert check(EXAMPLE) == []


@pytest.mark.parametrize(
    ("nodes", "bands", "expected"),
    [
        (
            (leaf("a", "1", "1"), leaf("b", "1", "1")),
            (),
            [Message("framework_duplicate_code", {"code": "1"})],
        ),
        (
            (leaf("a", "1", "1"), leaf("a", "2", "1")),
            (),
            [Message("framework_duplicate_id", {"id": "a", "code": "2", "first_code": "1"})],
        ),
        (
            (parent("a", "2", "1", leaf("b", "1.5", "1")),),
            (),
            [Message("framework_code_outside_parent", {"code": "1.5", "parent": "2"})],
        ),
        (
            (parent("a", "1", "1", leaf("b", "1.1.1", "1")),),
            (),
            [Message("framework_code_outside_parent", {"code": "1.1.1", "parent": "1"})],
        ),
        (
            (parent("a", "1", "1", leaf("b", "1.", "1")),),
            (),
            [Message("framework_code_empty", {"code": "1.", "id": "b"})],
        ),
        (
            (parent("a", "1", "3", leaf("b", "1.1", "2"), leaf("c", "1.2", "1.01")),),
            (),
            [
                Message(
                    "framework_children_over_max",
                    {"code": "1", "max": D(3), "children_sum": D("3.01")},
                )
            ],
        ),
        (
            # over already with one child unknown
            (parent("a", "1", "3", leaf("b", "1.1", "3.5"), leaf("c", "1.2", None)),),
            (),
            [
                Message(
                    "framework_children_over_max",
                    {"code": "1", "max": D(3), "children_sum": D("3.5")},
                )
            ],
        ),
        (
            (parent("a", "1", "3", leaf("b", "1.1", "2"), leaf("c", "1.2", "0.99")),),
            (),
            [
                Message(
                    "framework_children_under_max",
                    {"code": "1", "max": D(3), "children_sum": D("2.99")},
                )
            ],
        ),
        (
            # under cannot be told while a child is unknown
            (parent("a", "1", "3", leaf("b", "1.1", "2"), leaf("c", "1.2", None)),),
            (),
            [],
        ),
        (
            # a cap may sit below its children's sum …
            (
                parent(
                    "a",
                    "1",
                    "2",
                    leaf("b", "1.1", "2"),
                    leaf("c", "1.2", "2"),
                    scoring=Scoring.FIXED_TOTAL,
                ),
            ),
            (),
            [],
        ),
        (
            # … but not above it: the node could never reach its maximum
            (parent("a", "1", "5", leaf("b", "1.1", "2"), scoring=Scoring.FIXED_TOTAL),),
            (),
            [
                Message(
                    "framework_children_under_max",
                    {"code": "1", "max": D(5), "children_sum": D(2)},
                )
            ],
        ),
        (
            (leaf("a", "1", "-0.5"),),
            (),
            [Message("framework_negative_max", {"code": "1", "max": D("-0.5")})],
        ),
        (
            (leaf("a", "1", "1"),),
            (GradeBand("A", D(90)), GradeBand("B", D(80), D("90.01"))),
            [Message("framework_bands_overlap", {"band": "B", "other": "A"})],
        ),
        (
            (leaf("a", "1", "1"),),
            (GradeBand("B", D(80), D(90)), GradeBand("B+", D(85), D(95))),
            [Message("framework_bands_overlap", {"band": "B+", "other": "B"})],
        ),
        (
            (leaf("a", "1", "1"),),
            (GradeBand("B", D(80), D(90)), GradeBand("C", D(70), D(80))),  # touching, gap below
            [],
        ),
        (
            (leaf("a", "1", "1"),),
            (GradeBand("X", D(80), D(80)),),
            [Message("framework_band_empty", {"band": "X", "at_least": D(80), "below": D(80)})],
        ),
    ],
)
def test_check_names_the_node_and_the_problem(
    nodes: tuple[Node, ...], bands: tuple[GradeBand, ...], expected: list[Message]
) -> None:
    assert check(framework(*nodes, bands=bands)) == expected


def test_check_lists_every_problem_in_tree_order() -> None:
    broken = framework(
        parent("a", "1", "1", leaf("b", "1.1", "3"), leaf("c", "2.1", "-1")),
        leaf("a", "1", "1"),
    )
    assert keys(check(broken)) == [
        ("framework_children_over_max", "1"),
        ("framework_code_outside_parent", "2.1"),
        ("framework_negative_max", "2.1"),
        ("framework_duplicate_code", "1"),
        ("framework_duplicate_id", "1"),
    ]


# --- generated trees ------------------------------------------------------------------------


@dataclass(frozen=True)
class Generated:
    """A random framework and, by construction, what its arithmetic must give (in integers)."""

    framework: Framework
    max_cents: dict[str, int]  # every node's maximum: a leaf's, a cap, or the children's sum
    points_milli: dict[str, int]  # each leaf's points in thousandths, 0 ≤ points ≤ max
    caps: frozenset[str]  # ids of FIXED_TOTAL nodes


def cents(value: int) -> Decimal:
    return Decimal(value).scaleb(-2)


@st.composite
def trees(draw: st.DrawFn, caps: bool = True) -> Generated:
    depth = draw(st.integers(1, 4))
    numbers = itertools.count(1)
    max_cents: dict[str, int] = {}
    points_milli: dict[str, int] = {}
    fixed: set[str] = set()

    def build(code: str, level: int) -> Node:
        node_id = f"n{next(numbers)}"
        if level == depth or (level > 1 and draw(st.integers(0, 3)) == 0):
            most = draw(st.integers(1, 2000))
            max_cents[node_id] = most
            points_milli[node_id] = draw(st.integers(0, most * 10))
            return Node(
                id=node_id,
                code=code,
                title=f"Tiêu chí {code}",
                max_points=cents(most),
                scoring=draw(st.sampled_from([Scoring.ASSESSED, Scoring.DATA, Scoring.SURVEY])),
                provenance=Provenance.EXAMPLE,
                rule=RuleSpec("given"),
            )
        count = draw(st.integers(1, 5))
        children = tuple(build(f"{code}.{index}", level + 1) for index in range(1, count + 1))
        total = sum(max_cents[child.id] for child in children)
        declared: Decimal | None
        if caps and draw(st.integers(0, 4)) == 0:
            most = draw(st.integers(1, total))
            fixed.add(node_id)
            scoring, declared = Scoring.FIXED_TOTAL, cents(most)
        else:
            most = total
            scoring = Scoring.ASSESSED
            declared = draw(st.sampled_from([cents(most), None]))
        max_cents[node_id] = most
        return Node(
            id=node_id,
            code=code,
            title=f"Lĩnh vực {code}",
            max_points=declared,
            scoring=scoring,
            provenance=Provenance.EXAMPLE,
            children=children,
        )

    roots = tuple(build(str(index), 1) for index in range(1, draw(st.integers(1, 5)) + 1))
    return Generated(framework(*roots), max_cents, points_milli, frozenset(fixed))


def replace_node(nodes: tuple[Node, ...], node_id: str, **changes: object) -> tuple[Node, ...]:
    return tuple(
        replace(node, **changes)  # type: ignore[arg-type]
        if node.id == node_id
        else replace(node, children=replace_node(node.children, node_id, **changes))
        for node in nodes
    )


PROPERTY = settings(max_examples=60, deadline=None)


@PROPERTY
@given(trees())
def test_generated_frameworks_are_sound_and_complete(generated: Generated) -> None:
    assert check(generated.framework) == []
    assert generated.framework.is_complete()
    for node, _depth in generated.framework.walk():
        assert node.known_max() == cents(generated.max_cents[node.id])


@PROPERTY
@given(trees(), st.data())
def test_content_hash_is_stable_and_sensitive(generated: Generated, data: st.DataObject) -> None:
    fw = generated.framework
    assert fw.content_hash() == copy.deepcopy(fw).content_hash()
    assert fw.content_hash() == replace(fw, nodes=tuple(fw.nodes)).content_hash()
    target = data.draw(st.sampled_from(fw.leaves()))
    assert target.max_points is not None
    bumped = replace_node(fw.nodes, target.id, max_points=target.max_points + D("0.01"))
    assert replace(fw, nodes=bumped).content_hash() != fw.content_hash()
    retitled = replace_node(fw.nodes, target.id, title=target.title + " ")
    assert replace(fw, nodes=retitled).content_hash() != fw.content_hash()


@PROPERTY
@given(trees(), st.data())
def test_check_catches_a_duplicate_code(generated: Generated, data: st.DataObject) -> None:
    nodes = [node for node, _depth in generated.framework.walk()]
    assume(len(nodes) > 1)
    pair = st.lists(st.sampled_from(nodes), min_size=2, max_size=2, unique_by=lambda n: n.id)
    first, second = data.draw(pair)
    broken = replace(
        generated.framework,
        nodes=replace_node(generated.framework.nodes, second.id, code=first.code),
    )
    assert Message("framework_duplicate_code", {"code": first.code}) in check(broken)


@PROPERTY
@given(trees(caps=False), st.data())
def test_check_catches_children_over_their_parents_max(
    generated: Generated, data: st.DataObject
) -> None:
    parents = [node for node, _depth in generated.framework.walk() if node.children]
    assume(parents)
    target = data.draw(st.sampled_from(parents))
    children_sum = cents(generated.max_cents[target.id])
    lowered = children_sum - D("0.01")
    broken = replace(
        generated.framework,
        nodes=replace_node(generated.framework.nodes, target.id, max_points=lowered),
    )
    problem = Message(
        "framework_children_over_max",
        {"code": target.code, "max": lowered, "children_sum": children_sum},
    )
    assert problem in check(broken)


def test_a_new_field_left_at_its_default_keeps_the_hash() -> None:
    """Frozen results keep matching when the format grows a field with a default."""
    assert replace(EXAMPLE, note="", example=False).content_hash() == GOLDEN_HASH
    assert replace(EXAMPLE, note="Ghi chú").content_hash() != GOLDEN_HASH


def test_check_names_a_step_above_max_and_a_rule_on_a_parent() -> None:
    step = framework(leaf("a", "1", "1", RuleSpec("manual", {"step": Decimal(2)})))
    assert [(m.key, m.params.get("node")) for m in check(step)] == [("rule_above_max", "1")]
    label = framework(leaf("a", "1", "1", RuleSpec("met", {}, {"ratio": "văn bản"})))
    assert [m.key for m in check(label)] == ["rule_label_unknown_input"]
    parent = replace(EXAMPLE.nodes[0], rule=RuleSpec("met"))
    problems = check(replace(EXAMPLE, nodes=(parent, EXAMPLE.nodes[1])))
    assert [(m.key, m.params["code"]) for m in problems] == [("framework_rule_on_parent", "1")]


def test_a_framework_without_nodes_is_a_skeleton() -> None:
    """A decision whose annex could not be read: counts known, no tree; never scorable."""
    empty = replace(EXAMPLE, nodes=(), expected_counts=(8, 37, 88))
    assert not empty.is_complete()
    assert empty.missing() == []
    with pytest.raises(Refused) as refused:
        require_complete(empty)
    assert refused.value.message == Message("framework_no_nodes", {"id": EXAMPLE.id})
