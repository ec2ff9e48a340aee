"""A unit's gap analysis as text that reads like section II of a remediation plan, as
stable JSON and as a workbook to forward, in Vietnamese or English."""

from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from parindex.core.framework import Framework
from parindex.core.gaps import Gaps, Loss, Recoverability, by_recovery
from parindex.io.render import catalog, message, number
from parindex.io.render import gettext_noop as _

_HEADING = _("II. SHORTCOMINGS: WHAT LOST POINTS")
_UNIT = _("%(unit)s: %(achieved)s of %(max)s points, %(lost)s points lost.")
_UNIT_UNKNOWN = _("%(unit)s: the total is not known.")
_RANK = _("Rank %(rank)s in the group %(group)s.")
_SELF = _("Self-assessed %(self_total)s points.")
_FIELD = _("%(number)s. Field %(code)s: %(title)s: %(achieved)s of %(max)s points, %(lost)s lost")
_LOSS = _("- %(code)s %(title)s: %(achieved)s of %(max)s points, %(lost)s lost")
_REASON = _("  Reason: %(reasons)s")
_BY = _("  Deducted by: %(by)s")
_STRENGTHS = _("Fields at their maximum (strengths to keep): %(fields)s.")
_NOTES = _("Where the numbers do not add up:")
_FIRST = _("Easiest to recover first:")
_KINDS = {
    Recoverability.THRESHOLD: _("a clear threshold"),
    Recoverability.OCCURRENCES: _("deducted per occurrence"),
    Recoverability.JUDGEMENT: _("scored by judgement"),
    Recoverability.SURVEY: _("a survey score"),
    Recoverability.UNKNOWN: _("unknown rule"),
}
_RANKED = _("- %(code)s (%(kind)s): %(lost)s points")


def recovery(kind: Recoverability, lang: str = "vi") -> str:
    """How a lost item is won back, in words: "a clear threshold", "a survey score"."""
    return catalog(lang).gettext(_KINDS[kind])


def _points(value: Decimal | None, lang: str) -> str:
    return "?" if value is None else number(value, lang)


def _summary(gaps: Gaps, lang: str) -> str:
    """ "Xã Tân Hòa: đạt 93,92/100 điểm, bị trừ 6,08 điểm." """
    words = catalog(lang).gettext
    if gaps.achieved is None or gaps.max_points is None:
        return words(_UNIT_UNKNOWN) % {"unit": gaps.unit}
    params = {
        "unit": gaps.unit,
        "achieved": _points(gaps.achieved, lang),
        "max": _points(gaps.max_points, lang),
        "lost": _points(gaps.lost, lang),
    }
    return words(_UNIT) % params


def text(gaps: Gaps, lang: str = "vi", framework: Framework | None = None) -> str:
    words = catalog(lang).gettext
    lines = [words(_HEADING), "", _summary(gaps, lang)]
    if gaps.published_rank is not None and gaps.group is not None:
        lines.append(words(_RANK) % {"rank": gaps.published_rank, "group": gaps.group})
    if gaps.self_total is not None:
        lines.append(words(_SELF) % {"self_total": _points(gaps.self_total, lang)})
    lines.append("")
    numbered = [field for field in gaps.fields if not field.at_max]
    for index, field in enumerate(numbered, start=1):
        lines.append(
            words(_FIELD)
            % {
                "number": index,
                "code": field.code,
                "title": field.title,
                "achieved": _points(field.achieved, lang),
                "max": _points(field.max_points, lang),
                "lost": _points(field.lost, lang),
            }
        )
        for loss in field.losses:
            lines.extend(_loss(loss, lang))
    if gaps.strengths:
        codes = ", ".join(f"{field.code} ({field.title})" for field in gaps.strengths)
        lines += ["", words(_STRENGTHS) % {"fields": codes}]
    if gaps.losses:
        lines += ["", words(_FIRST)]
        for loss, kind in by_recovery(gaps, framework):
            params = {
                "code": loss.code,
                "kind": recovery(kind, lang),
                "lost": number(loss.lost, lang),
            }
            lines.append(words(_RANKED) % params)
    if gaps.notes:
        lines += ["", words(_NOTES)]
        lines += [f"- {message(note, lang)}" for note in gaps.notes]
    return "\n".join(lines) + "\n"


def _loss(loss: Loss, lang: str) -> list[str]:
    words = catalog(lang).gettext
    params = {
        "code": loss.code,
        "title": loss.title,
        "achieved": number(loss.achieved, lang),
        "max": number(loss.max_points, lang),
        "lost": number(loss.lost, lang),
    }
    lines = [words(_LOSS) % params]
    if loss.reasons:
        lines.append(words(_REASON) % {"reasons": "; ".join(loss.reasons)})
    if loss.deducted_by:
        lines.append(words(_BY) % {"by": "; ".join(loss.deducted_by)})
    return lines


def _number(value: Decimal | None) -> str | None:
    """Points as the shortest exact decimal: "1.5", whether the file wrote 1,5 or 1,50."""
    return None if value is None else format(value.normalize(), "f")


def as_json(gaps: Gaps, lang: str = "vi", framework: Framework | None = None) -> dict[str, object]:
    """The gap analysis as plain JSON values; points are exact decimal strings ("85.82").
    The shape is documented in docs/gaps.md and kept stable."""
    kinds = {loss.code: kind for loss, kind in by_recovery(gaps, framework)}
    return {
        "format": "parindex-gaps/1",
        "unit": gaps.unit,
        "group": gaps.group,
        "published_rank": gaps.published_rank,
        "max_points": _number(gaps.max_points),
        "achieved": _number(gaps.achieved),
        "lost": _number(gaps.lost),
        "self_total": _number(gaps.self_total),
        "fields": [
            {
                "code": field.code,
                "title": field.title,
                "max_points": _number(field.max_points),
                "achieved": _number(field.achieved),
                "lost": _number(field.lost),
                "at_max": field.at_max,
                "losses": [
                    {
                        "code": loss.code,
                        "title": loss.title,
                        "max_points": _number(loss.max_points),
                        "achieved": _number(loss.achieved),
                        "lost": _number(loss.lost),
                        "reasons": list(loss.reasons),
                        "deducted_by": list(loss.deducted_by),
                        "recoverability": kinds[loss.code].name.lower(),
                    }
                    for loss in field.losses
                ],
            }
            for field in gaps.fields
        ],
        "notes": [{"key": note.key, "text": message(note, lang)} for note in gaps.notes],
    }


_SHEET = _("Lost points")
_NOTES_SHEET = _("Reconciliation")
_COLUMNS = (
    (_("Field"), 9),
    (_("Code"), 10),
    (_("Criterion"), 48),
    (_("Maximum"), 11),
    (_("Achieved"), 11),
    (_("Lost"), 11),
    (_("Reason"), 40),
    (_("Deducted by"), 20),
    (_("Recovery"), 20),
)
_TOTAL = _("Total")
_NO_NOTES = _("The numbers add up.")


def workbook(gaps: Gaps, lang: str = "vi", framework: Framework | None = None) -> bytes:
    """The lost items as an .xlsx a coordinator forwards: a title block, one row per loss
    with its field, points, reason and who deducted, a total row, and the reconciliation."""
    words = catalog(lang).gettext
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = words(_SHEET)
    bold = Font(bold=True)
    sheet.append([words(_HEADING)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_summary(gaps, lang)])
    sheet.append([])
    sheet.append([words(title) for title, _width in _COLUMNS])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    kinds = {loss.code: kind for loss, kind in by_recovery(gaps, framework)}
    for loss in gaps.losses:
        sheet.append(
            [
                loss.field,
                loss.code,
                loss.title,
                float(loss.max_points),
                float(loss.achieved),
                float(loss.lost),
                "; ".join(loss.reasons),
                "; ".join(loss.deducted_by),
                recovery(kinds[loss.code], lang),
            ]
        )
    lost = sum((loss.lost for loss in gaps.losses), Decimal(0))
    sheet.append(["", "", words(_TOTAL), None, None, float(lost)])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.column in (4, 5, 6):
                cell.number_format = "0.00"
    for index, (_title, width) in enumerate(_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth = 1  # every column on the page, as many pages down as needed
    sheet.page_setup.fitToHeight = 0
    notes = book.create_sheet(words(_NOTES_SHEET))
    lines = [message(note, lang) for note in gaps.notes] or [words(_NO_NOTES)]
    for line in lines:
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    out = BytesIO()
    book.save(out)
    return out.getvalue()
