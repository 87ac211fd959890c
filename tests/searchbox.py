"""Drive Material's search box as a reader does, and read what it shows."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlparse

RESULT_LINKS = "li.md-search-result__item > a"


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
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")
    meta = page.locator(".md-search-result__meta")
    if not query.strip():  # Material does not search for nothing: the placeholder stays
        page.wait_for_timeout(150)
        return [a.get_attribute("href") for a in page.locator(RESULT_LINKS).all()]
    page.wait_for_function(
        "q => document.querySelector('input.md-search__input').value === q"
        " && !/输入讲话中的词句/.test(document.querySelector('.md-search-result__meta').textContent)",
        arg=query,
    )
    page.wait_for_timeout(60)  # the worker answers within a frame; the list renders after the meta
    if meta.inner_text() == "没有找到包含这些字的段落":
        return []
    return [a.get_attribute("href") for a in page.locator(RESULT_LINKS).all()]


def section_of(href: str) -> tuple[str, str]:
    url = urlparse(href)
    return re.sub(r"^/", "", url.path), url.fragment
