"""结构导图: the outline as an SVG tree, one column for screens and two for paper.

Its links are docs paths (part-1.md#x); the post-build pass `links` turns
them into the site's URLs, whatever the engine and URL style.
"""

from __future__ import annotations

from .structure_map import PAPER, SCREEN, Node, draw


def render(project) -> str:
    where = project.anchors()

    def href(text: str) -> str:
        doc, anchor = where[text]
        return f"{doc}#{anchor}"

    pages = project.speech_pages()
    root = Node(project.speech.title, pages[0].src_uri if pages else "index.md", 0)  # this speech's opening
    for part in project.speech.parts:
        p = Node(part.title, href(part.title), 1)
        for section in part.sections:
            s = Node(section.title.rstrip("。"), href(section.title), 2)
            s.children = [Node(pt.lead.rstrip("。"), href(pt.lead), 3) for pt in section.points]
            p.children.append(s)
        root.children.append(p)
    screen, paper = draw(root, SCREEN, key="map-screen"), draw(root, PAPER, key="map-print")
    return f'<div class="structure-map-frame">\n{screen}\n{paper}\n</div>'
