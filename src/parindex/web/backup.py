"""Backup and restore of a whole parindex database, as one .zip file (docs/deployment.md).

The file holds `manifest.json` (parindex version, creation time, database vendor, applied
migrations per app, row counts per model) and one `data/<app>.<model>.jsonl` member per
model: one serialized row per line (Django's "python" serializer, written as JSON with
datetimes to the microsecond), rows in primary-key order. Every installed model is kept
(users, units, groups, roles, the audit trail, API tokens, content types and permissions)
except sessions and django-axes' login throttling records.

A restore runs in one transaction: it wipes every table (a flush), loads every row with its
own primary key, checks the foreign keys, and moves PostgreSQL's sequences past the loaded
ids. On any error the transaction is rolled back and the database is as it was.
"""

import io
import json
import os
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, time
from importlib import metadata
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "parindex-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"

# Not data: who is logged in right now, and django-axes' failed-login records and lockouts.
# A restore wipes them with everything else (old sessions must not outlive their users).
EXCLUDED_APPS = frozenset({"sessions", "axes"})
# Created by `migrate` itself, so a freshly migrated database has them and is still empty.
MIGRATE_CREATES = frozenset({"contenttypes.contenttype", "auth.permission"})
BATCH = 1000


class BackupRefused(Exception):
    """A backup could not be written or a restore was refused; nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Restored:
    rows: int
    models: int
    manifest: dict[str, Any]


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (Django's keeps milliseconds)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def backed_up_models() -> list[type[Model]]:
    """Every model whose rows a backup holds (many-to-many rows go with their owner)."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in EXCLUDED_APPS
        and model._meta.managed
        and not model._meta.proxy
    ]


def _member(label: str) -> str:
    return f"data/{label}.jsonl"


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _parindex_version() -> str:
    try:
        return metadata.version("parindex")
    except metadata.PackageNotFoundError:
        return "unknown"


def _rows(model: type[Model], using: str) -> Iterator[dict[str, Any]]:
    """The model's rows, serialized, in primary-key order, a batch at a time."""
    serializer = serializers.get_serializer("python")()
    m2m = [field.name for field in model._meta.many_to_many]
    queryset = model._base_manager.using(using).order_by("pk").prefetch_related(*m2m)
    batch: list[Model] = []
    for obj in queryset.iterator(chunk_size=BATCH):
        batch.append(obj)
        if len(batch) == BATCH:
            yield from serializer.serialize(batch)
            batch = []
    if batch:
        yield from serializer.serialize(batch)


def _write_zip(target: Path, using: str) -> dict[str, Any]:
    connection = connections[using]
    outermost = not connection.in_atomic_block
    counts: dict[str, int] = {}
    # Password and token hashes are inside: only the owner may read the file.
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with (
        os.fdopen(descriptor, "wb") as handle,
        zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        # One snapshot of the whole database, however long the backup takes.
        transaction.atomic(using=using),
    ):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        for model in backed_up_models():
            label = model._meta.label_lower
            counts[label] = 0
            with archive.open(_member(label), "w", force_zip64=True) as member:
                for row in _rows(model, using):
                    line = json.dumps(row, cls=_Encoder, ensure_ascii=False) + "\n"
                    member.write(line.encode())
                    counts[label] += 1
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "parindex_version": _parindex_version(),
            "created_at": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "migrations": applied_migrations(using),
            "row_counts": counts,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


def write_backup(path: Path, using: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Write the whole database to `path` (replaced only once the new file is complete)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        manifest = _write_zip(temporary, using)
        os.replace(temporary, path)
    except OSError as error:
        raise BackupRefused(
            _("Cannot write “%(file)s”: %(error)s") % {"file": path, "error": error.strerror}
        ) from error
    finally:
        temporary.unlink(missing_ok=True)
    return manifest


# Restore


def _open(path: Path) -> zipfile.ZipFile:
    if not path.exists():
        raise BackupRefused(_("“%(file)s” does not exist.") % {"file": path})
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise BackupRefused(
            _("“%(file)s” is not a parindex backup: it is not a zip file.") % {"file": path}
        ) from error


def _names(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(name, str) for name in value)


_MANIFEST_CHECKS: dict[str, Callable[[Any], bool]] = {
    "format": lambda value: value == FORMAT,
    "format_version": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "migrations": lambda value: isinstance(value, dict) and all(map(_names, value.values())),
    "row_counts": lambda value: (
        isinstance(value, dict)
        and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in value.values())
    ),
}


def _read_manifest(path: Path, archive: zipfile.ZipFile) -> dict[str, Any]:
    if MANIFEST not in archive.namelist():
        raise BackupRefused(
            _("“%(file)s” is not a parindex backup: it holds no %(member)s.")
            % {"file": path, "member": MANIFEST}
        )
    try:
        manifest: dict[str, Any] = json.loads(archive.read(MANIFEST).decode())
    except (ValueError, zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise BackupRefused(
            _("“%(file)s”: %(member)s is not valid JSON (%(error)s).")
            % {"file": path, "member": MANIFEST, "error": error}
        ) from error
    if not isinstance(manifest, dict):
        manifest = {}
    for key, valid in _MANIFEST_CHECKS.items():
        if not valid(manifest.get(key)):
            raise BackupRefused(
                _(
                    "“%(file)s” is not a parindex backup: “%(key)s” in its %(member)s "
                    "is missing or wrong."
                )
                % {"file": path, "member": MANIFEST, "key": key}
            )
    if manifest["format_version"] > FORMAT_VERSION:
        raise BackupRefused(
            _(
                "“%(file)s” was written by a newer parindex (backup format %(version)s): "
                "upgrade parindex to restore it."
            )
            % {"file": path, "version": manifest["format_version"]}
        )
    return manifest


def _listed(names: set[str], most: int = 3) -> str:
    if not names:
        return "—"
    shown = sorted(names)[:most]
    rest = f" … (+{len(names) - most})" if len(names) > most else ""
    return ", ".join(shown) + rest


def _check_migrations(path: Path, manifest: dict[str, Any], using: str) -> None:
    database = applied_migrations(using)
    if not database:
        raise BackupRefused(
            _("This database has no migrations applied: run “parindex migrate” first.")
        )
    backup: dict[str, list[str]] = manifest["migrations"]
    for app in sorted(set(backup) | set(database)):
        in_backup, in_database = set(backup.get(app, [])), set(database.get(app, []))
        if in_backup != in_database:
            raise BackupRefused(
                _(
                    "“%(file)s” was made with other migrations of “%(app)s” than this "
                    "database has (only in the backup: %(backup)s; only in the database: "
                    "%(database)s). Restore it with the parindex version that made it, "
                    "on a database migrated to the same point."
                )
                % {
                    "file": path,
                    "app": app,
                    "backup": _listed(in_backup - in_database),
                    "database": _listed(in_database - in_backup),
                }
            )


def held_data(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Row counts of the models that hold data (an empty, migrated database has none)."""
    held = {}
    for model in backed_up_models():
        label = model._meta.label_lower
        if label not in MIGRATE_CREATES:
            count = model._base_manager.using(using).count()
            if count:
                held[label] = count
    return held


def _flush(using: str) -> None:
    connection = connections[using]
    # PostgreSQL will not truncate a table with deferred checks pending in this transaction
    # (rows written earlier in it, as in tests): run them now.
    connection.check_constraints()
    statements = sql_flush(no_style(), connection, reset_sequences=True, allow_cascade=False)
    connection.ops.execute_sql_flush(statements)


def _load(path: Path, archive: zipfile.ZipFile, label: str, expected: int, using: str) -> int:
    member = _member(label)
    where = {"file": path, "member": member}
    try:
        apps.get_model(label)
    except (LookupError, ValueError) as error:
        raise BackupRefused(
            _("“%(file)s”: %(member)s holds rows of a model this parindex does not have.") % where
        ) from error
    if member not in archive.namelist():
        raise BackupRefused(_("“%(file)s” is damaged: it holds no %(member)s.") % where)
    loaded = 0
    line_number = 0
    try:
        with archive.open(member) as raw:
            for line_number, line in enumerate(io.TextIOWrapper(raw, encoding="utf-8"), 1):
                try:
                    row = json.loads(line)
                except ValueError as error:
                    raise BackupRefused(
                        _("“%(file)s”: %(member)s, line %(line)s is not valid JSON (%(error)s).")
                        % {**where, "line": line_number, "error": error}
                    ) from error
                if not isinstance(row, dict) or row.get("model") != label:
                    raise BackupRefused(
                        _("“%(file)s”: %(member)s, line %(line)s is not a row of %(model)s.")
                        % {**where, "line": line_number, "model": label}
                    )
                for obj in serializers.deserialize("python", [row], using=using):
                    obj.save(using=using, force_insert=True)
                loaded += 1
    except (UnicodeDecodeError, zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise BackupRefused(
            _("“%(file)s” is damaged: %(member)s cannot be read (%(error)s).")
            % {**where, "error": error}
        ) from error
    except (
        DeserializationError,
        FieldDoesNotExist,
        DatabaseError,
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
    ) as error:
        raise BackupRefused(
            _("“%(file)s”: %(member)s, line %(line)s cannot be loaded: %(error)s")
            % {**where, "line": line_number, "error": error}
        ) from error
    if loaded != expected:
        raise BackupRefused(
            _(
                "“%(file)s” is damaged: %(member)s holds %(found)s rows, "
                "its manifest says %(expected)s."
            )
            % {**where, "found": loaded, "expected": expected}
        )
    return loaded


def restore_backup(path: Path, *, replace: bool = False, using: str = DEFAULT_DB_ALIAS) -> Restored:
    """Load a backup into this database, all or nothing (see the module's docstring)."""
    connection = connections[using]
    with _open(path) as archive:
        manifest = _read_manifest(path, archive)
        _check_migrations(path, manifest, using)
        for model in backed_up_models():
            if model._meta.label_lower not in manifest["row_counts"]:
                raise BackupRefused(
                    _("“%(file)s” is damaged: its %(member)s counts no rows of %(model)s.")
                    % {"file": path, "member": MANIFEST, "model": model._meta.label_lower}
                )
        try:
            with transaction.atomic(using=using):
                held = held_data(using)
                if held and not replace:
                    raise BackupRefused(
                        _(
                            "This database already holds data (%(rows)s). A restore replaces "
                            "all of it: give --replace if that is what you want."
                        )
                        % {"rows": ", ".join(f"{label}: {n}" for label, n in held.items())}
                    )
                _flush(using)
                rows = sum(
                    _load(path, archive, label, expected, using)
                    for label, expected in manifest["row_counts"].items()
                )
                try:
                    connection.check_constraints()
                except DatabaseError as error:
                    raise BackupRefused(
                        _("“%(file)s” does not hold together: %(error)s")
                        % {"file": path, "error": error}
                    ) from error
                models = apps.get_models(include_auto_created=True)
                with connection.cursor() as cursor:
                    for statement in connection.ops.sequence_reset_sql(no_style(), models):
                        cursor.execute(statement)
        finally:
            # Content type ids may have changed under the cache.
            ContentType.objects.clear_cache()
    return Restored(rows=rows, models=len(manifest["row_counts"]), manifest=manifest)
