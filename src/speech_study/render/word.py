"""The Word version of the handouts: the model in, .docx bytes out (python-docx), no browser needed.

Laid out as the print stylesheet lays out paper (GB/T 9704—2012): A4,
margins 37 / 26 / 35 / 28 mm (type area 156 × 225 mm); body 仿宋 三号 on a
document grid of 22 lines of 28 characters; 一、 headings in 黑体, （一） in
楷体, the title in 小标宋 二号; page numbers “— n —” in 宋体 四号, odd pages
right and even pages left, one character in; the author's notice in the
header of every page.

`Block` is the small layout model the builders below make from the project
(a speech page, the whole speech, the glossary, the self-test); `build`
turns blocks into bytes and knows nothing of the project.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..counts import chinese
from ..pages import FOOTNOTE_DEF_RE, HEADING_RE
from . import glossary_page, places, self_test

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

# style name -> (font, size, alignment, first-line indent in characters, outline level)
STYLES = {
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


OFF_GRID = {"讲话标题", "校注", "页码", "页眉", "答案", "术语条目", "术语说明"}
# a blank to fill in by hand: full-width low lines, which (unlike underlined spaces) never vanish at a line's end
BLANK_MARK = "\uff3f"


@dataclass
class Block:
    style: str  # a key of STYLES
    runs: list[tuple[str, str]] = field(default_factory=list)  # (text, "" | "hei" | "kai" | "sup" | "blank")
    new_odd_page: bool = False  # start on a new right-hand page (the self-test's answer key)
    rows: list[list[str]] = field(default_factory=list)  # a table instead of a paragraph (style: its cells')

    @classmethod
    def text(cls, style: str, text: str, **kw) -> Block:
        return cls(style, [(text, "")], **kw)

    @property
    def plain(self) -> str:
        return "".join(t for t, kind in self.runs if kind not in ("sup",))


# --- building the document -------------------------------------------------------------------


def _fonts(rpr, font: str) -> None:
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


def _indent_chars(ppr, chars: int) -> None:
    ind = ppr.get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(round(chars * BODY_PT * 20)))


def _styles(doc) -> None:
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


def _page(section) -> None:
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


def _page_number(paragraph) -> None:
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


def _margins(section, notice: str) -> None:
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


def _table(doc, block: Block) -> None:
    """A plain table, the text of each cell in `block.style`: the answer key, one page."""
    table = doc.add_table(rows=len(block.rows), cols=len(block.rows[0]))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    widths = [Mm(14), *[Mm((156 - 14) / (len(block.rows[0]) - 1))] * (len(block.rows[0]) - 1)]
    for row, cells in zip(block.rows, table.rows, strict=True):
        for c, (text, cell) in enumerate(zip(row, cells.cells, strict=True)):
            cell.width = widths[c]
            cell.paragraphs[0].style = block.style
            cell.paragraphs[0].add_run(text)
            if c == 0:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _remember_style_ids(doc, known: dict) -> None:
    """python-docx looks a style name up by scanning every style, for every paragraph: once per name here.

    Every document starts from the same blank() (no style is added after it),
    so `known` (name, type -> id) is shared by all the documents of a build. A
    library's build writes thousands of documents; this was most of their time.
    """
    part = doc.part
    lookup = part.get_style_id

    def get_style_id(style, style_type):
        if not isinstance(style, str):
            return lookup(style, style_type)
        if (style, style_type) not in known:
            known[style, style_type] = lookup(style, style_type)
        return known[style, style_type]

    part.get_style_id = get_style_id


def blank() -> bytes:
    """An empty document with the handouts' styles and settings: made once, each file starts from it."""
    doc = Document()
    _styles(doc)
    doc.settings.odd_and_even_pages_header_footer = True
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def build(
    blocks: list[Block],
    notice: str,
    template: bytes | None = None,
    style_ids: dict | None = None,
    meta: Metadata | None = None,
) -> bytes:
    """The .docx of `blocks`, with `notice` at the head of every page.

    `template`: blank()'s bytes; `style_ids`: a dict shared by the documents made from that template;
    `meta`: title, author and comment (else none: never python-docx's own)."""
    doc = Document(io.BytesIO(template or blank()))
    _properties(doc, meta or Metadata("", "", ""))
    _remember_style_ids(doc, style_ids if style_ids is not None else {})
    section = doc.sections[0]
    _page(section)
    _margins(section, notice)
    for block in blocks:
        if block.new_odd_page:
            section = doc.add_section(WD_SECTION.ODD_PAGE)
            _page(section)
            for part in (section.header, section.even_page_header, section.footer, section.even_page_footer):
                part.is_linked_to_previous = True
        if block.rows:
            _table(doc, block)
            continue
        paragraph = doc.add_paragraph(style=block.style)
        for text, kind in block.runs:
            run = paragraph.add_run(text)
            if kind in ("hei", "kai"):
                _fonts(run._r.get_or_add_rPr(), HEITI if kind == "hei" else KAITI)
            elif kind == "sup":
                run.font.superscript = True
            elif kind == "blank":
                pass  # BLANK_MARK draws its own line
    out = io.BytesIO()
    doc.save(out)
    return _reproducible(out.getvalue())


def _properties(doc, meta: Metadata) -> None:
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


def _reproducible(data: bytes) -> bytes:
    """The same sources give the same bytes: the zip's entries without the time they were written."""
    import zipfile

    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in src.infolist():
            dest.writestr(
                zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)),
                src.read(info.filename),
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()


# --- the handouts as blocks --------------------------------------------------------------------

FOOTNOTE_REF = re.compile(r"\[\^([^\]]+)\]")
ATTR = re.compile(r"\s*\{[^}]*\}\s*$")
SCREEN_ONLY = re.compile(r'<span class="screen-only">.*?</span>')
TAG = re.compile(r"<[^>]+>")
MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def _paper_text(markdown: str) -> str:
    """A line of the site's own Markdown as paper reads it: no screen-only words, no markup."""
    text = SCREEN_ONLY.sub("", markdown)
    text = MD_LINK.sub(r"\1", TAG.sub("", text))
    return text.replace("**", "").strip()


def title_blocks(project, name: str | None = None) -> list[Block]:
    blocks = [Block.text("讲话标题", project.speech.title)]
    if name:
        blocks.append(Block.text("材料名称", name))
    return blocks


def speech_page_blocks(page, notes: dict[str, int], drop_h1: bool = False) -> list[Block]:
    """A speech page's Markdown as blocks: headings, paragraphs, 校注 numbers; the site's own blocks left out."""
    blocks: list[Block] = []
    definitions: list[tuple[str, str]] = []
    paragraph: list[str] = []
    flush = False

    def close() -> None:
        nonlocal flush
        if paragraph:
            text = "".join(paragraph).replace("**", "")
            runs: list[tuple[str, str]] = []
            pos = 0
            for m in FOOTNOTE_REF.finditer(text):
                runs.append((text[pos : m.start()], ""))
                notes.setdefault(m.group(1), len(notes) + 1)
                runs.append((str(notes[m.group(1)]), "sup"))
                pos = m.end()
            runs.append((text[pos:], ""))
            blocks.append(Block("顶格正文" if flush else "Normal", [r for r in runs if r[0]]))
        paragraph.clear()
        flush = False

    added = False
    for line in page.markdown.splitlines():
        if added or (line.startswith("<div") and "site-added" in line):
            added = not line.startswith("</div>")
            continue
        heading = HEADING_RE.match(line)
        if heading:
            close()
            level, attrs = len(heading.group(1)), line[line.rfind("{") :]
            if (level == 1 and drop_h1) or "site-added" in attrs:
                continue
            blocks.append(Block.text("Heading 1" if level == 1 else "Heading 2", heading.group(2).strip()))
            continue
        if FOOTNOTE_DEF_RE.match(line):
            close()
            key, _, text = line[2:].partition("]:")
            definitions.append((key, text.strip()))
            continue
        if not line.strip():
            close()
            continue
        if ATTR.fullmatch(line):
            flush = flush or "salutation" in line
            continue
        if line.startswith("<"):
            continue
        paragraph.append(line.strip())
    close()
    for key, text in definitions:
        blocks.append(Block("校注", [(str(notes.get(key, "")), "sup"), (text, "")]))
    return blocks


def part_blocks(project, page) -> list[Block]:
    return title_blocks(project) + speech_page_blocks(page, {})


def speech_blocks(project) -> list[Block]:
    """The whole speech, as the print version: the title once, no 结束语 heading (the site's label)."""
    blocks = title_blocks(project)
    notes: dict[str, int] = {}
    body: list[Block] = []
    for i, page in enumerate(project.speech_pages()):
        body += speech_page_blocks(page, notes, drop_h1=(i == 0))
    # the notes of every page at the end, in their order
    return blocks + [b for b in body if b.style != "校注"] + [b for b in body if b.style == "校注"]


def _intro(page) -> list[Block]:
    """The handout's own introduction (the paragraph after its h1), as printed."""
    paragraphs = [p for p in page.markdown.split("\n\n") if p.strip() and not p.lstrip().startswith(("#", "<!--"))]
    return [Block.text("Normal", _paper_text(paragraphs[0]))] if paragraphs else []


def glossary_blocks(project, page) -> list[Block]:
    """The 术语表 as paper prints it: each entry one run-on paragraph, fields the explanation already says left out."""
    names = places.paper_names(project)
    both, _, paper = glossary_page.intro(project)
    blocks = title_blocks(project, page.title) + [Block.text("术语说明", both + paper)]
    printed: dict[str, str] = {}
    for entry in glossary_page.ordered(project):
        runs = [(entry.term, "hei"), ("　" + entry.explanation, "")]
        if entry.parts and not all(p in entry.explanation for p in entry.parts):
            label = "组成" if entry.quote else glossary_page.OFFICIAL_PARTS
            runs += [(f"{label}：", "hei"), ("；".join(entry.parts) + "。", "")]
        if entry.meaning and entry.meaning not in entry.explanation:
            runs += [("含义：", "hei"), (entry.meaning + "。", "")]
        runs.append((f"见{places.references(project.occurrences(entry), names)}。", ""))
        if entry.quote:
            earlier = next((term for quote, term in printed.items() if entry.quote in quote), None)
            if entry.quote in entry.explanation:
                pass  # the explanation says it word for word
            elif earlier:
                runs.append((f"讲话原文见“{earlier}”条。", ""))
            else:
                runs += [("讲话原文：", "hei"), (entry.quote, "kai"), ("。", "")]
            if not earlier:
                printed[entry.quote] = entry.term
        else:
            # always the wording the source gives: 出处 after the site's own explanation would credit it to the source
            runs += [("标准表述：", "hei"), (entry.wording, "kai"), ("。", "")]
            runs += [("出处：", "hei"), (entry.source + "。", "")]
        blocks.append(Block("术语条目", runs))
    return blocks


def self_test_blocks(project, page) -> list[Block]:
    items = self_test.questions(project)
    blocks = title_blocks(project, page.title) + _intro(page)
    blocks.append(
        Block(
            "顶格正文",
            [
                ("姓名：", ""),
                (BLANK_MARK * 5, "blank"),
                ("　支部：", ""),
                (BLANK_MARK * 7, "blank"),
                ("　日期：", ""),
                (BLANK_MARK * 5, "blank"),
            ],
        )
    )
    number = 0
    groups = [g for g in self_test.GROUP_TITLES if any(q.group == g for q in items)]
    for g, group in enumerate(groups):
        blocks.append(Block.text("Heading 1", f"{chinese(g + 1)}、{self_test.GROUP_TITLES[group]}"))
        blocks.append(Block.text("Normal", self_test.GROUP_NOTES[group]))
        for q in (q for q in items if q.group == group):
            number += 1
            before, after = q.shown("\x00").split("\x00")
            blank = BLANK_MARK * max(len(q.answer) + 2, 5)
            blocks.append(Block("顶格正文", [(f"{number}．{before}", ""), (blank, "blank"), (after, "")]))
            if group == "official":
                named = f"“{q.term}”，" if q.term else ""
                blocks.append(Block("讲话引文", [(f"{named}出处：{q.place}", "")]))
    blocks.append(Block.text("Heading 1", f"{chinese(len(groups) + 1)}、讨论题"))
    for i, item in enumerate(self_test.discussion(project, items), start=1):
        blocks.append(Block.text("顶格正文", f"{i}．{item}"))
    blocks.append(Block.text("材料名称", "学习自测答案", new_odd_page=True))
    rows = [[f"{i}", q.answer, q.place if q.group == "speech" else "术语表"] for i, q in enumerate(items, start=1)]
    blocks.append(Block("答案", rows=[["题", "答案", "见"], *rows]))
    return blocks


def targets(project) -> dict[str, tuple[object, object, Callable[[], list[Block]]]]:
    """Word file name -> (whose speech, its page, what makes its blocks): each part, the whole speech, the
    glossary, the self-test. In a library each speech's files are made from its own view: its title, text and
    notice."""
    out: dict[str, tuple[object, object, Callable[[], list[Block]]]] = {}
    for page in project.pages:
        name = page.meta.get("pdf")
        if not name:
            continue
        slug = project.speech_of(page) if getattr(project, "is_library", False) else None
        owner = project.view(slug) if slug else project
        if page.is_speech:
            out[name] = owner, page, partial(part_blocks, owner, page)
        elif page.meta.get("print") == "whole":
            out[name] = owner, page, partial(speech_blocks, owner)
        elif "glossary" in page.markers():
            out[name] = owner, page, partial(glossary_blocks, owner, page)
        elif "self-test" in page.markers():
            out[name] = owner, page, partial(self_test_blocks, owner, page)
    return out


@dataclass(frozen=True)
class Metadata:
    """What Word shows under 文件 › 信息: the document's own title, the site as author, the author's notice."""

    title: str
    author: str
    comments: str


def metadata(project, owner, page) -> Metadata:
    config = getattr(project, "config", {}) or {}
    site = config.get("site_author") or f"《{config.get('site_name') or project.speech.title}》学习网站"
    speech = owner.speech.title
    whole = page.meta.get("print") == "whole"
    return Metadata(speech if whole else f"《{speech}》{page.title}", site, owner.speech.notice)


def render(project) -> dict[str, bytes]:
    """Word file name -> .docx bytes, each with its own speech's notice at the head of every page."""
    template, style_ids = blank(), {}
    out = {}
    for name, (owner, page, make) in targets(project).items():
        out[name] = build(make(), owner.speech.notice, template, style_ids, metadata(project, owner, page))
    return out
