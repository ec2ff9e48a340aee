"""The remediation plan as a Word document in the state format (Decree 30/2020/NĐ-CP).

A4 portrait, margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman 14 pt
(11 pt in tables); the two-column header (issuing body and number left, national motto and
the italic place and date right); the bold document type and title; numbered sections; the
lost items and the solutions as tables; the distribution list bottom left and the
signature block bottom right; page numbers centred at the top from the second page.

What the results do not say (the decision's number, the date of signing, the signer) is
left as dotted space to fill in, as officers leave it in drafts. In Vietnamese or English.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from parindex.core.gaps import Recoverability
from parindex.core.plan import Plan, PlanItem
from parindex.io.render import catalog, message, number
from parindex.io.render import gettext_noop as _

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 11
BLANK = "…"

_PERIODS = {
    "half_year": _("a half-year report, before %(due)s"),
    "year": _("the year's report, before %(due)s"),
}
_MOTTO = _("SOCIALIST REPUBLIC OF VIETNAM")
_MOTTO_2 = _("Independence - Freedom - Happiness")
_NUMBER = _("No.: %(number)s/KH-UBND")
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


@dataclass(frozen=True)
class Header:
    """The facts a plan's header and signature need that the results do not give."""

    issuing_body: str  # the unit's name as the header writes it: "XÃ YÊN THỦY"
    place: str  # the place in "Yên Thủy, ngày … tháng … năm 2025"
    signer: str = ""  # left blank for the leader to sign


def _day(value: date | None, lang: str) -> str:
    if value is None:
        return (
            f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
            if lang == "vi"
            else f"{BLANK} {BLANK} {BLANK}"
        )
    return value.strftime("%d/%m/%Y")


def _points(value: Decimal | None, lang: str) -> str:
    return BLANK if value is None else number(value, lang)


class _Writer:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.words = catalog(lang).gettext
        self.document: DocumentType = Document()
        self._page()
        self._fonts()

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

    def table(self, headers: Sequence[str], widths: Sequence[float]) -> Table:
        table: Table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False  # LibreOffice keeps the widths only then
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Mm(width)
        for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=True):
            cell.width = Mm(width)  # Word reads the cells' widths, LibreOffice the grid's
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

    def row(self, table: Table, values: Sequence[str], *, bold: bool = False) -> None:
        cells = _add_row(table)
        for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
            numeric = bool(text) and text[0].isdigit() and index not in (0, 1)
            self.cell(cell, text, bold=bold, centre=index == 0, right=numeric)
        for cell, width in zip(cells, table.columns, strict=True):
            cell.width = width.width


def _add_row(table: Table) -> list[_Cell]:
    # python-docx leaves add_row untyped.
    row = table.add_row()  # type: ignore[no-untyped-call]
    return list(row.cells)


def _borderless(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _header(out: _Writer, plan: Plan, header: Header) -> None:
    words = out.words
    table = out.document.add_table(rows=1, cols=2)
    table.autofit = False
    _borderless(table)
    left, right = table.rows[0].cells
    # The motto needs about 10 cm at 13 pt; the issuing body the rest.
    for column, cell, width in zip(table.columns, (left, right), (62, 103), strict=True):
        column.width = cell.width = Mm(width)
    out.paragraph(words(_BODY), bold=True, centre=True, size=13, into=left)
    out.paragraph(header.issuing_body.upper(), bold=True, centre=True, size=13, into=left)
    out.paragraph("———", centre=True, size=10, into=left)
    out.paragraph(words(_NUMBER) % {"number": BLANK}, centre=True, size=13, into=left)
    out.paragraph(words(_MOTTO), bold=True, centre=True, size=13, into=right)
    out.paragraph(words(_MOTTO_2), bold=True, centre=True, size=14, into=right)
    out.paragraph("——————————", centre=True, size=10, into=right)
    place_date = words(_PLACE_DATE) % {"place": header.place, "day": _day(None, out.lang)}
    out.paragraph(place_date, italic=True, centre=True, size=14, into=right)
    out.paragraph()
    out.paragraph(words(_KIND), bold=True, centre=True)
    title = words(_TITLE) % {"unit": plan.gaps.unit, "year": plan.year}
    out.paragraph(title, bold=True, centre=True)
    out.paragraph("————", centre=True, size=10)
    blank = {"blank": BLANK, "year": plan.results_year}
    out.paragraph(words(_BASIS_DECISION) % blank, italic=True)
    out.paragraph(words(_BASIS_PLAN) % {"blank": BLANK, "year": plan.year}, italic=True)
    out.paragraph(words(_ISSUES) % {"unit": plan.gaps.unit, "year": plan.results_year})


def _section(out: _Writer, text: str) -> None:
    """A numbered section's heading (I., II., …), set apart from a table above it."""
    out.paragraph(text, bold=True, indent=False).paragraph_format.space_before = Pt(12)


def _purpose(out: _Writer, plan: Plan) -> None:
    words = out.words
    years = {"year": plan.results_year, "next": plan.year}
    _section(out, words(_I))
    out.paragraph(words(_PURPOSE), bold=True)
    for text in _PURPOSE_TEXT:
        out.paragraph("- " + words(text) % years)
    out.paragraph(words(_REQUIREMENTS), bold=True)
    for text in _REQUIREMENTS_TEXT:
        out.paragraph("- " + words(text))


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
    out.paragraph(words(_LOSSES), bold=True)
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
        out.paragraph(words(_NOTES), bold=True)
        for note in plan.gaps.notes:
            out.paragraph("- " + message(note, lang))


def _tasks(out: _Writer, plan: Plan) -> None:
    words, lang = out.words, out.lang
    _section(out, words(_III))
    out.paragraph(words(_III_TEXT) % {"points": number(plan.recoverable, lang)})
    table = out.table(_TASK_HEADERS, (12, 24, 50, 21, 21, 24, 13))
    for item in sorted(plan.items, key=lambda item: item.priority):
        kind = words(_KINDS[item.recoverability]) if _KINDS[item.recoverability] else ""
        criterion = f"{item.loss.code} {item.loss.title}" + (f" ({kind})" if kind else "")
        out.row(
            table,
            [
                str(item.priority),
                criterion,
                item.solution,
                item.lead,
                ", ".join(item.coordinating),
                item.deadline.strftime("%d/%m/%Y"),
                _points(item.expected_points, lang),
            ],
        )


def _organisation(out: _Writer, plan: Plan) -> None:
    words, lang = out.words, out.lang
    _section(out, words(_IV))
    out.paragraph(words(_IV_LEADS))
    codes: dict[str, list[str]] = {}
    for item in sorted(plan.items, key=lambda item: item.priority):
        codes.setdefault(item.lead, []).append(item.loss.code)
    for unit, listed in codes.items():
        out.paragraph(words(_IV_LEAD) % {"unit": unit, "codes": ", ".join(listed)})
    reports = "; ".join(
        words(_PERIODS[report.period]) % {"due": _day(report.due, lang)} for report in plan.reports
    )
    out.paragraph(words(_IV_REPORTS) % {"reports": reports, "office": words(_IV_OFFICE)})
    out.paragraph(words(_IV_MONITOR))


def _signature(out: _Writer, header: Header) -> None:
    words = out.words
    out.paragraph()
    table = out.document.add_table(rows=1, cols=2)
    table.autofit = False
    _borderless(table)
    left, right = table.rows[0].cells
    for column, cell, width in zip(table.columns, (left, right), (80, 85), strict=True):
        column.width = cell.width = Mm(width)
    out.paragraph(words(_RECIPIENTS), bold=True, italic=True, size=12, into=left)
    for line in _RECIPIENTS_LIST:
        out.paragraph(words(line), size=11, into=left)
    out.paragraph(words(_SIGNS_FOR), bold=True, centre=True, size=14, into=right)
    out.paragraph(words(_CHAIR), bold=True, centre=True, size=14, into=right)
    for _blank in range(4):
        out.paragraph("", into=right)
    out.paragraph(header.signer or BLANK, bold=True, centre=True, size=14, into=right)


def write(plan: Plan, header: Header, lang: str = "vi") -> bytes:
    """The plan as a .docx document."""
    out = _Writer(lang)
    _header(out, plan, header)
    _purpose(out, plan)
    _losses(out, plan)
    _tasks(out, plan)
    _organisation(out, plan)
    _signature(out, header)
    data = BytesIO()
    out.document.save(data)
    return data.getvalue()
