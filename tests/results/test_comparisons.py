"""Ranks and changes on last year: ranks belong to the whole group (whoever looks), a group
is its evaluating unit's, a merger only counts in the years it joins, and a merged unit is
compared only when every unit it was made of has a result. Also a criterion marked not
applicable, which leaves a smaller maximum, not a loss."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from parindex.core.gaps import analyse
from parindex.core.lineage import LineageKind
from parindex.frameworks.actions import framework_of, load_framework
from parindex.org import actions as org_actions
from parindex.org.models import Role, Unit
from parindex.results.actions import NodeEntry, record_result
from parindex.results.cards import scorecard_of
from parindex.results.comparisons import field_changes, ranking
from parindex.results.models import Result, Source
from tests.cast import PASSWORD, World
from tests.results.sample import ANNEX, SCORECARDS, Sample, framework_yaml, sample_province
from tests.results.test_imports import _import


@pytest.fixture
def sample(world: World) -> Sample:
    return sample_province(world)


def _published(sample: Sample, unit: Unit, year: int, index: str, group: str = "Xã") -> Result:
    """A result of `unit` whose total and index are `index` (of 100), fields not given."""
    return record_result(
        sample.coordinator,
        unit=unit,
        year=year,
        framework=sample.framework,
        source=Source.IMPORTED,
        nodes=[],
        published_total=Decimal(index),
        published_index=Decimal(index),
        evaluated_by=sample.province,
        group=group,
    )


def test_an_officer_sees_the_rank_among_the_whole_group(sample: Sample) -> None:
    _import(sample, ANNEX)
    officer = org_actions.create_user(
        sample.coordinator,
        username="canbo.thuonglam",
        full_name="Cán bộ",
        password=PASSWORD,
        role=Role.UNIT_OFFICER,
        unit=sample.units["X07"],
    )
    mine = Result.objects.get(unit=sample.units["X07"])
    [standing] = ranking(officer, sample.province.pk, 2024, "Xã")
    assert standing.result == mine
    assert standing.rank == 7
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("result_detail", args=[mine.pk])).content.decode()
    assert "trên 7 đơn vị Xã" in page
    query = f"?by={sample.province.pk}&year=2024&group=X%C3%A3"
    group = client.get(reverse("group_ranking") + query).content.decode()
    assert "Bạn được xem 1 đơn vị trong số đó." in group
    assert "Xã Tân Hòa" not in group  # other units' rows stay hidden


def test_groups_of_the_same_name_in_two_provinces_are_ranked_apart(
    sample: Sample, world: World
) -> None:
    _import(sample, ANNEX)
    [alpha] = ranking(world.admin, world.province_a.pk, 2025, "Khối xã")
    assert alpha.result == world.result_a1
    assert alpha.rank == 1
    ours = ranking(world.admin, sample.province.pk, 2024, "Xã")
    assert [s.rank for s in ours] == [1, 2, 2, 4, 5, 6, 7]


def test_a_merger_counts_only_in_the_years_it_joins(sample: Sample, world: World) -> None:
    tan_hoa, phuc_lam = sample.units["X01"], sample.units["X02"]
    # Xã Tân Hòa takes in Xã Phúc Lâm on 1 July 2025 and keeps its name and code.
    org_actions.record_lineage(
        world.admin,
        kind=LineageKind.MERGE,
        day=date(2025, 7, 1),
        before=[tan_hoa, phuc_lam],
        after=[tan_hoa],
    )
    _published(sample, tan_hoa, 2022, "80")
    _published(sample, phuc_lam, 2022, "40")
    _published(sample, tan_hoa, 2023, "82")
    [early] = ranking(sample.coordinator, sample.province.pk, 2023, "Xã")
    assert early.index_change == Decimal("2.00")  # its own 2022, not the mean with Phúc Lâm
    assert not early.merged
    assert early.places_gained == 0  # first of two in 2022, first alone in 2023
    _published(sample, tan_hoa, 2024, "90")
    _published(sample, phuc_lam, 2024, "70")
    _published(sample, tan_hoa, 2025, "85")
    [merged] = ranking(sample.coordinator, sample.province.pk, 2025, "Xã")
    assert merged.merged
    assert merged.index_change == Decimal("5.00")  # 85 − mean(90, 70)


def test_a_merged_unit_is_not_compared_when_a_predecessor_has_no_result(
    sample: Sample, world: World
) -> None:
    new = org_actions.create_unit(
        world.admin, code="SP.X99", name="Xã Tân Phúc", kind="commune", parent=sample.province
    )
    org_actions.record_lineage(
        world.admin,
        kind=LineageKind.MERGE,
        day=date(2025, 7, 1),
        before=[sample.units["X01"], sample.units["X02"]],
        after=[new],
    )
    _published(sample, sample.units["X01"], 2024, "90")  # Xã Phúc Lâm has none
    _published(sample, new, 2025, "70")
    [standing] = ranking(sample.coordinator, sample.province.pk, 2025, "Xã")
    assert standing.index_change is None
    _published(sample, sample.units["X02"], 2024, "80")
    [standing] = ranking(sample.coordinator, sample.province.pk, 2025, "Xã")
    assert standing.index_change == Decimal("-15.00")


def test_a_unit_new_this_year_has_nothing_to_compare_with(sample: Sample, world: World) -> None:
    new = org_actions.create_unit(
        world.admin,
        code="SP.X98",
        name="Xã Mới",
        kind="commune",
        parent=sample.province,
        valid_from=date(2025, 7, 1),
    )
    _published(sample, new, 2025, "70")
    [standing] = ranking(sample.coordinator, sample.province.pk, 2025, "Xã")
    assert (standing.index_change, standing.places_gained, standing.last_year) == (None, None, ())


def test_places_gained_compare_the_same_unit_in_the_same_group(sample: Sample) -> None:
    _published(sample, sample.units["X01"], 2023, "80")
    _published(sample, sample.units["X02"], 2023, "90")
    _published(sample, sample.units["X01"], 2024, "95")
    _published(sample, sample.units["X02"], 2024, "85")
    standings = ranking(sample.coordinator, sample.province.pk, 2024, "Xã")
    assert [(s.result.unit.name, s.rank, s.places_gained) for s in standings] == [
        ("Xã Tân Hòa", 1, 1),
        ("Xã Phúc Lâm", 2, -1),
    ]


def test_a_criterion_not_applicable_leaves_a_smaller_maximum_not_a_loss(world: World) -> None:
    result = record_result(
        world.admin,
        unit=world.commune_a2,
        year=2025,
        framework=world.framework_a,
        source=Source.ASSESSED,
        nodes=[
            NodeEntry("f1-c1", appraisals=(Decimal(2),)),
            NodeEntry("f1-c2", appraisals=(Decimal(3),)),
            NodeEntry("f2-c1", appraisals=(Decimal(3),)),
            NodeEntry("f2-c2", not_applicable=True, not_applicable_reason="Không có TTHC"),
        ],
    )
    gaps = analyse(scorecard_of(result))
    field = next(f for f in gaps.fields if f.code == "2")
    assert (field.max_points, field.achieved, field.lost) == (Decimal(3), Decimal(3), Decimal(0))
    assert gaps.max_points == Decimal(8)
    assert gaps.losses == ()


def test_fields_compare_with_last_year_through_the_frameworks_code_map(sample: Sample) -> None:
    _import(sample, SCORECARDS)  # Xã Yên Thủy 2024: field 7 has 12 points, field 8 has 9
    swapped = (
        framework_yaml()
        .replace(
            "id: sample-2024",
            'id: sample-2025\nfollows: sample-2024\ncode_map: [["7", "8"], ["8", "7"]]',
        )
        .replace("years: [2024]", "years: [2025]")
    )
    newer = load_framework(
        sample.coordinator, data=swapped.encode(), filename="2025.yaml", owner=sample.province
    )
    this_year = {
        "1": "15.5",
        "2": "10",
        "3": "16.25",
        "4": "10",
        "5": "8",
        "6": "9",
        "7": "13",
        "8": "10",
    }
    ids = {node.code: node.id for node, _depth in framework_of(newer).walk()}
    result = record_result(
        sample.coordinator,
        unit=sample.units["X05"],
        year=2025,
        framework=newer,
        source=Source.IMPORTED,
        nodes=[NodeEntry(ids[code], appraisals=(Decimal(p),)) for code, p in this_year.items()],
    )
    changes = field_changes(
        sample.coordinator, result, {c: Decimal(p) for c, p in this_year.items()}
    )
    assert changes["1"] == Decimal(0)
    assert changes["7"] == Decimal(4)  # 13 now against last year's field 8 (9)
    assert changes["8"] == Decimal(-2)  # 10 now against last year's field 7 (12)
    client = Client()
    client.force_login(sample.coordinator)
    page = client.get(reverse("result_detail", args=[result.pk])).content.decode()
    assert "+4,00" in page
    assert "−2,00" in page
