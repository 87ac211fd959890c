"""Drive Material's search box as a reader does, and read what it shows."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlparse

RESULT_LINKS = "li.md-search-result__item > a"
META = ".md-search-result__meta"
NONE = "没有找到包含这些字的段落"

# Material shows "正在初始化搜索引擎" (search.result.initializer) under the box until
# its worker, once ready, has answered a first (empty) query.
SEARCH_READY = (
    "() => { const meta = document.querySelector('.md-search-result__meta');"
    " return !!meta && meta.textContent.trim() !== '正在初始化搜索引擎' }"
)

# Every answer of the worker rewrites the meta line (result count, placeholder or
# nothing found), then the list, in one task: count the rewrites.
COUNT_ANSWERS = """() => {
  const meta = document.querySelector('.md-search-result__meta')
  if (!('searchAnswers' in meta)) {
    meta.searchAnswers = 0
    new MutationObserver(() => { meta.searchAnswers++ })
      .observe(meta, { childList: true, characterData: true, subtree: true })
  }
  return meta.searchAnswers
}"""
# A library answers its first results marked "more" (data-search-more on the
# result list, set before Material draws the answer), then the whole answer:
# wait for that one.
ANSWERED_SINCE = """n => {
  const result = document.querySelector('.md-search-result')
  return result.querySelector('.md-search-result__meta').searchAnswers > n && !result.hasAttribute('data-search-more')
}"""


def normalize(text: str) -> str:
    """What the search treats as the same: NFKC, lower case, letters and digits only."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in folded if unicodedata.category(c)[0] in "LN")


def open_search(page) -> None:
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("label.md-header__button[for='__search']").first.click()
    box.wait_for(state="visible")


def type_query(page, query: str) -> list[str]:
    """Type `query` (Material listens for keyup) and return the result links' hrefs."""
    open_search(page)
    page.wait_for_function(SEARCH_READY)
    box = page.locator("input.md-search__input")
    # Material asks the worker only when the value changes
    asks = box.input_value() != query
    answers = page.evaluate(COUNT_ANSWERS)
    box.fill(query)
    box.press("End")
    if asks:
        page.wait_for_function(ANSWERED_SINCE, arg=answers)
    if page.locator(META).inner_text() == NONE:
        return []
    return [a.get_attribute("href") for a in page.locator(RESULT_LINKS).all()]


def section_of(href: str) -> tuple[str, str]:
    url = urlparse(href)
    return re.sub(r"^/", "", url.path), url.fragment
