"""schemathesis drives every API operation from the OpenAPI schema, in-process, as a coordinator
of province A (with a bearer token) on the named cast: no input may cause a server error, and
every documented answer matches its schema."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis import Case, HookContext
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from parindex.api import actions
from tests.cast import World

# Bounded so the whole run takes seconds: examples per operation, the same ones every run.
EXAMPLES = 25


# The schema as the application serves it (read once, when the tests are collected: serving
# it needs no database). schemathesis.pytest.from_fixture would read it per test, but fails
# under pytest 9.2 (it sets `request.node._nodeid`, which pytest no longer has).
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())


# The cast's rows have small ids (units 1-6, people 1-9, ranking groups 1-2, …): random ids
# almost never name one, so the writes would stop at "not found". Half the cases name one.
REAL_IDS = st.integers(min_value=1, max_value=10)


def _steered(value: Any, name: str) -> st.SearchStrategy[Any]:
    if isinstance(value, int) and not isinstance(value, bool):
        if name == "version":
            return st.just(1)
        if name.endswith("_id"):
            return REAL_IDS
    if isinstance(value, list) and name.endswith("_ids"):
        return st.lists(REAL_IDS, max_size=3)
    return st.just(value)


@schema.hook
def flatmap_path_parameters(
    context: HookContext, path_parameters: dict[str, Any] | None
) -> st.SearchStrategy[dict[str, Any] | None]:
    if not path_parameters:
        return st.just(path_parameters)
    steered = {name: _steered(value, name) for name, value in path_parameters.items()}
    return st.one_of(st.just(path_parameters), st.fixed_dictionaries(steered))


@schema.hook
def flatmap_body(context: HookContext, body: Any) -> st.SearchStrategy[Any]:
    if not isinstance(body, dict):
        return st.just(body)
    steered = {name: _steered(value, name) for name, value in body.items()}
    return st.one_of(st.just(body), st.fixed_dictionaries(steered))


@contextmanager
def in_test_transaction() -> Iterator[None]:
    """A request to the WSGI application runs inside the test's transaction.

    Django closes "old" connections at the start and end of every request; in a test, that
    would close the connection that holds the test's transaction (Django's own test client
    disconnects the same handlers around each of its requests).
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def coordinator_token(world: World) -> str:
    _token, secret = actions.issue_token(world.coord_a, "schemathesis", 1)
    return secret


@pytest.fixture
def coordinator_session(world: World) -> dict[str, str]:
    """The cookies of coord_a's session, and its CSRF token (sent back as a header)."""
    client = Client()
    client.force_login(world.coord_a)
    client.get(reverse("home"))  # sets the CSRF cookie
    return {name: morsel.value for name, morsel in client.cookies.items()}


CHECKS = [not_a_server_error, response_schema_conformance]
BOUNDED = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    # The fixtures are per test, not per example, on purpose: examples share the cast.
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@BOUNDED
def test_no_server_error(case: Case[Any], coordinator_token: str) -> None:
    with in_test_transaction():
        case.call_and_validate(
            headers={"Authorization": f"Bearer {coordinator_token}"}, checks=CHECKS
        )


# A token may not issue tokens: the token operations are driven through a session as well.
@schema.include(path_regex="^/api/tokens").parametrize()
@BOUNDED
def test_no_server_error_in_a_session(case: Case[Any], coordinator_session: dict[str, str]) -> None:
    csrf = coordinator_session[django_settings.CSRF_COOKIE_NAME]
    with in_test_transaction():
        case.call_and_validate(
            headers={"X-CSRFToken": csrf}, cookies=coordinator_session, checks=CHECKS
        )
