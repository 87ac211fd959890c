"""Draw the speech's structure as an SVG tree.

A vertical, indented tree rather than a left-to-right mind map: in one column
it stays legible at a phone's width; in two columns (for print) it fills one
A4 page with type large enough to read. Each node is a
link to its place in the speech. Colours come from CSS classes (site.css,
print.css), so the map follows the light and dark palettes and prints black.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

FONT = 15  # px; CJK characters are square, so a character is FONT wide
LINE = 21
PAD = 7
GAP = 8
INDENT = 24
WIDTH = 380


@dataclass
class Node:
    label: str
    href: str
    level: int  # 0 root, 1 part, 2 section, 3 point
    children: list[Node] = field(default_factory=list)


def wrap(text: str, width_chars: int) -> list[str]:
    """Break `text` into lines of at most `width_chars`, after a ， where one is close."""
    lines: list[str] = []
    while len(text) > width_chars:
        cut = text.rfind("，", 0, width_chars)
        cut = cut + 1 if cut >= width_chars // 2 else width_chars
        lines.append(text[:cut])
        text = text[cut:]
    return [*lines, text] if text else lines


def _flatten(node: Node, parent: int | None, out: list[tuple[Node, int | None]]) -> None:
    out.append((node, parent))
    me = len(out) - 1
    for child in node.children:
        _flatten(child, me, out)


def _size(node: Node) -> int:
    return 1 + sum(_size(c) for c in node.children)


def _columns(parts: list[Node], count: int) -> list[list[Node]]:
    """Parts in reading order, cut into `count` columns of about equal height."""
    total = sum(_size(p) for p in parts)
    columns: list[list[Node]] = [[]]
    done = 0
    for part in parts:
        if columns[-1] and len(columns) < count and done + _size(part) / 2 > total * len(columns) / count:
            columns.append([])
        columns[-1].append(part)
        done += _size(part)
    return columns


def _box(node: Node, x: float, y: float, w: float) -> tuple[float, float, float, float, list[str]]:
    lines = wrap(node.label, int((w - 2 * PAD) // FONT))
    return x, y, w, len(lines) * LINE + 2 * PAD - (LINE - FONT), lines


def draw(root: Node, columns: int = 1, title: str = "讲话结构导图", key: str = "map") -> str:
    """The tree as SVG: the root across the top, its parts in `columns` columns below it."""
    width = WIDTH * columns
    placed: list[tuple[Node, int | None, tuple]] = [(root, None, _box(root, 2, 2, width - 4))]
    top = placed[0][2][1] + placed[0][2][3] + GAP
    bottom = top
    for c, column in enumerate(_columns(root.children, columns)):
        y = top
        for part in column:
            flat: list[tuple[Node, int | None]] = []
            _flatten(part, None, flat)
            base = len(placed)
            for node, parent in flat:
                x = c * WIDTH + 2 + node.level * INDENT
                box = _box(node, x, y, (c + 1) * WIDTH - x - 2)
                placed.append((node, 0 if parent is None else base + parent, box))
                y += box[3] + GAP
        bottom = max(bottom, y)
    height = bottom
    out = [
        f'<svg class="structure-map structure-map--{key}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="group" '
        f'aria-labelledby="{key}-title">',
        f'<title id="{key}-title">{escape(title)}</title>',
    ]
    for node, parent, (x, y, _w, h, _) in placed:
        if parent is None:
            continue
        px, py, _, ph, _ = placed[parent][2]
        stem = (x - INDENT + INDENT // 2) if node.level == 1 else px + INDENT // 2
        out.append(f'<path class="map-edge" d="M{stem} {py + ph} V{y + h / 2} H{x}"/>')
    for node, _, (x, y, w, h, lines) in placed:
        out.append(f'<a href="{escape(node.href)}" class="map-node map-level-{node.level}">')
        out.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="4"/>')
        out.append("<text>")
        for i, line in enumerate(lines):
            out.append(f'<tspan x="{x + PAD}" y="{y + PAD + FONT - 2 + i * LINE}">{escape(line)}</tspan>')
        out.append("</text></a>")
    out.append("</svg>")
    return "".join(out)
