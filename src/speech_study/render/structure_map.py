"""Draw the speech's structure as an SVG tree.

A vertical, indented tree rather than a left-to-right mind map. Two layouts:

- SCREEN: one column 320 units wide with 16-unit type. The frame never draws
  it wider than its natural size and a phone's column is at least 288 CSS px
  (a 320 px screen), so its type is at least 14 CSS px;
- PAPER: two columns 442 units wide, which print.css draws exactly 156 mm
  wide (the type area), so a unit is a point: 11 pt type, above 五号
  (10.5 pt). Its height is what the title block leaves of the page, and the
  rows are spread to fill it.

Below the drawing's width (a phone, or 大 and 特大 on a small tablet) the page shows the same tree as
nested lists instead (`outline_list`): text that wraps with the window, never cut, never scrolled
sideways, each node a link at least 44 px tall (site.css).

Each node is a link to its place in the speech. Colours come from CSS classes
(site.css, print.css), so the map follows the light and dark palettes and
prints black.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape


@dataclass(frozen=True)
class Layout:
    width: float  # units; the paper layout's unit is a point
    columns: int
    font: float
    line: float  # line pitch inside a box
    pad: float  # inside a box, around its text
    gap: float  # least space between boxes
    indent: float  # per level
    height: float | None = None  # fill exactly this height (paper), or as tall as needed (screen)


SCREEN = Layout(width=320, columns=1, font=16, line=22, pad=7, gap=8, indent=18)
# 156 mm = 442 pt wide; 432 pt tall: the type area (225 mm = 638 pt) less the title block with a meeting line
PAPER = Layout(width=442, columns=2, font=11, line=14, pad=4, gap=4, indent=11, height=432)


@dataclass
class Node:
    label: str
    href: str
    level: int  # 0 root, 1 part, 2 section, 3 point
    children: list[Node] = field(default_factory=list)


CLOSING = "”’），。、；：！？"
OPENING = "“‘（《"


def _greedy(text: str, width: int) -> list[str]:
    lines: list[str] = []
    while len(text) > width:
        comma = text.rfind("，", 0, width)
        # after a ， that is not too early, or that leaves the rest one line
        good = comma >= width // 2 or (comma >= 2 and len(text) - comma - 1 <= width)
        cut = comma + 1 if good else width
        # closing punctuation never starts a line, opening punctuation never ends one
        while 1 < cut < len(text) and (text[cut] in CLOSING or text[cut - 1] in OPENING):
            cut -= 1
        lines.append(text[:cut])
        text = text[cut:]
    return [*lines, text] if text else lines


def wrap(text: str, width_chars: int) -> list[str]:
    """Break `text` into lines of at most `width_chars`, after a ， where one is close; no stub of a last line."""
    width_chars = max(width_chars, 2)
    lines = _greedy(text, width_chars)
    if len(lines) > 1 and len(lines[-1]) <= 3:
        even = -(-len(text) // len(lines))  # the same number of lines, evened out
        balanced = _greedy(text, even)
        if len(balanced) == len(lines):
            lines = balanced
    return lines


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


def _box(node: Node, x: float, w: float, lay: Layout) -> tuple[float, float, list[str]]:
    """x, height and lines of a node's box `w` wide."""
    lines = wrap(node.label, int((w - 2 * lay.pad) // lay.font))
    return x, len(lines) * lay.line + 2 * lay.pad - (lay.line - lay.font), lines


def n(value: float) -> str:
    """A coordinate, to a tenth of a unit."""
    return f"{round(value, 1):g}"


def draw(root: Node, lay: Layout = SCREEN, title: str = "讲话结构导图", key: str = "map") -> str:
    """The tree as SVG: the root across the top, its parts in `lay.columns` columns below it."""
    col_w = lay.width / lay.columns
    _, root_h, root_lines = _box(root, 2, lay.width - 4, lay)
    columns = []
    for c, column in enumerate(_columns(root.children, lay.columns)):
        rows: list[tuple] = []  # (node, parent index in rows or None for a part, x, w, h, lines)
        for part in column:
            flat: list[tuple[Node, int | None]] = []
            _flatten(part, None, flat)
            base = len(rows)
            for node, parent in flat:
                x = c * col_w + 2 + (node.level - 1) * lay.indent + lay.indent
                w = (c + 1) * col_w - x - 2
                _, h, lines = _box(node, x, w, lay)
                rows.append((node, None if parent is None else base + parent, x, w, h, lines))
        columns.append(rows)
    top = 2 + root_h + lay.gap
    natural = max(sum(r[4] + lay.gap for r in rows) for rows in columns)
    height = max(lay.height or 0, top + natural)
    out_boxes: list[tuple[Node, float, float, float, float, list[str]]] = [
        (root, 2, 2, lay.width - 4, root_h, root_lines)
    ]
    edges: list[tuple[float, float, float, float]] = []  # stem x, from y, to y, to x
    for rows in columns:
        # spread the rows of a column over the height: the same extra space after every box
        spare = (height - top - sum(r[4] + lay.gap for r in rows)) / max(len(rows), 1)
        y = top
        placed: list[tuple[float, float]] = []  # (y, h) per row
        for node, parent, x, w, h, lines in rows:
            out_boxes.append((node, x, y, w, h, lines))
            placed.append((y, h))
            if parent is None:
                edges.append((x - lay.indent / 2, 2 + root_h, y + h / 2, x))
            else:
                px = rows[parent][2]
                py, ph = placed[parent]
                edges.append((px + lay.indent / 2, py + ph, y + h / 2, x))
            y += h + lay.gap + spare
    out = [
        f'<svg class="structure-map structure-map--{key}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {n(lay.width)} {n(height)}" width="{n(lay.width)}" height="{n(height)}" role="group" '
        f'aria-labelledby="{key}-title">',
        f'<title id="{key}-title">{escape(title)}</title>',
    ]
    for stem, y0, y1, x1 in edges:
        out.append(f'<path class="map-edge" d="M{n(stem)} {n(y0)} V{n(y1)} H{n(x1)}"/>')
    for node, x, y, w, h, lines in out_boxes:
        out.append(f'<a href="{escape(node.href)}" class="map-node map-level-{node.level}">')
        out.append(f'<rect x="{n(x)}" y="{n(y)}" width="{n(w)}" height="{n(h)}" rx="3"/>')
        # a presentation attribute, not a style: the page's CSP admits no inline style
        out.append(f'<text font-size="{n(lay.font)}">')
        for i, line in enumerate(lines):
            baseline = y + lay.pad + lay.font * 0.88 + i * lay.line
            out.append(f'<tspan x="{n(x + lay.pad)}" y="{n(baseline)}">{escape(line)}</tspan>')
        out.append("</text></a>")
    out.append("</svg>")
    return "".join(out)


def drawn_height(svg: str) -> float:
    """The height, in units, of a drawing `draw` made (its viewBox's)."""
    return float(svg.split('viewBox="0 0 ', 1)[1].split('"', 1)[0].split()[1])


def outline_list(root: Node, title: str = "讲话结构导图") -> str:
    """The tree as nested lists of links, for a column narrower than the drawing (site.css chooses)."""

    def items(nodes: list[Node]) -> str:
        out = []
        for node in nodes:
            sub = f'<ol class="map-list__level-{node.level + 1}">{items(node.children)}</ol>' if node.children else ""
            out.append(
                f'<li><a href="{escape(node.href)}" class="map-list__node map-level-{node.level}">'
                f"{escape(node.label)}</a>{sub}</li>"
            )
        return "".join(out)

    return (
        f'<nav class="structure-map-list" aria-label="{escape(title)}">'
        f'<ol class="map-list__level-0">{items([root])}</ol></nav>'
    )
