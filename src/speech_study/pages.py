"""The docs pages: front matter checked against a declared schema, speech pages split into sections.

Every front-matter key the site reads is declared in SCHEMA; an unknown key
or value stops the build naming the page, the key and what is allowed, so a
typo (`study: outlines`) can never build an empty page.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import yamlfile
from .errors import ContentError
from .sources import read_text

# front-matter text: one line (the templates escape it: overrides/mkdocs/partials/name.html)
PLAIN = re.compile(r"^[^\n]+$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# a PDF/Word file's name: the site's own speech's at the top (speech, part-1 …), a library speech's in its folder
FILE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)?$")

# key -> (what it does, check); a check returns None, or what is allowed
SCHEMA = {
    "title": (
        "the page's name in the nav and the browser tab",
        lambda v: None if _plain(v) else "一行文字",
    ),
    "label": (
        "the speech page's name in sections' labels",
        lambda v: None if _plain(v) else "一行文字",
    ),
    "speech": ("the page holds the speech's own text", lambda v: None if v is True else "true"),
    "pdf": (
        "the PDF/Word file named after the page",
        lambda v: (
            None
            if isinstance(v, str) and FILE_NAME.match(v)
            else "小写 ASCII 名字，如 part-1（文库中的讲话放在自己的文件夹里：SLUG/part-1）"
        ),
    ),
    "print": ("the page prints the whole speech", lambda v: None if v == "whole" else "whole"),
    "hide": (
        "Material's hide list",
        lambda v: (
            None
            if isinstance(v, list)
            and all(isinstance(x, str) for x in v)
            and set(v) <= {"navigation", "toc", "footer", "path"}
            else "由 navigation、toc、footer、path 组成的列表"
        ),
    ),
    "search": ("Material's search settings", lambda v: None if v == {"exclude": True} else "{exclude: true}"),
}


def _plain(value: object) -> bool:
    return isinstance(value, str) and bool(PLAIN.match(value.strip()))


# the attribute list: its brace not escaped (an escaped \{ is the heading's own text), no brace inside
HEADING_RE = re.compile(r"^(#{1,6}) (.+?)\s*(?<!\\)\{[^{}]*#([a-z0-9-]+)[^{}]*\}\s*$")
ATTR_LINE_RE = re.compile(r"^\{[^}]*\}\s*$")
ATTR_ID_RE = re.compile(r"^\{[^}]*#([a-z0-9-]+)[^}]*\}\s*$")
FOOTNOTE_DEF_RE = re.compile(r"^\[\^[^\]]+\]:")
FOOTNOTE_REF_RE = re.compile(r"(?<!\\)\[\^[^\]]+\]")  # not \[^1\]: the text's own brackets, escaped
LEAD_RE = re.compile(r"^\*\*(.+?)\*\*")
# <!-- study:NAME --> or, for a speech of the library, <!-- study:NAME SLUG -->
MARKER_RE = re.compile(r"^<!--\s*study:([\w-]*)(?:\s+([a-z0-9-]+))?\s*-->\s*$")
STUDY_COMMENT = re.compile(r"<!--\s*study:")  # a marker anywhere: one not alone on its line is an error
ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>])")


def plain(line: str) -> str:
    """A Markdown line of a speech page as text: footnote references, bold marks and escapes removed."""
    text = FOOTNOTE_REF_RE.sub("", line).replace("**", "")
    if "\\" in text or "&" in text:
        text = html.unescape(ESCAPE_RE.sub(r"\1", text))
    return text


@dataclass(frozen=True)
class Section:
    src_uri: str  # e.g. part-1-leadership-team.md
    anchor: str
    label: str  # "一、怎样抓好班子建设 › （一）…", or the page's label
    heading: str  # the section's own heading (or the page label)
    text: str  # plain text: heading and body, markup removed


@dataclass(frozen=True)
class Page:
    src_uri: str  # relative to docs/, e.g. part-1-leadership-team.md
    title: str  # the nav title
    meta: dict
    markdown: str  # the body after the front matter
    h1_anchor: str
    nav_title: str | None = None  # its name in mkdocs.yml's nav (MkDocs shows it before the front matter's title)

    @property
    def is_speech(self) -> bool:
        return bool(self.meta.get("speech"))

    def markers(self) -> list[str]:
        return [name for name, _ in self._marker_args]

    def marker_args(self) -> list[tuple[str, str | None]]:
        """(name, speech) of each marker line; speech None when the marker names none."""
        return list(self._marker_args)

    @cached_property
    def _marker_args(self) -> tuple[tuple[str, str | None], ...]:
        """Read once (the page passes ask for a page's markers tens of thousands of times a build)."""
        return tuple((m.group(1), m.group(2)) for line in self.markdown.splitlines() if (m := MARKER_RE.match(line)))

    @property
    def folder(self) -> str:
        """The docs folder the page is in ("" at the top of docs/)."""
        return self.src_uri.rpartition("/")[0]

    def sections(self) -> list[Section]:
        """Sections of a speech page: its opening text (h1 anchor), then each h2 with its text."""
        sections: list[Section] = []
        page_label = self.meta.get("label")
        h1_label = page_label
        current: list[str] | None = None
        anchor = label = heading = ""

        def close() -> None:
            if current is not None:
                sections.append(Section(self.src_uri, anchor, label, heading, "".join(current)))

        added = False  # inside a <div class="… site-added …"> block: the site's words
        for line in self.markdown.splitlines():
            if added or (line.startswith("<div") and "site-added" in line):
                added = not line.startswith("</div>")
                continue
            m = HEADING_RE.match(line)
            if m:
                close()
                level, title, anchor = len(m.group(1)), plain(m.group(2)), m.group(3)
                if level == 1:
                    h1_label = page_label or title
                    label = heading = h1_label
                else:
                    label, heading = f"{h1_label} › {title}", title
                # a page's h1 is the site's name for it, not speech text, when a label is set
                current = [] if (level == 1 and page_label) else [title]
                continue
            if current is None or not line.strip():
                continue
            if ATTR_LINE_RE.match(line) or FOOTNOTE_DEF_RE.match(line) or line.startswith("<"):
                continue
            current.append(plain(line.strip()))
        close()
        return sections

    def heading_levels(self) -> dict[str, int]:
        """Each heading of the page (as text) -> its level (1 for #, 2 for ##)."""
        return {
            plain(m.group(2)): len(m.group(1))
            for line in self.markdown.splitlines()
            if line.startswith("#") and (m := HEADING_RE.match(line))
        }

    def anchors(self) -> dict[str, str]:
        """Headings and bold lead sentences of a speech page -> anchor."""
        found: dict[str, str] = {}
        for block in re.split(r"\n\s*\n", self.markdown):
            lines = block.strip().splitlines()
            if not lines:
                continue
            heading = HEADING_RE.match(lines[0])
            if heading:
                found[plain(heading.group(2))] = heading.group(3)
                continue
            lead = LEAD_RE.match(lines[0])
            attr = ATTR_ID_RE.match(lines[-1]) if len(lines) > 1 else None
            if lead and attr:
                found[plain(lead.group(1))] = attr.group(1)
        return found


def split_front_matter(text: str, name: str) -> tuple[dict, str]:
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 4)
    if end < 0:
        raise ContentError(name, "开头的 front matter 以 --- 开始，却没有以 --- 结束")
    meta = yamlfile.load(text[4:end], name, first_line=2) or {}
    if not isinstance(meta, dict):
        raise ContentError(name, "front matter 应是“key: value”形式的若干行")
    body = text[end + 4 :].split("\n", 1)[1] if "\n" in text[end + 4 :] else ""
    return meta, body


def check_meta(meta: dict, name: str) -> None:
    for key, value in meta.items():
        if key not in SCHEMA:
            raise ContentError(name, f"front matter 的键“{key}”未知；可用的键：{'、'.join(SCHEMA)}")
        allowed = SCHEMA[key][1](value)
        if allowed:
            raise ContentError(name, f"front matter 的“{key}: {value}”不允许，应为：{allowed}")


def load_page(docs: Path, src_uri: str, nav_title: str | None) -> Page:
    name = f"docs/{src_uri}"
    # line ends as MkDocs reads them (universal newlines): a page saved by WPS or Notepad with CRLF reads the same
    # (found by a tester: its front matter was not read, and the build blamed source/speech.txt for a missing anchor)
    text = read_text(docs / src_uri, name).replace("\r\n", "\n").replace("\r", "\n")
    meta, body = split_front_matter(text, name)
    check_meta(meta, name)
    h1 = ""
    offset = text.count("\n", 0, len(text) - len(body))  # the front matter's lines
    for number, line in enumerate(body.splitlines(), start=offset + 1):
        if line.startswith("#"):
            m = HEADING_RE.match(line)
            if not m:
                raise ContentError(name, f"标题没有写明 ASCII 锚点 {{ #id }}：{line.strip()}")
            if len(m.group(1)) == 1 and not h1:
                h1 = m.group(3)
        marker = MARKER_RE.match(line)
        if marker is None and STUDY_COMMENT.search(line):
            raise ContentError(name, f"第{number}行：学习标记必须单独占一行、从行首写起：{line.strip()}")
    title = meta.get("title") or nav_title or h1
    return Page(src_uri, str(title), meta, body, h1, None if nav_title is None else str(nav_title))
