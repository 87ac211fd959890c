"""A page as a reader has it before touching it: loaded, its fonts in, and Material's search worker ready.

In place of Playwright's `networkidle`, which waits for half a second of silence after the last request
(measured 2026-12-06: 96 such waits in the suite, 83 s of its time). The conditions are the ones the
tests need; each is a state of the page, not a pause."""

from __future__ import annotations

# Material shows "正在初始化搜索引擎" (search.result.initializer) under the box until its worker, once ready,
# has answered a first (empty) query; a page without the search box (none today) has nothing to wait for.
SETTLED = (
    "() => document.readyState === 'complete' && document.fonts.status === 'loaded'"
    " && [...document.querySelectorAll('.md-search-result__meta')]"
    ".every(meta => meta.textContent.trim() !== '正在初始化搜索引擎')"
)


def settle(page) -> None:
    """Wait until the page in `page` is loaded, its fonts are in and its search is ready."""
    page.wait_for_function(SETTLED)


def open_settled(page, url: str) -> None:
    """`url` opened in `page`, settled."""
    page.goto(url, wait_until="load")
    settle(page)
