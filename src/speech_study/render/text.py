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


def intro_markdown(both: str, screen: str = "", paper: str = "") -> str:
    """A page's introduction: its sentences for screen and paper, then those for one of them (site.css and
    print.css hide the other; the search index leaves the paper's out)."""
    return (
        md(both)
        + (f'<span class="screen-only">{md(screen)}</span>' if screen else "")
        + (f'<span class="print-only" data-search-exclude>{md(paper)}</span>' if paper else "")
    )


def listed(items: list[str]) -> str:
    """甲、乙和丙: a list as a sentence says it."""
    return "、".join(items[:-1]) + "和" + items[-1] if len(items) > 1 else "".join(items)


# a count as the importer wrote it into a page before the introductions were generated: 三个 (a count and its
# 个), or 若干 where the speech had none (若干小节: no 个)
_COUNT = "(?:[一二两三四五六七八九十]+个|若干)"


def legacy(*lines: str) -> re.Pattern[str]:
    """The introductions earlier imports copied into a speech's page from the site's, as one pattern that
    matches a whole line: each `{n}` stands for the count the import wrote there (三个, 若干)."""
    return re.compile("|".join(re.escape(line).replace(re.escape("{n}"), _COUNT) for line in lines))
