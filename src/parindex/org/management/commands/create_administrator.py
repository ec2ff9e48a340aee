import getpass
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.audit.writes import ActionRefused
from parindex.org.actions import bootstrap_administrator


class Command(BaseCommand):
    help = (
        "Create the first administrator of an empty instance. The password is read from "
        "PARINDEX_ADMIN_PASSWORD, else asked for."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--full-name", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("PARINDEX_ADMIN_PASSWORD") or getpass.getpass(_("Password: "))
        try:
            user = bootstrap_administrator(
                username=options["username"], full_name=options["full_name"], password=password
            )
        except ActionRefused as refused:
            where = f"--{refused.field.replace('_', '-')}: " if refused.field else ""
            raise CommandError(f"{where}{refused.message}") from refused
        self.stdout.write(_("Administrator %(username)s created.") % {"username": user.username})
