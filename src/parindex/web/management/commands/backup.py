from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.web.backup import BackupRefused, write_backup


class Command(BaseCommand):
    help = (
        "Write every row of the database (users, units, groups, roles, the audit trail, "
        "API tokens) to one .zip file with a manifest; `parindex restore` loads it back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .zip file to write (replaced if it exists)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            manifest = write_backup(path)
        except BackupRefused as refused:
            raise CommandError(refused.message) from refused
        counts = manifest["row_counts"]
        self.stdout.write(
            _("Backup written to %(file)s: %(rows)s rows of %(models)s models.")
            % {"file": path, "rows": sum(counts.values()), "models": len(counts)}
        )
