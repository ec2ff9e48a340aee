"""Core's messages in words: rule explanations that name their inputs and result, rules
described as sentences, numbers in each language's format, and a template for every key."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.core.messages import Message
from parindex.core.rules import RULE_TYPES, RuleSpec, Value, parse_rule
from parindex.frameworks import builtin
from parindex.io import render

D = Decimal
SRC = Path(__file__).resolve().parents[2] / "src" / "parindex"


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (D("14.18"), "14,18", "14.18"),
        (D("2046"), "2.046", "2,046"),
        (D("-1234567.5"), "-1.234.567,5", "-1,234,567.5"),
        (D("0.50"), "0,50", "0.50"),
        (3, "3", "3"),
    ],
)
def test_numbers_in_each_language(value: Decimal | int, vi: str, en: str) -> None:
    assert render.number(value, "vi") == vi
    assert render.number(value, "en") == en


def test_percent_of_a_ratio() -> None:
    assert render.percent(D("0.92"), "vi") == "92%"
    assert render.percent(D("0.925"), "vi") == "92,5%"
    assert render.percent(D("1"), "en") == "100%"


def explain(
    type_: str,
    params: dict[str, object],
    inputs: dict[str, Value],
    most: str,
    labels: dict[str, str] | None = None,
    lang: str = "vi",
) -> str:
    spec = RuleSpec(type_, params, labels or {})
    evaluation = parse_rule(spec, D(most), "1.1").evaluate(inputs, D(most))
    return render.explain(evaluation.explanation, lang, spec.labels)


@pytest.mark.parametrize(
    ("type_", "params", "inputs", "most", "labels", "vi", "en"),
    [
        (
            "proportional",
            {},
            {"ratio": D("0.92")},
            "1",
            {"ratio": "văn bản điện tử"},
            "92% văn bản điện tử → 0,92/1 điểm",
            "92% văn bản điện tử → 0.92/1 points",
        ),
        (
            "deduct_per_occurrence",
            {"per": D("0.25")},
            {"count": 3},
            "1",
            {"count": "hồ sơ trễ hạn"},
            "3 hồ sơ trễ hạn × −0,25 → 0,25/1 điểm",
            "3 hồ sơ trễ hạn × −0.25 → 0.25/1 points",
        ),
        (
            "deduct_unless",
            {"threshold": D(1), "deduction": D("0.35")},
            {"ratio": D("0.95")},
            "1",
            {"ratio": "báo cáo đúng hạn"},
            "95% báo cáo đúng hạn (yêu cầu từ 100%, trừ 0,35) → 0,65/1 điểm",
            "95% báo cáo đúng hạn (required at least 100%, −0.35 deducted) → 0.65/1 points",
        ),
        (
            "honesty",
            {"within_percent": 5, "steps": [[10, D("0.5")]]},
            {"self_total": D("91.32"), "appraised_total": D("85.82")},
            "1",
            {},
            "Tự chấm 91,32, thẩm định 85,82: chênh lệch 6,41% (cho phép 5%) → 0,50/1 điểm",
            "Self-assessed 91.32, appraised 85.82: a deviation of 6.41% (allowed 5%) → "
            "0.50/1 points",
        ),
        (
            "given",
            {},
            {"points": D("18.99")},
            "23",
            {"points": "Điểm khảo sát hài lòng"},
            "Điểm khảo sát hài lòng → 18,99/23 điểm",
            "Điểm khảo sát hài lòng → 18.99/23 points",
        ),
        (
            "count_steps",
            {"steps": [[3, 2], [1, 1]]},
            {"count": 0},
            "2",
            {},
            "0 (chưa đạt mốc nào) → 0,00/2 điểm",
            "0 (no threshold reached) → 0.00/2 points",
        ),
        (
            "met",
            {},
            {"met": False},
            "0.5",
            {"met": "Kế hoạch ban hành đúng hạn"},
            "Kế hoạch ban hành đúng hạn: không đạt → 0,00/0,5 điểm",
            "Kế hoạch ban hành đúng hạn: not met → 0.00/0.5 points",
        ),
    ],
)
def test_explanations_read_like_a_plan(
    type_: str,
    params: dict[str, object],
    inputs: dict[str, Value],
    most: str,
    labels: dict[str, str],
    vi: str,
    en: str,
) -> None:
    assert explain(type_, params, inputs, most, labels, "vi") == vi
    assert explain(type_, params, inputs, most, labels, "en") == en


RULES: dict[str, tuple[dict[str, object], st.SearchStrategy[dict[str, Value]]]] = {
    "manual": (
        {"step": D("0.25")},
        st.builds(lambda k: {"score": D("0.25") * k}, st.integers(0, 8)),
    ),
    "met": ({}, st.builds(lambda met: {"met": met}, st.booleans())),
    "count_steps": (
        {"steps": [[3, 2], [1, 1]]},
        st.builds(lambda count: {"count": count}, st.integers(0, 5000)),
    ),
    "ratio_thresholds": (
        {"steps": [[D("0.9"), 2], [D("0.5"), 1]]},
        st.builds(lambda r: {"ratio": D(r) / 1000}, st.integers(0, 1000)),
    ),
    "proportional": (
        {"floor": D("0.5")},
        st.builds(lambda r: {"ratio": D(r) / 1000}, st.integers(0, 1000)),
    ),
    "all_of": (
        {"conditions": [{"input": "a", "at_least": D("0.9")}, {"input": "b", "at_least": 1}]},
        st.builds(
            lambda a, b: {"a": D(a) / 100, "b": D(b) / 100},
            st.integers(0, 100),
            st.integers(0, 100),
        ),
    ),
    "deduct_per_occurrence": (
        {"per": D("0.25")},
        st.builds(lambda count: {"count": count}, st.integers(0, 100)),
    ),
    "deduct_unless": (
        {"threshold": D("0.8"), "deduction": D("0.5"), "direction": "at_most"},
        st.builds(lambda r: {"ratio": D(r) / 100}, st.integers(0, 100)),
    ),
    "honesty": (
        {"within_percent": 3, "steps": [[5, 1], [10, D("0.5")]]},
        st.builds(
            lambda s, a: {"self_total": D(s) / 100, "appraised_total": D(a) / 100},
            st.integers(0, 10_000),
            st.integers(1, 10_000),
        ),
    ),
    "given": ({}, st.builds(lambda p: {"points": D(p) / 100}, st.integers(0, 200))),
}


def test_the_property_covers_every_rule_type() -> None:
    assert set(RULES) == set(RULE_TYPES)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), lang=st.sampled_from(["vi", "en"]))
def test_every_explanation_names_its_inputs_and_result(data: st.DataObject, lang: str) -> None:
    type_ = data.draw(st.sampled_from(sorted(RULES)))
    params, inputs_strategy = RULES[type_]
    inputs = data.draw(inputs_strategy)
    evaluation = parse_rule(RuleSpec(type_, params), D(2), "1.1").evaluate(inputs, D(2))
    text = render.explain(evaluation.explanation, lang)
    assert f"→ {shown(evaluation.points, lang)}/2" in text
    if type_ == "given":
        return  # its one input is the result
    for name, value in evaluation.inputs.items():
        if isinstance(value, bool):
            expected = {"vi": ("đạt", "không đạt"), "en": ("met", "not met")}[lang]
            assert expected[0 if value else 1] in text
        elif isinstance(value, Decimal) and name in {"ratio", "a", "b"}:
            assert render.percent(value, lang) in text, (name, value, text)
        else:
            assert isinstance(value, int | Decimal), (name, value)
            assert shown(value, lang) in text, (name, value, text)


def shown(value: Decimal | int, lang: str) -> str:
    """As explanations show numbers: with the places they carry (2,00 points of 2)."""
    return render.number(value, lang)


@pytest.mark.parametrize("lang", render.LANGUAGES)
def test_every_rule_of_the_example_framework_reads_as_a_sentence(lang: str) -> None:
    framework = builtin.load("commune-example")
    for leaf in framework.leaves():
        assert leaf.rule is not None
        assert leaf.max_points is not None
        sentence = render.describe(leaf.rule, leaf.max_points, lang)
        assert "%(" not in sentence
        assert len(sentence) > 10


def _core_keys() -> set[str]:
    """Every message key `core` can raise or return, read from its source."""
    keys: set[str] = set()
    for path in (SRC / "core").glob("*.py"):
        keys |= set(re.findall(r'Message\(\s*"([a-z_]+)"', path.read_text("utf-8")))
    return keys


def test_every_message_of_the_scoring_core_has_words() -> None:
    scoring = {
        key
        for key in _core_keys()
        if key.startswith(("rule_", "framework_", "results_", "recompute_"))
    }
    known = set(render.PROBLEMS) | set(render.EXPLANATIONS)
    assert scoring <= known, scoring - known


def test_every_parameter_problem_of_a_rule_has_words() -> None:
    source = (SRC / "core" / "rules.py").read_text("utf-8")
    problems = set(re.findall(r'refuse\(\s*"([a-z_]+)"', source)) | {"bad_max"}
    assert problems <= set(render.RULE_PROBLEMS), problems - set(render.RULE_PROBLEMS)


def test_nested_messages_are_rendered_too() -> None:
    inner = Message("rule_input_missing", {"input": "ratio", "expected": "ratio"})
    outer = Message("recompute_input_refused", {"code": "1.2", "problem": inner})
    assert render.message(outer, "vi") == (
        "tiêu chí 1.2: số liệu đã ghi nhận: thiếu “ratio” (cần một tỷ lệ từ 0 đến 1)"
    )


def test_every_message_the_readers_raise_has_words() -> None:
    """Each message-key constant of a reader in io names a template in render."""
    keys: set[str] = set()
    for name in ("framework_file", "framework_workbook", "results_workbook", "org_workbook"):
        source = (SRC / "io" / f"{name}.py").read_text("utf-8")
        keys |= set(
            re.findall(
                r'^[A-Z_]+ = "((?:framework_file|framework_workbook|'
                r'results_workbook|workbook)_[a-z_]+)"',
                source,
                re.MULTILINE,
            )
        )
    source = (SRC / "core" / "gaps.py").read_text("utf-8")
    keys |= set(re.findall(r'"(gaps_[a-z_]+)"', source))
    assert len(keys) > 40
    assert keys <= set(render.PROBLEMS), sorted(keys - set(render.PROBLEMS))
