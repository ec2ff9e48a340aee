"""The yearly assessment cycle's two Word documents in the state format (Decree 30/2020/NĐ-CP),
on the remediation plan's page (parindex.io.state_format):

- the unit's self-assessment report (BÁO CÁO Kết quả tự đánh giá, chấm điểm Chỉ số cải cách
  hành chính năm N): the unit's header, every node of the framework with its maximum, the
  unit's score, its evidence documents (those dated outside the year flagged) and a note,
  the total, the recipients and the signature;
- the appraisal minutes (BIÊN BẢN Thẩm định kết quả tự đánh giá, chấm điểm Chỉ số CCHC năm N
  của …): the evaluating body's appraisal team, who appraised, every node with the unit's
  score, what each round set and why (and which level deducted), the unit's explanation
  and the final points, the totals side by side, the honesty rule's line, and the
  signatures of the team's head and of the unit's representative.

A4 on its side for the wide tables (Decree 30 allows it), the same margins; a province's own
template (.docx) keeps its page instead. Pure: a framework, core's scorecard and the words of
each leaf in, .docx bytes out. What the facts leave empty (the number, the signer) is left as
dotted space to fill in. In Vietnamese or English.
"""

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from docx.shared import Pt
from docx.text.paragraph import Paragraph

from parindex.core.assessment import Scorecard, is_honesty
from parindex.core.framework import Framework, Node
from parindex.core.rules import Evaluation
from parindex.io.render import gettext_noop as _
from parindex.io.render import number
from parindex.io.state_format import (
    BLANK,
    COMMITTEE,
    NUMBER,
    TemplateRefused,
    Writer,
    capitals,
    dashed,
    day,
    letterhead,
    recipients,
    sign,
    signed_on,
    turned,
    two_columns,
)

__all__ = [
    "AssessmentFacts",
    "EvidenceLine",
    "LeafFacts",
    "ReviewLine",
    "TemplateRefused",
    "appraisal_minutes",
    "self_assessment_report",
]

LANDSCAPE_TEXT_MM = 297 - 30 - 15  # A4 on its side less the same margins: the widths' sum


@dataclass(frozen=True)
class EvidenceLine:
    """An evidence document: its number and symbol, date and title; `outside_year` when it
    is dated outside the year assessed (the appraisers do not count it)."""

    number: str
    issued_on: date
    title: str
    outside_year: bool


@dataclass(frozen=True)
class ReviewLine:
    """What an appraisal round set on a leaf: its points, the reason, the level that
    deducted ("Sở Nội vụ")."""

    round: int
    points: Decimal
    reason: str
    level: str


@dataclass(frozen=True)
class LeafFacts:
    """The words of one leaf: the unit's note, its evidence, the rounds, its explanation."""

    note: str = ""
    evidence: tuple[EvidenceLine, ...] = ()
    reviews: tuple[ReviewLine, ...] = ()
    explanation: str = ""


@dataclass(frozen=True)
class AssessmentFacts:
    """One unit's assessment as both documents state it: its numbers from core's scorecard,
    its words by leaf id.

    `number`, `signer_title` and `signer` are the report's (its number and symbol, "12" or
    "12/BC-UBND"; "KT. CHỦ TỊCH\\nPhó Chủ tịch"); `minutes_number`, `team_lead` and
    `representative` the minutes'; `appraisers` the appraisal team's members; `place` the
    place of the place-and-date line (else the place the issuing body governs, when it is a
    people's committee); `recipients` the report's distribution list (else the usual one)."""

    unit: str
    evaluating_body: str
    superior_body: str
    year: int
    place: str
    day: date | None
    framework: Framework
    card: Scorecard
    leaves: Mapping[str, LeafFacts]  # by leaf id
    number: str = ""
    signer_title: str = ""
    signer: str = ""
    appraisers: tuple[str, ...] = ()
    minutes_number: str = ""
    team_lead: str = ""
    representative: str = ""
    recipients: tuple[str, ...] = ()


_COMMITTEE_OF = _("PEOPLE'S COMMITTEE OF %(place)s")  # the superior body's line: "UBND TỈNH …"
_COMMITTEE_NAMED = _("People's Committee of %(place)s")  # in a sentence: "Ủy ban nhân dân xã …"

_REPORT = _("REPORT")
_REPORT_TITLE = _("Results of the self-assessment and scoring of the PAR Index in %(year)s")
_REPORT_INTRO = _(
    "%(unit)s reports the results of its self-assessment and scoring of the PAR Index in "
    "%(year)s, criterion by criterion, with the evidence documents of each, as follows:"
)
_REPORT_TOTAL = _(
    "Self-assessed total: %(total)s of %(max)s points (%(index)s%%); details in the table below."
)
_FILLED = _("%(filled)s of the %(entered)s criteria the unit scores are scored so far.")
_REPORT_HEADERS = (
    _("No."),
    _("Field, criterion, sub-criterion"),
    _("Max points"),
    _("Self-assessed points"),
    _("Evidence documents"),
    _("Note"),
)
_REPORT_WIDTHS = (16, 82, 17, 20, 79, 38)  # in mm of the landscape text width, 252
_REPORT_END = _("The above is the report of %(unit)s on its self-assessment in %(year)s.")
_REPORT_RECIPIENTS = (_("- %(body)s (for appraisal);"), _("- Filed: Office."))
_SIGNS_FOR = _("ON BEHALF OF THE PEOPLE'S COMMITTEE")
_CHAIR = _("CHAIRMAN")
_HEAD = _("HEAD OF THE UNIT")

_EVIDENCE = _("No. %(number)s of %(day)s: %(title)s")
_EVIDENCE_UNNUMBERED = _("%(day)s: %(title)s")
OUTSIDE_YEAR = _("outside the assessment year")  # the flag of evidence dated outside the year

_MINUTES = _("MINUTES")
_MINUTES_TITLE = _(
    "Appraisal of the results of the self-assessment and scoring of the PAR Index in "
    "%(year)s of %(unit)s"
)
_TEAM = _("APPRAISAL TEAM")
_MINUTES_OPENING = _(
    "On %(day)s, at %(place)s, the appraisal team of %(body)s appraised the results of the "
    "self-assessment and scoring of the PAR Index in %(year)s of %(unit)s against their "
    "evidence documents."
)
_PRESENT = _("I. THOSE PRESENT")
_MEMBERS = _("1. The appraisal team:")
_UNIT_PRESENT = _("2. For the appraised unit (%(unit)s):")
_RESULTS = _("II. RESULTS OF THE APPRAISAL")
_ROUNDS_NOTE = _(
    "The columns of rounds 1 and 2 show the points a round set; a criterion a round left "
    "alone keeps the points before it. The final column is the appraised score."
)
_MINUTES_HEADERS = (
    _("No."),
    _("Field, criterion, sub-criterion"),
    _("Max points"),
    _("Self-assessed points"),
    _("Appraised, round 1"),
    _("Reason for the deduction (level that deducted)"),
    _("The unit's explanation"),
    _("Appraised, round 2"),
    _("Final points"),
)
_MINUTES_WIDTHS = (13, 50, 17, 19, 22, 45, 42, 22, 22)  # in mm of the landscape text width
_IN_ROUND = _("Round %(round)s: %(reason)s")
_HONESTY_CELL = _("Deviation %(deviation)s%% (allowed %(within)s%%)")
_MINUTES_TOTAL = _(
    "Self-assessed total: %(self)s points; appraised total: %(appraised)s of %(max)s points "
    "(%(index)s%%); %(difference)s points apart."
)
_HONESTY = _(
    "Criterion %(code)s (accuracy of the self-assessment): self-assessed total %(self)s, "
    "appraised total %(appraised)s (this criterion left out), a deviation of "
    "%(deviation)s%% (allowed %(within)s%%): %(points)s of %(max)s points."
)
_HONESTY_UNKNOWN = _(
    "Criterion %(code)s (accuracy of the self-assessment): not computed yet, nothing has "
    "been appraised."
)
_MINUTES_END = _(
    "The minutes were drawn up in two copies, one for each side, read to those present and "
    "agreed by them."
)
_UNIT_SIDE = _("FOR THE APPRAISED UNIT")
_LEAD = _("HEAD OF THE APPRAISAL TEAM")
_TOTAL = _("Total")

# Where an administrative unit's name begins: a people's committee governs it.
_PLACE_KINDS = (
    "tỉnh",
    "thành phố",
    "huyện",
    "quận",
    "thị xã",
    "xã",
    "phường",
    "thị trấn",
    "đặc khu",
)
_COMMITTEE_PREFIXES = ("ủy ban nhân dân ", "uỷ ban nhân dân ", "ubnd ")


def _committee(name: str) -> str | None:
    """The place a people's committee governs when `name` names one ("UBND xã Yên Thủy",
    "Xã Yên Thủy": "xã Yên Thủy", its kind in lower case as inside a sentence); None for
    any other body (a department: "Sở Nội vụ")."""
    text = unicodedata.normalize("NFC", " ".join(name.split()))
    named = False
    for prefix in _COMMITTEE_PREFIXES:
        if text[: len(prefix)].casefold() == prefix:
            text, named = text[len(prefix) :], True
            break
    kind = _kind(text)
    if kind is None:
        return text if named and text else None
    return kind + text[len(kind) :]


def _kind(text: str) -> str | None:
    """The kind of administrative unit a name begins with: "xã" for "Xã Yên Thủy"."""
    for kind in _PLACE_KINDS:
        if text[: len(kind) + 1].casefold() == kind + " ":
            return kind
    return None


def _place(name: str) -> str:
    """The place name of the place-and-date line: "Yên Thủy" for "Xã Yên Thủy"; "" for a
    body that is not a people's committee."""
    governed = _committee(name)
    if governed is None:
        return ""
    kind = _kind(governed)
    return governed[len(kind) :].strip() if kind else governed


def _points(value: Decimal | None, lang: str) -> str:
    return "" if value is None else number(value, lang)


def _scored(value: Decimal | None, decimals: int, lang: str) -> str:
    """Points as the framework rounds them: 2,00, not the 2 of a capped criterion."""
    return "" if value is None else number(value.quantize(Decimal(10) ** -decimals), lang)


def _plain(value: Decimal | None) -> Decimal | None:
    """A maximum as the framework writes it: 12, not the 12,0 a sum of 3,5 and 8,5 leaves."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _percent(value: object, lang: str) -> str:
    """A percentage to two places: the honesty rule's deviation, 6,41."""
    if value is None:
        return BLANK
    return number(Decimal(str(value)).quantize(Decimal("0.01")), lang)


def _title(node: Node, lang: str) -> str:
    return node.title_en if lang == "en" and node.title_en else node.title


def _speaker(name: str, words: Callable[[str], str]) -> str:
    """The unit as the subject of a sentence: "Ủy ban nhân dân xã Yên Thủy", "Sở Nội vụ"."""
    governed = _committee(name)
    return name if governed is None else words(_COMMITTEE_NAMED) % {"place": governed}


def _upright(name: str, words: Callable[[str], str]) -> str:
    """A body as the superior line of a header: "UBND TỈNH HÒA LÂM", "SỞ NỘI VỤ"."""
    governed = _committee(name)
    line = name if governed is None else words(_COMMITTEE_OF) % {"place": governed}
    return line.upper()


def _own_name(name: str, superior: str, words: Callable[[str], str]) -> list[tuple[str, bool]]:
    """The issuing body's lines (text, bold): a people's committee's own name, bold on both
    lines and with no superior (Decree 30); another body under its superior, upright."""
    governed = _committee(name)
    if governed is not None:
        return [(words(COMMITTEE), True), (governed.upper(), True)]
    lines = [(_upright(superior, words), False)] if superior.strip() else []
    return [*lines, (name.upper(), True)]


def _number(given: str, symbol: str, words: Callable[[str], str]) -> str:
    """The number line, "Số: 12/BC-UBND"; a number given with its own symbol is kept."""
    given = given.strip()
    if "/" in given:
        return words(NUMBER) % {"number": given}
    return words(NUMBER) % {"number": f"{given or BLANK}/{symbol}"}


def _symbol(kind: str, body: str) -> str:
    """The document's symbol: its kind, then the issuing body's, which only a people's
    committee's is known for (UBND); another body's is left to fill in."""
    return f"{kind}-{'UBND' if _committee(body) is not None else BLANK}"


def _opening(
    out: Writer,
    body: Sequence[tuple[str, bool]],
    number_line: str,
    place: str,
    issued_on: date | None,
    kind: str,
    title: str,
) -> None:
    letterhead(out, body, number_line, place, issued_on)
    out.paragraph()
    out.paragraph(out.words(kind), bold=True, centre=True)
    out.paragraph(title, bold=True, centre=True)
    out.paragraph("————", centre=True, size=10)


def _heading(out: Writer, text: str, *, indent: bool) -> Paragraph:
    paragraph = out.paragraph(text, bold=True, indent=indent)
    paragraph.paragraph_format.space_before = Pt(12 if not indent else 6)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _evidence(lines: Sequence[EvidenceLine], words: Callable[[str], str]) -> list[str]:
    """A line each: "Số 12/KH-UBND ngày 15/01/2026: Kế hoạch CCHC (ngoài năm đánh giá)"."""
    shown: list[str] = []
    for line in lines:
        params = {"number": line.number.strip(), "day": day(line.issued_on), "title": line.title}
        text = words(_EVIDENCE if params["number"] else _EVIDENCE_UNNUMBERED) % params
        if line.outside_year:
            text += f" ({words(OUTSIDE_YEAR)})"
        shown.append(text)
    return [dashed(text) for text in shown] if len(shown) > 1 else shown


def _table(
    out: Writer,
    facts: AssessmentFacts,
    headers: Sequence[str],
    widths: Sequence[float],
    cells: Callable[[Node], list[str | list[str]]],
    total: list[str],
    prose: Sequence[int],
) -> None:
    """Every node of the framework in its order, fields bold and sub-criteria italic, then
    the total; the header row repeated on every page and no row split across two."""
    with turned(out):
        _rows(out, facts, headers, widths, cells, total, prose)


def _rows(
    out: Writer,
    facts: AssessmentFacts,
    headers: Sequence[str],
    widths: Sequence[float],
    cells: Callable[[Node], list[str | list[str]]],
    total: list[str],
    prose: Sequence[int],
) -> None:
    table = out.table(headers, widths, LANDSCAPE_TEXT_MM)
    most = facts.card.self_totals.nodes
    for node, depth in facts.framework.walk():
        held = most.get(node.id)
        maximum = held.applicable_max if held is not None else node.max_points
        values: list[str | list[str]] = [
            node.code,
            _title(node, out.lang),
            _points(_plain(maximum), out.lang),
        ]
        out.row(
            table,
            values + cells(node),
            bold=depth == 1,
            italic=(1,) if depth > 2 else (),
            prose=prose,
            whole=True,
        )
    out.row(table, total, bold=True, prose=prose, whole=True)


def _honesty_leaves(framework: Framework) -> list[Node]:
    """The leaves the honesty rule scores (parindex.core.rules.Honesty), computed from the
    two totals rather than entered."""
    return [
        leaf
        for leaf in framework.leaves()
        if leaf.rule is not None and leaf.max_points is not None and is_honesty(leaf)
    ]


def _writer(lang: str, template: bytes | None, template_name: str) -> Writer:
    return Writer(lang, template, template_name, landscape=True)


def self_assessment_report(
    facts: AssessmentFacts,
    lang: str = "vi",
    template: bytes | None = None,
    *,
    template_name: str = "template.docx",
) -> bytes:
    """The unit's report of its self-assessment as .docx: every node with its maximum, the
    unit's score, the evidence and the note, then the total, recipients and signature. On
    A4 on its side, or into a province's `template` (its page kept, its body replaced).

    TemplateRefused, naming `template_name`, when the template is not a Word document."""
    out = _writer(lang, template, template_name)
    words, card, decimals = out.words, facts.card, facts.framework.decimals
    unit = _speaker(facts.unit, words)
    _opening(
        out,
        _own_name(facts.unit, facts.superior_body, words),
        _number(facts.number, _symbol("BC", facts.unit), words),
        facts.place or _place(facts.unit) or _place(facts.superior_body),
        facts.day,
        _REPORT,
        words(_REPORT_TITLE) % {"year": facts.year},
    )
    out.paragraph(words(_REPORT_INTRO) % {"unit": unit, "year": facts.year})
    totals = card.self_totals
    summary = words(_REPORT_TOTAL) % {
        "total": _scored(totals.achieved, decimals, lang),
        "max": _points(_plain(totals.applicable_max), lang),
        "index": _scored(totals.index_percent, decimals, lang),
    }
    out.paragraph(summary)
    if not card.complete:
        out.paragraph(words(_FILLED) % {"filled": card.filled, "entered": card.entered})

    def cells(node: Node) -> list[str | list[str]]:
        claimed = totals.nodes.get(node.id)
        held = facts.leaves.get(node.id, LeafFacts())
        points = _scored(claimed.achieved if claimed else None, decimals, lang)
        return [points, _evidence(held.evidence, words), held.note]

    total = ["", words(_TOTAL), _points(_plain(totals.applicable_max), lang)]
    total += [_scored(totals.achieved, decimals, lang), "", ""]
    _table(out, facts, _REPORT_HEADERS, _REPORT_WIDTHS, cells, total, prose=(1, 4, 5))
    ending = out.paragraph(words(_REPORT_END) % {"unit": unit, "year": facts.year})
    ending.paragraph_format.space_before = Pt(6)
    # The last words go with the signature to its page: a signature alone is not signed text.
    ending.paragraph_format.keep_with_next = True
    out.paragraph().paragraph_format.keep_with_next = True
    left, right = two_columns(out, out.fit((80, 85)))
    body = facts.evaluating_body.strip()
    listed = [dashed(line) for line in facts.recipients] or [
        words(line) % {"body": _speaker(body, words) if body else BLANK}
        for line in _REPORT_RECIPIENTS
    ]
    recipients(out, left, listed)
    default = [words(_SIGNS_FOR), words(_CHAIR)] if _committee(facts.unit) else [words(_HEAD)]
    sign(out, right, capitals(facts.signer_title) or default, facts.signer)
    return out.saved()


def _rounds(held: LeafFacts) -> dict[int, ReviewLine]:
    """The review that set each round's points: the last one of the round."""
    return {review.round: review for review in held.reviews}


def _reasons(held: LeafFacts, words: Callable[[str], str]) -> list[str]:
    """Each deduction's reason with the level that deducted; by round when both rounds
    gave one."""
    given = [review for review in held.reviews if review.reason.strip()]
    by_round = len({review.round for review in given}) > 1
    shown: list[str] = []
    for review in given:
        text = review.reason.strip()
        if review.level.strip():
            text = f"{text} ({review.level.strip()})"
        if by_round:
            text = words(_IN_ROUND) % {"round": review.round, "reason": text}
        shown.append(text)
    return shown


def _honesty_cell(evaluation: Evaluation | None, lang: str, words: Callable[[str], str]) -> str:
    if evaluation is None:
        return ""
    params = evaluation.explanation.params
    return words(_HONESTY_CELL) % {
        "deviation": _percent(params.get("deviation"), lang),
        "within": _points(_plain(Decimal(str(params.get("within_percent", 0)))), lang),
    }


def _honesty_line(
    node: Node, evaluation: Evaluation | None, decimals: int, lang: str, words: Callable[[str], str]
) -> str:
    """The honesty rule's line: both totals it compares, the deviation, the points."""
    if evaluation is None:
        return words(_HONESTY_UNKNOWN) % {"code": node.code}
    params, used = evaluation.explanation.params, evaluation.inputs
    places = Decimal(10) ** -decimals

    def total(name: str) -> str:
        value = used.get(name)
        if not isinstance(value, Decimal):
            return BLANK
        return number(value.quantize(places), lang)

    return words(_HONESTY) % {
        "code": node.code,
        "self": total("self_total"),
        "appraised": total("appraised_total"),
        "deviation": _percent(params.get("deviation"), lang),
        "within": _points(_plain(Decimal(str(params.get("within_percent", 0)))), lang),
        "points": _scored(evaluation.points, decimals, lang),
        "max": _points(_plain(node.max_points), lang),
    }


def appraisal_minutes(
    facts: AssessmentFacts,
    lang: str = "vi",
    template: bytes | None = None,
    *,
    template_name: str = "template.docx",
) -> bytes:
    """The minutes of the appraisal as .docx: who appraised, every node with the unit's
    score, both rounds, the reasons and the levels that deducted, the unit's explanations
    and the final points, the totals side by side, the honesty rule's line, and the
    signatures of the unit's representative and of the team's head. On A4 on its side, or
    into a province's `template` (its page kept, its body replaced).

    TemplateRefused, naming `template_name`, when the template is not a Word document."""
    out = _writer(lang, template, template_name)
    words, card, framework = out.words, facts.card, facts.framework
    decimals = framework.decimals
    body = facts.evaluating_body
    place = facts.place or _place(body) or _place(facts.unit)
    _opening(
        out,
        [(_upright(body, words), False), (words(_TEAM), True)],
        _number(facts.minutes_number, _symbol("BB", body), words),
        place,
        facts.day,
        _MINUTES,
        words(_MINUTES_TITLE) % {"year": facts.year, "unit": _speaker(facts.unit, words)},
    )
    opening = {
        "day": signed_on(facts.day, lang),
        "place": place or BLANK,
        "body": _speaker(body, words),
        "year": facts.year,
        "unit": _speaker(facts.unit, words),
    }
    out.paragraph(words(_MINUTES_OPENING) % opening)
    _heading(out, words(_PRESENT), indent=False)
    _heading(out, words(_MEMBERS), indent=True)
    for name in facts.appraisers or (BLANK,):
        out.paragraph(dashed(name))
    _heading(out, words(_UNIT_PRESENT) % {"unit": _speaker(facts.unit, words)}, indent=True)
    out.paragraph(dashed(facts.representative or BLANK))
    _heading(out, words(_RESULTS), indent=False)
    out.paragraph(words(_ROUNDS_NOTE))
    claimed, appraised = card.self_totals, card.appraised_totals
    honest = _honesty_leaves(framework)
    computed = {leaf.id for leaf in honest}

    def cells(node: Node) -> list[str | list[str]]:
        before, after = claimed.nodes.get(node.id), appraised.nodes.get(node.id)
        held = facts.leaves.get(node.id, LeafFacts())
        rounds = _rounds(held)
        first, second = rounds.get(1), rounds.get(2)
        reasons: str | list[str] = _reasons(held, words)
        if node.id in computed:
            reasons = _honesty_cell(card.honesty.get(node.id), lang, words)
        return [
            _scored(before.achieved if before else None, decimals, lang),
            _scored(first.points if first else None, decimals, lang),
            reasons,
            held.explanation,
            _scored(second.points if second else None, decimals, lang),
            _scored(after.achieved if after else None, decimals, lang),
        ]

    total = ["", words(_TOTAL), _points(_plain(appraised.applicable_max), lang)]
    total += [_scored(claimed.achieved, decimals, lang), "", "", "", ""]
    total += [_scored(appraised.achieved, decimals, lang)]
    _table(out, facts, _MINUTES_HEADERS, _MINUTES_WIDTHS, cells, total, prose=(1, 5, 6))
    summary = words(_MINUTES_TOTAL) % {
        "self": _scored(claimed.achieved, decimals, lang),
        "appraised": _scored(appraised.achieved, decimals, lang),
        "max": _points(_plain(appraised.applicable_max), lang),
        "index": _scored(appraised.index_percent, decimals, lang),
        "difference": _scored(abs(claimed.achieved - appraised.achieved), decimals, lang),
    }
    out.paragraph(summary).paragraph_format.space_before = Pt(6)
    for leaf in honest:
        evaluation = card.honesty.get(leaf.id)
        out.paragraph(_honesty_line(leaf, evaluation, framework.decimals, lang, words))
    ending = out.paragraph(words(_MINUTES_END))
    ending.paragraph_format.keep_with_next = True
    out.paragraph().paragraph_format.keep_with_next = True
    left, right = two_columns(out, out.fit((80, 85)))
    sign(out, left, [words(_UNIT_SIDE)], facts.representative)
    sign(out, right, [words(_LEAD)], facts.team_lead)
    return out.saved()
