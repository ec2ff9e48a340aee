"""The results pages: a unit's result with what lost points, a group's ranking with its tie
and the change on last year, every table as a workbook, and the import read, shown, then
confirmed (or refused with every problem, changing nothing)."""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from parindex.results.charts import radar
from parindex.results.imports import confirm_import, preview_import
from parindex.results.models import Result, StagedImport
from tests.cast import World, state
from tests.results.sample import ANNEX, CSV, SCORECARDS, Sample, sample_province
from tests.results.test_imports import _import


@pytest.fixture
def sample(world: World) -> Sample:
    return sample_province(world)


def _client(sample: Sample) -> Client:
    client = Client()
    client.force_login(sample.coordinator)
    return client


def _result(sample: Sample, key: str, year: int = 2024) -> Result:
    return Result.objects.get(unit=sample.units[key], year=year, framework=sample.framework)


def test_a_scorecards_page_lists_every_lost_leaf_with_its_reason(sample: Sample) -> None:
    _import(sample, SCORECARDS)
    result = _result(sample, "X05")
    page = _client(sample).get(reverse("result_detail", args=[result.pk])).content.decode()
    assert "Xã Yên Thủy: kết quả năm 2024" in page
    assert "89,75" in page  # the total
    assert "10,25" in page  # the points lost
    losses = page[page.index('id="losses"') : page.index("</table>", page.index('id="losses"'))]
    for code in ["1.1.1", "3.2", "3.3.1", "5.3", "6.3.1", "7.4.1", "8.2"]:
        assert f'<td class="code">{code}</td>' in losses
    assert losses.count('<td class="code">') == 7
    assert "Tỷ lệ đạt dưới yêu cầu" in losses  # the appraisers' reason, as written


def test_the_page_reads_in_english(sample: Sample) -> None:
    _import(sample, SCORECARDS)
    client = _client(sample)
    client.cookies["django_language"] = "en"
    result = _result(sample, "X05")
    page = client.get(reverse("result_detail", args=[result.pk])).content.decode()
    assert "What lost points" in page
    assert "89.75" in page


def test_the_ranking_keeps_the_tie_and_exports_the_same_table(sample: Sample) -> None:
    _import(sample, ANNEX)
    client = _client(sample)
    query = f"?by={sample.province.pk}&year=2024&group=X%C3%A3"  # Xã
    page = client.get(reverse("group_ranking") + query).content.decode()
    assert page.index("Xã Tân Hòa") < page.index("Xã Phúc Lâm") < page.index("Xã Minh Khai")
    book = load_workbook(BytesIO(client.get(reverse("group_export") + query).content))
    sheet = book.active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [row[0] for row in rows] == [1, 2, 2, 4, 5, 6, 7]
    assert [row[1] for row in rows][:2] == ["Xã Tân Hòa", "Xã Đồng Tiến"] or [
        row[1] for row in rows
    ][:2] == ["Xã Tân Hòa", "Xã Phúc Lâm"]
    assert rows[0][2] == 93.92
    assert sheet.cell(row=3, column=3).number_format == "0.00"


def test_the_change_on_last_year_compares_the_same_unit(sample: Sample) -> None:
    undated = CSV.read_bytes().replace(" năm 2024".encode(), b"")
    staged = preview_import(sample.coordinator, undated, "yt.csv", sample.framework, 2023)
    confirm_import(sample.coordinator, staged.staged.pk)  # Xã Yên Thủy: 89,75 of 100
    _import(sample, ANNEX)
    before = _result(sample, "X05", 2023)
    assert before.published_index == Decimal("89.75")
    query = f"?by={sample.province.pk}&year=2024&group=X%C3%A3"
    page = _client(sample).get(reverse("group_ranking") + query)
    row = page.content.decode().split("Xã Yên Thủy")[1].split("</tr>")[0]
    assert "0,00" in row  # the same index as the year before
    assert row.count("—") == 1  # 2023's result was in no group: places are not compared


def test_each_table_downloads_with_its_numbers(sample: Sample) -> None:
    _import(sample, SCORECARDS)
    result = _result(sample, "X05")
    client = _client(sample)
    losses = load_workbook(
        BytesIO(client.get(reverse("result_export", args=[result.pk, "losses"])).content)
    ).active
    assert losses is not None
    codes = [row[0] for row in losses.iter_rows(min_row=3, values_only=True)]
    assert codes == ["1.1.1", "3.2", "3.3.1", "5.3", "6.3.1", "7.4.1", "8.2"]
    lost = [row[4] for row in losses.iter_rows(min_row=3, values_only=True)]
    assert sum(Decimal(str(value)) for value in lost) == Decimal("10.25")
    fields = load_workbook(
        BytesIO(client.get(reverse("result_export", args=[result.pk, "fields"])).content)
    ).active
    assert fields is not None
    assert [row[3] for row in fields.iter_rows(min_row=3, values_only=True)] == [
        15.5,
        10,
        16.25,
        10,
        8,
        9,
        12,
        9,
    ]
    missing = client.get(reverse("result_export", args=[result.pk, "nothing"]))
    assert missing.status_code == 404


def test_the_import_is_shown_then_confirmed(sample: Sample) -> None:
    client = _client(sample)
    with ANNEX.open("rb") as upload:
        sent = client.post(
            reverse("results_import"),
            {"file": upload, "framework": sample.framework.pk},
            HTTP_HX_REQUEST="true",
        )
    staged = StagedImport.objects.get()
    assert sent["HX-Redirect"] == reverse("results_import_preview", args=[staged.pk])
    shown = client.get(sent["HX-Redirect"]).content.decode()
    assert shown.count("<tr><td>") == 12
    assert not Result.objects.filter(framework=sample.framework).exists()
    done = client.post(sent["HX-Redirect"], {"reason": "QĐ 123/QĐ-UBND"})
    assert done.status_code == 302
    assert Result.objects.filter(framework=sample.framework).count() == 12
    assert not StagedImport.objects.exists()


def test_a_refused_import_lists_its_problems_and_changes_nothing(sample: Sample) -> None:
    client = _client(sample)
    before = state(), StagedImport.objects.count()
    bad = CSV.read_bytes().replace(b"1,50;1,50;0,00", b"1,50;1,50;abc")
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post(
        reverse("results_import"),
        {"file": SimpleUploadedFile("yt.csv", bad), "framework": sample.framework.pk},
    ).content.decode()
    assert "Chưa nhập dữ liệu nào: có 1 lỗi." in page
    assert "tệp yt.csv, dòng 4, cột “Diem tham dinh”: “abc” không phải một số điểm" in page
    empty = client.post(reverse("results_import"), {"framework": sample.framework.pk})
    assert "Trường này là bắt buộc." in empty.content.decode()
    assert (state(), StagedImport.objects.count()) == before


def test_the_radar_needs_three_fields_and_keeps_shares_within_the_rim() -> None:
    assert radar([("1", Decimal(1), Decimal(2)), ("2", Decimal(1), Decimal(2))]) is None
    chart = radar(
        [(str(n), Decimal(n), Decimal(4)) for n in range(1, 6)] + [("6", Decimal(9), Decimal(4))]
    )
    assert chart is not None
    assert len(chart.spokes) == 6
    rim = chart.rings[-1].split()
    shape = chart.shape.split()
    assert shape[3] == rim[3]  # 4 of 4: on the rim
    assert shape[5] == rim[5]  # 9 of 4 is drawn at the rim, not beyond


def test_the_results_list_comes_a_page_at_a_time(
    sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    _import(sample, ANNEX)
    monkeypatch.setattr("parindex.results.views.PAGE_SIZE", 5)
    client = _client(sample)
    first = client.get(reverse("results_list")).content.decode()
    assert "Kết quả 1–5 trong số 12, mới nhất trước." in first
    last = client.get(reverse("results_list") + "?page=3").content.decode()
    assert "Kết quả 11–12 trong số 12, mới nhất trước." in last
    assert len(re.findall(r'href="/results/\d+/"', last)) == 2
