"""The Word version of the handouts: read back with python-docx, and as LibreOffice prints it (poppler).

Every build writes them (no browser needed). Read back, each holds every
sentence of its part of the speech in order, with the styles set (仿宋 body,
黑体 and 楷体 headings, the 28 × 22 grid, A4 and the GB/T 9704 margins, the
notice in every page's header, page numbers outside). Converted to PDF by
LibreOffice headless, the pages are A4, numbered “— n —” right on odd pages
and left on even ones, with 22 lines of about 28 characters.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess

import pytest
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
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
    width_in_characters,
)
from pdfcheck import lines as all_lines
from sitetext import ROOT, html_path, notice, sentences, source_lines

from speech_study.project import Project
from speech_study.render import self_test, word

# Word file -> the source lines (0-based) of the speech it holds
SPEECH_FILES = {
    "part-1-leadership-team": range(6, 11),
    "part-2-cadre-team": range(11, 16),
    "part-3-party-building": range(16, 21),
    "speech": range(1, 22),
}
FILES = [*SPEECH_FILES, "glossary", "self-test"]


def docx_text(doc) -> str:
    """The body's text as read back, editorial note numbers (superscripts) left out."""
    parts = []
    for p in doc.paragraphs:
        parts.append("".join(r.text for r in p.runs if not r.font.superscript))
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return flat("".join(parts))


def in_order(haystack: str, lines: range, name: str) -> None:
    position = 0
    for i in lines:
        for sentence in sentences(source_lines()[i]):
            found = haystack.find(flat(sentence), position)
            assert found >= 0, f"{name}: missing or out of order: {sentence}"
            position = found


@pytest.fixture(scope="module")
def documents(site):
    return {name: Document(str(site / "docx" / f"{name}.docx")) for name in FILES}


def test_every_build_writes_the_word_files_and_links_them_beside_print(site):
    for name in FILES:
        assert (site / "docx" / f"{name}.docx").stat().st_size > 10_000, name
    # each button says what it gives: this section, this page or the whole speech (issue 21)
    for doc, href, printed, scope in (
        ("part-1-leadership-team.md", "../docx/part-1-leadership-team.docx", "打印本节", "本节"),
        ("glossary.md", "../docx/glossary.docx", "打印本页", "本页"),
        ("self-test.md", "../docx/self-test.docx", "打印本页", "本页"),
        ("print.md", "../docx/speech.docx", "打印全文", "全文"),
        ("index.md", "docx/speech.docx", "打印全文", "全文"),
        ("closing.md", "../docx/speech.docx", "打印全文", "全文"),
    ):
        html = html_path(site, doc).read_text(encoding="utf-8")
        actions = html.split('<div class="page-actions', 1)[1].split("</div>", 1)[0]
        word = f'<a class="md-button" href="{href}" download>下载{scope} Word</a>'
        assert f">{printed}</button>" in actions and word in actions, doc
    assert " Word</a>" not in html_path(site, "outline.md").read_text(encoding="utf-8")  # no Word file of its own


@pytest.mark.parametrize("name", list(SPEECH_FILES))
def test_word_holds_every_sentence_in_order(documents, name):
    doc = documents[name]
    assert doc.paragraphs[0].style.name == "讲话标题" and doc.paragraphs[0].text == source_lines()[1]
    in_order(docx_text(doc), SPEECH_FILES[name], name)
    assert "结束语" not in docx_text(doc) and "开场白" not in docx_text(doc)


def test_word_glossary_and_self_test_hold_what_the_pages_hold(documents):
    project = Project.load(ROOT)
    glossary = docx_text(documents["glossary"])
    for entry in project.glossary:
        assert flat(entry.term) in glossary and flat(entry.explanation) in glossary, entry.term
        assert flat(entry.quote or entry.wording) in glossary
    assert "见第一部分（一）" in glossary and "›" not in glossary
    quiz = documents["self-test"]
    items = self_test.questions(project)
    answers = [row.cells[1].text for row in quiz.tables[0].rows[1:]]
    assert answers == [q.answer for q in items]
    body = docx_text(quiz)
    for q in items:
        assert flat(q.before) in body and flat(q.after.rstrip("，、；;：:")) in body
    # the answer key begins a new section on a right-hand page
    assert [s.start_type for s in quiz.sections] == [WD_SECTION.NEW_PAGE, WD_SECTION.ODD_PAGE]
    assert "看答案" not in body and "姓名" in body


def font(style) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


@pytest.mark.parametrize("name", FILES)
def test_word_page_grid_styles_and_margins(documents, name):
    doc = documents[name]
    for section in doc.sections:
        assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (210, 297)
        margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
        assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
        grid = section._sectPr.find(qn("w:docGrid"))
        assert grid.get(qn("w:type")) == "linesAndChars" and grid.get(qn("w:linePitch")) == "579"
        # 28 characters in 156 mm: the grid's pitch is the body size plus charSpace/4096 pt
        pitch = doc.styles["Normal"].font.size.pt + int(grid.get(qn("w:charSpace"))) / 4096
        assert 156 / 25.4 * 72 / pitch == pytest.approx(28, abs=0.01)
    assert doc.settings.odd_and_even_pages_header_footer
    styles = doc.styles
    assert font(styles["Normal"]) == "仿宋" and styles["Normal"].font.size == Pt(15.5)
    assert font(styles["Heading 1"]) == "黑体" and font(styles["Heading 2"]) == "楷体"
    assert font(styles["讲话标题"]) == "方正小标宋简体" and styles["讲话标题"].font.size == Pt(22)
    assert not styles["Heading 1"].font.bold and styles["Heading 1"].paragraph_format.keep_with_next
    section = doc.sections[0]
    for header in (section.header, section.even_page_header):
        assert header.paragraphs[0].text == notice()
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == align
        assert paragraph._p.find(qn("w:fldSimple")).get(qn("w:instr")).strip() == "PAGE"
        assert re.fullmatch(r"— 1? —", paragraph.text) or paragraph.text == "—  —"
    if name in SPEECH_FILES:
        used = {p.style.name for p in doc.paragraphs}
        assert {"讲话标题", "Heading 1", "Heading 2", "Normal"} <= used, used


# --- as LibreOffice prints it ------------------------------------------------------------------


@pytest.fixture(scope="module")
def converted(site, tmp_path_factory):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail(
            "LibreOffice not found: the Word files are checked as it prints them. "
            "Install Debian's libreoffice-writer (scripts/test.sh does).",
            pytrace=False,
        )
    out = tmp_path_factory.mktemp("word-pdf")
    profile = out / "profile"  # its own profile: no clash with a LibreOffice the user has open
    files = [str(site / "docx" / f"{name}.docx") for name in FILES]
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(out)]
        + files,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {name: out / f"{name}.pdf" for name in FILES}


def type_area_lines(pdf, n):
    return [ln for ln in body_lines(pdf, n) if ln.y0 > TYPE_TOP - 10]


@pytest.mark.parametrize("name", FILES)
def test_word_prints_a4_with_page_numbers_outside_and_the_notice_on_every_page(converted, name):
    pdf = converted[name]
    w, h = page_size(pdf)
    assert abs(w - A4[0]) < 3 and abs(h - A4[1]) < 3, (w, h)
    for n in range(1, page_count(pdf) + 1):
        page = page_text(pdf, n)
        assert PAGE_NUMBER.findall(page) == [str(n)], f"{name} page {n}: {PAGE_NUMBER.findall(page)}"
        assert flat(notice()) in flat(page), f"{name} page {n}: no notice in the header"
        (number,) = [ln for ln in all_lines(pdf, n) if PAGE_NUMBER.fullmatch(ln.text)]
        if n % 2:
            assert number.x1 == pytest.approx(TYPE_LEFT + TYPE_WIDTH - 14, abs=3), f"{name} page {n}: not at right"
        else:
            assert number.x0 == pytest.approx(TYPE_LEFT + 14, abs=3), f"{name} page {n}: not at left"
        assert number.y0 > TYPE_TOP + TYPE_HEIGHT, f"{name} page {n}: the number is inside the type area"


@pytest.mark.parametrize("name", list(SPEECH_FILES))
def test_word_prints_on_the_28_by_22_grid(converted, name):
    pdf = converted[name]
    pages = page_count(pdf)
    assert pages >= 2
    pitches, widths = [], []
    for n in range(1, pages + 1):
        lines = type_area_lines(pdf, n)
        assert min(ln.x0 for ln in lines) == pytest.approx(TYPE_LEFT, abs=1 * MM), f"{name} page {n}"
        if 1 < n < pages:
            assert 21 <= len(lines) <= 22, f"{name} page {n}: {len(lines)} lines"
        tops = [ln.y0 for ln in lines]
        pitches += [b - a for a, b in zip(tops, tops[1:], strict=False)]
        widths += [width_in_characters(ln.text) for ln in lines if ln.x1 - ln.x0 > TYPE_WIDTH - 1 * MM]
    assert statistics.median(pitches) == pytest.approx(225 / 22 * MM, abs=0.3), "the line pitch"
    assert 27 <= statistics.median(widths) <= 28.5, f"{name}: median line {statistics.median(widths)} characters"
    # the text as printed, less the page numbers and the header each page repeats
    printed = flat(PAGE_NUMBER.sub("", text(pdf))).replace(flat(notice()), "")
    in_order(printed, SPEECH_FILES[name], f"{name}.pdf")


def test_self_test_answer_key_prints_alone_on_a_right_hand_page(converted):
    pdf = converted["self-test"]
    pages = page_count(pdf)
    assert pages % 2 == 1 and "学习自测答案" in page_text(pdf, pages)
    assert all("学习自测答案" not in page_text(pdf, n) for n in range(1, pages))


def test_word_files_carry_their_own_title_author_and_comment(documents):
    """Not python-docx's: its name as author, “generated by python-docx” as comment, an empty title, 2013."""
    project = Project.load(ROOT)
    titles = {name: page.title for name, (_, page, _) in word.targets(project).items()}
    for name, doc in documents.items():
        props = doc.core_properties
        assert props.author == f"《{project.config['site_name']}》学习网站" == props.last_modified_by, name
        assert props.comments == notice(), name
        speech = project.speech.title
        assert props.title == (speech if name == "speech" else f"《{speech}》{titles[name]}"), name
        assert props.created is None and props.modified is None, name
        assert "python-docx" not in f"{props.author}{props.comments}{props.title}{props.keywords}{props.subject}"


def test_word_blanks_are_lines_that_never_vanish(documents, converted):
    """Underlined spaces vanished at a line's end (questions 7 and 19 began their next line with a lone 。)."""
    quiz = documents["self-test"]
    for p in quiz.paragraphs:
        for run in p.runs:
            assert not (run.font.underline and not run.text.strip()), f"an underlined blank of spaces: {p.text[:20]}"
    printed = flat(PAGE_NUMBER.sub("", text(converted["self-test"])))
    items = self_test.questions(Project.load(ROOT))
    for number, q in enumerate(items, start=1):
        before, after = (flat(x) for x in q.shown("\x00").split("\x00"))
        blank = word.BLANK_MARK * max(len(q.answer) + 2, 5)
        assert f"{before[-6:]}{blank}{after[:6]}" in printed, f"question {number}: the blank is not printed whole"


def test_word_glossary_is_as_compact_as_print(converted):
    assert page_count(converted["glossary"]) <= 4
