"""The handouts' .docx format: page, grid, styles, page-number field, properties and the zip, from blocks to bytes.

Laid out as the print stylesheet lays out paper (GB/T 9704—2012): A4,
margins 37 / 26 / 35 / 28 mm (type area 156 × 225 mm); body 仿宋 三号 on a
document grid of 22 lines of 28 characters; 一、 headings in 黑体, （一） in
楷体, the title in 小标宋 二号; page numbers “— n —” in 宋体 四号, odd pages
right and even pages left, one character in; the author's notice in the
header of every page.

It knows nothing of the project. Its API, all render/word.py (the walk over
a speech that decides what goes in a document) uses:

- `Block`: one paragraph in one of the `StyleName`s, its text in runs of a
  `RunKind` (黑体, 楷体, a superscript note number, a blank to fill in), or
  a table; `new_odd_page` starts it on a new right-hand page;
- `Metadata`: the title, author and comment Word shows under 文件 › 信息;
- `Writer().document(blocks, notice, meta)`: the .docx bytes, `notice` at
  the head of every page. One `Writer` makes all the documents of a build:
  python-docx makes the blank document with the styles, page, headers and
  footers once, and each document's text, properties and notice are written
  into it as XML (`_Frame`), byte for byte what python-docx makes element by
  element (`Writer.reference`, `_build`; tests/unit/test_docx_format.py), for
  every input of the declared types.

The same blocks always give the same bytes (`zip_package`: no time in the
zip). Text is escaped as lxml escapes it when python-docx writes it (the XML
writer's `_escaped` and `_attribute` are held equal to lxml on every code
point): every character the project's readers allow (characters.py) reads
back from the file as it was written, a tab as a tab and a line feed as a
line break.
"""

from __future__ import annotations

import copy
import io
import re
import struct
import zipfile
import zlib
from collections import ChainMap
from collections.abc import Callable, MutableMapping
from typing import TYPE_CHECKING, Any, cast

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .docx_blocks import PROPERTY_CHARS, Block, Metadata, RunKind, StyleName

if TYPE_CHECKING:
    from docx.opc.phys_pkg import PhysPkgWriter

FANGSONG, HEITI, KAITI, SONGTI = "仿宋", "黑体", "楷体", "宋体"
TITLE_FONT = "方正小标宋简体"
# 三号 is 16 pt; Word stores sizes in half points, and 15.5 pt is the largest at which 28 characters
# fit the 156 mm line in Word and in LibreOffice (which gives a larger character two grid cells).
# The print stylesheet does the same with 15.75 pt.
BODY_PT = 15.5
TITLE_PT = 22  # 二号
NUMBER_PT = 14  # 四号
NOTE_PT = 12  # 小四: the editorial notes at the end
GLOSSARY_PT = 11  # the 术语表's entries, as print.css sets them: 36 entries on four pages
GRID_LINES, GRID_CHARS = 22, 28  # the 公文 grid: lines a page, characters a line (来源与说明 says so)
LINE_PITCH = int(225 / 25.4 * 1440 / GRID_LINES)  # twips, rounded down so 22 lines fit 225 mm: 579
TYPE_WIDTH_PT = 156 / 25.4 * 72
# the grid's character pitch is set relative to the body size, in 1/4096 pt: 28 characters in 156 mm
CHAR_SPACE = round((TYPE_WIDTH_PT / GRID_CHARS - BODY_PT) * 4096)

# python-docx's objects for XML elements carry no types: Element stands for them
Element = Any
# (style name, style type) -> style id, as python-docx looks it up: shared by the documents of a build
StyleIds = dict[tuple[str, WD_STYLE_TYPE], str | None]

# style name -> (font, size, alignment, first-line indent in characters, outline level)
STYLES: dict[StyleName, tuple[str, float, WD_ALIGN_PARAGRAPH, int, int | None]] = {
    "Normal": (FANGSONG, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, 2, None),
    "讲话标题": (TITLE_FONT, TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER, 0, None),
    "材料名称": (HEITI, BODY_PT, WD_ALIGN_PARAGRAPH.CENTER, 0, None),
    "Heading 1": (HEITI, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, 2, 0),
    "Heading 2": (KAITI, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, 2, 1),
    "顶格正文": (FANGSONG, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, 0, None),
    "讲话引文": (KAITI, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, 0, None),
    "校注": (FANGSONG, NOTE_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, 0, None),
    "页码": (SONGTI, NUMBER_PT, WD_ALIGN_PARAGRAPH.RIGHT, 0, None),
    "页眉": (KAITI, NOTE_PT, WD_ALIGN_PARAGRAPH.CENTER, 0, None),
    "答案": (FANGSONG, NOTE_PT, WD_ALIGN_PARAGRAPH.LEFT, 0, None),
    "术语条目": (FANGSONG, GLOSSARY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, 0, None),
    "术语说明": (FANGSONG, GLOSSARY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY, 2, None),
}


OFF_GRID: set[StyleName] = {"讲话标题", "校注", "页码", "页眉", "答案", "术语条目", "术语说明"}


class Writer:
    """Makes the documents of one build from one blank document (with the styles), sharing style look-ups."""

    def __init__(self) -> None:
        self._template = _blank()
        self._style_ids: StyleIds = {}
        self._deflated = _deflated_parts(self._template)
        # the last framed blank document (a notice's, or `_Frame`'s with its token), and its parts' XML as serialised
        # once (`zip_package`'s `shared`)
        self._framed: tuple[str, DocumentObject, dict[int, bytes | None]] | None = None
        self._frame: _Frame | None = None  # the documents written as text (made at the first)

    def document(self, blocks: list[Block], notice: str, meta: Metadata) -> bytes:
        """The .docx bytes of `blocks`, with `notice` at the head of every page and `meta` as its properties."""
        if self._frame is None:
            self._frame = _Frame(self)
        made = self._frame.document(blocks, notice, meta)
        return made if made is not None else self.reference(blocks, notice, meta)

    def reference(self, blocks: list[Block], notice: str, meta: Metadata) -> bytes:
        """`document` made by python-docx element by element (`_build`): what `_Frame` writes as text, byte for
        byte, and what makes the documents it does not write (they raise here as python-docx raises)."""
        framed, blobs = self._framed_copy(notice)
        return _build(blocks, framed, self._style_ids, meta, self._deflated, blobs)

    def _framed_copy(self, notice: str) -> tuple[DocumentObject, dict[int, bytes | None]]:
        """A copy of the blank document framed for `notice`, and its shared parts' XML (`zip_package`'s `shared`)."""
        if self._framed is None or self._framed[0] != notice:
            # a speech's documents come one after another: its page, headers and footers are set up once, and
            # each document starts from a copy of it
            framed = _framed(self._template, notice)
            mine = (framed.part, _core_part(framed))
            self._framed = (notice, framed, {id(p): None for p in framed.part.package.parts if p not in mine})
        _, framed, blobs = self._framed
        # the parts no document changes (styles, headers, footers, …) are shared by the copies, not copied: only
        # the document's own part (its text, its sections) and its properties are
        shared = {id(part): part for part in framed.part.package.parts if id(part) in blobs}
        return copy.deepcopy(framed, shared), blobs


# --- the documents' own XML, written as text ---------------------------------------------------------------------
#
# python-docx makes every paragraph and run an lxml element and serialises the whole document: at 1,000 speeches
# that was most of the Word files' time (25 s of CPU), and each new notice framed the blank document again. Only
# three things differ between documents: the text (word/document.xml), the properties (docProps/core.xml) and the
# notice (the headers). `_Frame` takes everything else from python-docx once per Writer, made with a token where
# these go (the parts and their order in the zip, the document's XML around its body, a section break's XML, a
# table's skeleton, the properties' and the headers' XML) and writes each document's own XML itself. Its
# reference is `_build`, python-docx for every element: tests/unit/test_docx_format.py holds the bytes equal for
# any blocks. What it does not write (a character XML cannot hold, a property longer than python-docx takes, a
# table of one column or of rows of different lengths) is made by `_build`, which refuses it as it always did.

# every character XML 1.0 can hold (lxml refuses the others): a text with any other is left to `_build`
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
BREAKS = re.compile("([\t\r\n])")  # what python-docx's run appender turns into <w:tab/> and <w:br/>
TOKEN = "\ue000"  # a private-use character, in what python-docx makes with tokens (never looked for in a text)


def _font_xml(font: str) -> str:
    return (
        f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}" w:hint="eastAsia"/>'
        "</w:rPr>"
    )


# a run's properties by its kind, as `_build` sets them (_fonts; python-docx's superscript)
RUN_PROPERTIES: dict[RunKind, str] = {
    "": "",
    "blank": "",
    "hei": _font_xml(HEITI),
    "kai": _font_xml(KAITI),
    "sup": '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>',
}


def _escaped(text: str) -> str:
    """Text as lxml writes it in an element (libxml2's escaping of content)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attribute(text: str) -> str:
    """An attribute's value as lxml writes it."""
    return _escaped(text).replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")


def _t_xml(text: str) -> str:
    """A <w:t> as python-docx's add_t makes it: space kept when the text starts or ends with white space."""
    start = '<w:t xml:space="preserve">' if len(text.strip()) < len(text) else "<w:t>"
    return start + _escaped(text) + "</w:t>"


def _run_xml(text: str, kind: RunKind) -> str:
    """A run as `_text_run` (python-docx's add_run) and `_build` make it: a tab a <w:tab/>, a line break a <w:br/>."""
    if "\t" in text or "\r" in text or "\n" in text:
        content = "".join(
            _t_xml(part) if part not in ("\t", "\r", "\n") else "<w:tab/>" if part == "\t" else "<w:br/>"
            for part in BREAKS.split(text)
            if part
        )
    else:
        content = _t_xml(text) if text else ""
    inner = RUN_PROPERTIES[kind] + content
    return f"<w:r>{inner}</w:r>" if inner else "<w:r/>"


def _p_xml(style_id: str | None, runs: list[tuple[str, RunKind]]) -> str:
    """A paragraph as `_paragraph` makes it (a style's id, none for the default style), then its runs."""
    head = "<w:p><w:pPr/>" if style_id is None else f'<w:p><w:pPr><w:pStyle w:val="{_attribute(style_id)}"/></w:pPr>'
    return head + "".join(_run_xml(text, kind) for text, kind in runs) + "</w:p>"


class _Frame:
    """The documents of one Writer, their text, properties and notice written as XML (the rest as python-docx made
    it, once: with a token for the notice, which only the headers hold)."""

    DOC, CORE = object(), object()  # the two parts each document writes whole, in `entries`

    def __init__(self, writer: Writer) -> None:
        self.writer = writer
        self.notice_token = _run_xml(TOKEN + "0", "")  # the notice's run in the headers, as `_margins` writes it
        framed, _ = writer._framed_copy(TOKEN + "0")
        _remember_style_ids(framed, writer._style_ids)  # its paragraphs' style ids, looked up once per name
        self.doc = framed
        # the zip's entries in zip_package's order: each document's own part, its properties, a part holding the
        # notice (its XML in pieces around it), or a part every document shares (its bytes, deflated once)
        self.entries: list[tuple[str, object]] = []
        document, core = framed.part.partname.membername, _core_part(framed).partname.membername
        for name, blob in _package_entries(framed):
            if name in (document, core):
                self.entries.append((name, self.DOC if name == document else self.CORE))
            elif TOKEN.encode("utf-8") in blob:
                pieces = blob.decode("utf-8").split(self.notice_token)
                assert TOKEN not in "".join(pieces), "notice: not where expected"
                self.entries.append((name, pieces))
            else:
                Zip(writer._deflated).keep(blob)
                self.entries.append((name, blob))
        self.notice = ""
        self.notice_parts: dict[str, bytes] = {}  # the last notice's parts: name -> bytes
        self.notice_deflated: dict[bytes, tuple[int, bytes]] = {}  # and their deflated bytes
        text = framed.part.blob.decode("utf-8")
        start, end = text.index("<w:body>") + len("<w:body>"), text.rindex("</w:body>")
        self.head, self.tail = text[:start], text[end:]
        self.sections: dict[int, tuple[list[str], str]] = {0: ([], text[start:end])}
        self.tables: dict[tuple[int, str], tuple[str, list[str]]] = {}  # (columns, style) -> `table`'s
        # the properties with a token in each field: title, author (twice), comments
        fields = (TOKEN + "1", TOKEN + "2", TOKEN + "3")
        copied, _ = writer._framed_copy(TOKEN + "0")
        _properties(copied, Metadata(*fields))
        self.core = re.split(f"({TOKEN}[123])", _core_part(copied).blob.decode("utf-8"))
        assert sorted(self.core[1::2]) == sorted([*fields, fields[1]]), "properties: a field not where expected"

    def notice_parts_for(self, notice: str) -> None:
        """The parts holding the notice (the headers: python-docx's run of its text), made for `notice` once while
        its documents come one after another."""
        if notice != self.notice or not self.notice_parts:
            run = _run_xml(notice, "")
            parts = {
                name: run.join(cast(list[str], pieces)).encode("utf-8")
                for name, pieces in self.entries
                if isinstance(pieces, list)
            }
            deflated: dict[bytes, tuple[int, bytes]] = {}
            for blob in parts.values():
                Zip(deflated).keep(blob)
            self.notice, self.notice_parts, self.notice_deflated = notice, parts, deflated

    def section_breaks(self, count: int) -> tuple[list[str], str]:
        """The XML of `count` odd-page section breaks (each a paragraph holding the section before it) and of the
        last section, as python-docx makes them (`_odd_page_section`)."""
        if count not in self.sections:
            doc, _ = self.writer._framed_copy(TOKEN + "0")
            for _ in range(count):
                _odd_page_section(doc)
            text = doc.part.blob.decode("utf-8")
            body = text[text.index("<w:body>") + len("<w:body>") : text.rindex("</w:body>")]
            *paragraphs, last = body.split("</w:p>")
            assert len(paragraphs) == count and all(p.startswith("<w:p>") for p in paragraphs), "section breaks"
            self.sections[count] = ([p + "</w:p>" for p in paragraphs], last)
        return self.sections[count]

    def table(self, style: str, columns: int) -> tuple[str, list[str]]:
        """A table's XML before its rows, and a row's XML around each cell's run (`_table`, python-docx's)."""
        key = (columns, style)
        if key not in self.tables:
            doc, _ = self.writer._framed_copy(TOKEN + "0")
            tokens = [f"{TOKEN}{c}{TOKEN}" for c in range(columns)]
            _table(doc, Block(cast(StyleName, style), rows=[tokens]))
            text = doc.part.blob.decode("utf-8")
            table = text[text.index("<w:tbl>") : text.index("</w:tbl>") + len("</w:tbl>")]
            head, row = table[: table.index("<w:tr>")], table[table.index("<w:tr>") : -len("</w:tbl>")]
            pieces = []  # the row's XML before the first cell's run, between each two, after the last
            for token in tokens:
                before, found, row = row.partition(_run_xml(token, ""))
                assert found, "table: a cell's run not where expected"
                pieces.append(before)
            pieces.append(row)
            self.tables[key] = (head, pieces)
        return self.tables[key]

    def document(self, blocks: list[Block], notice: str, meta: Metadata) -> bytes | None:
        """The .docx bytes, as `_build` makes them; None for what only `_build` may make (or refuse)."""
        fields = (meta.title, meta.author, meta.comments)
        if any(len(f) > PROPERTY_CHARS or NOT_XML.search(f) for f in fields) or NOT_XML.search(notice):
            return None
        breaks, last = self.section_breaks(sum(block.new_odd_page for block in blocks))
        body: list[str] = []
        made = 0
        for block in blocks:
            if block.new_odd_page:
                body.append(breaks[made])
                made += 1
            texts = [cell for row in block.rows for cell in row] if block.rows else [t for t, _ in block.runs]
            if any(NOT_XML.search(t) for t in texts):
                return None
            if block.rows:
                columns = len(block.rows[0])
                if columns < 2 or any(len(row) != columns for row in block.rows):
                    return None
                head, pieces = self.table(block.style, columns)
                body.append(head)
                for row in block.rows:
                    body.append(pieces[0])
                    for cell, after in zip(row, pieces[1:], strict=True):
                        body.append(_run_xml(cell, ""))
                        body.append(after)
                body.append("</w:tbl>")
                continue
            body.append(_p_xml(self.doc.part.get_style_id(block.style, WD_STYLE_TYPE.PARAGRAPH), block.runs))
        document = (self.head + "".join(body) + last + self.tail).encode("utf-8")
        values = {TOKEN + "1": meta.title, TOKEN + "2": meta.author, TOKEN + "3": meta.comments}
        core = "".join(_escaped(values[p]) if k % 2 else p for k, p in enumerate(self.core)).encode("utf-8")
        self.notice_parts_for(notice)
        zipped = Zip(ChainMap(self.notice_deflated, self.writer._deflated))
        for name, blob in self.entries:
            if blob is self.DOC or blob is self.CORE:
                zipped.add(name, document if blob is self.DOC else core)
            else:
                zipped.add(name, self.notice_parts[name] if isinstance(blob, list) else cast(bytes, blob))
        return zipped.close()


# --- the format --------------------------------------------------------------------------------


def _fonts(rpr: Element, font: str) -> None:
    """Set every script's font of a run or style, dropping theme fonts (they would win)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    # one font for every script: the curly quotes “” are set full-width, as Chinese text wants them
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), font)
    fonts.set(qn("w:hint"), "eastAsia")


AFTER_SNAP = ("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc")
AFTER_OUTLINE = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
TAIL = ("w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", *AFTER_OUTLINE)


def _indent_chars(ppr: Element, chars: int) -> None:
    ind = ppr.get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(round(chars * BODY_PT * 20)))


def _styles(doc: DocumentObject) -> None:
    for name, (font, size, align, indent, level) in STYLES.items():
        try:
            style = doc.styles[name]
        except KeyError:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = doc.styles["Normal"]
        style.font.size = Pt(size)
        style.font.bold = False
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        _fonts(style.element.get_or_add_rPr(), font)
        pf = style.paragraph_format
        pf.alignment = align
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE  # one grid line each (two for the title)
        pf.widow_control = True
        _indent_chars(style.element.get_or_add_pPr(), indent)  # 0 too: not Normal's two characters
        if name in OFF_GRID:  # larger or smaller type than the grid's: its own line height and spacing
            snap = OxmlElement("w:snapToGrid")
            snap.set(qn("w:val"), "0")
            style.element.get_or_add_pPr().insert_element_before(snap, *AFTER_SNAP, *TAIL)
        if name == "讲话标题":  # two lines of the grid, and a blank one after it
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = Pt(2 * LINE_PITCH / 20)
            pf.space_after = Pt(LINE_PITCH / 20)
        if level is not None or name == "材料名称":
            pf.keep_with_next = True
        if level is not None:
            outline = OxmlElement("w:outlineLvl")
            outline.set(qn("w:val"), str(level))
            style.element.get_or_add_pPr().insert_element_before(outline, *AFTER_OUTLINE)
    # the grid's character pitch is reckoned from the document's default size
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    size = rpr.find(qn("w:sz"))
    if size is None:
        size = OxmlElement("w:sz")
        rpr.append(size)
    size.set(qn("w:val"), str(round(BODY_PT * 2)))
    _fonts(rpr, FANGSONG)


def _page(section: Section) -> None:
    """A4 with the 公文 margins, and the document grid of GRID_LINES lines of GRID_CHARS characters."""
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(23)  # the number's line starts 7 mm below the type area
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    for name in list(grid.attrib):
        del grid.attrib[name]
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))


def _page_number(paragraph: Paragraph) -> None:
    """“— n —”: the number a PAGE field."""
    paragraph.add_run("— ")
    field_ = OxmlElement("w:fldSimple")
    field_.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field_.append(run)
    paragraph._p.append(field_)
    paragraph.add_run(" —")


def _margins(section: Section, notice: str) -> None:
    """The notice at the head of every page; the page number outside: right on odd pages, left on even."""
    section.different_first_page_header_footer = False
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False
        p = header.paragraphs[0]
        p.text = notice
        p.style = "页眉"
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.style = "页码"
        p.alignment = align
        # “空一字”: one 四号 character in from the type area's edge
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = Pt(NUMBER_PT)
        else:
            p.paragraph_format.left_indent = Pt(NUMBER_PT)
        _page_number(p)


def _table(doc: DocumentObject, block: Block) -> None:
    """A plain table, the text of each cell in `block.style`: the answer key, one page."""
    table = doc.add_table(rows=len(block.rows), cols=len(block.rows[0]))
    table.style = "Table Grid"  # by name: looked up once per build (_remember_style_ids)
    table.autofit = False
    widths = [Mm(14), *[Mm((156 - 14) / (len(block.rows[0]) - 1))] * (len(block.rows[0]) - 1)]
    for row, cells in zip(block.rows, table.rows, strict=True):
        for c, (text, cell) in enumerate(zip(row, cells.cells, strict=True)):
            cell.width = widths[c]
            cell.paragraphs[0].style = block.style
            cell.paragraphs[0].add_run(text)
            if c == 0:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _remember_style_ids(doc: DocumentObject, known: StyleIds) -> None:
    """python-docx looks a style name up by scanning every style, for every paragraph: once per name here.

    Every document starts from the same _blank() (no style is added after it),
    so `known` (name, type -> id) is shared by all the documents of a build. A
    library's build writes thousands of documents; this was most of their time.
    """
    part = doc.part
    lookup: Callable[[BaseStyle | str | None, WD_STYLE_TYPE], str | None] = part.get_style_id

    def get_style_id(style: BaseStyle | str | None, style_type: WD_STYLE_TYPE) -> str | None:
        if not isinstance(style, str):
            return lookup(style, style_type)
        if (style, style_type) not in known:
            known[style, style_type] = lookup(style, style_type)
        return known[style, style_type]

    part.get_style_id = get_style_id  # type: ignore[method-assign]


def _properties(doc: DocumentObject, meta: Metadata) -> None:
    """The document's properties: its own, none of python-docx's template (its author, comment and 2013 dates)."""
    props = doc.core_properties
    props.title, props.author, props.last_modified_by, props.comments = (
        meta.title,
        meta.author,
        meta.author,
        meta.comments,
    )
    props.subject = props.keywords = props.category = ""
    props.revision = 1
    element = props._element
    for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
        for old in element.findall(qn(tag)):
            element.remove(old)


ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # every entry's date: a file is the same bytes whenever it is made


# the zip format's central directory entry and end record (zipfile's own layouts; APPNOTE 4.3.12, 4.3.16)
CENTRAL_DIR = "<4s4B4HL2L5H2L"
END_RECORD = "<4s4H2LH"


def _text_run(paragraph: Paragraph, text: str) -> Run:
    """`paragraph.add_run(text)` as python-docx makes it. Text with no tab or line break is one <w:t>: made here at
    once (python-docx's appender goes character by character: 1.3 million calls a build at 100 speeches)."""
    if not text or "\t" in text or "\r" in text or "\n" in text:
        return paragraph.add_run(text)
    r = paragraph._p.add_r()
    r.add_t(text)
    return Run(r, paragraph)


def _deflate(blob: bytes) -> tuple[int, bytes]:
    """A zip entry's CRC and deflated bytes, as zipfile makes them."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)  # zipfile's own
    return zlib.crc32(blob), compressor.compress(blob) + compressor.flush()


SECT_PR = qn("w:sectPr")
P_STYLE_VAL = qn("w:val")


def _paragraph(doc: DocumentObject, style: str) -> Paragraph:
    """`doc.add_paragraph(style=style)` as python-docx makes it (a <w:p> before the body's closing <w:sectPr>, its
    <w:pPr> holding the style's <w:pStyle>, none for the default style), made here at once: python-docx looks for
    each new element's place among every sibling its schema allows, for every paragraph and property (a third of
    the Word files' time)."""
    body = doc.element.body
    p = OxmlElement("w:p")
    if len(body) and body[-1].tag == SECT_PR:
        body[-1].addprevious(p)
    else:
        body.append(p)
    style_id = doc.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)
    ppr = OxmlElement("w:pPr")
    p.append(ppr)
    if style_id is not None:
        p_style = OxmlElement("w:pStyle")
        ppr.append(p_style)
        p_style.set(P_STYLE_VAL, style_id)
    return Paragraph(p, doc._body)


class Zip:
    """A .docx's zip as `zipfile` writes it (`writestr` of entries dated ZIP_EPOCH, deflated; a test holds the
    bytes equal), each part deflated once per build: `deflated` (a part's bytes -> CRC and deflated bytes)
    holds the parts every document leaves as the blank one has them (its styles alone are 0.8 MB)."""

    def __init__(self, deflated: MutableMapping[bytes, tuple[int, bytes]] | None = None) -> None:
        self._out = io.BytesIO()
        self._entries: list[zipfile.ZipInfo] = []
        self._deflated = {} if deflated is None else deflated

    def keep(self, blob: bytes) -> None:
        """`blob` will be written again by later documents: its deflated bytes are kept with the blank's parts'."""
        if blob not in self._deflated:  # (the styles are the blank's: a new notice finds them there)
            self._deflated[blob] = _deflate(blob)

    def add(self, name: str, blob: bytes) -> None:
        done = self._deflated.get(blob)
        if done is None:
            done = _deflate(blob)
        info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16  # what zipfile gives an entry without permissions: rw-------
        info.CRC, info.file_size, info.compress_size = done[0], len(blob), len(done[1])
        info.header_offset = self._out.tell()
        self._out.write(info.FileHeader(False))
        self._out.write(done[1])
        self._entries.append(info)

    def close(self) -> bytes:
        """The central directory and the end record after the entries: the zip's bytes."""
        start = self._out.tell()
        for info in self._entries:
            dt = info.date_time
            dosdate = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
            dostime = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
            ascii_name = info.filename.isascii()  # else UTF-8, and the flag that says so (as FileHeader does)
            filename = info.filename.encode("ascii" if ascii_name else "utf-8")
            flags = info.flag_bits if ascii_name else info.flag_bits | 0x800
            self._out.write(
                struct.pack(
                    CENTRAL_DIR,
                    b"PK\x01\x02",
                    info.create_version,
                    info.create_system,
                    info.extract_version,
                    info.reserved,
                    flags,
                    info.compress_type,
                    dostime,
                    dosdate,
                    info.CRC,
                    info.compress_size,
                    info.file_size,
                    len(filename),
                    len(info.extra),
                    len(info.comment),
                    0,
                    info.internal_attr,
                    info.external_attr,
                    info.header_offset,
                )
            )
            self._out.write(filename + info.extra + info.comment)
        size = self._out.tell() - start
        count = len(self._entries)
        self._out.write(struct.pack(END_RECORD, b"PK\x05\x06", 0, 0, count, count, size, start, 0))
        return self._out.getvalue()


def _package_entries(doc: DocumentObject, shared: dict[int, bytes | None] | None = None) -> list[tuple[str, bytes]]:
    """The package's zip entries, (name, bytes), in the order python-docx's own save writes them (OpcPackage.save,
    PackageWriter.write): its content types, its relationships, then each part and its relationships. `shared` as
    zip_package's."""
    package = doc.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    entries: list[tuple[str, bytes]] = []

    class _Entries:  # duck-typed as python-docx's zip writer (whose constructor always makes its own zip)
        def write(self, pack_uri: PackURI, blob: bytes) -> None:
            entries.append((pack_uri.membername, blob))

    recorder = _Entries()
    writer = cast("PhysPkgWriter", recorder)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    for part in parts:  # PackageWriter._write_parts, with the shared parts' XML serialised once
        if shared is not None and id(part) in shared:
            blob = shared[id(part)]
            if blob is None:
                blob = shared[id(part)] = part.blob
        else:
            blob = part.blob
        recorder.write(part.partname, blob)
        if len(part.rels):
            recorder.write(part.partname.rels_uri, part.rels.xml)
    return entries


def zip_package(
    doc: DocumentObject,
    deflated: dict[bytes, tuple[int, bytes]] | None = None,
    shared: dict[int, bytes | None] | None = None,
) -> bytes:
    """The document as .docx bytes, reproducibly: the zip's entries without the time they were written.

    The package as python-docx's own save writes it (`_package_entries`), into a zip whose entries carry a fixed
    date, each part compressed once (re-writing python-docx's saved zip compressed everything twice); `deflated`:
    parts already deflated (Zip). `shared`: the parts (by id) that every document of a Writer shares and none
    changes, each serialised at its first document and its XML kept (the styles alone are 0.8 MB: serialising
    every part of every document was a third of the Word files' time); their deflated bytes are then kept in
    `deflated` too.
    """
    entries = _package_entries(doc, shared)
    kept = set() if shared is None else set(map(id, shared.values()))  # the shared parts' XML, now all made
    zipped = Zip(deflated)
    for name, blob in entries:
        if id(blob) in kept:
            zipped.keep(blob)
        zipped.add(name, blob)
    return zipped.close()


def _deflated_parts(blank: bytes) -> dict[bytes, tuple[int, bytes]]:
    """The blank document's parts, deflated once: every document that leaves a part as it was reuses them."""
    out: dict[bytes, tuple[int, bytes]] = {}
    with zipfile.ZipFile(io.BytesIO(blank)) as z:
        for name in z.namelist():
            blob = z.read(name)
            out[blob] = _deflate(blob)
    return out


def _blank() -> bytes:
    """An empty document with the handouts' styles and settings: made once, each file starts from it."""
    doc = Document()
    # python-docx's template comes with its own extended properties (应用程序 Microsoft Macintosh Word, one page,
    # no words: Word and WPS show them under 属性) and a thumbnail of another document; the file states neither
    rels = doc.part.package.rels
    for rid in [r.rId for r in rels.values() if r.reltype in (RT.EXTENDED_PROPERTIES, RT.THUMBNAIL)]:
        rels.pop(rid)
    # nor its bibliography sources (customXml, style “APA”): the handouts cite nothing through Word
    for rid in [r.rId for r in doc.part.rels.values() if r.reltype == RT.CUSTOM_XML]:
        doc.part.rels.pop(rid)
    _styles(doc)
    doc.settings.odd_and_even_pages_header_footer = True
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _core_part(doc: DocumentObject):
    """The part of the document's properties (docProps/core.xml)."""
    return doc.part.package._core_properties_part


def _framed(template: bytes, notice: str) -> DocumentObject:
    """The blank document with the page set up and `notice` at the head of every page: no text, no properties.
    Copied where a document is made from it (copy.deepcopy, the parts no document changes shared:
    Writer._framed_copy, for `Writer.reference` and for what `_Frame` takes from python-docx once): it holds
    no Python object of a part of its XML, only the parts' roots, so the copy's objects all lead into the copy
    (the Word files are byte for byte those made from the blank document each time:
    tests/unit/test_docx_format.py)."""
    doc = Document(io.BytesIO(template))
    section = doc.sections[0]
    _page(section)
    _margins(section, notice)
    return doc


def _odd_page_section(doc: DocumentObject) -> None:
    """A new section starting on a right-hand page, with the page of the others and their headers and footers."""
    section = doc.add_section(WD_SECTION.ODD_PAGE)
    _page(section)
    for part in (section.header, section.even_page_header, section.footer, section.even_page_footer):
        part.is_linked_to_previous = True


def _build(
    blocks: list[Block],
    doc: DocumentObject,
    style_ids: StyleIds,
    meta: Metadata,
    deflated: dict[bytes, tuple[int, bytes]] | None = None,
    shared: dict[int, bytes | None] | None = None,
) -> bytes:
    """`doc` (a framed blank document, _framed) with `meta` as its properties and `blocks` as its text; `deflated`
    and `shared` as zip_package's."""
    _properties(doc, meta)
    _remember_style_ids(doc, style_ids)
    for block in blocks:
        if block.new_odd_page:
            _odd_page_section(doc)
        if block.rows:
            _table(doc, block)
            continue
        paragraph = _paragraph(doc, block.style)
        for text, kind in block.runs:
            run = _text_run(paragraph, text)
            if kind in ("hei", "kai"):
                _fonts(run._r.get_or_add_rPr(), HEITI if kind == "hei" else KAITI)
            elif kind == "sup":
                run.font.superscript = True
            # "blank": BLANK_MARK draws its own line
    return zip_package(doc, deflated, shared)
