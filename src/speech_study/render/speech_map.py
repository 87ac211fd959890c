"""结构导图: the outline as an SVG tree, one column for screens and two for paper.

Its links are docs paths relative to the speech's folder, as a Markdown link
on its page would be written (part-1.md#x); the post-build pass `links` turns
them into the site's URLs (Zensical does so itself), whatever the URL style.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from .structure_map import PAPER, SCREEN, Node, draw, outline_list

if TYPE_CHECKING:
    from ..scopes import OneSpeech


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
    # the drawing where the column holds it, the same tree as nested lists where it does not (site.css)
    return f'<div class="structure-map-frame">\n{screen}\n{outline_list(root)}\n{paper}\n</div>'
