"""Open the link and the speech is there (issue 21): on a phone's first screen, at every 字号 and in both
palettes, with an Android and a WeChat user agent, each page shows its title and the first line of its
text; the header names the page in full; 打印与下载 is one folded control; nothing scrolls sideways.

Each page is visited once per viewport; 字号 and palette are switched inside it, as a reader does. The
first screens are kept as pictures in test-artifacts/first-screen-*.png, and the positions measured in
test-artifacts/first-screen.txt."""

from __future__ import annotations

from pathlib import Path

import pytest
from reading import SIZES, new_context
from sitetext import nav, url_of
from test_reading import WECHAT_UA

# the first screen's contents, measured in the page (shared with the WebKit tier)
FIRST_SCREEN = (Path(__file__).parents[1] / "first_screen.js").read_text(encoding="utf-8")
ANDROID_UA = (
    "Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/120.0.0.0 Mobile Safari/537.36"
)
AGENTS = {"android": ANDROID_UA, "wechat": WECHAT_UA}
PHONES = [(320, 640), (390, 844)]
PAGES = [url_of(doc) for _, doc in nav()] + ["print/"]
TOP_SHARE = 0.4  # at 390 标准 the text starts in the top 40 % of the screen
TOOLS = "打印与下载"
TAP_PX = 44
GAP_PX = 12  # under a title's last line of words: its line's own leading at most


def problems_of(m: dict, where: str, width: int, size: str) -> list[str]:
    """What a first screen measured by first_screen.js gets wrong, each said with where it is."""
    out = []
    height = m["height"]
    if m["scrollWidth"] > m["width"]:
        out.append(f"{where}: the page scrolls sideways ({m['scrollWidth']} px in {m['width']})")
    title, text, name = m["title"], m["text"], m["name"]
    if not title:
        out.append(f"{where}: no title")
    elif title["top"] < m["header"]["bottom"] - 1 or title["bottom"] > height:
        out.append(f"{where}: the title {title['text']} at {title['top']:.0f}–{title['bottom']:.0f} px")
    elif title["gap"] > GAP_PX:
        out.append(f"{where}: {title['gap']:.0f} px blank under the title's last line (a ¶ on a line of its own?)")
    if not text or not text["line"]:
        out.append(f"{where}: no text")
    elif text["line"]["bottom"] > height:
        out.append(f"{where}: the text's first line ends at {text['line']['bottom']:.0f} px, below {height}")
    elif width == 390 and size == "0" and text["line"]["top"] > TOP_SHARE * height:
        out.append(f"{where}: the text starts at {text['line']['top']:.0f} px, below {TOP_SHARE:.0%} of {height}")
    if not name or not name["visible"] or name["cut"] or not name["text"]:
        out.append(f"{where}: the header does not name the page in full: {name}")
    elif name["lines"] > 2:
        out.append(f"{where}: the header's name takes {name['lines']} lines")
    elif name["right"] > m["width"] or name["left"] < 0:
        out.append(f"{where}: the header's name leaves the window ({name['left']:.0f}–{name['right']:.0f} px)")
    if not m["notice"] or not m["notice"]["shown"]:
        out.append(f"{where}: the author's notice is not shown")
    tools = m["tools"]
    if tools and (tools["text"] != TOOLS or not tools["shown"] or tools["bottom"] - tools["top"] < TAP_PX - 0.5):
        out.append(f"{where}: the tools' control is {tools}")
    return out


def choose_size(page, size: str) -> None:
    """字号 as a reader picks it: the header's button, then the choice; the menu closes after it.

    Clicked where they stand without Playwright's checks before a click (two frames' wait for a still box,
    about 60 ms each here): whatever covered them would take the click, and the wait below would fail."""
    page.locator(".fontsize__toggle").click(force=True)
    page.locator(f".fontsize__choice--{size}").click(force=True)
    page.wait_for_function(
        "s => (document.documentElement.getAttribute('data-fontsize') || '0') === s"
        " && !document.querySelector('.fontsize--open')",
        arg=size,
    )


def switch_palette(page) -> str:
    """Material's own palette button in the header; returns the scheme now shown."""
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component=palette] label:not([hidden])").click(force=True)  # as choose_size
    page.wait_for_function("b => document.body.getAttribute('data-md-color-scheme') !== b", arg=before)
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def lift_pointer(page, height: int) -> None:
    """The pointer off the header once a control is used, as a finger lifts: the button's tooltip, which a mouse
    left over it would keep open, is not in the picture (it fades out: measured once it has)."""
    page.mouse.move(1, height - 1)
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


@pytest.mark.parametrize("agent", list(AGENTS))
@pytest.mark.parametrize("width,height", PHONES)
def test_the_first_screen_shows_the_title_and_the_text(browser, server, artifacts, width, height, agent):
    context = new_context(browser, width, user_agent=AGENTS[agent])
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    problems, rows = [], []
    sizes = list(SIZES)
    for path in PAGES:
        page.goto(server + path, wait_until="load")
        name = path.strip("/") or "home"
        # every 字号 in one palette, the palette switched, every 字号 back in the other: as a reader goes, and
        # each choice made once (字号 and palette are remembered from page to page; the next page starts
        # where this one ends, so each page is seen in both palettes at every 字号)
        for turn in range(2):
            for size in sizes:
                if page.evaluate("document.documentElement.getAttribute('data-fontsize') || '0'") != size:
                    choose_size(page, size)
                page.evaluate("scrollTo(0, 0)")
                scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
                m = page.evaluate(FIRST_SCREEN)
                where = f"{path or '/'} at {width}×{height} {SIZES[size]} {scheme} {agent}"
                problems += problems_of(m, where, width, size)
                # one picture per page, width and 字号: Android's in the light palette, WeChat's in the dark
                if (scheme == "default") == (agent == "android"):
                    page.screenshot(path=str(artifacts / f"first-screen-{name}-{width}-{size}-{agent}.png"))
                    line = m["text"]["line"] if m["text"] else None
                    rows.append(
                        f"{agent}\t{width}×{height}\t{SIZES[size]}\t{path or '/'}\t"
                        f"title {m['title']['top'] if m['title'] else None:.0f}\t"
                        f"text {line['top'] if line else float('nan'):.0f}\t"
                        f"header {m['header']['bottom']:.0f}\t{m['name']['lines'] if m['name'] else 0} lines"
                    )
            if turn == 0:
                switch_palette(page)
                lift_pointer(page, height)
            sizes.reverse()
    seen = {(row.split("\t")[3], row.split("\t")[2]) for row in rows}
    assert len(seen) == len(PAGES) * len(SIZES), "a page was not seen at every 字号 in the pictured palette"
    context.close()
    with (artifacts / "first-screen.txt").open("a", encoding="utf-8") as log:
        log.write("\n".join(rows) + "\n")
    assert not problems, "\n".join(problems)


def test_print_and_download_open_from_one_control(browser, server):
    """The files, 打印 and the 学习会抬头 are inside 打印与下载, folded until the reader opens it."""
    context = new_context(browser, 390)
    page = context.new_page()
    page.goto(server + "part-1-leadership-team/", wait_until="load")
    fold = page.locator("details.page-tools")
    assert fold.count() == 1 and not fold.evaluate("d => d.open")
    actions = page.get_by_role("button", name="打印本节")
    assert not actions.is_visible() and not page.locator("[data-meeting]").is_visible()
    page.get_by_text(TOOLS, exact=True).click()
    assert actions.is_visible()
    for label in ("下载本节 PDF", "下载本节 Word", "全文打印版"):
        assert page.get_by_role("link", name=label, exact=True).is_visible(), label
    assert page.locator("[data-meeting] summary").is_visible()  # the meeting header: part of the print step
    context.close()


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("size", list(SIZES))
def test_the_map_on_a_phone_is_an_outline_with_no_text_cut(browser, server, size, width):
    """结构导图 on a phone: every node of the drawing is a link of its own, whole, 44 px tall at least. At 390 标准 the
    drawing fitted and was shown, its nodes 34 px tall (a reviewer's find): a touch screen gets the list."""
    context = new_context(browser, width, size)
    page = context.new_page()
    page.goto(server + "map/", wait_until="load")
    nodes = page.evaluate(
        """() => {
          const shown = el => el.getBoundingClientRect().height > 0
          const svg = [...document.querySelectorAll('.structure-map--map-screen a')]
          const list = [...document.querySelectorAll('.structure-map-list a')]
          const drawn = svg.length && shown(document.querySelector('.structure-map--map-screen'))
          return {
            drawing: drawn ? svg.length : 0,
            labels: svg.map(a => [...a.querySelectorAll('tspan')].map(t => t.textContent).join('')),
            links: list.filter(shown).map(a => ({
              text: a.textContent, href: a.getAttribute('href'), height: a.getBoundingClientRect().height,
              cut: a.scrollWidth > a.clientWidth + 1 || a.getBoundingClientRect().right > innerWidth,
            })),
            hrefs: svg.map(a => a.getAttribute('href')),
            scrollWidth: document.documentElement.scrollWidth,
          }
        }"""
    )
    context.close()
    assert nodes["scrollWidth"] <= width
    assert nodes["drawing"] == 0, f"the drawing is shown at {width} px"
    links = nodes["links"]
    assert [link["text"] for link in links] == nodes["labels"]  # the same tree, in the same order
    assert [link["href"] for link in links] == nodes["hrefs"]
    assert all(not link["cut"] and link["height"] >= TAP_PX - 0.5 for link in links), links


# where a label may break: after punctuation or at a space, never between two characters of a word
BREAKS_AFTER = set("、，。：；！？）》” ·")
LINE_STARTS = """(el => {
  const text = el.textContent, starts = []
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
  let top = null, at = 0
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++, at++) {
      const range = document.createRange()
      range.setStart(node, i)
      range.setEnd(node, i + 1)
      const box = range.getClientRects()[0]
      if (!box || !node.data[i].trim()) continue
      if (top !== null && box.top > top + box.height / 2) starts.push(at)
      top = box.top
    }
  }
  return { text, starts }
})"""


def test_at_320_px_tips_toasts_forms_and_labels_stay_whole_on_screen(browser, server):
    """320 px 特大: a term's explanation opened at the bottom of the window, the 复制链接 toast and the
    open 学习会抬头 form are all inside the window; the footer's and buttons' labels break between words."""
    context = new_context(browser, 320, "2")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    page = context.new_page()
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(server + "part-1-leadership-team/", wait_until="load")
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    # a term just above the bottom of the window
    term = page.locator("article abbr[title]").nth(3)
    page.evaluate("el => scrollBy(0, el.getBoundingClientRect().bottom - innerHeight + 6)", term.element_handle())
    term.tap()
    page.wait_for_function(
        """top => {
          const tip = document.querySelector('.md-tooltip2--active .md-tooltip2__inner')
          if (!tip) return false
          const r = tip.getBoundingClientRect()
          return r.height > 0 && r.top >= top && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth
        }""",
        arg=header,
    )
    # the toast
    page.locator(".section-share").first.click()
    page.wait_for_function(
        """() => {
          const d = document.querySelector('.md-dialog--active')
          if (!d || getComputedStyle(d).opacity !== '1') return false
          const r = d.getBoundingClientRect()
          return r.left >= 0 && r.right <= innerWidth && r.bottom <= innerHeight
        }"""
    )
    # the meeting header's form, open
    page.evaluate("scrollTo(0, 0)")
    page.get_by_text(TOOLS, exact=True).click()
    page.locator("[data-meeting] summary").click()
    assert page.locator("[data-meeting-field=branch]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    inputs = "[...document.querySelectorAll('.meeting-header input')]"
    assert page.evaluate(inputs + ".every(i => i.getBoundingClientRect().right <= innerWidth)")
    # labels: the footer's previous and next pages on every page, and the buttons in the fold
    broken = []
    for path in PAGES:
        page.goto(server + path, wait_until="load")
        page.get_by_text(TOOLS, exact=True).click() if page.locator(".page-tools").count() else None
        for label in page.locator(".md-footer__title, .page-actions .md-button, .page-tools > summary").all():
            if not label.is_visible():
                continue
            found = label.evaluate(LINE_STARTS)
            for at in found["starts"]:
                if found["text"][at - 1] not in BREAKS_AFTER and found["text"][at - 1].strip():
                    broken.append(f"{path}: {found['text'][:at]}/{found['text'][at:]}")
    context.close()
    assert not broken, broken


def test_an_imported_speech_and_the_library_open_with_their_text(browser, library, library_server, artifacts):
    """The same first screen for a speech imported into the library, and for 文库: its title and text on the
    first screen at every 字号, its own name in the header, and download buttons that say what they give."""
    from test_library import SLUG

    site = library.site
    pages = sorted(p.parent.relative_to(site).as_posix() + "/" for p in (site / SLUG).rglob("index.html"))
    pages += ["library/"] if (site / "library" / "index.html").is_file() else []
    assert len(pages) > 5, pages
    problems = []
    for width, height in PHONES:
        context = new_context(browser, width)
        page = context.new_page()
        page.set_viewport_size({"width": width, "height": height})
        for path in pages:
            page.goto(library_server + path, wait_until="load")
            for size in SIZES:
                choose_size(page, size)
                page.evaluate("scrollTo(0, 0)")
                m = page.evaluate(FIRST_SCREEN)
                problems += problems_of(m, f"{path} at {width}×{height} {SIZES[size]}", width, size)
                if width == 320:
                    name = path.strip("/").replace("/", "-")
                    page.screenshot(path=str(artifacts / f"first-screen-library-{name}-{size}.png"))
            # what each button gives, in its words: this section, or the whole speech on the print version
            labels = page.locator(".page-actions a[download], .page-actions [data-print]").all_inner_texts()
            whole = path.endswith("print/")
            if page.locator(".page-tools").count():
                page.get_by_text(TOOLS, exact=True).click()
            for label in labels:
                if label and "本节" not in label and "本页" not in label and not (whole and "全文" in label):
                    problems.append(f"{path}: the button “{label}” does not say what it gives")
        context.close()
    assert not problems, "\n".join(problems)
