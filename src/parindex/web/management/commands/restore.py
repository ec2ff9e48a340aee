from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.web.backup import BackupRefused, restore_backup


class Command(BaseCommand):
    help = (
        "Load a file written by `parindex backup` into a migrated, empty database, all or "
        "nothing. With --replace, the data already there is wiped first (same transaction)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .zip file written by `parindex backup`")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="wipe the data this database holds and put the backup's in its place",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            restored = restore_backup(path, replace=options["replace"])
        except BackupRefused as refused:
            raise CommandError(refused.message) from refused
        self.stdout.write(
            _(
                "Restored %(rows)s rows of %(models)s models from %(file)s "
                "(made %(created)s by parindex %(version)s)."
            )
            % {
                "rows": restored.rows,
                "models": restored.models,
                "file": path,
                "created": restored.manifest.get("created_at", "?"),
                "version": restored.manifest.get("parindex_version", "?"),
            }
        )
