"""The materialised-path arithmetic of parindex.core.tree, table by table."""

import pytest

from parindex.core import tree
from parindex.core.tree import SEGMENT_WIDTH


def seg(node_id: int) -> str:
    """A segment written out independently of tree.segment: zero-padded id and a slash."""
    return str(node_id).zfill(SEGMENT_WIDTH) + "/"


ROOT = seg(1)
CHILD = seg(1) + seg(7)
GRANDCHILD = seg(1) + seg(7) + seg(42)


@pytest.mark.parametrize(
    ("node_id", "expected"),
    [
        (1, "0" * (SEGMENT_WIDTH - 1) + "1/"),
        (12, "0" * (SEGMENT_WIDTH - 2) + "12/"),
        (10**SEGMENT_WIDTH - 1, "9" * SEGMENT_WIDTH + "/"),
    ],
)
def test_segment(node_id: int, expected: str) -> None:
    assert tree.segment(node_id) == expected
    assert len(tree.segment(node_id)) == SEGMENT_WIDTH + 1


@pytest.mark.parametrize("node_id", [0, -1, 10**SEGMENT_WIDTH, 10**SEGMENT_WIDTH + 5])
def test_segment_refuses_ids_that_do_not_fit(node_id: int) -> None:
    with pytest.raises(ValueError, match=str(node_id)):
        tree.segment(node_id)


@pytest.mark.parametrize(
    ("parent", "node_id", "expected"),
    [
        ("", 1, ROOT),
        (ROOT, 7, CHILD),
        (CHILD, 42, GRANDCHILD),
    ],
)
def test_child_path(parent: str, node_id: int, expected: str) -> None:
    assert tree.child_path(parent, node_id) == expected


@pytest.mark.parametrize("node_id", [0, 10**SEGMENT_WIDTH])
def test_child_path_refuses_ids_that_do_not_fit(node_id: int) -> None:
    with pytest.raises(ValueError, match="does not fit"):
        tree.child_path(ROOT, node_id)


@pytest.mark.parametrize(
    ("path", "expected_depth", "expected_ids"),
    [
        (ROOT, 1, [1]),
        (CHILD, 2, [1, 7]),
        (GRANDCHILD, 3, [1, 7, 42]),
        (seg(12) + seg(1), 2, [12, 1]),
    ],
)
def test_depth_and_ids(path: str, expected_depth: int, expected_ids: list[int]) -> None:
    assert tree.depth(path) == expected_depth
    assert tree.ids(path) == expected_ids


@pytest.mark.parametrize(
    ("path", "ancestor", "expected"),
    [
        (ROOT, ROOT, True),  # a node is within itself
        (CHILD, ROOT, True),
        (GRANDCHILD, ROOT, True),
        (GRANDCHILD, CHILD, True),
        (ROOT, CHILD, False),  # an ancestor is not within its descendant
        (CHILD, GRANDCHILD, False),
        (seg(2), ROOT, False),  # a sibling root
        (seg(2) + seg(7), CHILD, False),  # same child id under another root
        # Siblings whose ids share a prefix: 12 is not below 1, nor 1 below 12.
        (seg(12), seg(1), False),
        (seg(1), seg(12), False),
        (seg(1) + seg(12), seg(1) + seg(1), False),
        (seg(1) + seg(12) + seg(3), seg(1) + seg(1), False),
    ],
)
def test_is_within(path: str, ancestor: str, expected: bool) -> None:
    assert tree.is_within(path, ancestor) is expected


@pytest.mark.parametrize(("first", "second"), [(1, 12), (1, 10), (2, 23), (9, 99)])
def test_sibling_with_a_longer_id_prefix_is_not_within(first: int, second: int) -> None:
    parent = tree.child_path("", 5)
    short = tree.child_path(parent, first)
    long = tree.child_path(parent, second)
    assert not tree.is_within(long, short)
    assert not tree.is_within(short, long)
    assert tree.is_within(tree.child_path(long, first), long)
    assert not tree.is_within(tree.child_path(long, first), short)
