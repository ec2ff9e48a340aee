"""Who may read the audit trail: administrators all of it, coordinators their subtree's."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from parindex.access import Action, register, scope
from parindex.audit.models import AuditEvent
from parindex.org.models import Role
from parindex.org.policy import is_administrator, manages_a_subtree, paths, within


@register(AuditEvent)
def audit_events(user: AbstractBaseUser, action: Action) -> QuerySet[AuditEvent]:
    if action != "view":
        return AuditEvent.objects.none()  # the trail is never edited
    if is_administrator(user):
        return AuditEvent.objects.all()
    return AuditEvent.objects.filter(within(paths(user, [Role.COORDINATOR]), "unit__path"))


def trail(user: AbstractBaseUser) -> QuerySet[AuditEvent]:
    """The audit trail as pages and API serve it: only to those who manage a subtree."""
    if not manages_a_subtree(user):
        raise PermissionDenied
    return scope(user, AuditEvent, "view").select_related("unit")
