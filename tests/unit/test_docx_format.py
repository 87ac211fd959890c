"""render/docx_format.py's API: blocks in, .docx bytes out, every allowed character read back as it was written.

The format module is the only code that writes the Word files; these tests read
its output back with python-docx (and as a zip), never through the module.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from speech_study import characters
from speech_study.render.docx_blocks import BLANK_MARK, Block, Metadata
from speech_study.render.docx_format import STYLES, Writer

WRITER = Writer()  # one per build, as render/word.py makes it: here one for the module
META = Metadata("《标题》学习自测", "作者", "作者声明")
KINDS = ("", "hei", "kai", "sup", "blank")
XML_SPECIAL = "<>&\"'"
# characters XML 1.0 cannot hold at all: lxml refuses them, so no document is written with them
XML_ILLEGAL = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))]

# every character the project's readers let into a text (characters.py), but CR (allowed only before LF, and
# gone once a text is split into lines); Hypothesis draws XML's special characters, tab and line feed often
allowed = st.characters(codec=None).filter(lambda ch: ch != "\r" and characters.allowed(ch))
texts = st.text(st.one_of(allowed, st.sampled_from([*XML_SPECIAL, "\t", "\n", "\u3000", BLANK_MARK])), max_size=30)


def read(data: bytes):
    return Document(io.BytesIO(data))


def written(blocks: list[Block], notice: str = "声明", meta: Metadata = META) -> bytes:
    return WRITER.document(blocks, notice, meta)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.tuples(texts, st.sampled_from(KINDS)), max_size=4), min_size=1, max_size=3))
def test_every_allowed_character_reads_back_as_written(paragraphs):
    styles = sorted(STYLES)
    blocks = [Block(styles[i % len(styles)], runs) for i, runs in enumerate(paragraphs)]
    doc = read(written(blocks))
    assert [p.text for p in doc.paragraphs] == ["".join(t for t, _ in runs) for runs in paragraphs]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, texts, texts, texts)
def test_notice_properties_and_table_cells_read_back_as_written(notice, title, author, cell):
    meta = Metadata(title, author, notice)
    doc = read(written([Block("答案", rows=[["题", "答案"], ["1", cell]])], notice, meta))
    assert doc.sections[0].header.paragraphs[0].text == notice
    assert doc.sections[0].even_page_header.paragraphs[0].text == notice
    props = doc.core_properties
    assert (props.title, props.author, props.last_modified_by, props.comments) == (title, author, author, notice)
    assert doc.tables[0].rows[1].cells[1].text == cell


@pytest.mark.parametrize("ch", XML_SPECIAL)
def test_xml_special_characters_are_escaped_in_the_file(ch):
    data = written([Block.text("Normal", f"甲{ch}乙")], notice=f"声明{ch}")
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert read(data).paragraphs[0].text == f"甲{ch}乙"
    if ch in "<&":  # the two an XML text can never hold as they are
        assert f"甲{ch}乙" not in body


@pytest.mark.parametrize("ch", XML_ILLEGAL, ids=[f"U+{ord(c):04X}" for c in XML_ILLEGAL])
def test_a_character_xml_cannot_hold_writes_no_document(ch):
    """The project's readers refuse these first (characters.py); the format never writes a broken file of them."""
    assert not characters.allowed(ch) or ch in "\t\n"
    with pytest.raises(ValueError):
        written([Block.text("Normal", f"甲{ch}乙")])


def test_the_same_blocks_give_the_same_bytes_from_any_writer():
    blocks = [
        Block.text("讲话标题", "标题"),
        Block("Normal", [("正文", ""), ("1", "sup"), ("黑体", "hei"), (BLANK_MARK * 5, "blank")]),
        Block.text("材料名称", "学习自测答案", new_odd_page=True),
        Block("答案", rows=[["题", "答案", "见"], ["1", "答案", "第一部分"]]),
    ]
    first = written(blocks)
    assert written(blocks) == first
    assert Writer().document(blocks, "声明", META) == first
    entries = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert entries and {e.date_time for e in entries} == {(1980, 1, 1, 0, 0, 0)}


def test_run_kinds_set_their_fonts_and_a_new_odd_page_starts_a_section():
    from docx.enum.section import WD_SECTION
    from docx.oxml.ns import qn

    runs = [("甲", ""), ("乙", "hei"), ("丙", "kai"), ("1", "sup")]
    doc = read(written([Block("Normal", runs), Block.text("材料名称", "答案", new_odd_page=True)]))
    made = doc.paragraphs[0].runs
    fonts = [r._r.rPr.find(qn("w:rFonts")) if r._r.rPr is not None else None for r in made]
    assert fonts[0] is None and made[3].font.superscript
    assert fonts[1].get(qn("w:eastAsia")) == "黑体" and fonts[2].get(qn("w:eastAsia")) == "楷体"
    assert [s.start_type for s in doc.sections][1:] == [WD_SECTION.ODD_PAGE]


def test_the_zip_holds_what_python_docx_itself_saves_each_part_once():
    """zip_package writes the package with python-docx's own part writer (each part compressed once):
    the same members, in the same order, with the same contents as python-docx's save."""
    from speech_study.render.docx_format import zip_package

    doc = read(written([Block.text("Normal", "党的建设"), Block.text("材料名称", "答案", new_odd_page=True)]))
    saved = io.BytesIO()
    doc.save(saved)
    theirs, ours = zipfile.ZipFile(saved), zipfile.ZipFile(io.BytesIO(zip_package(doc)))
    assert [i.filename for i in ours.infolist()] == [i.filename for i in theirs.infolist()]
    for name in theirs.namelist():
        assert ours.read(name) == theirs.read(name), name
    assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in ours.infolist())


@given(
    st.sampled_from(sorted(STYLES)),
    st.lists(st.tuples(texts, st.sampled_from(KINDS)), max_size=3),
    st.booleans(),
    st.lists(st.lists(texts, max_size=3), max_size=2),
)
def test_a_blocks_plain_form_is_all_its_fields_as_asdict_gives_them(style, runs, new_odd_page, rows):
    """The build cache keys a Word file on `Block.plain()`: a field it left out would let a changed file be reused."""
    import dataclasses
    import json

    block = Block(style, runs, new_odd_page=new_odd_page, rows=rows)
    assert json.dumps(block.plain(), sort_keys=True) == json.dumps(dataclasses.asdict(block), sort_keys=True)
    assert set(block.plain()) == {f.name for f in dataclasses.fields(Block)}


@given(
    st.lists(
        st.tuples(
            st.text(st.characters(codec="utf-8", exclude_characters="\x00/\\"), min_size=1, max_size=12),
            st.binary(max_size=300),
        ),
        max_size=6,
        unique_by=lambda e: e[0],
    ),
    st.booleans(),
)
def test_the_zip_writer_writes_what_zipfile_writes(entries, reuse):
    """Zip: byte for byte what zipfile's writestr gives (entries dated ZIP_EPOCH, deflated), with or without
    parts deflated beforehand."""
    from speech_study.render.docx_format import ZIP_EPOCH, Zip, _deflated_parts

    theirs = io.BytesIO()
    with zipfile.ZipFile(theirs, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in entries:
            z.writestr(zipfile.ZipInfo(name, date_time=ZIP_EPOCH), blob, compress_type=zipfile.ZIP_DEFLATED)
    ours = Zip(_deflated_parts(theirs.getvalue()) if reuse else None)
    for name, blob in entries:
        ours.add(name, blob)
    assert ours.close() == theirs.getvalue()


TEMPLATE = WRITER._template  # the blank document (every Writer makes the same, but for its zip's dates)


def _made_afresh(blocks: list[Block], notice: str, meta: Metadata) -> bytes:
    """The reference: the blank document opened and framed for this document alone (no copy, nothing shared)."""
    from speech_study.render import docx_format

    doc = Document(io.BytesIO(TEMPLATE))
    docx_format._page(doc.sections[0])
    docx_format._margins(doc.sections[0], notice)
    return docx_format._build(blocks, doc, {}, meta)


blocks_ = st.lists(
    st.one_of(
        st.builds(
            Block,
            st.sampled_from(sorted(STYLES)),
            st.lists(st.tuples(texts, st.sampled_from(KINDS)), max_size=3),
            st.booleans(),
        ),
        st.builds(
            lambda style, cells: Block(style, rows=cells),
            st.sampled_from(sorted(STYLES)),
            st.integers(2, 3).flatmap(lambda n: st.lists(st.lists(texts, min_size=n, max_size=n), min_size=1)),
        ),
    ),
    min_size=1,
    max_size=5,
)


notices = st.one_of(st.sampled_from(["声明甲", "声明乙"]), texts)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(st.tuples(blocks_, notices, texts, texts), min_size=1, max_size=4))
def test_documents_from_one_writer_are_those_made_afresh_one_by_one(documents):
    """A Writer writes each document's text, properties and notice as XML into parts python-docx made once, and
    shares the rest between its documents: whatever came before, each document's bytes are the ones python-docx
    makes from the blank document afresh, element by element (a part changed by one document would show in the
    next; an escape, a space kept, a tab, a section break or a table cell written otherwise would show here)."""
    for blocks, notice, title, author in documents:  # WRITER: the module's, whatever it made before
        meta = Metadata(title, author, notice)
        assert WRITER.document(blocks, notice, meta) == _made_afresh(blocks, notice, meta)


def _outcome(make) -> object:
    try:
        return make()
    except Exception as exc:  # refused: the same error, with the same message
        return type(exc), str(exc)


# any code point (controls, lone surrogates, U+FFFE, …), and often what XML escapes, white space and what XML refuses
SPECIAL = [*XML_SPECIAL, "\r", "\n", "\t", " ", "\u3000", "\ue000"]  # (U+E000: the writer's own token)
anything = st.text(st.one_of(st.characters(), st.sampled_from([*SPECIAL, "\x01", "\ufffe"])), max_size=8)
# any text XML can hold (what the writer writes itself, not left to python-docx)
holdable = st.text(
    st.one_of(
        st.characters(exclude_categories=["Cs"], exclude_characters=[*XML_ILLEGAL, "\ufffe", "\uffff"]),
        st.characters(min_codepoint=0x7F, max_codepoint=0x9F),  # C1 controls: XML holds them, lxml writes them as is
        st.sampled_from(SPECIAL),
    ),
    max_size=8,
)
long_text = st.text(st.sampled_from("甲 \t"), min_size=250, max_size=260)  # python-docx's 255 for a property


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(([("Normal", "\u3000甲\r乙 ", "kai", True)], [["\t", " x"], ["&", "<\n"]], "声明\r", "\r题", "<\r>"))
@given(
    st.sampled_from([holdable, anything]).flatmap(
        lambda text: st.tuples(
            st.lists(
                st.tuples(st.sampled_from(sorted(STYLES)), text, st.sampled_from(KINDS), st.booleans()), max_size=3
            ),
            # a table's rows: mostly as the answer key has them, sometimes of one column or of different lengths
            st.sampled_from([2, 2, 3, 3, 1, 0]).flatmap(
                lambda n: st.lists(st.lists(text, min_size=n or 1, max_size=n or 3), max_size=2)
            ),
            text,
            st.one_of(text, long_text),
            st.one_of(text, long_text),
        )
    )
)
def test_any_text_gives_the_bytes_or_the_refusal_python_docx_gives(drawn):
    """Any text at all (not only what the readers let in): a document the writer writes as XML is python-docx's,
    byte for byte; one it cannot hold (a character XML refuses, a property over 255 characters, a table of one
    column or of rows of different lengths) is refused as python-docx refuses it. Half the examples hold only
    what XML can: a character XML refuses anywhere sends the whole document to python-docx."""
    paragraphs, rows, notice, title, comments = drawn
    blocks = [Block(style, [(text, kind)], new_odd_page=odd) for style, text, kind, odd in paragraphs]
    if rows:
        blocks.append(Block("答案", rows=rows))
    meta = Metadata(title, "作者", comments)
    assert _outcome(lambda: WRITER.document(blocks, notice, meta)) == _outcome(
        lambda: _made_afresh(blocks, notice, meta)
    )


def test_the_writer_writes_the_documents_text_as_xml_not_with_python_docx(monkeypatch):
    """The equality above proves something only if the XML writer made the bytes: with python-docx's element by
    element build taken away, a document of every kind of block is still written; one the XML writer leaves to
    python-docx (a character XML cannot hold) then reaches it."""
    from speech_study.render import docx_format

    def refused(*args, **kwargs):
        raise AssertionError("made by python-docx")

    monkeypatch.setattr(docx_format, "_build", refused)
    writer = Writer()
    blocks = [
        Block.text("讲话标题", "标题"),
        Block("Normal", [(" 正文 ", ""), ("1", "sup"), ("黑\t体", "hei"), ("楷\n体", "kai"), (BLANK_MARK, "blank")]),
        Block.text("材料名称", "答案", new_odd_page=True),
        Block("答案", rows=[["题", "答案", "见"], ["1", "x&y", ""]]),
    ]
    for notice in ("声明甲", "声明乙", "声明甲"):
        assert read(writer.document(blocks, notice, META)).paragraphs[0].text == "标题"
    with pytest.raises(AssertionError, match="python-docx"):
        writer.document([Block.text("Normal", "甲\x01乙")], "声明", META)


@given(st.text())
def test_a_text_run_is_the_run_python_docx_adds(text):
    """_text_run puts text with no tab or line break in at once: the same XML as paragraph.add_run, for any text
    (spaces at either end, tabs, line breaks, astral characters)."""
    from docx import Document
    from lxml import etree

    from speech_study.render.docx_format import _text_run

    def made(add) -> object:
        paragraph = Document().add_paragraph()
        try:
            add(paragraph)
        except ValueError as exc:  # a control character XML cannot hold: refused the same way
            return str(exc)
        return etree.tostring(paragraph._p)

    assert made(lambda p: _text_run(p, text)) == made(lambda p: p.add_run(text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(blocks_, texts)
def test_a_paragraph_is_the_paragraph_python_docx_adds(blocks, title):
    """_paragraph makes a block's paragraph at once: any document (every style, tables, new odd-page sections
    between) is the same bytes as with python-docx's doc.add_paragraph(style=…)."""
    from speech_study.render import docx_format

    meta = Metadata(title, "作者", "声明")
    ours = _made_afresh(blocks, "声明", meta)
    real = docx_format._paragraph
    docx_format._paragraph = lambda doc, style: doc.add_paragraph(style=style)
    try:
        theirs = _made_afresh(blocks, "声明", meta)
    finally:
        docx_format._paragraph = real
    assert ours == theirs


def _holdable_chunks(size: int = 4096) -> list[str]:
    """Every code point XML 1.0 can hold, in chunks."""
    points = [
        c for c in range(0x110000) if not (0xD800 <= c <= 0xDFFF or c in (0xFFFE, 0xFFFF)) and chr(c) not in XML_ILLEGAL
    ]
    return ["".join(map(chr, points[k : k + size])) for k in range(0, len(points), size)]


def test_text_and_attributes_are_escaped_as_lxml_escapes_them_for_every_code_point():
    """The XML writer escapes text and attribute values itself (`_escaped`, `_attribute`): for every code point XML
    can hold, what lxml writes (python-docx's serialiser); every other one lxml refuses, and `NOT_XML` sends it to
    python-docx (a newer libxml2 escaping otherwise would fail here, not in a reader's Word file)."""
    from lxml import etree

    from speech_study.render.docx_format import NOT_XML, _attribute, _escaped

    for chunk in _holdable_chunks():
        element = etree.Element("t", a=chunk)
        element.text = chunk
        written = etree.tostring(element, encoding="unicode")
        assert written == f'<t a="{_attribute(chunk)}">{_escaped(chunk)}</t>'
        assert NOT_XML.search(chunk) is None
    refused = [chr(c) for c in (*range(0xD800, 0xE000), 0xFFFE, 0xFFFF)] + XML_ILLEGAL
    for ch in refused:
        assert NOT_XML.search(ch)
        with pytest.raises(ValueError):
            etree.Element("t").text = ch


def test_the_file_states_nothing_about_itself_it_was_not_made_with():
    """python-docx's template carried its own extended properties (应用程序 Microsoft Macintosh Word, 1 page, 0
    words, which Word and WPS show under 属性) and a thumbnail picture of another document: neither is in the file.
    Every part the package lists is in the zip, and every part in the zip is listed."""
    import posixpath
    import re

    data = written([Block.text("Normal", "正文")])
    z = zipfile.ZipFile(io.BytesIO(data))
    names = set(z.namelist())
    assert not {n for n in names if n.startswith("docProps/") and n != "docProps/core.xml"}, sorted(names)
    assert not {n for n in names if n.startswith("customXml/")}, sorted(names)  # the template's bibliography
    listed = {m.lstrip("/") for m in re.findall(r'PartName="([^"]+)"', z.read("[Content_Types].xml").decode())}
    assert listed <= names and "docProps/core.xml" in listed
    for rels in (n for n in names if n.endswith(".rels")):
        folder = posixpath.dirname(posixpath.dirname(rels))
        for target, mode in re.findall(r'Target="([^"]+)"(?: TargetMode="(\w+)")?', z.read(rels).decode()):
            if mode != "External":
                path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                assert posixpath.normpath(path) in names, (rels, target)
    parts = {n for n in names if not n.endswith(".rels") and n != "[Content_Types].xml"}
    defaults = re.findall(r'Default Extension="(\w+)"', z.read("[Content_Types].xml").decode())
    assert {p for p in parts if p not in listed and p.rsplit(".", 1)[-1] not in defaults} == set()
