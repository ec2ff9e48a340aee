"""The state format for administrative documents (Decree 30/2020/NĐ-CP) in Word: what the
remediation plan (parindex.io.plan_document) and the assessment cycle's report and minutes
(parindex.io.assessment_document) share.

A4, margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman 14 pt (11 pt in
tables); the two-column header (issuing body and number left, national motto and the italic
place and date right); tables with their own borders and a header row repeated on every
page; the borderless two columns of the signature, kept on one page; page numbers centred at
the top from the second page. A province's own template (.docx) may replace the page: its
page setup, styles, headers and footers are kept and its body is replaced.
"""

from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from io import BytesIO
from zipfile import BadZipFile

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from parindex.core.messages import Message
from parindex.io.render import catalog
from parindex.io.render import gettext_noop as _

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 11
BLANK = "…"
TEXT_MM = 165  # A4 less the 30 and 15 mm margins: the widths given to `fit` add up to it
MOTTO_MM = 103  # the national motto's column: about 10 cm at 13 pt, kept on one line

MOTTO = _("SOCIALIST REPUBLIC OF VIETNAM")
MOTTO_2 = _("Independence - Freedom - Happiness")
NUMBER = _("No.: %(number)s")  # a number given with its own symbol: "12/KH-SNV"
PLACE_DATE = _("%(place)s, %(day)s")
COMMITTEE = _("PEOPLE'S COMMITTEE")
RECIPIENTS = _("Recipients:")

TEMPLATE_UNREADABLE = "plan_template_unreadable"
# What python-docx raises for bytes that are not a Word document: not a zip, a zip without
# a document's parts, another Office file, XML that does not parse (lxml's XMLSyntaxError
# is a SyntaxError).
_UNREADABLE = (BadZipFile, KeyError, ValueError, SyntaxError)


class TemplateRefused(Exception):
    """The template is not a Word document (.docx) that can be opened; `message` says so."""

    def __init__(self, file: str) -> None:
        super().__init__(TEMPLATE_UNREADABLE)
        self.message = Message(TEMPLATE_UNREADABLE, {"file": file})


def day(value: date) -> str:
    """dd/mm/yyyy."""
    return value.strftime("%d/%m/%Y")


def signed_on(value: date | None, lang: str) -> str:
    """The date of the place-and-date line."""
    if value is None:
        return (
            f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
            if lang == "vi"
            else f"{BLANK} {BLANK} {BLANK}"
        )
    if lang == "vi":
        # Decree 30: a day below 10 and the months 1 and 2 take a leading zero.
        month = f"{value.month:02d}" if value.month < 3 else str(value.month)
        return f"ngày {value.day:02d} tháng {month} năm {value.year}"
    return day(value)


def _opened(template: bytes, name: str) -> DocumentType:
    try:
        return Document(BytesIO(template))
    except _UNREADABLE as error:
        raise TemplateRefused(name) from error


def check_template(template: bytes, file: str) -> None:
    """TemplateRefused, naming `file`, when a document could not be written into the
    template: so that a template is refused when it is chosen (uploaded), not when a
    document is written."""
    _opened(template, file)


def _emptied(document: DocumentType) -> None:
    """Keep the template's last section properties (its page, margins, headers and footers)
    and drop the rest of its body: the sample text a template carries."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    body.get_or_add_sectPr()  # python-docx adds tables only to a body that has one


def _text_width(document: DocumentType) -> float:
    """The width between the margins, in mm, that the tables are fitted to; what a section
    does not say is what Word assumes (Letter, margins of an inch)."""
    section = document.sections[-1]
    width = section.page_width or Inches(8.5)
    left, right = section.left_margin or Inches(1), section.right_margin or Inches(1)
    return (width - left - right) / Mm(1)


class Writer:
    """A document being written: on a blank A4 page in the state format, or into a
    province's template (its page, styles, headers and footers kept, its body replaced).
    TemplateRefused, naming `template_name`, when the template is not a Word document."""

    def __init__(
        self,
        lang: str,
        template: bytes | None,
        template_name: str,
        *,
        landscape: bool = False,
    ) -> None:
        self.lang = lang
        self.words: Callable[[str], str] = catalog(lang).gettext
        if template is None:
            self.document: DocumentType = Document()
            self._page(landscape)
            self._fonts()
        else:
            self.document = _opened(template, template_name)
            _emptied(self.document)
        self.width = _text_width(self.document)

    def _page(self, landscape: bool) -> None:
        section = self.document.sections[0]
        if landscape:  # Decree 30 allows A4 on its side for wide tables, the same margins
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._field(header, "PAGE")

    def _fonts(self) -> None:
        style = self.document.styles["Normal"]
        style.font.name = FONT
        style.font.size = Pt(BODY_PT)
        fonts = style.element.rPr.rFonts
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), FONT)  # LibreOffice reads each script's own name
        paragraph = style.paragraph_format
        paragraph.space_after = Pt(6)
        paragraph.line_spacing = 1.1

    @staticmethod
    def _field(paragraph: Paragraph, code: str) -> None:
        """A field Word fills in (the page number)."""
        run = paragraph.add_run()
        for kind, text in (("begin", None), (None, code), ("end", None)):
            if kind is None:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = f" {text} "
            else:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            run._r.append(element)

    def paragraph(
        self,
        text: str = "",
        *,
        bold: bool = False,
        italic: bool = False,
        centre: bool = False,
        indent: bool = True,
        size: int | None = None,
        into: _Cell | None = None,
    ) -> Paragraph:
        target: Paragraph
        if into is not None:
            target = into.paragraphs[0] if not into.paragraphs[0].text else into.add_paragraph()
        else:
            target = self.document.add_paragraph()
        run = target.add_run(text)
        run.bold, run.italic = bold, italic
        if size is not None:
            run.font.size = Pt(size)
        if centre:
            target.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif into is None:
            target.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if indent:
                target.paragraph_format.first_line_indent = Mm(10)
        return target

    def fit(self, widths: Sequence[float], text_mm: float = TEXT_MM) -> list[float]:
        """Column widths given for a text width of `text_mm` (A4's, portrait, unless told),
        fitted to the page's."""
        return [width * self.width / text_mm for width in widths]

    @staticmethod
    def columns(table: Table, widths: Sequence[float]) -> None:
        table.autofit = False  # LibreOffice keeps the widths only then
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Mm(width)

    def table(
        self, headers: Sequence[str], widths: Sequence[float], text_mm: float = TEXT_MM
    ) -> Table:
        """A table with a header row of the `headers` (msgids), repeated on every page."""
        table: Table = self.document.add_table(rows=1, cols=len(headers))
        # Borders of its own rather than the "Table Grid" style, which a template may lack.
        borders(table, "single")
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        self.columns(table, self.fit(widths, text_mm))
        for cell, text, column in zip(table.rows[0].cells, headers, table.columns, strict=True):
            cell.width = column.width  # Word reads the cells' widths, LibreOffice the grid's
            self.cell(cell, self.words(text), bold=True, centre=True)
        self._repeat_header(table)
        return table

    @staticmethod
    def _repeat_header(table: Table) -> None:
        properties = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        properties.append(repeat)

    def cell(
        self,
        cell: _Cell,
        text: str,
        *,
        bold: bool = False,
        centre: bool = False,
        right: bool = False,
        italic: bool = False,
    ) -> None:
        self._cell_paragraph(cell.paragraphs[0], text, bold, centre, right, italic)

    @staticmethod
    def _cell_paragraph(
        paragraph: Paragraph, text: str, bold: bool, centre: bool, right: bool, italic: bool
    ) -> None:
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.first_line_indent = None
        run = paragraph.add_run(text)
        run.bold = bold
        if italic:
            run.italic = True
        run.font.size = Pt(TABLE_PT)
        if centre:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def lines(
        self, cell: _Cell, lines: Sequence[str], *, bold: bool = False, italic: bool = False
    ) -> None:
        """A cell of several lines, a paragraph each (evidence documents, one a line)."""
        for number_of, line in enumerate(lines):
            paragraph = cell.paragraphs[0] if number_of == 0 else cell.add_paragraph()
            self._cell_paragraph(paragraph, line, bold, False, False, italic)

    def row(
        self,
        table: Table,
        values: Sequence[str | Sequence[str]],
        *,
        bold: bool = False,
        italic: Collection[int] = (),
        centred: Collection[int] = (0,),
        prose: Collection[int] = (1,),
        whole: bool = False,
    ) -> None:
        """A table row: the `centred` columns centred, numbers in the others right-aligned
        but in the `prose` ones (a criterion's code and title, a target's aim), the `italic`
        ones in italics. A value that is a sequence of lines is written a paragraph a line;
        a `whole` row is not split across two pages."""
        cells = add_row(table)
        if whole:
            row_of = cells[0]._tc.getparent()  # the w:tr (table.rows would list them all)
            row_of.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            slanted = index in italic
            if not isinstance(value, str):
                self.lines(cell, value, bold=bold, italic=slanted)
                continue
            numeric = bool(value) and value[0].isdigit() and index not in prose
            centre = index in centred
            self.cell(cell, value, bold=bold, centre=centre, right=numeric, italic=slanted)
        for cell, width in zip(cells, table.columns, strict=True):
            cell.width = width.width

    def saved(self) -> bytes:
        data = BytesIO()
        self.document.save(data)
        return data.getvalue()


@contextmanager
def turned(out: Writer) -> Iterator[None]:
    """What is written inside goes on pages on their side when the page is upright: a wide
    table in a province's portrait template gets a section of its own, the template's
    margins, headers and footers kept, and the pages after it are upright again. On a page
    already on its side, nothing changes."""
    document = out.document
    section = document.sections[-1]
    width = section.page_width or Inches(8.5)
    height = section.page_height or Inches(11)
    if width >= height:
        yield
        return
    wide = document.add_section(WD_SECTION.NEW_PAGE)
    wide.orientation = WD_ORIENT.LANDSCAPE
    wide.page_width, wide.page_height = height, width
    # A first page of its own is the document's, not each section's: the page number stays.
    wide.different_first_page_header_footer = False
    upright_width = out.width
    out.width = _text_width(document)
    try:
        yield
    finally:
        out.width = upright_width
        upright = document.add_section(WD_SECTION.NEW_PAGE)
        upright.orientation = WD_ORIENT.PORTRAIT
        upright.page_width, upright.page_height = width, height


def add_row(table: Table) -> list[_Cell]:
    # python-docx leaves add_row untyped.
    row = table.add_row()  # type: ignore[no-untyped-call]
    return list(row.cells)


def borders(table: Table, kind: str) -> None:
    """Every border of the table `single` or `nil` (none)."""
    element_of = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), kind)
        if kind != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), "000000")
        element_of.append(element)
    # Word refuses a table whose properties are out of the schema's order.
    successors = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")
    table._tbl.tblPr.insert_element_before(element_of, *successors)


def two_columns(out: Writer, widths: Sequence[float]) -> tuple[_Cell, _Cell]:
    """The borderless two columns of the header and of the signature (in mm), on one page."""
    table = out.document.add_table(rows=1, cols=2)
    borders(table, "nil")
    out.columns(table, widths)
    # A signature apart from its signer's title, on the next page, would not be a signature.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = table.rows[0].cells
    for cell, column in zip((left, right), table.columns, strict=True):
        cell.width = column.width
    return left, right


def letterhead(
    out: Writer,
    body: Sequence[tuple[str, bool]],
    number: str,
    place: str,
    issued_on: date | None,
    *,
    left_mm: float | None = None,
) -> None:
    """The two-column header: the issuing body's lines (text, bold) over a short rule and the
    `number` line on the left; the national motto over the italic place and date on the
    right. The motto keeps its width; the body has the rest, or `left_mm` of it."""
    widths = (out.width - MOTTO_MM, MOTTO_MM) if left_mm is None else (left_mm, out.width - left_mm)
    left, right = two_columns(out, widths)
    for text, bold in body:
        out.paragraph(text, bold=bold, centre=True, size=13, into=left)
    out.paragraph("———", centre=True, size=10, into=left)
    out.paragraph(number, centre=True, size=13, into=left)
    words = out.words
    out.paragraph(words(MOTTO), bold=True, centre=True, size=13, into=right)
    out.paragraph(words(MOTTO_2), bold=True, centre=True, size=14, into=right)
    out.paragraph("——————————", centre=True, size=10, into=right)
    place_date = words(PLACE_DATE) % {
        "place": place or BLANK,
        "day": signed_on(issued_on, out.lang),
    }
    out.paragraph(place_date, italic=True, centre=True, size=14, into=right)


def sign(out: Writer, cell: _Cell, titles: Sequence[str], signer: str) -> None:
    """A signature block in `cell`: the authority and title in bold capitals, a line each,
    room to sign, and the signer's name (dotted space when not known yet)."""
    for line in titles:
        out.paragraph(line, bold=True, centre=True, size=14, into=cell)
    for _blank in range(4):
        out.paragraph("", into=cell)
    out.paragraph(signer or BLANK, bold=True, centre=True, size=14, into=cell)


def recipients(out: Writer, cell: _Cell, lines: Sequence[str]) -> None:
    """The distribution list ("Nơi nhận:"), set close as Decree 30's model does, whatever
    the template's spacing."""
    out.paragraph(out.words(RECIPIENTS), bold=True, italic=True, size=12, into=cell)
    for line in lines:
        out.paragraph(line, size=11, into=cell).paragraph_format.space_after = Pt(0)


def dashed(line: str) -> str:
    """A list line with its dash; a person's own dash or plus is kept."""
    return line if line.startswith(("-", "+")) else "- " + line


def capitals(text: str) -> list[str]:
    """A signer's title as Decree 30 writes it: in capitals, a line each."""
    return [line.strip().upper() for line in text.splitlines() if line.strip()]
