"""The results import template ("mẫu nhập kết quả"): one unit's scorecard per sheet, in the
one documented shape parindex writes, with a guide in plain words, in Vietnamese or English.

Why a writer of its own: parindex.io.results_workbook reads the many shapes provinces
publish results in, but whoever types results in by hand, or corrects an export before
importing it again, needs one shape to start from and to be told how to fill it in.
`template` gives it blank (every node of a framework, or a few example rows); `write`
fills it with scorecards, and `results_workbook.read` gives them back equal: the unit, its
code, the year, every listed node (code, title, max, self, appraised, reasons, who
deducted), the total row and the index. A published group and rank are no part of a
scorecard sheet (a decision's annex carries them) and are not written.

The shape, sheet by sheet: first a guide ("Hướng dẫn" / "Guide", a sheet the reader
skips); then one sheet per unit, named after it (Excel's rules: at most 31 characters,
none of []:*?/\\, unique). Each unit's sheet has a title row, the labels "Đơn vị:", "Mã
đơn vị:" (when known) and "Năm:" with their values in the cell to their right, a header
row (Mã, Tiêu chí, Điểm tối đa, Điểm tự đánh giá, Điểm thẩm định, Lý do trừ điểm, Cấp trừ
điểm; "Lý do trừ điểm 2", "Cấp trừ điểm 2", … when a row has several), one row per node in
tree order (fields bold), a "Tổng cộng" row and a "Chỉ số (%)" row when the card has them.
The tree is told by the codes: a child's code extends its parent's ("3.1.4" under "3.1").

Points are Excel numbers that read back to the same Decimal (whole numbers as integers,
others as the float whose 15 significant digits are the decimal's; see
parindex.io.xlsx.number_cell), shown with two decimals, or more when they have more. The
words are data here, Vietnamese and English side by side, not gettext: the file is a
document in the language asked for, and no translation catalogue is involved. No Django.
"""

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from parindex.core.framework import Framework, Node
from parindex.core.gaps import Scorecard, Scored
from parindex.core.text import fold
from parindex.io import xlsx
from parindex.io.org_workbook import GUIDE_EN, GUIDE_VI, Column
from parindex.io.results_workbook import SKIPPED_SHEETS

__all__ = ["COLUMNS", "template", "write"]

Words = tuple[str, str]  # (Vietnamese, English)

COLUMNS: tuple[Column, ...] = (
    Column(
        "code",
        "Mã",
        "Code",
        required=True,
        codes=True,
        guide_vi="Mã của lĩnh vực, tiêu chí hoặc tiêu chí thành phần: 1, 1.5, 3.1.4 (ghi "
        "“TC 1.5”, “Tiêu chí 1.5” hay “1.5.” cũng được). Mã cho biết dòng thuộc về đâu: 3.1.4 "
        "thuộc tiêu chí 3.1, tiêu chí 3.1 thuộc lĩnh vực 3. Mỗi mã chỉ ghi một lần trên một "
        "trang.",
        guide_en="The code of the field, criterion or sub-criterion: 1, 1.5, 3.1.4 (“TC 1.5”, "
        "“Tiêu chí 1.5” or “1.5.” also do). The code says where the row belongs: 3.1.4 is "
        "part of criterion 3.1, and criterion 3.1 of field 3. Each code once per sheet.",
    ),
    Column(
        "title",
        "Tiêu chí",
        "Criterion",
        guide_vi="Tên lĩnh vực, tiêu chí, như trong bộ tiêu chí.",
        guide_en="The title, as the framework words it.",
    ),
    Column(
        "max",
        "Điểm tối đa",
        "Max points",
        required=True,
        guide_vi="Điểm tối đa của dòng, theo bộ tiêu chí.",
        guide_en="The row's maximum points, as the framework gives them.",
    ),
    Column(
        "self",
        "Điểm tự đánh giá",
        "Self score",
        guide_vi="Điểm đơn vị tự đánh giá (tự chấm). Có thể để trống.",
        guide_en="The points the unit gave itself. May be left empty.",
    ),
    Column(
        "appraised",
        "Điểm thẩm định",
        "Appraised score",
        required=True,
        guide_vi="Điểm sau thẩm định: điểm chính thức của đơn vị. Không âm, không lớn hơn "
        "điểm tối đa. Để trống nếu chưa có.",
        guide_en="The points after appraisal: the unit's official points. Not below zero, "
        "not above the maximum. Empty when not known.",
    ),
    Column(
        "reason",
        "Lý do trừ điểm",
        "Deduction reason",
        guide_vi="Vì sao bị trừ điểm, ghi như trong kết luận thẩm định. Muốn xuống dòng trong "
        "ô: bấm Alt+Enter. Nhiều lý do: ghi chung trong một ô, hoặc thêm cột “Lý do trừ điểm "
        "2”, “Lý do trừ điểm 3”, …, mỗi cột một lý do.",
        guide_en="Why points were deducted, as the appraisal's conclusion says it. A new line "
        "within a cell: Alt+Enter. Several reasons: write them in one cell, or add columns "
        "“Deduction reason 2”, “Deduction reason 3”, …, one reason each.",
    ),
    Column(
        "deducted_by",
        "Cấp trừ điểm",
        "Deducted by",
        guide_vi="Cấp đã trừ điểm, ví dụ Phòng Nội vụ, Sở Nội vụ, Hội đồng thẩm định. Nhiều "
        "cấp cùng trừ: ghi chung trong một ô, hoặc thêm cột “Cấp trừ điểm 2”, “Cấp trừ điểm "
        "3”, …, mỗi cột một cấp.",
        guide_en="Who deducted the points, e.g. the district's home affairs office, the "
        "provincial Department of Home Affairs, the appraisal council. Several levels: write "
        "them in one cell, or add columns “Deducted by 2”, “Deducted by 3”, …, one level "
        "each.",
    ),
)
_WIDTHS = {
    "code": 11,
    "title": 56,
    "max": 10,
    "self": 11,
    "appraised": 11,
    "reason": 36,
    "deducted_by": 18,
}

_TITLE: Words = ("BẢNG ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH", "PAR INDEX SCORECARD")
_TITLE_YEAR: Words = (
    "BẢNG ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}",
    "PAR INDEX SCORECARD {year}",
)
_UNIT: Words = ("Đơn vị:", "Unit:")
_UNIT_CODE: Words = ("Mã đơn vị:", "Unit code:")
_YEAR: Words = ("Năm:", "Year:")
_TOTAL: Words = ("Tổng cộng", "Total")
_INDEX: Words = ("Chỉ số (%)", "Index (%)")
_GUIDE: Words = (GUIDE_VI, GUIDE_EN)
_TEMPLATE_SHEET: Words = ("Mẫu", "Template")
_EXAMPLE_SHEET: Words = ("Ví dụ", "Example")
_UNIT_SHEET: Words = ("Đơn vị", "Unit")  # a unit whose name leaves nothing a sheet may take
_REQUIRED: Words = ("bắt buộc", "required")
_EXAMPLE_NOTE: Words = (
    "VÍ DỤ: các dòng dưới đây chỉ để minh họa cách ghi. Thay bằng mã, tên và điểm tối đa "
    "của bộ tiêu chí đang áp dụng.",
    "EXAMPLE: the rows below only show how to fill in the sheet. Replace them with the "
    "codes, titles and maximum points of the framework in use.",
)
# (code, Vietnamese title, English title, max): a field, criteria, sub-criteria.
_EXAMPLE_ROWS = (
    ("1", "Lĩnh vực thứ nhất (ví dụ)", "First field (example)", "10"),
    ("1.1", "Tiêu chí 1.1 (ví dụ)", "Criterion 1.1 (example)", "4"),
    ("1.1.1", "Tiêu chí thành phần 1.1.1 (ví dụ)", "Sub-criterion 1.1.1 (example)", "2"),
    ("1.1.2", "Tiêu chí thành phần 1.1.2 (ví dụ)", "Sub-criterion 1.1.2 (example)", "2"),
    ("1.2", "Tiêu chí 1.2 (ví dụ)", "Criterion 1.2 (example)", "6"),
    ("2", "Lĩnh vực thứ hai (ví dụ)", "Second field (example)", "5"),
    ("2.1", "Tiêu chí 2.1 (ví dụ)", "Criterion 2.1 (example)", "2.5"),
    ("2.2", "Tiêu chí 2.2 (ví dụ)", "Criterion 2.2 (example)", "2.5"),
)


@dataclass(frozen=True)
class _Said:
    """A guide entry: a heading and what it says, in Vietnamese and in English."""

    vi: str
    en: str
    text_vi: str
    text_en: str


_GUIDE_TITLE: Words = (
    "HƯỚNG DẪN GHI BẢNG ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH ĐỂ NHẬP VÀO PARINDEX",
    "HOW TO FILL IN PAR INDEX SCORECARDS FOR PARINDEX",
)
_GUIDE_FRAMEWORK: Words = (
    "Các dòng của trang mẫu là mọi lĩnh vực, tiêu chí và tiêu chí thành phần của bộ tiêu chí "
    "“{title}” (mã {id}), với điểm tối đa: chỉ cần ghi điểm, lý do và cấp trừ điểm.",
    "The template sheet's rows are every field, criterion and sub-criterion of the framework "
    "“{title}” (id {id}), with their maximum points: only the points, the reasons and who "
    "deducted are left to fill in.",
)
_GUIDE_HEAD = (
    _Said(
        "Mỗi đơn vị một trang",
        "One sheet per unit",
        "Mỗi đơn vị được đánh giá (xã, phường, sở, …) ghi trên một trang riêng. Để thêm đơn "
        "vị: bấm chuột phải vào tên trang mẫu, chọn “Di chuyển hoặc Sao chép…”, đánh dấu “Tạo "
        "bản sao”, rồi đặt tên trang theo tên đơn vị. Trang “Hướng dẫn” này không được đọc khi "
        "nhập tệp; có thể để nguyên.",
        "Each unit assessed (commune, ward, department, …) has a sheet of its own. To add a "
        "unit: right-click the template sheet's tab, choose “Move or Copy…”, tick “Create a "
        "copy”, then name the new sheet after the unit. This “Guide” sheet is not read when the "
        "file is imported; you may leave it in.",
    ),
    _Said(
        "Phần đầu trang",
        "Above the table",
        "Ghi vào ô bên phải mỗi nhãn. “Đơn vị:” tên đơn vị, ví dụ Xã Tân Hòa; bắt buộc: trang "
        "không ghi tên đơn vị bị từ chối, thông báo nêu tên trang. “Mã đơn vị:” mã của đơn vị "
        "trong parindex, nếu biết; không bắt buộc. “Năm:” năm được đánh giá, ví dụ 2024.",
        "Write in the cell to the right of each label. “Unit:” the unit's name, e.g. Xã Tân "
        "Hòa; required: a sheet that names no unit is refused, and the message names the "
        "sheet. “Unit code:” the unit's code in parindex, if you know it; optional. “Year:” the "
        "year assessed, e.g. 2024.",
    ),
    _Said(
        "Dòng tiêu đề cột",
        "The header row",
        "Giữ dòng tiêu đề cột (Mã, Tiêu chí, Điểm tối đa, …) ngay trên bảng. Tiêu đề ghi bằng "
        "tiếng Việt (có dấu hay không dấu) hoặc tiếng Anh đều được, các cột theo thứ tự nào "
        "cũng được; cột khác do bạn thêm, như cột STT, được bỏ qua. Các cột:",
        "Keep the header row (Code, Criterion, Max points, …) right above the table. Headers "
        "may be in Vietnamese (with or without diacritics) or in English, the columns in any "
        "order; other columns you add, such as a row number, are skipped. The columns:",
    ),
)
_GUIDE_TAIL = (
    _Said(
        "Số điểm",
        "Numbers",
        "Số thập phân ghi bằng dấu phẩy (1,5) hay dấu chấm (1.5) đều được, nhưng không dùng "
        "cả hai trong một số (“1.234,5” bị từ chối). Ô để trống hoặc ghi “-” là chưa có điểm.",
        "Decimals may be written with a comma (1,5) or a dot (1.5), but not both in one "
        "number (“1.234,5” is refused). An empty cell, or “-”, means no points given.",
    ),
    _Said(
        "Tiêu chí và tiêu chí thành phần",
        "A criterion and its sub-criteria",
        "Có thể ghi cả tiêu chí lẫn các tiêu chí thành phần của nó (ví dụ 3.1 cùng với 3.1.1 "
        "và 3.1.2): điểm bị trừ chỉ được tính một lần, ở dòng chi tiết nhất. Cũng có thể chỉ "
        "ghi những dòng có trong bảng điểm của đơn vị.",
        "A criterion and its sub-criteria may both be listed (e.g. 3.1 with 3.1.1 and 3.1.2): "
        "a loss is counted once, at the most detailed row. You may also list only the rows "
        "the unit's scorecard has.",
    ),
    _Said(
        "Dòng được bỏ qua",
        "Rows skipped",
        "Dòng cộng của lĩnh vực (“Cộng lĩnh vực 1”), dòng trống, và dòng ghi chú không có mã "
        "và không có điểm đều được bỏ qua, nên khi dán từ bảng điểm có sẵn không cần xóa chúng.",
        "Field subtotal rows (“Cộng lĩnh vực 1”), empty rows, and note rows with neither a "
        "code nor points are skipped, so they need not be deleted when pasting from an "
        "existing scorecard.",
    ),
    _Said(
        "Dòng “Tổng cộng”",
        "The “Total” row",
        "Dòng cuối bảng ghi “Tổng cộng” ở cột Tiêu chí (cột Mã để trống), với tổng điểm tối "
        "đa, tổng điểm tự đánh giá và tổng điểm thẩm định của đơn vị. Mỗi trang chỉ có một dòng "
        "Tổng cộng. Dòng “Chỉ số (%)” bên dưới, nếu có, ghi chỉ số ở cột Điểm thẩm định.",
        "The table's last row has “Total” in the Criterion column (Code left empty), with the "
        "unit's total maximum, self score and appraised score. One total row per sheet. An "
        "“Index (%)” row below it, if any, gives the index in the Appraised score column.",
    ),
    _Said(
        "Khi nhập tệp",
        "When the file is imported",
        "Tệp được nhận trọn vẹn hoặc không nhận gì: nếu có lỗi, không có dữ liệu nào được nhập "
        "và mọi lỗi được liệt kê, mỗi lỗi ghi rõ trang, dòng và cột. Sửa hết các lỗi rồi nhập "
        "lại cùng tệp. Nhận tệp .xlsx, .xls và .csv (UTF-8).",
        "The file is taken whole or not at all: if anything is wrong, nothing is imported and "
        "every problem is listed with its sheet, row and column. Fix them all and import the "
        "same file again. .xlsx, .xls and .csv (UTF-8) files are accepted.",
    ),
)

_BOLD = xlsx.HEADER_FONT
_TITLE_FONT = Font(name="Calibri", size=13, bold=True)
_FIELD_FILL = PatternFill("solid", fgColor="F2F2F2")
_FILL_IN = PatternFill("solid", fgColor="FFF2CC")  # the template's cells left to fill in
_LINE = Side(style="thin", color="A6A6A6")
_GRID = Border(left=_LINE, right=_LINE, top=_LINE, bottom=_LINE)
_NUMBER = Alignment(horizontal="right", vertical="top")
_TOP = Alignment(vertical="top")
_CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)
_SHEET_NAME_MOST = 31  # Excel's limit
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]+")
_RESERVED_SHEET_NAMES = frozenset({"history"})  # Excel keeps it for itself


@dataclass(frozen=True)
class _Line:
    """One node's row."""

    depth: int
    code: str
    title: str
    max_points: Decimal | None
    self_points: Decimal | None = None
    achieved: Decimal | None = None
    reasons: tuple[str, ...] = ()
    deducted_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Sheet:
    """One unit's sheet, filled in or left to fill in (`blank`)."""

    unit: str
    unit_code: str | None
    year: int | None
    lines: tuple[_Line, ...]
    totals: tuple[Decimal | None, Decimal | None, Decimal | None] | None  # max, self, appraised
    index: Decimal | None = None
    blank: bool = False
    note: str | None = None


def _english(lang: str) -> bool:
    if lang not in ("vi", "en"):
        raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
    return lang == "en"


def _say(words: Words, en: bool) -> str:
    return words[1] if en else words[0]


def _sum(values: Sequence[Decimal | None]) -> Decimal | None:
    if any(value is None for value in values):
        return None
    return sum((value for value in values if value is not None), Decimal(0))


# Sheet names ---------------------------------------------------------------------------


def _sheet_names(units: Sequence[str], taken: Sequence[str], fallback: str) -> list[str]:
    """A sheet name per unit: its name without the characters Excel refuses, at most 31
    characters, none the same as another (Excel compares them without case) or as `taken`,
    and none the reader skips as a guide; "(2)", "(3)", … tell apart those that would be."""
    used = {name.casefold() for name in taken}
    names: list[str] = []
    for unit in units:
        base = " ".join(_NOT_IN_SHEET_NAMES.sub(" ", unit).split()).strip("'") or fallback
        name, number = base[:_SHEET_NAME_MOST].strip().strip("'"), 1
        while (
            name.casefold() in used
            or fold(name) in SKIPPED_SHEETS
            or fold(name) in _RESERVED_SHEET_NAMES
        ):
            number += 1
            suffix = f" ({number})"
            name = base[: _SHEET_NAME_MOST - len(suffix)].strip().strip("'") + suffix
        used.add(name.casefold())
        names.append(name)
    return names


# Writing a unit's sheet ----------------------------------------------------------------


def _number_format(value: Decimal) -> str:
    """Whole numbers as they are, others with two decimals, or as many as they have."""
    exponent = value.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "0" if places == 0 else "0." + "0" * max(places, 2)


def _points(sheet: Worksheet, row: int, column: int, value: Decimal | None) -> None:
    cell = sheet.cell(row=row, column=column)
    if value is not None:
        xlsx.put(sheet, row, column, xlsx.number_cell(value))
        cell.number_format = _number_format(value)
    cell.alignment = _NUMBER


def _headers(en: bool, reasons: int, deducted_by: int) -> list[tuple[Column, str]]:
    """The header row: each column with its header, the reason and deducted-by columns
    repeated when a row has several ("Lý do trừ điểm 2")."""
    out: list[tuple[Column, str]] = []
    for column in COLUMNS:
        label = column.en if en else column.vi
        count = {"reason": reasons, "deducted_by": deducted_by}.get(column.key, 1)
        out += [(column, label if n == 1 else f"{label} {n}") for n in range(1, count + 1)]
    return out


def _label_row(sheet: Worksheet, row: int, label: str, value: object, fill_in: bool) -> None:
    xlsx.put(sheet, row, 1, label, text=True)
    xlsx.put(sheet, row, 2, value, text=True)
    cell = sheet.cell(row=row, column=2)
    cell.font = _BOLD
    cell.alignment = Alignment(horizontal="left", vertical="top")
    if fill_in:
        cell.fill = _FILL_IN
        cell.border = _GRID


def _write_sheet(sheet: Worksheet, card: _Sheet, en: bool) -> None:
    reasons = max([1, *(len(line.reasons) for line in card.lines)])
    deducted_by = max([1, *(len(line.deducted_by) for line in card.lines)])
    columns = _headers(en, reasons, deducted_by)
    last = len(columns)
    title = _say(_TITLE, en) if card.year is None else _say(_TITLE_YEAR, en).format(year=card.year)
    xlsx.put(sheet, 1, 1, title, text=True)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    sheet.cell(row=1, column=1).font = _TITLE_FONT
    sheet.cell(row=1, column=1).alignment = _CENTRED
    sheet.row_dimensions[1].height = 24
    row = 3
    _label_row(sheet, row, _say(_UNIT, en), card.unit, card.blank)
    if card.unit_code is not None or card.blank:
        row += 1
        _label_row(sheet, row, _say(_UNIT_CODE, en), card.unit_code, card.blank)
    row += 1
    _label_row(sheet, row, _say(_YEAR, en), card.year, card.blank)
    if card.note is not None:
        row += 1
        xlsx.put(sheet, row, 1, card.note, text=True)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
        sheet.cell(row=row, column=1).font = Font(
            name="Calibri", size=11, bold=True, italic=True, color="C00000"
        )
        sheet.cell(row=row, column=1).alignment = xlsx.WRAP
    header_row = row + 2
    xlsx.header(sheet, header_row, [header for _column, header in columns])
    for index, (column, _header) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS[column.key]
        cell = sheet.cell(row=header_row, column=index)
        cell.alignment = _CENTRED
        cell.border = _GRID
    row = header_row
    for line in card.lines:
        row += 1
        _write_line(sheet, row, line, columns)
    if card.totals is not None:
        row += 1
        most, own, achieved = card.totals
        total = _Line(1, "", _say(_TOTAL, en), most, own, achieved)
        _write_line(sheet, row, total, columns)
    if card.index is not None:
        row += 1
        _write_line(sheet, row, _Line(0, "", _say(_INDEX, en), None, None, card.index), columns)
    sheet.freeze_panes = f"C{header_row + 1}"
    xlsx.landscape(sheet, title_rows=f"{header_row}:{header_row}")


def _write_line(sheet: Worksheet, row: int, line: _Line, columns: list[tuple[Column, str]]) -> None:
    texts = {"reason": iter(line.reasons), "deducted_by": iter(line.deducted_by)}
    numbers = {"max": line.max_points, "self": line.self_points, "appraised": line.achieved}
    for index, (column, _header) in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=index)
        if column.key in numbers:
            _points(sheet, row, index, numbers[column.key])
        elif column.key == "code":
            xlsx.put(sheet, row, index, line.code, text=True)
            cell.alignment = _TOP
        elif column.key == "title":
            xlsx.put(sheet, row, index, line.title, text=True)
            indent = max(line.depth - 1, 0)
            cell.alignment = Alignment(
                horizontal="left", vertical="top", wrap_text=True, indent=indent
            )
        else:
            xlsx.put(sheet, row, index, next(texts[column.key], None), text=True)
            cell.alignment = xlsx.WRAP
        cell.border = _GRID
        if line.depth == 1:
            cell.font = _BOLD
            cell.fill = _FIELD_FILL


# The guide -----------------------------------------------------------------------------


def _write_guide(sheet: Worksheet, en: bool, framework: Framework | None) -> None:
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 100
    xlsx.put(sheet, 1, 1, _say(_GUIDE_TITLE, en), text=True)
    sheet.merge_cells("A1:B1")
    sheet["A1"].font = _TITLE_FONT
    entries: list[tuple[str, str]] = []
    if framework is not None:
        title = (framework.title_en or framework.title) if en else framework.title
        said = _say(_GUIDE_FRAMEWORK, en).format(title=title, id=framework.id)
        entries.append((_say(("Bộ tiêu chí", "Framework"), en), said))
    entries += [(_say((s.vi, s.en), en), _say((s.text_vi, s.text_en), en)) for s in _GUIDE_HEAD]
    for column in COLUMNS:
        heading = f"  {column.en if en else column.vi}"
        if column.required:
            heading += f" ({_say(_REQUIRED, en)})"
        entries.append((heading, column.guide_en if en else column.guide_vi))
    entries += [(_say((s.vi, s.en), en), _say((s.text_vi, s.text_en), en)) for s in _GUIDE_TAIL]
    for row, (heading, text) in enumerate(entries, start=3):
        xlsx.put(sheet, row, 1, heading, text=True)
        xlsx.put(sheet, row, 2, text, text=True)
        sheet.cell(row=row, column=1).font = _BOLD
        sheet.cell(row=row, column=1).alignment = xlsx.WRAP
        sheet.cell(row=row, column=2).alignment = xlsx.WRAP
    xlsx.landscape(sheet)


# The workbooks -------------------------------------------------------------------------


def _book(sheets: Sequence[_Sheet], names: Sequence[str], en: bool, fw: Framework | None) -> bytes:
    book = Workbook()
    if book.active is not None:
        book.remove(book.active)
    _write_guide(book.create_sheet(_say(_GUIDE, en)), en, fw)
    for card, name in zip(sheets, names, strict=True):
        _write_sheet(book.create_sheet(name), card, en)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _scored_lines(fields: Sequence[Scored], framework: Framework | None) -> Iterator[_Line]:
    def walk(node: Scored, depth: int) -> Iterator[_Line]:
        known: Node | None = framework.by_code(node.code) if framework is not None else None
        yield _Line(
            depth=depth,
            code=node.code,
            title=node.title or (known.title if known is not None else ""),
            max_points=node.max_points
            if node.max_points is not None or known is None
            else known.known_max(),
            self_points=node.self_points,
            achieved=node.achieved,
            reasons=node.reasons,
            deducted_by=node.deducted_by,
        )
        for child in node.children:
            yield from walk(child, depth + 1)

    for field in fields:
        yield from walk(field, 1)


def write(
    cards: Sequence[Scorecard], lang: str = "vi", framework: Framework | None = None
) -> bytes:
    """The scorecards as an .xlsx in the template's shape, a guide first and one sheet per
    unit, in `lang` (vi or en); `results_workbook.read` gives the cards back equal (but for
    the group and rank, which a scorecard sheet does not carry).

    With a framework, a node the card lists without a title or a maximum gets the
    framework's, as reading with that framework would give it."""
    en = _english(lang)
    sheets = []
    for card in cards:
        totals = (card.total_max, card.total_self, card.total_achieved)
        sheets.append(
            _Sheet(
                unit=card.unit,
                unit_code=card.unit_code,
                year=card.year,
                lines=tuple(_scored_lines(card.fields, framework)),
                totals=None if totals == (None, None, None) else totals,
                index=card.index_percent,
            )
        )
    guide = _say(_GUIDE, en)
    names = _sheet_names([card.unit for card in cards], [guide], _say(_UNIT_SHEET, en))
    return _book(sheets, names, en, framework)


def template(framework: Framework | None, lang: str = "vi") -> bytes:
    """The blank template, in `lang` (vi or en): the guide, then one sheet to copy per unit
    with the unit, its code and the year left to fill in. With a framework the sheet lists
    every node's code, title and maximum (and the total maximum), points left blank;
    without one, a few rows marked as an example show the shape."""
    en = _english(lang)
    if framework is not None:
        lines = tuple(
            _Line(depth, node.code, _node_title(node, en), node.known_max())
            for node, depth in framework.walk()
        )
        most = _sum([field.known_max() for field in framework.nodes])
        most = framework.scale_max if most is None else most
        sheet = _Sheet("", None, None, lines, (most, None, None), blank=True)
        name = _say(_TEMPLATE_SHEET, en)
    else:
        lines = tuple(
            _Line(code.count(".") + 1, code, en_title if en else vi_title, Decimal(most))
            for code, vi_title, en_title, most in _EXAMPLE_ROWS
        )
        most = _sum([line.max_points for line in lines if line.depth == 1])
        note = _say(_EXAMPLE_NOTE, en)
        sheet = _Sheet("", None, None, lines, (most, None, None), blank=True, note=note)
        name = _say(_EXAMPLE_SHEET, en)
    return _book([sheet], [name], en, framework)


def _node_title(node: Node, en: bool) -> str:
    return (node.title_en or node.title) if en else node.title
