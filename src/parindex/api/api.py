"""The JSON API (OpenAPI at /api/docs): the same named writes and scope as the pages."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.security import django_auth

from parindex.api import org
from parindex.audit.writes import ActionRefused, StaleVersion

api = NinjaAPI(
    title="parindex API",
    version="1",
    auth=django_auth,
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/", org.router)


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
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    return _("This value is not valid.")


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {
            "where": " → ".join(str(part) for part in error.get("loc", ())),
            "message": _validation_message(error),
        }
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": errors}, status=422)


@api.exception_handler(StaleVersion)
def stale(request: HttpRequest, exc: StaleVersion) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc.message)}, status=409)


@api.exception_handler(ActionRefused)
def refused(request: HttpRequest, exc: ActionRefused) -> HttpResponse:
    body = {"detail": str(exc.message), "where": exc.field}
    return api.create_response(request, body, status=400)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": _("You may not do this.")}, status=403)
