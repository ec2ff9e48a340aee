"""Units, ranking groups, lineage and people in one .xlsx workbook, read and written.

No Django here. Reading turns the four sheets into plain rows that remember where they came
from (sheet and row), and every problem into a core `Message` with the `Place` it names
(file, sheet, row, column); parindex.org.workbooks resolves the codes against the database,
renders the messages and calls the named writes. Headers are matched diacritic- and
case-insensitively (parindex.core.text.fold), in Vietnamese or in English.
"""

import re
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from parindex.core.lineage import LineageKind
from parindex.core.messages import Message
from parindex.core.text import fold
from parindex.io.problems import Place, Problem

UNITS, GROUPS, LINEAGE, USERS = "units", "groups", "lineage", "users"
# A sheet with more rows than this is refused rather than read (a province has hundreds of
# units, the country a few thousand).
MAX_ROWS = 100_000
DATE_FORMAT = "DD/MM/YYYY"
_DAY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_CODES_SEPARATOR = re.compile(r"[,;\s]+")
# Columns people add to their own tables and that carry nothing to import.
_IGNORED_HEADERS = frozenset({"stt", "tt", "so thu tu", "no", "no.", "#"})

# Message keys (parameters in brackets); parindex.org.workbooks renders them.
EMPTY = "workbook_empty"  # the file has no bytes
UNREADABLE = "workbook_unreadable"  # not an .xlsx workbook
NO_SHEETS = "workbook_no_sheets"  # (expected, found)
NOTHING = "workbook_nothing"  # the known sheets hold no rows
SHEET_TWICE = "workbook_sheet_twice"  # (other): "Đơn vị" and "Units" both present
TOO_MANY_ROWS = "workbook_too_many_rows"  # (most)
COLUMN_MISSING = "workbook_column_missing"  # (vi, en)
COLUMN_UNKNOWN = "workbook_column_unknown"  # (expected)
COLUMN_TWICE = "workbook_column_twice"  # (other)
VALUE_REQUIRED = "workbook_value_required"
VALUE_DATE = "workbook_value_date"  # (value)
VALUE_YEAR = "workbook_value_year"  # (value)
VALUE_CHOICE = "workbook_value_choice"  # (value, allowed)

STRUCTURAL = frozenset(
    {EMPTY, UNREADABLE, NO_SHEETS, SHEET_TWICE, TOO_MANY_ROWS, COLUMN_MISSING, COLUMN_UNKNOWN}
    | {COLUMN_TWICE}
)


@dataclass(frozen=True)
class Column:
    key: str
    vi: str
    en: str
    required: bool = False  # the header row must name it
    codes: bool = False  # unit codes or usernames: kept as text in Excel ("01" stays "01")
    also: tuple[str, ...] = ()  # other headers accepted for it
    guide_vi: str = ""
    guide_en: str = ""

    def names(self) -> set[str]:
        return {fold(name) for name in (self.vi, self.en, *self.also)}


@dataclass(frozen=True)
class SheetSpec:
    key: str
    vi: str
    en: str
    columns: tuple[Column, ...]
    also: tuple[str, ...] = ()

    def names(self) -> set[str]:
        return {fold(name) for name in (self.vi, self.en, *self.also)}

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


_DATE_GUIDE_VI = "ngày dd/mm/yyyy (ví dụ 01/07/2025) hoặc ô ngày của Excel"
_DATE_GUIDE_EN = "a day as dd/mm/yyyy (e.g. 01/07/2025) or an Excel date cell"

SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec(
        UNITS,
        "Đơn vị",
        "Units",
        (
            Column(
                "code",
                "Mã",
                "Code",
                required=True,
                codes=True,
                also=("mã đơn vị", "unit code"),
                guide_vi="bắt buộc; tối đa 32 chữ cái, chữ số, dấu chấm, gạch ngang, gạch dưới; "
                "không trùng mã đã có",
                guide_en="required; up to 32 letters, digits, dots, dashes, underscores; "
                "not a code already in use",
            ),
            Column(
                "name",
                "Tên",
                "Name",
                required=True,
                also=("tên đơn vị", "unit name"),
                guide_vi="bắt buộc",
                guide_en="required",
            ),
            Column(
                "kind",
                "Loại",
                "Kind",
                required=True,
                also=("loại đơn vị",),
                guide_vi="bắt buộc; một trong: {choices}",
                guide_en="required; one of: {choices}",
            ),
            Column(
                "parent",
                "Mã đơn vị cấp trên",
                "Parent code",
                codes=True,
                also=("mã cấp trên", "parent unit code", "parent"),
                guide_vi="mã một đơn vị trong trang này (dòng trên hoặc dưới) hoặc đã có; "
                "để trống cho đơn vị cấp cao nhất (chỉ quản trị viên)",
                guide_en="the code of a unit on this sheet (above or below) or already stored; "
                "empty for a top-level unit (administrators only)",
            ),
            Column(
                "valid_from",
                "Hoạt động từ",
                "Active from",
                guide_vi=_DATE_GUIDE_VI,
                guide_en=_DATE_GUIDE_EN,
            ),
            Column(
                "valid_to",
                "Hoạt động đến",
                "Active until",
                guide_vi=_DATE_GUIDE_VI,
                guide_en=_DATE_GUIDE_EN,
            ),
        ),
    ),
    SheetSpec(
        GROUPS,
        "Khối xếp hạng",
        "Groups",
        (
            Column(
                "evaluator",
                "Mã đơn vị đánh giá",
                "Evaluating unit code",
                required=True,
                codes=True,
                guide_vi="bắt buộc; đơn vị bạn điều phối",
                guide_en="required; a unit you coordinate",
            ),
            Column(
                "year",
                "Năm",
                "Year",
                required=True,
                guide_vi="bắt buộc; bốn chữ số (ví dụ 2025)",
                guide_en="required; four digits (e.g. 2025)",
            ),
            Column(
                "name",
                "Tên khối",
                "Name",
                required=True,
                also=("group name", "tên"),
                guide_vi="bắt buộc",
                guide_en="required",
            ),
            Column(
                "units",
                "Mã các đơn vị",
                "Unit codes",
                required=True,
                codes=True,
                guide_vi="bắt buộc; mã các đơn vị trực thuộc đơn vị đánh giá, cách nhau "
                "bởi dấu phẩy",
                guide_en="required; codes of units below the evaluating unit, separated by commas",
            ),
        ),
        also=("ranking groups", "khối"),
    ),
    SheetSpec(
        LINEAGE,
        "Sắp xếp",
        "Lineage",
        (
            Column(
                "kind",
                "Loại",
                "Kind",
                required=True,
                also=("loại sắp xếp", "kind of change"),
                guide_vi="bắt buộc; một trong: {choices}",
                guide_en="required; one of: {choices}",
            ),
            Column(
                "day",
                "Ngày",
                "Day",
                required=True,
                also=("date", "ngày hiệu lực", "in force from"),
                guide_vi="bắt buộc; ngày có hiệu lực, " + _DATE_GUIDE_VI,
                guide_en="required; the day it takes effect, " + _DATE_GUIDE_EN,
            ),
            Column(
                "before",
                "Mã đơn vị trước",
                "Before codes",
                required=True,
                codes=True,
                also=("units before",),
                guide_vi="mã các đơn vị trước khi sắp xếp, cách nhau bởi dấu phẩy",
                guide_en="codes of the units before the change, separated by commas",
            ),
            Column(
                "after",
                "Mã đơn vị sau",
                "After codes",
                required=True,
                codes=True,
                also=("units after",),
                guide_vi="mã các đơn vị sau khi sắp xếp, cách nhau bởi dấu phẩy "
                "(để trống khi giải thể)",
                guide_en="codes of the units after the change, separated by commas "
                "(empty for an abolition)",
            ),
            Column(
                "note",
                "Ghi chú",
                "Note",
                guide_vi="ví dụ số nghị quyết",
                guide_en="e.g. the resolution's number",
            ),
        ),
        also=("sắp xếp đơn vị",),
    ),
    SheetSpec(
        USERS,
        "Người dùng",
        "Users",
        (
            Column(
                "username",
                "Tên đăng nhập",
                "Username",
                required=True,
                codes=True,
                guide_vi="bắt buộc; chưa có trong parindex; nhiều dòng cùng tên đăng nhập "
                "giao cho một người nhiều vai trò",
                guide_en="required; not already in parindex; several rows with the same "
                "username give one person several roles",
            ),
            Column(
                "full_name",
                "Họ và tên",
                "Full name",
                required=True,
                guide_vi="bắt buộc ở dòng đầu tiên của mỗi người",
                guide_en="required on each person's first row",
            ),
            Column(
                "email",
                "Email",
                "E-mail",
                also=("thư điện tử",),
                guide_vi="không bắt buộc",
                guide_en="optional",
            ),
            Column(
                "role",
                "Vai trò",
                "Role",
                required=True,
                guide_vi="bắt buộc; một trong: {choices}",
                guide_en="required; one of: {choices}",
            ),
            Column(
                "unit",
                "Mã đơn vị",
                "Unit code",
                required=True,
                codes=True,
                guide_vi="bắt buộc, trừ vai trò quản trị viên (để trống)",
                guide_en="required, except for the administrator role (left empty)",
            ),
        ),
    ),
)
SHEETS_BY_KEY = {spec.key: spec for spec in SHEETS}
GUIDE_VI, GUIDE_EN = "Hướng dẫn", "Guide"

UNIT_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "province": ("tỉnh", "thành phố trực thuộc trung ương"),
    "department": ("sở", "ban", "ngành", "sở ngành"),
    "district": ("huyện", "quận", "thị xã"),
    "commune": ("xã", "phường", "đặc khu", "thị trấn"),
    "other": ("khác",),
}
LINEAGE_KIND_WORDS: dict[str, tuple[str, ...]] = {
    LineageKind.MERGE: ("hợp nhất", "sáp nhập"),
    LineageKind.SPLIT: ("chia tách", "tách"),
    LineageKind.RENAME: ("đổi tên",),
    LineageKind.REPARENT: ("thay đổi cấp trên", "đổi cấp trên"),
    LineageKind.ABOLISH: ("giải thể",),
}


@dataclass(frozen=True)
class Choices:
    """The words accepted for a coded value, compared by their folded form."""

    words: Mapping[str, str]  # folded word → value
    shown: tuple[str, ...]  # what messages and the guide list

    @classmethod
    def build(
        cls, words: Mapping[str, Iterable[str]], shown_words: Mapping[str, Iterable[str]]
    ) -> "Choices":
        """`words` maps each value to the words accepted for it (the value itself is accepted
        too); `shown_words` to those listed, as «xã/phường (commune)»."""
        folded: dict[str, str] = {}
        shown: list[str] = []
        for value, names in words.items():
            names = [name for name in names if name]
            listed = "/".join(shown_words.get(value, ()))
            shown.append(f"{listed} ({value})" if listed else value)
            for name in (value, *names):
                key = fold(name)
                if folded.setdefault(key, value) != value:
                    raise ValueError(f"“{name}” would mean both {folded[key]} and {value}")
        return cls(folded, tuple(shown))

    def match(self, text: str) -> str | None:
        """The value `text` names; also as copied from the list shown, «xã/phường (commune)»."""
        key = fold(text)
        if key in self.words:
            return self.words[key]
        bare = re.sub(r"\s*\([^)]*\)$", "", key)
        values = {self.words.get(part.strip()) for part in bare.split("/")}
        return values.pop() if len(values) == 1 else None


@dataclass(frozen=True)
class Vocabulary:
    unit_kinds: Choices
    lineage_kinds: Choices
    roles: Choices


@dataclass(frozen=True)
class Sheet:
    """A sheet as found: its title and its headers as written there."""

    key: str
    title: str
    headers: Mapping[str, str]

    def column(self, key: str) -> str:
        """The column's header as written in the file, or the template's if it is absent."""
        return self.headers.get(key) or SHEETS_BY_KEY[self.key].column(key).vi


@dataclass(frozen=True)
class UnitRow:
    row: int
    code: str
    name: str
    kind: str | None
    parent: str
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True)
class GroupRow:
    row: int
    evaluator: str
    year: int | None
    name: str
    units: tuple[str, ...]


@dataclass(frozen=True)
class LineageRow:
    row: int
    kind: str | None
    day: date | None
    before: tuple[str, ...]
    after: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class UserRow:
    row: int
    username: str
    full_name: str
    email: str
    role: str | None
    unit: str


@dataclass
class Parsed:
    file: str
    sheets: dict[str, Sheet] = field(default_factory=dict)
    units: list[UnitRow] = field(default_factory=list)
    groups: list[GroupRow] = field(default_factory=list)
    lineage: list[LineageRow] = field(default_factory=list)
    users: list[UserRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def structural(self) -> bool:
        """Whether a problem is with the file or a header row, so rows were not all read."""
        return any(p.message.key in STRUCTURAL for p in self.problems)

    def place(self, sheet: str, row: int | None = None, column: str | None = None) -> Place:
        found = self.sheets[sheet]
        return Place(self.file, found.title, row, found.column(column) if column else None)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return f"{value:%d/%m/%Y}"
    return " ".join(str(value).split())


class _Cells:
    """One data row's cells by column key, reporting problems at their place."""

    def __init__(self, parsed: Parsed, sheet: str, row: int, values: Mapping[str, object]):
        self.parsed, self.sheet, self.row, self.values = parsed, sheet, row, values

    def problem(self, column: str, key: str, **params: object) -> None:
        place = self.parsed.place(self.sheet, self.row, column)
        self.parsed.problems.append(Problem(place, Message(key, params)))

    def text(self, column: str, required: bool = False) -> str:
        text = _text(self.values.get(column))
        if required and not text:
            self.problem(column, VALUE_REQUIRED)
        return text

    def codes(self, column: str, required: bool = False) -> tuple[str, ...]:
        text = self.text(column, required)
        return tuple(dict.fromkeys(code for code in _CODES_SEPARATOR.split(text) if code))

    def day(self, column: str, required: bool = False) -> date | None:
        value = self.values.get(column)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = self.text(column, required)
        if not text:
            return None
        match = _DAY.match(text)
        parts = (match.group(3), match.group(2), match.group(1)) if match else None
        if iso := _ISO_DAY.match(text):
            parts = (iso.group(1), iso.group(2), iso.group(3))
        if parts:
            try:
                return date(int(parts[0]), int(parts[1]), int(parts[2]))
            except ValueError:
                pass
        self.problem(column, VALUE_DATE, value=text)
        return None

    def year(self, column: str) -> int | None:
        value = self.values.get(column)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = self.text(column, required=True)
        if re.fullmatch(r"\d{4}", text):
            return int(text)
        if text:
            self.problem(column, VALUE_YEAR, value=text)
        return None

    def choice(self, column: str, choices: Choices) -> str | None:
        text = self.text(column, required=True)
        if not text:
            return None
        value = choices.match(text)
        if value is None:
            self.problem(column, VALUE_CHOICE, value=text, allowed=", ".join(choices.shown))
        return value


def _unit(cells: _Cells, vocabulary: Vocabulary) -> UnitRow:
    return UnitRow(
        row=cells.row,
        code=cells.text("code", required=True),
        name=cells.text("name", required=True),
        kind=cells.choice("kind", vocabulary.unit_kinds),
        parent=cells.text("parent"),
        valid_from=cells.day("valid_from"),
        valid_to=cells.day("valid_to"),
    )


def _group(cells: _Cells, vocabulary: Vocabulary) -> GroupRow:
    return GroupRow(
        row=cells.row,
        evaluator=cells.text("evaluator", required=True),
        year=cells.year("year"),
        name=cells.text("name", required=True),
        units=cells.codes("units", required=True),
    )


def _lineage(cells: _Cells, vocabulary: Vocabulary) -> LineageRow:
    return LineageRow(
        row=cells.row,
        kind=cells.choice("kind", vocabulary.lineage_kinds),
        day=cells.day("day", required=True),
        before=cells.codes("before"),
        after=cells.codes("after"),
        note=cells.text("note"),
    )


def _user(cells: _Cells, vocabulary: Vocabulary) -> UserRow:
    return UserRow(
        row=cells.row,
        username=cells.text("username", required=True),
        full_name=cells.text("full_name"),
        email=cells.text("email"),
        role=cells.choice("role", vocabulary.roles),
        unit=cells.text("unit"),
    )


_ROW_READERS: dict[str, Callable[[_Cells, Vocabulary], object]] = {
    UNITS: _unit,
    GROUPS: _group,
    LINEAGE: _lineage,
    USERS: _user,
}


def _headers(parsed: Parsed, spec: SheetSpec, title: str, row: Sequence[object]) -> dict[int, str]:
    """The header row's columns by position → column key; problems for what is wrong."""
    wanted = {name: column for column in spec.columns for name in column.names()}
    positions: dict[int, str] = {}
    written: dict[str, str] = {}
    letters: dict[str, str] = {}
    unknown: list[tuple[int, str]] = []
    twice: list[tuple[str, str, str]] = []
    for index, value in enumerate(row):
        header = _text(value)
        name = fold(header).strip(" *:")
        if not name or name in _IGNORED_HEADERS:
            continue
        column = wanted.get(name)
        if column is None:
            unknown.append((index, header))
        elif column.key in written:
            twice.append((header, column.key, letters[column.key]))
        else:
            positions[index] = column.key
            written[column.key] = header
            letters[column.key] = get_column_letter(index + 1)
    parsed.sheets[spec.key] = Sheet(spec.key, title, written)
    expected = ", ".join(f"“{column.vi}”" for column in spec.columns)
    for column in spec.columns:
        if column.required and column.key not in written:
            place = Place(parsed.file, title, 1, column.vi)
            message = Message(COLUMN_MISSING, {"vi": column.vi, "en": column.en})
            parsed.problems.append(Problem(place, message))
    for _index, header in unknown:
        place = Place(parsed.file, title, 1, header)
        parsed.problems.append(Problem(place, Message(COLUMN_UNKNOWN, {"expected": expected})))
    for header, _key, letter in twice:
        place = Place(parsed.file, title, 1, header)
        parsed.problems.append(Problem(place, Message(COLUMN_TWICE, {"other": letter})))
    return positions


def _read_sheet(
    parsed: Parsed, spec: SheetSpec, title: str, sheet: Any, vocabulary: Vocabulary
) -> None:
    rows = sheet.iter_rows(values_only=True)
    header = tuple(next(rows, ()) or ())
    if all(_text(value) == "" for value in header):
        rest = [values for values in rows if any(_text(value) for value in values or ())]
        if not rest:
            # A sheet left entirely empty is as good as absent.
            parsed.sheets[spec.key] = Sheet(spec.key, title, {})
            return
        rows = iter(rest)  # still refused below: its header row names no column
    before = len(parsed.problems)
    positions = _headers(parsed, spec, title, header)
    if len(parsed.problems) > before:
        return  # rows are not read against a header row that is wrong
    read = _ROW_READERS[spec.key]
    target: list[Any] = getattr(parsed, spec.key)
    for number, values in enumerate(rows, start=2):
        if values is None or all(_text(value) == "" for value in values):
            continue
        if len(target) >= MAX_ROWS:
            place = Place(parsed.file, title)
            parsed.problems.append(Problem(place, Message(TOO_MANY_ROWS, {"most": MAX_ROWS})))
            return
        by_key = {key: values[i] for i, key in positions.items() if i < len(values)}
        target.append(read(_Cells(parsed, spec.key, number, by_key), vocabulary))


def read_workbook(data: bytes, file: str, vocabulary: Vocabulary) -> Parsed:
    """The rows of the known sheets (others are ignored), and every problem found reading them.

    Values that cannot be read (a bad date, an unknown kind) come out as None beside their
    problem, so the rest of the row can still be checked.
    """
    parsed = Parsed(file)
    if not data:
        parsed.problems.append(Problem(Place(file), Message(EMPTY)))
        return parsed
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (styles, extensions); they hold no data.
            warnings.simplefilter("ignore")
            book = load_workbook(BytesIO(data), read_only=True, data_only=True)
            try:
                _read_book(parsed, book, vocabulary)
            finally:
                book.close()
    except Exception:
        # Whatever the bytes were (a zip of something else, an old .xls, a damaged file),
        # openpyxl could not read them as a workbook.
        parsed = Parsed(file, problems=[Problem(Place(file), Message(UNREADABLE))])
    return parsed


def _read_book(parsed: Parsed, book: Any, vocabulary: Vocabulary) -> None:
    found: dict[str, str] = {}
    for title in book.sheetnames:
        name = fold(title)
        spec = next((spec for spec in SHEETS if name in spec.names()), None)
        if spec is None:
            continue
        if spec.key in found:
            place = Place(parsed.file, title)
            message = Message(SHEET_TWICE, {"other": found[spec.key]})
            parsed.problems.append(Problem(place, message))
            continue
        found[spec.key] = title
        _read_sheet(parsed, spec, title, book[title], vocabulary)
    if not found:
        expected = ", ".join(f"“{spec.vi}” ({spec.en})" for spec in SHEETS)
        shown = ", ".join(f"“{title}”" for title in book.sheetnames)
        message = Message(NO_SHEETS, {"expected": expected, "found": shown})
        parsed.problems.append(Problem(Place(parsed.file), message))
    elif not parsed.problems and not any(
        getattr(parsed, key) for key in (UNITS, GROUPS, LINEAGE, USERS)
    ):
        parsed.problems.append(Problem(Place(parsed.file), Message(NOTHING)))


_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _header_row(sheet: Worksheet, headers: Sequence[str], widths: Sequence[int]) -> None:
    sheet.append(list(headers))
    for index, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _width(column: Column) -> int:
    if column.key in {"name", "full_name", "note", "units", "before", "after"}:
        return 36
    return max(14, len(column.vi) + 4)


def write_workbook(
    rows: Mapping[str, Iterable[Mapping[str, object]]],
    choices: Mapping[tuple[str, str], Sequence[str]] | None = None,
) -> bytes:
    """The four sheets with their Vietnamese headers and `rows` (by sheet, then column key).

    Dates become Excel dates shown dd/mm/yyyy; code columns are text, so "01" stays "01".
    With `choices` ((sheet, column) → accepted words) a guide sheet is added after them.
    """
    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    for spec in SHEETS:
        sheet = book.create_sheet(spec.vi)
        _header_row(sheet, [c.vi for c in spec.columns], [_width(c) for c in spec.columns])
        for index, column in enumerate(spec.columns, start=1):
            if column.codes:
                sheet.column_dimensions[get_column_letter(index)].number_format = "@"
        for number, row in enumerate(rows.get(spec.key, ()), start=2):
            for index, column in enumerate(spec.columns, start=1):
                value = row.get(column.key)
                cell = sheet.cell(row=number, column=index, value=value)
                if isinstance(value, date):
                    cell.number_format = DATE_FORMAT
                elif column.codes:
                    cell.number_format = "@"
    if choices is not None:
        _guide(book, choices)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _guide(book: Workbook, choices: Mapping[tuple[str, str], Sequence[str]]) -> None:
    sheet = book.create_sheet(GUIDE_VI)
    _header_row(
        sheet,
        [
            "Trang / Sheet",
            "Cột (tiếng Việt)",
            "Column (English)",
            "Bắt buộc / Required",
            "Cách ghi",
            "How to fill it in",
        ],
        [22, 24, 22, 12, 60, 60],
    )
    for spec in SHEETS:
        for column in spec.columns:
            shown = ", ".join(choices.get((spec.key, column.key), ()))
            sheet.append(
                [
                    f"{spec.vi} / {spec.en}",
                    column.vi,
                    column.en,
                    "có / yes" if column.required else "",
                    column.guide_vi.format(choices=shown),
                    column.guide_en.format(choices=shown),
                ]
            )
    sheet.append([])
    for line in (
        "Dòng 1 của mỗi trang là dòng tiêu đề; có thể ghi tiêu đề bằng tiếng Việt (có dấu hay "
        "không dấu) hoặc tiếng Anh. Mỗi trang đều không bắt buộc, nhưng phải có ít nhất một.",
        "Row 1 of each sheet is the header row, in Vietnamese (with or without diacritics) or "
        "English. Each sheet is optional, but at least one must be present.",
        "Tệp được nhập trọn vẹn hoặc không nhập gì: mọi lỗi được liệt kê theo tệp, trang, dòng "
        "và cột.",
        "A workbook is imported whole or not at all: every problem is listed by file, sheet, "
        "row and column.",
    ):
        sheet.append([line])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
