from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.org.models import User
from parindex.org.workbooks import WorkbookRefused, import_workbook


def person(username: str) -> User:
    """The active account the command acts as, or a CommandError naming it."""
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("There is no active user “%(username)s”.") % {"username": username})
    return user


class Command(BaseCommand):
    help = (
        "Import units, ranking groups, lineage events and people from an .xlsx workbook, "
        "as the person given by --as: everything, or nothing and the list of problems."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .xlsx workbook (see docs/import-templates.md)")
        parser.add_argument(
            "--as", dest="username", required=True, help="the coordinator or administrator"
        )
        parser.add_argument("--reason", default="", help="the reason kept in the audit trail")

    def handle(self, *args: Any, **options: Any) -> None:
        user = person(options["username"])
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as unreadable:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s")
                % {"file": path, "error": unreadable.strerror or unreadable}
            ) from unreadable
        try:
            imported = import_workbook(user, data, path.name, options["reason"])
        except PermissionDenied as denied:
            raise CommandError(
                _("Only coordinators and administrators import units and people.")
            ) from denied
        except WorkbookRefused as refused:
            lines = [_("Nothing was imported:"), *(f"  {m}" for m in refused.messages())]
            raise CommandError("\n".join(lines)) from refused
        self.stdout.write(imported.summary())
        for unit in imported.units:
            self.stdout.write(f"  {unit.code:<16} {unit.name}")
        for group in imported.groups:
            self.stdout.write(f"  {group.evaluating_unit.code:<16} {group}")
        for event in imported.events:
            self.stdout.write(f"  {event}")
        for user_created in imported.users:
            self.stdout.write(f"  {user_created.username:<16} {user_created.full_name}")
