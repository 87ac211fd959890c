"""Printing: A4 handouts in 公文 style, from the browser (Ctrl+P) and from the PDF export."""

from __future__ import annotations

import re
import statistics

import pytest
from pdfcheck import (
    A4,
    MM,
    PAGE_NUMBER,
    TYPE_HEIGHT,
    TYPE_LEFT,
    TYPE_TOP,
    TYPE_WIDTH,
    body_lines,
    flat,
    page_count,
    page_size,
    page_text,
    run,
    text,
    to_png,
    width_in_characters,
)
from pdfcheck import (
    lines as all_lines,
)
from settle import open_settled
from sitetext import sentences
from speeches import browser_print, cold_print

CHROME = [
    "跳转至",
    "搜索",
    "上一页",
    "下一页",
    "打印与下载",
    "打印本节",
    "打印全文",
    "下载本节 PDF",
    "下载全文 PDF",
    "全文打印版",
    "127.0.0.1",
    "http",
    "目录",
]
DATE = re.compile(r"\d{1,4}[/-]\d{1,2}[/-]\d{1,4}|\d{1,2}:\d{2}")


def printed(speech) -> dict[str, object]:
    """Each file of the speech's text (its parts, the whole speech …) by name -> its page printed from Chromium."""
    pages = {p.meta.get("pdf"): p for p in speech.pages}
    return {name: speech.printout(pages[name]) for name in speech.speech_files}


def check_handout(speech, pdf, source_range=None, grid=True):
    """A4, one page number a page at the outside, no site chrome or browser margins, the notice on page 1.

    `grid`: the body is the 公文 body (28 characters a line); the glossary, outline and self-test
    print smaller type and are checked for everything else. `source_range`: the speech's lines (0-based) it prints.
    """
    w, h = page_size(pdf)
    assert abs(w - A4[0]) < 3 and abs(h - A4[1]) < 3, (w, h)
    pages = page_count(pdf)
    widths: list[float] = []
    for n in range(1, pages + 1):
        page = page_text(pdf, n)
        numbers = PAGE_NUMBER.findall(page)
        assert numbers == [str(n)], f"{pdf.name} page {n}: page numbers {numbers}"
        for word in CHROME:
            assert word not in page, f"{pdf.name} page {n}: {word}"
        assert not DATE.search(page), f"{pdf.name} page {n}: {DATE.search(page).group()}"
        # “— n —”: odd pages right, even pages left, one character (14 pt) in, 7 mm below the type area
        (number,) = [ln for ln in all_lines(pdf, n) if PAGE_NUMBER.fullmatch(ln.text)]
        if n % 2:
            assert number.x1 == pytest.approx(TYPE_LEFT + TYPE_WIDTH - 14, abs=3), f"page {n} number not at right"
        else:
            assert number.x0 == pytest.approx(TYPE_LEFT + 14, abs=3), f"page {n} number not at left"
        assert number.y0 > TYPE_TOP + TYPE_HEIGHT, f"page {n}: the number is inside the type area"
        lines = body_lines(pdf, n)
        for ln in lines:  # closing punctuation never starts a line
            assert ln.text[:1] not in "，。、；：！？）》”’", f"{pdf.name} page {n}: line starts with {ln.text[:8]}"
        if source_range is not None and n < pages:  # no heading alone at the foot of a page
            assert not re.match(r"^(（[一二三四]）|[一二三四]、)", lines[-1].text), (
                f"page {n} ends with {lines[-1].text}"
            )
        assert lines and min(ln.x0 for ln in lines) >= TYPE_LEFT - 1 * MM, "text left of the type area"
        if len(lines) > 5:
            assert min(ln.x0 for ln in lines) == pytest.approx(TYPE_LEFT, abs=1 * MM)
        if source_range is not None and 1 < n < pages:  # a full page of the speech: 22 lines (±1)
            assert 21 <= len(lines) <= 23, f"{pdf.name} page {n}: {len(lines)} lines"
        # full-width lines of body type (the 12 pt editorial notes are smaller; the title block's 22 pt larger)
        body_size = max(ln.y1 - ln.y0 for ln in lines if flat(ln.text) != flat(speech.title)) * 0.9
        full = [ln for ln in lines if ln.x1 - ln.x0 > TYPE_WIDTH - 1 * MM and ln.y1 - ln.y0 > body_size]
        full = full if grid else []
        for ln in full:
            assert ln.x1 == pytest.approx(TYPE_LEFT + TYPE_WIDTH, abs=1 * MM)
            # 28 (27–29) characters; 26 where the rule that 、，。 never start a line pushed one down
            assert 26 <= width_in_characters(ln.text) <= 29, f"{pdf.name} page {n}: {ln.text}"
            widths.append(width_in_characters(ln.text))
    if source_range is not None and len(widths) >= 22:  # over a page at least: a paragraph of “”， runs shorter
        assert statistics.median(widths) == 28, f"{pdf.name}: median line {statistics.median(widths)} characters"
    all_text = flat(PAGE_NUMBER.sub("", text(pdf)))
    assert flat(speech.notice) in flat(page_text(pdf, 1)), "the author's notice is not on page 1"
    # the title block and the notice, the first lines of page 1, each centred in the type area (a reviewer saw them
    # pushed right: the body's rule, text-indent 2em on every p, outweighed theirs)
    heads, joined = [], ""
    wanted = [flat(speech.notice)] + ([flat(speech.title)] if source_range is not None else [])
    for ln in body_lines(pdf, 1):
        if all(w in joined for w in wanted):
            break
        heads.append(ln)
        joined += flat(ln.text)
    assert heads and all(w in joined for w in wanted), (pdf.name, joined)
    for ln in heads:
        left, right = ln.x0 - TYPE_LEFT, TYPE_LEFT + TYPE_WIDTH - ln.x1
        assert abs(left - right) < 2 * MM, f"{pdf.name}: “{ln.text}” not centred ({left:.1f} pt, {right:.1f} pt)"
    if source_range is not None:
        assert flat(speech.title) in flat(page_text(pdf, 1)), "no title block on page 1"
        assert all_text.count(flat(speech.title)) == 1, "the title printed again below the title block"
        position = 0
        for i in source_range:
            for sentence in sentences(speech.source_line(i)):
                found = all_text.find(flat(sentence), position)
                assert found >= 0, f"{pdf.name}: missing or out of order: {sentence}"
                position = found
    return pages


def test_browser_print_is_a_handout(speech, artifacts):
    """Each file of the speech's text as Chromium prints its page: its parts, the whole speech (an imported speech's
    opening and closing remarks too)."""
    for name, pdf in printed(speech).items():
        pages = check_handout(speech, pdf, speech.speech_files[name])
        assert pages >= 2 or name not in [*speech.part_files, speech.whole], f"{name}: {pages} page"
        to_png(pdf, 1, artifacts / f"print-{speech.key}-{name.replace('/', '-')}-p1")


# the site's own: only its pages carry editorial notes (校注)
def test_editorial_notes_print_as_footnotes_at_the_end(site_speech):
    pdf = site_speech.printout("part-2-cadre-team.md")
    last = flat(page_text(pdf, page_count(pdf)))
    assert "校注" in last and "诫勉" in last


GLOSSARY_TERMS = ("四大三苦", "六个不能、五个通气", "两个维护", "守土有责、守土尽责、守土负责")


# the site's own: one glossary for every speech of the site
def test_glossary_prints(site_speech, artifacts):
    pdf = site_speech.printout("glossary.md")
    check_handout(site_speech, pdf, grid=False)
    all_text = flat(text(pdf))
    for term in GLOSSARY_TERMS:
        assert flat(term) in all_text
    to_png(pdf, 2, artifacts / "print-glossary-p2")


def test_whole_speech_numbers_pages_continuously(speech):
    pdf = speech.printout(speech.page("print-whole"))
    assert page_count(pdf) >= 6
    assert "结束语" not in text(pdf)  # the site's heading; the closing follows part 三 as in the original


def test_export_script_wrote_the_same_handouts(speech):
    for name, source_range in speech.speech_files.items():
        pdf = speech.pdf(name)
        assert pdf.is_file(), f"{pdf} was not exported by the build"
        check_handout(speech, pdf, source_range)


# the site's own: one glossary for every speech of the site
def test_export_script_wrote_the_glossary_handout(site_speech):
    pdf = site_speech.pdf("glossary")
    assert pdf.is_file(), f"{pdf} was not exported by the build"
    check_handout(site_speech, pdf, grid=False)


def test_every_page_links_to_a_pdf_that_exists(speech):
    """Every page of the speech's site (the library's with an imported speech): each PDF it links is there, an
    imported speech's in its own folder."""
    site = speech.site
    for html_file in site.rglob("index.html"):
        html = html_file.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"]+\.pdf)"', html):
            target = (html_file.parent / href).resolve()
            assert target.is_file(), (html_file, href)
    for page in speech.view.pages:
        html = speech.html(page).read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"]+\.pdf)"', html):
            target = (speech.html(page).parent / href).resolve()
            assert target.parent == (site / "pdf" / speech.folder).resolve(), (page.src_uri, href)


def test_print_styles_of_body_paragraphs(browser, speech):
    """The first point of the first part's first section, as printed."""
    lead = speech.view.speech.parts[0].sections[0].points[0].lead
    uri, anchor = speech.view.anchors()[lead]
    page = browser.new_page()
    open_settled(page, speech.url(uri))
    page.emulate_media(media="print")
    style = page.evaluate(
        """anchor => {
          const p = document.querySelector(`article p#${anchor}`)
          const s = getComputedStyle(p)
          const hidden = sel => [...document.querySelectorAll(sel)].every(e => e.offsetParent === null)
          return {
            size: s.fontSize, pitch: s.lineHeight, indent: s.textIndent, color: s.color, align: s.textAlign,
            family: s.fontFamily, lineBreak: s.lineBreak,
            chromeHidden: hidden('.md-header, .md-sidebar, .md-footer, .page-actions, .headerlink'),
            h1: getComputedStyle(document.querySelector('article h1')).fontFamily,
            h2: getComputedStyle(document.querySelector('article h2')).fontFamily,
          }
        }""",
        anchor,
    )
    page.close()
    px = 96 / 72
    assert float(style["size"][:-2]) == pytest.approx(15.75 * px, abs=0.1)
    assert float(style["pitch"][:-2]) == pytest.approx(28.9 * px, abs=0.2)
    assert float(style["indent"][:-2]) == pytest.approx(2 * 15.75 * px, abs=0.2)
    assert style["color"] == "rgb(0, 0, 0)" and style["align"] == "justify" and style["lineBreak"] == "strict"
    assert style["family"].startswith("FangSong, 仿宋") and "Noto Serif CJK SC" in style["family"]
    assert style["h1"].startswith("SimHei") and style["h2"].startswith("KaiTi")
    assert style["chromeHidden"]


@pytest.mark.slow
# a build setting, the same for every speech
def test_without_chromium_the_build_skips_the_export_and_says_so(tmp_path):
    from conftest import mkdocs_build
    from sitetext import ROOT

    result = mkdocs_build(ROOT, tmp_path / "site", env={"PDF_EXPORT": "true", "CHROMIUM": "/nonexistent/chromium"})
    assert result.returncode == 0, result.stderr
    assert "跳过 PDF 导出：在/nonexistent/chromium找不到 Chromium" in result.stderr
    assert not (tmp_path / "site" / "pdf").exists()
    assert "下载 PDF" not in (tmp_path / "site" / "part-1-leadership-team" / "index.html").read_text(encoding="utf-8")


def _pixels(pdf, page: int, dest) -> bytes:
    """A page as raw RGB pixels at 80 dpi (pdftoppm's PPM, less its header "P6 W H 255")."""
    run("pdftoppm", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(dest))
    data = dest.with_suffix(".ppm").read_bytes()
    return data[data.index(b"255\n") + 4 :]


# pixels that may differ: Playwright starts Chromium with its own switches, and a few edge pixels of a glyph at
# the type area's left and right edges come out a shade apart (16 of 620,000 on the whole speech's first page)
PIXELS_APART = 1e-4


@pytest.mark.parametrize("marker", ["print-whole", "self-test", "map"])
def test_the_warm_browser_prints_as_chromium_does(speech, browser, marker, tmp_path):
    """Every printout here comes from the session's warm browser (speeches.browser_print); Ctrl+P is Chromium's
    own print with its default settings: the two give the same pages, the same text and the same pixels but a
    shade at the edge of a glyph, for a long page, a handout and a drawing, of each speech."""
    url = speech.url(speech.page(marker))
    warm, cold = tmp_path / "warm.pdf", tmp_path / "cold.pdf"
    browser_print(browser, url, warm)
    cold_print(url, cold)
    assert page_count(warm) == page_count(cold) and page_size(warm) == page_size(cold)
    assert text(warm) == text(cold)
    for n in range(1, page_count(cold) + 1):
        a, b = _pixels(warm, n, tmp_path / f"warm-{n}"), _pixels(cold, n, tmp_path / f"cold-{n}")
        assert len(a) == len(b)
        apart = sum(a[i : i + 3] != b[i : i + 3] for i in range(0, len(a), 3))
        assert apart <= PIXELS_APART * len(a) / 3, f"page {n} of {marker}: {apart} pixels differ"


def test_a_dark_palette_prints_on_white_with_its_page_numbers(browser, server, tmp_path):
    """A reviewer on a phone in the dark palette printed with 背景图形 on: the page margins came out black and the
    “— 1 —” page numbers with them. Printed so, the margins are paper white and the number is there."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    page = context.new_page()
    page.goto(server + "self-test/", wait_until="load")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    pdf = tmp_path / "dark.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    context.close()
    png = to_png(pdf, 1, tmp_path / "dark")
    run("pdftoppm", "-r", "10", "-gray", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "gray"))
    raw = next(tmp_path.glob("gray*.pgm")).read_bytes()
    _, size, _, pixels = raw.split(b"\n", 3)
    width, height = map(int, size.split())
    margins = [pixels[y * width + x] for y in (0, 1, height - 2) for x in (0, 1, width - 2)]
    assert min(margins) > 240, (margins, png)
    assert PAGE_NUMBER.search(page_text(pdf, 1).strip().splitlines()[-1]), page_text(pdf, 1)[-80:]


def test_a_long_title_prints_on_balanced_lines(browser, server, tmp_path):
    """A reviewer's imported speech 《伟大的军事家周恩来——读〈周恩来军事文选〉》 printed its title with “选》” alone on
    the second line. The title block is the same for every speech (partials/handout-title.html): the site's page
    is printed with that title in it."""
    title = "伟大的军事家周恩来——读《周恩来军事文选》"
    page = browser.new_page()
    page.goto(server + "part-1-leadership-team/", wait_until="load")
    page.evaluate("(t) => { document.querySelector('.print-title').textContent = t }", title)
    pdf = tmp_path / "title.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    page.close()
    lines = [line.strip() for line in page_text(pdf, 1).splitlines() if line.strip()]
    first, second = lines[0], lines[1]
    assert first + second == title, lines[:3]
    assert abs(len(first) - len(second)) <= 3, (first, second)
