"""The Word version of the handouts: what goes in each document, walked from the model (a speech, its pages).

For each handout with a Word file (`targets`: each part, the whole speech,
the glossary, the self-test) this module decides its blocks — headings,
paragraphs, 校注 numbers, glossary entries, questions, the answer key — and
hands them to docx_format.py, which knows the .docx format (page, grid,
styles, fields, the zip) and nothing of the project. In a library each
speech's files are made from its own view: its title, text and notice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from typing import TYPE_CHECKING

from .. import places
from ..booktitle import book_title, quoted
from ..counts import chinese
from ..pages import FOOTNOTE_DEF_RE, HEADING_RE, Page
from ..project import Project
from ..questions import GROUP_NOTES, GROUP_TITLES, discussion, questions
from ..scopes import OneSpeech
from . import glossary_page, self_test
from .docx_blocks import BLANK_MARK, Block, Metadata, RunKind
from .text import plain

if TYPE_CHECKING:  # python-docx only where a file is written: docx_blocks.py
    from .docx_format import Writer

# whose handouts: one speech of a library (its view), or the site's own project. A stand-in until the project
# declares one interface for a speech (#23 item 3)
Owner = OneSpeech  # one speech: the site's own (the Project) or a library's (a SpeechView)
Target = tuple[Owner, Page, Callable[[], list[Block]]]

FOOTNOTE_REF = re.compile(r"\[\^([^\]]+)\]")
ATTR = re.compile(r"\s*\{[^}]*\}\s*$")


def title_blocks(project: Owner, name: str | None = None) -> list[Block]:
    blocks = [Block.text("讲话标题", project.speech.title)]
    if name:
        blocks.append(Block.text("材料名称", name))
    return blocks


def speech_page_blocks(page: Page, notes: dict[str, int], drop_h1: bool = False) -> list[Block]:
    """A speech page's Markdown as blocks: headings, paragraphs, 校注 numbers; the site's own blocks left out."""
    blocks: list[Block] = []
    definitions: list[tuple[str, str]] = []
    paragraph: list[str] = []
    flush = False

    def close() -> None:
        nonlocal flush
        if paragraph:
            text = plain("".join(paragraph).replace("**", ""))  # as the page shows it: no Markdown escapes
            runs: list[tuple[str, RunKind]] = []
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
            if (level == 1 and drop_h1) or "site-added" in attrs or "speech-title" in attrs:
                continue
            blocks.append(Block.text("Heading 1" if level == 1 else "Heading 2", plain(heading.group(2).strip())))
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


def part_blocks(project: Owner, page: Page) -> list[Block]:
    return title_blocks(project) + speech_page_blocks(page, {})


def speech_blocks(project: Owner) -> list[Block]:
    """The whole speech, as the print version: the title once, no 结束语 heading (the site's label)."""
    blocks = title_blocks(project)
    notes: dict[str, int] = {}
    body: list[Block] = []
    for i, page in enumerate(project.speech_pages()):
        body += speech_page_blocks(page, notes, drop_h1=(i == 0))
    # the notes of every page at the end, in their order
    return blocks + [b for b in body if b.style != "校注"] + [b for b in body if b.style == "校注"]


def glossary_blocks(project: Project, page: Page) -> list[Block]:
    """The 术语表 as paper prints it: each entry one run-on paragraph, fields the explanation already says left out."""
    names = places.all_paper_names(project)
    both, _, paper = glossary_page.intro(project)
    blocks = title_blocks(project, page.title) + [Block.text("术语说明", both + paper)]
    printed: dict[str, str] = {}
    for entry in glossary_page.ordered(project):
        runs: list[tuple[str, RunKind]] = [(entry.term, "hei"), ("　" + entry.explanation, "")]
        if entry.parts and not all(p in entry.explanation for p in entry.parts):
            label = "组成" if entry.quote else glossary_page.OFFICIAL_PARTS
            runs += [(f"{label}：", "hei"), ("；".join(entry.parts) + "。", "")]
        if entry.meaning and entry.meaning not in entry.explanation:
            runs += [("含义：", "hei"), (entry.meaning + "。", "")]
        runs.append((f"见{places.references(project.all_occurrences(entry), names)}。", ""))
        if entry.quote:
            earlier = next((term for quote, term in printed.items() if entry.quote in quote), None)
            if entry.quote in entry.explanation:
                pass  # the explanation says it word for word
            elif earlier:
                runs.append((f"讲话原文见{quoted(earlier)}条。", ""))
            else:
                runs += [("讲话原文：", "hei"), (entry.quote, "kai"), ("。", "")]
            if not earlier:
                printed[entry.quote] = entry.term
        else:
            # always the wording the source gives: 出处 after the site's own explanation would credit it to the source
            assert entry.wording is not None and entry.source is not None  # glossary.py: no quote, then both
            runs += [("标准表述：", "hei"), (entry.wording, "kai"), ("。", "")]
            runs += [("出处：", "hei"), (entry.source + "。", "")]
        blocks.append(Block("术语条目", runs))
    return blocks


def self_test_blocks(project: Owner, page: Page) -> list[Block]:
    items = questions(project)
    both, _, paper = self_test.intro(items)
    blocks = title_blocks(project, page.title) + [Block.text("Normal", both + paper)]
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
    groups = self_test.groups(items)
    for g, group in enumerate(groups):
        blocks.append(Block.text("Heading 1", f"{chinese(g + 1)}、{GROUP_TITLES[group]}"))
        blocks.append(Block.text("Normal", GROUP_NOTES[group]))
        for q in (q for q in items if q.group == group):
            number += 1
            before, after = q.shown("\x00").split("\x00")
            blank = BLANK_MARK * max(len(q.answer) + 2, 5)
            blocks.append(Block("顶格正文", [(f"{number}．{before}", ""), (blank, "blank"), (after, "")]))
            if group == "official":
                named = f"{quoted(q.term)}，" if q.term else ""
                blocks.append(Block("讲话引文", [(f"{named}出处：{q.place}", "")]))
    blocks.append(Block.text("Heading 1", f"{chinese(len(groups) + 1)}、讨论题"))
    for i, item in enumerate(discussion(project, items), start=1):
        blocks.append(Block.text("顶格正文", f"{i}．{item}"))
    if not items:
        return blocks  # no answer to print
    blocks.append(Block.text("材料名称", "学习自测答案", new_odd_page=True))
    rows = [[f"{i}", q.answer, q.place if q.group == "speech" else "术语表"] for i, q in enumerate(items, start=1)]
    blocks.append(Block("答案", rows=[["题", "答案", "见"], *rows]))
    return blocks


def targets(project: Project) -> dict[str, Target]:
    """Word file name -> (whose speech, its page, what makes its blocks): each part, the whole speech, the
    glossary, the self-test. In a library each speech's files are made from its own view: its title, text and
    notice."""
    out: dict[str, Target] = {}
    for page in project.pages:
        name = page.meta.get("pdf")
        if not name:
            continue
        owner = owner_of(project, page)
        if page.is_speech:
            out[name] = owner, page, partial(part_blocks, owner, page)
        elif page.meta.get("print") == "whole":
            out[name] = owner, page, partial(speech_blocks, owner)
        elif "glossary" in page.markers():
            out[name] = owner, page, partial(glossary_blocks, project, page)  # one glossary for the site
        elif "self-test" in page.markers():
            out[name] = owner, page, partial(self_test_blocks, owner, page)
    return out


def owner_of(project: Project, page: Page) -> Owner:
    """Whose speech a page's Word file is made from: in a library the page's own speech, else (and for the pages
    every speech shares) the site's."""
    slug = project.speech_of(page) if project.is_library else None
    return project.view(slug) if slug else project


def document_title(owner: Owner, page: Page) -> str:
    """A Word file's own title, as Word shows it under 文件 › 信息 (and a download saves it under,
    postbuild/download_names.py): the speech's for the whole speech, else the speech in 书名号 and the page's name
    (开场白 and 结束语 by their label: an opening page's title is the speech's, and 《T》T said nothing)."""
    if page.meta.get("print") == "whole":
        return owner.speech.title
    name = page.meta.get("label") or page.title
    if isinstance(owner, Project) and owner.is_library and owner.speech_of(page) is None:
        # a page every speech shares (the glossary): the library's, not the first speech's (a reader's find)
        return f"{book_title(owner.speech.title)}等{chinese(len(owner.speeches), '篇')}讲话的{name}"
    return f"{book_title(owner.speech.title)}{name}"


def metadata(project: Project, owner: Owner, page: Page) -> Metadata:
    config = project.config
    site = config.get("site_author") or f"{book_title(config.get('site_name') or project.speech.title)}学习网站"
    return Metadata.of(document_title(owner, page), site, owner.speech.notice)


@dataclass(frozen=True)
class Document:
    """Everything `Writer.document` makes a file's bytes from: the same three always give the same bytes."""

    blocks: list[Block]
    notice: str
    metadata: Metadata

    def key(self) -> bytes:
        """The inputs, serialised canonically and completely (every field of every block): the build cache's key."""
        data = {"blocks": [b.plain() for b in self.blocks], "notice": self.notice, "metadata": asdict(self.metadata)}
        return json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":")).encode("ascii")

    def write(self, writer: Writer) -> bytes:
        return writer.document(self.blocks, self.notice, self.metadata)


def documents(project: Project) -> dict[str, Document]:
    """Word file name -> what its bytes are made from (each with its own speech's notice at the head of every page)."""
    return {
        name: Document(make(), owner.speech.notice, metadata(project, owner, page))
        for name, (owner, page, make) in targets(project).items()
    }


def render(project: Project) -> dict[str, bytes]:
    """Word file name -> .docx bytes, each with its own speech's notice at the head of every page."""
    from .docx_format import Writer

    writer = Writer()
    return {name: document.write(writer) for name, document in documents(project).items()}
