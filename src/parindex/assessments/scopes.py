"""How the assessment cycle is scoped (see parindex.access).

A cycle is seen by the people of its evaluating unit and above (coordinators, appraisers,
council members, leaders) and by the people of the units it scores; it is managed by the
coordinators of its evaluating unit. A unit's assessment, its entries, reviews and
explanations are seen like its result: by the unit's people and those above it; the
self-assessment is managed by the unit's officers (appraising is checked per field in
actions.py). Evidence documents are seen with the unit and managed by its officers.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet

from parindex.access import Action, register, scope
from parindex.assessments.models import (
    Assessment,
    Cycle,
    Document,
    Entry,
    Explanation,
    Review,
    Stage,
)
from parindex.org.models import Role
from parindex.org.policy import is_administrator, paths, within


@register(Cycle)
def cycles(user: AbstractBaseUser, action: Action) -> QuerySet[Cycle]:
    if is_administrator(user):
        return Cycle.objects.all()
    if action == "view":
        seen = paths(user)
        scored = Assessment.objects.filter(within(seen, "unit__path")).values("cycle_id")
        return Cycle.objects.filter(within(seen, "evaluating_unit__path") | Q(pk__in=scored))
    return Cycle.objects.filter(within(paths(user, [Role.COORDINATOR]), "evaluating_unit__path"))


@register(Stage)
def stages(user: AbstractBaseUser, action: Action) -> QuerySet[Stage]:
    return Stage.objects.filter(cycle__in=scope(user, Cycle, action))


@register(Assessment)
def assessments(user: AbstractBaseUser, action: Action) -> QuerySet[Assessment]:
    if is_administrator(user):
        return Assessment.objects.all()
    roles = None if action == "view" else [Role.UNIT_OFFICER]
    return Assessment.objects.filter(within(paths(user, roles), "unit__path"))


@register(Entry)
def entries(user: AbstractBaseUser, action: Action) -> QuerySet[Entry]:
    return Entry.objects.filter(assessment__in=scope(user, Assessment, action))


@register(Review)
def reviews(user: AbstractBaseUser, action: Action) -> QuerySet[Review]:
    return Review.objects.filter(entry__assessment__in=scope(user, Assessment, "view"))


@register(Explanation)
def explanations(user: AbstractBaseUser, action: Action) -> QuerySet[Explanation]:
    return Explanation.objects.filter(entry__assessment__in=scope(user, Assessment, action))


@register(Document)
def documents(user: AbstractBaseUser, action: Action) -> QuerySet[Document]:
    if is_administrator(user):
        return Document.objects.all()
    roles = None if action == "view" else [Role.UNIT_OFFICER]
    return Document.objects.filter(within(paths(user, roles), "owner__path"))
