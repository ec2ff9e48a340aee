"""The solution library: the shipped file loads in both languages, covers every rule type and
recognises the fields of the built-in frameworks, and a bad file is refused on its line."""

import pytest

from parindex.core.rules import RULE_TYPES
from parindex.core.solutions import SolutionLibrary, Suggestion
from parindex.frameworks import builtin
from parindex.io import render, solution_library
from parindex.io.problems import FileRefused

GOOD = """\
format: parindex-solutions/1
fallback:
  solution: Rà soát lý do trừ điểm.
  solution_en: Review the reasons for the deductions.
  lead: Văn phòng HĐND và UBND
  lead_en: Office of the People's Council and People's Committee
  coordinating: [Phòng Kinh tế]
  coordinating_en: [Economic Office]
by_field:
  - words: [thủ tục hành chính]
    or_words: [[một cửa]]
    solution: Công khai thủ tục hành chính.
    lead: Trung tâm Phục vụ hành chính công
by_rule:
  met: {solution: Ban hành đúng hạn., lead: Văn phòng HĐND và UBND}
departments:
  kt: {name: Phòng Kinh tế, name_en: Economic Office}
"""

# Letters only Vietnamese uses: never in an English text.
VIETNAMESE_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")


def refused(text: str) -> list[tuple[str, int | None]]:
    with pytest.raises(FileRefused) as caught:
        solution_library.load(text, "bad.yaml")
    return [(p.message.key, p.place.line) for p in caught.value.problems]


def suggestions(library: SolutionLibrary) -> list[Suggestion]:
    return [
        library.fallback,
        *library.by_rule.values(),
        *(entry.suggestion for entry in library.by_field),
    ]


def texts(suggestion: Suggestion) -> list[str]:
    return [suggestion.solution, suggestion.lead, *suggestion.coordinating]


def field_titles(name: str) -> list[str]:
    return [node.title for node in builtin.load(name).nodes]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_shipped_library_loads(lang: str) -> None:
    library = solution_library.builtin(lang)
    assert library.by_field
    assert library.fallback.solution
    assert library.fallback.coordinating
    assert set(library.departments) >= {"vp", "kt", "vhxh", "ttpv"}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_rule_type_has_a_suggestion(lang: str) -> None:
    assert set(solution_library.builtin(lang).by_rule) == set(RULE_TYPES)


@pytest.mark.parametrize("name", ["commune-example", "province-2017-2948"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_field_of_the_builtins_is_recognised(name: str, lang: str) -> None:
    library = solution_library.builtin(lang)
    recognised = {entry.suggestion for entry in library.by_field}
    titles = field_titles(name)
    assert len(titles) == 8
    for title in titles:
        # A rule type too, to show the field's words come first.
        suggestion = library.suggest(None, "met", title)
        assert suggestion in recognised, title
        assert suggestion != library.fallback, title


def test_each_field_goes_to_its_natural_owner() -> None:
    library = solution_library.builtin("vi")
    leads = [library.suggest(None, None, title).lead for title in field_titles("commune-example")]
    assert leads == [
        "Phòng Văn hóa - Xã hội",  # direction of administrative reform: home affairs
        "Văn phòng HĐND và UBND",  # legal documents: justice
        "Trung tâm Phục vụ hành chính công",  # procedures, one-stop
        "Phòng Văn hóa - Xã hội",  # organisation
        "Phòng Văn hóa - Xã hội",  # staff
        "Phòng Kinh tế",  # public finance
        "Phòng Văn hóa - Xã hội",  # digital government
        "Trung tâm Phục vụ hành chính công",  # satisfaction
    ]


def test_titles_are_compared_without_diacritics_or_case() -> None:
    library = solution_library.builtin("vi")
    written = library.suggest(None, None, "Cải cách thủ tục hành chính")
    assert library.suggest(None, None, "CAI CACH THU TUC HANH CHINH") == written
    assert library.suggest(None, None, "Thực hiện cơ chế một cửa") == written  # or_words


def test_an_unknown_field_gets_its_rule_then_the_fallback() -> None:
    library = solution_library.builtin("vi")
    title = "Lĩnh vực riêng của địa phương"
    assert (
        library.suggest(None, "deduct_per_occurrence", title)
        == (library.by_rule["deduct_per_occurrence"])
    )
    assert library.suggest(None, "no_such_rule", title) == library.fallback
    assert library.suggest(None, None, title) == library.fallback


def test_english_picks_the_english_texts() -> None:
    vi = solution_library.builtin("vi")
    en = solution_library.builtin("en")
    assert en.fallback.lead == "Office of the People's Council and People's Committee"
    assert vi.fallback.lead == "Văn phòng HĐND và UBND"
    assert en.departments["kt"] == "Economic Office"
    assert len(en.by_field) == len(vi.by_field)
    for english, vietnamese in zip(suggestions(en), suggestions(vi), strict=True):
        assert english.solution != vietnamese.solution
        assert len(english.coordinating) == len(vietnamese.coordinating)


def test_vietnamese_texts_have_diacritics() -> None:
    library = solution_library.builtin("vi")
    written = [text for item in suggestions(library) for text in texts(item)]
    written += list(library.departments.values())
    assert written
    for text in written:
        assert not text.isascii(), text


def test_english_texts_have_no_vietnamese_letters() -> None:
    library = solution_library.builtin("en")
    written = [text for item in suggestions(library) for text in texts(item)]
    written += list(library.departments.values())
    for text in written:
        assert not VIETNAMESE_LETTERS & set(text), text
        assert all(ch.isascii() for ch in text if ch.isalpha()), text


def test_every_shipped_text_is_written_in_english_too() -> None:
    """English falls back to the Vietnamese text: the shipped file never relies on it."""
    text = solution_library.builtin_text()
    for key in ("solution", "lead", "coordinating"):
        assert text.count(f"  {key}:") == text.count(f"  {key}_en:"), key
    assert text.count("name:") == text.count("name_en:")


def test_a_small_file_loads_in_both_languages() -> None:
    vi = solution_library.load(GOOD, "good.yaml")
    assert vi.fallback == Suggestion(
        "Rà soát lý do trừ điểm.", "Văn phòng HĐND và UBND", ("Phòng Kinh tế",)
    )
    assert [entry.words for entry in vi.by_field] == [("thủ tục hành chính",), ("một cửa",)]
    assert vi.suggest(None, None, "Cơ chế một cửa").lead == "Trung tâm Phục vụ hành chính công"
    assert vi.lead("kt", vi.fallback) == "Phòng Kinh tế"
    en = solution_library.load(GOOD, "good.yaml", "en")
    assert en.fallback.coordinating == ("Economic Office",)
    assert en.lead("kt", en.fallback) == "Economic Office"
    # A text without its English is used as written.
    assert en.by_rule["met"].solution == "Ban hành đúng hạn."


def test_an_unknown_language_is_an_error() -> None:
    with pytest.raises(ValueError, match="fr"):
        solution_library.load(GOOD, "good.yaml", "fr")


def test_an_unknown_key_is_refused_on_its_line() -> None:
    text = GOOD.replace("  lead_en: Office", "  leader: Văn phòng\n  lead_en: Office")
    with pytest.raises(FileRefused) as caught:
        solution_library.load(text, "bad.yaml")
    [problem] = caught.value.problems
    assert (problem.message.key, problem.place.line) == ("framework_file_field", 6)
    assert problem.message.params["problem"] == "extra_forbidden"
    assert render.problem(problem, "en") == (
        "file bad.yaml, line 6: “fallback.leader”: there is no such key in the format "
        "(a typing mistake?)"
    )


def test_a_missing_solution_is_refused_on_its_mapping_line() -> None:
    text = GOOD.replace("    solution: Công khai thủ tục hành chính.\n", "")
    with pytest.raises(FileRefused) as caught:
        solution_library.load(text, "bad.yaml")
    [problem] = caught.value.problems
    assert (problem.message.key, problem.place.line) == ("framework_file_field", 10)
    assert problem.message.params == {"field": "by_field[0].solution", "problem": "missing"}


def test_a_duplicate_key_is_refused_on_its_line() -> None:
    text = GOOD.replace("departments:", "by_rule:\n  given: {solution: x, lead: y}\ndepartments:")
    assert refused(text) == [("framework_file_duplicate_key", 16)]


def test_an_unknown_rule_type_is_refused_on_its_line() -> None:
    text = GOOD.replace("  met: {", "  mett: {")
    assert refused(text) == [("rule_unknown_type", 15)]


def test_blank_texts_and_empty_word_lists_are_refused() -> None:
    text = GOOD.replace("  - words: [thủ tục hành chính]", "  - words: []").replace(
        "lead: Trung tâm Phục vụ hành chính công", 'lead: "  "'
    )
    assert refused(text) == [("framework_file_field", 10), ("framework_file_field", 13)]


def test_english_units_must_match_the_coordinating_ones() -> None:
    text = GOOD.replace("coordinating_en: [Economic Office]", "coordinating_en: [A, B]")
    with pytest.raises(FileRefused) as caught:
        solution_library.load(text, "bad.yaml")
    [problem] = caught.value.problems
    assert problem.place.line == 8
    assert problem.message.params["problem"] == "solutions_coordinating_count"
    assert "as many units" in render.problem(problem, "en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [("framework_file_empty", None)]),
        ("- a\n- b\n", [("solutions_file_not_mapping", 1)]),
        ("format: [\n", [("framework_file_syntax", 2)]),
        (
            GOOD.replace("parindex-solutions/1", "parindex-solutions/2"),
            [("framework_file_field", 1)],
        ),
    ],
)
def test_files_that_are_not_libraries_are_refused(
    text: str, expected: list[tuple[str, int | None]]
) -> None:
    assert refused(text) == expected


def test_every_refusal_has_words() -> None:
    assert solution_library.FILE_NOT_MAPPING in render.PROBLEMS
    assert solution_library.UNKNOWN_RULE_TYPE in render.PROBLEMS
    assert solution_library.COORDINATING_COUNT in render.FIELD_PROBLEMS
