"""Chinese and consistent everywhere (issue 12): no English on any page, one name for the opening,
result counts that agree, a typo shows what was not found, nothing over the landing highlight,
and a page frame that reads as a study site."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from reading import PAGES, new_context
from searchbox import RESULT_LINKS, type_query
from settle import open_settled

# Latin words a Chinese reader meets on the site anyway: file formats, paper size, U 盘
ALLOWED = {"PDF", "A4", "U", "zip", "URL", "Word"}
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*")
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "aria-description", "aria-roledescription")


class _Words(HTMLParser):
    """Latin words in what a reader sees or hears: text outside scripts and styles, and the names."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self.found += [(f"{tag}[{name}]", w) for w in LATIN.findall(value)]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.found += [("text", w) for w in LATIN.findall(data)]


def test_no_english_in_any_built_page(site):
    problems = []
    for html in sorted(site.rglob("*.html")):
        if html.name != "index.html" and html.name != "404.html":
            continue  # the search worker's frame (offline build only) has no text
        words = _Words()
        words.feed(html.read_text(encoding="utf-8"))
        problems += [f"{html.relative_to(site)}: {where}: {w}" for where, w in words.found if w not in ALLOWED]
    assert problems == [], "\n".join(sorted(set(problems)))


# what the page shows and names once its scripts have run: Material's and the site's own
SHOWN = """names => {
  const words = []
  const latin = /[A-Za-z][A-Za-z0-9'’-]*/g
  for (const w of document.body.innerText.match(latin) || []) words.push(`text: ${w}`)
  for (const el of document.querySelectorAll('*'))
    for (const a of names)
      for (const w of (el.getAttribute(a) || '').match(latin) || [])
        words.push(`${el.tagName.toLowerCase()}[${a}]: ${w}`)
  return words
}"""


@pytest.mark.parametrize("width", [390, 1366])
def test_no_english_once_the_scripts_have_run(browser, server, width):
    context = new_context(browser, width)
    page = context.new_page()
    problems = []
    for path in PAGES:
        # at `load` the page's scripts have run; what they add later (the search index, the results) is read the
        # second time, once the search has answered
        page.goto(server + path, wait_until="load")
        page.locator(".fontsize__toggle").click()
        found = page.evaluate(SHOWN, list(READ_ATTRIBUTES))
        type_query(page, "四大三哭")  # search open, with results and what is missing
        found += page.evaluate(SHOWN, list(READ_ATTRIBUTES))
        problems += [f"{path or 'index'}: {w}" for w in found if w.split(": ")[-1] not in ALLOWED]
    context.close()
    assert problems == [], "\n".join(sorted(set(problems)))


def test_the_opening_has_one_name(site, browser, server):
    # nowhere the old names: not in a page, not in the search index
    for path in [*site.rglob("*.html"), site / "search" / "search_index.json"]:
        assert "首页" not in path.read_text(encoding="utf-8"), path
    context = new_context(browser, 1366)
    page = context.new_page()
    page.goto(server + "part-1-leadership-team/", wait_until="load")
    assert page.locator(".md-sidebar--primary a.md-nav__link[href='..']").inner_text().strip() == "开场白"
    assert page.locator("a.md-footer__link--prev .md-ellipsis").inner_text().strip() == "开场白"
    page.goto(server + "glossary/", wait_until="load")
    assert "出现位置：开场白" in page.locator("article").inner_text()
    hrefs = type_query(page, "一线哨所")  # said in the opening only
    first = page.locator(RESULT_LINKS).first
    assert hrefs and first.locator("h1").inner_text().strip() == "开场白"
    context.close()


# the results the search worker hands Material (RESULT = 3), to count them
RESULTS = """
const Native = Worker
window.Worker = class extends Native {
  constructor(...args) {
    super(...args)
    this.addEventListener('message', e => {
      if (e.data && e.data.type === 3) window.__results = e.data.data.items.length
    })
  }
}
"""


@pytest.fixture(scope="module")
def search_page(browser, server):
    context = new_context(browser, 1366)
    context.add_init_script(RESULTS)
    page = context.new_page()
    open_settled(page, server)
    yield page
    context.close()


@pytest.mark.parametrize("query", ["双刃剑", "书记", "五个通气", "四大三苦"])
def test_result_counts_agree_with_the_results(search_page, query):
    type_query(search_page, query)
    count = search_page.evaluate("window.__results")
    shown = search_page.locator("li.md-search-result__item").count()
    assert count and shown == min(count, 10)  # Material renders ten at a time, more as the list scrolls
    assert search_page.locator(".md-search-result__meta").inner_text() == f"找到{count}个相关段落"


# 讲党性讲奉陷: 讲党性 and 讲奉(献) are in the speech, apart; 陷 is what is not found
@pytest.mark.parametrize("query,missing", [("四大三哭", ["哭"]), ("双刃剑了", ["了"]), ("讲党性讲奉陷", ["陷"])])
def test_a_typo_shows_what_was_not_found(search_page, query, missing):
    type_query(search_page, query)
    meta = search_page.locator(".md-search-result__meta")
    meta.locator("del").first.wait_for()
    items = search_page.locator("li.md-search-result__item").count()
    assert meta.inner_text().startswith(f"没有完全符合的段落，以下{items}个段落含有其中一部分，缺少：")
    assert [d.inner_text() for d in meta.locator("del").all()] == missing


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("query", ["维护团结", "双刃剑", "函询滅勉"])
def test_nothing_floats_over_the_landing_highlight(browser, server, width, query):
    context = new_context(browser, width)
    page = context.new_page()
    open_settled(page, server)
    type_query(page, query)
    page.locator(RESULT_LINKS).first.click()
    page.wait_for_load_state("load")
    mark = page.locator("mark.search-landing")
    mark.wait_for(state="attached")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    covered = page.evaluate(
        """() => {
          const r = document.querySelector('mark.search-landing').getBoundingClientRect()
          const over = []
          if (r.top < 0 || r.bottom > innerHeight) over.push('out of view')
          for (const el of document.querySelectorAll('.md-header, .md-top, .md-dialog, .md-tabs')) {
            const s = getComputedStyle(el)
            if (s.visibility === 'hidden' || s.display === 'none' || el.hidden || s.opacity === '0') continue
            const b = el.getBoundingClientRect()
            const overlaps = b.left < r.right && r.left < b.right && b.top < r.bottom && r.top < b.bottom
            if (overlaps) over.push(el.className)
          }
          return over
        }"""
    )
    assert covered == []
    # 回到页面顶部 (Material shows it when the page moved up, as landing often does) waits for the reader
    top = page.locator(".md-top")
    assert top.count() == 0 or not top.is_visible()
    context.close()


def test_the_page_frame_reads_as_a_study_site(browser, server, site):
    context = new_context(browser, 1366)
    page = context.new_page()
    for path in PAGES:
        page.goto(server + path, wait_until="load")
        # no empty band under the footer
        band = page.locator(".md-footer-meta")
        assert band.count() == 0 or not band.is_visible(), path
        # a right-hand 目录 only where there are sections to jump to
        sections = page.locator("article h2[id]").count()
        toc = page.locator(".md-sidebar--secondary")
        shows = toc.count() and toc.is_visible() and toc.locator("a.md-nav__link").count()
        if not sections and not page.locator("article h3[id]").count():
            assert not shows or not toc.locator("a.md-nav__link").first.is_visible(), path
    context.close()
