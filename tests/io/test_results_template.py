"""The results import template: scorecards written in its shape read back equal
(parindex.io.results_workbook), the sample's facts survive the trip, the blank template is
refused only for the unit the user must write in, and the workbooks shipped in docs/ are
what the code writes.

docs/results-template.xlsx and docs/results-example.xlsx are compared cell by cell with
what `template` and `write` give now (not byte by byte: openpyxl writes the time). After
changing the writer, write them again with

    PARINDEX_REGENERATE=1 .venv/bin/pytest tests/io/test_results_template.py
"""

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from parindex.core.framework import Framework
from parindex.core.gaps import Scorecard, Scored, analyse
from parindex.core.messages import Message
from parindex.io import framework_file
from parindex.io import results_template as template
from parindex.io import results_workbook as results
from parindex.io.problems import FileRefused, Place, Problem

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "results"
DOCS = ROOT / "docs"
B = "B_scorecards_one_sheet_per_unit.xlsx"
FACTS: dict[str, Any] = json.loads((DATA / "facts.json").read_text("utf-8"))
UNITS: dict[str, dict[str, Any]] = {fact["name"]: fact for fact in FACTS["units"].values()}
FILE = "ket-qua.xlsx"
REGENERATE = "PARINDEX_REGENERATE"


def sample() -> list[Scorecard]:
    """The units of facts.json that B has full scorecards for."""
    return results.read((DATA / B).read_bytes(), B)


def commune_example() -> Framework:
    path = ROOT / "src" / "parindex" / "frameworks" / "builtin" / "commune-example.yaml"
    return framework_file.load(path.read_bytes(), path.name)


def assert_facts(cards: Sequence[Scorecard]) -> None:
    for card in cards:
        fact = UNITS[card.unit]
        assert card.total_achieved == Decimal(fact["appraised_total"])
        assert card.total_self == Decimal(fact["self_total"])
        achieved = {field.code: field.achieved for field in card.fields}
        assert achieved == {code: Decimal(v) for code, v in fact["fields_appraised"].items()}
        lost = {loss.code: loss.lost for loss in analyse(card).losses}
        assert lost == {code: Decimal(v) for code, v in fact["lost_leaves"].items()}
        assert analyse(card).lost == Decimal(fact["lost_total"])


def refused(data: bytes, framework: Framework | None = None) -> list[Problem]:
    with pytest.raises(FileRefused) as caught:
        results.read(data, FILE, framework)
    return caught.value.problems


def cells(data: bytes) -> dict[str, list[tuple[object, ...]]]:
    book = load_workbook(BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


# The sample, there and back ------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_sample_reads_back_equal_with_its_facts(lang: str) -> None:
    cards = sample()
    assert [card.unit for card in cards] == ["Xã Phúc Lâm", "Xã Yên Thủy", "Phường Bắc Sơn"]
    back = results.read(template.write(cards, lang), FILE)
    assert back == cards
    assert_facts(back)


def test_the_shipped_example_gives_the_facts_of_its_units() -> None:
    cards = results.read((DOCS / "results-example.xlsx").read_bytes(), "results-example.xlsx")
    assert [card.unit for card in cards] == ["Xã Phúc Lâm", "Xã Yên Thủy", "Phường Bắc Sơn"]
    assert all(card.year == 2024 and card.total_max == 100 for card in cards)
    assert_facts(cards)


SHIPPED: dict[str, Callable[[], bytes]] = {
    "results-template.xlsx": lambda: template.template(commune_example(), "vi"),
    "results-example.xlsx": lambda: template.write(sample(), "vi"),
}


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_the_shipped_workbook_is_what_the_code_writes(name: str) -> None:
    path = DOCS / name
    written = SHIPPED[name]()
    if os.environ.get(REGENERATE) == "1":
        path.write_bytes(written)
    how = f"write it again: {REGENERATE}=1 .venv/bin/pytest tests/io/test_results_template.py"
    assert path.exists(), f"docs/{name} is missing; {how}"
    assert cells(path.read_bytes()) == cells(written), f"docs/{name} is out of date; {how}"


def test_a_written_sheet_has_the_documented_shape() -> None:
    book = load_workbook(BytesIO(template.write(sample()[:1], "vi")))
    assert book.sheetnames == ["Hướng dẫn", "Xã Phúc Lâm"]
    rows = list(book["Xã Phúc Lâm"].iter_rows(values_only=True))
    assert rows[0][0] == "BẢNG ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024"
    assert rows[2][:2] == ("Đơn vị:", "Xã Phúc Lâm")
    assert rows[3][:2] == ("Năm:", 2024)  # no unit code known: no row for it
    assert rows[5] == (
        "Mã",
        "Tiêu chí",
        "Điểm tối đa",
        "Điểm tự đánh giá",
        "Điểm thẩm định",
        "Lý do trừ điểm",
        "Cấp trừ điểm",
    )
    assert rows[6][:5] == ("1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH", 17, 17, 17)
    assert rows[-1][:5] == (None, "Tổng cộng", 100, 97.75, 92.35)
    sheet = book["Xã Phúc Lâm"]
    assert sheet.freeze_panes == "C7"
    assert sheet.print_title_rows == "$6:$6"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1
    assert sheet["A7"].font.bold  # a field
    assert not sheet["A8"].font.bold  # a criterion
    assert (sheet["E19"].value, sheet["E19"].number_format) == (3.68, "0.00")  # 2.1
    assert sheet["E7"].number_format == "0"


def test_english_headers_and_labels() -> None:
    book = load_workbook(BytesIO(template.write(sample()[:1], "en")))
    assert book.sheetnames == ["Guide", "Xã Phúc Lâm"]
    rows = list(book["Xã Phúc Lâm"].iter_rows(values_only=True))
    assert rows[0][0] == "PAR INDEX SCORECARD 2024"
    assert [row[0] for row in rows[2:4]] == ["Unit:", "Year:"]
    assert rows[5][:7] == (
        "Code",
        "Criterion",
        "Max points",
        "Self score",
        "Appraised score",
        "Deduction reason",
        "Deducted by",
    )
    assert rows[-1][1] == "Total"


def test_points_come_back_as_the_same_decimals() -> None:
    values = ["0.08", "1.5", "2.25", "0.1", "33.33", "12.345678901234567891", "7"]
    nodes = tuple(
        Scored(code=str(n), title="x", max_points=Decimal(100), achieved=Decimal(v))
        for n, v in enumerate(values, start=1)
    )
    card = Scorecard(unit="Xã Tân Hòa", fields=nodes)
    (back,) = results.read(template.write([card]), FILE)
    assert [str(field.achieved) for field in back.fields] == values
    sheet = load_workbook(BytesIO(template.write([card])))["Xã Tân Hòa"]
    assert (sheet["E7"].value, sheet["E7"].number_format) == (0.08, "0.00")
    assert sheet["E12"].data_type == "s"  # beyond Excel's 15 digits: kept as text


# Several reasons, who deducted, sheet names -------------------------------------------


def test_several_reasons_and_levels_get_columns_of_their_own() -> None:
    loss = Scored(
        code="1.1",
        title="Kế hoạch",
        max_points=Decimal(3),
        achieved=Decimal("1.5"),
        self_points=Decimal(3),
        reasons=("Ban hành chậm, sau 15/01", "Thiếu kế hoạch\nkiểm tra"),
        deducted_by=("Phòng Nội vụ", "Sở Nội vụ", "Hội đồng thẩm định"),
    )
    field = Scored(code="1", title="Chỉ đạo", max_points=Decimal(3), achieved=Decimal("1.5"))
    card = Scorecard(unit="Xã Tân Hòa", fields=(replace(field, children=(loss,)),))
    data = template.write([card])
    header = list(load_workbook(BytesIO(data))["Xã Tân Hòa"].iter_rows(values_only=True))[5]
    assert header[5:] == (
        "Lý do trừ điểm",
        "Lý do trừ điểm 2",
        "Cấp trừ điểm",
        "Cấp trừ điểm 2",
        "Cấp trừ điểm 3",
    )
    assert results.read(data, FILE) == [card]


def card_of(unit: str) -> Scorecard:
    field = Scored(code="1", title="Lĩnh vực", max_points=Decimal(10), achieved=Decimal("9.5"))
    return Scorecard(unit=unit, fields=(field,), year=2024, total_max=Decimal(10))


def test_units_get_distinct_valid_sheet_names_and_read_back() -> None:
    long = "Xã Thượng Lâm Trung Lâm Hạ Lâm Đông"  # 35 characters: 31 the same in both
    units = ["Xã A/B: [thử]", f"{long} Một", f"{long} Hai", "Hướng dẫn", "Xã Tân Hòa"]
    cards = [card_of(unit) for unit in units]
    data = template.write(cards)
    names = load_workbook(BytesIO(data)).sheetnames
    assert (
        names
        == [
            "Hướng dẫn",
            "Xã A B thử",
            long[:31].strip(),  # "Xã Thượng Lâm Trung Lâm Hạ Lâm"
            f"{long[:27].strip()} (2)",
            "Hướng dẫn (2)",  # not the guide's, which is not read
            "Xã Tân Hòa",
        ]
    )
    assert results.read(data, FILE) == cards


# The blank template --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("with_framework", "lang", "sheet"),
    [
        (True, "vi", "Mẫu"),
        (True, "en", "Template"),
        (False, "vi", "Ví dụ"),
        (False, "en", "Example"),
    ],
)
def test_the_blank_template_is_refused_for_the_unit_it_lacks(
    with_framework: bool, lang: str, sheet: str
) -> None:
    """Uploaded unfilled, it is refused naming its sheet, with the message that says to
    write the unit (the guide says so too); nothing else is wrong with it."""
    framework = commune_example() if with_framework else None
    data = template.template(framework, lang)
    expected = [Problem(Place(FILE, sheet), Message(results.UNIT_MISSING))]
    assert refused(data) == expected
    assert refused(data, framework) == expected
    guide = {"vi": "Hướng dẫn", "en": "Guide"}[lang]
    assert load_workbook(BytesIO(data)).sheetnames == [guide, sheet]


def test_the_template_lists_the_frameworks_nodes_and_reads_once_filled_in() -> None:
    framework = commune_example()
    book = load_workbook(BytesIO(template.template(framework, "vi")))
    sheet = book["Mẫu"]
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows[2:5]] == ["Đơn vị:", "Mã đơn vị:", "Năm:"]
    listed = [row for row in rows[7:] if row[0]]
    walk = list(framework.walk())
    assert [(row[0], row[1]) for row in listed] == [(node.code, node.title) for node, _ in walk]
    assert all(row[3] is None and row[4] is None and row[5] is None for row in listed)
    assert rows[-1][1:3] == ("Tổng cộng", 100)
    # The user writes the unit and year beside their labels, and a few points.
    sheet["B3"] = "UBND xã Tân Hòa"
    sheet["B5"] = 2025
    first = 8 + [row[0] for row in listed].index("1.1.1")
    sheet.cell(row=first, column=5, value="0,5")
    sheet.cell(row=first, column=6, value="Ban hành chậm")
    out = BytesIO()
    book.save(out)
    (card,) = results.read(out.getvalue(), FILE, framework)
    assert (card.unit, card.unit_code, card.year) == ("Xã Tân Hòa", None, 2025)
    (loss,) = analyse(card).losses
    assert (loss.code, loss.lost, loss.reasons) == ("1.1.1", Decimal("0.5"), ("Ban hành chậm",))


def test_the_template_without_a_framework_shows_example_rows() -> None:
    sheet = load_workbook(BytesIO(template.template(None, "vi")))["Ví dụ"]
    rows = list(sheet.iter_rows(values_only=True))
    assert str(rows[5][0]).startswith("VÍ DỤ:")
    codes = [row[0] for row in rows[8:] if row[0]]
    assert codes[:3] == ["1", "1.1", "1.1.1"]
    assert all("(ví dụ)" in str(row[1]) for row in rows[8:-1])
    assert rows[-1][1:3] == ("Tổng cộng", 15)


def test_the_guide_says_what_the_user_must_know() -> None:
    said = {
        "vi": ["Đơn vị:", "Lý do trừ điểm 2", "Cấp trừ điểm 2", "1,5", "Tổng cộng", "trang, dòng"],
        "en": ["Unit:", "Deduction reason 2", "Deducted by 2", "1,5", "Total", "sheet, row"],
    }
    for lang, words in said.items():
        guide = load_workbook(BytesIO(template.template(None, lang))).worksheets[0]
        text = "\n".join(str(v) for row in guide.iter_rows(values_only=True) for v in row if v)
        for word in words:
            assert word in text, (lang, word)


# With a framework, and refusals ----------------------------------------------------------


def test_with_a_framework_missing_titles_and_maxima_are_the_frameworks() -> None:
    framework = commune_example()
    node = framework.by_code("1.1")
    assert node is not None
    bare = Scored(code="1.1", title="", max_points=None, achieved=Decimal(3))
    field = Scored(code="1", title="", max_points=None, achieved=None, children=(bare,))
    card = Scorecard(unit="Xã Tân Hòa", fields=(field,))
    (back,) = results.read(template.write([card], framework=framework), FILE)
    criterion = back.fields[0].children[0]
    assert (criterion.title, criterion.max_points) == (node.title, node.known_max())
    (plain,) = results.read(template.write([card]), FILE)
    assert plain == card  # without the framework, written as it is


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="'fr'"):
        template.write(sample(), "fr")
    with pytest.raises(ValueError, match="'fr'"):
        template.template(None, "fr")


# Any scorecard, there and back ----------------------------------------------------------

LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyĐÂƯ"
    + "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
)
TITLES = st.text(alphabet=LETTERS + " ,", max_size=40).map(lambda text: " ".join(text.split()))
TEXTS = st.text(alphabet=LETTERS + " ,;.\n0123456789", min_size=1, max_size=40).map(str.strip)
NOTES = st.lists(TEXTS.filter(bool), max_size=3).map(tuple)
UNIT_NAMES = [
    "Xã Tân Hòa",
    "Phường Bắc Sơn",
    "Thị trấn Đông Anh",
    "Đặc khu Côn Đảo",
    "Xã Ea H'Leo",
    "Phường 1",
    "Xã A/B: [thử]",
    "Xã Thượng Lâm Trung Lâm Hạ Lâm Đông Một",
    "Xã Thượng Lâm Trung Lâm Hạ Lâm Đông Hai",
]


def points(most: Decimal | None) -> st.SearchStrategy[Decimal | None]:
    top = Decimal(100) if most is None else most
    return st.none() | st.decimals(min_value=0, max_value=top, places=2)


@st.composite
def scored(draw: st.DrawFn, code: str, depth: int) -> Scored:
    most = draw(points(None))
    numbers = draw(st.lists(st.integers(1, 12), unique=True, max_size=3)) if depth < 3 else []
    return Scored(
        code=code,
        title=draw(TITLES),
        max_points=most,
        achieved=draw(points(most)),
        self_points=draw(points(most)),
        reasons=draw(NOTES),
        deducted_by=draw(NOTES),
        children=tuple(draw(scored(f"{code}.{n}", depth + 1)) for n in numbers),
    )


@st.composite
def scorecard(draw: st.DrawFn, unit: str) -> Scorecard:
    fields = draw(st.lists(st.integers(1, 9), unique=True, min_size=1, max_size=3))
    most = draw(points(None))
    return Scorecard(
        unit=unit,
        fields=tuple(draw(scored(str(n), 1)) for n in fields),
        unit_code=draw(st.none() | st.from_regex(r"[A-Z]{0,2}[0-9]{2,4}", fullmatch=True)),
        year=draw(st.none() | st.integers(2000, 2099)),
        total_max=most,
        total_achieved=draw(points(most)),
        total_self=draw(points(most)),
        index_percent=draw(points(Decimal(100))),
    )


@st.composite
def scorecards(draw: st.DrawFn) -> list[Scorecard]:
    units = draw(st.lists(st.sampled_from(UNIT_NAMES), unique=True, min_size=1, max_size=3))
    return [draw(scorecard(unit)) for unit in units]


@settings(max_examples=40, deadline=None)
@given(scorecards(), st.sampled_from(["vi", "en"]))
def test_any_scorecard_reads_back_equal(cards: list[Scorecard], lang: str) -> None:
    assert results.read(template.write(cards, lang), FILE) == cards
