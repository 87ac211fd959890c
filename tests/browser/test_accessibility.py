"""Accessibility: axe-core on every page in both palettes, and the keyboard alone."""

from __future__ import annotations

import pytest
from searchbox import RESULT_LINKS
from settle import open_settled
from sitetext import nav, url_of

PAGES = [url_of(doc) for _, doc in nav()] + ["print/"]


AXE_RUN = """async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.nodes.length}× e.g. ${v.nodes[0].target.join(' ')}`)"""
SCHEMES = {"default": "light", "slate": "dark"}


def test_no_serious_or_critical_axe_violations(browser, server, axe_source):
    """Every page in both palettes: axe in the palette the page opens in, then again after Material's palette
    button (the next page opens in the palette the reader chose last)."""
    # bypass_csp: axe is injected as an inline script, which the site's own policy rightly refuses
    context = browser.new_context(color_scheme="light", bypass_csp=True)
    page = context.new_page()
    problems, seen = [], set()
    for path in PAGES:
        open_settled(page, server + path)
        page.add_script_tag(content=axe_source)
        for _ in range(2):
            palette = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            seen.add((path, palette))
            problems += [f"{path or 'index'} [{SCHEMES[palette]}] {v}" for v in page.evaluate(AXE_RUN)]
            page.locator("form[data-md-component=palette] label:not([hidden])").click()
            page.wait_for_function("b => document.body.getAttribute('data-md-color-scheme') !== b", arg=palette)
            # the pointer off the header, as a reader's moves on: the button's tooltip, which Material shows after a
            # delay under a still pointer, was once measured half faded in (a contrast violation in CI), so no
            # tooltip is left to start; measured once whatever was fading has finished
            page.mouse.move(1, page.viewport_size["height"] - 1 if page.viewport_size else 599)
            page.wait_for_function(
                "() => !document.querySelector('.md-tooltip--active')"
                " && document.getAnimations().every(a => a.playState !== 'running')"
            )
    context.close()
    assert seen == {(path, palette) for path in PAGES for palette in SCHEMES}
    assert problems == [], "\n".join(problems)


def test_html_lang_is_chinese(site):
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        if "<html" in text:
            assert '<html lang="zh"' in text, html


@pytest.fixture
def keyboard_page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1 }")
    page = context.new_page()
    yield page
    context.close()


def tab_to(page, predicate: str, limit: int = 80) -> bool:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!el && ({predicate}) }})()"):
            return True
    return False


def test_search_by_keyboard_alone(keyboard_page, server):
    page = keyboard_page
    open_settled(page, server)
    page.keyboard.press("/")  # Material's shortcut to the search box
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    page.keyboard.type("双刃剑")  # Chinese arrives as text input, as from an IME…
    page.keyboard.press("End")  # …whose last key is what Material's keyup listener sees
    page.locator(RESULT_LINKS).first.wait_for(state="visible")
    page.keyboard.press("ArrowDown")  # to the first result
    assert page.evaluate("document.activeElement.matches('.md-search-result a')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "part-1-leadership-team/" in page.url and "#jiang-lianzheng" not in page.url
    page.locator("mark.search-landing").wait_for(state="attached")


def test_navigation_and_print_button_by_keyboard(keyboard_page, server):
    page = keyboard_page
    open_settled(page, server + "part-2-cadre-team/")
    # 打印与下载 opens from the keyboard, and its print button is the next stop
    assert tab_to(page, "el.matches('.page-tools > summary')")
    assert not page.evaluate("document.querySelector('.page-tools').open")
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('.page-tools').open")
    assert tab_to(page, "el.matches('button[data-print]')", limit=3)
    page.keyboard.press("Enter")
    assert page.evaluate("window.__printed") == 1
    assert tab_to(page, "el.matches('a.md-footer__link--next')", limit=200)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("part-3-party-building/")


def test_tooltip_by_keyboard(keyboard_page, server):
    page = keyboard_page
    open_settled(page, server + "part-3-party-building/")
    assert tab_to(page, "el.matches('abbr[title]')")
    tooltip = page.locator(".md-tooltip2--active").first
    tooltip.wait_for(state="visible", timeout=3000)
    title = page.evaluate("document.activeElement.getAttribute('title') || document.activeElement.dataset.title || ''")
    assert tooltip.inner_text().strip()
    assert not title or title in tooltip.inner_text()


CONTRAST_OF = """async (el) => (await axe.run(el, { runOnly: ['color-contrast'] })).violations
    .map(v => `${v.id}: ${v.nodes.map(n => n.failureSummary).join(' | ')}`)"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_print_and_download_buttons_stay_readable_under_the_pointer_and_after_a_tap(
    browser, server, axe_source, scheme
):
    """Found by a reviewer: in the dark palette 打印与下载, 打印本节 and 下载本节 Word, hovered or focused (a tap
    leaves them so on a phone), were #ffb4ab on #ffdad6, 1.31:1. Each is checked by axe hovered, then focused."""
    context = browser.new_context(color_scheme=scheme, bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    open_settled(page, server + "part-1-leadership-team/")
    page.add_script_tag(content=axe_source)
    wanted = {"light": "default", "dark": "slate"}[scheme]
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == wanted
    page.locator("details.page-tools > summary").click()
    buttons = page.locator(".page-tools .md-button, .page-tools ~ .md-button")
    assert buttons.count() >= 3
    problems = []
    for i in range(buttons.count()):
        button = buttons.nth(i)
        if not button.is_visible():
            continue
        name = " ".join(button.inner_text().split())
        button.hover()
        page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
        problems += [f"{name} hovered: {v}" for v in button.evaluate(CONTRAST_OF)]
        button.focus()
        page.mouse.move(1, 899)
        page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
        problems += [f"{name} focused: {v}" for v in button.evaluate(CONTRAST_OF)]
    context.close()
    assert problems == [], "\n".join(problems)
