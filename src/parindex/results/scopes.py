"""How results are scoped (see parindex.access): a unit's result is seen by the people of
that unit and of the units above it; coordinators manage the results of the units below
their own; administrators everything."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from parindex.access import Action, register
from parindex.org.models import Role
from parindex.org.policy import is_administrator, paths, within
from parindex.results.models import Result


@register(Result)
def results(user: AbstractBaseUser, action: Action) -> QuerySet[Result]:
    if is_administrator(user):
        return Result.objects.all()
    if action == "view":
        return Result.objects.filter(within(paths(user), "unit__path"))
    return Result.objects.filter(
        within(paths(user, [Role.COORDINATOR]), "unit__path", strictly=True)
    )
