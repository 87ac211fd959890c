"""Shared by the 长辈版 tests: browser contexts at a width, a 字号 and a palette, and what a page measures."""

from __future__ import annotations

from pathlib import Path

from sitetext import nav, url_of

SIZES = {"0": "标准", "1": "大", "2": "特大"}
# the speech's text at least, in CSS px, and the tap target at least on a phone
SPEECH_PX = {"0": 17, "1": 20, "2": 24}
TARGET_PX = {"0": 44, "1": 44, "2": 60}
SMALLEST_PX = 15  # at 标准; 大 and 特大 scale it with the root size
WIDTHS = [320, 390, 1366]
PAGES = [url_of(doc) for _, doc in nav()] + ["print/", "404.html"]

# Material's __md_set key for a site served from the root: the head script reads it before the first paint
STORE = "try { localStorage.setItem('/.__fontsize', JSON.stringify(%r)) } catch (e) {}"


def new_context(browser, width: int, size: str = "0", scheme: str = "light", **options):
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": 844 if phone else 900},
        is_mobile=phone,
        has_touch=phone,
        color_scheme=scheme,
        **options,
    )
    if size != "0":
        context.add_init_script(STORE % size)
    return context


# what the 字号 numbers are about, measured in the page as laid out
MEASURE = (Path(__file__).parent / "reading_measure.js").read_text(encoding="utf-8")


def measure(page, width: int) -> dict:
    return page.evaluate(MEASURE, [width, width < 600])
