from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.org.management.commands.import_units import person
from parindex.org.workbooks import export_workbook, template_workbook


class Command(BaseCommand):
    help = (
        "Write the units, ranking groups, lineage events and people that the person given "
        "by --as may see to an .xlsx workbook the import reads; with --template, the empty "
        "template and its guide."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .xlsx workbook to write")
        parser.add_argument("--as", dest="username", help="the coordinator or administrator")
        parser.add_argument(
            "--template", action="store_true", help="write the empty template instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if options["template"]:
            data = template_workbook()
        elif not options["username"]:
            raise CommandError(
                _("Say whose units to export with --as USERNAME, or use --template.")
            )
        else:
            try:
                data = export_workbook(person(options["username"]))
            except PermissionDenied as denied:
                raise CommandError(
                    _("Only coordinators and administrators export units and people.")
                ) from denied
        try:
            path.write_bytes(data)
        except OSError as unwritable:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s")
                % {"file": path, "error": unwritable.strerror or unwritable}
            ) from unwritable
        self.stdout.write(_("Wrote %(file)s.") % {"file": path})
