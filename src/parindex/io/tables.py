"""Any table a page shows, as a workbook to download: a title row, a header row, the rows,
numbers as numbers (Decimal kept exact, shown with the places they carry), printable on A4
landscape. The view builds the `Table` from the figures its page shows."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from parindex.io.xlsx import HEADER_FONT, WRAP, header, landscape, number_cell, put

Cell = str | int | Decimal | None

_MOST_WIDTH = 60
_TITLE = Font(name=HEADER_FONT.name, bold=True, size=13)
_TOP = Alignment(vertical="top")
_SHEET_NAME = 31  # Excel's limit
_NOT_IN_SHEET_NAMES = str.maketrans({character: " " for character in "[]:*?/\\"})


@dataclass(frozen=True)
class Table:
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]


def _format(value: Decimal) -> str:
    places = max(-int(value.as_tuple().exponent), 0)
    return "0" if places == 0 else "0." + "0" * places


def workbook(tables: Sequence[Table]) -> bytes:
    """One sheet per table; Excel shows the decimal marks of the reader's own settings."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    used: set[str] = set()
    for table in tables:
        name = table.title.translate(_NOT_IN_SHEET_NAMES).strip()[:_SHEET_NAME] or "1"
        while name in used:
            name = f"{name[: _SHEET_NAME - 3]} {len(used) + 1}"
        used.add(name)
        sheet = book.create_sheet(name)
        put(sheet, 1, 1, table.title)
        sheet.cell(row=1, column=1).font = _TITLE
        header(sheet, 2, table.headers)
        widths = [len(text) + 2 for text in table.headers]
        for number, row in enumerate(table.rows, start=3):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row=number, column=column)
                if isinstance(value, Decimal):
                    put(sheet, number, column, number_cell(value))
                    cell.number_format = _format(value)
                    cell.alignment = _TOP  # level with the first line of wrapped text
                else:
                    put(sheet, number, column, value)
                    cell.alignment = WRAP
                shown = len(str(value)) if value is not None else 0
                widths[column - 1] = max(widths[column - 1], min(shown + 2, _MOST_WIDTH))
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[sheet.cell(row=2, column=column).column_letter].width = width
        sheet.freeze_panes = "A3"
        landscape(sheet, "2:2")
    output = BytesIO()
    book.save(output)
    return output.getvalue()
