"""What the headless commands share: parsing that speaks the user's language (Vietnamese
by default), and how they report refused files and write their outputs.

argparse words its own messages ("the following arguments are required: …") through Python's
gettext, so pointing gettext at parindex's catalogue translates them; the msgids are listed
below so that `makemessages` keeps them in the catalogue.
"""

import argparse
import gettext
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from parindex.io import render
from parindex.io.problems import Problem
from parindex.io.render import DEFAULT_LANGUAGE, LANGUAGES, LOCALE_DIR, gettext_noop

_WRITTEN = gettext_noop("Written: %(path)s")
_UNWRITABLE = gettext_noop("Cannot write %(path)s: %(error)s")

ARGPARSE_MESSAGES = (
    gettext_noop("usage: "),
    gettext_noop("positional arguments"),
    gettext_noop("options"),
    gettext_noop("show this help message and exit"),
    gettext_noop("argument %(argument_name)s: %(message)s"),
    gettext_noop("the following arguments are required: %s"),
    gettext_noop("unrecognized arguments: %s"),
    gettext_noop("invalid choice: %(value)r (choose from %(choices)s)"),
    gettext_noop("invalid %(type)s value: %(value)r"),
    gettext_noop("expected one argument"),
    gettext_noop("ambiguous option: %(option)s could match %(matches)s"),
    gettext_noop("%(prog)s: error: %(message)s\n"),
)


def language(argv: Sequence[str]) -> str:
    """The --lang the user asked for (looked up before parsing, so that parsing errors are
    already in that language), else Vietnamese."""
    for index, value in enumerate(argv):
        chosen = None
        if value == "--lang" and index + 1 < len(argv):
            chosen = argv[index + 1]
        elif value.startswith("--lang="):
            chosen = value.partition("=")[2]
        if chosen in LANGUAGES:
            return chosen
    return DEFAULT_LANGUAGE


def speak(lang: str) -> None:
    """Let argparse's own messages come from parindex's catalogue in `lang`.

    This sets the process's gettext domain and language: call it once, at the start of a
    command's own process, never inside a long-lived one."""
    os.environ["LANGUAGE"] = lang
    gettext.bindtextdomain("django", LOCALE_DIR)
    gettext.textdomain("django")


def add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE)


def refused(problems: Sequence[Problem], lang: str, err: TextIO) -> int:
    """Every problem of a refused file on its own line; the exit status of a refusal."""
    for line in render.problems(problems, lang):
        err.write(line + "\n")
    return 1


def write_file(path: Path, contents: bytes, lang: str, err: TextIO) -> int:
    """Write an output and say so (or why not); the exit status."""
    words = render.catalog(lang).gettext
    try:
        path.write_bytes(contents)
    except OSError as error:
        err.write(words(_UNWRITABLE) % {"path": path, "error": error.strerror} + "\n")
        return 1
    err.write(words(_WRITTEN) % {"path": path} + "\n")
    return 0
