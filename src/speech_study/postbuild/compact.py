"""The site's inlined CSS and page script, compacted: comments and indentation dropped.

Templates mark what they inline with `data-compact`; this pass compacts that
element's text and drops the mark. Lines stay lines, so a trailing // comment
cannot swallow code. Done after the engine, so no template filter is needed.
"""

from __future__ import annotations

import re

from .html import Element, content, start_tag

BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.S)
LINE_COMMENT = re.compile(r"^\s*//.*$", re.M)


def compact(text: str) -> str:
    text = LINE_COMMENT.sub("", BLOCK_COMMENT.sub("", str(text)))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def edits(source: str, elements: list[Element], final: dict[int, str]) -> list[tuple[int, int, str]]:
    """Edits for the marked elements; their new code goes into `final` (start offset -> text) for the CSP."""
    out = []
    for el in elements:
        if el.tag in ("style", "script") and "data-compact" in el.attrs and el.content_end is not None:
            attrs = {k: v for k, v in el.attrs.items() if k != "data-compact"}
            final[el.start] = compact(content(source, el))
            out.append((el.start, el.content_end, start_tag(el.tag, attrs) + final[el.start]))
    return out
