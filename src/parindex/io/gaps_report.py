"""A unit's gap analysis as text that reads like section II of a remediation plan, in
Vietnamese or English."""

from decimal import Decimal

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


def _points(value: Decimal | None, lang: str) -> str:
    return "?" if value is None else number(value, lang)


def text(gaps: Gaps, lang: str = "vi", framework: Framework | None = None) -> str:
    words = catalog(lang).gettext
    lines = [words(_HEADING), ""]
    if gaps.achieved is None or gaps.max_points is None:
        lines.append(words(_UNIT_UNKNOWN) % {"unit": gaps.unit})
    else:
        lines.append(
            words(_UNIT)
            % {
                "unit": gaps.unit,
                "achieved": _points(gaps.achieved, lang),
                "max": _points(gaps.max_points, lang),
                "lost": _points(gaps.lost, lang),
            }
        )
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
                "kind": words(_KINDS[kind]),
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
