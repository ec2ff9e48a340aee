"""The self-assessment filled offline: download, fill, upload; all or nothing."""

import io

import openpyxl
from django.test import Client
from django.urls import reverse

from parindex.assessments import actions
from tests.assessments.test_actions import entry
from tests.assessments.test_pages import client_of
from tests.cast import World, state

VALUES = {"1.1": "có", "1.2": "92%", "2.1": "3", "2.2": "1,5"}


def downloaded(client: Client, w: World) -> openpyxl.Workbook:
    response = client.get(reverse("assessment_workbook", args=[w.assessment_a1.pk]))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def filled(book: openpyxl.Workbook, values: dict[str, str]) -> io.BytesIO:
    for row in book.worksheets[0].iter_rows(min_row=3):
        code = str(row[0].value)
        if code in values:
            row[4].value = values[code]
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "tu-danh-gia.xlsx"
    return data


def upload(client: Client, w: World, data: io.BytesIO) -> object:
    url = reverse("assessment_upload", args=[w.assessment_a1.pk])
    return client.post(url, {"file": data})


def test_a_filled_workbook_saves_every_criterion(world: World) -> None:
    client = client_of(world.officer_a)
    book = downloaded(client, world)
    codes = [row[0].value for row in book.worksheets[0].iter_rows(min_row=3)]
    assert codes == ["1.1", "1.2", "2.1", "2.2"]
    response = upload(client, world, filled(book, VALUES))
    assert response.status_code == 302  # type: ignore[attr-defined]
    points = {code: entry(world, code).self_points for code in VALUES}
    assert [str(p.normalize()) for p in points.values() if p is not None] == [
        "2",
        "2.76",
        "2.25",
        "1.5",
    ]
    assert entry(world, "1.2").inputs == {"ratio": "0.92"}


def test_one_bad_value_refuses_the_whole_file_naming_its_cell(world: World) -> None:
    client = client_of(world.officer_a)
    data = filled(downloaded(client, world), {**VALUES, "2.2": "1,2"})
    before = state()
    response = upload(client, world, data)
    text = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert 'id="upload-problems"' in text
    problems = text[text.index('id="upload-problems"') :]
    assert "tu-danh-gia.xlsx" in problems
    assert "6" in problems
    assert "“E”" in problems
    assert state() == before


def test_a_criterion_changed_since_the_download_is_refused(world: World) -> None:
    client = client_of(world.officer_a)
    book = downloaded(client, world)
    row = entry(world, "2.1")
    actions.save_entry(world.officer_a, row, version=1, inputs={"count": "0"})
    before = state()
    response = upload(client, world, filled(book, VALUES))
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert state() == before
    assert entry(world, "2.1").inputs == {"count": "0"}


def test_a_file_that_is_not_the_workbook_is_refused(world: World) -> None:
    client = client_of(world.officer_a)
    before = state()
    other = openpyxl.Workbook()
    other.worksheets[0].append(["Mã", "Điểm"])
    data = io.BytesIO()
    other.save(data)
    data.seek(0)
    data.name = "khac.xlsx"
    assert upload(client, world, data).status_code == 400  # type: ignore[attr-defined]
    text_file = io.BytesIO(b"not a workbook")
    text_file.name = "ghi-chu.xlsx"
    response = upload(client, world, text_file)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "ghi-chu.xlsx" in response.content.decode()  # type: ignore[attr-defined]
    assert state() == before


def test_only_the_units_officers_upload(world: World) -> None:
    client = client_of(world.coord_a)
    data = filled(downloaded(client, world), VALUES)
    assert upload(client, world, data).status_code == 403  # type: ignore[attr-defined]
    assert (
        client_of(world.coord_b)
        .get(reverse("assessment_workbook", args=[world.assessment_a1.pk]))
        .status_code
        == 404
    )
