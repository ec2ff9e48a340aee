"""The remediation plan as a Word document in the state format (Decree 30/2020/NĐ-CP).

A4 portrait, margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman 14 pt
(11 pt in tables); the two-column header (issuing body and number left, national motto and
the italic place and date right); the bold document type and title; numbered sections; the
lost items and the solutions as tables (or, in the per-field shape, what is fixed, what is
outstanding and the solutions of each field); the distribution list bottom left and the
signature block bottom right; page numbers centred at the top from the second page.

The header's facts are the plan's (core.plan.Header); what a plan leaves empty (the
decision's number, the date of signing, the signer) is left as dotted space to fill in, as
officers leave it in drafts, and the usual title, bases, purposes and recipients are
written. A province's own template (.docx) may replace the page: its page setup, styles,
headers and footers are kept and its body is replaced by the plan. In Vietnamese or English.
"""

from collections.abc import Callable, Collection, Sequence
from datetime import date
from decimal import Decimal
from io import BytesIO
from zipfile import BadZipFile

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from parindex.core.gaps import Recoverability
from parindex.core.messages import Message
from parindex.core.plan import Header, ItemStatus, Plan, PlanField, PlanItem, Shape
from parindex.io.render import catalog, message, number
from parindex.io.render import gettext_noop as _

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 11
BLANK = "…"
TEXT_MM = 165  # A4 less the 30 and 15 mm margins: the widths below add up to it
MOTTO_MM = 103  # the national motto's column: about 10 cm at 13 pt, kept on one line

_PERIODS = {
    "quarter": _("a quarterly report, before %(due)s"),
    "half_year": _("a half-year report, before %(due)s"),
    "year": _("the year's report, before %(due)s"),
}
_MOTTO = _("SOCIALIST REPUBLIC OF VIETNAM")
_MOTTO_2 = _("Independence - Freedom - Happiness")
_NUMBER = _("No.: %(number)s/KH-UBND")
_NUMBER_FULL = _("No.: %(number)s")  # a number given with its own symbol: "12/KH-SNV"
_PLACE_DATE = _("%(place)s, %(day)s")
_KIND = _("PLAN")
_TITLE = _("Remedying the shortcomings and improving the PAR Index of %(unit)s in %(year)s")
_BASIS_DECISION = _(
    "Pursuant to Decision No. %(blank)s of %(blank)s announcing the PAR Index results of %(year)s;"
)
_BASIS_PLAN = _("Pursuant to the public administration reform plan for %(year)s of %(blank)s;")
_ISSUES = _("%(unit)s issues the plan to remedy the shortcomings found in %(year)s, as follows:")
_I = _("I. PURPOSE AND REQUIREMENTS")
_PURPOSE = _("1. Purpose")
_PURPOSE_TEXT = (
    _(
        "Keep the results achieved, remedy every criterion that lost points in %(year)s and "
        "raise the PAR Index of the unit in %(next)s."
    ),
    _(
        "Raise the responsibility of the heads of offices and of every official in carrying "
        "out public administration reform."
    ),
)
_REQUIREMENTS = _("2. Requirements")
_REQUIREMENTS_TEXT = (
    _(
        "Every task has a lead unit, a deadline and a result that can be checked; the lead "
        "units report on time and with evidence."
    ),
    _(
        "The solutions address the causes the appraisers gave, so that the points lost are "
        "won back at the next assessment."
    ),
)
_II = _("II. RESULTS OF %(year)s AND WHAT LOST POINTS")
_SUMMARY = _("In %(year)s the unit achieved %(achieved)s of %(max)s points (%(lost)s points lost).")
_SUMMARY_RANK = _("It ranked %(rank)s in the group %(group)s.")
_STRENGTHS = _("1. Strengths to keep: the fields at their maximum: %(fields)s.")
_NO_STRENGTHS = _("1. Strengths to keep: no field reached its maximum.")
_LOSSES = _("2. What lost points, by field")
_NOTES = _("3. Where the published numbers do not add up")
_LOSS_HEADERS = (
    _("No."),
    _("Code"),
    _("Criterion"),
    _("Max"),
    _("Achieved"),
    _("Lost"),
    _("Reason for the deduction"),
)
_FIELD_ROW = _("Field %(code)s: %(title)s")
_TOTAL = _("Total")
_III = _("III. TASKS AND SOLUTIONS")
_TARGETS = _("1. Targets")
_TARGET_HEADERS = (_("No."), _("Target"), _("Lead"), _("Code"))
_TASKS = _("2. Tasks and solutions")
_III_TEXT = _(
    "The items are listed in the order they are to be recovered: first those a threshold or "
    "an end to deductions wins back, then those scored by judgement, last the survey scores. "
    "If every task succeeds, %(points)s points are won back."
)
_TASK_HEADERS = (
    _("No."),
    _("Criterion"),
    _("Solution"),
    _("Lead"),
    _("Coordinating"),
    _("Deadline"),
    _("Points"),
)
_FIXED_MARK = _("fixed")
_III_FIELD_TEXT = _(
    "For each field that lost points: what is already fixed, what is still outstanding and "
    "the solutions for it. If every task succeeds, %(points)s points are won back."
)
_FIXED = _("a) Already fixed:")
_FIXED_ITEM = _("- %(code)s %(title)s: %(done)s")
_OUTSTANDING = _("b) Still outstanding:")
_OUTSTANDING_ITEM = _(
    "- %(code)s %(title)s (%(achieved)s/%(max)s points, %(lost)s lost): %(reason)s"
)
_OUTSTANDING_ITEM_NO_REASON = _(
    "- %(code)s %(title)s (%(achieved)s/%(max)s points, %(lost)s lost)."
)
_REMEDIES = _("c) Solutions:")
_REMEDY = _(
    "- %(code)s: %(solution)s Lead: %(lead)s; coordinating: %(coordinating)s; deadline: "
    "%(deadline)s; points to win back: %(points)s."
)
_REMEDY_ALONE = _(
    "- %(code)s: %(solution)s Lead: %(lead)s; deadline: %(deadline)s; points to win back: "
    "%(points)s."
)
_NONE = _("none.")
_IV = _("IV. ORGANISATION")
_IV_LEADS = _(
    "1. The lead units carry out the tasks assigned to them in section III, in coordination "
    "with the units named, and report the results with evidence:"
)
_IV_LEAD = _("- %(unit)s: %(codes)s.")
_IV_REPORTS = _("2. Reports: the lead units send %(reports)s to %(office)s.")
_IV_OFFICE = _("the Office of the People's Council and People's Committee")
_IV_MONITOR = _(
    "3. The Office of the People's Council and People's Committee monitors the plan, sums "
    "up the reports and proposes changes when needed."
)
_RECIPIENTS = _("Recipients:")
_RECIPIENTS_LIST = (
    _("- As in section IV;"),
    _("- The Chairman and Vice-Chairmen;"),
    _("- Filed: Office."),
)
_SIGNS_FOR = _("ON BEHALF OF THE PEOPLE'S COMMITTEE")
_CHAIR = _("CHAIRMAN")
_BODY = _("PEOPLE'S COMMITTEE")
_KINDS = {
    Recoverability.THRESHOLD: _("threshold"),
    Recoverability.OCCURRENCES: _("per occurrence"),
    Recoverability.JUDGEMENT: _("judgement"),
    Recoverability.SURVEY: _("survey"),
    Recoverability.UNKNOWN: "",
}

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


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _signed_on(value: date | None, lang: str) -> str:
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
    return _day(value)


def _points(value: Decimal | None, lang: str) -> str:
    return BLANK if value is None else number(value, lang)


def _dashed(line: str) -> str:
    """A list line with its dash; a person's own dash or plus is kept."""
    return line if line.startswith(("-", "+")) else "- " + line


def _sentence(text: str) -> str:
    """An edited solution ends as a sentence, so that the words after it read as such."""
    text = text.strip()
    return text if text.endswith((".", "!", "?", ";", ":")) else text + "."


def _opened(template: bytes, name: str) -> DocumentType:
    try:
        return Document(BytesIO(template))
    except _UNREADABLE as error:
        raise TemplateRefused(name) from error


def check_template(template: bytes, file: str) -> None:
    """TemplateRefused, naming `file`, when `write` could not open the template: so that a
    template is refused when it is chosen (uploaded), not when a plan is written."""
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


class _Writer:
    def __init__(self, lang: str, template: bytes | None, template_name: str) -> None:
        self.lang = lang
        self.words: Callable[[str], str] = catalog(lang).gettext
        if template is None:
            self.document: DocumentType = Document()
            self._page()
            self._fonts()
        else:
            self.document = _opened(template, template_name)
            _emptied(self.document)
        self.width = _text_width(self.document)

    def _page(self) -> None:
        section = self.document.sections[0]
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

    def fit(self, widths: Sequence[float]) -> list[float]:
        """Column widths given for the A4 text width, fitted to the page's."""
        return [width * self.width / TEXT_MM for width in widths]

    @staticmethod
    def columns(table: Table, widths: Sequence[float]) -> None:
        table.autofit = False  # LibreOffice keeps the widths only then
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Mm(width)

    def table(self, headers: Sequence[str], widths: Sequence[float]) -> Table:
        table: Table = self.document.add_table(rows=1, cols=len(headers))
        # Borders of its own rather than the "Table Grid" style, which a template may lack.
        _borders(table, "single")
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        self.columns(table, self.fit(widths))
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
    ) -> None:
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.first_line_indent = None
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.size = Pt(TABLE_PT)
        if centre:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def row(
        self,
        table: Table,
        values: Sequence[str],
        *,
        bold: bool = False,
        centred: Collection[int] = (0,),
        prose: Collection[int] = (1,),
    ) -> None:
        """A table row: the `centred` columns centred, numbers in the others right-aligned
        but in the `prose` ones (a criterion's code and title, a target's aim)."""
        cells = _add_row(table)
        for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
            numeric = bool(text) and text[0].isdigit() and index not in prose
            self.cell(cell, text, bold=bold, centre=index in centred, right=numeric)
        for cell, width in zip(cells, table.columns, strict=True):
            cell.width = width.width


def _add_row(table: Table) -> list[_Cell]:
    # python-docx leaves add_row untyped.
    row = table.add_row()  # type: ignore[no-untyped-call]
    return list(row.cells)


def _borders(table: Table, kind: str) -> None:
    """Every border of the table `single` or `nil` (none)."""
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), kind)
        if kind != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    # Word refuses a table whose properties are out of the schema's order.
    successors = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")
    table._tbl.tblPr.insert_element_before(borders, *successors)


def _two_columns(out: _Writer, widths: Sequence[float]) -> tuple[_Cell, _Cell]:
    """The borderless two columns of the header and of the signature (in mm), on one page."""
    table = out.document.add_table(rows=1, cols=2)
    _borders(table, "nil")
    out.columns(table, widths)
    # A signature apart from its signer's title, on the next page, would not be a signature.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = table.rows[0].cells
    for cell, column in zip((left, right), table.columns, strict=True):
        cell.width = column.width
    return left, right


def _number(header: Header, words: Callable[[str], str]) -> str:
    if "/" in header.number:
        return words(_NUMBER_FULL) % {"number": header.number.strip()}
    return words(_NUMBER) % {"number": header.number.strip() or BLANK}


def _letterhead(out: _Writer, header: Header) -> None:
    words = out.words
    # The motto keeps its width on a narrower page; the issuing body has the rest.
    left, right = _two_columns(out, (out.width - MOTTO_MM, MOTTO_MM))
    if header.superior_body:
        # Decree 30: the superior body upright, the issuing body under it in bold.
        out.paragraph(header.superior_body.upper(), centre=True, size=13, into=left)
    else:
        # A people's committee's own name, "ỦY BAN NHÂN DÂN / XÃ …", is bold on both lines.
        out.paragraph(words(_BODY), bold=True, centre=True, size=13, into=left)
    out.paragraph(header.issuing_body.upper(), bold=True, centre=True, size=13, into=left)
    out.paragraph("———", centre=True, size=10, into=left)
    out.paragraph(_number(header, words), centre=True, size=13, into=left)
    out.paragraph(words(_MOTTO), bold=True, centre=True, size=13, into=right)
    out.paragraph(words(_MOTTO_2), bold=True, centre=True, size=14, into=right)
    out.paragraph("——————————", centre=True, size=10, into=right)
    place_date = words(_PLACE_DATE) % {
        "place": header.place or BLANK,
        "day": _signed_on(header.issued_on, out.lang),
    }
    out.paragraph(place_date, italic=True, centre=True, size=14, into=right)


def _header(out: _Writer, plan: Plan) -> None:
    words, header = out.words, plan.header
    _letterhead(out, header)
    out.paragraph()
    out.paragraph(words(_KIND), bold=True, centre=True)
    title = header.title or words(_TITLE) % {"unit": plan.gaps.unit, "year": plan.year}
    out.paragraph(title, bold=True, centre=True)
    out.paragraph("————", centre=True, size=10)
    bases = header.bases or (
        words(_BASIS_DECISION) % {"blank": BLANK, "year": plan.results_year},
        words(_BASIS_PLAN) % {"blank": BLANK, "year": plan.year},
    )
    for basis in bases:
        out.paragraph(basis, italic=True)
    out.paragraph(words(_ISSUES) % {"unit": plan.gaps.unit, "year": plan.results_year})


def _heading(paragraph: Paragraph, space_before: int) -> None:
    """A heading set apart from a table above it, on the page of what follows it."""
    paragraph.paragraph_format.space_before = Pt(space_before)
    paragraph.paragraph_format.keep_with_next = True


def _section(out: _Writer, text: str) -> None:
    """A numbered section's heading: I., II., …"""
    _heading(out.paragraph(text, bold=True, indent=False), 12)


def _subsection(out: _Writer, text: str) -> None:
    """A numbered part's heading: 1., 2., …"""
    _heading(out.paragraph(text, bold=True), 6)


def _purpose(out: _Writer, plan: Plan) -> None:
    words, header = out.words, plan.header
    years = {"year": plan.results_year, "next": plan.year}
    _section(out, words(_I))
    _subsection(out, words(_PURPOSE))
    for text in header.purposes or tuple(words(text) % years for text in _PURPOSE_TEXT):
        out.paragraph(_dashed(text))
    _subsection(out, words(_REQUIREMENTS))
    for text in header.requirements or tuple(words(text) for text in _REQUIREMENTS_TEXT):
        out.paragraph(_dashed(text))


def _reason(item: PlanItem) -> str:
    parts = list(item.loss.reasons)
    if item.loss.deducted_by:
        parts.append(f"({', '.join(item.loss.deducted_by)})")
    return " ".join(parts)


def _losses(out: _Writer, plan: Plan) -> None:
    words, lang = out.words, out.lang
    _section(out, words(_II) % {"year": plan.results_year})
    params = {
        "year": plan.results_year,
        "achieved": _points(plan.gaps.achieved, lang),
        "max": _points(plan.gaps.max_points, lang),
        "lost": _points(plan.lost, lang),
    }
    summary = words(_SUMMARY) % params
    if plan.gaps.published_rank is not None and plan.gaps.group:
        summary += " " + words(_SUMMARY_RANK) % {
            "rank": plan.gaps.published_rank,
            "group": plan.gaps.group,
        }
    out.paragraph(summary)
    if plan.strengths:
        out.paragraph(words(_STRENGTHS) % {"fields": "; ".join(plan.strengths)})
    else:
        out.paragraph(words(_NO_STRENGTHS))
    _subsection(out, words(_LOSSES))
    table = out.table(_LOSS_HEADERS, (12, 14, 50, 14, 14, 14, 47))
    number_of = 0
    for field in plan.fields:
        if not field.items:
            continue
        heading = words(_FIELD_ROW) % {"code": field.code, "title": field.gaps.title}
        cells = _add_row(table)
        merged = cells[0].merge(cells[2])
        out.cell(merged, heading, bold=True)
        for cell, value in zip(
            cells[3:6], (field.gaps.max_points, field.gaps.achieved, field.gaps.lost), strict=True
        ):
            out.cell(cell, _points(value, lang), bold=True, right=True)
        for item in field.items:
            number_of += 1
            loss = item.loss
            out.row(
                table,
                [
                    str(number_of),
                    loss.code,
                    loss.title,
                    _points(loss.max_points, lang),
                    _points(loss.achieved, lang),
                    _points(loss.lost, lang),
                    _reason(item),
                ],
            )
    out.row(
        table,
        [
            "",
            "",
            words(_TOTAL),
            _points(plan.gaps.max_points, lang),
            _points(plan.gaps.achieved, lang),
            _points(plan.lost, lang),
            "",
        ],
        bold=True,
    )
    if plan.gaps.notes:
        _subsection(out, words(_NOTES))
        for note in plan.gaps.notes:
            out.paragraph("- " + message(note, lang))


def _solutions(out: _Writer, plan: Plan) -> None:
    """Section III: the targets when the plan sets some, then the tasks in its shape."""
    words = out.words
    _section(out, words(_III))
    if plan.targets:
        _targets(out, plan)
        _subsection(out, words(_TASKS))
    if plan.shape is Shape.BY_FIELD:
        _by_field(out, plan)
    else:
        _by_item(out, plan)


def _targets(out: _Writer, plan: Plan) -> None:
    _subsection(out, out.words(_TARGETS))
    table = out.table(_TARGET_HEADERS, (12, 95, 38, 20))
    for target in plan.targets:
        values = [str(target.number), target.aim, target.lead, target.code]
        out.row(table, values, centred=(0, 3))


def _criterion(item: PlanItem, words: Callable[[str], str]) -> str:
    """The item's code and title, with how it is won back and whether it is fixed."""
    notes = [words(_KINDS[item.recoverability])] if _KINDS[item.recoverability] else []
    if item.status is ItemStatus.DONE:
        notes.append(words(_FIXED_MARK))
    return f"{item.loss.code} {item.loss.title}" + (f" ({'; '.join(notes)})" if notes else "")


def _by_item(out: _Writer, plan: Plan) -> None:
    words, lang = out.words, out.lang
    out.paragraph(words(_III_TEXT) % {"points": number(plan.recoverable, lang)})
    table = out.table(_TASK_HEADERS, (12, 24, 48, 21, 21, 24, 15))
    for item in plan.by_priority:
        out.row(
            table,
            [
                str(item.priority),
                _criterion(item, words),
                item.solution,
                item.lead,
                ", ".join(item.coordinating),
                _day(item.deadline),
                _points(item.expected_points, lang),
            ],
        )


def _by_field(out: _Writer, plan: Plan) -> None:
    words, lang = out.words, out.lang
    out.paragraph(words(_III_FIELD_TEXT) % {"points": number(plan.recoverable, lang)})
    for field in plan.fields:
        if field.items:
            _field_parts(out, field)


def _field_parts(out: _Writer, field: PlanField) -> None:
    """A field as per-field plans write it: (a) already fixed, (b) still outstanding,
    (c) the solutions for what is outstanding."""
    words, lang = out.words, out.lang
    _subsection(out, words(_FIELD_ROW) % {"code": field.code, "title": field.gaps.title})
    done = [item for item in field.items if item.status is ItemStatus.DONE]
    outstanding = [item for item in field.items if item.status is not ItemStatus.DONE]
    fixed = [
        words(_FIXED_ITEM)
        % {"code": item.loss.code, "title": item.loss.title, "done": _sentence(item.solution)}
        for item in done
    ]
    _part(out, words(_FIXED), fixed)
    _part(out, words(_OUTSTANDING), [_outstanding(item, words, lang) for item in outstanding])
    if outstanding:
        _part(out, words(_REMEDIES), [_remedy(item, words, lang) for item in outstanding])


def _outstanding(item: PlanItem, words: Callable[[str], str], lang: str) -> str:
    loss, reason = item.loss, _reason(item)
    params = {
        "code": loss.code,
        "title": loss.title,
        "achieved": _points(loss.achieved, lang),
        "max": _points(loss.max_points, lang),
        "lost": _points(loss.lost, lang),
        "reason": _sentence(reason),
    }
    return words(_OUTSTANDING_ITEM if reason else _OUTSTANDING_ITEM_NO_REASON) % params


def _remedy(item: PlanItem, words: Callable[[str], str], lang: str) -> str:
    params = {
        "code": item.loss.code,
        "solution": _sentence(item.solution),
        "lead": item.lead,
        "coordinating": ", ".join(item.coordinating),
        "deadline": _day(item.deadline),
        "points": _points(item.expected_points, lang),
    }
    return words(_REMEDY if item.coordinating else _REMEDY_ALONE) % params


def _part(out: _Writer, heading: str, lines: Sequence[str]) -> None:
    """A lettered part: its heading, then a line each, or "none" on the heading's line."""
    paragraph = out.paragraph(heading, italic=True)
    paragraph.paragraph_format.keep_with_next = bool(lines)
    if not lines:
        paragraph.add_run(" " + out.words(_NONE))
    for line in lines:
        out.paragraph(line)


def _organisation(out: _Writer, plan: Plan) -> None:
    words = out.words
    _section(out, words(_IV))
    out.paragraph(words(_IV_LEADS))
    codes: dict[str, list[str]] = {}
    for item in plan.by_priority:
        codes.setdefault(item.lead, []).append(item.loss.code)
    for unit, listed in codes.items():
        out.paragraph(words(_IV_LEAD) % {"unit": unit, "codes": ", ".join(listed)})
    reports = "; ".join(
        words(_PERIODS[report.period]) % {"due": _day(report.due)} for report in plan.reports
    )
    out.paragraph(words(_IV_REPORTS) % {"reports": reports, "office": words(_IV_OFFICE)})
    # The last words go with the signature to its page: a signature alone is not signed text.
    out.paragraph(words(_IV_MONITOR)).paragraph_format.keep_with_next = True


def _signature(out: _Writer, header: Header) -> None:
    words = out.words
    out.paragraph().paragraph_format.keep_with_next = True
    left, right = _two_columns(out, out.fit((80, 85)))
    out.paragraph(words(_RECIPIENTS), bold=True, italic=True, size=12, into=left)
    recipients = [_dashed(line) for line in header.recipients] or [
        words(line) for line in _RECIPIENTS_LIST
    ]
    for line in recipients:
        # The list is set close, as Decree 30's model does, whatever the template's spacing.
        out.paragraph(line, size=11, into=left).paragraph_format.space_after = Pt(0)
    # Decree 30 writes the signing authority and title in capitals, a line each.
    titles = [line.strip().upper() for line in header.signer_title.splitlines() if line.strip()]
    for line in titles or [words(_SIGNS_FOR), words(_CHAIR)]:
        out.paragraph(line, bold=True, centre=True, size=14, into=right)
    for _blank in range(4):
        out.paragraph("", into=right)
    out.paragraph(header.signer or BLANK, bold=True, centre=True, size=14, into=right)


def write(
    plan: Plan,
    lang: str = "vi",
    template: bytes | None = None,
    *,
    template_name: str = "template.docx",
) -> bytes:
    """The plan as a .docx document, on a blank A4 page or into a province's `template`
    (its page, styles, headers and footers kept, its body replaced).

    TemplateRefused when the template is not a Word document; `template_name` is the name
    its message gives the file."""
    out = _Writer(lang, template, template_name)
    _header(out, plan)
    _purpose(out, plan)
    _losses(out, plan)
    _solutions(out, plan)
    _organisation(out, plan)
    _signature(out, plan.header)
    data = BytesIO()
    out.document.save(data)
    return data.getvalue()
