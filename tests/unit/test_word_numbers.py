"""Word's automatic numbering read as the reader sees it (wordnumbers.py, received.py).

Found by a tester: a speech whose parts Word numbers itself (a list “%1、” in Chinese counting) was refused as
having no part headings, and one whose sections Word numbers (“（%2）”) imported with every （一）（二） gone and
its sections read as paragraphs. The oracle: the same speech with its numbers typed reads the same."""

from __future__ import annotations

import re

import pytest
import speechfiles
from hypothesis import given
from hypothesis import strategies as st

from speech_study import importer, received
from speech_study.counts import chinese
from speech_study.wordnumbers import number

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
    assert number(7, "decimalZero") == "07" and number(7, "somethingNew") == "7"


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
