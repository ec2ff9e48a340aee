"""A large remediation plan written as Word: 60 lost items over 8 fields, long Vietnamese
solution texts, 30 lead and coordinating units. Times drafting and writing the .docx, in
both shapes (the goal: under 2 s), and the PDF through LibreOffice when it is installed.
Prints figures; asserts nothing.

    .venv/bin/python bench/plan_document.py
"""

import resource
import time
from decimal import Decimal

from parindex.core.gaps import Scorecard, Scored, analyse
from parindex.core.plan import Header, Shape, draft, revise
from parindex.core.solutions import FieldSuggestion, SolutionLibrary, Suggestion
from parindex.io import plan_document
from parindex.io.pdf import PdfUnavailable, to_pdf

FIELDS, ITEMS, UNITS = 8, 60, 30
SOLUTION = (
    "Rà soát toàn bộ hồ sơ, tài liệu kiểm chứng của tiêu chí; xác định rõ nguyên nhân bị trừ "
    "điểm theo kết luận của Tổ thẩm định; xây dựng lộ trình khắc phục theo từng quý, phân công "
    "cụ thể cán bộ, công chức phụ trách; định kỳ kiểm tra, đôn đốc và báo cáo kết quả thực hiện "
    "về Văn phòng HĐND và UBND trước ngày 15 của tháng cuối quý, kèm tài liệu kiểm chứng."
)
REASON = (
    "Không cung cấp đủ tài liệu kiểm chứng; kết quả thực hiện thấp hơn chỉ tiêu được giao, tỷ "
    "lệ hồ sơ giải quyết đúng hạn chưa đạt yêu cầu theo quy định."
)


def scorecard() -> Scorecard:
    fields = []
    per_field = ITEMS // FIELDS + 1
    made = 0
    for f in range(1, FIELDS + 1):
        children = []
        for c in range(1, per_field + 1):
            lost = made < ITEMS
            made += lost
            children.append(
                Scored(
                    code=f"{f}.{c}",
                    title=f"Tiêu chí {f}.{c} về thực hiện nhiệm vụ cải cách hành chính của đơn vị",
                    max_points=Decimal(2),
                    achieved=Decimal("0.75") if lost else Decimal(2),
                    reasons=(REASON,) if lost else (),
                    deducted_by=("Tổ thẩm định Sở Nội vụ",) if lost else (),
                )
            )
        most = Decimal(2) * len(children)
        achieved = sum((child.achieved or Decimal(0) for child in children), Decimal(0))
        fields.append(
            Scored(
                code=str(f),
                title=f"Lĩnh vực {f}",
                max_points=most,
                achieved=achieved,
                children=tuple(children),
            )
        )
    return Scorecard(unit="Xã Thử Nghiệm", fields=tuple(fields), year=2024)


def library() -> SolutionLibrary:
    units = [f"Phòng chuyên môn số {n}" for n in range(1, UNITS + 1)]
    return SolutionLibrary(
        fallback=Suggestion(SOLUTION, units[0], tuple(units[1:4])),
        by_field=tuple(
            FieldSuggestion(
                (f"Lĩnh vực {f}",),
                Suggestion(
                    SOLUTION,
                    units[(f - 1) * 4 % UNITS],
                    tuple(units[((f - 1) * 4 + k) % UNITS] for k in (1, 2, 3)),
                ),
            )
            for f in range(1, FIELDS + 1)
        ),
    )


def main() -> None:
    card = scorecard()
    start = time.perf_counter()
    plan = draft(analyse(card), library(), 2024, header=Header(card.unit, place="Thử Nghiệm"))
    drafted = time.perf_counter() - start
    start = time.perf_counter()
    document = plan_document.write(plan)
    written = time.perf_counter() - start
    start = time.perf_counter()
    by_field = plan_document.write(revise(plan, shape=Shape.BY_FIELD))
    written_by_field = time.perf_counter() - start
    print(f"plan: {len(plan.items)} lost items, {len(plan.leads)} units named")
    print(f"draft from the gap analysis      {drafted * 1000:8.1f} ms")
    print(f"write the .docx                  {written * 1000:8.1f} ms ({len(document) // 1024} KB)")
    print(
        f"write it per field (by_field)    {written_by_field * 1000:8.1f} ms "
        f"({len(by_field) // 1024} KB)"
    )
    try:
        start = time.perf_counter()
        pdf = to_pdf(document)
        print(
            f"PDF through LibreOffice          {(time.perf_counter() - start):8.2f} s "
            f"({len(pdf) // 1024} KB)"
        )
    except PdfUnavailable:
        print("PDF: LibreOffice is not installed")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak:.0f} MB")


if __name__ == "__main__":
    main()
