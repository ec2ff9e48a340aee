"""Real-browser tests: Playwright drives Debian's Chromium against the live test server."""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

CHROMIUM = os.environ.get("PARINDEX_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("PARINDEX_SCREENSHOTS", "test-artifacts/screenshots"))
# Without these flags Chromium reaches for Google's services, which this network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    # Depending on live_server makes the browser close its connections before the server
    # stops sharing the test database with its threads (else a late request thread fails).
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    yield context.new_page()
    context.close()


Shoot = Callable[[Page, str], Path]


@pytest.fixture
def screenshot() -> Shoot:
    """Keeps a full-page picture for a person to look at (test-artifacts/screenshots)."""

    def shoot(page: Page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return shoot
