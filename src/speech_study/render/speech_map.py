"""结构导图: the outline as an SVG tree, one column for screens and two for paper.

Its links are docs paths relative to the speech's folder, as a Markdown link
on its page would be written (part-1.md#x); the post-build pass `links` turns
them into the site's URLs (Zensical does so itself), whatever the URL style.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from ..counts import chinese
from .structure_map import PAPER, SCREEN, Node, draw, drawn_height, outline_list
from .text import intro_markdown, legacy, listed

if TYPE_CHECKING:
    from ..scopes import OneSpeech


# the introduction earlier imports copied into docs/SLUG/map.md from the site's page; `intro` says it now
LEGACY_INTRO = legacy(
    "讲话的结构：{n}部分、{n}小节和各小节的分项要求。"
    '<span class="screen-only">点击任意一项即可跳到讲话中的相应位置。</span>',
    "讲话的层次结构：各个部分、小节和各小节的分项要求。点击任意一项即可跳到讲话中的相应位置。",  # importer, 2026-11-30
)


def intro(project: OneSpeech) -> tuple[str, str, str]:
    """The map's introduction (for screen and paper, screen only, paper only): the speech's counts of parts and
    sections, and its points only if it has some."""
    parts = project.speech.parts
    sections = [s for p in parts for s in p.sections]
    shown = [chinese(len(parts), "个部分")] if parts else []
    shown += [chinese(len(sections), "个小节")] if sections else []
    # every section's points, or only those that have some (found by a reader: “九个小节和各小节的分项要求” of a
    # speech whose points are in four of its nine)
    pointed = [s for s in sections if s.points]
    if pointed:
        shown += [
            "各小节的分项要求" if len(pointed) == len(sections) else f"其中{chinese(len(pointed), '个小节')}的分项要求"
        ]
    said = f"讲话的结构：{listed(shown)}。" if shown else "讲话的结构。"
    return said, "点击任意一项即可跳到讲话中的相应位置。", ""


def render(project: OneSpeech) -> str:
    where = project.anchors()

    folder = project.folder  # an imported speech's pages are in docs/SLUG/

    def page(doc: str) -> str:
        return posixpath.relpath(doc, folder) if folder else doc

    def href(text: str) -> str:
        doc, anchor = where[text]
        return f"{page(doc)}#{anchor}"

    pages = project.speech_pages()
    root = Node(project.speech.title, page(pages[0].src_uri if pages else "index.md"), 0)  # this speech's opening
    for part in project.speech.parts:
        p = Node(part.title, href(part.title), 1)
        for section in part.sections:
            s = Node(section.title.rstrip("。"), href(section.title), 2)
            s.children = [Node(pt.lead.rstrip("。"), href(pt.lead), 3) for pt in section.points]
            p.children.append(s)
        root.children.append(p)
    screen, paper = draw(root, SCREEN, key="map-screen"), draw(root, PAPER, key="map-print")
    # the drawing where the column holds it, the same tree as nested lists where it does not (map.css); on paper
    # the drawing when it keeps to the one page, else the list, which runs on over pages (a speech of eight
    # sections and twenty points drew 3 pages high: its first page was its title, a box cut at each break)
    head = intro_markdown(*intro(project))
    if drawn_height(paper) > (PAPER.height or 0):
        frame = "structure-map-frame structure-map-frame--list-on-paper"
        return f'{head}\n\n<div class="{frame}">\n{screen}\n{outline_list(root)}\n</div>'
    return f'{head}\n\n<div class="structure-map-frame">\n{screen}\n{outline_list(root)}\n{paper}\n</div>'
