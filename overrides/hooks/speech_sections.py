"""Split the speech pages (front matter `speech: true`) into linkable sections.

Not a hook itself. A section is a page's opening text (anchor = its h1) or one
h2 with the text below it; its plain text is what the glossary searches for
the places a term occurs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEADING_RE = re.compile(r"^(#{1,2}) (.+?)\s*\{[^}]*#([a-z0-9-]+)[^}]*\}\s*$")
ATTR_LINE_RE = re.compile(r"^\{[^}]*\}\s*$")
FOOTNOTE_DEF_RE = re.compile(r"^\[\^[^\]]+\]:")
FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]]+\]")


@dataclass(frozen=True)
class Section:
    src_uri: str  # e.g. part-1-leadership-team.md
    anchor: str
    label: str  # "一、怎样抓好班子建设 › （一）…", or the page's label
    text: str  # plain text: heading and body, markup removed


def plain(line: str) -> str:
    return FOOTNOTE_REF_RE.sub("", line).replace("**", "")


def split(src_uri: str, markdown: str, page_label: str | None = None) -> list[Section]:
    """Sections of one speech page's Markdown (front matter already removed)."""
    sections: list[Section] = []
    h1_label = page_label
    current: list[str] | None = None
    anchor = label = ""

    def close() -> None:
        if current is not None:
            sections.append(Section(src_uri, anchor, label, "".join(current)))

    for line in markdown.splitlines():
        m = HEADING_RE.match(line)
        if m:
            close()
            level, title, anchor = len(m.group(1)), plain(m.group(2)), m.group(3)
            if level == 1:
                h1_label = page_label or title
                label = h1_label
            else:
                label = f"{h1_label} › {title}"
            # the h1 of a page is the site's title for it, not speech text, when a label is set
            current = [] if (level == 1 and page_label) else [title]
            continue
        if line.startswith("#"):
            raise ValueError(f"{src_uri}: heading without an explicit anchor {{ #id }}: {line}")
        if current is None or not line.strip():
            continue
        if ATTR_LINE_RE.match(line) or FOOTNOTE_DEF_RE.match(line):
            continue
        current.append(plain(line.strip()))
    close()
    return sections


LEAD_RE = re.compile(r"^\*\*(.+?)\*\*")
ATTR_ID_RE = re.compile(r"^\{[^}]*#([a-z0-9-]+)[^}]*\}\s*$")


def anchors(src_uri: str, markdown: str) -> dict[str, tuple[str, str]]:
    """Headings and bold lead sentences of one speech page -> (src_uri, anchor)."""
    found: dict[str, tuple[str, str]] = {}
    for block in re.split(r"\n\s*\n", markdown):
        lines = block.strip().splitlines()
        if not lines:
            continue
        heading = HEADING_RE.match(lines[0])
        if heading:
            found[plain(heading.group(2))] = (src_uri, heading.group(3))
            continue
        lead = LEAD_RE.match(lines[0])
        attr = ATTR_ID_RE.match(lines[-1]) if len(lines) > 1 else None
        if lead and attr:
            found[lead.group(1)] = (src_uri, attr.group(1))
    return found
