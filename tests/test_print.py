"""Printing: A4 handouts in 公文 style, from the browser (Ctrl+P) and from the PDF export."""

from __future__ import annotations

import re
import statistics
import subprocess

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS
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
    text,
    to_png,
    width_in_characters,
)
from pdfcheck import (
    lines as all_lines,
)
from sitetext import sentences, source_lines

# URL, exported PDF name, the source lines (0-based) it prints
PARTS = {
    "part-1-leadership-team/": ("part-1-leadership-team", range(6, 11)),
    "part-2-cadre-team/": ("part-2-cadre-team", range(11, 16)),
    "part-3-party-building/": ("part-3-party-building", range(16, 21)),
    "print/": ("speech", range(1, 22)),
}
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


def browser_print(url: str, dest) -> None:
    """Ctrl+P as Chromium does it with its default settings: headers and footers on."""
    if not CHROMIUM or subprocess.run(["which", CHROMIUM], capture_output=True).returncode:
        pytest.fail(f"Chromium not found at {CHROMIUM}", pytrace=False)
    subprocess.run(
        [CHROMIUM, "--headless", *CHROMIUM_ARGS, f"--print-to-pdf={dest}", url],
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def printed(server, tmp_path_factory):
    out = tmp_path_factory.mktemp("printed")
    pdfs = {}
    for url in [*PARTS, "glossary/"]:
        dest = out / (url.strip("/") + ".pdf")
        browser_print(server + url, dest)
        pdfs[url] = dest
    return pdfs


def check_handout(pdf, source_range=None, grid=True):
    """A4, one page number a page at the outside, no site chrome or browser margins, the notice on page 1.

    `grid`: the body is the 公文 body (28 characters a line); the glossary, outline and self-test
    print smaller type and are checked for everything else. `source_range`: the speech's lines it prints.
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
        # full-width lines of body type (the 12 pt editorial notes are smaller)
        body_size = max(ln.y1 - ln.y0 for ln in lines) * 0.9
        full = [ln for ln in lines if ln.x1 - ln.x0 > TYPE_WIDTH - 1 * MM and ln.y1 - ln.y0 > body_size]
        full = full if grid else []
        for ln in full:
            assert ln.x1 == pytest.approx(TYPE_LEFT + TYPE_WIDTH, abs=1 * MM)
            # 28 (27–29) characters; 26 where the rule that 、，。 never start a line pushed one down
            assert 26 <= width_in_characters(ln.text) <= 29, f"{pdf.name} page {n}: {ln.text}"
            widths.append(width_in_characters(ln.text))
    if source_range is not None:
        assert statistics.median(widths) == 28, f"{pdf.name}: median line {statistics.median(widths)} characters"
    all_text = flat(PAGE_NUMBER.sub("", text(pdf)))
    assert flat(source_lines()[0]) in flat(page_text(pdf, 1)), "the author's notice is not on page 1"
    if source_range is not None:
        assert flat(source_lines()[1]) in flat(page_text(pdf, 1)), "no title block on page 1"
        position = 0
        for i in source_range:
            for sentence in sentences(source_lines()[i]):
                found = all_text.find(flat(sentence), position)
                assert found >= 0, f"{pdf.name}: missing or out of order: {sentence}"
                position = found
    return pages


@pytest.mark.parametrize("url", list(PARTS))
def test_browser_print_is_a_handout(printed, url, artifacts):
    pages = check_handout(printed[url], PARTS[url][1])
    assert pages >= 2
    to_png(printed[url], 1, artifacts / f"print-{url.strip('/')}-p1")


def test_editorial_notes_print_as_footnotes_at_the_end(printed):
    pdf = printed["part-2-cadre-team/"]
    last = flat(page_text(pdf, page_count(pdf)))
    assert "校注" in last and "诫勉" in last


def test_glossary_prints(printed, artifacts):
    check_handout(printed["glossary/"], grid=False)
    all_text = flat(text(printed["glossary/"]))
    for term in ("四大三苦", "六个不能、五个通气", "两个维护", "守土有责、守土尽责、守土负责"):
        assert flat(term) in all_text
    to_png(printed["glossary/"], 2, artifacts / "print-glossary-p2")


def test_whole_speech_numbers_pages_continuously(printed):
    pdf = printed["print/"]
    assert page_count(pdf) >= 6
    assert "结束语" not in text(pdf)  # the site's heading; the closing follows part 三 as in the original


@pytest.mark.parametrize("url", list(PARTS) + ["glossary/"])
def test_export_script_wrote_the_same_handouts(site, url):
    name = PARTS[url][0] if url in PARTS else "glossary"
    pdf = site / "pdf" / f"{name}.pdf"
    assert pdf.is_file(), f"{pdf} was not exported by the build"
    check_handout(pdf, PARTS[url][1] if url in PARTS else None, grid=url in PARTS)


def test_every_page_links_to_a_pdf_that_exists(site):
    for html_file in site.rglob("index.html"):
        html = html_file.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"]+\.pdf)"', html):
            assert (html_file.parent / href).resolve().is_file(), (html_file, href)


def test_print_styles_of_body_paragraphs(browser, server):
    page = browser.new_page()
    page.goto(server + "part-1-leadership-team/", wait_until="networkidle")
    page.emulate_media(media="print")
    style = page.evaluate(
        """() => {
          const p = document.querySelector('article p#jiang-dangxing')
          const s = getComputedStyle(p)
          const hidden = sel => [...document.querySelectorAll(sel)].every(e => e.offsetParent === null)
          return {
            size: s.fontSize, pitch: s.lineHeight, indent: s.textIndent, color: s.color, align: s.textAlign,
            family: s.fontFamily, lineBreak: s.lineBreak,
            chromeHidden: hidden('.md-header, .md-sidebar, .md-footer, .page-actions, .headerlink'),
            h1: getComputedStyle(document.querySelector('article h1')).fontFamily,
            h2: getComputedStyle(document.querySelector('article h2')).fontFamily,
          }
        }"""
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
def test_without_chromium_the_build_skips_the_export_and_says_so(tmp_path):
    from conftest import mkdocs_build
    from sitetext import ROOT

    result = mkdocs_build(ROOT, tmp_path / "site", env={"PDF_EXPORT": "true", "CHROMIUM": "/nonexistent/chromium"})
    assert result.returncode == 0, result.stderr
    assert "跳过 PDF 导出：在/nonexistent/chromium找不到 Chromium" in result.stderr
    assert not (tmp_path / "site" / "pdf").exists()
    assert "下载 PDF" not in (tmp_path / "site" / "part-1-leadership-team" / "index.html").read_text(encoding="utf-8")
