"""The `parindex` command.

Headless jobs (`parindex framework …`, `gaps`, `plan`) run from files with `core` and
`io` alone: no database, no Django set-up. Everything else is one of Django's management
commands under the product's name (`parindex migrate`, `parindex load_demo`, …).
"""

import os
import sys
from collections.abc import Callable, Sequence

HEADLESS = {"framework", "gaps", "plan"}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] in HEADLESS:
        from parindex.cli import framework, gaps, plan
        from parindex.cli.arguments import language, speak

        speak(language(argv))  # for the whole process: argparse's own words too
        commands: dict[str, Callable[[Sequence[str]], int]] = {
            "framework": framework.main,
            "gaps": gaps.main,
            "plan": plan.main,
        }
        sys.exit(commands[argv[1]](argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parindex.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
