"""Real Chromium over HTTP: no request leaves the origin, no console error, tooltips, nav order."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from searchbox import SEARCH_READY, type_query
from settle import open_settled
from sitetext import nav, url_of

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


CSP_WATCH = """
window.__cspViolations = []
document.addEventListener('securitypolicyviolation',
  e => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`))
"""


@pytest.fixture
def page(browser):
    context = browser.new_context(**DESKTOP)
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    yield page
    context.close()


def watch(page, origin: str):
    """Collect requests outside the origin and console errors."""
    seen = {"outside": [], "errors": []}

    def on_request(request):
        url = urlparse(request.url)
        if url.scheme in ("data", "blob"):
            return
        if f"{url.scheme}://{url.netloc}/" != origin:
            seen["outside"].append(request.url)

    page.on("request", on_request)
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    return seen


@pytest.mark.parametrize("doc", [doc for _, doc in nav()] + ["404"])
def test_page_stays_on_origin_without_console_errors(page, server, doc, artifacts):
    seen = watch(page, server)
    path = "404.html" if doc == "404" else url_of(doc)
    # the network quiet for half a second: a late request, to anywhere, is seen before the check
    page.goto(server + path, wait_until="networkidle")
    page.wait_for_function(SEARCH_READY)  # the last to load: the search index, then the worker
    assert seen["outside"] == [], seen["outside"]
    assert seen["errors"] == [] or doc == "404", seen["errors"]
    # every page runs under its Content-Security-Policy with nothing refused
    assert page.evaluate("document.querySelector('meta[http-equiv=Content-Security-Policy]') !== null")
    type_query(page, "四大三苦")  # exercise the search worker too, until it has answered
    assert page.evaluate("window.__cspViolations") == []
    assert page.locator(".speech-notice").inner_text() == "本文系作者原创投稿，仅供学习参考，请勿照搬照抄！"
    if doc in ("index.md", "part-1-leadership-team.md"):
        page.screenshot(path=str(artifacts / f"desktop-{doc[:-3]}.png"))


# Material fades a tooltip in (opacity and transform transitions): done when
# it is opaque and no transition runs on it any more
FADED_IN = """el => getComputedStyle(el).opacity === '1'
  && el.getAnimations({ subtree: true }).every(a => a.playState === 'finished')"""


def show_tooltip(page, url: str, term: str, gesture: str):
    """Hover or tap `term` on `url`; return the tooltip Material shows."""
    open_settled(page, url)
    target = page.locator("abbr", has_text=term).first
    target.scroll_into_view_if_needed()
    getattr(target, gesture)()
    tooltip = page.locator(".md-tooltip2--active").first
    tooltip.wait_for(state="visible", timeout=3000)
    page.wait_for_function(FADED_IN, arg=tooltip.element_handle())  # before the picture
    return tooltip


def test_hover_shows_tooltip(page, server, artifacts):
    tooltip = show_tooltip(page, server + url_of("part-1-leadership-team.md"), "四大三苦", "hover")
    assert "矛盾与问题" in tooltip.inner_text()  # glossary.yml: 四大三苦
    page.screenshot(path=str(artifacts / "desktop-tooltip.png"))


def test_tap_shows_tooltip_on_a_phone(browser, server, artifacts):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    tooltip = show_tooltip(page, server + url_of("part-2-cadre-team.md"), "六个不能、五个通气", "tap")
    assert "处理关系、搞好团结" in tooltip.inner_text()  # glossary.yml: 六个不能、五个通气
    box = tooltip.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    page.screenshot(path=str(artifacts / "phone-tooltip.png"))
    context.close()


def test_reader_goes_through_the_speech_by_next_and_back_by_previous(page, server):
    titles = [t for t, _ in nav()]
    page.goto(server, wait_until="domcontentloaded")
    visited = [page.title()]
    while page.locator("a.md-footer__link--next").count():
        page.locator("a.md-footer__link--next").click()
        page.wait_for_load_state("domcontentloaded")
        visited.append(page.title())
    assert [v.split(" - ")[0] for v in visited][1:] == titles[1:]
    for _ in titles[1:]:
        page.locator("a.md-footer__link--prev").click()
        page.wait_for_load_state("domcontentloaded")
    assert page.url == server
