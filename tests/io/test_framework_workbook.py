"""Frameworks to and from Excel: YAML → Excel → YAML keeps every value, an edited workbook
reads as a coordinator meant it, and every refusal names its sheet, row and column."""

import itertools
import zipfile
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from parindex.core.framework import Framework, GradeBand, Node, Provenance, Scoring, check
from parindex.core.messages import Message
from parindex.core.rules import RuleSpec
from parindex.io import framework_file, render
from parindex.io import framework_workbook as workbook
from parindex.io import org_workbook as sheets
from parindex.io.problems import FileRefused, Place, Problem

FILE = "bo-tieu-chi.xlsx"
FRAMEWORK, NODES = "Bộ tiêu chí", "Tiêu chí"

BASE_YAML = """\
format: parindex-framework/1
id: tinh-vi-du
title: Bộ chỉ số CCHC cấp tỉnh (ví dụ)
level: province
years: [2025]
provenance: example
scale_max: 100
composite: {appraised: 68, survey: 32}
bands:
  - {name: Tốt, at_least: 80}
  - {name: Khá, at_least: 65, below: 80}
nodes:
  - id: f1
    code: "1"
    title: Công tác chỉ đạo, điều hành CCHC
    max: 3
    children:
      - id: f1-c1
        code: "1.1"
        title: Kế hoạch CCHC năm
        max: 1
        rule: {type: met, labels: {met: kế hoạch ban hành đúng hạn}}
      - id: f1-c2
        code: "1.2"
        title: Báo cáo CCHC định kỳ
        max: 2
        rule: {type: manual, step: 0.25}
  - id: f2
    code: "2"
    title: Cải cách thủ tục hành chính
    max: 14.5
    children:
      - id: f2-c1
        code: "2.1"
        title: Tỷ lệ hồ sơ trực tuyến
        max: 10
        scoring: data
        rule: {type: proportional, floor: 0.1}
      - id: f2-c2
        code: "2.2"
        title: Hồ sơ trễ hạn
        max: 4.5
        rule: {type: deduct_per_occurrence, per: 0.5}
"""
BASE = framework_file.load(BASE_YAML, "base.yaml")
# Where `write` puts things in BASE's Vietnamese workbook: the framework's rows (a header
# row, then one row per field in FRAMEWORK_KEYS' order, a blank row, the bands' header row
# and the bands), and one row per node in pre-order after the header row.
KEY_ROW = {column.key: row for row, column in enumerate(workbook.FRAMEWORK_KEYS, start=2)}
# The bands follow the facts, a blank row and their header row.
_FIRST_BAND = len(workbook.FRAMEWORK_KEYS) + 4
BAND_ROW = {"Tốt": _FIRST_BAND, "Khá": _FIRST_BAND + 1}
NODE_ROW = {"1": 2, "1.1": 3, "1.2": 4, "2": 5, "2.1": 6, "2.2": 7}
NODE_COLUMN = {column.key: column.vi for column in workbook.NODE_COLUMNS}


def round_trip(framework: Framework, lang: str = "vi") -> Framework:
    return workbook.read(workbook.write(framework, lang), FILE)


def refused(data: bytes) -> list[Problem]:
    with pytest.raises(FileRefused) as refusal:
        workbook.read(data, FILE)
    assert refusal.value.problems
    return refusal.value.problems


def edited(*edits: Callable[[Workbook], None], framework: Framework = BASE) -> bytes:
    """BASE's Vietnamese workbook as opened, changed by `edits` and saved in Excel."""
    book = load_workbook(BytesIO(workbook.write(framework)))
    for edit in edits:
        edit(book)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def column_of(sheet: Worksheet, header: str) -> int:
    return next(cell.column for cell in sheet[1] if cell.value == header)


def node_cell(code: str, key: str, value: Any) -> Callable[[Workbook], None]:
    def edit(book: Workbook) -> None:
        sheet = book[NODES]
        sheet.cell(NODE_ROW[code], column_of(sheet, NODE_COLUMN[key])).value = value

    return edit


def key_cell(key: str, value: Any, column: int = 2) -> Callable[[Workbook], None]:
    def edit(book: Workbook) -> None:
        book[FRAMEWORK].cell(KEY_ROW[key], column).value = value

    return edit


def band_cell(name: str, column: int, value: Any) -> Callable[[Workbook], None]:
    def edit(book: Workbook) -> None:
        book[FRAMEWORK].cell(BAND_ROW[name], column).value = value

    return edit


def node_place(code: str, key: str) -> Place:
    return Place(FILE, NODES, NODE_ROW[code], NODE_COLUMN[key], node=code)


def key_place(key: str) -> Place:
    return Place(FILE, FRAMEWORK, KEY_ROW[key], "Giá trị")


# --- the round trip ---------------------------------------------------------------------


def test_the_base_framework_round_trips_in_both_languages() -> None:
    assert BASE.is_complete()
    assert max(KEY_ROW.values()) + 2 == BAND_ROW["Tốt"] - 1  # a blank row, then the header
    for lang in ("vi", "en"):
        back = round_trip(BASE, lang)
        assert back == BASE
        assert back.content_hash() == BASE.content_hash()
        assert framework_file.load(framework_file.dump(back), "back.yaml") == BASE


def test_the_workbook_reads_well() -> None:
    book = load_workbook(BytesIO(workbook.write(BASE)))
    assert book.sheetnames == [FRAMEWORK, NODES, "Hướng dẫn"]
    nodes = book[NODES]
    assert [cell.value for cell in nodes[1]] == list(NODE_COLUMN.values())
    assert nodes.freeze_panes == "A2"
    assert nodes[1][0].font.bold
    row = [cell.value for cell in nodes[NODE_ROW["1.2"]]]
    assert row[:6] == [2, "f1-c2", "1.2", "Báo cáo CCHC định kỳ", None, 2]
    assert row[8:10] == ["manual", "{step: 0.25}"]
    assert nodes.cell(NODE_ROW["2"], 6).value == 14.5  # a number Excel can add up
    assert nodes.cell(NODE_ROW["1.1"], 11).value == "{met: kế hoạch ban hành đúng hạn}"
    assert nodes.cell(NODE_ROW["1.1"], 3).number_format == "@"  # "1.10" stays "1.10"
    assert nodes.cell(NODE_ROW["1.1"], 4).alignment.wrap_text
    frame = book[FRAMEWORK]
    assert frame.cell(KEY_ROW["years"], 2).value == "2025"
    assert frame.cell(KEY_ROW["composite"], 2).value == "appraised: 68; survey: 32"
    assert [cell.value for cell in frame[BAND_ROW["Khá"]]] == ["Khá", 65, 80]
    english = load_workbook(BytesIO(workbook.write(BASE, "en")))
    assert english.sheetnames == ["Framework", "Nodes", "Guide"]
    assert english["Nodes"]["A1"].value == "Depth"
    assert english["Framework"].cell(KEY_ROW["example"], 1).value == "Example"
    assert english["Framework"].cell(KEY_ROW["example"], 2).value == "no"
    guide = [str(cell.value) for row in book["Hướng dẫn"].iter_rows() for cell in row]
    assert "Tham số quy tắc" in guide
    assert "Rule parameters" in guide


def test_a_title_like_a_formula_stays_text() -> None:
    node = BASE.nodes[0].children[0]
    changed = Framework(
        id=BASE.id,
        title="=SUM(A1:A3)",
        level=BASE.level,
        years=BASE.years,
        nodes=(
            Node(
                id=node.id,
                code="1",
                title="=1+1",
                max_points=Decimal("0.1234567890123456789"),  # more than Excel's 15 digits
                scoring=Scoring.ASSESSED,
                provenance=Provenance.USER,
                evidence="  Báo cáo\nQuyết định  ",
            ),
        ),
    )
    assert round_trip(changed) == changed


D = Decimal
VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứự"
    "ỳỷỹýỵAĂÂĐÊÔƠƯHQTXYỨỦ0123456789"
)
WORDS = st.text(alphabet=VIETNAMESE, min_size=1, max_size=8)
PUNCTUATION = st.sampled_from([",", ";", ":", "(1)", "%", "–", "/", "“x”", "0,5", "#2", "'q"])
PHRASES = st.lists(st.one_of(WORDS, PUNCTUATION), min_size=1, max_size=5).map(" ".join)
TITLES = st.one_of(PHRASES, PHRASES, PHRASES, PHRASES.map(lambda text: "=" + text))
PARAGRAPHS = st.lists(PHRASES, min_size=1, max_size=3).map("\n".join)
LABEL_WORDS = st.sampled_from(["văn bản điện tử", "hồ sơ trễ hạn", "tỷ lệ hài lòng", "đạt"])
INPUT_NAMES = ["dung_han", "tỷ_lệ_trực_tuyến", "hồ sơ", "ratio_b"]


def cents(value: int) -> Decimal:
    return Decimal(value).scaleb(-2)


def ascending(draw: st.DrawFn, count: int, low: int, high: int) -> list[int]:
    return sorted(draw(st.lists(st.integers(low, high), min_size=count, max_size=count)))


@st.composite
def rules(draw: st.DrawFn, most: int) -> RuleSpec:
    """A rule whose parameters hold with a max of `most` cents, as a YAML file states it."""
    kind = draw(st.sampled_from(RULE_KINDS))
    params: dict[str, object] = {}
    inputs = {
        "manual": ["score"],
        "met": ["met"],
        "given": ["points"],
        "count_steps": ["count"],
        "deduct_per_occurrence": ["count"],
        "ratio_thresholds": ["ratio"],
        "proportional": ["ratio"],
        "deduct_unless": ["ratio"],
        "honesty": ["self_total", "appraised_total"],
    }.get(kind, [])
    if kind == "manual":
        divisors = [step for step in range(1, most + 1) if most % step == 0]
        params["step"] = cents(draw(st.sampled_from(divisors)))
    elif kind in ("count_steps", "ratio_thresholds"):
        high = 50 if kind == "count_steps" else 100
        thresholds = sorted(draw(st.sets(st.integers(0, high), min_size=1, max_size=4)))
        points = ascending(draw, len(thresholds), 0, most)
        steps: list[list[object]] = [
            [threshold if kind == "count_steps" else cents(threshold), cents(award)]
            for threshold, award in zip(thresholds, points, strict=True)
        ]
        if draw(st.booleans()):
            steps.reverse()  # as decisions list them: the highest first
        params["steps"] = steps
        if kind == "ratio_thresholds" and draw(st.booleans()):
            params["inclusive"] = draw(st.booleans())
    elif kind == "proportional":
        floor, full = sorted(draw(st.sets(st.integers(0, 100), min_size=2, max_size=2)))
        shape = draw(st.sampled_from(["none", "floor", "full", "both"]))
        if shape in ("floor", "both") and (shape == "both" or full == 100):
            params["floor"] = cents(floor)
        if shape in ("full", "both") and (shape == "both" or floor == 0):
            params["full"] = cents(full)
    elif kind == "deduct_per_occurrence":
        params["per"] = cents(draw(st.integers(1, most)))
    elif kind == "all_of":
        names = draw(st.lists(st.sampled_from(INPUT_NAMES), min_size=1, max_size=3, unique=True))
        params["conditions"] = [
            {"input": name, "at_least": cents(draw(st.integers(0, 100)))} for name in names
        ]
        inputs = names
    elif kind == "deduct_unless":
        params["threshold"] = cents(draw(st.integers(0, 100)))
        params["deduction"] = cents(draw(st.integers(1, most)))
        if draw(st.booleans()):
            params["direction"] = draw(st.sampled_from(["at_least", "at_most"]))
        if draw(st.booleans()):
            params["inclusive"] = draw(st.booleans())
    elif kind == "honesty":
        within = draw(st.integers(0, 1000))
        params["within_percent"] = cents(within)
        percents = sorted(draw(st.sets(st.integers(within + 1, 5000), max_size=3)))
        if percents:
            awards = ascending(draw, len(percents), 0, most)[::-1]  # farther earns less
            params["steps"] = [
                [cents(percent), cents(award)]
                for percent, award in zip(percents, awards, strict=True)
            ]
    named = draw(st.lists(st.sampled_from(inputs), unique=True)) if inputs else []
    labels = {name: draw(LABEL_WORDS) for name in named}
    return RuleSpec(kind, params, labels)


RULE_KINDS = [
    "manual",
    "met",
    "count_steps",
    "ratio_thresholds",
    "proportional",
    "all_of",
    "deduct_per_occurrence",
    "deduct_unless",
    "honesty",
    "given",
]


@st.composite
def frameworks(draw: st.DrawFn) -> Framework:
    """A sound framework a YAML file could hold: maxima add up, every rule holds."""
    deepest = draw(st.integers(1, 4))
    numbers = itertools.count(1)

    def build(code: str, level: int) -> tuple[Node, int | None]:
        """A node and its known max in cents (None when it cannot be known)."""
        node_id = f"n{next(numbers)}-{draw(st.sampled_from(['a', 'tc', 'đ']))}"
        title, title_en = draw(TITLES), draw(st.none() | PHRASES)
        provenance = draw(st.sampled_from(Provenance))
        evidence = draw(st.just("") | PARAGRAPHS)
        department = draw(st.none() | st.sampled_from(["home_affairs", "tư_pháp"]))

        def node(
            most: int | None, scoring: Scoring, rule: RuleSpec | None, children: tuple[Node, ...]
        ) -> Node:
            return Node(
                id=node_id,
                code=code,
                title=title,
                title_en=title_en,
                max_points=None if most is None else cents(most),
                scoring=scoring,
                provenance=provenance,
                rule=rule,
                evidence=evidence,
                department=department,
                children=children,
            )

        if level == deepest or (level > 1 and draw(st.integers(0, 3)) == 0):
            scoring = draw(st.sampled_from([Scoring.ASSESSED, Scoring.DATA, Scoring.SURVEY]))
            if draw(st.integers(0, 9)) == 0:  # a skeleton's leaf: nothing known yet
                return node(None, scoring, None, ()), None
            most = draw(st.integers(1, 2000))
            rule = None if draw(st.integers(0, 9)) == 0 else draw(rules(most))
            return node(most, scoring, rule, ()), most
        count = draw(st.integers(1, 3))
        built = [build(f"{code}.{index}", level + 1) for index in range(1, count + 1)]
        children = tuple(child for child, _most in built)
        maxima = [most for _child, most in built]
        known = None if None in maxima else sum(most for most in maxima if most is not None)
        if known is not None and draw(st.integers(0, 4)) == 0:
            cap = draw(st.integers(1, known))
            return node(cap, Scoring.FIXED_TOTAL, None, children), cap
        declared = known if known is not None and draw(st.booleans()) else None
        return node(declared, Scoring.ASSESSED, None, children), known

    roots = tuple(build(str(index), 1)[0] for index in range(1, draw(st.integers(1, 4)) + 1))
    cuts = sorted(draw(st.sets(st.integers(0, 1000), max_size=3)), reverse=True)
    names = ["Xuất sắc", "Tốt", "Khá", "Trung bình"]
    top = draw(st.none() | st.integers(1001, 1200))
    bands = tuple(
        GradeBand(
            names[index],
            Decimal(cut).scaleb(-1),
            Decimal(cuts[index - 1]).scaleb(-1) if index else None if top is None else D(top),
        )
        for index, cut in enumerate(cuts)
    )
    composite = st.dictionaries(
        st.sampled_from(["appraised", "survey", "thẩm định", "điều tra: xã hội học", "yes"]),
        st.integers(0, 10_000).map(cents),
        max_size=3,
    )
    return Framework(
        id=draw(st.sampled_from(["tinh-2025", "bo-nganh", "xã-mẫu"])),
        title=draw(TITLES),
        title_en=draw(st.none() | PHRASES),
        level=draw(st.sampled_from(["province", "department", "commune"])),
        years=tuple(draw(st.lists(st.integers(2020, 2030), min_size=1, max_size=3, unique=True))),
        decision=draw(st.none() | st.sampled_from(["876/QĐ-BNV", "2211/QĐ-UBND"])),
        example=draw(st.booleans()),
        note=draw(st.just("") | PARAGRAPHS),
        sources=tuple(draw(st.lists(PHRASES, max_size=3))),
        expected_counts=tuple(draw(st.lists(st.none() | st.integers(0, 200), max_size=3))),
        decimals=draw(st.integers(0, 4)),
        scale_max=draw(st.none() | st.integers(1, 100_000).map(cents)),
        composite=draw(st.none() | composite),
        index_may_exceed_max=draw(st.booleans()),
        bands=bands,
        nodes=roots,
    )


@settings(max_examples=50, deadline=None)
@given(frameworks(), st.sampled_from(["vi", "en"]))
def test_yaml_to_excel_to_yaml_keeps_every_value(framework: Framework, lang: str) -> None:
    assert check(framework) == []
    text = framework_file.dump(framework)
    from_yaml = framework_file.load(text, "f.yaml")
    assert from_yaml == framework  # what the generator makes, a YAML file can say
    back = round_trip(from_yaml, lang)
    assert back == framework
    assert back.content_hash() == framework.content_hash()
    again = framework_file.load(framework_file.dump(back), "f.yaml")
    assert again == framework
    assert again.content_hash() == framework.content_hash()


# --- a workbook a coordinator edited ------------------------------------------------------


def test_a_workbook_edited_by_hand_reads_as_meant() -> None:
    """English headers in another order, STT columns, blank rows, "14,5" as text, a code
    typed as a number, headers without diacritics, a band table with its columns swapped."""
    book = Workbook()
    assert book.active is not None
    book.remove(book.active)
    nodes = book.create_sheet("Nodes")
    nodes.append(["STT", "Code", "Depth", "Title", "Max points", "Rule type", "Rule parameters"])
    nodes["H1"] = "ID"
    nodes["I1"] = "Ten tieng Anh"  # "Tên tiếng Anh" typed without diacritics
    nodes["J1"] = "Cach cham"
    rows: list[list[object]] = [
        [1, 1, 1, "Lĩnh vực một", "14,5", None, None, "f1", "Field one", None],
        [2, "1.1", "2", "Tiêu chí một", "10", "proportional", None, "f1-c1", None, "dữ liệu"],
        [None, None, None, None, None, None, None, None, None, None],
        [3, "1.2", 2, "Tiêu chí hai", 4.5, "manual", "{step: 0.5}", "f1-c2", None, None],
        [4, "2", 1, "Lĩnh vực hai", None, None, None, "f2", None, None],
        [5, "2.1", 2, "Tiêu chí ba", "0.125", "met", None, "f2-c1", None, "survey"],
    ]
    for row in rows:
        nodes.append(row)
    frame = book.create_sheet("framework")
    frame.append(["STT", "Value", "Field"])
    frame.append([1, "bo-thu", "id"])
    frame.append([2, "Bộ thử", "Title"])
    frame.append([3, "commune", "Cap ap dung"])
    frame.append([4, 2025, "Years"])
    frame.append([5, "appraised: 68; survey: 32", "Composite"])
    frame.append([6, "Yes", "Example"])
    frame.append([])
    frame.append([None, "At least (%)", "Band", "Duoi (%)"])
    frame.append([None, "90", "Tốt"])
    frame.append([None, 70, "Khá", 90])
    out = BytesIO()
    book.save(out)

    got = workbook.read(out.getvalue(), FILE)

    def leaf(node_id: str, code: str, title: str, most: str, rule: RuleSpec) -> Node:
        scoring = {"f1-c1": Scoring.DATA, "f2-c1": Scoring.SURVEY}.get(node_id, Scoring.ASSESSED)
        return Node(
            id=node_id,
            code=code,
            title=title,
            max_points=D(most),
            scoring=scoring,
            provenance=Provenance.USER,
            rule=rule,
        )

    expected = Framework(
        id="bo-thu",
        title="Bộ thử",
        level="commune",
        years=(2025,),
        example=True,
        composite={"appraised": D(68), "survey": D(32)},
        bands=(GradeBand("Tốt", D(90)), GradeBand("Khá", D(70), D(90))),
        nodes=(
            Node(
                id="f1",
                code="1",
                title="Lĩnh vực một",
                title_en="Field one",
                max_points=D("14.5"),
                scoring=Scoring.ASSESSED,
                provenance=Provenance.USER,
                children=(
                    leaf("f1-c1", "1.1", "Tiêu chí một", "10", RuleSpec("proportional")),
                    leaf(
                        "f1-c2",
                        "1.2",
                        "Tiêu chí hai",
                        "4.5",
                        RuleSpec("manual", {"step": D("0.5")}),
                    ),
                ),
            ),
            Node(
                id="f2",
                code="2",
                title="Lĩnh vực hai",
                max_points=None,
                scoring=Scoring.ASSESSED,
                provenance=Provenance.USER,
                children=(leaf("f2-c1", "2.1", "Tiêu chí ba", "0.125", RuleSpec("met")),),
            ),
        ),
    )
    assert got == expected


def test_a_written_workbook_edited_in_excel_reads_back() -> None:
    """Values Excel turns into numbers or booleans on typing still read as meant."""
    data = edited(
        key_cell("years", 2025),
        key_cell("example", True),
        key_cell("decimals", "2"),
        node_cell("2", "max", "14,5"),
        node_cell("1.2", "depth", 2.0),
        node_cell("2.2", "max", "4.50"),
        node_cell("2.1", "scoring", "DATA"),
        node_cell("2.1", "provenance", "Vi du"),
    )
    assert workbook.read(data, FILE) == replace(BASE, example=True)


# --- refusals -----------------------------------------------------------------------------


def drop_sheet(title: str) -> Callable[[Workbook], None]:
    def edit(book: Workbook) -> None:
        book.remove(book[title])

    return edit


def drop_column(header: str) -> Callable[[Workbook], None]:
    def edit(book: Workbook) -> None:
        book[NODES].delete_cols(column_of(book[NODES], header))

    return edit


def extra_header(header: str) -> Callable[[Workbook], None]:
    def edit(book: Workbook) -> None:
        book[NODES].cell(1, len(NODE_COLUMN) + 1).value = header

    return edit


def drop_key_row(key: str) -> Callable[[Workbook], None]:
    def edit(book: Workbook) -> None:
        book[FRAMEWORK].delete_rows(KEY_ROW[key])

    return edit


def copy_nodes_as(title: str) -> Callable[[Workbook], None]:
    def edit(book: Workbook) -> None:
        book.copy_worksheet(book[NODES]).title = title

    return edit


N = node_place
V, C = workbook, framework_file
BANDS_AT_LEAST = "Từ (%)"

REFUSALS: list[
    tuple[str, list[Callable[[Workbook], None]], list[tuple[Place, str, dict[str, object]]]]
] = [
    (
        "missing sheet",
        [drop_sheet(NODES)],
        [(Place(FILE), V.SHEET_MISSING, {"vi": NODES, "en": "Nodes"})],
    ),
    (
        "sheet twice",
        [copy_nodes_as("Nodes")],
        [(Place(FILE, "Nodes"), sheets.SHEET_TWICE, {"other": NODES})],
    ),
    (
        "missing column",
        [drop_column("Mã tiêu chí")],
        [
            (
                Place(FILE, NODES, 1, "Mã tiêu chí"),
                sheets.COLUMN_MISSING,
                {"vi": "Mã tiêu chí", "en": "Code"},
            )
        ],
    ),
    (
        "unknown column",
        [extra_header("Ghi chú riêng")],
        [(Place(FILE, NODES, 1, "Ghi chú riêng"), sheets.COLUMN_UNKNOWN, {})],
    ),
    (
        "column twice",
        [extra_header("Code")],
        [(Place(FILE, NODES, 1, "Code"), sheets.COLUMN_TWICE, {"other": "C"})],
    ),
    (
        "bad number",
        [node_cell("1.1", "max", "một")],
        [(N("1.1", "max"), V.VALUE_NUMBER, {"value": "một"})],
    ),
    (
        "bad depth",
        [node_cell("1.2", "depth", "hai")],
        [(N("1.2", "depth"), V.DEPTH_BAD, {"value": "hai"})],
    ),
    (
        "depth zero",
        [node_cell("1.2", "depth", 0)],
        [(N("1.2", "depth"), V.DEPTH_BAD, {"value": "0"})],
    ),
    (
        "depth left empty",
        [node_cell("1.2", "depth", None)],
        [(N("1.2", "depth"), sheets.VALUE_REQUIRED, {})],
    ),
    (
        "depth jumps by two",
        [node_cell("1.1", "depth", 3)],
        [(N("1.1", "depth"), V.DEPTH_JUMP, {"depth": 3, "previous": 1})],
    ),
    (
        "the first row is not a field",
        [node_cell("1", "depth", 2)],
        [(N("1", "depth"), V.DEPTH_JUMP, {"depth": 2, "previous": 0})],
    ),
    (
        "bad YAML in the parameters",
        [node_cell("1.2", "params", "{step: [0.25")],
        [(N("1.2", "params"), C.FILE_SYNTAX, {})],
    ),
    (
        "parameters that are not a mapping",
        [node_cell("1.2", "params", "0.25")],
        [(N("1.2", "params"), V.VALUE_NOT_MAPPING, {"value": "0.25"})],
    ),
    (
        "a parameter twice",
        [node_cell("1.2", "params", "{step: 0.25, step: 0.5}")],
        [(N("1.2", "params"), C.FILE_DUPLICATE_KEY, {"key": "step"})],
    ),
    (
        "the type among the parameters",
        [node_cell("1.2", "params", "{type: met, step: 0.25}")],
        [(N("1.2", "params"), V.PARAM_RESERVED, {"param": "type"})],
    ),
    (
        "bad YAML in the labels",
        [node_cell("1.1", "labels", "{met: [")],
        [(N("1.1", "labels"), C.FILE_SYNTAX, {})],
    ),
    (
        "parameters without a rule",
        [node_cell("1.2", "rule", None)],
        [(N("1.2", "rule"), sheets.VALUE_REQUIRED, {})],
    ),
    (
        "an unknown way of scoring",
        [node_cell("2.1", "scoring", "ước lượng")],
        [(N("2.1", "scoring"), sheets.VALUE_CHOICE, {"value": "ước lượng"})],
    ),
    (
        "a title left empty",
        [node_cell("1.1", "title", "  ")],
        [(N("1.1", "title"), sheets.VALUE_REQUIRED, {})],
    ),
    (
        "a negative max",
        [node_cell("2.2", "max", -1)],
        [(N("2.2", "max"), C.FILE_FIELD, {"problem": "greater_than_equal", "ge": "0"})],
    ),
    (
        "duplicate code, at the row that repeats it",
        [node_cell("1.2", "code", "1.1")],
        [
            (
                Place(FILE, NODES, 4, "Mã tiêu chí", node="1.1"),
                "framework_duplicate_code",
                {"code": "1.1"},
            )
        ],
    ),
    (
        "duplicate id",
        [node_cell("2.1", "id", "f1-c1")],
        [(N("2.1", "id"), "framework_duplicate_id", {"id": "f1-c1", "first_code": "1.1"})],
    ),
    (
        "children over the parent's max",
        [node_cell("1", "max", "2,5")],
        [(N("1", "max"), "framework_children_over_max", {"max": D("2.5"), "children_sum": D(3)})],
    ),
    (
        "a code outside its parent",
        [node_cell("2.1", "code", "3.1")],
        [
            (
                Place(FILE, NODES, NODE_ROW["2.1"], "Mã tiêu chí", node="3.1"),
                "framework_code_outside_parent",
                {"parent": "2"},
            )
        ],
    ),
    (
        "a step above max",
        [node_cell("1.2", "params", "{step: 2.5}")],
        [(N("1.2", "params"), "rule_above_max", {"value": D("2.5"), "max": D(2)})],
    ),
    (
        "an unknown rule type",
        [node_cell("1.2", "rule", "manuel")],
        [(N("1.2", "rule"), "rule_unknown_type", {"type": "manuel"})],
    ),
    (
        "a label for an input the rule does not read",
        [node_cell("1.1", "labels", "{ratio: tỷ lệ}")],
        [(N("1.1", "labels"), "rule_label_unknown_input", {"input": "ratio"})],
    ),
    (
        "a rule on a parent",
        [node_cell("1", "rule", "met")],
        [(N("1", "rule"), "framework_rule_on_parent", {"type": "met"})],
    ),
    (
        "bad years",
        [key_cell("years", "2025, hai")],
        [(key_place("years"), V.VALUE_WHOLE, {"value": "hai"})],
    ),
    (
        "a year out of range",
        [key_cell("years", "1980")],
        [
            (
                key_place("years"),
                C.FILE_FIELD,
                {"problem": "greater_than_equal", "field": "years[0]"},
            )
        ],
    ),
    (
        "decimals not whole",
        [key_cell("decimals", "2,5")],
        [(key_place("decimals"), V.VALUE_WHOLE, {"value": "2,5"})],
    ),
    (
        "too many decimals",
        [key_cell("decimals", 9)],
        [(key_place("decimals"), C.FILE_FIELD, {"problem": "less_than_equal", "le": "4"})],
    ),
    (
        "bad scale max",
        [key_cell("scale_max", "một trăm")],
        [(key_place("scale_max"), V.VALUE_NUMBER, {"value": "một trăm"})],
    ),
    (
        "bad yes or no",
        [key_cell("example", "có lẽ")],
        [(key_place("example"), V.VALUE_BOOL, {"value": "có lẽ"})],
    ),
    (
        "bad composite",
        [key_cell("composite", "appraised 68")],
        [(key_place("composite"), V.VALUE_WEIGHTS, {"value": "appraised 68"})],
    ),
    (
        "a required field left empty",
        [key_cell("id", None)],
        [(key_place("id"), sheets.VALUE_REQUIRED, {})],
    ),
    (
        "a required field's row removed",
        [drop_key_row("level")],
        [(Place(FILE, FRAMEWORK), V.KEY_MISSING, {"vi": "Cấp áp dụng", "en": "Level"})],
    ),
    (
        "an unknown field",
        [key_cell("note", "Ghi chú thêm", column=1)],
        [
            (
                Place(FILE, FRAMEWORK, KEY_ROW["note"], "Thông tin"),
                V.KEY_UNKNOWN,
                {"key": "Ghi chú thêm"},
            )
        ],
    ),
    (
        "a field twice",
        [key_cell("title_en", "Tên bộ tiêu chí", column=1)],
        [
            (
                Place(FILE, FRAMEWORK, KEY_ROW["title_en"], "Thông tin"),
                V.KEY_TWICE,
                {"row": KEY_ROW["title"]},
            )
        ],
    ),
    (
        "a band's bad number",
        [band_cell("Tốt", 2, "tám mươi")],
        [(Place(FILE, FRAMEWORK, BAND_ROW["Tốt"], BANDS_AT_LEAST), V.VALUE_NUMBER, {})],
    ),
    (
        "overlapping bands, at the later one",
        [band_cell("Khá", 3, 85)],
        [
            (
                Place(FILE, FRAMEWORK, BAND_ROW["Khá"], BANDS_AT_LEAST),
                "framework_bands_overlap",
                {"band": "Khá", "other": "Tốt"},
            )
        ],
    ),
]


@pytest.mark.parametrize(
    ("edits", "expected"),
    [pytest.param(edits, expected, id=name) for name, edits, expected in REFUSALS],
)
def test_each_refusal_names_its_place(
    edits: list[Callable[[Workbook], None]], expected: list[tuple[Place, str, dict[str, object]]]
) -> None:
    problems = refused(edited(*edits))
    assert [(p.place, p.message.key) for p in problems] == [(p, k) for p, k, _ in expected]
    for problem, (_place, _key, params) in zip(problems, expected, strict=True):
        assert {name: problem.message.params.get(name) for name in params} == params


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"", sheets.EMPTY),
        (b"name,max\n1.1,2\n", sheets.UNREADABLE),
        (BASE_YAML.encode(), sheets.UNREADABLE),
    ],
)
def test_what_is_not_a_workbook_is_refused(data: bytes, key: str) -> None:
    assert [(p.place, p.message.key) for p in refused(data)] == [(Place(FILE), key)]


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    problems = refused(out.getvalue())
    assert [(p.place, p.message.key) for p in problems] == [(Place(FILE), sheets.UNREADABLE)]


def test_every_problem_is_listed_in_workbook_order() -> None:
    problems = refused(
        edited(
            node_cell("2.2", "max", "bốn"),
            node_cell("1.1", "params", "{x: [}"),
            key_cell("years", "năm nay"),
            band_cell("Khá", 3, "tám"),
        )
    )
    assert [(p.place.sheet, p.place.row, p.message.key) for p in problems] == [
        (FRAMEWORK, KEY_ROW["years"], workbook.VALUE_WHOLE),
        (FRAMEWORK, BAND_ROW["Khá"], workbook.VALUE_NUMBER),
        (NODES, NODE_ROW["1.1"], framework_file.FILE_SYNTAX),
        (NODES, NODE_ROW["2.2"], workbook.VALUE_NUMBER),
    ]


def test_too_many_rows_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "MAX_ROWS", 3)
    problems = refused(workbook.write(BASE))
    assert [(p.place, p.message) for p in problems] == [
        (Place(FILE, FRAMEWORK), Message(sheets.TOO_MANY_ROWS, {"most": 3})),
        (Place(FILE, NODES), Message(sheets.TOO_MANY_ROWS, {"most": 3})),
    ]


def test_writing_wants_a_known_language() -> None:
    with pytest.raises(ValueError, match="lang"):
        workbook.write(BASE, "fr")


def test_an_english_workbook_names_its_places_in_english() -> None:
    book = load_workbook(BytesIO(workbook.write(BASE, "en")))
    nodes = book["Nodes"]
    nodes.delete_cols(column_of(nodes, "Code"))
    nodes.cell(NODE_ROW["1.2"], column_of(nodes, "Max points")).value = "hai"
    out = BytesIO()
    book.save(out)
    problems = refused(out.getvalue())
    assert [(p.place, p.message) for p in problems] == [
        (
            Place(FILE, "Nodes", 1, "Code"),
            Message(sheets.COLUMN_MISSING, {"vi": "Mã tiêu chí", "en": "Code"}),
        )
    ]  # rows are not read against a header row that is wrong


def test_binary_float_noise_reads_as_excel_shows_it() -> None:
    """=0.1+0.2 is 0.30000000000000004 in the file and 0,3 on Excel's screen."""
    data = edited(
        node_cell("1.1", "max", 0.1 + 0.2),
        node_cell("1.2", "max", 0.9 * 3),
        node_cell("1.2", "params", "{step: 0.05}"),
        key_cell("scale_max", 100.00000000000001),
    )
    assert 0.1 + 0.2 != 0.3
    framework = workbook.read(data, FILE)
    first = framework.nodes[0]
    assert [child.max_points for child in first.children] == [Decimal("0.3"), Decimal("2.7")]
    assert framework.scale_max == Decimal(100)


def test_a_workbook_that_unpacks_to_far_more_than_a_framework_is_refused() -> None:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/padding.bin", bytes(workbook.MAX_UNPACKED + 1))
    data = out.getvalue()
    assert len(data) < 1_000_000  # small on the way in
    problems = refused(data)
    assert [(p.place, p.message) for p in problems] == [
        (Place(FILE), Message(workbook.TOO_LARGE, {"most": workbook.MAX_UNPACKED}))
    ]


def test_blank_rows_count_towards_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "MAX_ROWS", 20)
    book = load_workbook(BytesIO(workbook.write(BASE)))
    book[NODES].cell(500, 1).value = "x"  # far below, after hundreds of blank rows
    out = BytesIO()
    book.save(out)
    problems = refused(out.getvalue())
    assert (Place(FILE, NODES), Message(sheets.TOO_MANY_ROWS, {"most": 20})) in [
        (p.place, p.message) for p in problems
    ]


def test_the_code_map_and_the_framework_it_follows_survive_the_workbook() -> None:
    following = replace(BASE, follows="alpha-2024", code_map=(("1.3", "1.2"), ("2.5", "2.1")))
    for lang in ("vi", "en"):
        assert round_trip(following, lang) == following
    book = load_workbook(BytesIO(workbook.write(following)))
    frame = book[FRAMEWORK]
    assert frame.cell(KEY_ROW["code_map"], 2).value == "1.3 > 1.2; 2.5 > 2.1"
    frame.cell(KEY_ROW["code_map"], 2).value = "1.3 = 1.2"
    data = BytesIO()
    book.save(data)
    with pytest.raises(FileRefused) as refused:
        workbook.read(data.getvalue(), FILE)
    [line] = render.problems(refused.value.problems)
    assert "“1.3 = 1.2” không phải bảng đối chiếu mã" in line
    assert "dòng " in line
