"""End-to-end tests: Playwright for Python drives Debian's Chromium (never a downloaded browser) against a live
server with the demo data."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("CCHC_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium package.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def demo_server(live_server, transactional_db):
    """The live server with the demo alone, as a new user finds it after `make demo`.

    Transactional tests empty the database after they run, not before: the session's first one would find the
    session set-up's test data (Đà Nẵng's test regulation, tests/conftest.py), so the database is emptied first.
    A test that needs that data loads it itself (tests.conftest.load_da_nang_test_data)."""
    from django.core.management import call_command

    from cchc.demo.loader import load_demo

    call_command("flush", interactive=False, verbosity=0)
    load_demo()
    return live_server


@pytest.fixture
def page(browser):
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1400, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def person(browser):
    """A page in a browser context of its own per person, logged in: several people act in one test."""
    contexts = []

    def make(server, username: str):
        context = browser.new_context(
            locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1400, "height": 900}
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        login(page, server, username)
        return page

    yield make
    for context in contexts:
        context.close()


def login(page, server, username: str, password: str = "cchc-demo-2026") -> None:
    page.goto(f"{server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("networkidle")


def pick(scope, name: str, text: str, *, search: str = "") -> None:
    """U-1: choose `text` in the agency picker (Tom Select) of the select named `name` inside `scope` (a page or a
    locator), by typing `search` (default: the text itself) as a person would."""
    chosen = scope.locator(f"select[name='{name}'] option:checked")
    if chosen.count() == 1 and chosen.inner_text().strip() == text:
        return  # already chosen (a form shown again after a submit keeps its values)
    picker = scope.locator(f"select[name='{name}'] + .ts-wrapper")
    picker.locator(".ts-control").click()
    # Under load the dropdown opens a moment after the click; keys typed before it has focus would be lost.
    picker.locator(".ts-control input").wait_for(state="visible")
    picker.page.wait_for_function(
        "el => document.activeElement === el", arg=picker.locator(".ts-control input").element_handle()
    )
    picker.page.keyboard.type(search or text)
    picker.locator(".ts-dropdown .option").filter(has_text=text).first.click()
    picker.page.keyboard.press("Escape")
    # Under load the list may stay open a moment and cover the next field: wait until it is closed (a person
    # would see it close), pressing Escape again if the first one came too early.
    dropdown = picker.locator(".ts-dropdown")
    for _ in range(3):
        try:
            dropdown.wait_for(state="hidden", timeout=2_000)
            return
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError: close it again
            picker.page.keyboard.press("Escape")
    dropdown.wait_for(state="hidden")
