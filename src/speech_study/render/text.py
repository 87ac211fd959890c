"""Data as text inside generated Markdown: HTML-escaped and Markdown-escaped."""

from __future__ import annotations

from html import escape

# what Python-Markdown (with attr_list) would read as markup
SPECIAL = set("\\`*_{}[]()#+-.!<>|~")


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


def link(label: str, target: str) -> str:
    """A Markdown link whose label is text; `target` is a docs path the project made, e.g. part-1.md#x."""
    return f"[{md(label)}]({target})"
