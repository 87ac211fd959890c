"""Search takes any input (issue 12): text with no key events, a paste, an IME composition."""

from __future__ import annotations

import pytest
from searchbox import RESULT_LINKS, open_search
from settle import open_settled

# Record what Material asks its search worker (QUERY = 2), and let no real key event reach the page:
# the text must arrive as a context-menu paste, a drop, voice input or an IME commit would bring it.
WATCH = """
window.__queries = []
const post = Worker.prototype.postMessage
Worker.prototype.postMessage = function (message, ...rest) {
  if (message && message.type === 2) window.__queries.push(message.data)
  return post.call(this, message, ...rest)
}
window.__keys = 0
for (const type of ['keydown', 'keypress', 'keyup'])
  addEventListener(type, e => { if (e.isTrusted) { window.__keys++; e.stopImmediatePropagation() } }, true)
"""


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH)
    page = context.new_page()
    open_settled(page, server + "part-1-leadership-team/")
    open_search(page)
    # the worker is ready: Material has replaced "正在初始化搜索引擎" by the site's prompt
    page.locator(".md-search-result__meta", has_text="输入讲话中的词句").wait_for()
    page.locator("input.md-search__input").focus()
    focus_settled(page)
    page.cdp = context.new_cdp_session(page)
    yield page
    context.close()


def focus_settled(page) -> None:
    """Return once Material has read the box after the focus change.

    Material reads the box's value one debounced millisecond after focus moves (debounceTime(1)),
    and a query goes out if the value changed; under load that read came after the first pinyin
    letter and searched for "s" (CI, 2026-11-30). A timer set now is due after Material's and runs
    after it: this waits for an ordering, not for an amount of time.
    """
    page.evaluate("new Promise(done => setTimeout(done, 1))")


def first_result(page, query: str) -> str:
    page.locator(RESULT_LINKS).first.wait_for(state="visible", timeout=5000)
    page.wait_for_function(
        "q => [...document.querySelectorAll('.md-search-result__item mark')].some(m => m.textContent === q)",
        arg=query,
    )
    return page.locator(RESULT_LINKS).first.get_attribute("href")


def test_text_inserted_without_any_key_event_is_searched(page):
    page.cdp.send("Input.insertText", {"text": "双刃剑"})
    assert first_result(page, "双刃剑").endswith("part-1-leadership-team/?h=%E5%8F%8C%E5%88%83%E5%89%91#daitouren")
    assert "双刃剑" in page.evaluate("window.__queries")
    assert page.evaluate("window.__keys") == 0


def test_pasted_text_is_searched(page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate("navigator.clipboard.writeText('四大三苦')")
    page.evaluate(
        "window.__pasted = 0; document.querySelector('input.md-search__input')"
        ".addEventListener('paste', () => window.__pasted++)"
    )
    page.keyboard.press("ControlOrMeta+V")  # the keys never reach the page: only the paste does
    assert page.evaluate("window.__pasted") == 1
    first_result(page, "四大三苦")
    assert "四大三苦" in page.evaluate("window.__queries")


def test_an_ime_composition_is_searched_when_it_ends_not_letter_by_letter(page):
    for text in ("s", "si", "sid", "sida"):
        page.cdp.send("Input.imeSetComposition", {"text": text, "selectionStart": len(text), "selectionEnd": len(text)})
        # as an IME's own key releases do: a keyup while composing
        page.locator("input.md-search__input").dispatch_event("keyup", {"key": text[-1], "isComposing": True})
    assert page.evaluate("document.querySelector('input.md-search__input').value") == "sida"
    assert page.evaluate("window.__queries").count("sida") == 0
    assert not any(q.startswith("s") for q in page.evaluate("window.__queries"))
    page.cdp.send("Input.insertText", {"text": "四大"})  # the commit
    first_result(page, "四大")
    assert page.evaluate("window.__queries")[-1] == "四大"
    assert page.evaluate("window.__keys") == 0
