"""Framework files: the built-ins and the docs' sample load, survive a round trip, and every
kind of bad file is refused with a message naming its line and criterion."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from parindex.core.framework import Provenance, require_complete
from parindex.core.messages import Refused
from parindex.core.results import totals
from parindex.frameworks import builtin
from parindex.io import framework_file, render
from parindex.io.problems import FileRefused

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "docs" / "sample-framework.yaml"

GOOD = """\
format: parindex-framework/1
id: vd
title: Ví dụ
level: commune
years: [2025]
provenance: example
nodes:
  - id: f1
    code: "1"
    title: Chỉ đạo, điều hành
    max: 3.50
    children:
      - id: c1
        code: "1.1"
        title: Kế hoạch
        max: 1.5
        rule: {type: manual, step: 0.25}
      - id: c2
        code: "1.2"
        title: Văn bản điện tử
        max: 2
        rule: {type: proportional, labels: {ratio: văn bản điện tử}}
"""


def refused(text: str) -> list[tuple[str, int | None, str | None]]:
    with pytest.raises(FileRefused) as caught:
        framework_file.load(text, "bad.yaml")
    return [(p.message.key, p.place.line, p.place.node) for p in caught.value.problems]


def test_numbers_load_as_exact_decimals() -> None:
    framework = framework_file.load(GOOD, "good.yaml")
    first = framework.nodes[0]
    assert first.max_points == Decimal("3.50")
    assert first.children[0].max_points == Decimal("1.5")
    assert first.children[0].rule is not None
    assert first.children[0].rule.params == {"step": Decimal("0.25")}
    assert first.provenance == Provenance.EXAMPLE
    # 0.1 + 0.2 as binary floats is not 0.3; as the file's decimals it is.
    text = GOOD.replace("max: 1.5", "max: 0.1").replace("max: 3.50", "max: 2.1")
    text = text.replace("{type: manual, step: 0.25}", "{type: met}")
    tenths = framework_file.load(text, "x.yaml")
    assert tenths.nodes[0].children[0].max_points == Decimal("0.1")
    assert tenths.nodes[0].max_points == Decimal("2.1")


@pytest.mark.parametrize("name", builtin.names())
def test_every_builtin_loads_and_round_trips(name: str) -> None:
    framework = builtin.load(name)
    again = framework_file.load(framework_file.dump(framework), "again.yaml")
    assert again == framework
    assert again.content_hash() == framework.content_hash()


def test_the_builtins_are_what_the_sources_say() -> None:
    names = builtin.names()
    assert {"commune-example", "province-2017-2948", "province-2022-876"} <= set(names)
    example = builtin.load("commune-example")
    assert example.example
    assert example.is_complete()
    assert sum(node.max_points or 0 for node in example.nodes) == 100
    official = [builtin.load(name) for name in names if name != "commune-example"]
    assert all(not framework.is_complete() for framework in official)
    assert all(not framework.example for framework in official)
    p2017 = builtin.load("province-2017-2948")
    assert [node.max_points for node in p2017.nodes] == [
        Decimal(v) for v in ("10", "10", "14.5", "11", "16", "7", "16", "15.5")
    ]
    p2022 = builtin.load("province-2022-876")
    assert p2022.composite == {"appraised": Decimal(68), "survey": Decimal(32)}
    assert p2022.expected_counts == (8, 37, 88)


def test_the_docs_sample_is_complete_and_round_trips() -> None:
    sample = framework_file.load(SAMPLE.read_bytes(), SAMPLE.name)
    assert sample.is_complete()
    assert framework_file.load(framework_file.dump(sample), "x.yaml") == sample


def test_the_published_schema_is_the_generated_one() -> None:
    """docs/framework.schema.json is `parindex framework schema`'s output: regenerate it."""
    published = json.loads((ROOT / "docs" / "framework.schema.json").read_text("utf-8"))
    assert published == framework_file.schema()
    rule = published["$defs"]["RuleModel"]["properties"]["type"]
    assert "honesty" in rule["enum"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # The four the issue names: each problem at its node and line.
        # Lines: 11 is field 1's max, 14–17 node 1.1 (code, title, max, rule), 19–22 node 1.2.
        (('code: "1.2"', 'code: "1.1"'), [("framework_duplicate_code", 19, "1.1")]),
        (("max: 3.50", "max: 3"), [("framework_children_over_max", 11, "1")]),
        (("step: 0.25", "step: 2"), [("rule_above_max", 17, "1.1")]),
        (("max: 2\n", "max: two\n"), [("framework_file_field", 21, "1.2")]),
        (
            ("title: Kế hoạch", "titel: Kế hoạch"),
            [("framework_file_field", 13, "1.1"), ("framework_file_field", 15, "1.1")],
        ),
        (
            ("    max: 3.50\n", "    max: 3.50\n    max: 4\n"),
            [("framework_file_duplicate_key", 12, None)],
        ),
        (("max: 2\n", "max: .nan\n"), [("framework_file_not_a_number", 21, None)]),
        (("max: 2\n", "max: -2\n"), [("framework_file_field", 21, "1.2")]),
        (("years: [2025]", "years: []"), [("framework_file_field", 5, None)]),
        (("ratio: văn bản", "count: văn bản"), [("rule_label_unknown_input", 22, "1.2")]),
        (("type: manual", "type: manuel"), [("rule_unknown_type", 17, "1.1")]),
        (("format: parindex-framework/1", "format: 2"), [("framework_file_field", 1, None)]),
    ],
)
def test_bad_files_are_refused_at_their_line_and_node(
    change: tuple[str, str], expected: list[tuple[str, int | None, str | None]]
) -> None:
    assert change[0] in GOOD
    assert refused(GOOD.replace(*change)) == expected


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"", "framework_file_empty"),
        (b"\xff\xfe\x00bad", "framework_file_not_text"),
        (b"a: [", "framework_file_syntax"),
        (b"- a\n- b\n", "framework_file_not_mapping"),
        ("\u0096".encode(), "framework_file_syntax"),
        (b"x" * (framework_file.MAX_BYTES + 1), "framework_file_too_large"),
        (b"a: !!python/object:os.system x", "framework_file_syntax"),
        # Aliases would let a few lines stand for an enormous tree ("billion laughs").
        (b"a: &x [1, 2]\nb: [*x, *x]\n", "framework_file_alias"),
        (b"a: " + b"[" * 500 + b"]" * 500, "framework_file_too_deep"),
        (b"a: " + b"[" * 5000 + b"]" * 5000, "framework_file_too_deep"),
        (b"{[a]: 1}", "framework_file_key_not_text"),
        (b"{{a: 1}: 1}", "framework_file_key_not_text"),
    ],
)
def test_what_is_not_a_framework_file_at_all(data: bytes, key: str) -> None:
    with pytest.raises(FileRefused) as caught:
        framework_file.load(data, "bad.yaml")
    assert [problem.message.key for problem in caught.value.problems] == [key]


def test_the_refusal_reads_in_vietnamese_and_english() -> None:
    with pytest.raises(FileRefused) as caught:
        framework_file.load(GOOD.replace("step: 0.25", "step: 2"), "xa.yaml")
    vi = render.problems(caught.value.problems, "vi")
    en = render.problems(caught.value.problems, "en")
    assert vi == [
        "tệp xa.yaml, dòng 17, tiêu chí 1.1: quy tắc cho hoặc trừ 2 điểm, lớn hơn điểm tối đa "
        "1,5 của tiêu chí"
    ]
    assert en == [
        "file xa.yaml, line 17, criterion 1.1: the rule awards or deducts 2, more than the "
        "criterion's maximum 1.5"
    ]
    with pytest.raises(FileRefused) as caught:
        framework_file.load(GOOD.replace("max: 2\n", "max: two\n"), "xa.yaml")
    assert render.problems(caught.value.problems, "vi") == [
        "tệp xa.yaml, dòng 21, tiêu chí 1.2: “nodes[0].children[1].max”: cần một số"
    ]


def test_a_skeleton_loads_but_is_never_scored() -> None:
    skeleton = framework_file.load(GOOD.replace("        max: 1.5\n", ""), "khung.yaml")
    assert not skeleton.is_complete()
    assert skeleton.missing() == ["1.1"]
    with pytest.raises(Refused) as caught:
        totals(skeleton, {"c1": Decimal(1), "c2": Decimal(1)})
    assert caught.value.message.key == "framework_skeleton"
    assert "1.1" in render.message(caught.value.message, "vi")
    with pytest.raises(Refused):
        require_complete(builtin.load("province-2022-876"))


def test_a_rule_on_one_line_round_trips() -> None:
    spec = framework_file.rule_spec("{type: count_steps, steps: [[3, 2], [1, 0.5]]}", "form")
    assert spec is not None
    assert spec.params == {"steps": [[3, 2], [1, Decimal("0.5")]]}
    assert framework_file.rule_spec(framework_file.rule_text(spec), "form") == spec
    assert framework_file.rule_spec("  ", "form") is None
    with pytest.raises(FileRefused) as caught:
        framework_file.rule_spec("{step: 1}", "form")
    assert [p.message.params["field"] for p in caught.value.problems] == ["type"]


def test_whole_numbers_hash_alike_however_they_are_written() -> None:
    """`10.` and `10`, `1.0` and `1`: YAML and Excel turn one into the other; a frozen
    result's hash must not see it."""
    written = GOOD.replace(
        "{type: manual, step: 0.25}", "{type: count_steps, steps: [[3, 1.], [1, 0.5]]}"
    )
    framework = framework_file.load(written, "x.yaml")
    again = framework_file.load(framework_file.dump(framework), "again.yaml")
    assert again.content_hash() == framework.content_hash()
    plain = framework_file.load(written.replace("[3, 1.]", "[3, 1]"), "y.yaml")
    assert plain.content_hash() == framework.content_hash()
    changed = framework_file.load(written.replace("[3, 1.]", "[3, 1.5]"), "z.yaml")
    assert changed.content_hash() != framework.content_hash()
