from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from parindex.audit.writes import ActionRefused
from parindex.demo import PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo province and its logins into an empty database "
        "(safe to run again: it changes nothing)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            logins = load_demo()
        except ActionRefused as refused:
            raise CommandError(str(refused.message)) from refused
        self.stdout.write(
            _("Demo logins (password for all: %(password)s):") % {"password": PASSWORD}
        )
        for login in logins:
            self.stdout.write(f"  {login.username:<14} {login.role.label}")
