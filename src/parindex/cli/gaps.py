"""`parindex gaps RESULTS [--unit NAME] [--framework FILE] [--format text|json|xlsx] [--out FILE]`:
what lost points, and why, from a results workbook, with no database.

`--unit` is a unit's code or its name in any case, with or without diacritics and words
such as "UBND" or "xã"; it may be left out when the workbook holds one unit. Exit status:
0 when the report is written, 1 when the file or the unit is refused, 2 for a command
written wrongly.
"""

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from parindex.cli.arguments import add_lang, language, refused, write_file
from parindex.cli.framework import load as load_framework
from parindex.core.framework import Framework
from parindex.core.gaps import Scorecard, analyse
from parindex.core.messages import Message
from parindex.core.text import unit_key
from parindex.io import gaps_report, render, results_workbook
from parindex.io.problems import FileRefused, Place, Problem
from parindex.io.render import gettext_noop as _

_RESULTS_HELP = _("the results workbook: a decision's annex or scorecards (.xlsx, .xls, .csv)")
_UNIT_HELP = _("the unit's code or name (not needed when the workbook holds one unit)")
_FRAMEWORK_HELP = _("the framework the results were scored on (.yaml, .xlsx or a built-in)")
_FORMAT_HELP = _(
    "text reads like section II of a plan; json is for other programs; xlsx (with --out) "
    "is a workbook to forward"
)
_OUT_HELP = _("write to this file instead of the screen")
_XLSX_NEEDS_OUT = _("A workbook is written to a file: add --out FILE.xlsx")


def add_results(parser: argparse.ArgumentParser, lang: str) -> None:
    """RESULTS, --unit and --framework: what `scorecard` reads (also `parindex plan`'s)."""
    words = render.catalog(lang).gettext
    parser.add_argument("results", metavar="RESULTS", help=words(_RESULTS_HELP))
    parser.add_argument("--unit", help=words(_UNIT_HELP))
    parser.add_argument("--framework", metavar="FILE", help=words(_FRAMEWORK_HELP))


def _parser(lang: str) -> argparse.ArgumentParser:
    words = render.catalog(lang).gettext
    parser = argparse.ArgumentParser(prog="parindex gaps")
    add_results(parser, lang)
    parser.add_argument(
        "--format", choices=("text", "json", "xlsx"), default="text", help=words(_FORMAT_HELP)
    )
    parser.add_argument("--out", type=Path, metavar="FILE", help=words(_OUT_HELP))
    add_lang(parser)
    return parser


def choose(cards: Sequence[Scorecard], unit: str | None, file: str) -> Scorecard:
    """The scorecard of `unit` (code or name), or the only one; FileRefused otherwise."""
    names = ", ".join(card.unit for card in cards)
    if unit is None:
        if len(cards) == 1:
            return cards[0]
        problem = Message("gaps_unit_required", {"units": names})
    else:
        wanted = unit_key(unit)
        found = [
            card
            for card in cards
            if card.unit_code == unit.strip() or unit_key(card.unit) == wanted
        ]
        if len(found) == 1:
            return found[0]
        key = "gaps_unit_ambiguous" if found else "gaps_unit_not_found"
        problem = Message(key, {"unit": unit, "units": names})
    raise FileRefused([Problem(Place(file), problem)])


def scorecard(
    results: str, unit: str | None, framework_file: str | None
) -> tuple[Scorecard, Framework | None]:
    """The unit's scorecard in the results file, and the framework when one is named;
    FileRefused when either file, or the unit, is refused."""
    framework = load_framework(framework_file) if framework_file else None
    path = Path(results)
    try:
        data = path.read_bytes()
    except OSError as error:
        params = {"name": str(path), "error": error.strerror}
        raise FileRefused([Problem(Place(path.name), Message("gaps_no_file", params))]) from error
    cards = results_workbook.read(data, path.name, framework)
    return choose(cards, unit, path.name), framework


def main(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    lang = language(argv)
    arguments = _parser(lang).parse_args(argv)
    words = render.catalog(lang).gettext
    try:
        card, framework = scorecard(arguments.results, arguments.unit, arguments.framework)
    except FileRefused as refusal:
        return refused(refusal.problems, lang, err)
    gaps = analyse(card)
    if arguments.format == "xlsx":
        if arguments.out is None:
            err.write(words(_XLSX_NEEDS_OUT) + "\n")
            return 2
        contents = gaps_report.workbook(gaps, lang, framework)
    elif arguments.format == "json":
        shown = json.dumps(gaps_report.as_json(gaps, lang, framework), ensure_ascii=False, indent=2)
        contents = (shown + "\n").encode("utf-8")
    else:
        contents = gaps_report.text(gaps, lang, framework).encode("utf-8")
    if arguments.out is None:
        out.write(contents.decode("utf-8"))
        return 0
    return write_file(arguments.out, contents, lang, err)
