"""The remediation plan as Word: opened again with python-docx, it has the state format's
parts (header with the motto, the document type and title, numbered sections, the lost
items and the tasks as tables, recipients and signature) and the gap analysis's numbers;
LibreOffice turns it into PDF."""

import re
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from docx import Document

from parindex.core.gaps import analyse
from parindex.core.plan import Plan, draft
from parindex.core.solutions import SolutionLibrary, Suggestion
from parindex.io import plan_document, results_workbook
from parindex.io.pdf import soffice, to_pdf

SCORECARDS = Path(__file__).resolve().parent.parent / "data" / "results"
LIBRARY = SolutionLibrary(
    fallback=Suggestion(
        "Rà soát nguyên nhân bị trừ điểm và bổ sung tài liệu kiểm chứng.",
        "Văn phòng HĐND và UBND",
        ("Phòng Văn hóa - Xã hội",),
    )
)
HEADER = plan_document.Header(issuing_body="Xã Yên Thủy", place="Yên Thủy")


def _plan() -> Plan:
    data = (SCORECARDS / "B_scorecards_one_sheet_per_unit.xlsx").read_bytes()
    [card] = [c for c in results_workbook.read(data, "B.xlsx") if c.unit == "Xã Yên Thủy"]
    return draft(analyse(card), LIBRARY, 2024)


def _texts(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    document = Document(BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    return paragraphs, tables


def test_the_plan_has_the_state_formats_parts_in_order() -> None:
    data = plan_document.write(_plan(), HEADER)
    document = Document(BytesIO(data))
    section = document.sections[0]
    # Word keeps twentieths of a point: a millimetre is not a whole number of them.
    assert section.page_width is not None
    assert section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.left_margin is not None
    assert section.right_margin is not None
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    assert section.different_first_page_header_footer  # no page number on the first page
    assert document.styles["Normal"].font.name == "Times New Roman"
    paragraphs, tables = _texts(data)
    header = tables[0][0]
    assert header[0].split("\n")[:2] == ["ỦY BAN NHÂN DÂN", "XÃ YÊN THỦY"]
    assert "Số: …/KH-UBND" in header[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc" in header[1]
    assert "Yên Thủy, ngày … tháng … năm …" in header[1]
    order = [
        "KẾ HOẠCH",
        "Khắc phục tồn tại, hạn chế và nâng cao Chỉ số cải cách hành chính của Xã Yên Thủy "
        "năm 2025",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. KẾT QUẢ NĂM 2024 VÀ NHỮNG NỘI DUNG BỊ TRỪ ĐIỂM",
        "III. NHIỆM VỤ, GIẢI PHÁP",
        "IV. TỔ CHỨC THỰC HIỆN",
    ]
    positions = [paragraphs.index(text) for text in order]
    assert positions == sorted(positions)
    signature = tables[-1][0]
    assert signature[0].startswith("Nơi nhận:")
    assert signature[1].startswith("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")


def test_the_tables_carry_the_gap_analysis_numbers() -> None:
    plan = _plan()
    paragraphs, tables = _texts(plan_document.write(plan, HEADER))
    assert "Năm 2024, đơn vị đạt 89,75/100 điểm (bị trừ 10,25 điểm)." in paragraphs
    losses, tasks = tables[1], tables[2]
    items = [row for row in losses[1:] if row[0].isdigit()]
    assert [row[1] for row in items] == ["1.1.1", "3.2", "3.3.1", "5.3", "6.3.1", "7.4.1", "8.2"]
    assert losses[-1][2:6] == ["Tổng", "100", "89,75", "10,25"]
    lost = sum(Decimal(row[5].replace(",", ".")) for row in items)
    assert lost == plan.lost == Decimal("10.25")
    assert [row[0] for row in tasks[1:]] == [str(n) for n in range(1, 8)]
    recovered = sum(Decimal(row[6].replace(",", ".")) for row in tasks[1:])
    assert recovered == plan.recoverable == Decimal("10.25")
    assert all(row[3] == "Văn phòng HĐND và UBND" for row in tasks[1:])
    assert "Tỷ lệ đạt dưới yêu cầu" in losses[2][6]  # the appraisers' reason, as written


def test_the_plan_reads_in_english() -> None:
    paragraphs, tables = _texts(plan_document.write(_plan(), HEADER, "en"))
    assert "PLAN" in paragraphs
    assert "III. TASKS AND SOLUTIONS" in paragraphs
    assert "SOCIALIST REPUBLIC OF VIETNAM" in tables[0][0][1]
    assert "In 2024 the unit achieved 89.75 of 100 points (10.25 points lost)." in paragraphs


def test_libreoffice_turns_the_plan_into_pdf() -> None:
    assert soffice() is not None, "make test installs LibreOffice Writer (system-test-deps)"
    pdf = to_pdf(plan_document.write(_plan(), HEADER))
    assert pdf.startswith(b"%PDF-")
    pages = re.findall(rb"/Type\s*/Page(?!s)", pdf)
    assert len(pages) >= 3  # the lost items and the tasks take more than a page
