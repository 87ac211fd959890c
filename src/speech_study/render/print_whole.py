"""全文打印版: the speech pages' own Markdown joined in reading order.

The home page's h1 (the speech's title) is left to the template's title
block; the 结束语 heading, which the site added, is left out so the closing
paragraph follows part 三 as in the original; so is any block the site added
to a page (a raw `<div>` of class `site-added`, such as the home page's 本站导读,
whose links lead to the pages this one joins).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..scopes import OneSpeech

H1 = re.compile(r"^# (.+?) \{([^}]*)\}\s*$", re.M)


def _retitle(markdown: str, first: bool) -> str:
    def h1(m: re.Match) -> str:
        attrs = m.group(2)
        if first or "site-added" in attrs:
            return ""
        return f"# {m.group(1)} {{{attrs.rstrip()} .print-part }}"

    return H1.sub(h1, markdown, count=1)


SITE_ADDED_DIV = re.compile(r"""<div\b[^>]*\bclass\s*=\s*(["'])(?:(?!\1).)*\bsite-added\b""")
DIV_OPEN = re.compile(r"<div\b", re.I)
DIV_CLOSE = re.compile(r"</div\s*>", re.I)


def _without_site_added(markdown: str) -> str:
    """`markdown` without the raw `<div class="… site-added …">` blocks that start a line, each to the line of the
    `</div>` that closes it (the divs opened and closed inside it counted)."""
    out: list[str] = []
    depth = 0
    for line in markdown.splitlines(keepends=True):
        if depth == 0 and not SITE_ADDED_DIV.match(line):
            out.append(line)
            continue
        depth += len(DIV_OPEN.findall(line)) - len(DIV_CLOSE.findall(line))
        depth = max(depth, 0)
    return "".join(out)


MARKER_LINE = re.compile(r"^<!--\s*study:[\w-]*(?:\s+[a-z0-9-]+)?\s*-->\s*$\n?", re.M)


def render(project: OneSpeech) -> str:
    pages = project.speech_pages()
    # a library speech's pages carry marker lines (its name, its navigation): not for paper
    texts = [
        MARKER_LINE.sub("", _without_site_added(_retitle(p.markdown, first=(i == 0)))).strip()
        for i, p in enumerate(pages)
    ]
    return "\n\n".join(texts) + "\n"
