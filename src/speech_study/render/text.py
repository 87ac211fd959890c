"""Data as text inside generated Markdown: HTML-escaped and Markdown-escaped."""

from __future__ import annotations

import re
from html import escape, unescape

# what Python-Markdown (with attr_list and tables) would read as markup: its escapable characters (a
# backslash before any other, ~ among them, stays in the text: "2024年\~" showed its backslash)
SPECIAL = set("\\`*_{}[]()#+-.!<>|")


def md(value: str) -> str:
    """`value` as literal text in Markdown: no tag, link, emphasis or entity can arise from it."""
    out = []
    for ch in str(value):
        if ch in '<>&"':
            out.append(escape(ch))
        elif ch in SPECIAL:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


ESCAPED = re.compile("\\\\([" + re.escape("".join(sorted(SPECIAL))) + "])")


def plain(markdown_text: str) -> str:
    """What `md` wrote, read back as the text it renders to: its backslash escapes and entities undone."""
    return unescape(ESCAPED.sub(r"\1", markdown_text))


def link(label: str, target: str) -> str:
    """A Markdown link whose label is text; `target` is a docs path the project made, e.g. part-1.md#x."""
    return f"[{md(label)}]({target})"
