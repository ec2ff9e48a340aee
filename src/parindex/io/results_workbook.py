"""Published results read from the workbooks provinces publish them in: .xlsx, .xls, .csv.

Two shapes are read, and a workbook may mix them sheet by sheet:

- a decision's annex ("phụ lục"): one row per unit, the appraised points of each field in a
  column block ("Lĩnh vực 1 (17,00đ)"), self and appraised totals, the index (%) and the
  rank within the group; group separator rows ("I. KHỐI XÃ") give the units below their
  group. Title rows above, a header row anywhere in the first 20 rows, possibly two header
  rows (a merged "Điểm thẩm định theo lĩnh vực" above the field columns).
- a scorecard ("bảng điểm"): one unit per sheet (or per CSV file), rows of fields, criteria
  and sub-criteria with code, title, max, self, appraised, the reason for the deduction and
  who deducted; subtotal rows ("Cộng lĩnh vực") and blank rows are skipped, a total row
  ("Tổng cộng", "Tổng điểm") carries the overall max, self and appraised points, and the
  unit and year are in a header block above ("Đơn vị: UBND xã …", "… năm 2024", or a title
  "BẢNG ĐIỂM … - XÃ PHÚC LÂM"). The tree is built from the codes ("6.3.1" under "6.3" under
  "6"); a node whose parent is not listed gets an implicit parent of unknown points, or,
  when a framework is given, the framework's title and max (and its points, when every child
  of it is listed).

Headers are matched on diacritic-free words (parindex.core.text.fold), in Vietnamese or
English, in any order; columns not recognised are left alone. Numbers follow ARCHITECTURE
(per column type): in points and percentages "," and "." are both decimal marks and a cell
holding both is refused as ambiguous; in counts (ranks) "." groups thousands. The file's
type is told by its bytes, not its name: a zip holding a workbook is .xlsx, an OLE file is
.xls (xlrd), anything else is text read as CSV (UTF-8, with or
without BOM, "," or ";" or tab separated). All or nothing: `FileRefused` with every problem
found, each at its file, sheet, row and column (the header as written).

Message keys (parameters in brackets). Besides these, reading says parindex.io.org_workbook's
EMPTY, UNREADABLE, NOTHING, TOO_MANY_ROWS (most), COLUMN_MISSING (vi, en), COLUMN_TWICE
(other) and VALUE_REQUIRED, and parindex.io.framework_workbook's TOO_LARGE (most).
"""

import csv
import io
import re
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from io import BytesIO
from typing import Any

import xlrd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from parindex.core.framework import Framework, Node
from parindex.core.gaps import Scorecard, Scored, sum_known
from parindex.core.messages import Message
from parindex.core.text import fold, unit_name
from parindex.io.framework_workbook import TOO_LARGE, cell_text, is_blank, unpacked_size
from parindex.io.org_workbook import (
    COLUMN_MISSING,
    COLUMN_TWICE,
    EMPTY,
    NOTHING,
    TOO_MANY_ROWS,
    UNREADABLE,
    VALUE_REQUIRED,
)
from parindex.io.problems import FileRefused, Place, Problem

__all__ = [
    "ABOVE_MAX",
    "CODE_BAD",
    "CODE_TWICE",
    "CODE_UNKNOWN",
    "COLUMN_MISSING",
    "COLUMN_TWICE",
    "EMPTY",
    "ENCODING",
    "FORMULA_ERROR",
    "HEADER_MISSING",
    "MAX_DIFFERS",
    "NEGATIVE",
    "NOTHING",
    "NOT_SPREADSHEET",
    "NUMBER_AMBIGUOUS",
    "NUMBER_BAD",
    "RANK_BAD",
    "SKIPPED_SHEETS",
    "TITLE_UNKNOWN",
    "TOO_LARGE",
    "TOO_MANY_ROWS",
    "TOTAL_TWICE",
    "UNIT_MISSING",
    "UNIT_TWICE",
    "UNREADABLE",
    "VALUE_REQUIRED",
    "read",
    "read_located",
]

# A decision annex lists hundreds of units, a scorecard a few hundred nodes.
MAX_ROWS = 10_000
MAX_COLUMNS = 200  # an annex with one column per criterion has about a hundred
MAX_UNPACKED = 100_000_000  # bytes once unzipped
HEADER_ROWS = 20  # the header row is looked for in the first this many rows

NOT_SPREADSHEET = "results_workbook_not_spreadsheet"  # (kind): docx, pptx, odf, pdf, zip, binary
ENCODING = "results_workbook_encoding"  # a text file that is not UTF-8
HEADER_MISSING = "results_workbook_header_missing"  # (rows, expected): no header row found
UNIT_MISSING = "results_workbook_unit_missing"  # a scorecard that names no unit
UNIT_TWICE = "results_workbook_unit_twice"  # (unit, sheet, row): where it was first
CODE_BAD = "results_workbook_code_bad"  # (value): not a code like 1.5, TC 1.5, Tiêu chí 3.1.4
CODE_TWICE = "results_workbook_code_twice"  # (code, row): the row it was first on
CODE_UNKNOWN = "results_workbook_code_unknown"  # (code, framework): not in the framework (id)
TITLE_UNKNOWN = "results_workbook_title_unknown"  # (title, framework): no node of that title
MAX_DIFFERS = "results_workbook_max_differs"  # (code, max, framework_max)
NUMBER_BAD = "results_workbook_number"  # (value): text where points are expected
NUMBER_AMBIGUOUS = "results_workbook_number_ambiguous"  # (value): both "," and "." in points
RANK_BAD = "results_workbook_rank"  # (value): not a whole number, 1 or more
NEGATIVE = "results_workbook_negative"  # (value): points below zero
ABOVE_MAX = "results_workbook_above_max"  # (value, max): points above the node's maximum
FORMULA_ERROR = "results_workbook_formula_error"  # (value): "#VALUE!", "#REF!", …
TOTAL_TWICE = "results_workbook_total_twice"  # (row): the first total row

_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
    | {"#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"}
)
_ZIP = b"PK\x03\x04"
_ZIP_EMPTY = b"PK\x05\x06"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

Row = tuple[object, ...]


# Reading the bytes into sheets of rows ------------------------------------------------


@dataclass(frozen=True)
class _Sheet:
    title: str | None  # None for a CSV file
    rows: list[tuple[int, Row]]  # the non-blank rows with their numbers, from 1
    too_many: bool


class _Refused(Exception):
    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.message = Message(key, params)


def _kept(rows: Iterator[Sequence[object]]) -> tuple[list[tuple[int, Row]], bool]:
    kept: list[tuple[int, Row]] = []
    for number, values in enumerate(rows, start=1):
        # Blank rows count too: a sheet of a million empty rows is refused early.
        if number > 2 * MAX_ROWS or len(kept) >= MAX_ROWS:
            return kept, True
        if values and not all(is_blank(value) for value in values):
            kept.append((number, tuple(values)[:MAX_COLUMNS]))
    return kept, False


def _zip_kind(data: bytes) -> str:
    """What a zip holds: "xlsx", or what it is instead."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return "broken"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if "content.xml" in names and "mimetype" in names:
        return "odf"
    return "zip"


def _xlsx(data: bytes) -> list[_Sheet]:
    sheets: list[_Sheet] = []
    with warnings.catch_warnings():
        # openpyxl warns about features it drops (styles, extensions); they hold no data.
        warnings.simplefilter("ignore")
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
        try:
            for title in book.sheetnames:
                sheet = book[title]
                if not hasattr(sheet, "iter_rows"):
                    continue  # a chart sheet
                cells = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
                rows, too_many = _kept(cells)
                sheets.append(_Sheet(title, rows, too_many))
        finally:
            book.close()
    return sheets


def _xls(data: bytes) -> list[_Sheet]:
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception as error:
        raise _Refused(UNREADABLE) from error
    sheets: list[_Sheet] = []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)

            def rows(sheet: Any = sheet) -> Iterator[list[object]]:
                for number in range(sheet.nrows):
                    values: list[object] = []
                    for cell in sheet.row(number)[:MAX_COLUMNS]:
                        if cell.ctype == xlrd.XL_CELL_ERROR:
                            values.append(xlrd.error_text_from_code.get(cell.value, "#VALUE!"))
                        elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                            values.append(None)
                        else:
                            values.append(cell.value)
                    yield values

            kept, too_many = _kept(rows())
            sheets.append(_Sheet(str(sheet.name), kept, too_many))
    finally:
        book.release_resources()
    return sheets


def _delimiter(lines: list[str]) -> str:
    """The separator that splits the lines most consistently into several cells."""
    best, best_score = ",", (-1.0, 0)
    sample = [line for line in lines[:50] if line.strip()]
    for delimiter in (";", "\t", ","):
        counts = [len(row) for row in csv.reader(sample, delimiter=delimiter)]
        if not counts:
            continue
        common = max(set(counts), key=counts.count)
        if common < 2:
            continue
        score = (counts.count(common) / len(counts), common)
        if score[0] > best_score[0]:
            best, best_score = delimiter, score
    return best


def _csv(data: bytes) -> list[_Sheet]:
    if b"\x00" in data[:4096]:
        raise _Refused(NOT_SPREADSHEET, kind="binary")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _Refused(ENCODING) from None
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(lines))
    rows, too_many = _kept(reader)
    return [_Sheet(None, rows, too_many)]


def _sheets(data: bytes) -> list[_Sheet]:
    if data.startswith((_ZIP, _ZIP_EMPTY)):
        kind = _zip_kind(data)
        if kind == "broken":
            raise _Refused(UNREADABLE)
        if kind != "xlsx":
            raise _Refused(NOT_SPREADSHEET, kind=kind)
        if unpacked_size(data) > MAX_UNPACKED:
            raise _Refused(TOO_LARGE, most=MAX_UNPACKED)
        try:
            return _xlsx(data)
        except Exception as error:
            raise _Refused(UNREADABLE) from error
    if data.startswith(_OLE):
        return _xls(data)
    if data.startswith(b"%PDF"):
        raise _Refused(NOT_SPREADSHEET, kind="pdf")
    return _csv(data)


# Cells: numbers, codes, names --------------------------------------------------------

_POINTS = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_BLANKS = frozenset({"", "-", "–", "—", "x"})


def _single_spaced(value: object) -> str:
    return " ".join(cell_text(value).split())


def _points(value: object) -> Decimal | None:
    """Points or a percentage: "," and "." are both decimal marks; None when blank."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise _Refused(NUMBER_BAD, value=cell_text(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # Excel shows 15 significant digits: =0.1+0.2 is 0.3 there, and here.
        number = Decimal(format(value, ".15g"))
        if not number.is_finite():
            raise _Refused(NUMBER_BAD, value=cell_text(value))
        return number
    text = "".join(cell_text(value).split()).removesuffix("%")
    if text.lower() in _BLANKS:
        return None
    if text.upper() in _ERRORS:
        raise _Refused(FORMULA_ERROR, value=text.upper())
    if "," in text and "." in text:
        raise _Refused(NUMBER_AMBIGUOUS, value=_single_spaced(value))
    if not _POINTS.fullmatch(text):
        raise _Refused(NUMBER_BAD, value=_single_spaced(value))
    return Decimal(text.replace(",", "."))


def _count(value: object) -> int | None:
    """A count (a rank): whole, 1 or more; "." groups thousands (2.046); None when blank."""
    if value is None:
        return None
    text = "".join(cell_text(value).split())
    if text.lower() in _BLANKS:
        return None
    if text.upper() in _ERRORS:
        raise _Refused(FORMULA_ERROR, value=text.upper())
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and (text.isdigit() or _THOUSANDS.fullmatch(text)):
        number = int(text.replace(".", ""))
    if number is None or number < 1:
        raise _Refused(RANK_BAD, value=_single_spaced(value))
    return number


_CODE_PREFIX = re.compile(
    r"^(?:tieu chi thanh phan|tieu chi|chi tieu|tc|linh vuc|lv|criterion|sub-criterion|field)"
    r"\s*[:.]?\s*"
)
_CODE = re.compile(r"\d+(?:\.\d+)*")
_ROMAN = re.compile(r"[ivxl]+")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50}
_CODE_IN_TITLE = re.compile(
    r"^(?:(?:TC|Tiêu chí|Tieu chi|Lĩnh vực|Linh vuc)\s*)?(\d+(?:\.\d+)*)\.?\s+(\S.*)$",
    re.IGNORECASE | re.DOTALL,
)


def _roman(text: str) -> int | None:
    if not _ROMAN.fullmatch(text):
        return None
    total = 0
    for here, after in zip(text, [*text[1:], ""], strict=True):
        value = _ROMAN_VALUES[here]
        total += -value if after and _ROMAN_VALUES[after] > value else value
    return total


def _code(value: object) -> str | None:
    """A node's code as parindex writes it ("1.5") from "1.5", "1.5.", "TC 1.5", "Tiêu chí
    1.5", a field's roman "II"; None when the cell holds no code."""
    if isinstance(value, float) and not isinstance(value, bool):
        text = format(value, ".15g")  # Excel took "1.1" for a number
    else:
        text = fold(cell_text(value))
    text = _CODE_PREFIX.sub("", text).strip().rstrip(".").strip()
    if _CODE.fullmatch(text):
        return ".".join(str(int(part)) for part in text.split("."))
    roman = _roman(text)
    return str(roman) if roman else None


_UNIT_KINDS = (
    "xa",
    "phuong",
    "thi tran",
    "dac khu",
    "huyen",
    "quan",
    "thi xa",
    "thanh pho",
    "tinh",
    "so",
    "ban",
    "van phong",
    "thanh tra",
    "ubnd",
    "uy ban nhan dan",
)
_UNIT_PREFIXES = (("ubnd",), ("uy", "ban", "nhan", "dan"))
_SECOND_WORD_LOWER = {"thị", "thành", "đặc"}  # "Thị trấn", "Thị xã", "Thành phố", "Đặc khu"
_SHEET_ABBREVIATIONS = {"x": "Xã", "p": "Phường", "tt": "Thị trấn", "h": "Huyện"}


def _unit(text: str) -> str:
    """A unit's name as written, without "UBND" and in capitals only where names take them."""
    words = text.split()
    for prefix in _UNIT_PREFIXES:
        if len(words) > len(prefix) and tuple(fold(w) for w in words[: len(prefix)]) == prefix:
            words = words[len(prefix) :]
    if words and " ".join(words).isupper():
        words = [word[:1] + word[1:].lower() for word in words]
        if len(words) > 1 and words[0].lower() in _SECOND_WORD_LOWER:
            words[1] = words[1].lower()
    return unit_name(" ".join(words))


def _unit_like(text: str) -> bool:
    folded = fold(text)
    return any(folded == kind or folded.startswith(kind + " ") for kind in _UNIT_KINDS)


# Header rows -------------------------------------------------------------------------

# Column kinds, checked in this order on the diacritic-free header (first match wins).
_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("unit_code", ("ma don vi", "unit code")),
    ("deducted_by", ("don vi tru", "co quan tru", "nguoi tru", "cap tru", "tru boi")),
    ("deducted_by", ("deducted by", "don vi danh gia", "co quan tham dinh")),
    ("reason", ("ly do", "ghi chu", "nguyen nhan", "reason", "note", "nhan xet")),
    ("self", ("tu danh gia", "tu cham", "self")),
    ("appraised", ("tham dinh", "appraised", "achieved", "diem dat", "dat duoc", "tong diem")),
    ("max", ("toi da", "diem chuan", "max", "thang diem", "diem quy dinh")),
    ("rank", ("xep hang", "thu hang", "rank")),
    ("index", ("chi so", "index", "%")),
)
_STARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("unit", ("don vi", "ten don vi", "unit", "co quan", "dia phuong")),
    ("code", ("ma", "code", "so hieu", "ky hieu")),
    (
        "title",
        ("noi dung", "tieu chi", "ten", "title", "criterion", "criteria", "content", "linh vuc"),
    ),
)
_ROW_NUMBER = frozenset({"stt", "tt", "so thu tu", "no", "no.", "#"})
_FIELD = re.compile(r"^(?:linh vuc|lv|field|area)\s*(\d+|[ivxl]+)\b\s*\.?\s*(.*)$")
_HEADER_MAX = re.compile(r"\(\s*([\d.,]+)\s*(?:d|diem|points?|pts?)?\s*\)")
_MULTIPLE = frozenset({"reason", "deducted_by"})  # several columns allowed (several levels)


def _kind(header: str) -> str | None:
    name = fold(header).strip(" *:")
    if not name:
        return None
    if name in _ROW_NUMBER:
        return "row_number"
    if _FIELD.match(name):
        return "field"
    for kind, parts in _KINDS:
        if any(part in name for part in parts):
            return kind
    words = " ".join(re.sub(r"[^\w%#]+", " ", name).split())
    for kind, starts in _STARTS:
        if any(words == start or words.startswith(start + " ") for start in starts):
            return kind
    if name.startswith(("ma ", "ma.")):
        return "code"
    return None


@dataclass(frozen=True)
class _Column:
    index: int
    kind: str
    header: str  # as written
    field: str | None = None  # an annex's field code
    field_max: Decimal | None = None
    field_title: str = ""


@dataclass(frozen=True)
class _Header:
    row: int  # the last header row: data starts below it
    columns: tuple[_Column, ...]
    shape: str  # "annex" or "scorecard"

    def of(self, kind: str) -> list[_Column]:
        return [column for column in self.columns if column.kind == kind]

    def one(self, kind: str) -> _Column | None:
        found = self.of(kind)
        return found[0] if found else None


def _score(values: Row) -> int:
    kinds = {_kind(_single_spaced(value)) for value in values}
    return len(kinds - {None, "row_number"})


def _shape(kinds: set[str | None]) -> str | None:
    if "unit" in kinds and ({"field", "appraised"} & kinds):
        return "annex"
    if {"code", "title"} & kinds and {"appraised", "max", "self"} & kinds:
        return "scorecard"
    return None


def _header_at(rows: list[tuple[int, Row]]) -> tuple[int, list[str], int] | None:
    """(position in rows, the headers as merged, the last header row's number)."""
    best: tuple[int, int] | None = None  # (score, position)
    for position, (number, values) in enumerate(rows):
        if number > HEADER_ROWS:
            break
        score = _score(values)
        if score >= 2 and (best is None or score > best[0]):
            best = (score, position)
    if best is None:
        return None
    position = best[1]
    number, values = rows[position]
    headers = [_single_spaced(value) for value in values]
    last = number
    if position + 1 < len(rows) and rows[position + 1][0] == number + 1:
        below = [_single_spaced(value) for value in rows[position + 1][1]]
        # A second header row: header words only, and some under a merged cell above.
        kinds = [_kind(text) for text in below if text]
        header_words = bool(kinds) and None not in kinds
        under_merged = any(
            text and (i >= len(headers) or not headers[i]) for i, text in enumerate(below)
        )
        if header_words and ("field" in kinds or under_merged):
            width = max(len(headers), len(below))
            headers = [
                (below[i] if i < len(below) and below[i] else "")
                or (headers[i] if i < len(headers) else "")
                for i in range(width)
            ]
            last = number + 1
    return position, headers, last


# What reading finds ------------------------------------------------------------------


@dataclass
class _Entry:
    """A listed node of a scorecard, as read."""

    code: str
    title: str
    row: int
    max_points: Decimal | None
    achieved: Decimal | None
    self_points: Decimal | None
    reasons: tuple[str, ...]
    deducted_by: tuple[str, ...]


@dataclass
class _Reader:
    file: str
    framework: Framework | None
    problems: list[Problem] = field(default_factory=list)
    cards: list[tuple[Scorecard, Place]] = field(default_factory=list)  # where each unit is named
    units: dict[str, tuple[str | None, int]] = field(default_factory=dict)  # fold → (sheet, row)

    def problem(self, place: Place, key: str, /, **params: object) -> None:
        self.problems.append(Problem(place, Message(key, params)))

    def refused(self, place: Place, refused: _Refused) -> None:
        self.problems.append(Problem(place, refused.message))

    def add(self, card: Scorecard, sheet: str | None, row: int, column: str | None) -> None:
        key = fold(card.unit)
        if key in self.units:
            first_sheet, first_row = self.units[key]
            place = Place(self.file, sheet, row, column)
            self.problem(place, UNIT_TWICE, unit=card.unit, sheet=first_sheet, row=first_row)
            return
        self.units[key] = (sheet, row)
        self.cards.append((card, Place(self.file, sheet, row, column)))

    # Numbers in cells, each problem at its cell.

    def points(self, values: Row, column: _Column | None, place: Place) -> Decimal | None:
        if column is None or column.index >= len(values):
            return None
        try:
            number = _points(values[column.index])
        except _Refused as refused:
            self.refused(replace(place, column=column.header), refused)
            return None
        if number is not None and number < 0:
            self.problem(replace(place, column=column.header), NEGATIVE, value=number)
            return None
        return number

    def within(self, number: Decimal | None, most: Decimal | None, place: Place) -> None:
        if number is not None and most is not None and number > most:
            self.problem(place, ABOVE_MAX, value=number, max=most)

    def errors(self, values: Row, columns: Sequence[_Column], place: Place) -> bool:
        """Formula errors in text columns (number columns say so as they are read)."""
        before = len(self.problems)
        for column in columns:
            if column.index < len(values):
                text = _single_spaced(values[column.index]).upper()
                if text in _ERRORS:
                    self.problem(replace(place, column=column.header), FORMULA_ERROR, value=text)
        return len(self.problems) > before

    def framework_node(self, code: str, place: Place) -> Node | None:
        if self.framework is None:
            return None
        node = self.framework.by_code(code)
        if node is None:
            self.problem(place, CODE_UNKNOWN, code=code, framework=self.framework.id)
        return node

    # Sheets.

    def sheet(self, sheet: _Sheet) -> bool:
        """Reads one sheet; False when it has no header row (it may be a note or a guide)."""
        place = Place(self.file, sheet.title)
        if sheet.too_many:
            self.problem(place, TOO_MANY_ROWS, most=MAX_ROWS)
            return True
        found = _header_at(sheet.rows)
        if found is None:
            return False
        position, headers, last = found
        header = self.header(sheet, headers, last)
        if header is None:
            return True
        above = sheet.rows[:position]
        below = [(number, values) for number, values in sheet.rows if number > last]
        if header.shape == "annex":
            self.annex(sheet, header, above, below)
        else:
            self.scorecard(sheet, header, above, below)
        return True

    def header(self, sheet: _Sheet, headers: list[str], last: int) -> _Header | None:
        columns: list[_Column] = []
        seen: dict[str, _Column] = {}
        before = len(self.problems)
        for index, text in enumerate(headers):
            kind = _kind(text)
            if kind is None or kind == "row_number":
                continue
            column = _Column(index, kind, text)
            key = kind
            if kind == "field":
                match = _FIELD.match(fold(text).strip(" *:"))
                assert match is not None
                number = match.group(1)
                code = number if number.isdigit() else str(_roman(number) or number)
                code = str(int(code)) if code.isdigit() else code
                most = _HEADER_MAX.search(fold(text))
                field_max = None
                if most:
                    try:
                        field_max = _points(most.group(1))
                    except _Refused:
                        field_max = None
                title = _HEADER_MAX.sub("", text).strip()
                column = replace(column, field=code, field_max=field_max, field_title=title)
                key = "field " + code
            if key in seen and kind not in _MULTIPLE:
                place = Place(self.file, sheet.title, last)
                other = get_column_letter(seen[key].index + 1)
                self.problem(replace(place, column=text), COLUMN_TWICE, other=other)
                continue
            seen[key] = column
            columns.append(column)
        kinds = {column.kind for column in columns}
        shape = _shape(set(kinds))
        place = Place(self.file, sheet.title, last)
        if shape is None:
            missing = ("Điểm thẩm định", "Appraised points")
            if not ({"code", "title", "unit"} & kinds):
                missing = ("Mã tiêu chí", "Code")
            self.problem(place, COLUMN_MISSING, vi=missing[0], en=missing[1])
            return None
        if shape == "scorecard":
            if "appraised" not in kinds:
                self.problem(place, COLUMN_MISSING, vi="Điểm thẩm định", en="Appraised points")
            if "max" not in kinds and self.framework is None:
                self.problem(place, COLUMN_MISSING, vi="Điểm tối đa", en="Max points")
        if len(self.problems) > before:
            return None
        return _Header(last, tuple(columns), shape)

    # A decision's annex: one row per unit.

    def annex(
        self,
        sheet: _Sheet,
        header: _Header,
        above: list[tuple[int, Row]],
        below: list[tuple[int, Row]],
    ) -> None:
        year = _year(above)
        unit_column = header.one("unit")
        assert unit_column is not None
        fields = header.of("field")
        for column in fields:
            place = Place(self.file, sheet.title, header.row, column.header)
            assert column.field is not None
            node = self.framework_node(column.field, place)
            if node is not None:
                known = node.known_max()
                if column.field_max is None:
                    fields[fields.index(column)] = replace(column, field_max=known)
                elif known is not None and known != column.field_max:
                    self.problem(
                        place, MAX_DIFFERS, code=column.field, max=column.field_max,
                        framework_max=known,
                    )  # fmt: skip
                fields[fields.index(column)] = replace(
                    fields[fields.index(column)], field_title=node.title
                )
        number_columns = [c for c in header.columns if c.kind in {"field", "self", "appraised"}]
        number_columns += header.of("index") + header.of("rank")
        group: str | None = None
        for number, values in below:
            place = Place(self.file, sheet.title, number)
            name = (
                _single_spaced(values[unit_column.index]) if unit_column.index < len(values) else ""
            )
            blank = all(c.index >= len(values) or is_blank(values[c.index]) for c in number_columns)
            if blank:
                named = _group(values) if not name or not _unit_like(name) else None
                if named is not None:
                    group = named
                elif name and not _skipped(name):
                    expected = (header.one("appraised") or fields[0]).header
                    self.problem(replace(place, column=expected), VALUE_REQUIRED)
                continue
            if not name or _skipped(name):
                continue  # a total or average row of the annex
            before = len(self.problems)
            scored = []
            for column in fields:
                achieved = self.points(values, column, place)
                self.within(achieved, column.field_max, replace(place, column=column.header))
                assert column.field is not None
                scored.append(
                    Scored(
                        code=column.field,
                        title=column.field_title,
                        max_points=column.field_max,
                        achieved=achieved,
                    )
                )
            self_total = self.points(values, header.one("self"), place)
            achieved_total = self.points(values, header.one("appraised"), place)
            index = self.points(values, header.one("index"), place)
            rank = None
            rank_column = header.one("rank")
            if rank_column is not None and rank_column.index < len(values):
                try:
                    rank = _count(values[rank_column.index])
                except _Refused as refused:
                    self.refused(replace(place, column=rank_column.header), refused)
            code_column = header.one("unit_code")
            code = None
            if code_column is not None and code_column.index < len(values):
                code = _single_spaced(values[code_column.index]) or None
            if len(self.problems) > before:
                continue
            card = Scorecard(
                unit=_unit(name),
                fields=tuple(scored),
                unit_code=code,
                year=year,
                group=group,
                published_rank=rank,
                total_achieved=achieved_total,
                total_self=self_total,
                index_percent=index,
            )
            self.add(card, sheet.title, number, unit_column.header)

    # A scorecard: one unit, rows of nodes.

    def scorecard(
        self,
        sheet: _Sheet,
        header: _Header,
        above: list[tuple[int, Row]],
        below: list[tuple[int, Row]],
    ) -> None:
        unit, code = _unit_block(above)
        if unit is None and sheet.title is not None:
            unit = _unit_from_sheet(sheet.title)
        if unit is None:
            self.problem(Place(self.file, sheet.title), UNIT_MISSING)
            return
        before = len(self.problems)
        code_column = header.one("code")
        title_column = header.one("title")
        text_columns = [c for c in header.columns if c.kind in {"code", "title", "reason"}]
        text_columns += header.of("deducted_by")
        entries: list[_Entry] = []
        flat: list[_Entry] = []  # named, not coded, and no framework to place them
        where: dict[str, int] = {}
        totals: tuple[Decimal | None, Decimal | None, Decimal | None] | None = None
        total_row = 0
        index: Decimal | None = None
        last_field: _Entry | None = None
        for number, values in below:
            place = Place(self.file, sheet.title, number)
            erred = self.errors(values, text_columns, place)
            code_text = _cell(values, code_column)
            title = _cell(values, title_column)
            label = fold(code_text or title)
            most = self.points(values, header.one("max"), place)
            own = self.points(values, header.one("self"), place)
            achieved = self.points(values, header.one("appraised"), place)
            if erred:
                continue
            if _subtotal(label):
                if last_field is not None and last_field.achieved is None:
                    last_field.achieved = achieved
                    last_field.self_points = last_field.self_points or own
                continue
            if _total(label):
                if totals is not None:
                    self.problem(place, TOTAL_TWICE, row=total_row)
                totals, total_row = (most, own, achieved), number
                for value, column in ((achieved, "appraised"), (own, "self")):
                    found = header.one(column)
                    if found is not None:
                        self.within(value, most, replace(place, column=found.header))
                continue
            if label.startswith(("chi so", "index")) and not _code(code_text):
                index = achieved
                continue
            node_code = _code(code_text) if code_text else None
            if code_column is None and title:
                split = _CODE_IN_TITLE.match(title)
                if split:
                    node_code, title = _code(split.group(1)), split.group(2).strip()
            if code_text and node_code is None:
                assert code_column is not None
                self.problem(replace(place, column=code_column.header), CODE_BAD, value=code_text)
                continue
            if most is None and own is None and achieved is None and node_code is None:
                continue  # a heading, a note, a signature
            node: Node | None = None
            if node_code is None and self.framework is not None:
                node = _by_title(self.framework, title)
                if node is None:
                    assert title_column is not None
                    self.problem(
                        replace(place, column=title_column.header), TITLE_UNKNOWN, title=title,
                        framework=self.framework.id,
                    )  # fmt: skip
                    continue
                node_code = node.code
            elif node_code is not None:
                column = (code_column or title_column or header.columns[0]).header
                node = self.framework_node(node_code, replace(place, column=column))
            if node is not None:
                known = node.known_max()
                max_column = header.one("max")
                if most is None:
                    most = known
                elif known is not None and known != most and max_column is not None:
                    self.problem(
                        replace(place, column=max_column.header), MAX_DIFFERS, code=node_code,
                        max=most, framework_max=known,
                    )  # fmt: skip
                title = title or node.title
            for value, kind in ((achieved, "appraised"), (own, "self")):
                found = header.one(kind)
                if found is not None:
                    self.within(value, most, replace(place, column=found.header))
            entry = _Entry(
                code=node_code or "",
                title=title,
                row=number,
                max_points=most,
                achieved=achieved,
                self_points=own,
                reasons=_texts(values, header.of("reason")),
                deducted_by=_texts(values, header.of("deducted_by")),
            )
            if node_code is None:
                flat.append(entry)
                continue
            if node_code in where:
                column = (code_column or title_column or header.columns[0]).header
                self.problem(
                    replace(place, column=column), CODE_TWICE, code=node_code,
                    row=where[node_code],
                )  # fmt: skip
                continue
            where[node_code] = number
            entries.append(entry)
            if "." not in node_code:
                last_field = entry
        if len(self.problems) > before or not (entries or flat or totals):
            return
        most, own, achieved = totals or (None, None, None)
        card = Scorecard(
            unit=unit,
            fields=(*_tree(entries, self.framework), *(_scored(entry, ()) for entry in flat)),
            unit_code=code,
            year=_year(above),
            total_max=most,
            total_self=own,
            total_achieved=achieved,
            index_percent=index,
        )
        self.add(card, sheet.title, header.row, None)


def _cell(values: Row, column: _Column | None) -> str:
    if column is None or column.index >= len(values):
        return ""
    return _single_spaced(values[column.index])


def _texts(values: Row, columns: Sequence[_Column]) -> tuple[str, ...]:
    found = (cell_text(values[c.index]).strip() for c in columns if c.index < len(values))
    return tuple(text for text in found if text)


_SUBTOTAL = re.compile(r"^(?:cong|tong|tong cong|tong diem|subtotal)\b.*\b(?:linh vuc|field)\b")


def _subtotal(label: str) -> bool:
    """ "Cộng lĩnh vực 1", "Tổng điểm lĩnh vực", "Cộng": a field's subtotal."""
    return label.strip(" :.") in {"cong", "subtotal"} or bool(_SUBTOTAL.match(label))


def _total(label: str) -> bool:
    return label.startswith(("tong cong", "tong diem", "tong so diem", "total", "grand total"))


def _skipped(name: str) -> bool:
    """An annex row that is no unit: a total, an average, a note."""
    return fold(name).startswith(
        ("tong", "cong", "trung binh", "binh quan", "total", "average", "ghi chu", "note")
    )


_GROUP = re.compile(r"^(?:[IVXLC]+|[A-Z]|\d+)[.)]\s+(\S.*)$")


def _group(values: Row) -> str | None:
    """The group a separator row names ("I. KHỐI XÃ" → "Xã"); None when it names none."""
    for value in values:
        text = _single_spaced(value)
        if not text:
            continue
        match = _GROUP.match(text)
        name = match.group(1) if match else text
        words = name.split()
        is_group = bool(match) or fold(name).startswith("khoi ")
        if words and fold(words[0]) == "khoi":
            words = words[1:]
        if not is_group or not words:
            return None
        name = " ".join(words)
        if name.isupper():
            name = name[:1] + name[1:].lower()
        return name
    return None


_YEAR = re.compile(r"\b(?:nam|year)\s*:?\s*((?:19|20)\d{2})\b")
_LABEL = re.compile(r"^([^:]{1,40}):\s*(\S.*)$", re.DOTALL)
_UNIT_LABELS = frozenset({"don vi", "ten don vi", "unit", "co quan", "dia phuong"})
_UNIT_LABELS |= {"don vi duoc danh gia", "don vi duoc tham dinh"}
_CODE_LABELS = frozenset({"ma don vi", "unit code", "ma"})


_YEAR_LABELS = frozenset({"nam", "year", "nam danh gia"})
_YEAR_ALONE = re.compile(r"(?:19|20)\d{2}")


def _year(rows: list[tuple[int, Row]]) -> int | None:
    for _number, values in rows:
        for position, value in enumerate(values):
            if fold(cell_text(value)).strip(" *:") in _YEAR_LABELS:
                # "Năm:" in one cell, the year in the next: the year is said to be the year.
                after = next((cell_text(v) for v in values[position + 1 :] if not is_blank(v)), "")
                if _YEAR_ALONE.fullmatch(after.strip()):
                    return int(after.strip())
                continue
            if isinstance(value, int) and not isinstance(value, bool) and 1900 < value < 2100:
                continue  # a bare number is not said to be the year
            match = _YEAR.search(fold(cell_text(value)))
            if match:
                return int(match.group(1))
    return None


def _unit_block(rows: list[tuple[int, Row]]) -> tuple[str | None, str | None]:
    """The unit's name and code from the rows above a scorecard's header."""
    unit: str | None = None
    titled: str | None = None
    code: str | None = None
    for _number, values in rows:
        texts = [_single_spaced(value) for value in values]
        for position, text in enumerate(texts):
            if not text:
                continue
            label, value = text, ""
            match = _LABEL.match(text)
            if match:
                label, value = match.group(1), match.group(2).strip()
            else:
                value = next((t for t in texts[position + 1 :] if t), "")
            name = fold(label).strip(" *:")  # "Đơn vị:" with the name in the next cell
            if name in _UNIT_LABELS and value and unit is None:
                unit = _unit(value)
            elif name in _CODE_LABELS and value and code is None:
                code = value
            else:
                for dash in (" - ", " – ", " — "):
                    tail = text.rpartition(dash)[2].strip()
                    if dash in text and _unit_like(tail) and titled is None:
                        titled = _unit(tail)
    return unit or titled, code


def _unit_from_sheet(title: str) -> str | None:
    """ "X. Phúc Lâm" → "Xã Phúc Lâm"; a sheet named as a unit is one; else None."""
    head, dot, rest = title.partition(".")
    if dot and fold(head) in _SHEET_ABBREVIATIONS and rest.strip():
        return _unit(f"{_SHEET_ABBREVIATIONS[fold(head)]} {rest.strip()}")
    return _unit(title) if _unit_like(title) else None


def _by_title(framework: Framework, title: str) -> Node | None:
    key = fold(title).strip(" .:;")
    found = [node for node, _depth in framework.walk() if fold(node.title).strip(" .:;") == key]
    return found[0] if len(found) == 1 else None


def _parent(code: str) -> str | None:
    return code.rpartition(".")[0] or None


def _scored(entry: _Entry, children: tuple[Scored, ...]) -> Scored:
    return Scored(
        code=entry.code,
        title=entry.title,
        max_points=entry.max_points,
        achieved=entry.achieved,
        self_points=entry.self_points,
        reasons=entry.reasons,
        deducted_by=entry.deducted_by,
        children=children,
    )


def _tree(entries: list[_Entry], framework: Framework | None) -> tuple[Scored, ...]:
    """The listed nodes as a tree by their codes; parents not listed are implied."""
    listed = {entry.code: entry for entry in entries}
    order: list[str] = []
    seen: set[str] = set()
    for entry in entries:
        chain: list[str] = []
        code: str | None = entry.code
        while code is not None and code not in seen:
            chain.append(code)
            code = _parent(code)
        for code in reversed(chain):
            seen.add(code)
            order.append(code)
    children: dict[str | None, list[str]] = {}
    for code in order:
        children.setdefault(_parent(code), []).append(code)

    def build(code: str) -> Scored:
        below = tuple(build(child) for child in children.get(code, []))
        if code in listed:
            return _scored(listed[code], below)
        node = framework.by_code(code) if framework is not None else None
        if node is None:
            return Scored(code=code, title="", max_points=None, achieved=None, children=below)
        # Its points are its children's when every child the framework gives it is listed.
        complete = {child.code for child in node.children} == {child.code for child in below}
        achieved = own = None
        if complete and below:
            achieved = sum_known([child.achieved for child in below])
            own = sum_known([child.self_points for child in below])
        return Scored(
            code=code,
            title=node.title,
            max_points=node.known_max(),
            achieved=achieved,
            self_points=own,
            children=below,
        )

    return tuple(build(code) for code in children.get(None, []))


# Sheets that are read as notes, never as results (the names folded, see core.text.fold).
SKIPPED_SHEETS = frozenset({"huong dan", "guide", "readme", "ghi chu", "notes"})


def read(data: bytes, file: str, framework: Framework | None = None) -> list[Scorecard]:
    """Every unit's scorecard in a results workbook or CSV file, in the file's order.

    All or nothing: FileRefused with every problem found, each at its sheet, row and column.
    """
    return [card for card, _place in read_located(data, file, framework)]


def read_located(
    data: bytes, file: str, framework: Framework | None = None
) -> list[tuple[Scorecard, Place]]:
    """`read`'s scorecards, each with the cell that names its unit, for what is found wrong
    with it later (a unit the database does not know)."""
    if not data:
        raise FileRefused([Problem(Place(file), Message(EMPTY))])
    try:
        sheets = _sheets(data)
    except _Refused as refused:
        raise FileRefused([Problem(Place(file), refused.message)]) from None
    reader = _Reader(file, framework)
    read_sheets = [s for s in sheets if s.rows and fold(s.title or "") not in SKIPPED_SHEETS]
    headless = [sheet for sheet in read_sheets if not reader.sheet(sheet)]
    if len(headless) == len(read_sheets) and read_sheets:
        expected = "Mã tiêu chí, Điểm tối đa, Điểm thẩm định / Đơn vị, Lĩnh vực 1 … (Code, Max "
        expected += "points, Appraised points / Unit, Field 1 …)"
        for sheet in headless:
            place = Place(file, sheet.title)
            reader.problem(place, HEADER_MISSING, rows=HEADER_ROWS, expected=expected)
    if reader.problems:
        order = {sheet.title: index for index, sheet in enumerate(sheets)}
        problems = sorted(
            reader.problems,
            key=lambda p: (order.get(p.place.sheet, -1), p.place.row or 0),
        )
        raise FileRefused(problems)
    if not reader.cards:
        raise FileRefused([Problem(Place(file), Message(NOTHING))])
    return reader.cards
