"""The self-assessment report and the appraisal minutes: every criterion, core's numbers,
the evidence flagged outside the year, both rounds and the honesty line; real .docx files,
and PDF through LibreOffice."""

import re
from datetime import date
from decimal import Decimal
from io import BytesIO

from docx import Document

from parindex.core.assessment import Sheet, scorecard
from parindex.frameworks import builtin
from parindex.io import assessment_document as papers
from parindex.io.pdf import soffice, to_pdf

D = Decimal
FRAMEWORK = builtin.load("commune-example")
LEAVES = [
    leaf for leaf in FRAMEWORK.leaves() if leaf.rule is not None and leaf.rule.type != "honesty"
]


def _facts() -> papers.AssessmentFacts:
    claim = {leaf.id: leaf.max_points or D(0) for leaf in LEAVES}
    first, deducted = LEAVES[1], LEAVES[1].max_points or D(0)
    card = scorecard(FRAMEWORK, Sheet(claim, {first.id: deducted / 2}))
    leaves = {
        LEAVES[0].id: papers.LeafFacts(
            note="Đã ban hành",
            evidence=(
                papers.EvidenceLine("12/KH-UBND", date(2026, 1, 15), "Kế hoạch CCHC", False),
                papers.EvidenceLine("3/KH-UBND", date(2024, 12, 1), "Kế hoạch cũ", True),
            ),
        ),
        first.id: papers.LeafFacts(
            reviews=(papers.ReviewLine(1, deducted / 2, "Chưa đủ tài liệu", "Sở Nội vụ"),),
            explanation="Đã bổ sung",
        ),
    }
    return papers.AssessmentFacts(
        unit="Xã Yên Thủy",
        evaluating_body="UBND tỉnh Hòa Lâm",
        superior_body="UBND tỉnh Hòa Lâm",
        year=2026,
        place="Yên Thủy",
        day=date(2026, 3, 5),
        framework=FRAMEWORK,
        card=card,
        leaves=leaves,
        appraisers=("Lê Minh Châu",),
    )


def _cells(data: bytes) -> list[list[str]]:
    document = Document(BytesIO(data))
    table = max(document.tables, key=lambda t: len(t.rows))
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_report_lists_every_criterion_with_its_claim_and_evidence() -> None:
    facts = _facts()
    rows = _cells(papers.self_assessment_report(facts))
    codes = [row[0] for row in rows[1:-1]]
    assert codes == [node.code for node, _depth in FRAMEWORK.walk()]
    total = rows[-1]
    assert total[3] == f"{facts.card.self_totals.achieved}".replace(".", ",")
    evidence = next(row[4] for row in rows if row[0] == LEAVES[0].code)
    assert "12/KH-UBND" in evidence
    assert "15/01/2026" in evidence
    assert evidence.count("(") == 1  # only the 2024 document is flagged
    paragraphs = [
        p.text for p in Document(BytesIO(papers.self_assessment_report(facts))).paragraphs
    ]
    assert "BÁO CÁO" in paragraphs


def test_the_minutes_keep_both_columns_and_the_reason() -> None:
    facts = _facts()
    rows = _cells(papers.appraisal_minutes(facts))
    deducted = next(row for row in rows if row[0] == LEAVES[1].code)
    assert deducted[5] == "Chưa đủ tài liệu (Sở Nội vụ)"
    assert deducted[6] == "Đã bổ sung"
    assert rows[-1][-1] == f"{facts.card.appraised_totals.achieved}".replace(".", ",")
    assert facts.card.appraised_totals.achieved < facts.card.self_totals.achieved
    text = "\n".join(p.text for p in Document(BytesIO(papers.appraisal_minutes(facts))).paragraphs)
    assert "1.6" in text  # the honesty criterion's line
    assert "Lê Minh Châu" in text
    assert "Hôm nay, ngày" in text
    assert "Ngày ngày" not in text


def test_both_turn_into_pdf() -> None:
    assert soffice() is not None, "make test installs LibreOffice Writer (system-test-deps)"
    for write in (papers.self_assessment_report, papers.appraisal_minutes):
        pdf = to_pdf(write(_facts()))
        assert pdf.startswith(b"%PDF-")
        assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) >= 3
