"""Browser tests: Playwright driving Debian's Chromium against a live test server.

A missing browser fails these tests (it never skips them): install Debian's ``chromium``
(``.ci/run`` does) or point ``PASSPORT_CHROMIUM`` at another Chromium build.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Response, sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls our tests make to set up
# data are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PASSPORT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Without these, Chromium tries to reach Google's services, which a closed network refuses.
QUIET = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (see .ci/run)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=QUIET)
        yield launched
        launched.close()


@dataclass
class Traffic:
    """Bytes transferred per response (compressed bodies as sent plus headers)."""

    responses: list[tuple[str, int]] = field(default_factory=list)

    def record(self, response: Response) -> None:
        sizes = response.request.sizes()
        self.responses.append((response.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))

    def reset(self) -> None:
        self.responses.clear()

    @property
    def total(self) -> int:
        return sum(size for _url, size in self.responses)


@pytest.fixture
def traffic() -> Traffic:
    return Traffic()


def _new_context(browser: Browser, live_server: object, storage_state: object = None) -> BrowserContext:
    context = browser.new_context(
        locale="en-GB",
        base_url=str(live_server.url),  # type: ignore[attr-defined]
        storage_state=storage_state,  # type: ignore[arg-type]
    )
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def page(browser: Browser, live_server: object, traffic: Traffic) -> Iterator[Page]:
    """A fresh browser context (no cookies) per test, English unless the test switches."""
    context = _new_context(browser, live_server)
    tab = context.new_page()
    tab.on("response", traffic.record)
    yield tab
    context.close()


@pytest.fixture
def open_page(browser: Browser, live_server: object) -> Iterator[Callable[..., Page]]:
    """Another visitor: each call opens a page in a new browser context, with its own cookies
    and an empty cache. ``open_page(storage_state=other.context.storage_state())`` is the same
    signed-in person on a cold cache."""
    contexts: list[BrowserContext] = []

    def opener(storage_state: object = None) -> Page:
        contexts.append(_new_context(browser, live_server, storage_state))
        return contexts[-1].new_page()

    yield opener
    for context in contexts:
        context.close()
