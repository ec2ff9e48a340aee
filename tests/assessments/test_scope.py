"""Who sees and manages the cycle's rows (parindex.assessments.scopes), cast member by member."""

import pytest
from django.db.models import Model

from parindex.access import Action, scope
from parindex.assessments.models import Assessment, Cycle, Document, Entry, Stage
from parindex.org.models import User
from tests.cast import World

# model → (the world's names of its rows, who sees what by view and by manage)
A1, A2 = "assessment_a1", "assessment_a2"
SEEN: dict[type[Model], dict[str, tuple[list[str], list[str]]]] = {
    Cycle: {
        "admin": (["cycle_a"], ["cycle_a"]),
        "coord_a": (["cycle_a"], ["cycle_a"]),
        "coord_b": ([], []),
        "officer_a": (["cycle_a"], []),  # their commune is scored in it
        "appraiser_a": (["cycle_a"], []),
        "leader_a": (["cycle_a"], []),
        "task_a": ([], []),
    },
    Assessment: {
        "admin": ([A1, A2], [A1, A2]),
        "coord_a": ([A1, A2], []),  # coordinators do not write a unit's self-assessment
        "coord_b": ([], []),
        "officer_a": ([A1], [A1]),
        "appraiser_a": ([A1, A2], []),
        "leader_a": ([A1, A2], []),
        "task_a": ([], []),
    },
    Document: {
        "admin": (["document_a1"], ["document_a1"]),
        "coord_a": (["document_a1"], []),
        "coord_b": ([], []),
        "officer_a": (["document_a1"], ["document_a1"]),
        "appraiser_a": (["document_a1"], []),
        "task_a": ([], []),
    },
}


def _case(model: type[Model]) -> list[tuple[type[Model], str]]:
    return [(model, who) for who in SEEN[model]]


@pytest.mark.parametrize(
    ("model", "who"), [case for model in SEEN for case in _case(model)], ids=str
)
def test_scope(world: World, model: type[Model], who: str) -> None:
    person = User.objects.get(pk=getattr(world, who).pk)
    actions: tuple[Action, Action] = ("view", "manage")
    for action, names in zip(actions, SEEN[model][who], strict=True):
        found = list(scope(person, model, action).values_list("pk", flat=True))
        assert len(found) == len(set(found))
        assert set(found) == {getattr(world, name).pk for name in names}, action


def test_entries_and_stages_follow_their_parents(world: World) -> None:
    officer = User.objects.get(pk=world.officer_a.pk)
    entries = scope(officer, Entry, "manage")
    assert set(entries.values_list("assessment_id", flat=True)) == {world.assessment_a1.pk}
    assert scope(officer, Stage, "view").count() == 6
    assert not scope(officer, Stage, "manage").exists()
    outsider = User.objects.get(pk=world.coord_b.pk)
    assert not scope(outsider, Entry, "view").exists()
