"""文库 and each speech's own navigation: the library's pages, from the library's data."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from .. import counts
from .text import link, md

if TYPE_CHECKING:
    from ..project import Project
    from ..scopes import OneSpeech

COLUMNS = ("讲话", "讲话人或单位", "日期", "部分", "字数")
KIND = {"讲话": "library-table__title", "部分": "library-table__num", "字数": "library-table__num"}
KIND = {name: KIND.get(name, "library-table__text") for name in COLUMNS}


def render(project: Project) -> str:
    """The 文库 table: title, speaker or unit, date, parts, length; every speech links to its opening.

    An HTML table with classes, not a Markdown one: Markdown's column alignment is an inline
    style= the CSP refuses. Each cell names its column (data-label): on a narrow screen
    library.css lays each row out as a card, the names before the values, so no column is
    off-screen. 字数 is the import report's count (counts.characters)."""
    head = "".join(f'<th scope="col" class="{KIND[name]}">{name}</th>' for name in COLUMNS)
    lines = [
        '<div class="library-list" markdown="1">',
        '<table class="library-table" markdown="1">',
        f"<thead><tr>{head}</tr></thead>",
        '<tbody markdown="1">',
    ]
    for view in project.views():
        pages = view.speech_pages()
        first = pages[0].src_uri if pages else "index.md"
        meta = view.entry.meta
        values = (
            link(view.title, first),
            md(meta.get("speaker") or "—"),
            md(str(meta.get("date") or "—")),
            str(len(view.speech.parts)),
            f"{counts.characters(view.speech):,}",
        )
        row = "".join(
            f'<td data-label="{name}" class="{KIND[name]}" markdown="span">{value}</td>'
            for name, value in zip(COLUMNS, values, strict=True)
        )
        lines.append(f'<tr markdown="1">{row}</tr>')
    lines += ["</tbody>", "</table>", "</div>"]
    return "\n".join(lines)


DOT = "\u00a0·"  # after each link of a speech's own navigation but the last, held to it by a no-break space


def speech_nav(view: OneSpeech) -> str:
    """A speech's own navigation, at the foot of each of its pages: its parts, study pages and the 文库."""
    items = [(p.meta.get("label") or p.title, p.src_uri) for p in view.speech_pages()]
    for marker, title in (
        ("outline", "学习提纲"),
        ("map", "结构导图"),
        ("self-test", "学习自测"),
        ("print-whole", "全文打印版"),
    ):
        page = view.marker_page(marker)
        if page:
            items.append((title, page.src_uri))
    items.append(("文库", "library.md"))
    # each link with the “·” after it, as one item (library.css): a line ends with a dot, never begins with one
    dots = [DOT] * (len(items) - 1) + [""]
    links = " ".join(
        f'<span class="speech-nav-item">{link(title, uri)}{dot}</span>'
        for (title, uri), dot in zip(items, dots, strict=True)
    )
    return "\n".join(
        [
            '<nav class="speech-nav site-added" data-search-exclude markdown aria-label="本篇目录">',
            "",
            f"**{md(view.title)}**：{links}",
            "",
            "</nav>",
        ]
    )


def relink(markdown: str, folder: str) -> str:
    """Markdown links written from the top of docs/ (part-1.md#x), rewritten for a page in `folder`."""
    if not folder:
        return markdown
    out, pos = [], 0
    while True:
        start = markdown.find("](", pos)
        if start < 0:
            break
        end = markdown.find(")", start)
        target = markdown[start + 2 : end]
        path, _, anchor = target.partition("#")
        if end > 0 and path.endswith(".md") and "://" not in path:
            rel = posixpath.relpath(path, folder)
            out.append(markdown[pos : start + 2] + rel + (f"#{anchor}" if anchor else "") + ")")
            pos = end + 1
        else:
            out.append(markdown[pos : start + 2])
            pos = start + 2
    out.append(markdown[pos:])
    return "".join(out)
