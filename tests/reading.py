"""Shared by the browser tests: contexts at a width, a 字号 and a palette, what a page measures, and a desktop
reader that records every console error and request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def watched_reader(browser, origin: str) -> Iterator:
    """A desktop page whose console errors and requests are recorded (page.seen); on leaving, nothing was
    interpreted as markup or script: no error under the CSP, and no request left `origin`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.seen = {"errors": [], "requests": []}
    page.on("console", lambda m: m.type == "error" and page.seen["errors"].append(m.text))
    page.on("pageerror", lambda e: page.seen["errors"].append(str(e)))
    page.on("request", lambda r: page.seen["requests"].append(r.url))
    yield page
    assert page.seen["errors"] == []
    assert all(u.startswith(origin) or u.startswith(("data:", "blob:")) for u in page.seen["requests"])
    context.close()


# a run of this many full-width characters, with a bracket or quote on either side, fits every line of the imported
# speeches' pages at 320 px in 特大 (a longer one may break inside, as it must where the line is too short)
FITS = 7

# each run of full-width digits outside code in <article> no longer than `longest` (adapters/markdown_ext.py's
# DIGIT_RUN), with an opening mark before it or a closing one after it (neither may be parted from it at a line's
# end or start): its text, and whether its characters stand on more than one line
DIGIT_RUNS = """(longest) => {
  const pattern = /[“‘（《〈【]?([０-９](?:[０-９]|[．：][０-９])+[％‰]?)[，。、；：！？）”’》〉】]?/g
  const runs = []
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT)
  const range = document.createRange()
  const blocks = new Map()  // each block's text nodes, in order: a run and its ％ may stand in two of them
  let node
  while ((node = walker.nextNode())) {
    if (node.parentElement.closest('code, pre')) continue
    const block = node.parentElement.closest('p, li, h1, h2, h3, h4, h5, h6, td, th, dd, dt, summary, div')
    if (!blocks.has(block)) blocks.set(block, [])
    blocks.get(block).push(node)
  }
  for (const nodes of blocks.values()) {
    const at = []  // each character of the block's text: [node, offset]
    for (const n of nodes) for (let i = 0; i < n.data.length; i++) at.push([n, i])
    const text = nodes.map(n => n.data).join('')
    for (const m of text.matchAll(pattern)) {
      if (m[1].length > longest) continue  // left to break where the browser breaks it
      const tops = new Set()
      for (let i = m.index; i < m.index + m[0].length; i++) {
        range.setStart(at[i][0], at[i][1])
        range.setEnd(at[i][0], at[i][1] + 1)
        const box = range.getClientRects()[0]
        if (box) tops.add(Math.round(box.top))
      }
      runs.push([m[0], tops.size > 1])
    }
  }
  return runs
}"""
