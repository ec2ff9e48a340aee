import os

import pytest

from tests.cast import World, build_world

# Playwright's sync API runs an event loop in the test thread; the live server's database
# calls are then flagged as "async unsafe" although they run in their own thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def world(db: None) -> World:
    return build_world()
