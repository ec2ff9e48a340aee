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

from collections.abc import Callable, Sequence
from decimal import Decimal

from docx.shared import Pt
from docx.text.paragraph import Paragraph

from parindex.core.gaps import Recoverability
from parindex.core.plan import Header, ItemStatus, Plan, PlanField, PlanItem, Shape
from parindex.io.render import gettext_noop as _
from parindex.io.render import message, number
from parindex.io.state_format import BLANK, COMMITTEE, NUMBER, Writer, add_row, capitals, letterhead
from parindex.io.state_format import TEMPLATE_UNREADABLE as TEMPLATE_UNREADABLE
from parindex.io.state_format import TemplateRefused as TemplateRefused
from parindex.io.state_format import check_template as check_template
from parindex.io.state_format import dashed as _dashed
from parindex.io.state_format import day as _day
from parindex.io.state_format import recipients as _recipients
from parindex.io.state_format import sign as _sign
from parindex.io.state_format import two_columns as _two_columns

_PERIODS = {
    "quarter": _("a quarterly report, before %(due)s"),
    "half_year": _("a half-year report, before %(due)s"),
    "year": _("the year's report, before %(due)s"),
}
_NUMBER = _("No.: %(number)s/KH-UBND")
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
_RECIPIENTS_LIST = (
    _("- As in section IV;"),
    _("- The Chairman and Vice-Chairmen;"),
    _("- Filed: Office."),
)
_SIGNS_FOR = _("ON BEHALF OF THE PEOPLE'S COMMITTEE")
_CHAIR = _("CHAIRMAN")
_KINDS = {
    Recoverability.THRESHOLD: _("threshold"),
    Recoverability.OCCURRENCES: _("per occurrence"),
    Recoverability.JUDGEMENT: _("judgement"),
    Recoverability.SURVEY: _("survey"),
    Recoverability.UNKNOWN: "",
}


def _points(value: Decimal | None, lang: str) -> str:
    return BLANK if value is None else number(value, lang)


def _sentence(text: str) -> str:
    """An edited solution ends as a sentence, so that the words after it read as such."""
    text = text.strip()
    return text if text.endswith((".", "!", "?", ";", ":")) else text + "."


def _number(header: Header, words: Callable[[str], str]) -> str:
    if "/" in header.number:
        return words(NUMBER) % {"number": header.number.strip()}
    return words(_NUMBER) % {"number": header.number.strip() or BLANK}


def _letterhead(out: Writer, header: Header) -> None:
    if header.superior_body:
        # Decree 30: the superior body upright, the issuing body under it in bold.
        body = [(header.superior_body.upper(), False)]
    else:
        # A people's committee's own name, "ỦY BAN NHÂN DÂN / XÃ …", is bold on both lines.
        body = [(out.words(COMMITTEE), True)]
    body.append((header.issuing_body.upper(), True))
    letterhead(out, body, _number(header, out.words), header.place, header.issued_on)


def _header(out: Writer, plan: Plan) -> None:
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


def _section(out: Writer, text: str) -> None:
    """A numbered section's heading: I., II., …"""
    _heading(out.paragraph(text, bold=True, indent=False), 12)


def _subsection(out: Writer, text: str) -> None:
    """A numbered part's heading: 1., 2., …"""
    _heading(out.paragraph(text, bold=True), 6)


def _purpose(out: Writer, plan: Plan) -> None:
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


def _losses(out: Writer, plan: Plan) -> None:
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
        cells = add_row(table)
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


def _solutions(out: Writer, plan: Plan) -> None:
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


def _targets(out: Writer, plan: Plan) -> None:
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


def _by_item(out: Writer, plan: Plan) -> None:
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


def _by_field(out: Writer, plan: Plan) -> None:
    words, lang = out.words, out.lang
    out.paragraph(words(_III_FIELD_TEXT) % {"points": number(plan.recoverable, lang)})
    for field in plan.fields:
        if field.items:
            _field_parts(out, field)


def _field_parts(out: Writer, field: PlanField) -> None:
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


def _part(out: Writer, heading: str, lines: Sequence[str]) -> None:
    """A lettered part: its heading, then a line each, or "none" on the heading's line."""
    paragraph = out.paragraph(heading, italic=True)
    paragraph.paragraph_format.keep_with_next = bool(lines)
    if not lines:
        paragraph.add_run(" " + out.words(_NONE))
    for line in lines:
        out.paragraph(line)


def _organisation(out: Writer, plan: Plan) -> None:
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


def _signature(out: Writer, header: Header) -> None:
    words = out.words
    out.paragraph().paragraph_format.keep_with_next = True
    left, right = _two_columns(out, out.fit((80, 85)))
    recipients = [_dashed(line) for line in header.recipients] or [
        words(line) for line in _RECIPIENTS_LIST
    ]
    _recipients(out, left, recipients)
    # Decree 30 writes the signing authority and title in capitals, a line each.
    titles = capitals(header.signer_title)
    _sign(out, right, titles or [words(_SIGNS_FOR), words(_CHAIR)], header.signer)


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
    out = Writer(lang, template, template_name)
    _header(out, plan)
    _purpose(out, plan)
    _losses(out, plan)
    _solutions(out, plan)
    _organisation(out, plan)
    _signature(out, plan.header)
    return out.saved()
