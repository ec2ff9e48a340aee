"""Importing a published results decision into the database: the sample annexes give the
facts of facts.json, read back from the stored results; the units are matched by name
however written; every refusal names the unit and imports nothing."""

import base64
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from openpyxl import load_workbook

from parindex.audit.writes import ProblemsRefused
from parindex.core.gaps import Scored, analyse
from parindex.io import results_workbook
from parindex.org import actions as org_actions
from parindex.results.cards import scorecard_of
from parindex.results.imports import _deductions, confirm_import, preview_import
from parindex.results.models import Deduction, Result, Source, StagedImport
from tests.cast import World, state
from tests.results.sample import ANNEX, CSV, FACTS, SCORECARDS, Sample, sample_province


@pytest.fixture
def sample(world: World) -> Sample:
    return sample_province(world)


def _import(sample: Sample, path: Path, year: int | None = None) -> list[Result]:
    preview = preview_import(
        sample.coordinator, path.read_bytes(), path.name, sample.framework, year
    )
    return confirm_import(sample.coordinator, preview.staged.pk)


def _by_key(sample: Sample) -> dict[str, Result]:
    results = Result.objects.filter(framework=sample.framework)
    return {
        key: results.get(unit=unit)
        for key, unit in sample.units.items()
        if results.filter(unit=unit).exists()
    }


def test_the_annex_gives_every_units_totals_fields_groups_and_ranks(sample: Sample) -> None:
    imported = _import(sample, ANNEX)
    assert len(imported) == len(FACTS["units"])
    for key, result in _by_key(sample).items():
        fact = FACTS["units"][key]
        assert result.source == Source.IMPORTED
        assert result.year == 2024
        assert result.frozen_content is not None
        assert result.published_total == Decimal(fact["appraised_total"])
        assert result.self_total == Decimal(fact["self_total"])
        assert result.published_rank == fact["rank_in_group"]
        assert result.group == fact["group"]
        card = scorecard_of(result)
        fields = {field.code: field.achieved for field in card.fields}
        assert fields == {code: Decimal(v) for code, v in fact["fields_appraised"].items()}
        gaps = analyse(card)
        assert gaps.lost == Decimal(fact["lost_total"])


def test_the_scorecards_give_the_lost_leaves_and_the_same_gaps_as_the_file(sample: Sample) -> None:
    framework = results_workbook.read(SCORECARDS.read_bytes(), SCORECARDS.name)
    _import(sample, SCORECARDS)
    stored = _by_key(sample)
    assert len(stored) == len(framework) == 3
    for card in framework:
        key = next(k for k, f in FACTS["units"].items() if f["name"] == card.unit)
        gaps = analyse(scorecard_of(stored[key]))
        lost = {loss.code: loss.lost for loss in gaps.losses}
        facts = {code: Decimal(v) for code, v in FACTS["units"][key]["lost_leaves"].items()}
        assert lost == facts
        from_file = analyse(card)
        assert [(x.code, x.lost, x.reasons, x.deducted_by) for x in gaps.losses] == [
            (x.code, x.lost, x.reasons, x.deducted_by) for x in from_file.losses
        ]
        assert gaps.notes == from_file.notes
    reasons = Deduction.objects.filter(node__result__in=stored.values()).exclude(reason="")
    assert reasons.exists()


def test_a_unit_named_without_its_prefix_or_accents_is_still_matched(sample: Sample) -> None:
    unit = sample.units["X05"]
    unit.name = "UBND xã Yên Thuỷ"  # another spelling of the same name
    unit.save()
    [result] = _import(sample, CSV, year=2024)
    assert result.unit == unit


def test_an_unknown_unit_refuses_the_whole_file_and_names_it(sample: Sample) -> None:
    unit = sample.units["P03"]
    unit.name = "Phường Đông Hải"  # so Phường Đông Hà is not one of the province's units
    unit.save()
    before = state(), Result.objects.count(), StagedImport.objects.count()
    with pytest.raises(ProblemsRefused) as refused:
        preview_import(sample.coordinator, ANNEX.read_bytes(), ANNEX.name, sample.framework, None)
    assert refused.value.lines == [
        "tệp A_decision_annex_fields_all_units.xlsx, trang “Phu luc”, dòng 20, cột “Đơn vị”: "
        "đơn vị “Phường Đông Hà” không thuộc các "
        "đơn vị mà bạn quản lý kết quả: hãy kiểm tra tên, hoặc ghi mã đơn vị"
    ]
    assert (state(), Result.objects.count(), StagedImport.objects.count()) == before


def test_a_result_already_there_refuses_the_file(sample: Sample) -> None:
    _import(sample, CSV, year=2024)
    before = Result.objects.count()
    with pytest.raises(ProblemsRefused) as refused:
        preview_import(
            sample.coordinator, SCORECARDS.read_bytes(), SCORECARDS.name, sample.framework, None
        )
    assert (
        "Xã Yên Thủy (SP.X05) đã có kết quả năm 2024 theo bộ tiêu chí này" in refused.value.lines[0]
    )
    assert Result.objects.count() == before


def test_a_file_without_its_year_asks_for_one(sample: Sample) -> None:
    undated = CSV.read_bytes().replace(" năm 2024".encode(), b"")
    with pytest.raises(ProblemsRefused) as refused:
        preview_import(sample.coordinator, undated, "yt.csv", sample.framework, None)
    assert refused.value.lines == [
        "tệp yt.csv, dòng 3: tệp không ghi năm của kết quả của Xã Yên Thủy: hãy chọn năm"
    ]
    [result] = confirm_import(
        sample.coordinator,
        preview_import(sample.coordinator, undated, "yt.csv", sample.framework, 2023).staged.pk,
    )
    assert result.year == 2023


def test_two_units_of_the_same_name_ask_for_the_code(sample: Sample, world: World) -> None:
    org_actions.create_unit(
        world.admin, code="SP.X99", name="Xã Yên Thủy", kind="commune", parent=sample.province
    )
    with pytest.raises(ProblemsRefused) as refused:
        preview_import(sample.coordinator, CSV.read_bytes(), CSV.name, sample.framework, 2024)
    assert "SP.X05, SP.X99" in refused.value.lines[0]


def test_only_a_coordinator_above_the_units_may_import(sample: Sample, world: World) -> None:
    with pytest.raises(PermissionDenied):
        preview_import(world.officer_a, ANNEX.read_bytes(), ANNEX.name, sample.framework, None)
    # Province A's coordinator manages none of the sample's units.
    with pytest.raises(PermissionDenied):
        preview_import(world.coord_a, ANNEX.read_bytes(), ANNEX.name, sample.framework, None)


def test_a_staged_import_is_confirmed_only_by_its_importer(sample: Sample, world: World) -> None:
    preview = preview_import(sample.coordinator, CSV.read_bytes(), CSV.name, sample.framework, 2024)
    with pytest.raises(Http404):  # another person's file is not found, not even forbidden
        confirm_import(world.admin, preview.staged.pk)
    assert not Result.objects.filter(framework=sample.framework).exists()


def test_a_bad_workbook_is_refused_with_its_place(sample: Sample) -> None:
    bad = CSV.read_bytes().replace(b"1,5", b"abc", 1)
    with pytest.raises(ProblemsRefused) as refused:
        preview_import(sample.coordinator, bad, "bad.csv", sample.framework, 2024)
    assert refused.value.lines[0].startswith("tệp bad.csv, dòng 4, cột “Diem toi da”: ")
    assert refused.value.field == "file"


def _csv(*rows: str, unit: str = "Xã Yên Thủy") -> bytes:
    head = f"Đơn vị: {unit}\nNăm: 2024\nMã;Tiêu chí;Điểm tối đa;Điểm tự đánh giá;Điểm thẩm định\n"
    first = "1.4;Tiêu chí 1.4;3;3;3\n"
    return (head + first + "\n".join(rows) + "\n").encode()


def test_a_partial_scorecard_makes_up_no_total(sample: Sample) -> None:
    partial = _csv("1.3;Tiêu chí 1.3;3;3;2")
    preview = preview_import(sample.coordinator, partial, "part.csv", sample.framework, None)
    [item] = preview.matched
    assert (item.total, item.self_total, item.index) == (None, None, None)
    [result] = confirm_import(sample.coordinator, preview.staged.pk)
    assert result.published_total is None
    assert result.published_index is None


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            ("1.3;Tiêu chí 1.3;3;3;2,125",),
            "Xã Yên Thủy: 2,125 có nhiều chữ số thập phân hơn 2 chữ số mà bộ tiêu chí công bố",
        ),
        (
            ("Tổng cộng;;100;97;101",),
            "tệp bad.csv, dòng 5, cột “Điểm thẩm định”: 101 điểm lớn hơn điểm tối đa 100",
        ),
        (
            ("Tổng cộng;;100;97;90", "Chỉ số (%);;;;250"),
            "Xã Yên Thủy: chỉ số 250% không nằm trong khoảng 0–100%",
        ),
    ],
    ids=["too-precise", "total-above-max", "index-above-100"],
)
def test_what_no_decision_publishes_is_refused(
    sample: Sample, rows: tuple[str, ...], expected: str
) -> None:
    before = Result.objects.count(), StagedImport.objects.count()
    with pytest.raises(ProblemsRefused) as refused:
        preview_import(sample.coordinator, _csv(*rows), "bad.csv", sample.framework, None)
    assert refused.value.lines == [
        expected if expected.startswith("tệp") else f"tệp bad.csv, dòng 3: {expected}"
    ]
    assert (Result.objects.count(), StagedImport.objects.count()) == before


def test_an_annex_total_above_the_fields_maxima_is_refused(sample: Sample) -> None:
    book = load_workbook(ANNEX)
    sheet = book.active
    assert sheet is not None
    assert sheet["B8"].value == "Xã Tân Hòa"
    sheet["L8"] = 101  # its appraised total, above the 100 its fields can give
    data = BytesIO()
    book.save(data)
    with pytest.raises(ProblemsRefused) as refused:
        preview_import(sample.coordinator, data.getvalue(), "a.xlsx", sample.framework, None)
    assert refused.value.lines == [  # the maximum as the header wrote it
        "tệp a.xlsx, trang “Phu luc”, dòng 8, cột “Đơn vị”: "
        "Xã Tân Hòa: tổng điểm 101 lớn hơn điểm tối đa 100,00"
    ]


def test_reasons_and_levels_are_paired_only_when_the_file_pairs_them() -> None:
    def scored(reasons: tuple[str, ...], levels: tuple[str, ...], parts: int = 0) -> Scored:
        child = Scored(code="1.1.1", title="", max_points=Decimal(1), achieved=Decimal(0))
        return Scored(
            code="1.1",
            title="",
            max_points=Decimal(2),
            achieved=Decimal(1),
            reasons=reasons,
            deducted_by=levels,
            children=(child,) * parts,
        )

    one = _deductions(scored(("Thiếu hồ sơ",), ("Tỉnh",)))
    assert [(d.points, d.reason, d.level) for d in one] == [(Decimal(1), "Thiếu hồ sơ", "Tỉnh")]
    unpaired = _deductions(scored(("Thiếu hồ sơ",), ("Huyện", "Tỉnh")))
    assert [(d.points, d.reason, d.level) for d in unpaired] == [
        (None, "Thiếu hồ sơ", ""),
        (None, "", "Huyện"),
        (None, "", "Tỉnh"),
    ]
    parent = _deductions(scored(("Chưa đạt",), (), parts=1))
    assert [d.points for d in parent] == [None]  # its part's own deduction holds the points


def test_the_api_reads_a_file_without_recording_it_unless_asked(
    sample: Sample, world: World
) -> None:
    client = Client()
    client.force_login(sample.coordinator)
    body = {
        "filename": CSV.name,
        "content_base64": base64.b64encode(CSV.read_bytes()).decode(),
        "framework_id": sample.framework.pk,
    }
    read = client.post("/api/results/import", body, content_type="application/json")
    assert read.status_code == 200
    assert read.json()["matched"][0]["unit_code"] == "SP.X05"
    assert not Result.objects.filter(framework=sample.framework).exists()
    assert not StagedImport.objects.exists()
    done = client.post(
        "/api/results/import", body | {"confirm": True}, content_type="application/json"
    )
    assert done.status_code == 201
    [result_id] = done.json()["result_ids"]
    gaps = client.get(f"/api/results/{result_id}/gaps").json()
    assert gaps["format"] == "parindex-gaps/1"
    assert gaps["lost"] == "10.25"
    bad = client.post(
        "/api/results/import",
        body | {"content_base64": "Ünicode"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["where"] == "content_base64"
    huge = client.get("/api/results?unit_id=99999999999999999999")
    assert huge.status_code == 422


def test_a_new_upload_replaces_the_file_waiting_for_confirmation(sample: Sample) -> None:
    first = preview_import(sample.coordinator, CSV.read_bytes(), CSV.name, sample.framework, None)
    second = preview_import(
        sample.coordinator, ANNEX.read_bytes(), ANNEX.name, sample.framework, None
    )
    assert list(StagedImport.objects.values_list("pk", flat=True)) == [second.staged.pk]
    with pytest.raises(Http404):
        confirm_import(sample.coordinator, first.staged.pk)
    with pytest.raises(ProblemsRefused):  # a file refused leaves the waiting one alone
        preview_import(sample.coordinator, b"", "empty.csv", sample.framework, None)
    assert list(StagedImport.objects.values_list("pk", flat=True)) == [second.staged.pk]
