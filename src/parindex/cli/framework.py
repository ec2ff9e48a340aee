"""`parindex framework check|show|export|schema`: frameworks from files, with no database.

FILE is a framework file (.yaml/.yml), a framework workbook (.xlsx), or the name of a
built-in framework (`parindex framework show commune-example`). Exit status: 0 when all is
well, 1 when the file has problems (each printed with its line or row and node), 2 for a
command written wrongly.
"""

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from parindex.cli.arguments import add_lang, language, refused, write_file
from parindex.core.framework import Framework, Node
from parindex.core.messages import Message
from parindex.frameworks import builtin as frameworks
from parindex.io import framework_file, framework_workbook, render
from parindex.io.problems import FileRefused, Place, Problem
from parindex.io.render import gettext_noop as _

_COMPLETE = _("%(title)s: complete, %(nodes)s nodes, %(leaves)s scored leaves, %(max)s points")
_SKELETON = _(
    "%(title)s: a skeleton (%(nodes)s nodes); still unknown: %(missing)s. It can be viewed "
    "and completed, not used for scoring."
)
_NO_NODES = _("%(title)s: a skeleton with no criteria yet (the decision announces %(counts)s)")
_EXAMPLE = _("This is an example framework, not an official one.")
_POINTS = _("%(max)s points")
_UNKNOWN_POINTS = _("? points")
_COUNTS = _("%(fields)s fields, %(criteria)s criteria, %(sub_criteria)s sub-criteria")
_XLSX_HELP = _("write the framework as an Excel workbook to OUT")
_YAML_HELP = _("write the framework as a YAML file to OUT (without either: YAML on the screen)")
_FILE_HELP = _("a .yaml or .xlsx framework file, or a built-in framework's name")


def load(name: str) -> Framework:
    """The framework in a file, or the built-in of that name; FileRefused otherwise."""
    path = Path(name)
    if path.is_file():
        data = path.read_bytes()
        if path.suffix.lower() == ".xlsx":
            return framework_workbook.read(data, path.name)
        return framework_file.load(data, path.name)
    if name in frameworks.names():
        return frameworks.load(name)
    params = {"name": name, "builtins": ", ".join(frameworks.names())}
    raise FileRefused([Problem(Place(name), Message("framework_not_found", params))])


def summary(framework: Framework, lang: str) -> list[str]:
    words = render.catalog(lang).gettext
    nodes = sum(1 for _node in framework.walk())
    params: dict[str, object] = {"title": framework.title, "nodes": nodes}
    lines = []
    if not framework.nodes:
        counts = list(framework.expected_counts) + [None] * 3
        shown = {
            name: "?" if value is None else value
            for name, value in zip(("fields", "criteria", "sub_criteria"), counts, strict=False)
        }
        params["counts"] = words(_COUNTS) % shown
        lines.append(words(_NO_NODES) % params)
    elif framework.is_complete():
        total = sum(node.known_max() or 0 for node in framework.nodes)
        params |= {"leaves": len(framework.leaves()), "max": render.number(total, lang)}
        lines.append(words(_COMPLETE) % params)
    else:
        params["missing"] = _codes(framework.missing())
        lines.append(words(_SKELETON) % params)
    if framework.example:
        lines.append(words(_EXAMPLE))
    return lines


def _codes(codes: Sequence[str], most: int = 12) -> str:
    shown = ", ".join(codes[:most])
    return shown + (f" … (+{len(codes) - most})" if len(codes) > most else "")


def tree(framework: Framework, lang: str) -> list[str]:
    """One line per node, indented by depth, with its maximum and its rule in words."""
    lines = []
    for node, depth in framework.walk():
        indent = "  " * (depth - 1)
        lines.append(f"{indent}{node.code}  {_title(node, lang)}  [{_max(node, lang)}]")
        known = node.known_max()
        if node.rule is not None and known is not None:
            lines.append(f"{indent}    → {render.describe(node.rule, known, lang)}")
    return lines


def _title(node: Node, lang: str) -> str:
    return node.title_en if lang == "en" and node.title_en else node.title


def _max(node: Node, lang: str) -> str:
    words = render.catalog(lang).gettext
    known = node.known_max()
    if known is None:
        return words(_UNKNOWN_POINTS)
    return words(_POINTS) % {"max": render.number(known, lang)}


def _parser(lang: str) -> argparse.ArgumentParser:
    words = render.catalog(lang).gettext
    parser = argparse.ArgumentParser(prog="parindex framework")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("check", "show", "export"):
        command = commands.add_parser(name)
        command.add_argument("file", metavar="FILE", help=words(_FILE_HELP))
        add_lang(command)
        if name == "export":
            command.add_argument("--xlsx", metavar="OUT", type=Path, help=words(_XLSX_HELP))
            command.add_argument("--yaml", metavar="OUT", type=Path, help=words(_YAML_HELP))
    add_lang(commands.add_parser("schema"))
    return parser


def main(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    lang = language(argv)
    arguments = _parser(lang).parse_args(argv)
    if arguments.command == "schema":
        out.write(json.dumps(framework_file.schema(), ensure_ascii=False, indent=2) + "\n")
        return 0
    try:
        framework = load(arguments.file)
    except FileRefused as refusal:
        return refused(refusal.problems, lang, err)
    if arguments.command == "check":
        out.write("\n".join(summary(framework, lang)) + "\n")
    elif arguments.command == "show":
        out.write("\n".join([*summary(framework, lang), "", *tree(framework, lang)]) + "\n")
    else:
        outputs: list[tuple[Path | None, Callable[[], bytes]]] = [
            (arguments.xlsx, lambda: framework_workbook.write(framework, lang)),
            (arguments.yaml, lambda: framework_file.dump(framework).encode("utf-8")),
        ]
        for path, contents in outputs:
            if path is not None and write_file(path, contents(), lang, err):
                return 1
        if arguments.xlsx is None and arguments.yaml is None:
            out.write(framework_file.dump(framework))
    return 0
