"""Results workbooks in: the three sample annexes give exactly the facts they were made with,
and malformed inputs are refused as a whole, each problem at its file, sheet, row and column.

The samples are copies of ../shared/reference/annexes (tests run from a clone elsewhere).
"""

import json
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from parindex.core.framework import Framework, Node, Provenance, Scoring
from parindex.core.gaps import Scorecard, analyse
from parindex.io import results_workbook as results
from parindex.io.problems import FileRefused, Place, Problem

DATA = Path(__file__).resolve().parents[1] / "data" / "results"
A = "A_decision_annex_fields_all_units.xlsx"
B = "B_scorecards_one_sheet_per_unit.xlsx"
C = "C_scorecard_semicolon.csv"
FACTS: dict[str, Any] = json.loads((DATA / "facts.json").read_text("utf-8"))
UNITS: dict[str, dict[str, Any]] = {fact["name"]: fact for fact in FACTS["units"].values()}
FILE = "ket-qua.xlsx"
HEADER = ("Mã", "Nội dung", "Điểm tối đa", "Điểm tự chấm", "Điểm thẩm định", "Lý do trừ điểm")


def read(name: str, framework: Framework | None = None) -> list[Scorecard]:
    return results.read((DATA / name).read_bytes(), name, framework)


def by_unit(cards: Sequence[Scorecard]) -> dict[str, Scorecard]:
    return {card.unit: card for card in cards}


def points(value: str) -> Decimal:
    return Decimal(value)


def lost_leaves(card: Scorecard) -> dict[str, Decimal]:
    return {loss.code: loss.lost for loss in analyse(card).losses}


def framework() -> Framework:
    """The samples' commune framework, from facts.json: fields and leaves with their maxima,
    criteria between them with the maxima of their sub-criteria."""
    titles = {row[0]: row[1] for row in _csv_rows()}

    def node(code: str, children: tuple[Node, ...] = (), most: str | None = None) -> Node:
        return Node(
            id=f"n{code}",
            code=code,
            title=titles.get(code, f"Tiêu chí {code}"),
            max_points=Decimal(most) if most is not None else None,
            scoring=Scoring.ASSESSED,
            provenance=Provenance.EXAMPLE,
            children=children,
        )

    leaves: dict[str, str] = FACTS["framework"]["leaves"]
    fields = []
    for field, most in FACTS["framework"]["fields"].items():
        children: list[Node] = []
        for criterion in dict.fromkeys(
            ".".join(code.split(".")[:2]) for code in leaves if code.split(".")[0] == field
        ):
            subs = [c for c in leaves if c.startswith(criterion + ".")]
            if subs:
                children.append(node(criterion, tuple(node(c, most=leaves[c]) for c in subs)))
            else:
                children.append(node(criterion, most=leaves[criterion]))
        fields.append(node(field, tuple(children), most))
    return Framework(
        id="xa-mau-2024",
        title="Bộ chỉ số xã (mẫu)",
        level="commune",
        years=(2024,),
        nodes=tuple(fields),
    )


def _csv_rows() -> list[list[str]]:
    lines = (DATA / C).read_text("utf-8-sig").splitlines()[3:]
    return [line.split(";") for line in lines if line]


# The three samples ---------------------------------------------------------------------


def test_the_decision_annex_gives_every_units_totals_fields_group_and_rank() -> None:
    cards = by_unit(read(A))
    assert set(cards) == set(UNITS)
    for name, fact in UNITS.items():
        card = cards[name]
        assert card.group == fact["group"]
        assert card.published_rank == fact["rank_in_group"]
        assert card.total_self == points(fact["self_total"])
        assert card.total_achieved == points(fact["appraised_total"])
        assert card.index_percent == points(fact["appraised_total"])
        assert card.year == 2024
        achieved = {f.code: f.achieved for f in card.fields}
        assert achieved == {code: points(v) for code, v in fact["fields_appraised"].items()}
        maxima = {f.code: f.max_points for f in card.fields}
        assert maxima == {code: points(v) for code, v in FACTS["framework"]["fields"].items()}
        gaps = analyse(card)
        assert gaps.lost == points(fact["lost_total"])
        assert gaps.notes == ()


def test_the_annex_keeps_the_tie_and_the_rank_after_it() -> None:
    ranks = {card.unit: card.published_rank for card in read(A)}
    assert ranks["Xã Phúc Lâm"] == ranks["Xã Đồng Tiến"] == 2
    assert ranks["Xã Minh Khai"] == 4


def test_the_annex_keeps_the_file_order() -> None:
    assert [card.unit for card in read(A)][:2] == ["Xã Tân Hòa", "Xã Phúc Lâm"]


def test_one_sheet_per_unit_gives_totals_fields_and_lost_leaves_counted_once() -> None:
    cards = read(B)
    assert [card.unit for card in cards] == ["Xã Phúc Lâm", "Xã Yên Thủy", "Phường Bắc Sơn"]
    for card in cards:
        fact = UNITS[card.unit]
        assert card.year == 2024
        assert card.total_max == 100
        assert card.total_self == points(fact["self_total"])
        assert card.total_achieved == points(fact["appraised_total"])
        achieved = {f.code: f.achieved for f in card.fields}
        assert achieved == {code: points(v) for code, v in fact["fields_appraised"].items()}
        expected = {code: points(v) for code, v in fact["lost_leaves"].items()}
        assert lost_leaves(card) == expected
        gaps = analyse(card)
        assert gaps.lost == points(fact["lost_total"])
        assert gaps.notes == ()


def test_one_sheet_per_unit_builds_the_tree_from_codes_written_every_way() -> None:
    card = by_unit(read(B))["Xã Yên Thủy"]
    field = card.fields[0]
    assert (field.code, field.title) == ("1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH")
    assert [c.code for c in field.children] == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"]
    assert [c.code for c in field.children[0].children] == [
        "1.1.1",
        "1.1.2",
    ]  # "1.1.1.", "TC 1.1.2"
    leaf = field.children[0].children[0]
    assert leaf.reasons == ("Tỷ lệ đạt dưới yêu cầu",)
    assert (leaf.max_points, leaf.self_points, leaf.achieved) == (
        Decimal("1.5"),
        Decimal("1.5"),
        Decimal(0),
    )


def test_the_csv_scorecard_gives_the_lost_leaves() -> None:
    (card,) = read(C)
    assert card.unit == "Xã Yên Thủy"
    assert card.year == 2024
    fact = UNITS[card.unit]
    assert lost_leaves(card) == {code: points(v) for code, v in fact["lost_leaves"].items()}
    # Leaves only: the fields are implied, their points unknown without a framework.
    assert [f.code for f in card.fields] == [str(n) for n in range(1, 9)]
    assert all(f.max_points is None and f.achieved is None for f in card.fields)


def test_the_unit_in_two_shapes_gives_the_same_gaps() -> None:
    sheets = by_unit(read(B))["Xã Yên Thủy"]
    (csv_card,) = read(C)
    assert analyse(csv_card).losses == analyse(sheets).losses


def test_with_a_framework_the_csv_gets_its_fields_maxima_and_points() -> None:
    (card,) = read(C, framework())
    fact = UNITS[card.unit]
    achieved = {f.code: f.achieved for f in card.fields}
    assert achieved == {code: points(v) for code, v in fact["fields_appraised"].items()}
    assert {f.code: f.max_points for f in card.fields} == {
        code: points(v) for code, v in FACTS["framework"]["fields"].items()
    }
    assert card.fields[0].title == "Tiêu chí 1"  # the test framework's title
    assert analyse(card).lost == points(fact["lost_total"])


def test_the_samples_read_with_a_framework_give_the_same_facts() -> None:
    assert by_unit(read(A, framework())).keys() == UNITS.keys()
    cards = read(B, framework())
    assert lost_leaves(cards[1]) == {
        code: points(v) for code, v in UNITS["Xã Yên Thủy"]["lost_leaves"].items()
    }


# Other real-world ways of writing a results table ---------------------------------------


def xlsx(*sheets: tuple[str, Sequence[Sequence[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def scorecard(*rows: Sequence[object], unit: str = "UBND xã Tân Hòa") -> list[Sequence[object]]:
    return [
        ["BẢNG ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024"],
        [f"Đơn vị: {unit}"],
        [],
        list(HEADER),
        *rows,
    ]


def test_english_headers_comma_separated_csv_and_total_row() -> None:
    text = (
        "Unit: Xa Tan Hoa\nYear: 2024\n"
        "Code,Criterion,Max points,Self score,Appraised score,Reason,Deducted by\n"
        '1,Field one,3,3,"2,5",,\n'
        '1.1,First,2,2,"1,5",late,Sở Nội vụ\n'
        "1.2,Second,1,1,1,,\n"
        'Total,,3,3,"2,5",,\n'
    ).encode()
    (card,) = results.read(text, "scores.csv")
    assert (card.unit, card.year) == ("Xa Tan Hoa", 2024)
    assert (card.total_max, card.total_achieved) == (Decimal(3), Decimal("2.5"))
    loss = analyse(card).losses[0]
    assert (loss.code, loss.lost, loss.reasons, loss.deducted_by) == (
        "1.1",
        Decimal("0.5"),
        ("late",),
        ("Sở Nội vụ",),
    )


def test_an_annex_csv_reads_ranks_with_thousands_dots() -> None:
    text = (
        "KẾT QUẢ NĂM 2024\n"
        "STT;Tên đơn vị;Lĩnh vực 1 (10đ);Lĩnh vực 2 (5đ);Tổng điểm;Xếp hạng\n"
        "A. KHỐI XÃ;;;;;\n"
        "1;UBND xã An Bình;9,5;5;14,5;2.046\n"
        "2;Xã Bình An;10;4.25;14.25;2.047\n"
    ).encode()
    cards = results.read(text, "annex.csv")
    assert [(c.unit, c.group, c.published_rank) for c in cards] == [
        ("Xã An Bình", "Xã", 2046),
        ("Xã Bình An", "Xã", 2047),
    ]
    assert cards[1].fields[1].achieved == Decimal("4.25")


def test_criteria_named_not_coded_are_matched_by_title_with_a_framework() -> None:
    rows = scorecard(
        ["", "Công khai dự toán", 1, 1, "0,5", "thiếu"],
        ["", "Đối thoại với người dân", 4, 4, 4, ""],
    )
    (card,) = results.read(xlsx(("Tân Hòa", rows)), FILE, framework())
    assert [(f.code, [c.code for c in f.children]) for f in card.fields] == [
        ("6", ["6.3"]),
        ("8", ["8.2"]),
    ]
    assert lost_leaves(card) == {"6.3.1": Decimal("0.5")}


def test_criteria_named_not_coded_are_a_flat_list_without_a_framework() -> None:
    rows = scorecard(["", "Công khai dự toán", 1, 1, "0,5", ""], ["", "Khác", 2, 2, 2, ""])
    (card,) = results.read(xlsx(("Tân Hòa", rows)), FILE)
    assert [(f.code, f.title, f.achieved) for f in card.fields] == [
        ("", "Công khai dự toán", Decimal("0.5")),
        ("", "Khác", 2),
    ]


# Refusals: all or nothing, each at its place ------------------------------------------


def refused(data: bytes, file: str = FILE, fw: Framework | None = None) -> list[Problem]:
    with pytest.raises(FileRefused) as caught:
        results.read(data, file, fw)
    return caught.value.problems


def keys(problems: Sequence[Problem]) -> list[tuple[str, Place]]:
    return [(problem.message.key, problem.place) for problem in problems]


def test_wrong_columns_are_refused_naming_the_missing_one() -> None:
    rows = scorecard(["1.1", "Kế hoạch", 3, 3, 3, ""])
    rows[3] = ["Mã", "Nội dung", "Điểm tối đa", "Điểm tự chấm", "Điểm cuối", "Lý do"]
    problems = refused(xlsx(("Tân Hòa", rows)))
    assert keys(problems) == [(results.COLUMN_MISSING, Place(FILE, "Tân Hòa", 4))]
    assert problems[0].message.params == {"vi": "Điểm thẩm định", "en": "Appraised points"}


def test_a_table_without_any_header_row_is_refused() -> None:
    problems = refused(xlsx(("Sheet", [["a", "b"], [1, 2]])))
    assert keys(problems) == [(results.HEADER_MISSING, Place(FILE, "Sheet"))]


def test_text_in_a_number_cell_is_refused_at_its_cell() -> None:
    rows = scorecard(["1.1", "Kế hoạch", 3, 3, "ba", ""], ["1.2", "Báo cáo", 2, "2,0", "1.5.", ""])
    problems = refused(xlsx(("Tân Hòa", rows)))
    assert keys(problems) == [
        (results.NUMBER_BAD, Place(FILE, "Tân Hòa", 5, "Điểm thẩm định")),
        (results.NUMBER_BAD, Place(FILE, "Tân Hòa", 6, "Điểm thẩm định")),
    ]
    assert problems[0].message.params == {"value": "ba"}


def test_a_number_with_both_marks_is_refused_as_ambiguous() -> None:
    rows = scorecard(["1.1", "Kế hoạch", 3, 3, "1.234,5", ""])
    problems = refused(xlsx(("Tân Hòa", rows)))
    assert keys(problems) == [
        (results.NUMBER_AMBIGUOUS, Place(FILE, "Tân Hòa", 5, "Điểm thẩm định"))
    ]


def test_achieved_above_max_is_refused() -> None:
    rows = scorecard(["1.1", "Kế hoạch", 3, 3, "3,25", ""])
    problems = refused(xlsx(("Tân Hòa", rows)))
    assert keys(problems) == [(results.ABOVE_MAX, Place(FILE, "Tân Hòa", 5, "Điểm thẩm định"))]
    assert problems[0].message.params == {"value": Decimal("3.25"), "max": 3}


def test_achieved_above_the_fields_max_in_an_annex_is_refused() -> None:
    rows: list[list[object]] = [
        ["STT", "Đơn vị", "Lĩnh vực 1 (17,00đ)", "Tổng điểm thẩm định"],
        [1, "Xã A", "17,5", 17.5],
    ]
    problems = refused(xlsx(("PL", rows)))
    assert keys(problems) == [(results.ABOVE_MAX, Place(FILE, "PL", 2, "Lĩnh vực 1 (17,00đ)"))]


def test_negative_points_are_refused() -> None:
    rows = scorecard(["1.1", "Kế hoạch", 3, -1, 2, ""])
    problems = refused(xlsx(("Tân Hòa", rows)))
    assert keys(problems) == [(results.NEGATIVE, Place(FILE, "Tân Hòa", 5, "Điểm tự chấm"))]


def test_duplicate_codes_within_a_unit_are_refused() -> None:
    rows = scorecard(["1.1", "Kế hoạch", 3, 3, 3, ""], ["TC 1.1", "Kế hoạch", 3, 3, 3, ""])
    problems = refused(xlsx(("Tân Hòa", rows)))
    assert keys(problems) == [(results.CODE_TWICE, Place(FILE, "Tân Hòa", 6, "Mã"))]
    assert problems[0].message.params == {"code": "1.1", "row": 5}


def test_the_same_code_in_two_units_is_no_duplicate() -> None:
    one = scorecard(["1.1", "Kế hoạch", 3, 3, 3, ""], unit="Xã A")
    two = scorecard(["1.1", "Kế hoạch", 3, 3, 2, ""], unit="Xã B")
    assert len(results.read(xlsx(("A", one), ("B", two)), FILE)) == 2


def test_a_unit_named_twice_is_refused() -> None:
    one = scorecard(["1.1", "Kế hoạch", 3, 3, 3, ""], unit="Xã Tân Hòa")
    two = scorecard(["1.1", "Kế hoạch", 3, 3, 2, ""], unit="XÃ TÂN HOÀ")
    problems = refused(xlsx(("A", one), ("B", two)))
    assert keys(problems) == [(results.UNIT_TWICE, Place(FILE, "B", 4))]
    assert problems[0].message.params == {"unit": "Xã Tân Hòa", "sheet": "A", "row": 4}


def test_a_unit_named_twice_in_an_annex_is_refused() -> None:
    rows: list[list[object]] = [
        ["STT", "Đơn vị", "Lĩnh vực 1 (10đ)", "Tổng điểm"],
        [1, "Xã A", 9, 9],
        [2, "UBND xã A", 8, 8],
    ]
    problems = refused(xlsx(("PL", rows)))
    assert keys(problems) == [(results.UNIT_TWICE, Place(FILE, "PL", 3, "Đơn vị"))]


def test_an_empty_file_is_refused() -> None:
    assert keys(refused(b"")) == [(results.EMPTY, Place(FILE))]


def test_a_file_with_a_header_and_no_rows_is_refused() -> None:
    assert keys(refused(xlsx(("Tân Hòa", scorecard())))) == [(results.NOTHING, Place(FILE))]


def test_a_word_document_renamed_xlsx_is_refused() -> None:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    problems = refused(out.getvalue(), "ket-qua.xlsx")
    assert keys(problems) == [(results.NOT_SPREADSHEET, Place("ket-qua.xlsx"))]
    assert problems[0].message.params == {"kind": "docx"}


def test_a_damaged_old_xls_is_refused() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert keys(refused(data, "ket-qua.xls")) == [(results.UNREADABLE, Place("ket-qua.xls"))]


def test_a_huge_sheet_is_refused() -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Tân Hòa")
    for row in scorecard():
        sheet.append(list(row))
    for number in range(results.MAX_ROWS + 1):
        sheet.append([f"1.{number + 1}", "x", 1, 1, 1])
    out = BytesIO()
    book.save(out)
    problems = refused(out.getvalue())
    assert keys(problems) == [(results.TOO_MANY_ROWS, Place(FILE, "Tân Hòa"))]


def test_a_formula_error_cell_is_refused() -> None:
    rows = scorecard(["1.1", "Kế hoạch", 3, 3, "#VALUE!", ""], ["#REF!", "Báo cáo", 2, 2, 2, ""])
    problems = refused(xlsx(("Tân Hòa", rows)))
    assert keys(problems) == [
        (results.FORMULA_ERROR, Place(FILE, "Tân Hòa", 5, "Điểm thẩm định")),
        (results.FORMULA_ERROR, Place(FILE, "Tân Hòa", 6, "Mã")),
    ]
    assert problems[0].message.params == {"value": "#VALUE!"}


def test_an_unknown_code_is_refused_with_a_framework() -> None:
    text = (DATA / C).read_bytes() + "9.9;Không có;1,00;1,00;1,00;\n".encode()
    problems = refused(text, C, framework())
    assert keys(problems) == [(results.CODE_UNKNOWN, Place(C, None, 42, "Ma tieu chi"))]
    assert problems[0].message.params == {"code": "9.9", "framework": "xa-mau-2024"}


def test_a_scorecard_naming_no_unit_is_refused() -> None:
    rows = scorecard(["1.1", "Kế hoạch", 3, 3, 3, ""])[2:]
    assert keys(refused(xlsx(("Sheet1", rows)))) == [(results.UNIT_MISSING, Place(FILE, "Sheet1"))]


def test_every_problem_is_reported_and_nothing_is_returned() -> None:
    good = scorecard(["1.1", "Kế hoạch", 3, 3, 3, ""], unit="Xã A")
    bad = scorecard(["1.1", "Kế hoạch", 3, 3, 4, ""], ["1.2", "x", 1, -1, 1, ""], unit="Xã B")
    problems = refused(xlsx(("A", good), ("B", bad)))
    assert [key for key, _place in keys(problems)] == [results.ABOVE_MAX, results.NEGATIVE]


def test_an_old_xls_is_read_with_xlrd() -> None:
    """B saved as .xls by LibreOffice."""
    cards = read("B_scorecards_one_sheet_per_unit.xls")
    assert [card.unit for card in cards] == ["Xã Phúc Lâm", "Xã Yên Thủy", "Phường Bắc Sơn"]
    for card in cards:
        fact = UNITS[card.unit]
        assert card.total_achieved == points(fact["appraised_total"])
        assert lost_leaves(card) == {code: points(v) for code, v in fact["lost_leaves"].items()}


def test_the_unit_code_and_year_may_be_in_the_cell_after_their_labels() -> None:
    """As the results template writes them: "Đơn vị:" | "UBND xã Tân Hòa", "Năm:" | 2024."""
    rows: list[Sequence[object]] = [
        ["BẢNG ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"],
        ["Đơn vị:", "UBND xã Tân Hòa"],
        ["Mã đơn vị:", "01"],
        ["Năm:", 2024],
        [],
        list(HEADER),
        ["1.1", "Kế hoạch", 3, 3, 3, ""],
    ]
    (card,) = results.read(xlsx(("Sheet1", rows)), FILE)
    assert (card.unit, card.unit_code, card.year) == ("Xã Tân Hòa", "01", 2024)
    rows[1:4] = [["Unit:", "Xã Tân Hòa"], ["Year:", "2025"]]
    (card,) = results.read(xlsx(("Sheet1", rows)), FILE)
    assert (card.unit, card.unit_code, card.year) == ("Xã Tân Hòa", None, 2025)


def test_a_year_label_with_no_year_after_it_gives_no_year() -> None:
    rows: list[Sequence[object]] = [["Đơn vị:", "Xã Tân Hòa"], ["Năm:", "", 2024], ["Năm:", "hai"]]
    rows.append(HEADER)
    rows.append(["1.1", "Kế hoạch", 3, 3, 3, ""])
    (card,) = results.read(xlsx(("Sheet1", rows)), FILE)
    assert card.year == 2024  # the next cell that is not blank
    del rows[1]
    (card,) = results.read(xlsx(("Sheet1", rows)), FILE)
    assert card.year is None


def test_an_english_criterion_column_gives_the_titles() -> None:
    text = "Unit: Xa Tan Hoa\nCode,Criterion,Max points,Appraised score\n1.1,First,2,1.5\n"
    (card,) = results.read(text.encode(), "scores.csv")
    assert card.fields[0].children[0].title == "First"
