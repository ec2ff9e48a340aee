from typing import Any

from django.core.management.base import BaseCommand

from parindex.demo import PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo province and its logins (safe to run again: it changes nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = load_demo()
        self.stdout.write(f"Demo logins (password for all: {PASSWORD}):")
        for login in logins:
            self.stdout.write(f"  {login.username:<14} {login.role.label}")
