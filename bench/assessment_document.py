"""The assessment cycle's two Word documents for the full example framework (63 criteria
entered, every one with two evidence documents, a tenth deducted and explained): times
writing the self-assessment report and the appraisal minutes, and the PDF of each through
LibreOffice when it is installed. Prints figures; asserts nothing.

    .venv/bin/python bench/assessment_document.py
"""

import resource
import time
from datetime import date
from decimal import Decimal

from parindex.core.assessment import Sheet, entered_leaves, scorecard
from parindex.frameworks import builtin
from parindex.io import assessment_document as papers
from parindex.io.pdf import PdfUnavailable, to_pdf

NOTE = "Đã thực hiện đầy đủ theo kế hoạch; tài liệu kiểm chứng kèm theo."


def facts() -> papers.AssessmentFacts:
    framework = builtin.load("commune-example")
    leaves = entered_leaves(framework)
    claim = {leaf.id: leaf.max_points or Decimal(0) for leaf in leaves}
    deducted = {leaf.id: (claim[leaf.id] / 2).quantize(Decimal("0.01")) for leaf in leaves[::10]}
    words = {
        leaf.id: papers.LeafFacts(
            note=NOTE,
            evidence=tuple(
                papers.EvidenceLine(f"{n}/KH-UBND", date(2026, 1, n), "Kế hoạch thực hiện", n == 2)
                for n in (1, 2)
            ),
            reviews=(papers.ReviewLine(1, deducted[leaf.id], "Chưa đủ tài liệu", "Sở Nội vụ"),)
            if leaf.id in deducted
            else (),
            explanation="Đơn vị đã bổ sung tài liệu." if leaf.id in deducted else "",
        )
        for leaf in leaves
    }
    return papers.AssessmentFacts(
        unit="Xã Yên Thủy",
        evaluating_body="UBND tỉnh Hòa Lâm",
        superior_body="UBND tỉnh Hòa Lâm",
        year=2026,
        place="Yên Thủy",
        day=date(2026, 3, 5),
        framework=framework,
        card=scorecard(framework, Sheet(claim, deducted)),
        leaves=words,
    )


def main() -> None:
    made = facts()
    for name, write in (
        ("self-assessment report", papers.self_assessment_report),
        ("appraisal minutes", papers.appraisal_minutes),
    ):
        start = time.perf_counter()
        data = write(made)
        took = time.perf_counter() - start
        print(f"{name}: .docx {took:.2f} s, {len(data) // 1024} KB")
        try:
            start = time.perf_counter()
            pdf = to_pdf(data)
            print(f"{name}: PDF {time.perf_counter() - start:.2f} s, {len(pdf) // 1024} KB")
        except PdfUnavailable:
            print(f"{name}: PDF skipped (LibreOffice is not installed)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"peak memory: {peak} MB")


if __name__ == "__main__":
    main()
