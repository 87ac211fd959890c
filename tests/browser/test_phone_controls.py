"""Material's floating controls on a phone, at every 字号 (found by a reader's review at 特大): the search
box's query ends before its share and reset buttons, and 回到页面顶部 is a small round button in the
bottom right corner, not a pill over the text and the 看答案 buttons. Screenshots of both at 320 and 390
特大 in each palette are kept as test-artifacts/phone-controls-*.png."""

from __future__ import annotations

import pytest
from reading import SIZES, TARGET_PX, new_context

PHONES = [(320, 640), (390, 844)]
QUERY = "像爱护自己的眼睛一样维护团结，像珍惜自己的生命一样珍惜团结"
TOP_MIN_PX = 44  # a tap target on a phone
TOP_MAX_PX = 56  # small: a corner, not a band across the text
EDGE_PX = 24  # from the window's right edge at most

# the query's text box (the input's content box: its border box less border and padding) and the
# buttons at the input's end, as laid out
SEARCH_BOXES = """() => {
  const input = document.querySelector('input.md-search__input')
  const s = getComputedStyle(input)
  const r = input.getBoundingClientRect()
  const px = v => parseFloat(v) || 0
  const text = {
    left: r.left + px(s.borderLeftWidth) + px(s.paddingLeft),
    right: r.right - px(s.borderRightWidth) - px(s.paddingRight),
    top: r.top + px(s.borderTopWidth) + px(s.paddingTop),
    bottom: r.bottom - px(s.borderBottomWidth) - px(s.paddingBottom),
  }
  const buttons = [...document.querySelectorAll('.md-search__options > .md-icon')].map(b => {
    const q = b.getBoundingClientRect()
    return { name: b.getAttribute('aria-label'), left: q.left, right: q.right, top: q.top, bottom: q.bottom,
             shown: getComputedStyle(b).opacity >= 0.7 && q.width > 0 }
  })
  // the query's width in the input's own font, measured apart from the input: how far a browser scrolls a
  // text box (its scrollWidth) differs between versions, the text's width does not
  const ctx = document.createElement('canvas').getContext('2d')
  ctx.font = [s.fontStyle, s.fontWeight, s.fontSize, s.fontFamily].join(' ')
  const queryWidth = ctx.measureText(input.value).width
  return { text, buttons, queryWidth, overflow: queryWidth > text.right - text.left }
}"""


def phone_page(browser, width: int, height: int, size: str, scheme: str = "light"):
    """A phone's window at `width`×`height`, 字号 `size`, in `scheme`: (its context, to close, and a page)."""
    context = new_context(browser, width, size, scheme)
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    return context, page


def open_search(page, query: str) -> None:
    page.locator("label.md-header__button[for='__search']").first.click()
    field = page.locator("input.md-search__input")
    field.fill(query)
    field.press("End")
    # the search slides in, and the share and reset buttons grow in once there is a query: measured when
    # everything has settled
    page.wait_for_function(
        """() => [...document.querySelectorAll('.md-search__options > .md-icon')].every(b =>
               getComputedStyle(b).opacity >= 0.7)  // 0.7 under the mouse
             && document.querySelector('.md-search').getAnimations({ subtree: true }).length === 0"""
    )
    # and the search box has found its width: measured once it is the same over ten frames in a row (once, a
    # 320-px window's box was measured 1164 px wide, before its layout had settled)
    page.wait_for_function(
        """() => {
          const r = document.querySelector('input.md-search__input').getBoundingClientRect()
          const now = [r.left, r.right, r.top, r.bottom].join()
          if (now !== window.__searchBox) { window.__searchBox = now; window.__same = 0; return false }
          return ++window.__same >= 10
        }""",
        polling="raf",
    )


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("width,height", PHONES)
def test_the_query_ends_before_the_share_and_reset_buttons(browser, server, width, height, size):
    context, page = phone_page(browser, width, height, size)
    page.goto(server + "part-1-leadership-team/", wait_until="load")
    open_search(page, QUERY)
    m = page.evaluate(SEARCH_BOXES)
    context.close()
    where = f"{width} px, {SIZES[size]}"
    text = m["text"]
    assert m["overflow"], f"{where}: the query ({m['queryWidth']} px) is not long enough to reach the buttons: {text}"
    assert [b["name"] for b in m["buttons"]] == ["分享", "清空当前内容"], where
    assert text["right"] - text["left"] >= 4 * 16, f"{where}: hardly any room for the query: {text}"
    for b in m["buttons"]:
        assert b["shown"], f"{where}: {b['name']} is not shown"
        apart = b["left"] >= text["right"] or b["right"] <= text["left"]
        apart = apart or b["top"] >= text["bottom"] or b["bottom"] <= text["top"]
        assert apart, f"{where}: the query's text box {text} runs under {b['name']} {b}"


@pytest.mark.parametrize("width,height", PHONES)
def test_the_share_buttons_tooltip_covers_nothing_on_a_phone(browser, server, width, height):
    """At 320 dark the 分享 tooltip covered the line under the search box (“只搜本篇” in a library)."""
    context, page = phone_page(browser, width, height, "2", "dark")
    page.goto(server + "part-1-leadership-team/", wait_until="load")
    open_search(page, QUERY)
    share = page.locator(".md-search__options > .md-icon").first
    share.hover()
    # Material's tooltip for it (an inline one, beside the buttons) is now active: measured once it has
    # faded in, if it is shown at all
    tips = "[...document.querySelectorAll('.md-tooltip, .md-tooltip2')]"
    page.wait_for_function(
        f"""() => document.querySelector('.md-search__options > .md-tooltip--active')
             && {tips}.every(t => t.getAnimations().length === 0)"""
    )
    shown = page.evaluate(
        f"""() => {tips}.filter(t => t.getClientRects().length && getComputedStyle(t).opacity !== '0')
             .map(t => t.textContent.trim())"""
    )
    context.close()
    assert shown == [], f"{width} px: a tooltip is shown over the results: {shown}"


def show_back_to_top(page) -> dict:
    """Scrolled well down the page and then a little up, as a reader looking back: Material shows the button."""
    page.evaluate("scrollTo(0, document.documentElement.scrollHeight / 2)")
    page.wait_for_function("scrollY > 0")
    # up a little at a time until Material shows it: on a busy machine it can take the scroll down and the
    # first scroll up as one move (both within a frame), and a reader would go on scrolling up
    page.wait_for_function(
        """() => {
          const b = document.querySelector('.md-top')
          if (b && !b.hidden && getComputedStyle(b).opacity === '1' && b.getAnimations().length === 0) return true
          if (!b || b.hidden) scrollBy(0, -40)
          return false
        }""",
        polling=250,
    )
    return page.evaluate(
        """() => {
          const b = document.querySelector('.md-top')
          const r = b.getBoundingClientRect()
          // the widest square around its centre in which a tap lands on it
          const x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2
          let hit = 0
          for (let half = 1; half < 60; half++) {
            const corners = [[-half, -half], [half, -half], [-half, half], [half, half]]
            if (!corners.every(([dx, dy]) => document.elementFromPoint(x + dx, y + dy) === b)) break
            hit = 2 * half
          }
          return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height,
                   hit, text: b.textContent.trim(), vw: innerWidth, vh: innerHeight }
        }"""
    )


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("width,height", PHONES)
def test_back_to_top_is_a_small_round_button_in_the_bottom_corner(browser, server, width, height, size):
    context, page = phone_page(browser, width, height, size)
    page.goto(server + "self-test/", wait_until="load")
    b = show_back_to_top(page)
    name = page.get_by_role("button", name="回到页面顶部")
    assert name.count() == 1 and name.is_visible()
    # a tap on it goes to the top, as before
    name.click()
    page.wait_for_function("scrollY === 0")
    context.close()
    where = f"{width} px, {SIZES[size]}: {b}"
    assert b["text"] == "回到页面顶部", where  # its name, for a screen reader
    assert TOP_MIN_PX <= b["width"] <= TOP_MAX_PX and b["height"] >= TOP_MIN_PX, where
    assert abs(b["width"] - b["height"]) < 1, where  # round: as tall as wide
    assert b["top"] >= b["vh"] * 3 / 4 and b["bottom"] <= b["vh"], where  # the bottom quarter
    assert b["vw"] - EDGE_PX <= b["right"] <= b["vw"], where  # the right corner
    # the finger's target around it is larger than the disc: 60 px at 特大, as every other control
    assert b["hit"] >= TARGET_PX[size], where


def test_back_to_top_keeps_its_words_on_a_wide_screen(browser, server):
    context = new_context(browser, 1366, "2")
    page = context.new_page()
    page.goto(server + "self-test/", wait_until="load")
    b = show_back_to_top(page)
    context.close()
    assert b["text"] == "回到页面顶部" and b["width"] > TOP_MAX_PX, b


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width,height", PHONES)
def test_screenshots_at_the_largest_size(browser, server, artifacts, width, height, scheme):
    context, page = phone_page(browser, width, height, "2", scheme)
    page.goto(server + "self-test/", wait_until="load")
    show_back_to_top(page)
    page.screenshot(path=artifacts / f"phone-controls-top-{width}-{scheme}.png")
    page.evaluate("scrollTo(0, 0)")
    open_search(page, QUERY)
    page.screenshot(path=artifacts / f"phone-controls-search-{width}-{scheme}.png")
    context.close()


# each “·” between the links of a speech's own menu (本篇目录, at the foot of an imported speech's pages), as laid
# out: where it is and where the menu's lines begin
NAV_DOTS = """() => {
  const nav = document.querySelector('nav.speech-nav p')
  const dots = []
  let before = null // the last glyph before, as laid out: a dot whose line it is not on begins a line
  const walker = document.createTreeWalker(nav, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      if (/\\s/.test(node.data[i])) continue
      const range = document.createRange()
      range.setStart(node, i)
      range.setEnd(node, i + 1)
      const r = range.getClientRects()[0]
      if (node.data[i] === '·') dots.push({ top: r.top, begins: !before || before.bottom <= r.top + 1 })
      before = r
    }
  }
  const width = nav.clientWidth
  const links = [...nav.querySelectorAll('a')].map(a => ({
    text: a.textContent,
    lines: a.getClientRects().length,
    fits: a.textContent.length * parseFloat(getComputedStyle(a).fontSize) < width,
  }))
  return { dots, links, align: getComputedStyle(nav).textAlign }
}"""


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("width,height", PHONES)
def test_a_speechs_menu_reads_as_a_list_of_links(browser, imported_server, width, height, size):
    """At 320 特大 a line of 本篇目录 began with “·” (the review): the dot stays at the end of the line it follows;
    the menu is not justified, and a link's name is broken over two lines only when it is longer than one."""
    from speeches import IMPORTED_SLUG

    context, page = phone_page(browser, width, height, size)
    starts = []
    for path in ("", "part-1/"):
        page.goto(f"{imported_server}{IMPORTED_SLUG}/{path}", wait_until="load")
        m = page.evaluate(NAV_DOTS)
        assert len(m["dots"]) >= 4, f"{path}: {m}"
        starts += [(path, d) for d in m["dots"] if d["begins"]]
        # a list of links: not spread across the line, no name that fits on a line broken over two
        assert m["align"] != "justify", path
        split = [a["text"] for a in m["links"] if a["fits"] and a["lines"] > 1]
        assert split == [], f"{width} px, {SIZES[size]}, {path}: links broken over two lines: {split}"
    context.close()
    assert starts == [], f"{width} px, {SIZES[size]}: lines begin with “·”: {starts}"


# the widest Chinese character, as laid out, in each paragraph that heads a numbered point and carries its 复制链接
# button, in the text's size: an ideograph is one em wide, and justification widens each glyph of a line that
# ends early (the space it adds is part of the glyph's box)
GLYPH_WIDTHS = """() => [...document.querySelectorAll('article p[id]')].filter(p => p.querySelector('.section-share'))
  .map(p => {
    let widest = 0, at = ''
    const size = parseFloat(getComputedStyle(p).fontSize)
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('.section-share')) continue
      for (let i = 0; i < node.data.length; i++) {
        if (!/[\u4e00-\u9fff]/.test(node.data[i])) continue
        const range = document.createRange()
        range.setStart(node, i)
        range.setEnd(node, i + 1)
        const r = range.getClientRects()[0]
        if (r && r.width / size > widest) { widest = r.width / size; at = node.data.slice(Math.max(0, i - 6), i + 1) }
      }
    }
    return { id: p.id, widest, at }
  })"""


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("width,height", PHONES)
def test_a_points_heading_is_not_spread_where_its_button_wraps(
    browser, server, imported_server, imported_build, width, height, size
):
    """At 320 标准 a point's bold heading was spread across its line when the 复制链接 button after it did not fit
    and went to the next line (the line ended early and justification filled it): no Chinese character of a point's
    paragraph is laid out wider than 1.1 em (justifying a full line of ideographs adds less than 0.1 em to each)."""
    from reading import PAGES
    from speeches import IMPORTED_SLUG, url_of

    from speech_study.project import Project

    imported = Project.load(imported_build.project).view(IMPORTED_SLUG).speech_pages()
    urls = [server + p for p in PAGES if p.startswith("part-")] + [
        imported_server + url_of(p.src_uri) for p in imported
    ]
    context, page = phone_page(browser, width, height, size)
    spread = []
    measured = 0
    for url in urls:
        page.goto(url, wait_until="load")  # share.js is inlined at the end of the page: its buttons are in by now
        for m in page.evaluate(GLYPH_WIDTHS):
            measured += 1
            if m["widest"] > 1.1:
                spread.append((url, m["id"], round(m["widest"], 2), m["at"]))
    context.close()
    assert measured > 10
    assert spread == [], (
        f"{width} px, {SIZES[size]}: spread lines (page, point, widest character in em, where): {spread}"
    )


# runs where lines are short, as DigitRuns marks them: in nested list items and a heading, inside brackets and
# quotes, in a link and a term
NARROW_MARKDOWN = """\
- 一
    - 增长率（１２３．４％）较高
        - 三级“（１２３４５６７）”，
            - 四级“（１２３４５６７８９０１２）”，

# “（１２３４５６７）”，

[见１９９２年](#x)，<abbr title="解释" tabindex="0">术语２０</abbr>
"""

# that HTML in the article: what stands beyond its block, an opening mark parted from the digit after it or a
# closing one from the digit before it, a run not underlined like its link or term
NARROW_PLACES = """html => {
  const place = document.querySelector('article').appendChild(document.createElement('div'))
  place.innerHTML = html
  const range = document.createRange()
  const top = (node, i) => {
    range.setStart(node, i)
    range.setEnd(node, i + 1)
    return Math.round(range.getClientRects()[0].top)
  }
  const beyond = [], parted = [], undecorated = []
  let decorated = 0
  for (const el of place.querySelectorAll('.digits')) {
    const block = el.parentElement.closest('li, h1, p')
    if (el.getBoundingClientRect().right > block.getBoundingClientRect().right + 0.5) beyond.push(el.textContent)
    const text = el.firstChild, last = text.data.length - 1
    for (let i = 0; i < last && /[“（]/.test(text.data[i]); i++)
      if (top(text, i) !== top(text, i + 1)) parted.push(text.data.slice(i, i + 2))
    for (let i = last; i > 0 && /[）”，]/.test(text.data[i]); i--)
      if (top(text, i) !== top(text, i - 1)) parted.push(text.data.slice(i - 1, i + 1))
    const line = getComputedStyle(el.parentElement).textDecorationLine
    if (line !== 'none') decorated += 1
    if (line !== 'none' && getComputedStyle(el).textDecorationLine !== line) undecorated.push(el.textContent)
  }
  const wide = document.documentElement.scrollWidth
  place.remove()
  return {beyond, parted, undecorated, decorated, wide, screen: innerWidth}
}"""


def digit_runs_html(source: str) -> str:
    """`source` converted as the site converts it, as far as runs of digits go (lists, headings, links, inline HTML)."""
    import markdown

    from speech_study.adapters.markdown_ext import DigitRuns

    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "toc"])
    md.treeprocessors.register(DigitRuns(md), "study_digit_runs", 6.5)
    return md.convert(source)


def test_a_run_of_full_width_digits_stays_on_one_line_at_every_width_and_size(browser, imported_server, imported_build):
    """The People's Daily text imported as f15 writes its years as １９９２: a browser may break a line between any
    two full-width digits (to its line breaking they are ideographs), and a year then read as １９ at a line's end
    and ９２年 at the next one's start. Each page of that speech, laid out at 320, 360 and 390 px in each 字号 (the
    size and the width switched in the page): no run of them is split, nor a ％ after one sent to the next line (it
    was, with the run an inline block: found by a review), and there are runs to look at."""
    from reading import DIGIT_RUNS, FITS
    from speeches import SHORT_SELF_TEST_SLUG, url_of

    from speech_study.project import Project

    pages = Project.load(imported_build.project).view(SHORT_SELF_TEST_SLUG).speech_pages()
    context = new_context(browser, 320)
    page = context.new_page()
    split, seen = set(), 0
    for p in pages:
        page.goto(imported_server + url_of(p.src_uri), wait_until="load")
        for width in (320, 360, 390):
            page.set_viewport_size({"width": width, "height": 844})
            for size in SIZES:
                page.evaluate(
                    "v => v === '0' ? document.documentElement.removeAttribute('data-fontsize')"
                    " : document.documentElement.setAttribute('data-fontsize', v)",
                    size,
                )
                runs = page.evaluate(DIGIT_RUNS, FITS)
                seen += len(runs)
                split |= {(p.src_uri, width, size, text) for text, broken in runs if broken}
    # where the line is too short (a deep list item, a heading, at 320 px in 特大): the run breaks inside, within
    # the line, and the brackets and quotes around it keep to it; a link's and a term's underline go on under it
    page.set_viewport_size({"width": 320, "height": 844})
    page.evaluate("document.documentElement.setAttribute('data-fontsize', '2')")
    narrow = page.evaluate(NARROW_PLACES, digit_runs_html(NARROW_MARKDOWN))
    # on paper (print.css indents each paragraph's first line): a run's first digit where its box begins, no gap
    # before it (an inline block took the indent: found by a review)
    page.emulate_media(media="print")
    gaps = page.evaluate(
        """() => [...document.querySelectorAll('article .digits')].map(run => {
             const range = document.createRange()
             range.setStart(run.firstChild, 0)
             range.setEnd(run.firstChild, 1)
             return range.getClientRects()[0].left - run.getClientRects()[0].left
           })"""
    )
    context.close()
    assert gaps and max(abs(g) for g in gaps) < 0.5, gaps
    assert seen > 0, "no run of full-width digits to look at"
    assert not split, sorted(split)
    assert narrow["beyond"] == [] and narrow["parted"] == [] and narrow["undecorated"] == [], narrow
    assert narrow["wide"] <= narrow["screen"] and narrow["decorated"] == 2, narrow


@pytest.mark.parametrize("width,height", PHONES)
def test_the_search_bars_buttons_are_44_px_tap_squares_at_the_standard_size(browser, server, width, height):
    """←, 分享 and 清空 were 24-px squares at 标准 (the README promises 44 px for every tap target): measured as the
    widest square round each icon's centre in which a tap lands on that button."""
    context, page = phone_page(browser, width, height, "0")
    page.goto(server + "part-1-leadership-team/", wait_until="load")
    open_search(page, QUERY)
    squares = page.evaluate(
        """() => [document.querySelector('.md-search__form label.md-search__icon'),
                  ...document.querySelectorAll('.md-search__options > .md-icon')].map(b => {
          // the icon shown (the back button holds two, one hidden on a phone)
          const shown = [...b.querySelectorAll('svg')].map(s => s.getBoundingClientRect()).find(q => q.width)
          const r = shown || b.getBoundingClientRect()
          const x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2
          let hit = 0
          for (let half = 1; half < 40; half++) {
            const corners = [[-half, -half], [half, -half], [-half, half], [half, half]]
            if (!corners.every(([dx, dy]) => b.contains(document.elementFromPoint(x + dx, y + dy)))) break
            hit = 2 * half
          }
          return [b.getAttribute('aria-label') || b.getAttribute('for'), hit, Math.round(r.width)]
        })"""
    )
    context.close()
    assert len(squares) == 3 and all(hit >= TOP_MIN_PX - 2 for _, hit, _ in squares), squares
