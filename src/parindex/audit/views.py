from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from parindex.audit.scopes import trail
from parindex.web.http import AuthenticatedRequest

PAGE_SIZE = 200


@login_required
def audit_list(request: AuthenticatedRequest) -> HttpResponse:
    """The latest changes in the person's scope."""
    events = trail(request.user)[:PAGE_SIZE]
    return render(request, "audit/audit_list.html", {"events": events, "limit": PAGE_SIZE})
