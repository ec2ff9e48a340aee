"""Frameworks as an .xlsx workbook a coordinator reads and edits in Excel, written and read.

Two sheets carry the framework: "Bộ tiêu chí" (Framework) holds the framework's own fields
as label/value rows and, below them, a small table of grade bands; "Tiêu chí" (Nodes) holds
one row per node in pre-order, its depth (1 = a field) saying where it sits in the tree.
A guide sheet explains every row and column in Vietnamese and English. Rule parameters
and input labels are compact YAML flow text in one cell each (`{step: 0.25}`), read with
the framework file's loader, so decimals stay exact.

Reading follows the framework file (parindex.io.framework_file): the rows become the
file's plain mapping, validated by its pydantic model, turned into a `Framework` and
checked by `core.framework.check`. It is all-or-nothing: any problem raises `FileRefused`
with every problem found, each placed at its sheet, row and column (and node code).
Headers are matched case- and diacritic-insensitively, in Vietnamese or English, in any
order; "STT" columns and blank rows are skipped. Numbers are Decimal end to end: a cell
holding a binary float is read through its shortest repr, text may use "," or "." as
decimal mark. No Django here.
"""

import re
import warnings
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from parindex.core.framework import Framework, Node, located_problems
from parindex.core.messages import Message
from parindex.core.text import fold
from parindex.io import xlsx
from parindex.io.framework_file import (
    FILE_FIELD,
    FORMAT,
    FrameworkModel,
    YamlRefused,
    field_path,
    flow,
    from_model,
    read_yaml,
)
from parindex.io.org_workbook import (
    COLUMN_MISSING,
    COLUMN_TWICE,
    COLUMN_UNKNOWN,
    EMPTY,
    GUIDE_EN,
    GUIDE_VI,
    SHEET_TWICE,
    TOO_MANY_ROWS,
    UNREADABLE,
    VALUE_CHOICE,
    VALUE_REQUIRED,
    Choices,
    Column,
)
from parindex.io.problems import FileRefused, Place, Problem

# A national framework has a few hundred nodes; more rows than this is not a framework.
MAX_ROWS = 10_000
MAX_COLUMNS = 40  # the template has 13; people add a few of their own
MAX_UNPACKED = 100_000_000  # bytes once unzipped: a real framework workbook holds under 1 MB

# Message keys (parameters in brackets). Besides these, reading reuses the workbook keys of
# parindex.io.org_workbook (EMPTY, UNREADABLE, SHEET_TWICE, TOO_MANY_ROWS, COLUMN_MISSING,
# COLUMN_UNKNOWN, COLUMN_TWICE, VALUE_REQUIRED, VALUE_CHOICE), the framework file's
# FILE_FIELD and FILE_DUPLICATE_KEY, and every key `core.framework.check` says.
SHEET_MISSING = "framework_workbook_sheet_missing"  # (vi, en): the sheet's two names
KEY_MISSING = "framework_workbook_key_missing"  # (vi, en): a required row of the framework
KEY_UNKNOWN = "framework_workbook_key_unknown"  # (key, expected)
KEY_TWICE = "framework_workbook_key_twice"  # (row): the row it was first given on
VALUE_NUMBER = "framework_workbook_value_number"  # (value)
VALUE_WHOLE = "framework_workbook_value_whole"  # (value): not a whole number ≥ 0
VALUE_BOOL = "framework_workbook_value_bool"  # (value, allowed)
VALUE_WEIGHTS = "framework_workbook_value_weights"  # (value): not "name: number; …"
VALUE_CODE_MAP = "framework_workbook_value_code_map"  # (value): not "old > new; …"
VALUE_NOT_MAPPING = "framework_workbook_value_not_mapping"  # (value): not {name: value, …}
PARAM_RESERVED = "framework_workbook_param_reserved"  # (param): type or labels in parameters
DEPTH_BAD = "framework_workbook_depth"  # (value): not a whole number ≥ 1
TOO_LARGE = "framework_workbook_too_large"  # (most): bytes once unzipped
DEPTH_JUMP = "framework_workbook_depth_jump"  # (depth, previous): deeper by more than one

FRAMEWORK_VI, FRAMEWORK_EN = "Bộ tiêu chí", "Framework"
NODES_VI, NODES_EN = "Tiêu chí", "Nodes"
_FRAMEWORK_ALSO = ("bộ chỉ số", "framework", "thông tin chung")
_NODES_ALSO = ("các tiêu chí", "criteria", "nodes", "cây tiêu chí")
# Columns people add to their own tables and that carry nothing to import.
_IGNORED_HEADERS = frozenset({"stt", "tt", "so thu tu", "no", "no.", "#"})

FIELD_COLUMNS: tuple[Column, ...] = (
    Column("field", "Thông tin", "Field", required=True, also=("mục", "trường", "key")),
    Column("value", "Giá trị", "Value", required=True),
    Column("explanation", "Giải thích", "Explanation", also=("ghi chú", "hướng dẫn")),
)

BAND_COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        "Xếp loại",
        "Band",
        required=True,
        also=("tên xếp loại", "mức xếp loại", "name", "bands"),
        guide_vi="tên mức xếp loại, ví dụ Tốt, Khá; mỗi dòng một mức",
        guide_en="the band's name, e.g. Good; one band per row",
    ),
    Column(
        "at_least",
        "Từ (%)",
        "At least (%)",
        required=True,
        also=("từ", "at least", "at_least"),
        guide_vi="bắt buộc; chỉ số (%) từ mức này trở lên",
        guide_en="required; the index (%) from which the band holds",
    ),
    Column(
        "below",
        "Dưới (%)",
        "Below (%)",
        also=("dưới", "below"),
        guide_vi="chỉ số (%) dưới mức này; để trống cho mức cao nhất",
        guide_en="the index (%) below which the band holds; empty for the top band",
    ),
)

FRAMEWORK_KEYS: tuple[Column, ...] = (
    Column(
        "id",
        "Mã bộ tiêu chí",
        "ID",
        required=True,
        codes=True,
        guide_vi="bắt buộc; mã ổn định của bộ tiêu chí, ví dụ tinh-2025",
        guide_en="required; the framework's stable identifier, e.g. province-2025",
    ),
    Column(
        "title",
        "Tên bộ tiêu chí",
        "Title",
        required=True,
        codes=True,
        guide_vi="bắt buộc",
        guide_en="required",
    ),
    Column(
        "title_en",
        "Tên tiếng Anh",
        "English title",
        codes=True,
        guide_vi="không bắt buộc",
        guide_en="optional",
    ),
    Column(
        "level",
        "Cấp áp dụng",
        "Level",
        required=True,
        codes=True,
        guide_vi="bắt buộc; ví dụ province (tỉnh), department (sở, ngành), commune (xã)",
        guide_en="required; e.g. province, department, commune",
    ),
    Column(
        "years",
        "Năm áp dụng",
        "Years",
        required=True,
        codes=True,
        guide_vi="bắt buộc; các năm, cách nhau bởi dấu phẩy: 2024, 2025",
        guide_en="required; the years, separated by commas: 2024, 2025",
    ),
    Column(
        "decision",
        "Quyết định ban hành",
        "Decision",
        codes=True,
        guide_vi="số quyết định, ví dụ 876/QĐ-BNV",
        guide_en="the decision's number, e.g. 876/QĐ-BNV",
    ),
    Column(
        "example",
        "Bộ tiêu chí ví dụ",
        "Example",
        guide_vi="có: bộ tiêu chí tự tạo để minh họa, không phải văn bản chính thức; "
        "mặc định không",
        guide_en="yes: made up to show how parindex works, not an official framework; default no",
    ),
    Column(
        "note",
        "Ghi chú",
        "Note",
        codes=True,
        guide_vi="những gì đã biết và chưa biết về bộ tiêu chí",
        guide_en="what is known and what is not",
    ),
    Column(
        "sources",
        "Nguồn",
        "Sources",
        codes=True,
        guide_vi="nơi đọc được nội dung; mỗi nguồn một dòng trong ô (Alt+Enter)",
        guide_en="where the content was read; one source per line in the cell (Alt+Enter)",
    ),
    Column(
        "expected_counts",
        "Số lượng theo quyết định",
        "Expected counts",
        codes=True,
        guide_vi="số lĩnh vực, tiêu chí, tiêu chí thành phần mà quyết định công bố, cách nhau "
        "bởi dấu phẩy; ? khi chưa biết: 8, 37, ?",
        guide_en="the number of fields, criteria and sub-criteria the decision announces, "
        "separated by commas; ? when unknown: 8, 37, ?",
    ),
    Column(
        "decimals",
        "Số chữ số thập phân",
        "Decimals",
        guide_vi="số chữ số thập phân khi làm tròn điểm, từ 0 đến 6; mặc định 2",
        guide_en="decimal places points are rounded to, 0 to 6; default 2",
    ),
    Column(
        "scale_max",
        "Thang điểm tối đa",
        "Scale max",
        guide_vi="tổng điểm tối đa của thang điểm, ví dụ 100",
        guide_en="the scale's maximum, e.g. 100",
    ),
    Column(
        "composite",
        "Cơ cấu điểm",
        "Composite",
        codes=True,
        guide_vi="các phần của điểm và trọng số, cách nhau bởi dấu chấm phẩy: "
        "appraised: 68; survey: 32",
        guide_en="the parts of the score and their weights, separated by semicolons: "
        "appraised: 68; survey: 32",
    ),
    Column(
        "index_may_exceed_max",
        "Chỉ số được vượt tối đa",
        "Index may exceed max",
        guide_vi="có: điểm thưởng có thể đưa chỉ số vượt thang điểm; mặc định không",
        guide_en="yes: bonus points may take the index above the scale; default no",
    ),
    Column(
        "follows",
        "Thay cho bộ tiêu chí",
        "Follows",
        codes=True,
        guide_vi="mã (id) của bộ tiêu chí năm trước mà bộ này thay thế, để so sánh kết quả qua "
        "các năm",
        guide_en="the id of last year's framework this one replaces, to compare results year "
        "on year",
    ),
    Column(
        "code_map",
        "Đối chiếu mã",
        "Code map",
        codes=True,
        guide_vi="mã cũ > mã mới, cách nhau bởi dấu chấm phẩy: 1.5 > 1.6; 3.1 > 3.1.1; mã "
        "không có trong bảng được hiểu là giữ nguyên",
        guide_en="old code > new code, separated by semicolons: 1.5 > 1.6; 3.1 > 3.1.1; a code "
        "not listed means the same as before",
    ),
)

NODE_COLUMNS: tuple[Column, ...] = (
    Column(
        "depth",
        "Cấp",
        "Depth",
        required=True,
        also=("độ sâu", "cấp độ", "level"),
        guide_vi="bắt buộc; 1 = lĩnh vực, 2 = tiêu chí, 3 = tiêu chí thành phần …; mỗi dòng "
        "nằm dưới dòng gần nhất phía trên có cấp nhỏ hơn một bậc",
        guide_en="required; 1 = field, 2 = criterion, 3 = sub-criterion …; each row sits "
        "under the nearest row above it one level up",
    ),
    Column(
        "id",
        "Mã định danh",
        "ID",
        required=True,
        codes=True,
        also=("định danh",),
        guide_vi="bắt buộc; mã ổn định qua các năm, không đổi khi đánh số lại",
        guide_en="required; stable across years, kept when codes are renumbered",
    ),
    Column(
        "code",
        "Mã tiêu chí",
        "Code",
        required=True,
        codes=True,
        also=("mã", "số hiệu"),
        guide_vi="bắt buộc; mã hiển thị, mã cấp trên thêm một phần: 1, 1.5, 3.1.4",
        guide_en="required; the display code, its parent's and one more part: 1, 1.5, 3.1.4",
    ),
    Column(
        "title",
        "Tên tiêu chí",
        "Title",
        required=True,
        codes=True,
        also=("tiêu chí", "nội dung", "tên"),
        guide_vi="bắt buộc",
        guide_en="required",
    ),
    Column(
        "title_en",
        "Tên tiếng Anh",
        "English title",
        codes=True,
        guide_vi="không bắt buộc",
        guide_en="optional",
    ),
    Column(
        "max",
        "Điểm tối đa",
        "Max points",
        also=("max", "điểm", "maximum"),
        guide_vi="số điểm tối đa, dấu phẩy hoặc dấu chấm thập phân (14,5); để trống khi chưa "
        "biết (không ghi 0); ở tiêu chí có tiêu chí con, để trống thì lấy tổng của các con",
        guide_en="the maximum points, with a decimal comma or point (14.5); empty when unknown "
        "(never 0); on a parent, empty means the sum of its children",
    ),
    Column(
        "scoring",
        "Cách chấm",
        "Scoring",
        codes=True,
        also=("cách tính điểm",),
        guide_vi="một trong: {choices}; để trống là tự đánh giá",
        guide_en="one of: {choices}; empty means assessed",
    ),
    Column(
        "provenance",
        "Nguồn gốc",
        "Provenance",
        codes=True,
        guide_vi="một trong: {choices}; để trống là người dùng",
        guide_en="one of: {choices}; empty means user",
    ),
    Column(
        "rule",
        "Quy tắc",
        "Rule type",
        codes=True,
        also=("loại quy tắc", "rule", "type"),
        guide_vi="chỉ ở tiêu chí cấp cuối; một trong: {choices} (docs/rules.md)",
        guide_en="leaves only; one of: {choices} (docs/rules.md)",
    ),
    Column(
        "params",
        "Tham số quy tắc",
        "Rule parameters",
        codes=True,
        also=("tham số", "parameters", "params"),
        guide_vi="tham số của quy tắc, viết kiểu YAML trong ngoặc nhọn, số thập phân dùng dấu "
        "chấm: {step: 0.25} hoặc {steps: [[3, 2], [1, 1]]}; để trống khi không có",
        guide_en="the rule's parameters as YAML in braces, decimals with a point: "
        "{step: 0.25} or {steps: [[3, 2], [1, 1]]}; empty when it has none",
    ),
    Column(
        "labels",
        "Tên dữ liệu đầu vào",
        "Input labels",
        codes=True,
        also=("labels", "nhãn"),
        guide_vi="không bắt buộc; tên gọi từng dữ liệu đầu vào: {ratio: văn bản điện tử}",
        guide_en="optional; each input's words: {ratio: electronic documents}",
    ),
    Column(
        "evidence",
        "Tài liệu kiểm chứng",
        "Evidence",
        codes=True,
        guide_vi="tài liệu kiểm chứng cần nộp",
        guide_en="the evidence documents asked for",
    ),
    Column(
        "department",
        "Cơ quan phụ trách",
        "Department",
        codes=True,
        also=("loại cơ quan",),
        guide_vi="loại cơ quan phụ trách, ví dụ home_affairs",
        guide_en="the kind of department in charge, e.g. home_affairs",
    ),
)
_NODE_WIDTHS = {
    "depth": 6,
    "id": 14,
    "code": 12,
    "title": 60,
    "title_en": 36,
    "max": 12,
    "scoring": 14,
    "provenance": 13,
    "rule": 22,
    "params": 32,
    "labels": 28,
    "evidence": 36,
    "department": 16,
}

SCORING_WORDS: dict[str, tuple[str, ...]] = {
    "assessed": ("tự đánh giá", "tự chấm"),
    "data": ("dữ liệu",),
    "survey": ("điều tra", "khảo sát"),
    "fixed_total": ("tổng cố định",),
}
PROVENANCE_WORDS: dict[str, tuple[str, ...]] = {
    "decision": ("quyết định",),
    "example": ("ví dụ",),
    "user": ("người dùng",),
}
SCORING = Choices.build(SCORING_WORDS, {key: words[:1] for key, words in SCORING_WORDS.items()})
PROVENANCE = Choices.build(
    PROVENANCE_WORDS, {key: words[:1] for key, words in PROVENANCE_WORDS.items()}
)
_YES, _NO = ("có", "yes"), ("không", "no")
_TRUE = frozenset(fold(word) for word in (*_YES, "true", "đúng", "x", "1"))
_FALSE = frozenset(fold(word) for word in (*_NO, "false", "sai", "0"))
_BOOL_ALLOWED = "có/không, yes/no"
_UNKNOWN_COUNT = frozenset({"?", "-", "–", "—"})
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")
_WHOLE = re.compile(r"\+?\d+")
_LIST_SEPARATOR = re.compile(r"[,;\s]+")
# A composite part's name that reads back from "name: weight; …" without YAML.
_PLAIN_NAME = re.compile(r"[^\s:;{}\[\],#&*!|>'\"%@`?-][^:;{}\[\],#\n]*")

# Where check's problems are shown on the node's row, by message key.
_CHECK_COLUMNS = {
    "framework_code_empty": "code",
    "framework_duplicate_code": "code",
    "framework_code_outside_parent": "code",
    "framework_duplicate_id": "id",
    "framework_negative_max": "max",
    "framework_children_over_max": "max",
    "framework_children_under_max": "max",
    "framework_rule_on_parent": "rule",
    "rule_unknown_type": "rule",
    "rule_label_unknown_input": "labels",
}


# Writing ---------------------------------------------------------------------------------

_FIELD_FONT = Font(bold=True)
_TOP = Alignment(vertical="top")
_WRAP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)


def _label(column: Column, en: bool) -> str:
    return column.en if en else column.vi


def _composite_text(composite: Mapping[str, Decimal]) -> str:
    names = list(composite)
    if names and all(_PLAIN_NAME.fullmatch(name) and name == name.strip() for name in names):
        return "; ".join(f"{name}: {format(value, 'f')}" for name, value in composite.items())
    return flow(composite)


def _framework_values(framework: Framework, en: bool) -> dict[str, object]:
    yes, no = (_YES[1], _NO[1]) if en else (_YES[0], _NO[0])
    counts = ", ".join("?" if count is None else str(count) for count in framework.expected_counts)
    return {
        "id": framework.id,
        "title": framework.title,
        "title_en": framework.title_en,
        "level": framework.level,
        "years": ", ".join(str(year) for year in framework.years),
        "decision": framework.decision,
        "example": yes if framework.example else no,
        "note": framework.note,
        "sources": "\n".join(framework.sources),
        "expected_counts": counts,
        "decimals": framework.decimals,
        "scale_max": None if framework.scale_max is None else xlsx.number_cell(framework.scale_max),
        "composite": None if framework.composite is None else _composite_text(framework.composite),
        "index_may_exceed_max": yes if framework.index_may_exceed_max else no,
        "follows": framework.follows,
        "code_map": "; ".join(f"{old} > {new}" for old, new in framework.code_map) or None,
    }


def _write_framework(sheet: Worksheet, framework: Framework, en: bool) -> None:
    xlsx.header(sheet, 1, [_label(column, en) for column in FIELD_COLUMNS])
    for letter, width in zip("ABC", (28, 60, 70), strict=True):
        sheet.column_dimensions[letter].width = width
    values = _framework_values(framework, en)
    row = 1
    for row, key in enumerate(FRAMEWORK_KEYS, start=2):
        xlsx.put(sheet, row, 1, _label(key, en), text=True)
        xlsx.put(sheet, row, 2, values[key.key], text=key.codes)
        xlsx.put(sheet, row, 3, key.guide_en if en else key.guide_vi, text=True)
        sheet.cell(row=row, column=1).font = _FIELD_FONT
        for column in (1, 2, 3):
            sheet.cell(row=row, column=column).alignment = _WRAP_LEFT
    start = row + 2
    xlsx.header(sheet, start, [_label(column, en) for column in BAND_COLUMNS])
    for row, band in enumerate(framework.bands, start=start + 1):
        xlsx.put(sheet, row, 1, band.name, text=True)
        xlsx.put(sheet, row, 2, xlsx.number_cell(band.at_least))
        xlsx.put(sheet, row, 3, None if band.below is None else xlsx.number_cell(band.below))
        for column in (1, 2, 3):
            sheet.cell(row=row, column=column).alignment = _WRAP_LEFT
    sheet.freeze_panes = "A2"
    xlsx.landscape(sheet)


def _node_values(node: Node, depth: int, en: bool) -> dict[str, object]:
    rule = node.rule
    scoring, provenance = node.scoring.value, node.provenance.value
    return {
        "depth": depth,
        "id": node.id,
        "code": node.code,
        "title": node.title,
        "title_en": node.title_en,
        "max": None if node.max_points is None else xlsx.number_cell(node.max_points),
        "scoring": scoring if en else SCORING_WORDS[scoring][0],
        "provenance": provenance if en else PROVENANCE_WORDS[provenance][0],
        "rule": None if rule is None else rule.type,
        "params": flow(rule.params) if rule is not None and rule.params else None,
        "labels": flow(rule.labels) if rule is not None and rule.labels else None,
        "evidence": node.evidence,
        "department": node.department,
    }


def _write_nodes(sheet: Worksheet, framework: Framework, en: bool) -> None:
    xlsx.header(sheet, 1, [_label(column, en) for column in NODE_COLUMNS])
    for index, column in enumerate(NODE_COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = _NODE_WIDTHS[column.key]
        if column.codes:
            sheet.column_dimensions[letter].number_format = "@"
    for row, (node, depth) in enumerate(framework.walk(), start=2):
        values = _node_values(node, depth, en)
        for index, column in enumerate(NODE_COLUMNS, start=1):
            xlsx.put(sheet, row, index, values[column.key], text=column.codes)
            cell = sheet.cell(row=row, column=index)
            if column.key == "title":
                cell.alignment = Alignment(
                    horizontal="left", vertical="top", wrap_text=True, indent=depth - 1
                )
            elif column.key in {"depth", "max"}:
                cell.alignment = Alignment(horizontal="center", vertical="top")
            elif column.key in {"title_en", "params", "labels", "evidence"}:
                cell.alignment = xlsx.WRAP
            else:
                cell.alignment = _TOP
            if depth == 1 and column.key in {"depth", "code", "title", "max"}:
                cell.font = _FIELD_FONT
    sheet.freeze_panes = "A2"
    xlsx.landscape(sheet)


def _guide_text(column: Column, en: bool, choices: Mapping[str, str]) -> str:
    text = column.guide_en if en else column.guide_vi
    return text.replace("{choices}", choices.get(column.key, ""))


_GUIDE_NOTES = (
    "Trang “Bộ tiêu chí” ghi thông tin chung, mỗi dòng một mục (cột Thông tin, Giá trị), và "
    "bên dưới là bảng xếp loại (Xếp loại, Từ (%), Dưới (%)). Trang “Tiêu chí” ghi mỗi tiêu "
    "chí một dòng, theo thứ tự từ trên xuống: lĩnh vực, rồi các tiêu chí của nó, …",
    "The “Framework” sheet holds the framework's own fields, one per row (columns Field, "
    "Value), and below them the grade bands (Band, At least (%), Below (%)). The “Nodes” "
    "sheet holds one node per row, top down: a field, then its criteria, …",
    "Tiêu đề cột có thể ghi bằng tiếng Việt (có dấu hay không dấu) hoặc tiếng Anh, theo thứ "
    "tự bất kỳ; cột STT và dòng trống được bỏ qua.",
    "Headers may be in Vietnamese (with or without diacritics) or English, in any order; "
    "STT (row number) columns and blank rows are skipped.",
    "Tệp được nhận trọn vẹn hoặc không nhận gì: mọi lỗi được liệt kê theo trang, dòng và cột.",
    "A workbook is taken whole or not at all: every problem is listed by sheet, row and column.",
)
_RULE_EXAMPLES = (
    ("manual", "{step: 0.25}", "chấm tay theo bậc", "scored by hand in steps"),
    ("met", "", "đạt: điểm tối đa; không đạt: 0", "met: max; not met: 0"),
    (
        "count_steps",
        "{steps: [[3, 2], [1, 1]]}",
        "bậc theo số lượng: [ngưỡng, điểm]",
        "steps by a count: [threshold, points]",
    ),
    (
        "ratio_thresholds",
        "{steps: [[0.9, 1], [0.7, 0.5]], inclusive: true}",
        "bậc theo tỷ lệ từ 0 đến 1: [ngưỡng, điểm]",
        "steps by a ratio from 0 to 1: [threshold, points]",
    ),
    (
        "proportional",
        "{floor: 0, full: 1}",
        "tỷ lệ thuận với tỷ lệ đạt",
        "in proportion to a ratio",
    ),
    (
        "all_of",
        "{conditions: [{input: dung_han, at_least: 0.9}]}",
        "điểm tối đa khi mọi tỷ lệ đều đạt",
        "max when every ratio reaches its at_least",
    ),
    ("deduct_per_occurrence", "{per: 0.25}", "trừ điểm mỗi lần", "minus per occurrence"),
    (
        "deduct_unless",
        "{threshold: 0.95, deduction: 0.35}",
        "trừ điểm nếu tỷ lệ không đạt ngưỡng",
        "minus unless the ratio reaches the threshold",
    ),
    (
        "honesty",
        "{within_percent: 3, steps: [[5, 0.5], [10, 0.25]]}",
        "tự chấm sát điểm thẩm định (tính theo %)",
        "self-assessment close to the appraisal (in %)",
    ),
    ("given", "", "điểm cho sẵn, ví dụ từ điều tra", "points given directly, e.g. by a survey"),
)


def _write_guide(sheet: Worksheet) -> None:
    headers = [
        "Trang / Sheet",
        "Dòng hoặc cột",
        "Row or column",
        "Bắt buộc / Required",
        "Cách ghi",
        "How to fill it in",
    ]
    xlsx.header(sheet, 1, headers)
    for letter, width in zip("ABCDEF", (24, 24, 22, 12, 60, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    choices = {
        "scoring": ", ".join(SCORING.shown),
        "provenance": ", ".join(PROVENANCE.shown),
        "rule": ", ".join(example[0] for example in _RULE_EXAMPLES),
    }
    parts = (
        (f"{FRAMEWORK_VI} / {FRAMEWORK_EN}", FRAMEWORK_KEYS),
        (f"{FRAMEWORK_VI} / {FRAMEWORK_EN}", BAND_COLUMNS),
        (f"{NODES_VI} / {NODES_EN}", NODE_COLUMNS),
    )
    for title, columns in parts:
        for column in columns:
            sheet.append(
                [
                    title,
                    column.vi,
                    column.en,
                    "có / yes" if column.required else "",
                    _guide_text(column, False, choices),
                    _guide_text(column, True, choices),
                ]
            )
    rules_header = sheet.max_row + 2
    headers = ["Quy tắc / Rule", "Tham số, ví dụ / Parameters, e.g.", "", "", "Dùng khi", "Use for"]
    xlsx.header(sheet, rules_header, headers)
    for number, (name, example, use_vi, use_en) in enumerate(
        _RULE_EXAMPLES, start=rules_header + 1
    ):
        for index, value in zip((1, 2, 5, 6), (name, example or "—", use_vi, use_en), strict=True):
            sheet.cell(row=number, column=index, value=value)
    notes = rules_header + len(_RULE_EXAMPLES) + 2
    for number, line in enumerate(_GUIDE_NOTES, start=notes):
        sheet.cell(row=number, column=1, value=line)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = _WRAP_LEFT
            cell.number_format = "@"
    for number in range(rules_header, rules_header + len(_RULE_EXAMPLES) + 1):
        sheet.merge_cells(start_row=number, start_column=2, end_row=number, end_column=4)
    for number in range(notes, notes + len(_GUIDE_NOTES)):
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=6)
    sheet.freeze_panes = "A2"
    xlsx.landscape(sheet)


def write(framework: Framework, lang: str = "vi") -> bytes:
    """The framework as an .xlsx that `read` gives back equal; headers in `lang` (vi or en)."""
    if lang not in ("vi", "en"):
        raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
    en = lang == "en"
    book = Workbook()
    if book.active is not None:
        book.remove(book.active)
    _write_framework(book.create_sheet(FRAMEWORK_EN if en else FRAMEWORK_VI), framework, en)
    _write_nodes(book.create_sheet(NODES_EN if en else NODES_VI), framework, en)
    _write_guide(book.create_sheet(GUIDE_EN if en else GUIDE_VI))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


# Reading ---------------------------------------------------------------------------------

Row = tuple[object, ...]


def cell_text(value: object) -> str:
    """A cell as text, kept as written (titles keep their spaces and line breaks)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    if isinstance(value, datetime | date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def is_blank(value: object) -> bool:
    return not cell_text(value).strip()


def _decimal(value: object) -> Decimal | None:
    """A cell's number: floats to Excel's 15 shown digits, text with "," or "." as mark."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # Excel shows 15 significant digits: =0.1+0.2 is 0.3 there, and here.
        number = Decimal(format(value, ".15g"))
        return number if number.is_finite() else None
    if isinstance(value, str):
        text = value.strip()
        if _NUMBER.fullmatch(text):
            return Decimal(text.replace(",", "."))
    return None


def _whole(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = cell_text(value).strip()
    return int(text) if _WHOLE.fullmatch(text) else None


def _flag(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    word = fold(cell_text(value))
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return None


def _sheet_key(title: str) -> str | None:
    name = fold(title)
    if name in {fold(FRAMEWORK_VI), fold(FRAMEWORK_EN), *map(fold, _FRAMEWORK_ALSO)}:
        return "framework"
    if name in {fold(NODES_VI), fold(NODES_EN), *map(fold, _NODES_ALSO)}:
        return "nodes"
    return None


class _Invalid(Exception):
    """A cell that does not read: its message, raised to the caller that knows the place."""

    def __init__(self, message_key: str, /, **params: object) -> None:
        super().__init__(message_key)
        self.message = Message(message_key, params)


def _mapping(value: object) -> dict[str, object]:
    """A cell of YAML flow text as a mapping with text keys; {} when blank."""
    text = cell_text(value).strip()
    if not text:
        return {}
    try:
        data, _loader = read_yaml(text)
    except YamlRefused as refused:
        raise _Invalid(refused.message.key, **refused.message.params) from refused
    if not isinstance(data, dict) or not all(isinstance(key, str) for key in data):
        raise _Invalid(VALUE_NOT_MAPPING, value=text)
    return data


def _number(value: object) -> Decimal:
    number = _decimal(value)
    if number is None:
        raise _Invalid(VALUE_NUMBER, value=cell_text(value).strip())
    return number


def _whole_list(value: object, unknown: bool = False) -> list[int | None]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        parts: list[object] = [value]
    else:
        parts = [part for part in _LIST_SEPARATOR.split(cell_text(value).strip()) if part]
    numbers: list[int | None] = []
    for part in parts:
        if unknown and isinstance(part, str) and part in _UNKNOWN_COUNT:
            numbers.append(None)
            continue
        number = _whole(part)
        if number is None:
            raise _Invalid(VALUE_WHOLE, value=cell_text(part))
        numbers.append(number)
    return numbers


def _weights(value: object) -> dict[str, object]:
    text = cell_text(value).strip()
    if text.startswith("{"):
        try:
            return _mapping(text)
        except _Invalid as invalid:
            raise _Invalid(VALUE_WEIGHTS, value=text) from invalid
    weights: dict[str, object] = {}
    for part in re.split(r"[;\n]", text):
        if not part.strip():
            continue
        name, colon, number = part.rpartition(":")
        name = name.strip()
        weight = _decimal(number)
        if not colon or not name or name in weights or weight is None:
            raise _Invalid(VALUE_WEIGHTS, value=text)
        weights[name] = weight
    return weights


def _code_map(text: str) -> list[list[str]]:
    """ "1.5 > 1.6; 3.1 > 3.1.1" as [old, new] pairs ("→" is read like ">")."""
    pairs = []
    for part in re.split(r"[;\n]", text.replace("→", ">")):
        if not part.strip():
            continue
        old, arrow, new = (piece.strip() for piece in part.partition(">"))
        if not arrow or not old or not new or ">" in new:
            raise _Invalid(VALUE_CODE_MAP, value=text.strip())
        pairs.append([old, new])
    return pairs


def _framework_value(key: str, value: object) -> object:
    """A framework row's value as the framework file holds it."""
    if key in {"example", "index_may_exceed_max"}:
        flag = _flag(value)
        if flag is None:
            raise _Invalid(VALUE_BOOL, value=cell_text(value).strip(), allowed=_BOOL_ALLOWED)
        return flag
    if key == "years":
        return _whole_list(value)
    if key == "expected_counts":
        return _whole_list(value, unknown=True)
    if key == "decimals":
        number = _whole(value)
        if number is None:
            raise _Invalid(VALUE_WHOLE, value=cell_text(value).strip())
        return number
    if key == "scale_max":
        return _number(value)
    if key == "composite":
        return _weights(value)
    if key == "sources":
        return [line for line in cell_text(value).split("\n") if line.strip()]
    if key == "code_map":
        return _code_map(cell_text(value))
    if key in {"id", "level", "decision", "follows"}:
        return cell_text(value).strip()
    return cell_text(value)


@dataclass(frozen=True)
class _Table:
    """A header row as found: each column's position and its header as written."""

    positions: dict[int, str]  # position → column key
    headers: dict[str, str]  # column key → the header as written

    def cells(self, values: Row) -> dict[str, object]:
        return {key: values[i] for i, key in self.positions.items() if i < len(values)}


@dataclass(frozen=True)
class _Found:
    """A sheet as found: its title and its non-blank rows with their numbers."""

    title: str
    rows: list[tuple[int, Row]]
    too_many: bool


@dataclass(frozen=True)
class _NodeRow:
    row: int
    id: str
    code: str


PlaceOf = Callable[[str], Place]  # a column key → its cell on the row being read


@dataclass
class _Reader:
    """Reads the two sheets into the framework file's mapping, noting where each value was."""

    file: str
    titles: dict[str, str]  # "framework", "nodes" → the sheet's title as found
    problems: list[Problem] = field(default_factory=list)
    # Where each value given to the pydantic model was, by (id of its mapping, key).
    where: dict[tuple[int, object], Place] = field(default_factory=dict)
    # Values whose cell already has a problem: the model's complaint about them is not new.
    reported: set[tuple[int, object]] = field(default_factory=set)
    structural: bool = False  # a header, sheet or depth problem: the model is not asked
    node_rows: list[_NodeRow] = field(default_factory=list)
    band_rows: list[tuple[int, str]] = field(default_factory=list)
    tables: dict[str, _Table] = field(default_factory=dict)  # "nodes", "bands"

    def problem(self, place: Place, message_key: str, /, **params: object) -> None:
        self.problems.append(Problem(place, Message(message_key, params)))

    def header(self, table: str, key: str) -> str:
        """The column's header as written, else the template's in the sheet's language."""
        found = self.tables.get(table)
        if found is not None and key in found.headers:
            return found.headers[key]
        columns = NODE_COLUMNS if table == "nodes" else BAND_COLUMNS
        column = next(column for column in columns if column.key == key)
        sheet, english = ("nodes", NODES_EN) if table == "nodes" else ("framework", FRAMEWORK_EN)
        return _label(column, fold(self.titles.get(sheet, "")) == fold(english))

    def table(self, title: str, number: int, values: Row, columns: Sequence[Column]) -> _Table:
        """The header row's columns; every problem with it (missing, unknown, twice)."""
        wanted = {name: column for column in columns for name in column.names()}
        positions: dict[int, str] = {}
        headers: dict[str, str] = {}
        letters: dict[str, str] = {}
        before = len(self.problems)
        unknown: list[str] = []
        for index, value in enumerate(values):
            header = " ".join(cell_text(value).split())
            name = fold(header).strip(" *:")
            if not name or name in _IGNORED_HEADERS:
                continue
            column = wanted.get(name)
            if column is None:
                unknown.append(header)
            elif column.key in headers:
                place = Place(self.file, title, number, header)
                self.problem(place, COLUMN_TWICE, other=letters[column.key])
            else:
                positions[index] = column.key
                headers[column.key] = header
                letters[column.key] = get_column_letter(index + 1)
        english = fold(title) in {fold(FRAMEWORK_EN), fold(NODES_EN)}
        for column in columns:
            if column.required and column.key not in headers:
                place = Place(self.file, title, number, _label(column, english))
                self.problem(place, COLUMN_MISSING, vi=column.vi, en=column.en)
        expected = ", ".join(f"“{column.vi}” ({column.en})" for column in columns)
        for header in unknown:
            self.problem(Place(self.file, title, number, header), COLUMN_UNKNOWN, expected=expected)
        if len(self.problems) > before:
            self.structural = True
        return _Table(positions, headers)

    # The framework sheet ------------------------------------------------------------------

    def framework(self, found: _Found, content: dict[str, Any]) -> None:
        title = found.title
        keys = {name: column for column in FRAMEWORK_KEYS for name in column.names()}
        keys |= {fold(column.key): column for column in FRAMEWORK_KEYS}
        band_names, at_least_names = BAND_COLUMNS[0].names(), BAND_COLUMNS[1].names()
        first: dict[str, int] = {}
        if found.rows:
            head_number, head = found.rows[0]
            fields = self.table(title, head_number, head, FIELD_COLUMNS)
            if self.structural:
                return
        bands: _Table | None = None
        for number, values in found.rows[1:]:
            names = {fold(cell_text(value)).strip(" *:") for value in values}
            if bands is None and names & band_names and names & at_least_names:
                bands = self.table(title, number, values, BAND_COLUMNS)
                self.tables["bands"] = bands
                if self.structural:
                    return
            elif bands is not None:
                self.band(title, number, bands.cells(values), content)
            else:
                self.framework_row(title, number, fields, values, content, keys, first)
        for column in FRAMEWORK_KEYS:
            if column.required and column.key not in first:
                self.problem(Place(self.file, title), KEY_MISSING, vi=column.vi, en=column.en)
                self.reported.add((id(content), column.key))

    def framework_row(
        self,
        title: str,
        number: int,
        fields: _Table,
        values: Row,
        content: dict[str, Any],
        keys: Mapping[str, Column],
        first: dict[str, int],
    ) -> None:
        cells = fields.cells(values)
        label = " ".join(cell_text(cells.get("field")).split())
        raw = cells.get("value")
        label_place = Place(self.file, title, number, fields.headers["field"])
        value_place = Place(self.file, title, number, fields.headers["value"])
        if not label:
            if not is_blank(raw):
                self.problem(label_place, VALUE_REQUIRED)
            return
        column = keys.get(fold(label).strip(" *:"))
        if column is None:
            expected = ", ".join(f"“{key.vi}” ({key.en})" for key in FRAMEWORK_KEYS)
            self.problem(label_place, KEY_UNKNOWN, key=label, expected=expected)
            return
        if column.key in first:
            self.problem(label_place, KEY_TWICE, row=first[column.key])
            return
        first[column.key] = number
        self.where[(id(content), column.key)] = value_place
        if is_blank(raw):
            if column.required:
                self.problem(value_place, VALUE_REQUIRED)
                self.reported.add((id(content), column.key))
            return
        try:
            content[column.key] = _framework_value(column.key, raw)
        except _Invalid as invalid:
            self.problems.append(Problem(value_place, invalid.message))
            self.reported.add((id(content), column.key))

    def band(
        self, title: str, number: int, cells: Mapping[str, object], content: dict[str, Any]
    ) -> None:
        if all(is_blank(value) for value in cells.values()):
            return
        band: dict[str, object] = {}
        content["bands"].append(band)
        name = cell_text(cells.get("name"))
        self.band_rows.append((number, name))
        for column in BAND_COLUMNS:
            key, raw = column.key, cells.get(column.key)
            place = Place(self.file, title, number, self.header("bands", key))
            self.where[(id(band), key)] = place
            if is_blank(raw):
                if column.required:
                    self.problem(place, VALUE_REQUIRED)
                    self.reported.add((id(band), key))
            elif key == "name":
                band[key] = name
            else:
                try:
                    band[key] = _number(raw)
                except _Invalid as invalid:
                    self.problems.append(Problem(place, invalid.message))
                    self.reported.add((id(band), key))

    # The nodes sheet ----------------------------------------------------------------------

    def nodes(self, found: _Found) -> list[dict[str, Any]]:
        """The tree the rows' depths say, each node the framework file's mapping."""
        roots: list[dict[str, Any]] = []
        if not found.rows:
            return roots
        head_number, head = found.rows[0]
        table = self.table(found.title, head_number, head, NODE_COLUMNS)
        self.tables["nodes"] = table
        if self.structural:
            return roots
        stack: list[dict[str, Any]] = []
        lost = False  # a depth did not read: jumps are not told again before the next field
        for number, values in found.rows[1:]:
            cells = table.cells(values)
            if all(is_blank(value) for value in cells.values()):
                continue  # e.g. a row with only an STT number
            code = cell_text(cells.get("code")).strip()

            def place(key: str, number: int = number, code: str = code) -> Place:
                column = self.header("nodes", key)
                return Place(self.file, found.title, number, column, node=code or None)

            raw_depth = cells.get("depth")
            depth = _whole(raw_depth)
            if depth is None or depth < 1:
                if is_blank(raw_depth):
                    self.problem(place("depth"), VALUE_REQUIRED)
                else:
                    self.problem(place("depth"), DEPTH_BAD, value=cell_text(raw_depth).strip())
                self.structural = lost = True
                continue
            lost = lost and depth != 1
            if depth > len(stack) + 1:
                if not lost:
                    self.problem(place("depth"), DEPTH_JUMP, depth=depth, previous=len(stack))
                self.structural = True
                depth = len(stack) + 1
            node = self.node(cells, place)
            del stack[depth - 1 :]
            siblings = stack[-1].setdefault("children", []) if stack else roots
            siblings.append(node)
            stack.append(node)
            self.node_rows.append(_NodeRow(number, cell_text(cells.get("id")).strip(), code))
        return roots

    def node(self, cells: Mapping[str, object], place: PlaceOf) -> dict[str, Any]:
        node: dict[str, Any] = {}
        for key in (*_NODE_TEXT, "max", "scoring", "provenance", "rule"):
            self.where[(id(node), key)] = place(key)
        for key in _NODE_TEXT:
            raw = cells.get(key)
            if is_blank(raw):
                if key in _NODE_REQUIRED:
                    self.problem(place(key), VALUE_REQUIRED)
                    self.reported.add((id(node), key))
            else:
                node[key] = cell_text(raw) if key in _NODE_VERBATIM else cell_text(raw).strip()
        if not is_blank(cells.get("max")):
            try:
                node["max"] = _number(cells.get("max"))
            except _Invalid as invalid:
                self.problems.append(Problem(place("max"), invalid.message))
                self.reported.add((id(node), "max"))
        for key, choices in (("scoring", SCORING), ("provenance", PROVENANCE)):
            text = cell_text(cells.get(key)).strip()
            value = choices.match(text) if text else None
            if value is not None:
                node[key] = value
            elif text:
                allowed = ", ".join(choices.shown)
                self.problem(place(key), VALUE_CHOICE, value=text, allowed=allowed)
                self.reported.add((id(node), key))
        rule = self.rule(cells, place, node)
        if rule is not None:
            node["rule"] = rule
        return node

    def rule(
        self, cells: Mapping[str, object], place: PlaceOf, node: dict[str, Any]
    ) -> dict[str, Any] | None:
        """The rule's mapping: its type, its parameters beside it and its labels."""
        parsed: dict[str, dict[str, object]] = {}
        for key in ("params", "labels"):
            try:
                parsed[key] = _mapping(cells.get(key))
            except _Invalid as invalid:
                self.problems.append(Problem(place(key), invalid.message))
                self.reported.add((id(node), "rule"))
                parsed[key] = {}
        kind = cell_text(cells.get("rule")).strip()
        if not kind:
            if not (is_blank(cells.get("params")) and is_blank(cells.get("labels"))):
                self.problem(place("rule"), VALUE_REQUIRED)
                self.reported.add((id(node), "rule"))
            return None
        rule: dict[str, Any] = {"type": kind}
        self.where[(id(rule), "type")] = place("rule")
        self.where[(id(rule), "labels")] = place("labels")
        for name, value in parsed["params"].items():
            if name in ("type", "labels"):
                self.problem(place("params"), PARAM_RESERVED, param=name)
                self.reported.add((id(node), "rule"))
            else:
                rule[name] = value
                self.where[(id(rule), name)] = place("params")
        if parsed["labels"]:
            rule["labels"] = parsed["labels"]
        return rule

    # The model and check ------------------------------------------------------------------

    def locate(self, content: object, loc: Sequence[int | str]) -> Place | None:
        """The place of the deepest value on `loc`'s path; None when its cell was reported."""
        place: Place | None = None
        current = content
        for step in loc:
            if isinstance(current, dict):
                if (id(current), step) in self.reported:
                    return None
                place = self.where.get((id(current), step), place)
                if step not in current:
                    break
                current = current[step]
            elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
                current = current[step]
            else:
                break
        return place or Place(self.file, self.titles.get("framework"))

    def model_problems(self, error: ValidationError, content: object) -> None:
        """The pydantic model's complaints, as the framework file says them, at their cells."""
        for item in error.errors(include_url=False):
            loc = [step for step in item["loc"] if not isinstance(step, str) or step != "[key]"]
            place = self.locate(content, loc)
            if place is None:
                continue
            context = {name: str(value) for name, value in (item.get("ctx") or {}).items()}
            params = {**context, "field": field_path(loc), "problem": item["type"]}
            self.problems.append(Problem(place, Message(FILE_FIELD, params)))

    def check_problems(self, framework: Framework) -> None:
        """`check`'s messages at the row of the node they are about: the rows are the
        framework's nodes in pre-order, so the n-th node walked is the n-th row."""
        rows, title = self.node_rows, self.titles.get("nodes")
        position = {id(node): index for index, (node, _depth) in enumerate(framework.walk())}
        for node, message in located_problems(framework):
            if node is None:
                self.problems.append(Problem(self.band_place(message), message))
                continue
            default = "params" if message.key.startswith("rule_") else None
            key = _CHECK_COLUMNS.get(message.key, default)
            column = self.header("nodes", key) if key is not None else None
            row = rows[position[id(node)]].row
            place = Place(self.file, title, row, column, node=node.code)
            self.problems.append(Problem(place, message))

    def band_place(self, message: Message) -> Place:
        """A band problem at the band's row: an overlap at the later of the two."""
        title, rows = self.titles.get("framework"), self.band_rows
        name, other = message.params.get("band"), message.params.get("other")
        start = 0
        if other is not None:
            start = next((i + 1 for i, (_row, found) in enumerate(rows) if found == other), 0)
        found = next((i for i in range(start, len(rows)) if rows[i][1] == name), None)
        if found is None:
            return Place(self.file, title)
        key = "below" if message.key == "framework_band_empty" else "at_least"
        return Place(self.file, title, rows[found][0], self.header("bands", key))


_NODE_TEXT = ("id", "code", "title", "title_en", "evidence", "department")
_NODE_REQUIRED = frozenset({"id", "code", "title"})
_NODE_VERBATIM = frozenset({"title", "title_en", "evidence"})  # kept as written, spaces too


def unpacked_size(data: bytes) -> int:
    """What the .xlsx (a zip) holds once unpacked; 0 when it is no zip (refused later)."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return sum(item.file_size for item in archive.infolist())
    except zipfile.BadZipFile:
        return 0


def _load(data: bytes) -> list[tuple[str, str, _Found]]:
    """The framework and nodes sheets of the workbook: (key, title, rows) in book order."""
    found: list[tuple[str, str, _Found]] = []
    with warnings.catch_warnings():
        # openpyxl warns about features it drops (styles, extensions); they hold no data.
        warnings.simplefilter("ignore")
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
        try:
            for title in book.sheetnames:
                key = _sheet_key(title)
                sheet = book[title]
                if key is None or not hasattr(sheet, "iter_rows"):
                    continue
                rows: list[tuple[int, Row]] = []
                too_many = False
                cells = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
                for number, values in enumerate(cells, start=1):
                    # Blank rows count too: a sheet of a million empty rows is refused early.
                    if number > 2 * MAX_ROWS or len(rows) > MAX_ROWS:
                        too_many = True
                        break
                    if values and not all(is_blank(value) for value in values):
                        rows.append((number, tuple(values)))
                found.append((key, title, _Found(title, rows, too_many)))
        finally:
            book.close()
    return found


def read(data: bytes, file: str) -> Framework:
    """The framework in a workbook `write` made (and a coordinator may have edited).

    All or nothing: FileRefused with every problem found, each at its sheet, row and column.
    """
    if not data:
        raise FileRefused([Problem(Place(file), Message(EMPTY))])
    if unpacked_size(data) > MAX_UNPACKED:
        raise FileRefused([Problem(Place(file), Message(TOO_LARGE, {"most": MAX_UNPACKED}))])
    try:
        sheets = _load(data)
    except Exception as error:
        # Whatever the bytes were (a zip of something else, an old .xls, a damaged file),
        # openpyxl could not read them as a workbook.
        raise FileRefused([Problem(Place(file), Message(UNREADABLE))]) from error
    found: dict[str, _Found] = {}
    order = {title: index for index, (_key, title, _found) in enumerate(sheets)}
    reader = _Reader(file, {})
    for key, title, sheet in sheets:
        if key in found:
            reader.problem(Place(file, title), SHEET_TWICE, other=found[key].title)
            reader.structural = True
        else:
            found[key] = sheet
            reader.titles[key] = title
            if sheet.too_many:
                reader.problem(Place(file, title), TOO_MANY_ROWS, most=MAX_ROWS)
                reader.structural = True
    for key, vi, en in (("framework", FRAMEWORK_VI, FRAMEWORK_EN), ("nodes", NODES_VI, NODES_EN)):
        if key not in found:
            reader.problem(Place(file), SHEET_MISSING, vi=vi, en=en)
            reader.structural = True
    content: dict[str, Any] = {"format": FORMAT, "bands": []}
    if "framework" in found and not found["framework"].too_many:
        reader.framework(found["framework"], content)
    if "nodes" in found and not found["nodes"].too_many:
        content["nodes"] = reader.nodes(found["nodes"])

    def refuse() -> FileRefused:
        # In the workbook's order: by sheet, then row; a whole-file problem first.
        problems = sorted(
            reader.problems,
            key=lambda p: (order.get(p.place.sheet or "", -1), p.place.row or 0),
        )
        return FileRefused(problems)

    if reader.structural:
        raise refuse()
    try:
        model = FrameworkModel.model_validate(content)
    except ValidationError as error:
        reader.model_problems(error, content)
        raise refuse() from error
    if reader.problems:
        raise refuse()
    framework = from_model(model)
    reader.check_problems(framework)
    if reader.problems:
        raise refuse()
    return framework
