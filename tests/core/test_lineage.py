from datetime import date

import pytest

from parindex.core.lineage import Event, LineageKind, check_shape, earlier, later, units_in
from parindex.core.messages import Refused

MERGE_2025 = Event(1, LineageKind.MERGE, date(2025, 7, 1), frozenset({10, 11, 12}), frozenset({20}))
SPLIT_2019 = Event(2, LineageKind.SPLIT, date(2019, 1, 1), frozenset({5}), frozenset({10, 11}))
RENAME_2026 = Event(3, LineageKind.RENAME, date(2026, 3, 1), frozenset({20}), frozenset({21}))
OTHER = Event(4, LineageKind.MERGE, date(2025, 7, 1), frozenset({30, 31}), frozenset({32}))
EVENTS = [RENAME_2026, OTHER, MERGE_2025, SPLIT_2019]


def test_earlier_follows_predecessors_newest_first() -> None:
    assert earlier(21, EVENTS) == [RENAME_2026, MERGE_2025, SPLIT_2019]
    assert units_in(earlier(21, EVENTS)) == {5, 10, 11, 12, 20, 21}


def test_later_follows_successors_oldest_first() -> None:
    assert later(5, EVENTS) == [SPLIT_2019, MERGE_2025, RENAME_2026]
    assert later(12, EVENTS) == [MERGE_2025, RENAME_2026]


def test_an_unrelated_unit_has_no_lineage() -> None:
    assert earlier(99, EVENTS) == []
    assert later(32, EVENTS) == []


@pytest.mark.parametrize(
    ("kind", "before", "after"),
    [
        (LineageKind.MERGE, [1, 2], [3]),
        (LineageKind.MERGE, [1, 2], [1]),  # one of the merged units continues
        (LineageKind.SPLIT, [1], [2, 3]),
        (LineageKind.RENAME, [1], [1]),
        (LineageKind.REPARENT, [1], [1]),
        (LineageKind.ABOLISH, [1], []),
    ],
)
def test_shapes_that_fit(kind: LineageKind, before: list[int], after: list[int]) -> None:
    check_shape(kind, before, after)


@pytest.mark.parametrize(
    ("kind", "before", "after", "where"),
    [
        (LineageKind.MERGE, [1], [3], "before"),
        (LineageKind.MERGE, [1, 2], [3, 4], "after"),
        (LineageKind.SPLIT, [1, 2], [3, 4], "before"),
        (LineageKind.SPLIT, [1], [2], "after"),
        (LineageKind.RENAME, [1], [], "after"),
        (LineageKind.REPARENT, [1], [2], "after"),
        (LineageKind.ABOLISH, [1], [2], "after"),
        (LineageKind.ABOLISH, [], [], "before"),
    ],
)
def test_shapes_that_do_not_fit(
    kind: LineageKind, before: list[int], after: list[int], where: str
) -> None:
    with pytest.raises(Refused) as refused:
        check_shape(kind, before, after)
    assert refused.value.where == where
