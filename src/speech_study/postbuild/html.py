"""Find elements in an HTML file with a real parser, and splice edits by offset.

Passes never rewrite HTML with regular expressions: they ask this parser
where an element's start tag and content are, then replace exactly those
characters, leaving every other byte of the page as the engine wrote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


KEEP_SPACE = {"pre", "textarea", "script", "style"}  # whitespace that is content, not layout


class Elements(list):
    """The elements in document order; `blanks`: the (start, end) of whitespace runs between tags."""

    def __init__(self) -> None:
        super().__init__()
        self.blanks: list[tuple[int, int]] = []


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    start: int  # offset of '<'
    tag_end: int  # offset after the start tag's '>'
    ancestors: tuple[Element, ...]  # the enclosing elements, outermost first
    content_end: int | None = None  # offset of the end tag's '<'
    text: list[str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def inside(self, tag: str) -> bool:
        return any(a.tag == tag for a in self.ancestors)


class _Parser(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.elements = Elements()
        self.stack: list[Element] = []

    def _here(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        start = self._here()
        raw = self.get_starttag_text() or ""
        el = Element(tag, dict(attrs), start, start + len(raw), tuple(self.stack))
        self.elements.append(el)
        if tag not in VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                self.stack[i].content_end = self._here()
                del self.stack[i:]
                return

    def handle_data(self, data):
        for el in self.stack:
            el.text.append(data)
        # whitespace between tags that holds a line break: renders as one space wherever whitespace collapses
        if "\n" in data and data.isspace() and not any(el.tag in KEEP_SPACE for el in self.stack):
            start = self._here()
            if self.source.startswith(data, start):
                self.elements.blanks.append((start, start + len(data)))


def parse(source: str) -> Elements:
    parser = _Parser(source)
    parser.feed(source)
    parser.close()
    return parser.elements


def content(source: str, el: Element) -> str:
    """The raw characters between an element's start and end tags."""
    return source[el.tag_end : el.content_end if el.content_end is not None else el.tag_end]


def collapse_blanks(elements: Elements, edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Edits turning each run of whitespace between tags into one line break, where no other edit is."""
    out = []
    for start, end in elements.blanks:
        if end - start > 1 and not any(a <= end and start <= b for a, b, _ in edits):
            out.append((start, end, "\n"))
    return out


def splice(source: str, edits: list[tuple[int, int, str]]) -> str:
    """Replace source[start:end] by text for each (start, end, text); edits must not overlap.

    Two passes rewriting the same characters is a bug in the passes (both would be
    written: a start tag twice, one <a> nested in another): it stops the build.
    """
    out, pos = [], 0
    for start, end, text in sorted(edits):
        if start < pos:
            raise ValueError(f"post-build edits overlap at offset {start}: {source[start:end][:80]!r}")
        out += [source[pos:start], text]
        pos = end
    return "".join(out) + source[pos:]


def start_tag(tag: str, attrs: dict[str, str | None]) -> str:
    """A start tag written back with the given attributes, values escaped."""
    from html import escape

    bits = [tag] + [k if v is None else f'{k}="{escape(v)}"' for k, v in attrs.items()]
    return "<" + " ".join(bits) + ">"
