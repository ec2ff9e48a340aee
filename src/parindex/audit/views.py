from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from parindex.audit.scopes import trail
from parindex.web.http import AuthenticatedRequest

PAGE_SIZE = 50


@login_required
def audit_list(request: AuthenticatedRequest) -> HttpResponse:
    """The changes in the person's scope, newest first, a page at a time."""
    page = Paginator(trail(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/audit_list.html", {"events": page, "page": page})
