"""How frameworks are scoped (see parindex.access).

Everyone signed in sees the national frameworks (no owner) and those of the units above and
below their own: a commune officer reads the framework their province scores them with.
Administrators manage national frameworks; a coordinator manages those their unit owns.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet

from parindex.access import Action, register
from parindex.core import tree
from parindex.frameworks.models import StoredFramework
from parindex.org.models import Role
from parindex.org.policy import is_administrator, paths, within


def _ancestor_paths(unit_paths: list[str]) -> set[str]:
    found = set()
    for path in unit_paths:
        parts = tree.ids(path)
        prefix = ""
        for node_id in parts:
            prefix = tree.child_path(prefix, node_id)
            found.add(prefix)
    return found


@register(StoredFramework)
def frameworks(user: AbstractBaseUser, action: Action) -> QuerySet[StoredFramework]:
    if is_administrator(user):
        return StoredFramework.objects.all()
    if action == "view":
        mine = paths(user)
        if not mine:
            return StoredFramework.objects.none()
        condition = (
            Q(owner__isnull=True)
            | Q(owner__path__in=_ancestor_paths(mine))
            | within(mine, "owner__path")
        )
        return StoredFramework.objects.filter(condition)
    return StoredFramework.objects.filter(within(paths(user, [Role.COORDINATOR]), "owner__path"))
