"""Every printout is a handout: printed from Chromium and exported as PDF, checked with poppler.

No screen-only wording on paper, one title block, headings never alone at a
page's foot, the glossary in four pages with page references, the outline on
one page, the map filling its page in type no smaller than 五号, the
self-test's answer key on a right-hand page of its own; the meeting header,
the hint for old engines, the QR code and the offline copy.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from html import unescape

import pytest
from conftest import mkdocs_build, mkdocs_build_in_process
from pdfcheck import MM, TYPE_HEIGHT, TYPE_LEFT, TYPE_TOP, body_lines, flat, page_count, page_text, text, words
from settle import open_settled
from sitetext import ROOT, html_path, notice, source_lines
from speeches import browser_print
from test_import_formats import SCREEN_ONLY  # the study pages' sentences for a screen only

from speech_study import offlinezip
from speech_study.questions import questions
from speech_study.render.outline import formulas

# what only makes sense on a screen: never on paper
SCREEN_WORDS = (
    "悬停",
    "轻点",
    "点击",
    "点开",
    "单击",
    "再点",
    "鼠标",
    "看答案",
    "链接到",
    "跳到",
    "hover",
    "click",
    "tap",
)
TITLE = source_lines()[1]
PUBLIC_URL = "https://example.org/xuexi/"


def url_of(doc: str) -> str:
    stem = doc[: -len(".md")]
    return "" if stem == "index" else f"{stem}/"


def printouts(speech) -> dict[str, object]:
    """Every page of the speech's site (for an imported speech: its own pages) printed from Chromium with its
    default settings (Ctrl+P), by src_uri."""
    return {page.src_uri: speech.printout(page) for page in speech.pages}


def every_pdf(speech) -> dict[str, object]:
    """Every PDF of the speech on paper: those the build exports (pdf/, pdf/f01/) and every page's Ctrl+P."""
    exported = {
        f"pdf/{p.relative_to(speech.site / 'pdf')}": p
        for p in sorted((speech.site / "pdf" / speech.folder).glob("*.pdf"))
    }
    assert sorted(exported) == sorted(f"pdf/{name}.pdf" for name in speech.exported), "the build's PDF files"
    return {**exported, **printouts(speech)}


def test_no_screen_only_wording_on_paper(speech):
    """Hover, tap, click, 点开, 看答案 …: the sentences that need a screen are .screen-only, hidden in print; in
    every PDF and Word file and every page's printout."""
    import docx

    pdfs = every_pdf(speech)
    assert {"outline", "map", "self-test", "speech"} <= {p.stem for p in pdfs.values()}
    assert len(pdfs) == len(speech.exported) + len(speech.pages)
    for name, pdf in pdfs.items():
        printed = text(pdf)
        found = [w for w in (*SCREEN_WORDS, *SCREEN_ONLY) if w in printed]
        assert not found, f"{name} prints {found}"
    words_ = sorted((speech.site / "docx" / speech.folder).glob("*.docx"))
    assert "self-test" in {p.stem for p in words_}
    for path in words_:
        held = "".join(p.text for p in docx.Document(str(path)).paragraphs)
        found = [w for w in (*SCREEN_WORDS, *SCREEN_ONLY) if w in held]
        assert not found, f"{path.relative_to(speech.site)} holds {found}"


# the site's own: one glossary for every speech of the site
def test_the_glossary_still_has_its_instructions_on_screen(site):
    glossary = html_path(site, "glossary.md").read_text(encoding="utf-8")
    assert re.search(r'<span class="screen-only">[^<]*鼠标悬停', glossary)


def test_the_self_test_still_has_its_instructions_on_screen(speech):
    self_test = speech.html(speech.page("self-test")).read_text(encoding="utf-8")
    assert re.search(r'<span class="screen-only">先想一想，再点“看答案”。</span>', self_test)


def handout_docs(speech) -> list[str]:
    return [p.src_uri for p in speech.pages if p.meta.get("pdf") or p.is_speech]


def test_every_handout_opens_with_the_same_title_block(speech):
    """The speech's title in 小标宋 size, then the notice: the parts, the home page and the generated pages."""
    names = {p.src_uri: p for p in speech.pages}
    block = flat(speech.title) + flat(speech.notice)
    printed = printouts(speech)
    for doc in handout_docs(speech):
        pdf = printed[doc]
        first = flat(page_text(pdf, 1))
        assert first.startswith(block), f"{doc}: page 1 begins {first[:40]}"
        title = next(w for w in words(pdf, 1) if w.text == speech.title)
        assert title.size == pytest.approx(22, abs=0.5), f"{doc}: the title prints at {title.size:.1f} pt"
        page = names[doc]
        if not page.is_speech and not page.meta.get("print"):  # a generated page: its name, centred, next
            heading = re.search(r"^# (\S+)", page.markdown, re.M).group(1)
            assert first[len(block) :].startswith(heading), doc
    generated = [p.meta["pdf"] for p in speech.pages if p.meta.get("pdf") and not p.is_speech]
    assert {"outline", "map", "self-test"} <= {name.rpartition("/")[2] for name in generated}
    for name in generated:
        assert flat(page_text(speech.pdf(name), 1)).startswith(block), name


def test_the_salutation_starts_flush_left(speech):
    salutation = next(line.strip() for line in speech.view.speech.body_lines if line.strip().endswith("："))
    assert salutation == "同志们："
    opening = speech.view.speech_pages()[0]
    for page in (opening, speech.page("print-whole")):
        (line,) = [ln for ln in body_lines(speech.printout(page), 1) if ln.text.startswith(salutation)]
        assert line.x0 == pytest.approx(TYPE_LEFT, abs=1 * MM), (
            f"{page.src_uri}: {salutation} starts {line.x0 - TYPE_LEFT:.1f} pt in"
        )


def test_the_site_label_jieshuyu_never_prints_as_a_heading(speech):
    closing = speech.view.speech_pages()[-1]
    assert closing.meta.get("label") == "结束语"
    pdfs = [speech.printout(closing), speech.printout(speech.page("print-whole")), speech.pdf(speech.whole)]
    if closing.meta.get("pdf"):  # an imported speech's closing remarks have a file of their own
        pdfs.append(speech.pdf(closing.meta["pdf"]))
    for pdf in pdfs:
        assert "结束语" not in text(pdf), pdf.name
    last = speech.source_line(speech.page_lines[closing.src_uri][0])
    assert flat(last[:20]) in flat(text(speech.printout(closing)))


def page_headings(speech, doc: str) -> set[str]:
    html = speech.html(doc).read_text(encoding="utf-8")
    article = html.split("<article", 1)[1]
    found = re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", article, re.S)
    return {flat(unescape(re.sub(r"<[^>]+>", "", h))) for h in found} - {""}


def test_headings_and_labels_never_end_a_page(speech):
    printed = printouts(speech)
    for doc in handout_docs(speech):
        pdf = printed[doc]
        headings = page_headings(speech, doc)
        for n in range(1, page_count(pdf)):
            last = body_lines(pdf, n)[-1].text
            assert flat(last) not in headings, f"{doc} page {n} ends with the heading {last}"
            assert not re.search(r"[：:]$", last), f"{doc} page {n} ends with the label {last}"


# --- 术语表 ---------------------------------------------------------------------------------------


# the site's own: one glossary for every speech of the site (and so the glossary tests below)
def test_glossary_handout_fits_four_pages_with_page_references(site_speech):
    project = site_speech.project
    for pdf in (site_speech.pdf("glossary"), site_speech.printout("glossary.md")):
        assert page_count(pdf) <= 4, f"{pdf.name}: {page_count(pdf)} pages"
        printed = flat(text(pdf))
        assert "›" not in printed and "出现位置" not in printed  # no web breadcrumbs
        assert "见第一部分（一）" in printed and "见讲话开头" in printed and "见第三部分（三）" in printed
        for entry in project.glossary:  # every entry, head first on its line
            assert flat(entry.term) in printed, entry.term


def test_glossary_heads_print_in_heiti_and_entries_apart(browser, server):
    page = browser.new_page()
    open_settled(page, server + "glossary/")
    page.emulate_media(media="print")
    style = page.evaluate(
        """() => {
          const entry = document.querySelector('.glossary-entry')
          const s = getComputedStyle(entry)
          const head = getComputedStyle(entry.querySelector('h2'))
          const visible = sel => [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null).length
          return {head: head.fontFamily, headSize: head.fontSize, border: s.borderTopStyle, width: s.borderTopWidth,
                  links: visible('.glossary-places .screen-only'), refs: visible('.glossary-places .print-only')}
        }"""
    )
    page.close()
    assert style["head"].startswith("SimHei"), style
    assert style["border"] == "solid" and float(style["width"][:-2]) > 0
    assert style["links"] == 0 and style["refs"] > 30


# --- 学习提纲, 结构导图 ------------------------------------------------------------------------


# the site's own speech's formulas, as its readers know them (any speech's: those its glossary entries find in it)
OUTLINE_FORMULAS = ("四大三苦", "五个责任", "六个不能、五个通气", "含盖量", "含心量", "含金量")
OUTLINE_ITEMS = ("责任大、权力大、风险大、贡献大", "主持而不能把持")


def test_outline_is_one_page_with_the_key_formulas(speech):
    found = [formula for formulas_ in formulas(speech.view).values() for formula in formulas_]
    assert found, "no formula found in the speech"
    outline = speech.page("outline")
    for pdf in (speech.pdf(outline.meta["pdf"]), speech.printout(outline)):
        assert page_count(pdf) == 1
        printed = flat(text(pdf))
        for formula in found:
            assert flat(formula.term) in printed, formula.term
            for item in re.split(r"[：；（）]", formula.items):
                assert flat(item) in printed, (formula.term, item)
        for words_ in (*OUTLINE_FORMULAS, *OUTLINE_ITEMS) if speech.slug is None else ():
            assert flat(words_) in printed, words_
    # the formulas are the speech's words
    text_ = speech.view.speech.text
    for formula in found:
        for item in re.split(r"[：；（）、]", f"{formula.term}：{formula.items}"):
            assert not item or item in text_, item


def test_map_fills_its_page_in_type_no_smaller_than_wuhao(speech):
    page = speech.page("map")
    for pdf in (speech.pdf(page.meta["pdf"]), speech.printout(page)):
        assert page_count(pdf) == 1
        map_words = [w for w in words(pdf, 1) if w.size and w.text != speech.title and w.y1 < TYPE_TOP + TYPE_HEIGHT]
        assert len(map_words) >= 8  # the labels of pure Chinese text, whose width gives their size
        smallest = min(w.size for w in map_words)
        assert smallest >= 10.5, f"{pdf.name}: map text at {smallest:.2f} pt"
        lowest = max(ln.y1 for ln in body_lines(pdf, 1))
        assert lowest > TYPE_TOP + 0.85 * TYPE_HEIGHT, f"{pdf.name}: the map ends {lowest - TYPE_TOP:.0f} pt down"


@pytest.mark.parametrize("width", [360, 320])
def test_map_text_on_a_phone_is_at_least_14_px(browser, speech, width):
    """The drawing where the column holds it (360 px), else the same tree as a list (320 px): 14 px at least."""
    page = browser.new_page(viewport={"width": width, "height": 740}, device_scale_factor=2)
    open_settled(page, speech.url(speech.page("map")))
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.structure-map--map-screen text')].map(t => {
          const svg = t.ownerSVGElement
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width
          return parseFloat(getComputedStyle(t).fontSize) * scale
        }).filter(Boolean).concat([...document.querySelectorAll('.structure-map-list a')]
          .filter(a => a.getBoundingClientRect().height > 0)
          .map(a => parseFloat(getComputedStyle(a).fontSize)))"""
    )
    overflow = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
    page.close()
    assert sizes and min(sizes) >= 14, f"{width} px: map text at {min(sizes):.1f} px"
    assert overflow <= 0


# --- 学习自测 --------------------------------------------------------------------------------------


def test_self_test_answer_key_is_the_last_page_alone_on_a_right_hand_page(speech):
    """学习自测 as exported and as Ctrl+P prints it: the questions from page 1 (with 姓名, 支部, 日期), the answer key
    alone on the last page, a right-hand one, as its notes promise (“答案单独印在最后一页”)."""
    page = speech.page("self-test")
    items = questions(speech.view)
    for pdf in (speech.pdf(page.meta["pdf"]), speech.printout(page)):
        pages = page_count(pdf)
        assert pages % 2 == 1, f"{pdf.name}: the answer key is on page {pages}, a left-hand page"
        last = page_text(pdf, pages)
        assert re.search(r"^\s*学习自测答案\s*$", last, re.M) and "讲话原文填空" not in last
        assert all("学习自测答案" not in page_text(pdf, n) for n in range(1, pages))
        numbers = re.findall(r"^\s*(\d+)．", last, re.M)
        assert numbers == [str(i) for i in range(1, len(items) + 1)], numbers
        first = page_text(pdf, 1)
        assert "讲话原文填空" in first and all(ch in first for ch in ("姓名", "支部", "日期"))
        assert "答案单独印在最后一页" in flat(text(pdf))
        # the sheet that may be torn off carries the author's notice too (a reviewer found it bare)
        assert flat(speech.notice) in flat(last), f"{pdf.name}: no notice on the answer key"


def test_a_short_self_test_exports_its_key_on_a_right_hand_page(imported_build):
    """A reader of fixture 15: its one page of questions had the key on page 2, the back of the same sheet, though
    the page says the key can be left out. Chromium ignores `break-before: right`: the export leaves page 2 blank
    (the browser's own Ctrl+P cannot, README). The site's longer self-tests need no blank page and get none."""
    from speeches import SHORT_SELF_TEST_SLUG

    pdf = imported_build.site / "pdf" / SHORT_SELF_TEST_SLUG / "self-test.pdf"
    assert page_count(pdf) == 3, page_count(pdf)
    assert "填空" in page_text(pdf, 1) and "学习自测答案" not in page_text(pdf, 1)
    assert not re.sub(r"—\s*\d+\s*—|\s", "", page_text(pdf, 2)), page_text(pdf, 2)
    assert re.search(r"^\s*学习自测答案\s*$", page_text(pdf, 3), re.M)
    for own in (imported_build.site / "pdf" / "self-test.pdf", imported_build.site / "pdf" / "f01" / "self-test.pdf"):
        pages = [page_text(own, n) for n in range(1, page_count(own) + 1)]
        assert all(re.sub(r"—\s*\d+\s*—|\s", "", p) for p in pages), f"{own}: a blank page"


def test_self_test_lines_are_not_stretched_on_a_wide_screen(browser, speech):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    open_settled(page, speech.url(speech.page("self-test")))
    aligns = page.evaluate("() => [...document.querySelectorAll('.quiz-q')].map(p => getComputedStyle(p).textAlign)")
    page.close()
    assert aligns and set(aligns) == {"start"}


# --- 学习会抬头 ------------------------------------------------------------------------------------
# one header for the whole site (kept in the browser), tried on the site's own pages

MEETING = {"branch": "第一党支部", "meeting": "12月主题党日", "date": "2026-12-05"}
MEETING_LINE = "第一党支部12月主题党日学习材料（2026年12月5日）"


def test_meeting_header_prints_in_the_title_block_and_stays_in_the_browser(browser, server, tmp_path):
    context = browser.new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append((r.url, r.post_data or "")))
    open_settled(page, server + "part-1-leadership-team/")
    assert page.locator("[data-meeting-line]").is_hidden()
    page.get_by_text("打印与下载", exact=True).click()  # the meeting header is part of the print step
    page.locator("[data-meeting] summary").click()
    seen = len(requests)
    page.fill("[data-meeting-field=branch]", MEETING["branch"])
    page.fill("[data-meeting-field=meeting]", MEETING["meeting"])
    page.fill("[data-meeting-field=date]", MEETING["date"])
    page.keyboard.press("Enter")  # nothing to submit: no form
    page.wait_for_timeout(300)
    assert requests[seen:] == [], "typing the meeting header sent requests"
    assert page.url.endswith("part-1-leadership-team/")
    stored = page.evaluate("() => JSON.parse(localStorage.getItem('speech-study:meeting'))")
    assert stored == MEETING
    # on every print page of the site, after a reload, in the title block above the title
    for url, most in (("part-1-leadership-team/", 4), ("outline/", 1), ("map/", 1), ("glossary/", 4)):
        open_settled(page, server + url)
        assert page.locator("[data-meeting-line]").inner_text() == MEETING_LINE
        page.emulate_media(media="print")
        pdf = tmp_path / f"{url.strip('/')}.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
        first = flat(page_text(pdf, 1))
        assert first.startswith(flat(MEETING_LINE) + flat(TITLE) + flat(notice())), first[:60]
        assert page_count(pdf) <= most, f"{url} with a meeting line prints on {page_count(pdf)} pages"
        page.emulate_media(media="screen")
    assert not any(MEETING["branch"] in url or MEETING["branch"] in body for url, body in requests)
    # cleared fields: no line, nothing kept
    open_settled(page, server + "part-1-leadership-team/")
    page.get_by_text("打印与下载", exact=True).click()
    for field in MEETING:
        page.fill(f"[data-meeting-field={field}]", "")
    assert page.locator("[data-meeting-line]").is_hidden()
    assert page.evaluate("() => localStorage.getItem('speech-study:meeting')") is None
    context.close()


# --- old engines ------------------------------------------------------------------------------------
# the browser's engine, not the speech: tried on the site's own pages


def hint(browser, server, fake: str | None) -> tuple[bool, str]:
    context = browser.new_context()
    if fake:
        context.add_init_script(fake)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_settled(page, server + "part-1-leadership-team/")
    page.get_by_text("打印与下载", exact=True).click()  # the hint is beside the buttons, in the fold
    shown = page.locator("[data-print-hint]").is_visible()
    words_ = page.locator("[data-print-hint]").inner_text()
    context.close()
    assert not errors
    return shown, words_


def test_a_browser_that_prints_page_margin_boxes_gets_no_hint(browser, server):
    assert hint(browser, server, None)[0] is False


@pytest.mark.parametrize(
    "engine",
    [
        # Chromium before 131, Firefox, Safari: no CSSMarginRule, and @page keeps no margin rules
        "delete window.CSSMarginRule",
        "Object.defineProperty(CSSPageRule.prototype, 'cssRules', {get() { return [] }})",
    ],
)
def test_an_engine_without_page_margin_boxes_is_told_to_use_the_pdf_or_word_file(browser, server, engine):
    shown, words_ = hint(browser, server, engine)
    assert shown
    assert "下载本节 Word" in words_ and "下载本节 PDF" in words_ and "页码" in words_


# --- QR code and offline copy: a release build -------------------------------------------------------
# a release build of the site's own (its public address, its offline copy)


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    """A build for a public address, given the offline zip (a small stand-in: the real one is test_offline's)."""
    tmp = tmp_path_factory.mktemp("release")
    offline_zip = tmp / "site.zip"
    # packed as offline-zip packs (with its manifest): a release publishes only a copy this project made
    stand_in = [
        ("index.html", ("<!doctype html><title>x</title>" + "x" * 299_000).encode("utf-8")),
        ("404.html", b"<!doctype html><title>404</title>"),
        ("search/search_index.js", b"var __index = {}"),
    ]
    offlinezip.pack_members(offline_zip, stand_in, zipfile.ZIP_STORED)
    env = {"SITE_URL": PUBLIC_URL, "OFFLINE_ZIP": str(offline_zip), "PDF_EXPORT": "true"}
    result = mkdocs_build(ROOT, tmp / "site", env=env)
    assert result.returncode == 0, result.stderr
    return tmp / "site", offline_zip


@pytest.fixture(scope="module")
def release_server(release):
    from speech_study.localserver import serve

    httpd, url = serve(release[0])
    yield url
    httpd.shutdown()


def zbarimg(png) -> list[str]:
    if not shutil.which("zbarimg"):
        pytest.fail("zbarimg not found: apt-get install zbar-tools (scripts/test.sh installs it)", pytrace=False)
    result = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True)
    return result.stdout.split()


@pytest.mark.slow
@pytest.mark.parametrize("doc", ["part-1-leadership-team.md", "glossary.md", "index.md", "outline.md"])
def test_printouts_carry_a_qr_code_of_their_public_address(browser, release_server, doc, tmp_path, artifacts):
    """At the end of a speech page; on a handout beside its name, on its first page."""
    pdf = tmp_path / "page.pdf"
    browser_print(browser, release_server + url_of(doc), pdf)
    where = 1 if doc in HANDOUT_BUDGETS else page_count(pdf)
    png = to_png_at(pdf, where, tmp_path / "last", 150)
    assert zbarimg(png) == [PUBLIC_URL + url_of(doc)]
    assert PUBLIC_URL + url_of(doc) in flat(text(pdf))  # the source line beside it
    shutil.copy(png, artifacts / f"qr-{doc[:-3]}.png")


# a handout's pages, as its own notes promise (学习自测: “答案单独印在最后一页”)
HANDOUT_BUDGETS = {"outline.md": 1, "map.md": 1, "self-test.md": 5, "glossary.md": 4}


@pytest.mark.slow
def test_the_release_handouts_keep_their_length_with_the_qr_code(browser, release, release_server, tmp_path, artifacts):
    """With SITE_URL the QR block took a page of its own: 学习提纲 and 结构导图 on 2 pages, 学习自测 on 6."""
    site = release[0]
    for doc, most in HANDOUT_BUDGETS.items():
        printed = tmp_path / f"{doc[:-3]}.pdf"
        browser_print(browser, release_server + url_of(doc), printed)
        exported = site / "pdf" / f"{doc[:-3]}.pdf"
        for pdf in (printed, exported):
            assert 'class="print-source' in html_path(site, doc).read_text(encoding="utf-8")
            assert page_count(pdf) == most if doc != "glossary.md" else page_count(pdf) <= most, (pdf, page_count(pdf))
            assert PUBLIC_URL + url_of(doc) in flat(page_text(pdf, 1)), (pdf, "no QR line on page 1")
        shutil.copy(to_png_at(printed, 1, tmp_path / doc[:-3], 60), artifacts / f"release-{doc[:-3]}-1.png")
    for pdf in (tmp_path / "self-test.pdf", site / "pdf" / "self-test.pdf"):
        last = page_count(pdf)
        assert "学习自测答案" in page_text(pdf, last) and "学习自测答案" not in page_text(pdf, last - 1)


def to_png_at(pdf, page: int, dest, dpi: int):
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(dest)],
        check=True,
    )
    return dest.with_suffix(".png")


def test_the_local_preview_build_has_no_qr_code(speech, tmp_path):
    first_part = speech.view.speech_pages()[1]
    assert 'class="print-source' not in speech.html(first_part).read_text(encoding="utf-8")
    pdf = speech.printout(first_part)
    assert zbarimg(to_png_at(pdf, page_count(pdf), tmp_path / "last", 150)) == []


@pytest.mark.slow
def test_the_release_links_its_offline_copy_with_its_size(release):
    site, offline_zip = release
    served = site / "download" / "dangzuzhi-shuji-study.zip"
    assert served.read_bytes() == offline_zip.read_bytes()
    for doc, href in (
        ("about.md", "../download/dangzuzhi-shuji-study.zip"),
        ("index.md", "download/dangzuzhi-shuji-study.zip"),
    ):
        html = html_path(site, doc).read_text(encoding="utf-8")
        assert re.search(rf'<a href="{re.escape(href)}">下载离线版</a>（zip 文件，300 KB）', html), doc


def test_without_the_zip_the_site_says_how_to_make_it_and_links_nothing(site):
    about = html_path(site, "about.md").read_text(encoding="utf-8")
    assert "本次发布没有附带离线版" in about
    assert "离线版由网站维护者在发布时生成，" in about and "项目说明" not in about  # no project file for readers
    # the README's 离线版 section says the maintainer how
    assert "`scripts/offline_zip.py`" in (ROOT / "README.md").read_text(encoding="utf-8").split("## 离线版", 1)[1]
    assert '.zip"' not in about and not (site / "download").exists()
    assert '<a href="about/#offline">' in html_path(site, "index.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_missing_offline_zip_stops_the_build_naming_it(tmp_path):
    result = mkdocs_build_in_process(ROOT, tmp_path / "out", env={"OFFLINE_ZIP": "nowhere/site.zip"})
    assert result.returncode != 0
    assert "环境变量 OFFLINE_ZIP：nowhere/site.zip：没有这个文件" in result.stderr
