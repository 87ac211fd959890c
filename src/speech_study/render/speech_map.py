"""结构导图: the outline as an SVG tree, one column for screens and two for paper.

Its links are docs paths (part-1.md#x); the post-build pass `links` turns
them into the site's URLs, whatever the engine and URL style.
"""

from __future__ import annotations

from .structure_map import PAPER, SCREEN, Node, draw, outline_list


def render(project) -> str:
    where = project.anchors()

    def href(text: str) -> str:
        doc, anchor = where[text]
        return f"{doc}#{anchor}"

    root = Node(project.speech.title, "index.md", 0)
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
