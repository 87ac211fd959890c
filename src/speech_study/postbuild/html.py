"""Find elements in an HTML file with a real parser, and splice edits by offset.

Passes never rewrite HTML with regular expressions: they ask this parser
where an element's start tag and content are, then replace exactly those
characters, leaving every other byte of the page as the engine wrote it.

The parser is Python's `html.parser`, driven two ways with the same handlers
(`drive`): a page written in plain, well-formed markup (what Material's
templates and the checked content are) is read by `scan`, one regular
expression per token, about four times faster; anything else in the page
(a `<` that starts no tag, a bare value running into `/>`, white space other
than ASCII's inside a tag, a `<!--` or `</` inside a script, a processing
instruction, CDATA…) makes `scan` give up and `html.parser` read the page.
Where `scan` reads a page it calls the handlers exactly as `html.parser`
does on Python 3.11 to 3.14 (tests/unit/test_html_scan.py compares both on
generated markup and on built pages).
"""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


KEEP_SPACE = {"pre", "textarea", "script", "style"}  # whitespace that is content, not layout

# --- scan: the plain subset of HTML, read token by token -------------------------------------------

_W = r"[ \t\n\r\f]"  # the white space every version of html.parser treats alike inside a tag
_NAME = r"[a-zA-Z][a-zA-Z0-9-]*"
_ATTR_NAME = r"[^\s\"'<>/=\x00-\x1f\x7f]+"
_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"'<>/=`\x00-\x1f\x7f]+(?![^ \t\n\r\f>]))"""
_ATTR = re.compile(rf"{_W}+({_ATTR_NAME})(?:{_W}*={_W}*({_VALUE}))?")
# one token per match, and every character in one: text, a start tag (name, attributes, "/"), an end tag, a
# comment, a doctype; a "<" that starts none of them is `bad` (the page is then not plain markup)
_TOKEN = re.compile(
    rf"""
    ([^<]+
  | <({_NAME})((?:{_W}+{_ATTR_NAME}(?:{_W}*={_W}*{_VALUE})?)*){_W}*(/?)>
  | </({_NAME})>
  | <!--((?:[^<>\-](?:[^<>\-]|-(?=[^<>\-]))*)?)-->
  | <!([dD][oO][cC][tT][yY][pP][eE](?:{_W}+[a-zA-Z]+)?)>
  | (<))
""",
    re.VERBOSE,
)
# elements whose content some version of html.parser reads as raw text: script and style (every version; the
# content is then one raw chunk up to the end tag, when it holds no "</" and no "<!--"), and those newer versions
# add (scanned only when their content holds no "<" and no "&", which every version then reads alike)
_RAW = {"script", "style"}
_RAW_NEWER = {"xmp", "iframe", "noembed", "noframes", "noscript", "plaintext", "title", "textarea"}


@lru_cache(maxsize=4096)
def _attr_value(raw: str) -> str:
    """An attribute value holding "&", as this Python's html.parser decodes it (versions differ)."""
    got: list[str] = []

    class One(HTMLParser):
        def handle_starttag(self, tag, attrs):
            got.append(attrs[0][1])

    one = One(convert_charrefs=True)
    one.feed(f"<x a={raw}>")
    one.close()
    return got[0]


@lru_cache(maxsize=65536)
def _attrs(source: str) -> tuple[tuple[str, str | None], ...]:
    """A start tag's attributes as html.parser gives them (a page repeats the same few strings: kept)."""
    out: list[tuple[str, str | None]] = []
    for name, value in _ATTR.findall(source):
        if not value:  # no "=": html.parser gives None (an empty quoted value is "" below)
            out.append((name.lower(), None))
        elif "&" in value:
            out.append((name.lower(), _attr_value(value)))
        elif value[0] in "\"'":
            out.append((name.lower(), value[1:-1]))
        else:
            out.append((name.lower(), value))
    return tuple(out)


Event = tuple  # ("start"|"startend", tag, attrs, start, end) ("end", tag, start, end) ("data", text, start, end)
# ("comment", text, start, end) ("decl", text, start, end)


def scan(source: str) -> list[Event] | None:
    """The handler calls html.parser would make for `source`, or None when `source` is not plain markup."""
    events: list[Event] = []
    append = events.append
    unescape = html_module.unescape
    pos = 0
    raw_until = -1  # inside a raw-text element: the offset of its end tag (the tokens before it are its text)
    # findall: the whole page tokenized in C; each token's kind is told by its first characters
    for token, tag, attrs, close, end_tag, comment, decl, bad in _TOKEN.findall(source):
        end = pos + len(token)
        if raw_until >= 0:
            if end < raw_until:
                pos = end
                continue
            if end > raw_until:  # a token runs over the end tag: not plain markup
                return None
            raw_until = -1  # the end tag's own token
            pos = end
            continue
        first = token[0]
        if first != "<":
            append(("data", unescape(token) if "&" in token else token, pos, end))
        elif tag:
            tag = tag.lower()
            got = list(_attrs(attrs)) if attrs else []
            if tag in _RAW or tag in _RAW_NEWER:
                raw = _raw_text(source, tag, end) if not close else None  # newer versions may read on as raw text
                if raw is None:
                    return None
                append(("start", tag, got, pos, end))
                if raw > end:
                    append(("data", source[end:raw], end, raw))
                append(("end", tag, raw, raw + len(tag) + 3))
                raw_until = raw + len(tag) + 3  # its text's tokens and its end tag's are skipped
            else:
                append(("startend" if close else "start", tag, got, pos, end))
        elif end_tag:
            append(("end", end_tag.lower(), pos, end))
        elif bad:
            return None
        elif token[1:4] == "!--":
            append(("comment", comment, pos, end))
        else:
            append(("decl", decl, pos, end))
        pos = end
    return events if pos == len(source) and raw_until < 0 else None


def _raw_text(source: str, tag: str, start: int) -> int | None:
    """Where the content of a raw-text element starting at `start` ends (its end tag), when every version of
    html.parser reads it alike; else None."""
    if tag == "plaintext":  # newer versions read the rest of the page as its text
        return None
    close = source.find(f"</{tag}>", start)
    if close < 0:
        return None
    body = source[start:close]
    if tag in _RAW:
        if "</" in body or "<!--" in body:
            return None
    elif "<" in body or "&" in body:
        return None
    return close


class Driven(HTMLParser):
    """An html.parser whose handlers may also be called by `drive` (then `here()` and `get_starttag_text()`
    answer for the token being handled, as they do under html.parser itself; html.parser's other state, such
    as getpos(), is not kept: a handler asks `here()`)."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self._scanned: tuple[int, str] | None = None  # the token's offset and start tag, while `drive` runs
        self._line_starts: list[int] | None = None

    def here(self) -> int:
        """The offset in the source of the token being handled."""
        if self._scanned is not None:
            return self._scanned[0]
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.source)]
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def get_starttag_text(self) -> str | None:
        if self._scanned is not None:
            return self._scanned[1]
        return super().get_starttag_text()


def drive(parser: Driven, fast: bool = True) -> None:
    """Feed the parser its source: through `scan` when the source is plain markup, else html.parser's own."""
    source = parser.source
    events = scan(source) if fast else None
    if events is None:
        parser.feed(source)
        parser.close()
        return
    handlers: dict[str, Callable] = {
        "start": parser.handle_starttag,
        "startend": parser.handle_startendtag,
        "end": parser.handle_endtag,
        "data": parser.handle_data,
        "comment": parser.handle_comment,
        "decl": parser.handle_decl,
    }
    try:
        for event in events:
            kind = event[0]
            if kind == "start" or kind == "startend":
                parser._scanned = (event[3], source[event[3] : event[4]])
                handlers[kind](event[1], event[2])
            else:
                parser._scanned = (event[2], "")
                handlers[kind](event[1])
    finally:
        parser._scanned = None


# --- the elements of a page ------------------------------------------------------------------------


class Elements(list):
    """The elements in document order; `blanks`: the (start, end) of whitespace runs between tags."""

    def __init__(self) -> None:
        super().__init__()
        self.blanks: list[tuple[int, int]] = []


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str | None]
    start: int  # offset of '<'
    tag_end: int  # offset after the start tag's '>'
    ancestors: tuple[Element, ...]  # the enclosing elements, outermost first
    content_end: int | None = None  # offset of the end tag's '<'
    _texts: list[str] | None = None  # the page's text chunks, in order (shared by every element of the page)
    _first: int = 0  # this element's chunks: _texts[_first:_last] (to the end while it is open)
    _last: int | None = None

    @property
    def text(self) -> list[str]:
        """The text inside the element, decoded, in the chunks the parser gave it."""
        return [] if self._texts is None else self._texts[self._first : self._last]

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def inside(self, tag: str) -> bool:
        return any(a.tag == tag for a in self.ancestors)


class _Parser(Driven):
    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.elements = Elements()
        self.stack: list[Element] = []
        self.texts: list[str] = []
        self.keep_space = 0  # open elements whose whitespace is content

    def handle_starttag(self, tag, attrs):
        start = self.here()
        raw = self.get_starttag_text() or ""
        el = Element(tag, dict(attrs), start, start + len(raw), tuple(self.stack), None, self.texts, len(self.texts))
        self.elements.append(el)
        if tag in VOID:
            el._last = el._first  # never open: no text of its own
        else:
            self.stack.append(el)
            if tag in KEEP_SPACE:
                self.keep_space += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1].tag == tag:
            self._close(len(self.stack) - 1)

    def _close(self, i: int) -> None:
        for el in self.stack[i:]:
            el._last = len(self.texts)
            if el.tag in KEEP_SPACE:
                self.keep_space -= 1
        del self.stack[i:]

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                self.stack[i].content_end = self.here()
                self._close(i)
                return

    def handle_data(self, data):
        if self.stack:
            self.texts.append(data)
        # whitespace between tags that holds a line break: renders as one space wherever whitespace collapses
        if "\n" in data and not self.keep_space and data.isspace():
            start = self.here()
            if self.source.startswith(data, start):
                self.elements.blanks.append((start, start + len(data)))


def parse(source: str, fast: bool = True) -> Elements:
    """The page's elements; `fast` False: html.parser reads it whatever it holds (the tests' reference)."""
    parser = _Parser(source)
    drive(parser, fast)
    return parser.elements


def head_start(elements: list[Element]) -> int:
    """Where a pass puts what goes first in <head> (the CSP, a page's own <meta>): right after <meta charset> when
    that is the head's first element, so that it stays within the first 1,024 bytes, where a browser looks for the
    encoding before it reads the page (a page opened from a folder or served without a charset has nothing else
    saying UTF-8); else right after <head>, before anything the policy must come before."""
    head = next(el for el in elements if el.tag == "head")
    first = next((el for el in elements if el.ancestors and el.ancestors[-1] is head), None)
    if first is not None and first.tag == "meta" and "charset" in first.attrs:
        return first.tag_end
    return head.tag_end


def content(source: str, el: Element) -> str:
    """The raw characters between an element's start and end tags."""
    return source[el.tag_end : el.content_end if el.content_end is not None else el.tag_end]


def collapse_blanks(elements: Elements, edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Edits turning each run of whitespace between tags into one line break, where no other edit is."""
    spans = sorted((a, b) for a, b, _ in edits)
    out = []
    i, reach = 0, -1  # the edits starting at or before the blank's end, and the furthest end among them
    for start, end in elements.blanks:  # in document order
        while i < len(spans) and spans[i][0] <= end:
            reach = max(reach, spans[i][1])
            i += 1
        if end - start > 1 and reach < start:  # no edit with a <= end and start <= b
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
