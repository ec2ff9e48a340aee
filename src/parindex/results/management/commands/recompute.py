from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from parindex.io import render
from parindex.org.models import Unit
from parindex.results.models import Result
from parindex.results.recompute import check_result


class Command(BaseCommand):
    help = (
        "Evaluate the rules of every frozen (published) result again from its recorded inputs "
        "and the framework content it was frozen with, and report every difference from the "
        "published numbers. Exit status 1 when any result differs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", help="only this unit's results (its code)")
        parser.add_argument("--year", type=int, help="only the results of this year")
        parser.add_argument("--lang", choices=render.LANGUAGES, default=render.DEFAULT_LANGUAGE)

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            self._check(options)

    def _check(self, options: dict[str, Any]) -> None:
        lang = options["lang"]
        results = Result.objects.filter(frozen_content__isnull=False).select_related(
            "unit", "framework", "frozen_content"
        )
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(
                    _("There is no unit with the code %(code)s.") % {"code": options["unit"]}
                )
            results = results.filter(unit=unit)
        if options["year"] is not None:
            results = results.filter(year=options["year"])
        checked = differing = 0
        for result in results.order_by("year", "unit__path"):
            checked += 1
            differences = check_result(result)
            heading = (
                f"{result.unit.name} ({result.unit.code}), {result.year}, {result.framework.key}"
            )
            if not differences:
                self.stdout.write(_("%(result)s: matches what was published") % {"result": heading})
                continue
            differing += 1
            self.stdout.write(_("%(result)s: differs") % {"result": heading})
            for message in differences:
                self.stdout.write(f"  - {render.message(message, lang)}")
        self.stdout.write(
            _("%(checked)s frozen result(s) checked, %(differing)s differ.")
            % {"checked": checked, "differing": differing}
        )
        if differing:
            raise SystemExit(1)
