import os
from collections.abc import Iterator

import pytest
from django.utils import translation

from tests.cast import World, build_world

# Playwright's sync API runs an event loop in the test thread; the live server's database
# calls are then flagged as "async unsafe" although they run in their own thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _no_language_left_over() -> Iterator[None]:
    """A request made in a test activates its language in the test's thread, and Django
    leaves it there: every test starts and ends with no language activated."""
    translation.deactivate()
    yield
    translation.deactivate()
