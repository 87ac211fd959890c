"""The core journeys in WebKit (Safari's engine, and every iPhone browser's), as Chromium runs them.

Open every page with its scripts running under the Content-Security-Policy; glossary terms marked
and explained on a tap; a search that lands with the phrase in view (after WebKit's own scroll at
the load event); 字号; 复制链接. See tests/webkit.py for how WebKit is started.
"""

from __future__ import annotations

import pytest
from conftest import ROOT
from reading import PAGES, SPEECH_PX
from webkit import INSTALL, missing, webkit

WAIT = 10  # seconds, for a condition to hold


@pytest.fixture(scope="module")
def driver():
    gaps = missing()
    if gaps:
        pytest.fail(f"WebKit tier: {'; '.join(gaps)}. {INSTALL}.", pytrace=False)
    with webkit() as browser:
        yield browser


def until(driver, script: str, *args, timeout: float = WAIT):
    """Wait for `script` (a function body returning a value) to return something truthy, and return it."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: d.execute_script(script, *args))


def open_page(driver, url: str, width: int = 390):
    if driver.execute_script("return innerWidth") != width:
        driver.set_window_rect(width=width, height=844 if width < 600 else 900)
        until(driver, "return innerWidth === arguments[0]", width)
    driver.get(url)
    until(driver, "return document.readyState === 'complete'")


def test_every_page_opens_with_its_scripts_running(driver, server):
    for path in PAGES:
        open_page(driver, server + path)
        state = driver.execute_script(
            """return {
                 notice: document.querySelector('.speech-notice').textContent,
                 material: !!document.querySelector('.md-search-result__meta') && !!window.__md_get,
                 sections: document.querySelectorAll('article > h2[id]').length,
                 share: document.querySelectorAll('.section-share').length,
                 fontsize: !!document.querySelector('.fontsize__toggle'),
                 sideways: document.documentElement.scrollWidth > innerWidth,
               }"""
        )
        assert state["notice"] == "本文系作者原创投稿，仅供学习参考，请勿照搬照抄！", path
        assert state["material"] and state["fontsize"] and not state["sideways"], (path, state)
        # share.js is inline code: it runs only if WebKit accepts the page's CSP hash for it
        if state["sections"] and path != "print/":
            assert state["share"] >= state["sections"], (path, state)


def test_glossary_terms_are_marked_and_explained_on_a_tap(driver, server):
    open_page(driver, server + "part-1-leadership-team/")
    marker = driver.execute_script(
        """const s = getComputedStyle(document.querySelector('article abbr[title]'))
           return { line: s.textDecorationLine, style: s.textDecorationStyle, border: s.borderBottomStyle }"""
    )
    assert ("underline" in marker["line"] and marker["style"] == "dotted") or marker["border"] == "dotted", marker
    term = driver.execute_script(
        "const t = [...document.querySelectorAll('article abbr')].find(a => a.textContent === '四大三苦');"
        "t.scrollIntoView({ block: 'center' }); return t"
    )
    term.click()
    text = until(driver, "const t = document.querySelector('.md-tooltip2--active'); return t && t.textContent")
    assert explanation("四大三苦") in text


def explanation(term: str) -> str:
    """The entry's explanation as glossary.yml has it: what the tooltip shows."""
    import yaml

    entries = yaml.safe_load((ROOT / "glossary.yml").read_text(encoding="utf-8"))
    entries = entries["entries"] if isinstance(entries, dict) else entries
    entry = next(e for e in entries if e["term"] == term)
    return " ".join(str(entry["explanation"]).split())


@pytest.mark.parametrize("query", ["双刃剑", "维护团结"])
def test_search_lands_with_the_phrase_in_view_after_the_load_event(driver, server, query):
    from selenium.webdriver.common.by import By

    open_page(driver, server)
    driver.find_element(By.CSS_SELECTOR, "label.md-header__button[for='__search']").click()
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    until(driver, "return document.activeElement === arguments[0] || (arguments[0].focus(), false)", box)
    box.send_keys(query)
    # the list may be drawn again as answers arrive: find and click the first result in one step, not a
    # handle that a redraw leaves stale (StaleElementReferenceException, seen in CI)
    until(driver, "const a = document.querySelector('li.md-search-result__item a'); return !!a && (a.click(), true)")
    until(driver, "return document.readyState === 'complete' && !!document.querySelector('mark.search-landing')")
    # WebKit scrolls to the URL's section at the load event; after it, the phrase must still be in view
    in_view = driver.execute_async_script(
        """const done = arguments[arguments.length - 1]
           requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => {
             const r = document.querySelector('mark.search-landing').getBoundingClientRect()
             done({ top: r.top, bottom: r.bottom, height: innerHeight })
           })))"""
    )
    assert 0 <= in_view["top"] and in_view["bottom"] <= in_view["height"], in_view


def test_fontsize_is_chosen_kept_and_fits_the_phone(driver, server):
    from selenium.webdriver.common.by import By

    open_page(driver, server + "part-2-cadre-team/")
    driver.execute_script("localStorage.clear()")
    driver.find_element(By.CSS_SELECTOR, ".fontsize__toggle").click()
    driver.find_element(By.CSS_SELECTOR, ".fontsize__choice--2").click()
    speech = "article > p:not(.speech-notice, .site-added)"
    size = f"return parseFloat(getComputedStyle(document.querySelector('{speech}')).fontSize)"
    assert driver.execute_script(size) >= SPEECH_PX["2"]
    open_page(driver, server + "glossary/")
    assert driver.execute_script("return document.documentElement.getAttribute('data-fontsize')") == "2"
    assert driver.execute_script("return document.querySelector('input[name=__fontsize][value=\"2\"]').checked")
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390
    driver.execute_script("localStorage.clear()")


def test_copy_link_copies_the_line_for_the_group(driver, server):
    open_page(driver, server + "part-1-leadership-team/", width=1366)
    # what the page hands the clipboard (WebKit asks the user before a page may read it back)
    driver.execute_script(
        """const write = navigator.clipboard.writeText.bind(navigator.clipboard)
           navigator.clipboard.writeText = text => { window.__copied = text; return write(text) }"""
    )
    button = driver.execute_script(
        "const b = document.querySelector('#mingbairen .section-share')"
        "; b.scrollIntoView({ block: 'center' }); return b"
    )
    assert button.text == "复制链接"
    button.click()
    said = until(driver, "const d = document.querySelector('.md-dialog--active'); return d && d.textContent.trim()")
    assert said == "已复制本节链接，可以粘贴到微信群里。"
    copied = driver.execute_script("return window.__copied")
    heading = "（二）要做政治上的“明白人”，答好“政治卷”。"
    assert copied == f"怎么做新时代合格的基层党组织书记 · {heading} {server}part-1-leadership-team/#mingbairen"


def test_the_first_screen_shows_the_title_and_the_text(driver, server):
    """Issue 21 in WebKit at 390 px (MiniBrowser narrows no further): every page, each 字号 chosen in the
    page, shows its title and first line of text on the first screen, the header names it in full, and no
    ¶ leaves a line of its own under a title (it did after parts 1 and 3 at 大)."""
    from selenium.webdriver.common.by import By
    from test_first_screen import FIRST_SCREEN, PAGES, problems_of

    script = "return " + "\n".join(
        line for line in FIRST_SCREEN.splitlines() if not line.startswith("//")
    ).lstrip().lstrip(";")
    problems = []
    for path in PAGES:
        open_page(driver, server + path)
        for size, name in (("0", "标准"), ("1", "大"), ("2", "特大")):
            driver.find_element(By.CSS_SELECTOR, ".fontsize__toggle").click()
            driver.find_element(By.CSS_SELECTOR, f".fontsize__choice--{size}").click()
            until(driver, "return !document.querySelector('.fontsize--open')")  # closed after the choice
            driver.execute_script("scrollTo(0, 0)")
            m = driver.execute_script(script)
            problems += problems_of(m, f"WebKit {path or '/'} at 390 {name}", 390, size)
    driver.execute_script("localStorage.clear()")
    assert not problems, "\n".join(problems)


def test_a_run_of_full_width_digits_stays_on_one_line(driver, imported_server, imported_build):
    """As test_phone_controls checks in Chromium, on the phone's narrowest width in each 字号: the People's Daily
    text imported as f15 writes its years as １９９２, and WebKit, too, may break between any two such digits."""
    from reading import DIGIT_RUNS, FITS, SIZES
    from speeches import SHORT_SELF_TEST_SLUG, url_of

    from speech_study.project import Project

    split, seen = set(), 0
    for p in Project.load(imported_build.project).view(SHORT_SELF_TEST_SLUG).speech_pages():
        open_page(driver, imported_server + url_of(p.src_uri), width=320)
        for size in SIZES:
            driver.execute_script(
                "arguments[0] === '0' ? document.documentElement.removeAttribute('data-fontsize')"
                " : document.documentElement.setAttribute('data-fontsize', arguments[0])",
                size,
            )
            runs = driver.execute_script(f"return ({DIGIT_RUNS})(arguments[0])", FITS)
            seen += len(runs)
            split |= {(p.src_uri, size, text) for text, broken in runs if broken}
    assert seen > 0, "no run of full-width digits to look at"
    assert not split, sorted(split)
