"""`parindex plan`: the draft remediation plan as Word (and PDF) from a results workbook,
headless, for the unit asked for; refusals say why and write nothing."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from parindex.cli import plan as command

DATA = Path(__file__).resolve().parents[1] / "data" / "results"
CARDS = DATA / "B_scorecards_one_sheet_per_unit.xlsx"
CSV = DATA / "C_scorecard_semicolon.csv"


def run(*argv: str) -> tuple[int, str]:
    err = io.StringIO()
    status = command.main(list(argv), err)
    return status, err.getvalue()


def test_a_units_plan_from_its_scorecard(tmp_path: Path) -> None:
    out = tmp_path / "ke-hoach.docx"
    status, err = run(str(CARDS), "--unit", "yen thuy", "--out", str(out))
    assert (status, err) == (0, f"Đã ghi: {out}\n")
    document = Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert "KẾ HOẠCH" in texts
    assert "Năm 2024, đơn vị đạt 89,75/100 điểm (bị trừ 10,25 điểm)." in texts
    header = document.tables[0].rows[0].cells
    assert "Yên Thủy, ngày … tháng … năm …" in header[1].text
    tasks = document.tables[2]
    assert len(tasks.rows) == 1 + 7  # the header row and the seven lost items
    leads = {row.cells[3].text for row in tasks.rows[1:]}
    assert "Trung tâm Phục vụ hành chính công" in leads  # the library's lead for procedures


def test_the_pdf_is_written_beside_it(tmp_path: Path) -> None:
    out = tmp_path / "plan.docx"
    status, err = run(str(CSV), "--out", str(out), "--pdf", "--lang", "en", "--place", "Yên Thủy")
    assert status == 0, err
    assert err.splitlines() == [f"Written: {out}", f"Written: {out.with_suffix('.pdf')}"]
    assert out.with_suffix(".pdf").read_bytes().startswith(b"%PDF-")
    assert "PLAN" in [p.text for p in Document(str(out)).paragraphs]


def test_an_unknown_unit_or_a_missing_output_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "x.docx"
    status, err = run(str(CARDS), "--unit", "Xã Không Có", "--out", str(out))
    assert status == 1
    assert "Xã Không Có" in err
    assert "Xã Phúc Lâm, Xã Yên Thủy, Phường Bắc Sơn" in err  # what the file does hold
    assert not out.exists()
    done = subprocess.run(
        [str(Path(sys.executable).parent / "parindex"), "plan", str(CARDS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "--out" in done.stderr


def test_a_file_without_its_year_needs_one(tmp_path: Path) -> None:
    undated = tmp_path / "yt.csv"
    undated.write_bytes(CSV.read_bytes().replace(" năm 2024".encode(), b""))
    out = tmp_path / "plan.docx"
    status, err = run(str(undated), "--out", str(out))
    assert (status, err) == (2, "Tệp kết quả không ghi năm: hãy thêm --year, ví dụ --year 2024.\n")
    assert not out.exists()
    assert run(str(undated), "--out", str(out), "--year", "2024")[0] == 0
    title = [p.text for p in Document(str(out)).paragraphs if p.text.startswith("Khắc phục")]
    assert title == [
        "Khắc phục tồn tại, hạn chế và nâng cao Chỉ số cải cách hành chính của Xã Yên Thủy năm 2025"
    ]


def test_the_command_runs_without_django(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from parindex.cli import plan\n"
        f"status = plan.main([{str(CARDS)!r}, '--unit', 'phuc lam', '--out', 'p.docx'])\n"
        "print('django' in sys.modules, status)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
    )
    assert done.stdout.splitlines()[-1] == "False 0"
    assert (tmp_path / "p.docx").exists()


def _template(path: Path) -> Path:
    document = Document()
    document.sections[0].header.paragraphs[0].text = "SỞ NỘI VỤ TỈNH X — LETTERHEAD"
    document.add_paragraph("DELETE ME")
    document.save(str(path))
    return path


def test_the_plan_is_written_into_a_template(tmp_path: Path) -> None:
    template = _template(tmp_path / "mau.docx")
    out = tmp_path / "plan.docx"
    status, err = run(
        str(CARDS), "--unit", "yen thuy", "--out", str(out), "--template", str(template)
    )
    assert (status, err) == (0, f"Đã ghi: {out}\n")
    document = Document(str(out))
    assert document.sections[0].header.paragraphs[0].text == "SỞ NỘI VỤ TỈNH X — LETTERHEAD"
    texts = [p.text for p in document.paragraphs]
    assert "KẾ HOẠCH" in texts
    assert "DELETE ME" not in texts


def test_a_template_that_cannot_be_read_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "mau.docx"
    broken.write_bytes(b"not a word file")
    out = tmp_path / "plan.docx"
    status, err = run(
        str(CARDS), "--unit", "yen thuy", "--out", str(out), "--template", str(broken)
    )
    assert (status, err) == (
        1,
        "tệp mau.docx: đây không phải là văn bản Word (.docx) mở được: hãy mở tệp bằng Word "
        "và lưu lại dưới dạng .docx\n",
    )
    assert not out.exists()
    status, err = run(
        str(CARDS), "--unit", "yen thuy", "--out", str(out), "--template", str(tmp_path / "no.docx")
    )
    assert status == 1
    assert "no.docx" in err
    assert not out.exists()


def test_the_per_field_shape(tmp_path: Path) -> None:
    out = tmp_path / "plan.docx"
    argv = [str(CARDS), "--unit", "yen thuy", "--out", str(out), "--lang", "en"]
    status, err = run(*argv, "--shape", "by_field")
    assert status == 0, err
    document = Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert "b) Still outstanding:" in texts
    assert "c) Solutions:" in texts
    assert len(document.tables) == 3  # header, losses, signature: no task table
    assert run(*argv)[0] == 0
    assert len(Document(str(out)).tables) == 4  # by item, the default: the task table
    with pytest.raises(SystemExit) as wrong:
        run(*argv, "--shape", "by_unit")
    assert wrong.value.code == 2
