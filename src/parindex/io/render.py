"""Core's messages about frameworks and rules in words, Vietnamese or English, without Django.

Headless commands (`parindex framework`, later `gaps` and `plan`) have no Django set-up, so
this module reads the same gettext catalogue the web app uses (parindex/locale, domain
"django") with Python's gettext; the web layer calls it with the request's language. Msgids
are marked with `gettext_noop` so `makemessages` collects them.

Numbers follow the reader's language: 14,18 and 2.046 in Vietnamese, 14.18 and 2,046 in
English. A ratio 0.92 is shown as 92%.
"""

import gettext as gettext_module
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from parindex.core import rules
from parindex.core.messages import Message
from parindex.core.rules import RuleSpec, parse_rule
from parindex.io.problems import Place, Problem

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def chosen(code: str | None) -> str:
    """The language parindex speaks for a language code ("en-us" → "en"; else Vietnamese)."""
    active = (code or DEFAULT_LANGUAGE)[:2]
    return active if active in LANGUAGES else DEFAULT_LANGUAGE


def gettext_noop(message: str) -> str:
    """Marks a msgid for `makemessages`; the text is translated when rendered."""
    return message


@cache
def catalog(lang: str) -> gettext_module.NullTranslations:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; one of {', '.join(LANGUAGES)}")
    return gettext_module.translation(
        "django", localedir=LOCALE_DIR, languages=[lang], fallback=lang == "en"
    )


def number(value: Decimal | int, lang: str) -> str:
    """1234.5 → "1.234,5" (vi) or "1,234.5" (en); the value's own decimals are kept."""
    group, point = (".", ",") if lang == "vi" else (",", ".")
    text = str(value) if isinstance(value, int) else format(value, "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    grouped = f"{int(whole):,}".replace(",", group)
    return f"{sign}{grouped}{point + fraction if fraction else ''}"


def percent(ratio: Decimal, lang: str) -> str:
    """A ratio 0.925 as "92,5%" (vi) or "92.5%" (en)."""
    return f"{number((ratio * 100).normalize(), lang)}%"


def _shown(value: object, lang: str) -> str:
    """A parameter as the reader expects it: points with the places they were rounded to
    (14,18; 1,00; 0,00), a maximum as the framework writes it (1; 0,5)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal):
        return number(value, lang)
    if isinstance(value, int):
        return number(value, lang)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list | tuple):
        if value and all(isinstance(item, Decimal) for item in value):
            return " + ".join(_shown(item, lang) for item in value)  # points to add up
        return ", ".join(_shown(item, lang) for item in value)
    return str(value)


# Rule explanations ---------------------------------------------------------------------

_ = gettext_noop

EXPLANATIONS: dict[str, str] = {
    "manual": _("Scored %(score)s in steps of %(step)s → %(points)s/%(max)s points"),
    "met": _("%(subject)s → %(points)s/%(max)s points"),
    "count_steps": _("%(subject)s (%(threshold)s) → %(points)s/%(max)s points"),
    "ratio_thresholds": _("%(subject)s (%(threshold)s) → %(points)s/%(max)s points"),
    "proportional": _("%(subject)s → %(points)s/%(max)s points"),
    "all_of": _("%(subject)s → %(points)s/%(max)s points"),
    "deduct_per_occurrence": _("%(subject)s × −%(per)s → %(points)s/%(max)s points"),
    "deduct_unless": _("%(subject)s (%(threshold)s) → %(points)s/%(max)s points"),
    "honesty": _(
        "Self-assessed %(self_total)s, appraised %(appraised_total)s: a deviation of "
        "%(deviation)s (allowed %(within_percent)s) → %(points)s/%(max)s points"
    ),
    "given": _("%(subject)s → %(points)s/%(max)s points"),
}

_MET = _("met")
_NOT_MET = _("not met")
_NO_THRESHOLD = _("no threshold reached")
_THRESHOLD = _("threshold %(at_least)s")
_REQUIRED_AT_LEAST = _("required at least %(threshold)s")
_REQUIRED_AT_MOST = _("required at most %(threshold)s")
_REQUIRED_ABOVE = _("required above %(threshold)s")
_REQUIRED_BELOW = _("required below %(threshold)s")
_DEDUCTED = _("%(required)s, −%(deduction)s deducted")
_ALL_MET = _("all %(count)s conditions met: %(conditions)s")
_MET_TOO = _("met: %(met)s")
_UNMET = _("not met: %(unmet)s")
_CONDITION = _("%(label)s %(ratio)s (at least %(at_least)s)")
_REQUIREMENT = _("requirement")
_SURVEY_OR_GIVEN = _("score given")


def explain(
    message: Message, lang: str = DEFAULT_LANGUAGE, labels: Mapping[str, str] | None = None
) -> str:
    """A rule's explanation in words: "92% văn bản điện tử → 0,92/1 điểm".

    `labels` are the node's words for its inputs (RuleSpec.labels); without one a value
    stands alone ("92% → 0,92/1 điểm").
    """
    words = catalog(lang).gettext
    labels = labels or {}
    params = dict(message.params)

    def labelled(name: str, shown: str) -> str:
        return f"{shown} {labels[name]}" if labels.get(name) else shown

    def ratio(name: str) -> str:
        return labelled(name, percent(_decimal(params[name]), lang))

    shown: dict[str, str] = {
        name: _shown(value, lang) for name, value in params.items() if name not in {"met"}
    }
    key = message.key
    if key == "met":
        state = words(_MET) if params["met"] else words(_NOT_MET)
        shown["subject"] = f"{labels.get('met') or words(_REQUIREMENT)}: {state}"
    elif key in {"count_steps", "deduct_per_occurrence"}:
        shown["subject"] = labelled("count", _shown(params["count"], lang))
    elif key in {"ratio_thresholds", "proportional", "deduct_unless"}:
        shown["subject"] = ratio("ratio")
    elif key == "given":
        shown["subject"] = labels.get("points") or words(_SURVEY_OR_GIVEN)
    elif key == "all_of":
        shown["subject"] = _conditions(params, labels, lang)
    if key in {"count_steps", "ratio_thresholds"}:
        threshold = params["threshold"]
        if threshold is None:
            shown["threshold"] = words(_NO_THRESHOLD)
        else:
            at_least = (
                _shown(threshold, lang)
                if key == "count_steps"
                else percent(_decimal(threshold), lang)
            )
            shown["threshold"] = words(_THRESHOLD) % {"at_least": at_least}
    if key == "deduct_unless":
        shown["threshold"] = _requirement(params, lang)
    if key == "honesty":
        shown["deviation"] = (
            f"{number(_decimal(params['deviation']).quantize(Decimal('0.01')), lang)}%"
        )
        shown["within_percent"] = f"{_shown(params['within_percent'], lang)}%"
    return words(EXPLANATIONS[key]) % shown


def _decimal(value: object) -> Decimal:
    if isinstance(value, Decimal | int):
        return Decimal(value)
    raise TypeError(f"{value!r} is not a number")


def _requirement(params: Mapping[str, object], lang: str) -> str:
    words = catalog(lang).gettext
    at_most = params["direction"] == "at_most"
    inclusive = bool(params["inclusive"])
    template = {
        (False, True): _REQUIRED_AT_LEAST,
        (True, True): _REQUIRED_AT_MOST,
        (False, False): _REQUIRED_ABOVE,
        (True, False): _REQUIRED_BELOW,
    }[(at_most, inclusive)]
    required = words(template) % {"threshold": percent(_decimal(params["threshold"]), lang)}
    if params["met"]:
        return required
    deduction = _shown(params["deduction"], lang)
    return words(_DEDUCTED) % {"required": required, "deduction": deduction}


def _conditions(params: Mapping[str, object], labels: Mapping[str, str], lang: str) -> str:
    """Every condition with its value: the unmet ones first, then those met."""
    words = catalog(lang).gettext
    conditions = params["conditions"]
    assert isinstance(conditions, Sequence)
    unmet = params["unmet"]
    assert isinstance(unmet, Sequence)

    def listed(met: bool) -> str:
        return "; ".join(
            words(_CONDITION)
            % {
                "label": labels.get(name) or name,
                "ratio": percent(_decimal(params[name]), lang),
                "at_least": percent(_decimal(at_least), lang),
            }
            for name, at_least in conditions
            if (name not in unmet) == met
        )

    if not unmet:
        return words(_ALL_MET) % {"count": len(conditions), "conditions": listed(True)}
    shown = words(_UNMET) % {"unmet": listed(False)}
    if len(unmet) < len(conditions):
        shown += "; " + words(_MET_TOO) % {"met": listed(True)}
    return shown


# Rules in words, as a framework page or `parindex framework show` states them ------------

RULES: dict[str, str] = {
    "manual": _("Scored by hand in steps of %(step)s points"),
    "met": _("%(subject)s: %(max)s points when met, 0 when not"),
    "count_steps": _("By the number of %(subject)s: %(steps)s; otherwise 0"),
    "ratio_thresholds": _("By the share of %(subject)s: %(steps)s; otherwise 0"),
    "proportional": _(
        "In proportion to the share of %(subject)s: 0 points at %(floor)s or less, "
        "full points from %(full)s"
    ),
    "all_of": _("Full points when all hold: %(conditions)s; otherwise 0"),
    "deduct_per_occurrence": _("−%(per)s points for each %(subject)s, down to 0"),
    "deduct_unless": _("Full points when %(subject)s is %(required)s; otherwise −%(deduction)s"),
    "honesty": _(
        "Full points when the self-assessed total is within %(within)s of the appraised "
        "total%(steps)s; otherwise 0"
    ),
    "given": _("%(subject)s, given directly (a survey or an outside score)"),
}
_STEP = _("%(at_least)s → %(points)s")
_HONESTY_STEP = _("within %(percent)s → %(points)s")
_HONESTY_STEPS = _("; %(steps)s")
_AT_LEAST = _("at least %(threshold)s")
_AT_MOST = _("at most %(threshold)s")
_ABOVE = _("above %(threshold)s")
_BELOW = _("below %(threshold)s")
_ITEMS = _("items")
_THE_RATIO = _("the target")
_THE_SCORE = _("The score")


def _steps(table: list[tuple[str, Decimal]], lang: str) -> str:
    """Thresholds, highest first: "≥ 90% → 1; ≥ 70% → 0,5"."""
    words = catalog(lang).gettext
    return "; ".join(
        words(_STEP) % {"at_least": f"≥ {limit}", "points": _shown(award, lang)}
        for limit, award in reversed(table)
    )


def describe(spec: RuleSpec, max_points: Decimal, lang: str = DEFAULT_LANGUAGE) -> str:
    """A rule as a sentence: "In proportion to the share of văn bản điện tử: …"."""
    words = catalog(lang).gettext
    rule = parse_rule(spec, max_points, "")
    labels = spec.labels

    def points(value: Decimal) -> str:
        return _shown(value, lang)

    params: dict[str, str] = {"max": points(max_points)}
    if isinstance(rule, rules.Manual):
        params["step"] = points(rule.step)
    elif isinstance(rule, rules.Met):
        params["subject"] = labels.get("met") or words(_REQUIREMENT)
    elif isinstance(rule, rules.CountSteps):
        params["subject"] = labels.get("count") or words(_ITEMS)
        params["steps"] = _steps(
            [(_shown(limit, lang), award) for limit, award in rule.table], lang
        )
    elif isinstance(rule, rules.RatioThresholds):
        params["subject"] = labels.get("ratio") or words(_THE_RATIO)
        params["steps"] = _steps(
            [(percent(limit, lang), award) for limit, award in rule.table], lang
        )
    elif isinstance(rule, rules.Proportional):
        params["subject"] = labels.get("ratio") or words(_THE_RATIO)
        params["floor"] = percent(rule.floor, lang)
        params["full"] = percent(rule.full, lang)
    elif isinstance(rule, rules.AllOf):
        params["conditions"] = "; ".join(
            f"{labels.get(name) or name} ≥ {percent(at_least, lang)}"
            for name, at_least in rule.conditions
        )
    elif isinstance(rule, rules.DeductPerOccurrence):
        params["per"] = points(rule.per)
        params["subject"] = labels.get("count") or words(_ITEMS)
    elif isinstance(rule, rules.DeductUnless):
        params["subject"] = labels.get("ratio") or words(_THE_RATIO)
        template = {
            ("at_least", True): _AT_LEAST,
            ("at_most", True): _AT_MOST,
            ("at_least", False): _ABOVE,
            ("at_most", False): _BELOW,
        }[(rule.direction, rule.inclusive)]
        params["required"] = words(template) % {"threshold": percent(rule.threshold, lang)}
        params["deduction"] = points(rule.deduction)
    elif isinstance(rule, rules.Honesty):
        params["within"] = f"{_shown(rule.within_percent, lang)}%"
        steps = "; ".join(
            words(_HONESTY_STEP) % {"percent": f"{_shown(limit, lang)}%", "points": points(award)}
            for limit, award in rule.table
        )
        params["steps"] = words(_HONESTY_STEPS) % {"steps": steps} if steps else ""
    elif isinstance(rule, rules.Given):
        params["subject"] = labels.get("points") or words(_THE_SCORE)
    return words(RULES[rule.type]) % params


# Words for the framework's own codes -----------------------------------------------------

LEVELS: dict[str, str] = {
    "province": _("provincial level"),
    "department": _("department level"),
    "district": _("district level"),
    "commune": _("commune level"),
    "ministry": _("ministerial level"),
}
SCORINGS: dict[str, str] = {
    "assessed": _("self-assessed and appraised"),
    "data": _("computed from data"),
    "survey": _("from a survey"),
    "fixed_total": _("capped total"),
}


# The parts a composite index weighs (Framework.composite), e.g. 68 appraised + 32 survey.
PARTS: dict[str, str] = {
    "appraised": _("appraised points"),
    "survey": _("sociological survey"),
}


# The stages of an assessment cycle (parindex.core.assessment.StageKind).
STAGES: dict[str, str] = {
    "self_assessment": _("self-assessment"),
    "appraisal": _("appraisal"),
    "explanation": _("explanation"),
    "second_appraisal": _("second appraisal"),
    "council": _("council"),
    "publication": _("publication"),
}


def stage(code: str, lang: str = DEFAULT_LANGUAGE) -> str:
    return catalog(lang).gettext(STAGES[code]) if code in STAGES else code


def part(code: str, lang: str = DEFAULT_LANGUAGE) -> str:
    return catalog(lang).gettext(PARTS[code]) if code in PARTS else code


def level(code: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A framework's level in words; a level parindex has no words for stays as written."""
    return catalog(lang).gettext(LEVELS[code]) if code in LEVELS else code


def scoring(code: str, lang: str = DEFAULT_LANGUAGE) -> str:
    return catalog(lang).gettext(SCORINGS[code]) if code in SCORINGS else code


# Problems: refusals from rules, framework checks and framework files ---------------------

PROBLEMS: dict[str, str] = {
    "rule_unknown_type": _("there is no rule type “%(type)s”"),
    "rule_invalid": _("the rule %(type)s: %(problem)s"),
    "rule_label_unknown_input": _(
        "the rule %(type)s has no input “%(input)s” to label "
        "(its inputs: %(inputs)s), or the label is blank"
    ),
    "rule_above_max": _(
        "the rule awards or deducts %(value)s, more than the criterion's maximum %(max)s"
    ),
    "rule_input_missing": _("“%(input)s” is missing (expected %(expected)s)"),
    "rule_input_invalid": _("“%(input)s” is not %(expected)s"),
    "rule_input_out_of_range": _("“%(input)s” = %(value)s is outside %(least)s–%(most)s"),
    "rule_input_off_step": _("“%(input)s” = %(value)s is not a multiple of the step %(step)s"),
    "rule_appraised_total_zero": _("the appraised total is 0: no deviation can be computed"),
    "framework_code_empty": _("the code “%(code)s” (id %(id)s) is empty or has an empty part"),
    "framework_duplicate_code": _("the code %(code)s is used by more than one node"),
    "framework_duplicate_id": _(
        "the id %(id)s of %(code)s is already the id of %(first_code)s: ids must be unique"
    ),
    "framework_code_outside_parent": _(
        "the code %(code)s does not continue its parent's code %(parent)s"
    ),
    "framework_negative_max": _("the maximum %(max)s is below zero"),
    "framework_children_over_max": _(
        "its parts add up to %(children_sum)s, more than its maximum %(max)s"
    ),
    "framework_children_under_max": _(
        "its parts add up to %(children_sum)s, less than its maximum %(max)s"
    ),
    "framework_rule_on_parent": _(
        "it has parts, so its points are their sum: remove its rule %(type)s"
    ),
    "framework_band_empty": _(
        "the band “%(band)s” from %(at_least)s to below %(below)s holds no value"
    ),
    "framework_bands_overlap": _("the bands “%(band)s” and “%(other)s” overlap"),
    "framework_skeleton": _(
        "this framework is a skeleton: the maximum or rule of %(missing)s is not known yet, "
        "so it cannot be used for scoring"
    ),
    "framework_no_nodes": _(
        "the framework %(id)s has no criteria yet, so it cannot be used for scoring"
    ),
    "framework_code_map_without_follows": _(
        "the code map needs “follows”: the id of the framework whose codes it maps"
    ),
    "framework_code_map_unknown": _(
        "the code map maps to %(code)s, which is not a code of this framework"
    ),
    "cycle_stage_missing": _("the stage “%(stage)s” has no dates"),
    "cycle_stage_twice": _("the stage “%(stage)s” is given twice"),
    "cycle_stage_reversed": _(
        "the stage “%(stage)s” closes on %(closes)s, before it opens on %(opens)s"
    ),
    "cycle_stage_before_previous": _(
        "the stage “%(stage)s” opens before the stage before it, “%(previous)s”"
    ),
    "cycle_unit_in_two_groups": _("%(unit)s is in two ranking groups: %(groups)s"),
    "cycle_sheet_incomplete": _("%(unit)s has not scored %(missing)s"),
    "results_unknown_node": _("there is no node with the id %(id)s in the framework"),
    "results_not_a_leaf": _("the node %(id)s has parts: only leaves carry points"),
    "results_leaf_missing": _("criterion %(code)s has no points"),
    "results_leaf_out_of_range": _("criterion %(code)s: %(points)s points is outside 0–%(max)s"),
    "results_nothing_applicable": _("no criterion of %(framework)s applies"),
    "results_negative_adjustment": _("the %(name)s of %(value)s points is below zero"),
    "results_composite_unknown_part": _(
        "“%(part)s” is not one of the parts the framework's composition weighs"
    ),
    "results_composite_missing": _("the part “%(part)s” of the composition has no value"),
    "results_composite_zero_max": _(
        "the part “%(part)s” has a maximum of %(max)s: it cannot be weighed"
    ),
    "results_composite_out_of_range": _(
        "the part “%(part)s” has %(points)s points, outside 0–%(max)s"
    ),
    "results_deviation_zero_appraised": _(
        "the appraised total is 0: no deviation of the self-assessed %(self_total)s can be computed"
    ),
    "recompute_content_unreadable": _(
        "the frozen framework content %(hash)s can no longer be read"
    ),
    "recompute_hash_differs": _(
        "the frozen framework content was altered: stored as %(hash)s, it now hashes to "
        "%(computed)s"
    ),
    "recompute_input_refused": _("criterion %(code)s: its recorded inputs: %(problem)s"),
    "recompute_honesty_input_differs": _(
        "criterion %(code)s: its recorded %(input)s is %(recorded)s, the other criteria give "
        "%(computed)s"
    ),
    "recompute_leaf_differs": _(
        "criterion %(code)s: published %(published)s points, the rule gives %(computed)s"
    ),
    "recompute_total_refused": _("the totals cannot be added up: %(problem)s"),
    "recompute_total_differs": _(
        "total: published %(published)s points, the criteria add up to %(computed)s"
    ),
    "recompute_index_differs": _("index: published %(published)s%%, computed %(computed)s%%"),
    # Workbooks (parindex.io.org_workbook, parindex.io.framework_workbook).
    "workbook_empty": _("The file is empty."),
    "assessment_workbook_not_ours": _(
        "This is not a self-assessment workbook of parindex: download the workbook from the "
        "assessment's page, fill the “Value” column and upload it unchanged otherwise."
    ),
    "assessment_workbook_key": _(
        "“%(key)s” is not a criterion and input of this assessment: the hidden columns "
        "must stay as downloaded."
    ),
    "assessment_workbook_stale": _(
        "criterion %(code)s was changed on the site since the workbook was downloaded "
        "(version %(expected)s, now %(current)s): download it again"
    ),
    "assessment_workbook_locked": _("the self-assessment is not open for changes: %(reason)s"),
    "workbook_unreadable": _(
        "The file is not an Excel workbook (.xlsx); open it in Excel or LibreOffice and "
        "save it as .xlsx."
    ),
    "workbook_no_sheets": _(
        "The workbook has none of the sheets parindex reads: %(expected)s (its sheets: %(found)s)."
    ),
    "workbook_nothing": _("The workbook has no rows to import."),
    "workbook_sheet_twice": _(
        "The sheet “%(other)s” holds the same things: keep only one of the two."
    ),
    "workbook_too_many_rows": _(
        "The sheet has more than %(most)s rows; split it into several workbooks."
    ),
    "workbook_column_missing": _(
        "The column is missing: the header row must name it (“%(vi)s” or “%(en)s”)."
    ),
    "workbook_column_unknown": _(
        "parindex does not know this column; the columns of this sheet are %(expected)s."
    ),
    "workbook_column_twice": _("The same column is already in column %(other)s."),
    "workbook_value_required": _("A value is required."),
    "workbook_value_date": _(
        "“%(value)s” is not a date: write dd/mm/yyyy (e.g. 01/07/2025) or use a date cell."
    ),
    "workbook_value_year": _("“%(value)s” is not a year: write four digits (e.g. 2025)."),
    "workbook_value_choice": _("“%(value)s” is not one of the accepted values: %(allowed)s."),
    "framework_workbook_sheet_missing": _(
        "the sheet “%(vi)s” (or “%(en)s”) is missing: it holds the framework"
    ),
    "framework_workbook_key_missing": _(
        "the row “%(vi)s” (or “%(en)s”) is missing from the framework sheet"
    ),
    "framework_workbook_key_unknown": _(
        "parindex does not know this row; the rows of this sheet are %(expected)s"
    ),
    "framework_workbook_key_twice": _("this row is already given on row %(row)s"),
    "framework_workbook_value_number": _("“%(value)s” is not a number"),
    "framework_workbook_value_whole": _("“%(value)s” is not a whole number, 0 or more"),
    "framework_workbook_value_bool": _("“%(value)s” is not one of %(allowed)s"),
    "framework_workbook_value_code_map": _(
        "“%(value)s” is not a code map: write old code > new code, separated by semicolons "
        "(1.5 > 1.6; 3.1 > 3.1.1)"
    ),
    "framework_workbook_value_weights": _(
        "“%(value)s” is not written “name: points; name: points” (e.g. appraised: 68; survey: 32)"
    ),
    "framework_workbook_value_not_mapping": _("“%(value)s” is not written {name: value, …}"),
    "framework_workbook_param_reserved": _(
        "“%(param)s” has its own column: leave it out of the parameters"
    ),
    "framework_workbook_depth": _("“%(value)s” is not a level: write 1 for a field, 2 below it …"),
    "framework_workbook_too_large": _(
        "the workbook holds more than %(most)s bytes once unpacked: it is not a framework"
    ),
    "framework_workbook_depth_jump": _(
        "a node of level %(depth)s cannot follow one of level %(previous)s: levels go down "
        "one at a time"
    ),
    # Results workbooks (parindex.io.results_workbook).
    "results_workbook_not_spreadsheet": _(
        "this is a %(kind)s file, not a results workbook (.xlsx, .xls or .csv)"
    ),
    "results_workbook_encoding": _("the text file is not UTF-8: save it as “CSV UTF-8”"),
    "results_workbook_header_missing": _(
        "no header row in the first %(rows)s rows: a row must name the columns (%(expected)s)"
    ),
    "results_workbook_unit_missing": _(
        "the scorecard does not say which unit it is: write “Đơn vị: …” above the table"
    ),
    "results_workbook_unit_twice": _(
        "the unit %(unit)s is already given (sheet “%(sheet)s”, row %(row)s)"
    ),
    "results_import_unit_unknown": _(
        "the unit “%(unit)s” is not one of the units whose results you manage: "
        "check its name, or write its code"
    ),
    "results_import_unit_ambiguous": _(
        "“%(unit)s” could be any of the units %(codes)s: write the unit's code in the file"
    ),
    "results_import_unit_inactive": _(
        "the unit “%(unit)s” (%(code)s) did not exist in %(year)s: check the year, or the unit "
        "that existed then"
    ),
    "results_import_unit_twice": _(
        "“%(unit)s” is the unit %(code)s, whose result the file already gives under another name"
    ),
    "results_import_year_missing": _(
        "the file does not say the year of the result of %(unit)s: choose the year"
    ),
    "results_import_too_precise": _(
        "%(unit)s: %(value)s has more decimal places than the %(places)s the framework publishes"
    ),
    "results_import_total_above_max": _(
        "%(unit)s: the total %(total)s is above the maximum %(max)s"
    ),
    "results_import_index_out_of_range": _("%(unit)s: the index %(index)s%% is not within 0–100%%"),
    "results_import_exists": _(
        "%(unit)s (%(code)s) already has a result for %(year)s on this framework"
    ),
    "results_workbook_code_bad": _(
        "“%(value)s” is not a code such as 1.5, TC 1.5 or Tiêu chí 3.1.4"
    ),
    "results_workbook_code_twice": _("the code %(code)s is already given on row %(row)s"),
    "results_workbook_code_unknown": _("the framework %(framework)s has no criterion %(code)s"),
    "results_workbook_title_unknown": _(
        "the framework %(framework)s has no criterion named “%(title)s”"
    ),
    "results_workbook_max_differs": _(
        "criterion %(code)s: the maximum %(max)s is not the framework's %(framework_max)s"
    ),
    "results_workbook_number": _("“%(value)s” is not a number of points"),
    "results_workbook_number_ambiguous": _(
        "“%(value)s” has both “,” and “.”: write points with one decimal mark (85,82)"
    ),
    "results_workbook_rank": _("“%(value)s” is not a rank (a whole number, 1 or more)"),
    "results_workbook_negative": _("%(value)s points is below zero"),
    "results_workbook_above_max": _("%(value)s points is above the maximum %(max)s"),
    "results_workbook_formula_error": _(
        "the cell shows the formula error %(value)s: correct the formula or type the number"
    ),
    "results_workbook_total_twice": _("a total row is already given on row %(row)s"),
    # Reconciliation of a scorecard (parindex.core.gaps).
    "gaps_children_differ": _(
        "criterion %(code)s: %(achieved)s points, but its parts add up to %(children)s"
    ),
    "gaps_loss_unexplained": _(
        "criterion %(code)s lost %(lost)s points; its listed parts explain %(explained)s: "
        "%(unexplained)s points are not explained by any listed item"
    ),
    "gaps_total_differs": _(
        "the total is %(achieved)s points, but the fields add up to %(fields)s"
    ),
    "gaps_total_unexplained": _(
        "the listed losses %(items)s add up to %(explained)s, but the total lost %(lost)s: "
        "%(unexplained)s points are not explained by any listed item"
    ),
    "gaps_self_total_differs": _(
        "the self-assessed total is %(self_total)s, but the fields' self scores add up to "
        "%(fields)s"
    ),
    "gaps_total_unknown": _("the total of %(unit)s is not known"),
    "gaps_unit_required": _("the workbook holds several units (%(units)s): say which with --unit"),
    "gaps_unit_not_found": _("there is no unit “%(unit)s” in the workbook (its units: %(units)s)"),
    "gaps_unit_ambiguous": _(
        "“%(unit)s” fits more than one unit (%(units)s): give its code or full name"
    ),
    "gaps_no_file": _("cannot read %(name)s: %(error)s"),
    "gaps_not_a_loss": _("%(codes)s lost no points"),
    # Edits of a remediation plan (parindex.core.plan.revise).
    "plan_solution_empty": _("item %(code)s: write what will be done"),
    "plan_lead_empty": _("item %(code)s: name the lead unit"),
    "plan_points_above_lost": _(
        "item %(code)s: %(points)s points cannot be recovered: it lost %(lost)s (0 to %(lost)s)"
    ),
    "plan_day_outside": _("%(day)s is not within %(first)s or %(last)s, the plan's years"),
    "plan_order_mismatch": _(
        "the order must list every item of the plan once (missing: %(missing)s; not in the "
        "plan: %(extra)s)"
    ),
    "plan_item_unknown": _("the plan has no item %(code)s"),
    "plan_target_number": _("target number %(number)s is not a new number of 1 or more"),
    "plan_target_empty": _("target %(number)s: write its measurable aim"),
    "plan_target_lead_empty": _("target %(number)s: name the lead unit"),
    "plan_template_unreadable": _(
        "this is not a Word document (.docx) that can be opened: open it in Word and save it "
        "as .docx"
    ),
    "plan_period_unknown": _("“%(period)s” is not a reporting period (quarter, half_year, year)"),
    "framework_not_found": _(
        "there is no such file, nor a built-in framework of that name (built-in: %(builtins)s)"
    ),
    "framework_file_empty": _("the file is empty"),
    "framework_file_too_large": _("the file is larger than %(most)s bytes"),
    "framework_file_not_text": _("the file is not UTF-8 text"),
    "framework_file_syntax": _("this is not valid YAML (%(problem)s)"),
    "framework_file_duplicate_key": _("the key “%(key)s” is written twice"),
    "framework_file_alias": _("aliases (*name) are not allowed: write the value out"),
    "framework_file_too_deep": _("the text is nested more than %(most)s levels deep"),
    "framework_file_key_not_text": _("a key must be a word, not a list or a mapping"),
    "framework_file_not_a_number": _("“%(value)s” is not a number"),
    "framework_file_not_mapping": _("a framework file is a mapping of keys (format, id, title …)"),
    "framework_file_field": _("“%(field)s”: %(problem)s"),
    # Solution library files (parindex.io.solution_library).
    "solutions_file_not_mapping": _(
        "a solution library file is a mapping of keys (format, fallback, by_field, by_rule …)"
    ),
}

# pydantic's error types in a framework file's fields, with the limits pydantic names.
FIELD_PROBLEMS: dict[str, str] = {
    "missing": _("this key is required"),
    "extra_forbidden": _("there is no such key in the format (a typing mistake?)"),
    "decimal_parsing": _("a number is expected"),
    "decimal_type": _("a number is expected"),
    "finite_number": _("a finite number is expected"),
    "int_parsing": _("a whole number is expected"),
    "int_type": _("a whole number is expected"),
    "int_from_float": _("a whole number is expected"),
    "greater_than_equal": _("must be at least %(ge)s"),
    "less_than_equal": _("must be at most %(le)s"),
    "too_short": _("must hold at least %(min_length)s item(s)"),
    "string_too_short": _("must not be empty"),
    "string_type": _("text is expected"),
    "list_type": _("a list is expected"),
    "dict_type": _("a mapping of keys is expected"),
    "model_type": _("a mapping of keys is expected"),
    "bool_type": _("true or false is expected"),
    "bool_parsing": _("true or false is expected"),
    "literal_error": _("must be %(expected)s"),
    "enum": _("must be one of %(expected)s"),
    "string_too_long": _("is longer than %(max_length)s characters"),
    "string_pattern_mismatch": _(
        "may hold only letters, digits, dots, dashes and underscores (no spaces or slashes)"
    ),
    "rule_value_kind": _(
        "the parameter “%(name)s” must be a number, text, true/false, or a list or mapping of them"
    ),
    "invalid_key": _("a key must be text (a decimal comma? write 0.25, not 0,25)"),
    "solutions_coordinating_count": _(
        "must name as many units as “coordinating”, in the same order (%(count)s)"
    ),
}
_FIELD_OTHER = _("is not valid (%(problem)s)")

# rule_invalid's problems (parindex.core.rules), with the params each names.
RULE_PROBLEMS: dict[str, str] = {
    "bad_max": _("the maximum %(max)s is not a number of points"),
    "unknown_param": _("there is no parameter “%(param)s”"),
    "missing_param": _("the parameter “%(param)s” is required"),
    "not_list": _("“%(param)s” must be a list"),
    "empty": _("“%(param)s” must not be empty"),
    "steps_not_monotone": _("in “%(param)s”, reaching more must never earn less"),
    "not_number": _("“%(param)s” = %(value)s is not a number"),
    "negative": _("“%(param)s” = %(value)s is below zero"),
    "ratio_out_of_range": _("“%(param)s” = %(value)s is not a ratio from 0 to 1"),
    "not_integer": _("“%(param)s” = %(value)s is not a whole number"),
    "not_boolean": _("“%(param)s” = %(value)s is not true or false"),
    "bad_choice": _("“%(param)s” = %(value)s is not one of %(choices)s"),
    "not_positive": _("“%(param)s” = %(value)s must be above zero"),
    "bad_step": _("entry %(index)s of “%(param)s” is not a pair [threshold, points]"),
    "duplicate_threshold": _("“%(param)s” has the threshold %(value)s twice"),
    "floor_not_below_full": _("the floor %(floor)s must be below full %(full)s"),
    "step_does_not_divide_max": _("the step %(step)s does not divide the maximum %(max)s"),
    "too_many_steps": _("the step %(step)s makes more than %(most)s scores up to %(max)s"),
    "bad_condition": _("entry %(index)s of “%(param)s” is not {input: NAME, at_least: RATIO}"),
    "bad_input_name": _("entry %(index)s of “%(param)s” has an unusable input name %(value)s"),
    "duplicate_input": _("“%(param)s” names the input %(value)s twice"),
    "step_within_tolerance": _(
        "“%(param)s” has a step at %(value)s%%, within the tolerance already: it never applies"
    ),
}

# What a rule input must be, by core's InputKind.
INPUT_KINDS: dict[str, str] = {
    "count": _("a whole number, 0 or more"),
    "ratio": _("a ratio from 0 to 1"),
    "bool": _("yes or no"),
    "points": _("a number of points"),
    "text": _("text"),
}

_PLACE_FILE = _("file %(file)s")
_PLACE_LINE = _("file %(file)s, line %(line)s")
_PLACE_NODE = _("file %(file)s, line %(line)s, criterion %(node)s")
_PLACE_NODE_NO_LINE = _("file %(file)s, criterion %(node)s")
_PLACE_CRITERION = _("criterion %(node)s")
_PLACE_SHEET = _("file %(file)s, sheet “%(sheet)s”")
_PLACE_ROW = _("file %(file)s, sheet “%(sheet)s”, row %(row)s")
_PLACE_CELL = _("file %(file)s, sheet “%(sheet)s”, row %(row)s, column “%(column)s”")
# A CSV file has rows and columns but no sheets.
_PLACE_TEXT_ROW = _("file %(file)s, row %(row)s")
_PLACE_TEXT_CELL = _("file %(file)s, row %(row)s, column “%(column)s”")
_AT = _("%(place)s: %(problem)s")


def message(item: Message, lang: str = DEFAULT_LANGUAGE) -> str:
    """A refusal or check message in words; rule explanations go through `explain`."""
    words = catalog(lang).gettext
    if item.key in EXPLANATIONS:
        return explain(item, lang)
    params: dict[str, object] = {
        name: message(value, lang) if isinstance(value, Message) else _shown(value, lang)
        for name, value in item.params.items()
    }
    for name in ("stage", "previous"):
        if item.key.startswith("cycle_stage") and name in item.params:
            params[name] = stage(str(item.params[name]), lang)
    if item.params.get("expected") in INPUT_KINDS and item.key.startswith("rule_input"):
        params["expected"] = words(INPUT_KINDS[str(item.params["expected"])])
    if item.key == "rule_input_out_of_range" and item.params.get("most") is None:
        params["most"] = "…"
    if item.key == "framework_file_syntax":
        params["problem"] = _yaml_problem(str(item.params["problem"]), lang)
    if item.key == "rule_invalid":
        problem = str(item.params["problem"])
        template = RULE_PROBLEMS.get(problem, _FIELD_OTHER)
        params["problem"] = words(template) % _Lenient({**params, "problem": problem})
    if item.key == "framework_file_field":
        problem = str(item.params["problem"])
        template = FIELD_PROBLEMS.get(problem, _FIELD_OTHER)
        params["problem"] = words(template) % _Lenient(params)
    if item.key not in PROBLEMS:
        raise KeyError(f"no words for the message {item.key!r}")
    return words(PROBLEMS[item.key]) % params


# PyYAML's most common complaints, by how they begin; any other is shown as PyYAML says it.
YAML_PROBLEMS: dict[str, str] = {
    "expected ',' or '}'": _("a mapping in braces is not closed with “}” or misses a comma"),
    "expected ',' or ']'": _("a list in brackets is not closed with “]” or misses a comma"),
    "mapping values are not allowed here": _(
        "a “:” where none may be (put text containing “: ” in quotes)"
    ),
    "could not find expected ':'": _("a key without its “:”"),
    "found character '\\t' that cannot start any token": _("a tab: indent with spaces, not tabs"),
    "expected <block end>": _("the indentation does not line up"),
    "found unexpected end of stream": _("the text ends before a quote or bracket is closed"),
    "expected the node content": _("a value is missing"),
    "unacceptable character": _("a control character that text may not contain"),
}


def _yaml_problem(problem: str, lang: str) -> str:
    for start, words in YAML_PROBLEMS.items():
        if problem.startswith(start):
            return catalog(lang).gettext(words)
    return problem


class _Lenient(dict[str, object]):
    """Params for a template whose limit pydantic did not name: shown as "…"."""

    def __missing__(self, key: str) -> object:
        return "…"


def place(where: Place, lang: str = DEFAULT_LANGUAGE) -> str:
    words = catalog(lang).gettext
    params = {
        "file": where.file,
        "sheet": where.sheet,
        "row": where.row,
        "column": where.column,
        "line": where.line,
        "node": where.node,
    }
    if where.sheet is not None:
        if where.row is None:
            return words(_PLACE_SHEET) % params
        if where.column is None:
            return words(_PLACE_ROW) % params
        return words(_PLACE_CELL) % params
    if where.node is not None:
        if not where.file:  # an edit on a page, not a file
            return words(_PLACE_CRITERION) % params
        return words(_PLACE_NODE if where.line is not None else _PLACE_NODE_NO_LINE) % params
    if where.line is not None:
        return words(_PLACE_LINE) % params
    if where.row is not None:
        return words(_PLACE_TEXT_ROW if where.column is None else _PLACE_TEXT_CELL) % params
    return words(_PLACE_FILE) % params


def problem(item: Problem, lang: str = DEFAULT_LANGUAGE) -> str:
    """«file x.yaml, line 23, criterion 1.2: “max”: a number is expected», translated."""
    return catalog(lang).gettext(_AT) % {
        "place": place(item.place, lang),
        "problem": message(item.message, lang),
    }


def problems(items: Sequence[Problem], lang: str = DEFAULT_LANGUAGE) -> list[str]:
    return [problem(item, lang) for item in items]
