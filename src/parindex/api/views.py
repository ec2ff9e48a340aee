"""Pages for a person's own API tokens: list them, issue one (its secret shown once), revoke."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from parindex.access import get_in_scope, scope
from parindex.api import actions
from parindex.api.forms import TokenForm
from parindex.api.models import ApiToken
from parindex.web.forms import ChangeForm, submit
from parindex.web.http import AuthenticatedRequest


@login_required
def token_list(request: AuthenticatedRequest) -> HttpResponse:
    tokens = scope(request.user, ApiToken, "view")
    return render(request, "api/token_list.html", {"tokens": tokens, "now": timezone.now()})


@never_cache  # the answer to a POST holds the secret: no cache may keep it
@login_required
def token_create(request: AuthenticatedRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        issued = submit(form, lambda: actions.issue_token(request.user, data["name"], data["days"]))
        if issued:
            token, secret = issued
            api_url = request.build_absolute_uri(reverse("api:list_units"))
            context = {"token": token, "secret": secret, "api_url": api_url}
            return render(request, "api/token_issued.html", context)
    context = {"form": form, "max_days": actions.MAX_DAYS}
    return render(request, "api/token_form.html", context)


@login_required
@require_POST
def token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    token = get_in_scope(request.user, ApiToken, "manage", pk=pk)
    form = ChangeForm(request.POST)
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        if submit(form, lambda: actions.revoke_token(request.user, token, reason=reason)):
            return redirect("token_list")
    return render(request, "api/token_revoke.html", {"token": token, "form": form}, status=400)
