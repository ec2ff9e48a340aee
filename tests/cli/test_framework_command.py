"""`parindex framework check|show|export|schema`: headless, in both languages, and plain
about what is wrong with a file or with the command itself."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from parindex.cli import framework as command
from parindex.frameworks import builtin
from parindex.io import framework_file

PARINDEX = Path(sys.executable).parent / "parindex"
BAD = """\
format: parindex-framework/1
id: xau
title: Bộ tiêu chí lỗi
level: commune
years: [2025]
nodes:
  - id: f1
    code: "1"
    title: Lĩnh vực một
    max: 3
    children:
      - {id: a, code: "1.1", title: Một, max: 2, rule: {type: manual, step: 4}}
      - {id: b, code: "1.2", title: Hai, max: 2, rule: {type: met}}
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        status = command.main(list(argv), out, err)
    except SystemExit as exit_:  # argparse's refusals
        status = int(exit_.code or 0)
    return status, out.getvalue(), err.getvalue()


def test_check_a_complete_builtin() -> None:
    status, out, _err = run("check", "commune-example")
    assert status == 0
    assert "đầy đủ, 96 mục, 64 mục chấm điểm, tổng 100 điểm" in out
    assert "không phải bộ tiêu chí chính thức" in out


def test_check_a_skeleton_says_what_is_unknown() -> None:
    status, out, _err = run("check", "province-2017-2948", "--lang", "en")
    assert status == 0
    assert "a skeleton (8 nodes); still unknown: 1, 2, 3, 4, 5, 6, 7, 8" in out
    status, out, _err = run("check", "province-2022-876", "--lang", "en")
    assert "no criteria yet (the decision announces 8 fields, 37 criteria, 88 sub-criteria)" in out


def test_a_bad_file_is_refused_naming_node_and_line(tmp_path: Path) -> None:
    path = tmp_path / "xau.yaml"
    path.write_text(BAD, encoding="utf-8")
    status, out, err = run("check", str(path))
    assert status == 1
    assert out == ""
    assert err.splitlines() == [
        "tệp xau.yaml, dòng 10, tiêu chí 1: các mục con cộng lại 4 điểm, lớn hơn điểm tối đa 3",
        "tệp xau.yaml, dòng 12, tiêu chí 1.1: quy tắc cho hoặc trừ 4 điểm, lớn hơn điểm tối đa 2 "
        "của tiêu chí",
    ]


def test_a_missing_file_names_the_builtins() -> None:
    status, _out, err = run("show", "khong-co.yaml")
    assert status == 1
    assert "không có tệp này" in err
    assert "commune-example" in err


def test_show_gives_the_tree_with_rules_in_words() -> None:
    status, out, _err = run("show", "commune-example")
    assert status == 0
    lines = out.splitlines()
    assert any(line.startswith("1  Công tác chỉ đạo") and "[12 điểm]" in line for line in lines)
    assert any("→ Trừ 0,25 điểm cho mỗi" in line for line in lines)


def test_export_to_excel_and_yaml_round_trips(tmp_path: Path) -> None:
    xlsx, yaml = tmp_path / "khung.xlsx", tmp_path / "khung.yaml"
    status, _out, err = run("export", "commune-example", "--xlsx", str(xlsx), "--yaml", str(yaml))
    assert status == 0
    assert "Đã ghi" in err
    assert load_workbook(xlsx).sheetnames[:2] == ["Bộ tiêu chí", "Tiêu chí"]
    original = builtin.load("commune-example")
    assert framework_file.load(yaml.read_bytes(), "khung.yaml") == original
    status, out, _err = run("export", str(xlsx))  # an Excel file in, YAML out
    assert status == 0
    assert framework_file.load(out, "x.yaml") == original


def test_schema_is_json() -> None:
    status, out, _err = run("schema")
    assert status == 0
    assert json.loads(out)["title"] == "parindex framework file"


@pytest.mark.parametrize(
    ("argv", "vi", "en"),
    [
        (["check"], "thiếu các tham số bắt buộc: FILE", "the following arguments are required"),
        (["frobnicate"], "lựa chọn không hợp lệ", "invalid choice"),
        (["check", "x.yaml", "--bogus"], "không hiểu các tham số: --bogus", "unrecognized"),
    ],
)
def test_a_command_written_wrongly_is_explained(argv: list[str], vi: str, en: str) -> None:
    """Parsing runs in a child process: it sets the process's gettext language."""
    for lang, expected in (("vi", vi), ("en", en)):
        done = subprocess.run(
            [PARINDEX, "framework", *argv, "--lang", lang],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 2
        assert expected in done.stderr, done.stderr


def test_the_command_runs_without_django(tmp_path: Path) -> None:
    """Headless: the framework commands need no settings, database or Django import."""
    probe = (
        "import sys\n"
        "from parindex.cli import framework\n"
        "status = framework.main(['check', 'commune-example'])\n"
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
