"""Word's automatic numbering read as the reader sees it (wordnumbers.py, received.py).

Found by a tester: a speech whose parts Word numbers itself (a list “%1、” in Chinese counting) was refused as
having no part headings, and one whose sections Word numbers (“（%2）”) imported with every （一）（二） gone and
its sections read as paragraphs. The oracle: the same speech with its numbers typed reads the same."""

from __future__ import annotations

import re
import zipfile

import pytest
import speechfiles
from hypothesis import given
from hypothesis import strategies as st

from speech_study import importer, received
from speech_study.counts import chinese
from speech_study.errors import ContentError
from speech_study.wordnumbers import UnknownFormat, number

W = speechfiles.W_NS
PART = re.compile(r"^([一二三四五六七八九十]+)、")
SECTION = re.compile(r"^（([一二三四五六七八九十]+)）")


def _lvl(ilvl: int, fmt: str, text: str, start: int = 1, style: str | None = None, restart: int | None = None) -> str:
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    pstyle += f'<w:lvlRestart w:val="{restart}"/>' if restart is not None else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{pstyle}'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>'
    )


def numbered_docx(path, lines, *, by_style: bool = False, bullet_line: int | None = None):
    """The speech of `lines` as Word writes it with automatic numbering: each part's “一、” and each section's
    “（一）” taken out of the text and given by a two-level list (on the paragraph, or on heading styles linked to
    the list's levels); `bullet_line`: that line also gets a bullet (a symbol, not text)."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = _lvl(0, "chineseCounting", "%1、", style="Heading1" if by_style else None)
    levels += _lvl(1, "chineseCounting", "（%2）", style="Heading2" if by_style else None)
    numbering.append(parse_xml(f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="90">{levels}</w:abstractNum>'))
    bullet = _lvl(0, "bullet", "\uf0b7")
    numbering.append(parse_xml(f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="91">{bullet}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num xmlns:w="{W}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(parse_xml(f'<w:num xmlns:w="{W}" w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))
    if by_style:
        for style_id in ("Heading1", "Heading2"):
            ppr = document.styles.element.xpath(f'w:style[@w:styleId="{style_id}"]')[0].get_or_add_pPr()
            ppr.append(parse_xml(f'<w:numPr xmlns:w="{W}"><w:numId w:val="90"/></w:numPr>'))
    for n, line in enumerate(lines):
        level, text = None, line
        if PART.match(line):
            level, text = 0, PART.sub("", line)
        elif SECTION.match(line):
            level, text = 1, SECTION.sub("", line)
        paragraph = document.add_paragraph(text)
        ppr = paragraph._p.get_or_add_pPr()
        if level is not None and by_style:
            paragraph.style = document.styles["Heading 1" if level == 0 else "Heading 2"]
        elif level is not None:
            ppr.append(parse_xml(f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
        elif n == bullet_line:
            ppr.append(parse_xml(f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="0"/><w:numId w:val="91"/></w:numPr>'))
    document.save(path)
    return path


@pytest.mark.parametrize("by_style", [False, True], ids=["on-the-paragraphs", "by-heading-styles"])
def test_a_speech_numbered_by_word_reads_as_the_same_speech_typed(tmp_path, by_style):
    path = numbered_docx(tmp_path / "auto.docx", speechfiles.LINES, by_style=by_style, bullet_line=5)
    got = received.read_docx(path.read_bytes(), "auto.docx")
    assert got.text == speechfiles.TEXT  # the bullet on the opening line is no text


@pytest.fixture
def project(tmp_path):
    from conftest import copy_sources

    return copy_sources(tmp_path / "project")


def test_the_import_finds_the_parts_and_sections_word_numbers(project, tmp_path):
    auto = importer.plan(project, numbered_docx(tmp_path / "auto.docx", speechfiles.LINES), "auto")
    typed = importer.plan(project, speechfiles.write_txt(tmp_path / "typed.txt"), "typed")
    shape = [(p.title, [s.title for s in p.sections]) for p in typed.found.speech.parts]
    assert [(p.title, [s.title for s in p.sections]) for p in auto.found.speech.parts] == shape
    assert len(shape) == 3 and all(sections for _, sections in shape)


@given(st.integers(min_value=1, max_value=9999))
def test_chinese_counting_is_the_site_s_own_numerals(n):
    assert number(n, "chineseCounting") == chinese(n)


def test_the_formats_a_speech_uses():
    assert [number(n, "ideographTraditional") for n in (1, 2, 10)] == ["甲", "乙", "癸"]
    assert number(1994, "upperRoman") == "MCMXCIV" and number(4, "lowerRoman") == "iv"
    assert [number(n, "upperLetter") for n in (1, 26, 27)] == ["A", "Z", "AA"]
    assert number(12, "decimalFullWidth") == "１２" and number(3, "decimalEnclosedCircle") == "③"
    assert number(7, "decimalZero") == "07"
    with pytest.raises(UnknownFormat):  # what Word shows in it is not known: never guessed as digits
        number(7, "somethingNew")


def test_lists_on_one_definition_count_on_unless_one_restarts_and_a_level_restarts_those_below(tmp_path):
    from lxml import etree

    from speech_study.wordnumbers import Numbering

    levels = _lvl(0, "chineseCounting", "%1、") + _lvl(1, "decimal", "%1.%2") + _lvl(2, "none", "")
    numbering = etree.fromstring(
        f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="1">{levels}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="1"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        "</w:numbering>"
    )
    counter = Numbering.of(numbering, None)

    def p(num: str, ilvl: int) -> str:
        ppr = f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>'
        return counter.label(etree.fromstring(f'<w:p xmlns:w="{W}">{ppr}</w:p>'))

    said = [p("1", 0), p("1", 1), p("1", 1), p("2", 0), p("2", 1), p("1", 2), p("3", 0), p("3", 0), p("0", 0)]
    assert said == [
        "一、",
        "一.1",
        "一.2",
        "二、",
        "二.1",
        "",
        "一、",
        "二、",
        "",
    ]  # (no isLgl: each level its own format)


def test_a_list_linked_to_a_numbering_style_takes_that_style_s_levels():
    """Word's built-in multilevel lists keep their levels with a numbering style: the list a paragraph names has
    none of its own (numStyleLink), the style names the list that has them (styleLink)."""
    from lxml import etree

    from speech_study.wordnumbers import Numbering

    levels = _lvl(0, "chineseCounting", "%1、") + _lvl(1, "chineseCounting", "（%2）")
    numbering = etree.fromstring(
        f'<w:numbering xmlns:w="{W}">'
        '<w:abstractNum w:abstractNumId="5"><w:numStyleLink w:val="GongWen"/></w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="7"><w:styleLink w:val="GongWen"/>{levels}</w:abstractNum>'
        '<w:num w:numId="5"><w:abstractNumId w:val="5"/></w:num>'
        '<w:num w:numId="6"><w:abstractNumId w:val="7"/></w:num>'
        "</w:numbering>"
    )
    styles = etree.fromstring(
        f'<w:styles xmlns:w="{W}"><w:style w:type="numbering" w:styleId="GongWen">'
        '<w:pPr><w:numPr><w:numId w:val="6"/></w:numPr></w:pPr></w:style>'
        # a style that loops on itself leads nowhere, and numbers nothing
        '<w:style w:type="paragraph" w:styleId="Loop"><w:basedOn w:val="Loop"/></w:style></w:styles>'
    )
    counter = Numbering.of(numbering, styles)

    def p(ilvl: int, num: str = "5", style: str = "") -> str:
        pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
        ppr = f'<w:pPr>{pstyle}<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>'
        return counter.label(etree.fromstring(f'<w:p xmlns:w="{W}">{ppr}</w:p>'))

    looped = counter.label(etree.fromstring(f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="Loop"/></w:pPr></w:p>'))
    assert [p(0), p(1), p(1), p(0), p(1, "6")] == ["一、", "（一）", "（二）", "二、", "（一）"] and looped == ""


@pytest.mark.parametrize(
    ("restart", "said"), [(None, ["（一）", "（一）"]), (0, ["（一）", "（二）"]), (1, ["（一）", "（一）"])]
)
def test_a_level_numbered_on_across_the_levels_above_it_when_its_restart_says_so(restart, said):
    from lxml import etree

    from speech_study.wordnumbers import Numbering

    levels = _lvl(0, "chineseCounting", "%1、") + _lvl(1, "chineseCounting", "（%2）", restart=restart)
    counter = Numbering.of(
        etree.fromstring(
            f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="1">{levels}</w:abstractNum>'
            '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
        ),
        None,
    )

    def p(ilvl: int) -> str:
        ppr = f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        return counter.label(etree.fromstring(f'<w:p xmlns:w="{W}">{ppr}</w:p>'))

    assert [p(0), p(1), p(0), p(1)] == ["一、", said[0], "二、", said[1]]


def _counter(levels: str):
    from lxml import etree

    from speech_study.wordnumbers import Numbering

    return Numbering.of(
        etree.fromstring(
            f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="1">{levels}</w:abstractNum>'
            '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
        ),
        None,
    )


def _para(ilvl: int = 0) -> object:
    from lxml import etree

    ppr = f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
    return etree.fromstring(f'<w:p xmlns:w="{W}">{ppr}</w:p>')


def test_a_hostile_start_or_level_text_makes_a_short_label_at_once():
    """Found by a reviewer: letters from a start of 2,147,483,000 made labels of millions of characters (12.8 GB
    for a 36 KB file). Word's bounds hold: a start of at most 32767, a level's text of at most 255 characters."""
    import time

    levels = (
        '<w:lvl w:ilvl="0"><w:start w:val="2147483000"/><w:numFmt w:val="upperLetter"/>'
        f'<w:lvlText w:val="{"%1" * 9 + "x" * 100_000}"/></w:lvl>'
    )
    counter = _counter(levels)
    started = time.perf_counter()
    labels = [counter.label(_para()) for _ in range(1000)]
    assert time.perf_counter() - started < 1 and max(map(len, labels)) <= 255 + 9 * 8


@pytest.mark.parametrize(
    ("fmt", "numbers"),
    [
        ("chineseLegalSimplified", ["壹", "玖", "壹拾", "壹拾壹", "贰拾"]),
        ("ideographLegalTraditional", ["壹", "玖", "壹拾", "壹拾壹", "貳拾"]),
        ("ideographDigital", ["一", "九", "一〇", "一一", "二〇"]),
        ("japaneseCounting", ["一", "九", "十", "十一", "二十"]),
        ("ideographEnclosedCircle", ["①", "⑨", "⑩", "⑪", "⑳"]),
    ],
)
def test_the_chinese_formats_word_offers(fmt, numbers):
    """Found by a reviewer: 壹贰叁 were written 一二三, and four other formats in digits (a speech whose parts
    Word numbered 九、 in them lost its parts)."""
    assert [number(n, fmt) for n in (1, 9, 10, 11, 20)] == numbers


@pytest.mark.parametrize(
    ("text", "suff", "said"),
    [
        ("%1.", None, ["1. 2024年工作很好。", "2. 5G基站建设。"]),
        ("%1.", "nothing", ["1.2024年工作很好。", "2.5G基站建设。"]),  # as Word shows them then
        ("%1、", None, ["一、2024年工作很好。", "二、5G基站建设。"]),
    ],
)
def test_a_number_and_its_text_do_not_run_together_where_word_puts_a_gap(text, suff, said):
    """Found by a reviewer: “2.” before “5G基站建设。” read “2.5G基站建设。”."""
    fmt = "chineseCounting" if "、" in text else "decimal"
    gap = f'<w:suff w:val="{suff}"/>' if suff else ""
    counter = _counter(
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>{gap}</w:lvl>'
    )
    paragraphs = ["2024年工作很好。", "5G基站建设。"]
    assert [counter.label(_para(), t) + t for t in paragraphs] == said


def test_a_part_deleted_with_tracked_changes_is_not_counted_and_one_in_a_table_is(tmp_path):
    """Found by a reviewer: a numbered part deleted with tracked changes (its paragraph mark too) was still counted
    (一、… 三、…, and the import refused a 三 the user never sees); a numbered paragraph in a table counts, as in
    Word."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="90">{_lvl(0, "chineseCounting", "%1、")}</w:abstractNum>'
        )
    )
    numbering.append(parse_xml(f'<w:num xmlns:w="{W}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    numpr = f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'

    def numbered(text: str, deleted: bool = False):
        paragraph = document.add_paragraph()
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(parse_xml(numpr))
        if deleted:
            mark = f'<w:del xmlns:w="{W}" w:id="9" w:author="审稿人" w:date="2024-03-01T00:00:00Z"/>'
            ppr.append(parse_xml(f'<w:rPr xmlns:w="{W}">{mark}</w:rPr>'))
            paragraph._p.append(
                parse_xml(
                    f'<w:del xmlns:w="{W}" w:id="8" w:author="审稿人" w:date="2024-03-01T00:00:00Z">'
                    f"<w:r><w:delText>{text}</w:delText></w:r></w:del>"
                )
            )
        else:
            paragraph.add_run(text)

    numbered("甲")
    numbered("乙", deleted=True)
    numbered("丙")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).paragraphs[0]._p.get_or_add_pPr().append(parse_xml(numpr))
    table.cell(0, 0).paragraphs[0].add_run("表里的一项")
    numbered("丁")
    document.save(tmp_path / "t.docx")
    got = received.read_docx((tmp_path / "t.docx").read_bytes(), "t.docx")
    assert [line for line in got.text.split("\n") if line.strip()] == ["一、甲", "二、丙", "四、丁"]


@given(st.integers(min_value=1, max_value=999))
def test_libreoffice_s_chinese_numbering_is_the_site_s_numerals(n):
    """LibreOffice saves a list numbered 一、二、三 in the format taiwaneseCountingThousand; it was read as 1, 2, 3
    (found by a tester: a .docx resaved by LibreOffice lost every （一） of its sections, without a word)."""
    assert number(n, "taiwaneseCountingThousand") == chinese(n)


@pytest.mark.parametrize("fmt", ["koreanCounting", "japaneseLegal", "aiueo", "hebrew1", "cardinalText"])
def test_a_list_in_a_format_the_reader_cannot_write_is_refused_at_its_paragraph(tmp_path, fmt):
    """A section numbered （%2） in Korean counting showed “（일）” in Word and was read as “（1）”: now one line names
    the paragraph and the format."""
    path = numbered_docx(tmp_path / "auto.docx", speechfiles.LINES)
    with zipfile.ZipFile(path) as z:
        parts = {i: z.read(i) for i in z.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts.items():
            if info.filename == "word/numbering.xml":  # the sections' level only
                data = data.replace(
                    b'w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>',
                    (f'w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'.encode()),
                )
            z.writestr(info, data)
    first_section = next(n for n, line in enumerate(speechfiles.LINES, 1) if SECTION.match(line))
    with pytest.raises(ContentError) as refused:
        received.read_docx(path.read_bytes(), "auto.docx")
    assert str(refused.value).startswith(f"auto.docx，第{first_section}行：这一段的自动编号是 Word 的“{fmt}”格式")


def test_a_heading_folded_with_shift_enter_is_one_heading_and_a_page_break_no_line(tmp_path):
    """Found by a tester: “一、充分认识发展数字经济⏎的重大意义” (Shift+Enter) was read as the heading
    “一、充分认识发展数字经济” and a paragraph “的重大意义”; a page break at the start of a numbered section put
    its “（二）” on a line of its own (the section merged into the one before, without a word)."""
    lines = list(speechfiles.LINES)
    part = next(n for n, line in enumerate(lines) if PART.match(line))
    head, tail = lines[part][:-3], lines[part][-3:]
    path = numbered_docx(tmp_path / "auto.docx", lines)
    with zipfile.ZipFile(path) as z:
        parts = {i: z.read(i) for i in z.infolist()}
    body = parts_named(parts, "word/document.xml").decode()
    heading = PART.sub("", head)
    assert body.count(f"<w:t>{heading}{tail}</w:t>") == 1
    body = body.replace(f"<w:t>{heading}{tail}</w:t>", f"<w:t>{heading}</w:t><w:br/><w:t>{tail}</w:t>")
    second = next(line for line in lines if line.startswith("（二）"))
    body = body.replace(
        f"<w:r><w:t>{SECTION.sub('', second)}", f'<w:r><w:br w:type="page"/><w:t>{SECTION.sub("", second)}'
    )
    assert '<w:br w:type="page"/>' in body
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts.items():
            z.writestr(info, body.encode() if info.filename == "word/document.xml" else data)
    got = received.read_docx(path.read_bytes(), "auto.docx")
    assert got.text == speechfiles.TEXT
    assert got.joined == [(part + 1, lines[part])]


def parts_named(parts: dict, name: str) -> bytes:
    return next(data for info, data in parts.items() if info.filename == name)
