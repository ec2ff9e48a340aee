"""`parindex gaps`: the report from a results workbook, headless, for the unit asked for."""

import io
import json
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from parindex.cli import gaps as command

DATA = Path(__file__).resolve().parents[1] / "data" / "results"
ANNEX = DATA / "A_decision_annex_fields_all_units.xlsx"
CARDS = DATA / "B_scorecards_one_sheet_per_unit.xlsx"
CSV = DATA / "C_scorecard_semicolon.csv"
FACTS = json.loads((DATA / "facts.json").read_text("utf-8"))


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = command.main(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def test_a_unit_of_an_annex_by_its_name_typed_loosely() -> None:
    status, out, err = run(str(ANNEX), "--unit", "ubnd xa tan hoa")
    assert (status, err) == (0, "")
    # The annex writes the fields' maxima with two places: "(17,00đ)".
    assert "Xã Tân Hòa: đạt 93,92/100,00 điểm, bị trừ 6,08 điểm." in out
    assert "Xếp thứ 1 trong khối Xã." in out


def test_the_same_unit_in_two_shapes_gives_the_same_losses() -> None:
    status, shown, _err = run(str(CARDS), "--unit", "Yên Thủy", "--format", "json")
    assert status == 0
    from_cards = json.loads(shown)
    status, shown, _err = run(str(CSV), "--format", "json")  # one unit: no --unit needed
    assert status == 0
    from_csv = json.loads(shown)

    def losses(report: dict[str, object]) -> dict[str, str]:
        fields = report["fields"]
        assert isinstance(fields, list)
        return {loss["code"]: loss["lost"] for field in fields for loss in field["losses"]}

    assert losses(from_cards) == losses(from_csv)
    fact = next(unit for unit in FACTS["units"].values() if unit["name"] == "Xã Yên Thủy")
    assert {code: Decimal(lost) for code, lost in losses(from_csv).items()} == {
        code: Decimal(value) for code, value in fact["lost_leaves"].items()
    }
    assert from_cards["format"] == "parindex-gaps/1"
    assert from_cards["unit"] == "Xã Yên Thủy"


def test_several_units_need_a_name_and_a_wrong_name_is_said() -> None:
    status, out, err = run(str(CARDS))
    assert (status, out) == (1, "")
    assert "tệp có nhiều đơn vị (Xã Phúc Lâm, Xã Yên Thủy, Phường Bắc Sơn)" in err
    status, _out, err = run(str(CARDS), "--unit", "Hòa Bình", "--lang", "en")
    assert status == 1
    assert "there is no unit “Hòa Bình” in the workbook" in err


def test_a_missing_file_and_an_unwritable_output(tmp_path: Path) -> None:
    status, _out, err = run(str(tmp_path / "khong-co.xlsx"))
    assert status == 1
    assert "không đọc được" in err
    status, _out, err = run(str(CSV), "--out", str(tmp_path / "no" / "such" / "dir.txt"))
    assert status == 1
    assert "Không ghi được" in err
    status, _out, err = run(str(CSV), "--out", str(tmp_path / "bao-cao.txt"))
    assert status == 0
    assert (tmp_path / "bao-cao.txt").read_text("utf-8").startswith("II. TỒN TẠI")


def test_a_workbook_to_forward(tmp_path: Path) -> None:
    out = tmp_path / "phuc-lam.xlsx"
    status, _out, err = run(str(CARDS), "--unit", "Phúc Lâm", "--format", "xlsx", "--out", str(out))
    assert status == 0
    assert "Đã ghi" in err
    book = load_workbook(out)
    assert book.sheetnames == ["Điểm bị trừ", "Đối chiếu số liệu"]
    sheet = book["Điểm bị trừ"]
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    assert rows[1][0] == "Xã Phúc Lâm: đạt 92,35/100 điểm, bị trừ 7,65 điểm."
    assert rows[3][:6] == ("Lĩnh vực", "Mã", "Nội dung", "Điểm tối đa", "Điểm đạt", "Điểm bị trừ")
    fact = next(unit for unit in FACTS["units"].values() if unit["name"] == "Xã Phúc Lâm")
    losses = {row[1]: Decimal(str(row[5])) for row in rows[4:-1]}
    assert losses == {code: Decimal(value) for code, value in fact["lost_leaves"].items()}
    assert Decimal(str(rows[-1][5])) == Decimal(fact["lost_total"])
    assert book["Đối chiếu số liệu"]["A1"].value == "Số liệu khớp."


def test_a_workbook_needs_a_file_to_go_to() -> None:
    status, out, err = run(str(CSV), "--format", "xlsx")
    assert (status, out) == (2, "")
    assert "hãy thêm --out" in err
