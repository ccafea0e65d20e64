"""The HTML report in a real browser (headless Chromium through Playwright).

Skips cleanly when Chromium or the playwright package is missing; the CI
script installs both.  Never runs ``playwright install``: the Debian
chromium at /usr/bin/chromium is used.  Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_render_fixture import HOSTILE, make_result

from scanner.render import html as html_render

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium() -> str:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium") or "", shutil.which("chromium-browser") or ""):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.skip("chromium is not installed")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    executable = _chromium()
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def opened(browser, tmp_path):
    """A page with the fixture report loaded, plus the console errors and requests it produced."""
    report = tmp_path / "rapport.html"
    report.write_text(html_render.render(make_result(with_set=True)), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: requests.append(req.url))
    page.on("dialog", lambda dialog: (errors.append("dialog: " + dialog.message), dialog.dismiss()))
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    yield page, errors, requests
    page.close()


def _visible(page, selector: str) -> list[bool]:
    return [page.locator(selector).nth(i).is_visible() for i in range(page.locator(selector).count())]


def test_category_filter_hides_only_that_category(opened):
    page, errors, requests = opened
    assert all(_visible(page, "aside.note.c-breadwinner"))
    page.locator('input[data-filter="c-breadwinner"]').uncheck()
    hidden = _visible(page, "aside.note.c-breadwinner")
    assert hidden and not any(hidden)
    assert not any(_visible(page, "tr.f.c-breadwinner"))
    assert all(_visible(page, "aside.note.c-care-role"))
    assert all(_visible(page, "aside.note.c-household-unit"))
    total = page.locator("aside.note").count()
    shown = total - len(hidden)
    assert f"{shown} van {total}" in page.locator("#filter-status").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#text").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "report-filtered.png"))
    assert (ARTIFACTS / "report-filtered.png").stat().st_size > 10_000
    assert not errors, errors
    assert all(url.startswith(("file:", "data:", "about:")) for url in requests), requests


def test_severity_filter_and_reset(opened):
    page, errors, _ = opened
    page.locator('input[data-filter="sev-high"]').uncheck()
    assert not any(_visible(page, "aside.note.sev-high"))
    assert all(_visible(page, "aside.note.sev-medium"))
    page.locator("#reset").click()
    assert all(_visible(page, "aside.note"))
    assert not errors, errors


def test_search_box_filters_sentences(opened):
    page, errors, _ = opened
    page.locator("#q").fill("kinderopvang")
    page.locator("body.searching").wait_for(state="attached")  # CSP forbids eval, so no wait_for_function
    assert page.locator("#s-0-8").is_visible()
    assert not page.locator("#s-0-1").is_visible()
    page.locator("#q").fill("")
    page.locator("body:not(.searching)").wait_for(state="attached")
    assert page.locator("#s-0-1").is_visible()
    assert not errors, errors


def test_hostile_text_is_shown_as_text_not_run(opened):
    page, errors, _ = opened
    from playwright.sync_api import expect

    sentence = page.locator("#s-0-9")
    sentence.scroll_into_view_if_needed()  # blocks off screen are not rendered (content-visibility)
    expect(sentence).to_contain_text(HOSTILE, use_inner_text=True)  # retries until rendered
    assert page.locator("#s-0-9 script").count() == 0
    assert not errors, errors  # an executed alert() would have opened a dialog


def test_keyboard_skip_link_and_focusable_filters(opened):
    page, _, _ = opened
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#text"
    box = page.locator('input[data-filter="c-care-role"]')
    box.focus()
    page.keyboard.press("Space")
    assert not box.is_checked()
    assert not any(_visible(page, "aside.note.c-care-role"))


def test_print_stylesheet_hides_filters_and_keeps_notes(opened):
    page, _, _ = opened
    page.emulate_media(media="print")
    assert not page.locator(".toolbar").is_visible()
    assert all(_visible(page, "aside.note"))
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF" and len(pdf) > 20_000
