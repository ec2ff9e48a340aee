"""The JSON API (OpenAPI at /api/docs): the same named writes and scope as the pages."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import django_auth

from parindex.api import assessments, frameworks, org, plans, results, tokens
from parindex.api.auth import BearerToken, TokenRefused
from parindex.api.parser import NulInText, TextParser
from parindex.audit.writes import ActionRefused, ProblemsRefused, StaleVersion
from parindex.core.messages import Refused
from parindex.web import messages

api = NinjaAPI(
    title="parindex API",
    version="1",
    # A bearer token first: when one is sent, it alone decides (a bad one is a 401 even
    # beside a session cookie). Without one, the session, with its CSRF check.
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
    docs_url="/docs",
    parser=TextParser(),
)
api.add_router("/", org.router)
api.add_router("/", tokens.router)
api.add_router("/", frameworks.router)
api.add_router("/", results.router)
api.add_router("/", plans.router)
api.add_router("/", assessments.router)


def _validation_message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    if kind == "missing":
        return _("This value is required.")
    if kind.startswith("int_"):
        return _("Expected a whole number.")
    if kind.startswith("date"):
        return _("Expected a date written YYYY-MM-DD.")
    if kind == "string_too_long":
        return _("The text is too long.")
    if kind.startswith(("string_", "literal_", "enum")):
        return _("Expected text from the allowed values.")
    return _("This value is not valid.")


def _where(loc: tuple[object, ...] | list[object]) -> str:
    """ "body → body → name" (part, parameter, attribute) read as "body → name"."""
    parts = [str(part) for part in loc]
    if len(parts) >= 2 and parts[:2] == ["body", "body"]:
        del parts[1]  # a missing body is "body", not "body → body"
    return " → ".join(parts)


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"where": _where(error.get("loc", ())), "message": _validation_message(error)}
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": errors}, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja's own refusals are English; say them in the reader's language.
    if isinstance(exc.__cause__, NulInText):
        return nul_in_text(request, exc.__cause__)
    if exc.status_code == 400 and "parse request body" in str(exc):
        error = {"where": "body", "message": _("The request body is not valid JSON.")}
        return api.create_response(request, {"detail": [error]}, status=422)
    if exc.status_code == 403:
        return forbidden(request, PermissionDenied())
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(NulInText)
def nul_in_text(request: HttpRequest, exc: NulInText) -> HttpResponse:
    error = {"where": exc.where, "message": _("Text must not contain the NUL character.")}
    return api.create_response(request, {"detail": [error]}, status=422)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("Log in first.")}, status=401)


@api.exception_handler(TokenRefused)
def token_refused(request: HttpRequest, exc: TokenRefused) -> HttpResponse:
    response = api.create_response(request, {"detail": str(exc.explanation)}, status=401)
    response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(StaleVersion)
def stale(request: HttpRequest, exc: StaleVersion) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc.message)}, status=409)


# The named writes name their arguments; the API names the attributes of its bodies.
_API_NAMES = {
    "before": "before_ids",
    "after": "after_ids",
    "parent": "parent_id",
    "units": "unit_ids",
    "unit": "unit_id",
    "evaluating_unit": "evaluating_unit_id",
    "file": "yaml",  # a framework file arrives as the body's text
    "lead": "lead_name",  # a plan's task or target with no lead: core names its lead
    "lead_unit": "lead_unit_id",
    "coordinating_units": "coordinating_unit_ids",
    "documents": "document_ids",  # an entry's or an explanation's evidence
    "evidence_file": "file",  # an evidence document's file: the multipart part `file`
}


@api.exception_handler(ProblemsRefused)
def problems_refused(request: HttpRequest, exc: ProblemsRefused) -> HttpResponse:
    where = _API_NAMES.get(exc.field, exc.field) if exc.field else None
    body = {"detail": str(exc.message), "where": where, "problems": exc.lines}
    return api.create_response(request, body, status=400)


@api.exception_handler(ActionRefused)
def refused(request: HttpRequest, exc: ActionRefused) -> HttpResponse:
    where = _API_NAMES.get(exc.field, exc.field) if exc.field else None
    body = {"detail": str(exc.message), "where": where}
    return api.create_response(request, body, status=400)


@api.exception_handler(Refused)
def core_refused(request: HttpRequest, exc: Refused) -> HttpResponse:
    where = _API_NAMES.get(exc.where, exc.where) if exc.where else None
    body = {"detail": messages.render(exc.message), "where": where}
    return api.create_response(request, body, status=400)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": _("You may not do this.")}, status=403)
