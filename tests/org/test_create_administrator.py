"""The first administrator from the command line: made once, bad arguments named."""

import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import override

from parindex.audit.models import AuditEvent
from parindex.org.models import Role, RoleAssignment, User


def test_creates_the_first_administrator(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARINDEX_ADMIN_PASSWORD", "Mot-mat-khau-dai-2025")
    call_command("create_administrator", username="admin", full_name="Quản trị")
    user = User.objects.get(username="admin")
    assert user.check_password("Mot-mat-khau-dai-2025")
    assert RoleAssignment.objects.get(user=user).role == Role.ADMINISTRATOR
    assert AuditEvent.objects.filter(actor_name="system").count() == 2


@pytest.mark.parametrize(
    ("username", "password", "where"),
    [
        ("bad name!", "Mot-mat-khau-dai-2025", "--username"),
        ("admin", "123", "--password"),
    ],
)
def test_bad_arguments_are_named_and_change_nothing(
    db: None, monkeypatch: pytest.MonkeyPatch, username: str, password: str, where: str
) -> None:
    monkeypatch.setenv("PARINDEX_ADMIN_PASSWORD", password)
    with override("vi"), pytest.raises(CommandError) as refused:
        call_command("create_administrator", username=username, full_name="Quản trị")
    assert str(refused.value).startswith(where)
    assert User.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_a_second_first_administrator_is_refused(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARINDEX_ADMIN_PASSWORD", "Mot-mat-khau-dai-2025")
    call_command("create_administrator", username="admin", full_name="Quản trị")
    with override("vi"), pytest.raises(CommandError, match="đã có quản trị viên"):
        call_command("create_administrator", username="admin2", full_name="Người khác")
    assert User.objects.count() == 1
