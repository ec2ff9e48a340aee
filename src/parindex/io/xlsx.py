"""Writing workbooks people read, fill in and print: the cell and page helpers every workbook
parindex writes shares (the framework workbook, the results template, the tables pages
offer as downloads), so they look alike and keep numbers exact. No Django here."""

from collections.abc import Sequence
from decimal import Decimal

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["HEADER_FILL", "HEADER_FONT", "WRAP", "header", "landscape", "number_cell", "put"]

# Named: a bold font without a name is drawn in a serif face by LibreOffice.
HEADER_FONT = Font(name="Calibri", size=11, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")


def number_cell(value: Decimal) -> int | float | str:
    """A number Excel shows and gives back exactly (up to 15 significant digits), else text."""
    if not value.is_finite():
        return str(value)
    significant = len(value.normalize().as_tuple().digits)
    if significant > 15 or not -20 <= value.adjusted() <= 14:
        return format(value, "f")
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def put(sheet: Worksheet, row: int, column: int, value: object, text: bool = False) -> None:
    """A cell's value; text is kept as text (never a formula, "01" stays "01")."""
    cell = sheet.cell(row=row, column=column)
    if value is None or value == "":
        cell.value = None
    elif isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # "=…" is a title here, not a formula
    else:
        cell.value = value  # type: ignore[assignment]
    if text:
        cell.number_format = "@"


def header(sheet: Worksheet, row: int, headers: Sequence[str]) -> None:
    """A bold, shaded header row, its words wrapped."""
    for index, text in enumerate(headers, start=1):
        cell = sheet.cell(row=row, column=index, value=text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = WRAP


def fit_heights(sheet: Worksheet) -> None:
    """Rows tall enough for their wrapped text: neither Excel nor LibreOffice grows them."""
    widths = {
        letter: dimension.width or 10 for letter, dimension in sheet.column_dimensions.items()
    }
    merged = {
        (cells.min_row, cells.min_col): sum(
            widths.get(get_column_letter(column), 10)
            for column in range(cells.min_col, cells.max_col + 1)
        )
        for cells in sheet.merged_cells.ranges
    }
    for number, row in enumerate(sheet.iter_rows(), start=1):
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                continue
            width = merged.get(
                (number, cell.column), widths.get(get_column_letter(cell.column), 10)
            )
            factor = 1.1 if cell.font.bold else 1.0
            chars = max(int(width) - 1, 1)
            lines = max(
                lines,
                sum(-(-int(len(line) * factor) // chars) or 1 for line in cell.value.split("\n")),
            )
        if lines > 1:
            sheet.row_dimensions[number].height = 15 * lines


def landscape(sheet: Worksheet, title_rows: str = "1:1") -> None:
    """Printed on A4 landscape, every column on the page, as many pages down as needed, the
    header row (`title_rows`) repeated on each page; rows sized to their wrapped text."""
    fit_heights(sheet)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = title_rows
