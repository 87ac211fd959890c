"""The Word version of the handouts: read back with python-docx, and as LibreOffice prints it (poppler).

Every build writes them (no browser needed). Read back, each holds every
sentence of its part of the speech in order, with the styles set (仿宋 body,
黑体 and 楷体 headings, the 28 × 22 grid, A4 and the GB/T 9704 margins, the
notice in every page's header, page numbers outside). Converted to PDF by
LibreOffice headless, the pages are A4, numbered “— n —” right on odd pages
and left on even ones, with 22 lines of about 28 characters.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
from html import unescape
from pathlib import Path

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
from sitetext import sentences

from speech_study.questions import questions
from speech_study.render import word


def docx_text(doc) -> str:
    """The body's text as read back, editorial note numbers (superscripts) left out."""
    parts = []
    for p in doc.paragraphs:
        parts.append("".join(r.text for r in p.runs if not r.font.superscript))
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return flat("".join(parts))


def in_order(speech, haystack: str, lines: list[int], name: str) -> None:
    position = 0
    for i in lines:
        for sentence in sentences(speech.source_line(i)):
            found = haystack.find(flat(sentence), position)
            assert found >= 0, f"{name}: missing or out of order: {sentence}"
            position = found


def files(speech) -> list[str]:
    """Its Word files: each of its text (parts, whole speech …), its self-test and, the site's own, the glossary."""
    return [
        *speech.speech_files,
        *(
            p.meta["pdf"]
            for p in speech.pages
            if not p.is_speech and p.meta.get("pdf") and ("self-test" in p.markers() or "glossary" in p.markers())
        ),
    ]


@pytest.fixture(scope="module")
def documents(speech):
    return {name: Document(str(speech.docx(name))) for name in files(speech)}


def word_file(speech, page) -> str | None:
    """The Word file a page offers: its own, or a speech page's the whole speech's; None: it has none."""
    own = page.meta.get("pdf")
    if own in files(speech):
        return own
    return speech.whole if page.is_speech else None


def test_every_build_writes_the_word_files_and_links_them_beside_print(speech):
    names = files(speech)
    assert {"self-test", "speech", *speech.part_files} <= {n.rpartition("/")[2] for n in names} | set(names)
    for name in names:
        assert speech.docx(name).stat().st_size > 10_000, name
    written = sorted(p.relative_to(speech.site / "docx") for p in (speech.site / "docx" / speech.folder).glob("*"))
    assert [p.as_posix() for p in written] == sorted(f"{name}.docx" for name in names)
    offered = set()
    for page in speech.pages:
        html = speech.html(page).read_text(encoding="utf-8")
        name = word_file(speech, page)
        if name is None:  # 学习提纲, 结构导图 …: no Word file of their own
            assert " Word</a>" not in html, page.src_uri
            continue
        offered.add(name)
        # each button says what it gives: this section, this page or the whole speech (issue 21); the print button
        # prints the page itself, so says 全文 only on 全文打印版 (开场白, whose Word file is the whole speech's,
        # prints 本节)
        own = "本节" if page.is_speech else "本页"
        scope = "全文" if name == speech.whole else own
        printed = "打印全文" if page.meta.get("print") else f"打印{own}"
        href = Path(os.path.relpath(speech.docx(name), speech.html(page).parent)).as_posix()
        actions = html.split('<div class="page-actions', 1)[1].split("</div>", 1)[0]
        assert f">{printed}</button>" in actions, (page.src_uri, printed)
        # saved under the file's own title (postbuild/download_names.py), not its address's name
        link = rf'<a class="md-button" href="{re.escape(href)}" download="[^"/]+\.docx">下载{scope} Word</a>'
        assert re.search(link, actions), (page.src_uri, href)
        # every Word and PDF file a page links is there, this speech's, in its folder
        for link in (unescape(h) for h in re.findall(r'href="([^"]+\.(?:docx|pdf))"', html)):
            target = (speech.html(page).parent / link).resolve()
            folders = {(speech.site / kind / speech.folder).resolve() for kind in ("docx", "pdf")}
            assert target.is_file() and target.parent in folders, (page.src_uri, link)
    assert offered == set(names), "a Word file no page offers"


def test_word_holds_every_sentence_in_order(speech, documents):
    for name, lines in speech.speech_files.items():
        doc = documents[name]
        assert doc.paragraphs[0].style.name == "讲话标题" and doc.paragraphs[0].text == speech.title, name
        held = docx_text(doc)
        in_order(speech, held, lines, name)
        assert "结束语" not in held and "开场白" not in held, name
        assert held.count(flat(speech.title)) == 1, f"{name}: the title again below the title block"
        assert flat(speech.notice) not in held, f"{name}: the notice is the header's, not the body's"
    assert speech.source.read_text(encoding="utf-8").splitlines()[0] == speech.notice


# the site's own: one glossary for every speech of the site
def test_word_glossary_holds_what_the_page_holds(site_speech):
    project = site_speech.project
    glossary = docx_text(Document(str(site_speech.docx("glossary"))))
    for entry in project.glossary:
        assert flat(entry.term) in glossary and flat(entry.explanation) in glossary, entry.term
        assert flat(entry.quote or entry.wording) in glossary
    assert "见第一部分（一）" in glossary and "›" not in glossary


def test_word_self_test_holds_what_the_page_holds(speech, documents):
    quiz = documents[speech.page("self-test").meta["pdf"]]
    items = questions(speech.view)
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


def test_word_page_grid_styles_and_margins(speech, documents):
    for name, doc in documents.items():
        check_grid_styles_and_margins(speech, name, doc)


def check_grid_styles_and_margins(speech, name, doc):
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
        assert header.paragraphs[0].text == speech.notice, name
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == align
        assert paragraph._p.find(qn("w:fldSimple")).get(qn("w:instr")).strip() == "PAGE"
        assert re.fullmatch(r"— 1? —", paragraph.text) or paragraph.text == "—  —"
    if name in speech.speech_files:  # its parts' headings where it holds parts (not the opening or closing remarks)
        used = {p.style.name for p in doc.paragraphs}
        parts = {"Heading 1", "Heading 2"} if name in [*speech.part_files, speech.whole] else set()
        assert {"讲话标题", "Normal", *parts} <= used, (name, used)


# --- as LibreOffice prints it ------------------------------------------------------------------


@pytest.fixture(scope="module")
def converted(speech, tmp_path_factory):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail(
            "LibreOffice not found: the Word files are checked as it prints them. "
            "Install Debian's libreoffice-writer (scripts/test.sh does).",
            pytrace=False,
        )
    out = tmp_path_factory.mktemp("word-pdf")
    profile = out / "profile"  # its own profile: no clash with a LibreOffice the user has open
    names = files(speech)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            AS_PRINTED,
            "--outdir",
            str(out),
        ]
        + [str(speech.docx(name)) for name in names],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {name: out / f"{name.rpartition('/')[2]}.pdf" for name in names}


# with the blank page LibreOffice inserts before a section that starts on a right-hand page, as its printing does
# (its PDF export leaves the page out by default: the answer key on page 4, numbered 5)
AS_PRINTED = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'


def type_area_lines(pdf, n):
    return [ln for ln in body_lines(pdf, n) if ln.y0 > TYPE_TOP - 10]


def test_word_prints_a4_with_page_numbers_outside_and_the_notice_on_every_page(speech, converted):
    for name, pdf in converted.items():
        check_a4_numbers_and_notice(speech, name, pdf)


def check_a4_numbers_and_notice(speech, name, pdf):
    w, h = page_size(pdf)
    assert abs(w - A4[0]) < 3 and abs(h - A4[1]) < 3, (w, h)
    pages = page_count(pdf)
    for n in range(1, pages + 1):
        page = page_text(pdf, n)
        if not page.strip():  # left blank, before the answer key on a right-hand page: nothing printed
            assert n % 2 == 0 and "学习自测答案" in page_text(pdf, n + 1), f"{name} page {n} is blank"
            continue
        assert PAGE_NUMBER.findall(page) == [str(n)], f"{name} page {n}: {PAGE_NUMBER.findall(page)}"
        assert flat(speech.notice) in flat(page), f"{name} page {n}: no notice in the header"
        (number,) = [ln for ln in all_lines(pdf, n) if PAGE_NUMBER.fullmatch(ln.text)]
        if n % 2:
            assert number.x1 == pytest.approx(TYPE_LEFT + TYPE_WIDTH - 14, abs=3), f"{name} page {n}: not at right"
        else:
            assert number.x0 == pytest.approx(TYPE_LEFT + 14, abs=3), f"{name} page {n}: not at left"
        assert number.y0 > TYPE_TOP + TYPE_HEIGHT, f"{name} page {n}: the number is inside the type area"


def test_word_prints_on_the_28_by_22_grid(speech, converted):
    for name in speech.speech_files:
        check_grid(speech, name, converted[name])


def check_grid(speech, name, pdf):
    pages = page_count(pdf)
    assert pages >= 2 or name not in [*speech.part_files, speech.whole], f"{name}: {pages} page"
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
    printed = flat(PAGE_NUMBER.sub("", text(pdf))).replace(flat(speech.notice), "")
    in_order(speech, printed, speech.speech_files[name], f"{name}.pdf")


def test_self_test_answer_key_prints_alone_on_a_right_hand_page(speech, converted):
    pdf = converted[speech.page("self-test").meta["pdf"]]
    pages = page_count(pdf)
    assert pages % 2 == 1 and "学习自测答案" in page_text(pdf, pages)
    assert all("学习自测答案" not in page_text(pdf, n) for n in range(1, pages))


def test_word_files_carry_their_own_title_author_and_comment(speech, documents):
    """Not python-docx's: its name as author, “generated by python-docx” as comment, an empty title, 2013."""
    project = speech.project
    titles = {name: page.meta.get("label") or page.title for name, (_, page, _) in word.targets(project).items()}
    for name, doc in documents.items():
        props = doc.core_properties
        assert props.author == f"《{project.config['site_name']}》学习网站" == props.last_modified_by, name
        notice = project.speech.notice if name == "glossary" else speech.notice  # the glossary is the site's
        assert props.comments == notice, name
        title = project.speech.title if name == "glossary" else speech.title
        assert props.title == (title if name == speech.whole else f"《{title}》{titles[name]}"), name
        assert props.created is None and props.modified is None, name
        assert "python-docx" not in f"{props.author}{props.comments}{props.title}{props.keywords}{props.subject}"


def test_word_blanks_are_lines_that_never_vanish(speech, documents, converted):
    """Underlined spaces vanished at a line's end (questions 7 and 19 began their next line with a lone 。)."""
    name = speech.page("self-test").meta["pdf"]
    quiz = documents[name]
    for p in quiz.paragraphs:
        for run in p.runs:
            assert not (run.font.underline and not run.text.strip()), f"an underlined blank of spaces: {p.text[:20]}"
    printed = flat(PAGE_NUMBER.sub("", text(converted[name])))
    items = questions(speech.view)
    for number, q in enumerate(items, start=1):
        before, after = (flat(x) for x in q.shown("\x00").split("\x00"))
        blank = word.BLANK_MARK * max(len(q.answer) + 2, 5)
        assert f"{before[-6:]}{blank}{after[:6]}" in printed, f"question {number}: the blank is not printed whole"


# the site's own: one glossary for every speech of the site
@pytest.mark.parametrize("speech", ["site"], indirect=True)
def test_word_glossary_is_as_compact_as_print(converted):
    assert page_count(converted["glossary"]) <= 4
