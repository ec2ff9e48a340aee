"""The remediation plan as Word: opened again with python-docx, it has the state format's
parts (header with the motto, the document type and title, numbered sections, the lost
items and the tasks as tables, recipients and signature) and the gap analysis's numbers;
the header facts a person gives replace the dotted defaults; targets, quarterly reports and
the per-field shape are written; a province's template keeps its letterhead; LibreOffice
turns it into PDF."""

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm

from parindex.core.gaps import analyse
from parindex.core.plan import (
    Header,
    ItemEdit,
    ItemStatus,
    Plan,
    Report,
    Shape,
    Target,
    draft,
    revise,
)
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
HEADER = Header(issuing_body="Xã Yên Thủy", place="Yên Thủy")
FACTS = Header(
    issuing_body="Xã Yên Thủy",
    superior_body="UBND tỉnh Hòa Lâm",
    place="Yên Thủy",
    number="34",
    issued_on=date(2025, 3, 5),
    title="Khắc phục hạn chế trong Chỉ số CCHC năm 2024",
    bases=("Căn cứ Quyết định số 173/QĐ-UBND ngày 08/02/2025 của UBND tỉnh;",),
    purposes=("Nâng Chỉ số CCHC của xã lên trên 90 điểm.",),
    recipients=("UBND tỉnh;", "- Lưu: VT."),
    signer_title="KT. CHỦ TỊCH\nPhó Chủ tịch",
    signer="Nguyễn Văn An",
)
TARGETS = (
    Target(1, "Tỷ lệ hài lòng của người dân trên 80%", "Văn phòng HĐND và UBND", "8.2"),
    Target(2, "100% thủ tục hành chính được công khai", "Bộ phận một cửa"),
)


def _plan(header: Header = HEADER) -> Plan:
    data = (SCORECARDS / "B_scorecards_one_sheet_per_unit.xlsx").read_bytes()
    [card] = [c for c in results_workbook.read(data, "B.xlsx") if c.unit == "Xã Yên Thủy"]
    return draft(analyse(card), LIBRARY, 2024, header=header)


def _texts(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    document = Document(BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    return paragraphs, tables


def _fixed(plan: Plan, code: str) -> Plan:
    """The plan with the item `code` already fixed."""
    [item] = [item for item in plan.items if item.loss.code == code]
    done = ItemEdit(
        "Đã ban hành kế hoạch đúng hạn",
        item.lead,
        item.coordinating,
        item.deadline,
        item.expected_points,
        ItemStatus.DONE,
    )
    return revise(plan, items={code: done})


def test_the_plan_has_the_state_formats_parts_in_order() -> None:
    data = plan_document.write(_plan())
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
    assert any(text.startswith("Căn cứ Quyết định số …") for text in paragraphs)
    signature = tables[-1][0]
    assert signature[0].startswith("Nơi nhận:\n- Như mục IV;")
    assert signature[1].startswith("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")
    assert signature[1].endswith("…")  # the signer, to fill in


def test_the_tables_carry_the_gap_analysis_numbers() -> None:
    plan = _plan()
    paragraphs, tables = _texts(plan_document.write(plan))
    assert "Năm 2024, đơn vị đạt 89,75/100 điểm (bị trừ 10,25 điểm)." in paragraphs
    assert len(tables) == 4  # header, losses, tasks, signature: no targets table
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
    paragraphs, tables = _texts(plan_document.write(_plan(), "en"))
    assert "PLAN" in paragraphs
    assert "III. TASKS AND SOLUTIONS" in paragraphs
    assert "SOCIALIST REPUBLIC OF VIETNAM" in tables[0][0][1]
    assert "Yên Thủy, … … …" in tables[0][0][1]
    assert "In 2024 the unit achieved 89.75 of 100 points (10.25 points lost)." in paragraphs


def test_the_header_facts_replace_the_dotted_defaults() -> None:
    paragraphs, tables = _texts(plan_document.write(_plan(FACTS)))
    left, right = tables[0][0]
    assert left.split("\n")[:2] == ["UBND TỈNH HÒA LÂM", "XÃ YÊN THỦY"]
    assert "Số: 34/KH-UBND" in left
    assert "Yên Thủy, ngày 05 tháng 3 năm 2025" in right
    assert "Khắc phục hạn chế trong Chỉ số CCHC năm 2024" in paragraphs
    assert "Căn cứ Quyết định số 173/QĐ-UBND ngày 08/02/2025 của UBND tỉnh;" in paragraphs
    assert not any(text.startswith("Căn cứ Kế hoạch") for text in paragraphs)  # the default's
    assert "- Nâng Chỉ số CCHC của xã lên trên 90 điểm." in paragraphs
    recipients, signature = tables[-1][0]
    assert recipients.split("\n") == ["Nơi nhận:", "- UBND tỉnh;", "- Lưu: VT."]
    lines = signature.split("\n")
    assert lines[:2] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert lines[-1] == "Nguyễn Văn An"
    assert "TM. ỦY BAN NHÂN DÂN" not in signature


def test_a_number_with_its_own_symbol_and_an_english_date() -> None:
    facts = replace(FACTS, number="12/KH-SNV", issued_on=date(2026, 1, 9))
    _paragraphs, tables = _texts(plan_document.write(_plan(facts), "en"))
    left, right = tables[0][0]
    assert "No.: 12/KH-SNV" in left
    assert "KH-UBND" not in left
    assert "Yên Thủy, 09/01/2026" in right
    _paragraphs, tables = _texts(plan_document.write(_plan(facts)))
    assert "Yên Thủy, ngày 09 tháng 01 năm 2026" in tables[0][0][1]  # Decree 30: month 01


def test_targets_come_before_the_tasks_as_a_table() -> None:
    plan = revise(_plan(), targets=TARGETS)
    paragraphs, tables = _texts(plan_document.write(plan, "en"))
    assert len(tables) == 5
    targets = tables[2]
    assert targets[0] == ["No.", "Target", "Lead", "Code"]
    assert targets[1:] == [
        ["1", "Tỷ lệ hài lòng của người dân trên 80%", "Văn phòng HĐND và UBND", "8.2"],
        ["2", "100% thủ tục hành chính được công khai", "Bộ phận một cửa", ""],
    ]
    order = ["III. TASKS AND SOLUTIONS", "1. Targets", "2. Tasks and solutions"]
    positions = [paragraphs.index(text) for text in order]
    assert positions == sorted(positions)
    assert tables[3][0][2] == "Solution"  # the tasks follow the targets


def test_every_report_is_named_quarterly_ones_too() -> None:
    reports = (
        Report("quarter", date(2025, 3, 31)),
        Report("quarter", date(2025, 9, 30)),
        Report("year", date(2025, 11, 15)),
    )
    paragraphs, _tables = _texts(plan_document.write(revise(_plan(), reports=reports), "en"))
    [line] = [text for text in paragraphs if text.startswith("2. Reports:")]
    assert line == (
        "2. Reports: the lead units send a quarterly report, before 31/03/2025; a quarterly "
        "report, before 30/09/2025; the year's report, before 15/11/2025 to the Office of "
        "the People's Council and People's Committee."
    )


def test_a_fixed_item_is_marked_in_the_task_table() -> None:
    _paragraphs, tables = _texts(plan_document.write(_fixed(_plan(), "1.1.1"), "en"))
    criteria = {row[1].split(" ")[0]: row[1] for row in tables[2][1:]}
    assert criteria["1.1.1"].endswith(" (fixed)")
    assert "fixed" not in criteria["3.2"]


def test_the_per_field_shape_says_what_is_fixed_outstanding_and_how() -> None:
    plan = revise(_fixed(_plan(), "1.1.1"), shape=Shape.BY_FIELD)
    paragraphs, tables = _texts(plan_document.write(plan, "en"))
    assert len(tables) == 3  # header, losses, signature: no task table
    start = paragraphs.index("Field 1: CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH")
    end = paragraphs.index("Field 3: CẢI CÁCH THỦ TỤC HÀNH CHÍNH")
    assert paragraphs[start + 1 : end] == [
        "a) Already fixed:",
        "- 1.1.1 Ban hành kế hoạch đúng thời hạn: Đã ban hành kế hoạch đúng hạn.",
        "b) Still outstanding: none.",  # nothing left, so no solutions either
    ]
    field_3 = paragraphs[end + 1 : paragraphs.index("Field 5: " + plan.fields[4].gaps.title)]
    assert field_3[0] == "a) Already fixed: none."
    assert field_3[1] == "b) Still outstanding:"
    assert field_3[2].startswith("- 3.2 Rà soát, đơn giản hóa thủ tục hành chính (2.25/3 points")
    assert field_3[4] == "c) Solutions:"
    assert field_3[5] == (
        "- 3.2: Rà soát nguyên nhân bị trừ điểm và bổ sung tài liệu kiểm chứng. Lead: Văn "
        "phòng HĐND và UBND; coordinating: Phòng Văn hóa - Xã hội; deadline: 30/09/2025; "
        "points to win back: 0.75."
    )
    outstanding = [text for text in paragraphs if text.startswith("- 1.1.1 ")]
    assert len(outstanding) == 1  # under a) only


def _template() -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width = Mm(210)
    section.left_margin, section.right_margin = Mm(35), Mm(20)
    section.header.paragraphs[0].text = "SỞ NỘI VỤ TỈNH X — LETTERHEAD"
    document.add_paragraph("DELETE ME")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "DELETE ME TOO"
    data = BytesIO()
    document.save(data)
    return data.getvalue()


def test_a_template_keeps_its_letterhead_and_page_and_loses_its_body() -> None:
    data = plan_document.write(_plan(FACTS), "vi", _template())
    document = Document(BytesIO(data))
    section = document.sections[0]
    assert [p.text for p in section.header.paragraphs] == ["SỞ NỘI VỤ TỈNH X — LETTERHEAD"]
    assert section.left_margin is not None
    assert round(section.left_margin.mm) == 35  # the template's, not the plan's 30
    paragraphs, tables = _texts(data)
    assert "DELETE ME" not in paragraphs
    assert not any("DELETE ME" in cell for table in tables for row in table for cell in row)
    assert "KẾ HOẠCH" in paragraphs
    assert "Số: 34/KH-UBND" in tables[0][0][0]
    # The tables fit the template's narrower text width: 210 - 35 - 20 mm.
    widths = [column.width for column in document.tables[1].columns]
    assert round(sum(width.mm for width in widths if width is not None)) == 155


@pytest.mark.parametrize("template", [b"", b"not a word file", b"PK\x03\x04broken"])
def test_a_template_that_is_not_a_word_document_is_refused(template: bytes) -> None:
    with pytest.raises(plan_document.TemplateRefused) as refused:
        plan_document.write(_plan(), "vi", template, template_name="mau.docx")
    assert refused.value.message.key == "plan_template_unreadable"
    assert refused.value.message.params == {"file": "mau.docx"}


def test_a_workbook_is_not_a_template() -> None:
    workbook = (SCORECARDS / "B_scorecards_one_sheet_per_unit.xlsx").read_bytes()
    with pytest.raises(plan_document.TemplateRefused):
        plan_document.write(_plan(), "vi", workbook)


def test_a_template_is_checked_when_it_is_chosen() -> None:
    plan_document.check_template(_template(), "mau.docx")  # a Word document: no refusal
    with pytest.raises(plan_document.TemplateRefused) as refused:
        plan_document.check_template(b"%PDF-1.7", "mau.pdf")
    assert refused.value.message.params == {"file": "mau.pdf"}


def test_libreoffice_turns_the_plan_into_pdf() -> None:
    assert soffice() is not None, "make test installs LibreOffice Writer (system-test-deps)"
    pdf = to_pdf(plan_document.write(_plan()))
    assert pdf.startswith(b"%PDF-")
    pages = re.findall(rb"/Type\s*/Page(?!s)", pdf)
    assert len(pages) >= 3  # the lost items and the tasks take more than a page
