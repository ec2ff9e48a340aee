"""`parindex backup` and `parindex restore`: a round trip gives the same database back, and
every bad input is refused by name with nothing changed."""

import io
import json
import zipfile
from datetime import date, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, RequestFactory
from django.utils.translation import override

from parindex.audit.models import AuditEvent
from parindex.org import actions
from parindex.org.models import RankingGroup, Role, RoleAssignment, Unit, User
from parindex.web.backup import backed_up_models
from tests.cast import PASSWORD, World

Dump = dict[str, list[dict[str, Any]]]


def canonical() -> Dump:
    """Every backed-up row, fields at full precision, many-to-many included, by primary key."""
    serializer = serializers.get_serializer("python")()
    return {
        model._meta.label_lower: serializer.serialize(model._base_manager.order_by("pk"))
        for model in backed_up_models()
    }


def more_of_everything(world: World) -> None:
    """Beyond the cast: a renamed unit, a removed role (a gap in the ids), a second year."""
    admin = world.admin
    commune = actions.create_unit(
        admin,
        code="A.X3",
        name="Xã Alpha Ba",
        kind="commune",
        parent=world.province_a,
        valid_from=date(2025, 7, 1),
        reason="Sáp nhập ngày 1/7/2025",
    )
    actions.update_unit(admin, commune, version=commune.version, name="Xã Alpha Ba (mới)")
    actions.create_ranking_group(
        admin,
        evaluating_unit=world.province_a,
        year=2026,
        name="Khối sở",
        units=[world.department_a, commune],
    )
    actions.create_user(
        admin,
        username="officer_a3",
        full_name="Cán bộ xã Ba",
        password=PASSWORD,
        role=Role.UNIT_OFFICER,
        unit=commune,
    )
    temporary = actions.assign_role(
        admin, user=world.coord_b, role=Role.LEADER, unit=world.province_b
    )
    actions.assign_role(admin, user=world.leader_a, role=Role.LEADER, unit=world.province_b)
    actions.revoke_role(admin, temporary, reason="Nhầm người")


def backup(path: Path) -> dict[str, Any]:
    call_command("backup", str(path), stdout=io.StringIO())
    with zipfile.ZipFile(path) as archive:
        manifest: dict[str, Any] = json.loads(archive.read("manifest.json"))
    return manifest


def restore(path: Path, **options: Any) -> str:
    out = io.StringIO()
    call_command("restore", str(path), stdout=out, **options)
    return str(out.getvalue())


def wipe() -> None:
    call_command("flush", interactive=False)


def test_backup_wipe_restore_gives_the_same_database(
    transactional_db: None, world: World, tmp_path: Path
) -> None:
    more_of_everything(world)
    Client().force_login(world.coord_a)  # a session: not data, not in the backup
    before = canonical()
    assert len(before["audit.auditevent"]) > 20
    file = tmp_path / "parindex.zip"

    manifest = backup(file)
    wipe()
    assert not User.objects.exists()
    output = restore(file)

    assert canonical() == before
    assert "parindex.zip" in output
    assert not Session.objects.exists()
    for username in ("coord_a", "officer_a3", "admin"):
        client = Client()
        assert client.login(request=RequestFactory().get("/"), username=username, password=PASSWORD)
    # New rows take fresh ids (PostgreSQL's sequences were moved past the loaded ones).
    unit = actions.create_unit(
        world.admin, code="B.X2", name="Xã Beta Hai", kind="commune", parent=world.province_b
    )
    assert unit.pk > max(row["pk"] for row in before["org.unit"])
    assert AuditEvent.objects.count() == len(before["audit.auditevent"]) + 1
    assert manifest["row_counts"]["org.unit"] == len(before["org.unit"])


def test_the_manifest_says_what_the_file_holds(db: None, world: World, tmp_path: Path) -> None:
    Client().force_login(world.coord_a)
    manifest = backup(tmp_path / "b.zip")
    assert manifest["format"] == "parindex-backup"
    assert manifest["parindex_version"] == metadata.version("parindex")
    assert manifest["database_vendor"] == connection.vendor
    assert datetime.fromisoformat(manifest["created_at"]).tzinfo is not None
    assert "0001_initial" in manifest["migrations"]["org"]
    counts = manifest["row_counts"]
    assert counts["org.user"] == User.objects.count() == 8
    assert counts["org.unit"] == Unit.objects.count()
    assert counts["org.rankinggroup"] == RankingGroup.objects.count()
    assert counts["org.roleassignment"] == RoleAssignment.objects.count()
    assert counts["audit.auditevent"] == AuditEvent.objects.count()
    assert counts["contenttypes.contenttype"] > 0
    assert "auth.permission" in counts
    assert "sessions.session" not in counts
    assert not any(label.startswith("axes.") for label in counts)
    assert (tmp_path / "b.zip").stat().st_mode & 0o077 == 0  # password hashes inside


def test_replace_puts_the_backup_in_place_of_newer_data(
    db: None, world: World, tmp_path: Path
) -> None:
    before = canonical()
    file = tmp_path / "b.zip"
    backup(file)
    more_of_everything(world)
    restore(file, replace=True)
    assert canonical() == before


def test_a_backup_that_cannot_be_written_is_named(db: None, world: World, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "b.zip"
    with override("en"), pytest.raises(CommandError, match="Cannot write") as error:
        backup(target)
    assert str(target) in str(error.value)
    assert not target.parent.exists()


# Bad input: refused by name, nothing changed.


def rewrite(source: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    """A copy of a backup with members replaced (bytes) or left out (None)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            if name not in change:
                new.writestr(name, old.read(name))
        for name, content in change.items():
            if content is not None:
                new.writestr(name, content)
    return target


def refused(path: Path, **options: Any) -> str:
    """The refusal's message, after checking that the database is as it was."""
    before = canonical()
    with override("en"), pytest.raises(CommandError) as error:
        restore(path, **options)
    assert canonical() == before
    return str(error.value)


def test_a_missing_file_is_named(db: None, world: World, tmp_path: Path) -> None:
    message = refused(tmp_path / "nowhere.zip", replace=True)
    assert "nowhere.zip" in message
    assert "does not exist" in message


@pytest.mark.parametrize("name", ["notes.txt", "folder"])
def test_a_file_that_is_not_a_zip_is_refused(
    db: None, world: World, tmp_path: Path, name: str
) -> None:
    if name == "folder":
        (tmp_path / name).mkdir()
    else:
        (tmp_path / name).write_text("not a backup")
    message = refused(tmp_path / name, replace=True)
    assert name in message
    assert "not a zip file" in message


def test_a_zip_without_manifest_is_refused(db: None, world: World, tmp_path: Path) -> None:
    backup(tmp_path / "b.zip")
    bare = rewrite(tmp_path / "b.zip", tmp_path / "bare.zip", {"manifest.json": None})
    message = refused(bare, replace=True)
    assert "bare.zip" in message
    assert "manifest.json" in message


def test_a_corrupt_manifest_is_refused(db: None, world: World, tmp_path: Path) -> None:
    backup(tmp_path / "b.zip")
    bad = rewrite(tmp_path / "b.zip", tmp_path / "bad.zip", {"manifest.json": b'{"format": '})
    message = refused(bad, replace=True)
    assert "bad.zip" in message
    assert "manifest.json is not valid JSON" in message


def test_corrupt_rows_are_refused_by_line_and_the_wipe_undone(
    db: None, world: World, tmp_path: Path
) -> None:
    backup(tmp_path / "b.zip")
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        lines = archive.read("data/org.unit.jsonl").split(b"\n")
    lines[2] = lines[2][:40]
    bad = rewrite(
        tmp_path / "b.zip", tmp_path / "bad.zip", {"data/org.unit.jsonl": b"\n".join(lines)}
    )
    # With --replace the tables are wiped before the bad line is reached: it must not stick.
    message = refused(bad, replace=True)
    assert "bad.zip" in message
    assert "data/org.unit.jsonl, line 3 is not valid JSON" in message


def test_rows_that_do_not_hold_together_are_refused(db: None, world: World, tmp_path: Path) -> None:
    backup(tmp_path / "b.zip")
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        lines = archive.read("data/org.roleassignment.jsonl").splitlines()
    row = json.loads(lines[0])
    row["fields"]["user"] = 999_999
    lines[0] = json.dumps(row).encode()
    bad = rewrite(
        tmp_path / "b.zip",
        tmp_path / "bad.zip",
        {"data/org.roleassignment.jsonl": b"\n".join(lines)},
    )
    message = refused(bad, replace=True)
    assert "bad.zip" in message
    assert "does not hold together" in message


def test_a_missing_row_is_noticed(db: None, world: World, tmp_path: Path) -> None:
    backup(tmp_path / "b.zip")
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        lines = archive.read("data/audit.auditevent.jsonl").splitlines()
    bad = rewrite(
        tmp_path / "b.zip",
        tmp_path / "bad.zip",
        {"data/audit.auditevent.jsonl": b"\n".join(lines[1:]) + b"\n"},
    )
    message = refused(bad, replace=True)
    assert "data/audit.auditevent.jsonl" in message
    assert f"its manifest says {len(lines)}" in message


def test_other_migrations_are_refused_by_app(db: None, world: World, tmp_path: Path) -> None:
    manifest = backup(tmp_path / "b.zip")
    manifest["migrations"]["org"].append("0099_from_the_future")
    bad = rewrite(
        tmp_path / "b.zip", tmp_path / "bad.zip", {"manifest.json": json.dumps(manifest).encode()}
    )
    message = refused(bad, replace=True)
    assert "“org”" in message
    assert "0099_from_the_future" in message


def test_a_database_with_data_is_kept_without_replace(
    db: None, world: World, tmp_path: Path
) -> None:
    backup(tmp_path / "b.zip")
    message = refused(tmp_path / "b.zip")
    assert "--replace" in message
    assert "org.unit: 6" in message
