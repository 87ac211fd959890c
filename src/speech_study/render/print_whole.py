"""全文打印版: the speech pages' own Markdown joined in reading order.

The home page's h1 (the speech's title) is left to the template's title
block; the 结束语 heading, which the site added, is left out so the closing
paragraph follows part 三 as in the original.
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


MARKER_LINE = re.compile(r"^<!--\s*study:[\w-]*(?:\s+[a-z0-9-]+)?\s*-->\s*$\n?", re.M)


def render(project: OneSpeech) -> str:
    pages = project.speech_pages()
    # a library speech's pages carry marker lines (its name, its navigation): not for paper
    texts = [MARKER_LINE.sub("", _retitle(p.markdown, first=(i == 0))).strip() for i, p in enumerate(pages)]
    return "\n\n".join(texts) + "\n"
