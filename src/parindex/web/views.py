from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from parindex.access import scope
from parindex.org import todo
from parindex.org.models import Role, Unit
from parindex.org.policy import assignments
from parindex.web.http import AuthenticatedRequest


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """Each of the person's roles, with what it lets them act on."""
    roles = []
    for assignment in assignments(request.user):
        unit = assignment.unit
        subtree = (
            scope(request.user, Unit, "view").filter(path__startswith=unit.path).count() - 1
            if unit
            else Unit.objects.count()
        )
        manages = assignment.role in (Role.ADMINISTRATOR, Role.COORDINATOR)
        roles.append(
            {
                "assignment": assignment,
                "unit": unit,
                "subtree": subtree,
                "todo": todo.for_subtree(unit) if manages else None,
            }
        )
    return render(request, "web/home.html", {"roles": roles, "Role": Role})
