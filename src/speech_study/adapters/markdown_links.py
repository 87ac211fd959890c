"""Python-Markdown's inline links, found as Python-Markdown finds them, without reading the whole paragraph again
for each link.

`LinkInlineProcessor.getText` finds the `]` closing a link's `[` by working out, for every position of the text
it was given, where the bracket open there closes (a loop in Python over every character). The text changes
with every link it replaces, so a paragraph of many links is read once per link: a speech's own navigation
(render/library_page.speech_nav, a dozen links, on every page of the speech) cost about a tenth of a library's
Markdown conversion. Here the closing bracket is found by going from bracket to bracket (a C-level search),
with the same answer; a text with more than LOOSE_BRACKETS brackets after the link goes to Python-Markdown's own
way (going from bracket to bracket for each of many unclosed `[` would be slower than its one reading).
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.inlinepatterns import LINK_RE, LinkInlineProcessor

BRACKET = re.compile(r"[\[\]]")
LOOSE_BRACKETS = 64
PRIORITY = 160  # Python-Markdown's own for `link` (tests/unit/test_markdown_links.py: the order is unchanged)


class LinkProcessor(LinkInlineProcessor):
    """Python-Markdown's `[text](url)` processor, its `getText` going from bracket to bracket."""

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802 - Python-Markdown's name
        depth, pos, seen = 1, index, 0
        while True:
            found = BRACKET.search(data, pos)
            if found is None:
                return data[index:], len(data), False
            seen += 1
            if seen > LOOSE_BRACKETS:
                return super().getText(data, index)
            pos = found.end()
            depth += 1 if found.group() == "[" else -1
            if depth == 0:
                return data[index : pos - 1], pos, True


def register(md: Markdown) -> None:
    """Put LinkProcessor in the place of Python-Markdown's own `link` processor, at its priority; a `link`
    processor another extension put there is left as it is."""
    patterns = md.inlinePatterns
    if "link" not in patterns or type(patterns["link"]) is not LinkInlineProcessor:
        return
    patterns.register(LinkProcessor(LINK_RE, md), "link", PRIORITY)
