"""A unit's self-assessment as a workbook to fill offline, and reading it back.

One row per input of every criterion the unit enters: code, criterion, maximum, what the
input is, the value (to fill), the note, and two columns parindex reads back (the criterion's
key and input, and the version the row was written at, so a criterion changed on the site
since the download is refused rather than overwritten). Reading only finds the rows; what
the values are worth is the rule's to say, by the caller.
"""

import warnings
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from io import BytesIO

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from parindex.core import assessment as core
from parindex.core.framework import Framework
from parindex.core.messages import Message
from parindex.io import render
from parindex.io.problems import FileRefused, Place, Problem
from parindex.io.xlsx import header, landscape, put

_ = render.gettext_noop

SHEET = _("Self-assessment")
HEADERS = (
    _("Code"),
    _("Criterion"),
    _("Max"),
    _("Input"),
    _("Value"),
    _("Note"),
)
# The columns parindex reads back, named the same in every language.
HIDDEN = ("key", "version")
VALUE_COLUMN, NOTE_COLUMN, KEY_COLUMN, VERSION_COLUMN = 5, 6, 7, 8
FIRST_ROW = 3
MOST_ROWS = 5000


@dataclass(frozen=True)
class Kept:
    """What the site holds for a criterion when the workbook is written."""

    inputs: Mapping[str, str]  # canonical text
    note: str
    version: int


@dataclass(frozen=True)
class Line:
    """A filled row read back."""

    sheet: str
    row: int
    node_id: str
    input: str
    value: str
    note: str
    version: int


def write(framework: Framework, kept: Mapping[str, Kept], title: str, lang: str = "vi") -> bytes:
    """The workbook for `kept` (by leaf id): `title` names the unit and the year."""
    words = render.catalog(lang).gettext
    book = Workbook()
    sheet: Worksheet = book.active  # type: ignore[assignment]
    sheet.title = words(SHEET)
    put(sheet, 1, 1, title)
    header(sheet, 2, [*(words(text) for text in HEADERS), *HIDDEN])
    row = FIRST_ROW
    for leaf in core.entered_leaves(framework):
        held = kept.get(leaf.id)
        if held is None:
            continue
        assert leaf.rule is not None
        assert leaf.max_points is not None
        for number, spec in enumerate(core.rule_of(leaf).inputs()):
            label = leaf.rule.labels.get(spec.name) or words(render.INPUT_KINDS[spec.kind])
            value = held.inputs.get(spec.name, "")
            if spec.kind in {"ratio", "points"} and lang == "vi":
                value = value.replace(".", ",")
            cells: list[object] = [
                leaf.code,
                leaf.title,
                render.number(leaf.max_points, lang),
                label,
                value,
            ]
            cells += [held.note if number == 0 else "", f"{leaf.id}/{spec.name}", held.version]
            for column, cell in enumerate(cells, start=1):
                put(sheet, row, column, cell, text=column != VERSION_COLUMN)
            row += 1
    for letter, width in zip("ABCDEFGH", (8, 50, 7, 36, 14, 30, 16, 8), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.column_dimensions["G"].hidden = True
    sheet.column_dimensions["H"].hidden = True
    sheet.freeze_panes = "A3"
    landscape(sheet, "2:2")
    output = BytesIO()
    book.save(output)
    return output.getvalue()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    return str(value).strip()


def read(data: bytes, file: str, framework: Framework) -> list[Line]:
    """The filled rows; FileRefused names every row and column that cannot be read."""
    where = Place(file)
    if not data:
        raise FileRefused([Problem(where, Message("workbook_empty"))])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # styles openpyxl drops hold no data
            book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise FileRefused([Problem(where, Message("workbook_unreadable"))]) from error
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        rows = list(sheet.iter_rows(values_only=True, max_col=VERSION_COLUMN)) if sheet else []
        name = sheet.title if sheet else ""
    finally:
        book.close()
    heads = [_text(cell) for cell in rows[1]] if len(rows) > 1 else []
    if tuple(heads[KEY_COLUMN - 1 : VERSION_COLUMN]) != HIDDEN:
        raise FileRefused([Problem(Place(file, name), Message("assessment_workbook_not_ours"))])
    if len(rows) > MOST_ROWS:
        message = Message("workbook_too_many_rows", {"most": MOST_ROWS})
        raise FileRefused([Problem(Place(file, name), message)])
    problems: list[Problem] = []
    lines: list[Line] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(rows[FIRST_ROW - 1 :], start=FIRST_ROW):
        values = [_text(cell) for cell in cells] + [""] * VERSION_COLUMN
        key, version = values[KEY_COLUMN - 1], values[VERSION_COLUMN - 1]
        if not any(values[:VERSION_COLUMN]):
            continue
        node_id, _slash, input_name = key.partition("/")
        node = framework.by_id(node_id)
        names = [spec.name for spec in core.rule_of(node).inputs()] if node and node.rule else []
        if input_name not in names:
            at = Place(file, name, number, "G")
            problems.append(Problem(at, Message("assessment_workbook_key", {"key": key})))
            continue
        if key in seen:
            at = Place(file, name, number, "G")
            params = {"row": seen[key]}
            problems.append(Problem(at, Message("framework_workbook_key_twice", params)))
            continue
        seen[key] = number
        if not version.isdigit():
            at = Place(file, name, number, "H")
            problems.append(Problem(at, Message("assessment_workbook_key", {"key": version})))
            continue
        lines.append(
            Line(
                name,
                number,
                node_id,
                input_name,
                values[VALUE_COLUMN - 1],
                values[NOTE_COLUMN - 1],
                int(version),
            )
        )
    if problems:
        raise FileRefused(problems)
    if not lines:
        raise FileRefused([Problem(Place(file, name), Message("workbook_nothing"))])
    return lines


def value_place(file: str, line: Line) -> Place:
    """Where a line's value is, to name it in a refusal of what it says."""
    return Place(file, line.sheet, line.row, "E")
