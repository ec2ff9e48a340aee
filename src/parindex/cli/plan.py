"""`parindex plan RESULTS [--unit NAME] [--framework FILE] --out plan.docx [--pdf]
[--template FILE.docx] [--shape by_item|by_field]`: the draft remediation plan of one unit,
from a results workbook, with no database.

The draft lists every lost item with its numbers, a solution from the built-in solution
library, its lead unit and deadline; what the results do not say (the decision's number,
the signer) is left as dotted space. `--shape by_field` writes the solutions per field
(already fixed, still outstanding, solutions) instead of one task table; `--template`
writes the plan into a province's own Word file (its letterhead, styles and page). `--pdf`
also writes the PDF beside it, through LibreOffice. Exit status: 0 when written, 1 when a
file or the unit is refused (or the PDF cannot be made), 2 for a command written wrongly.
"""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from parindex.cli.arguments import add_lang, language, refused, write_file
from parindex.cli.gaps import add_results, scorecard
from parindex.core.gaps import analyse
from parindex.core.messages import Message
from parindex.core.plan import Header, Shape, draft, revise
from parindex.core.text import proper_name
from parindex.io import plan_document, render, solution_library
from parindex.io.pdf import PdfUnavailable, to_pdf
from parindex.io.problems import FileRefused, Place, Problem
from parindex.io.render import gettext_noop as _

_OUT_HELP = _("the plan's Word file (.docx)")
_PDF_HELP = _("also write the plan as PDF beside it (needs LibreOffice)")
_PLACE_HELP = _("the place in the date line (by default the unit's own name)")
_YEAR_HELP = _("the results' year, when the workbook does not say it")
_TEMPLATE_HELP = _(
    "a Word file (.docx) with the province's letterhead and styles: the plan is written into it"
)
_SHAPE_HELP = _(
    "by_item: one table of tasks in the order they win points back; by_field: per field, "
    "what is already fixed, what is still outstanding and the solutions"
)
_NO_YEAR = _("The results do not say their year: add --year, e.g. --year 2024.")
_NO_PDF = _("The PDF could not be made: LibreOffice (soffice) is not installed or failed.")


def _parser(lang: str) -> argparse.ArgumentParser:
    words = render.catalog(lang).gettext
    parser = argparse.ArgumentParser(prog="parindex plan")
    add_results(parser, lang)
    parser.add_argument("--out", type=Path, metavar="FILE", required=True, help=words(_OUT_HELP))
    parser.add_argument("--pdf", action="store_true", help=words(_PDF_HELP))
    parser.add_argument("--place", help=words(_PLACE_HELP))
    parser.add_argument("--year", type=int, help=words(_YEAR_HELP))
    parser.add_argument("--template", type=Path, metavar="FILE.docx", help=words(_TEMPLATE_HELP))
    parser.add_argument(
        "--shape",
        choices=[shape.value for shape in Shape],
        default=Shape.BY_ITEM.value,
        help=words(_SHAPE_HELP),
    )
    add_lang(parser)
    return parser


def _template(path: Path | None) -> bytes | None:
    """The template's bytes; FileRefused when it cannot be read."""
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError as error:
        params = {"name": str(path), "error": error.strerror}
        raise FileRefused([Problem(Place(path.name), Message("gaps_no_file", params))]) from error


def main(argv: Sequence[str], err: TextIO | None = None) -> int:
    err = err or sys.stderr
    lang = language(argv)
    arguments = _parser(lang).parse_args(argv)
    words = render.catalog(lang).gettext
    try:
        card, framework = scorecard(arguments.results, arguments.unit, arguments.framework)
        template = _template(arguments.template)
    except FileRefused as refusal:
        return refused(refusal.problems, lang, err)
    year = card.year or arguments.year
    if year is None:
        err.write(words(_NO_YEAR) + "\n")
        return 2
    header = Header(issuing_body=card.unit, place=arguments.place or proper_name(card.unit))
    drafted = draft(analyse(card), solution_library.builtin(lang), year, framework, header)
    plan = revise(drafted, shape=Shape(arguments.shape))
    name = arguments.template.name if arguments.template else ""
    try:
        document = plan_document.write(plan, lang, template, template_name=name)
    except plan_document.TemplateRefused as refusal:
        return refused([Problem(Place(name), refusal.message)], lang, err)
    status = write_file(arguments.out, document, lang, err)
    if status or not arguments.pdf:
        return status
    try:
        pdf = to_pdf(document)
    except PdfUnavailable:
        err.write(words(_NO_PDF) + "\n")
        return 1
    return write_file(arguments.out.with_suffix(".pdf"), pdf, lang, err)
