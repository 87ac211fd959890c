"""postbuild/html.py's `scan`: where it reads a page, the handlers see exactly what html.parser shows them.

The reference is html.parser itself, on the Python running the tests (3.11 here, 3.13 in the Debian 13
check): every handler call, its arguments, the offset it reports and the start tag's text, in order. The
inputs are generated from pieces chosen for where parsers differ (quotes, bare values against `/>`,
entities in text and attributes, white space other than ASCII's inside tags, comments with dashes, `<`
that opens nothing, script and style content, the elements newer versions read as raw text), and plain
markup `scan` must read.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from speech_study.postbuild.article_text import article_text
from speech_study.postbuild.content_safety import tokens
from speech_study.postbuild.html import VOID, Driven, Elements, collapse_blanks, drive, parse, scan


class Recorder(Driven):
    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.calls: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.calls.append(("start", tag, list(attrs), self.here(), self.get_starttag_text()))

    def handle_startendtag(self, tag, attrs):
        self.calls.append(("startend", tag, list(attrs), self.here(), self.get_starttag_text()))

    def handle_endtag(self, tag):
        self.calls.append(("end", tag, self.here()))

    def handle_data(self, data):
        # html.parser may hand over one run of text in several chunks; what a handler can rely on is the text
        if self.calls and self.calls[-1][0] == "data":
            self.calls[-1] = ("data", self.calls[-1][1] + data, self.calls[-1][2])
        else:
            self.calls.append(("data", data, self.here()))

    def handle_comment(self, data):
        self.calls.append(("comment", data, self.here()))

    def handle_decl(self, decl):
        self.calls.append(("decl", decl, self.here()))

    def handle_pi(self, data):
        self.calls.append(("pi", data, self.here()))

    def unknown_decl(self, data):
        self.calls.append(("unknown", data, self.here()))


def calls(source: str, fast: bool) -> list[tuple]:
    recorder = Recorder(source)
    drive(recorder, fast)
    return recorder.calls


def same_as_html_parser(source: str) -> bool:
    """Asserts the handler calls agree wherever `scan` reads `source`; whether it did."""
    if scan(source) is None:
        return False
    assert calls(source, True) == calls(source, False), source
    fast, slow = parse(source), parse(source, fast=False)
    assert [(e.tag, e.attrs, e.start, e.tag_end, e.content_end, "".join(e.text)) for e in fast] == [
        (e.tag, e.attrs, e.start, e.tag_end, e.content_end, "".join(e.text)) for e in slow
    ]
    assert all(e.text == [] for e in fast if e.tag in VOID)
    assert [[a.start for a in e.ancestors] for e in fast] == [[a.start for a in e.ancestors] for e in slow]
    assert fast.blanks == slow.blanks
    assert tokens(source) == tokens(source, fast=False)  # the content check's tokens (content_safety.py)
    assert article_text(source) == article_text(source, fast=False)  # the fidelity check's text
    return True


TAGS = ["a", "p", "div", "span", "br", "img", "script", "style", "title", "textarea", "pre", "svg", "path"]
TAGS += ["xmp", "iframe", "noscript", "plaintext", "A", "Br", "my-el", "x_y", "h1"]
NAMES = ["href", "class", "id", "data-x", "open", "HREF", "x", "a:b", "on-x", "é", "v\u3000w"]
VALUES = ['"x"', "'y'", '""', "bare", "bare/", '"a>b"', "'a\"b'", '"&amp;"', '"&lt;x&gt;"', "a&amp;b", '"&notin;"']
VALUES += ['"&amp=x"', '"&#38;"', '"&#x26;y"', '"\u3000"', "x`y", '"a\nb"', "&quot;"]
SPACES = [" ", "  ", "\n", "\t", "\u3000", "\x0b", "\xa0", "\r\n", "/", " /"]


@st.composite
def start_tags(draw) -> str:
    tag = draw(st.sampled_from(TAGS))
    out = "<" + tag
    for _ in range(draw(st.integers(0, 3))):
        out += draw(st.sampled_from(SPACES)) + draw(st.sampled_from(NAMES))
        if draw(st.booleans()):
            out += draw(st.sampled_from(["=", " = ", "==", "=\n"])) + draw(st.sampled_from(VALUES))
    return out + draw(st.sampled_from(["", " ", "/", " /", "\u3000", "\n"])) + ">"


PIECES = st.one_of(
    start_tags(),
    st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
    st.sampled_from(["</a >", "</ a>", "</>", "</3>", "</p\u3000>", "</SCRIPT>", "</script >", "</style>"]),
    st.sampled_from(["<!--x-->", "<!---->", "<!-- a - b -->", "<!--->", "<!-->", "<!--a--b-->", "<!--a--!>"]),
    st.sampled_from(["<!--a-", "<!doctype html>", "<!DOCTYPE html>", "<!x>", "<?pi?>", "<![CDATA[x]]>", "<"]),
    st.sampled_from(["text", "文字", " ", "\n  \n", "&amp;", "&lt;", "&nbsp;x", "&notin;", "&amp", "a < b", ">"]),
    st.sampled_from(["x<<5", "a</b", "<!--", "-->", "&#38;", "&#x3c;", "\u3000", "\r\n", "e=>e"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8),
)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=24).map("".join))
@example("<script>a<b&&c</script>")
@example('<a href="x"/>')
@example("<a href=x/>")
@example("<p>a &amp; b</p>")
def test_scan_agrees_with_html_parser_wherever_it_reads(source):
    same_as_html_parser(source)


RAW_TEXT = ("script", "style", "title", "textarea", "xmp", "iframe", "noscript", "plaintext")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(start_tags(), st.sampled_from(TAGS).map(lambda t: f"</{t}>"), st.just("x")), max_size=20))
def test_scan_reads_plain_markup(pieces):
    """Markup with double-quoted values, ASCII spaces and no raw-text elements is always read by `scan`."""
    plain = [p for p in pieces if "\u3000" not in p and "\x0b" not in p and "\xa0" not in p]
    source = "".join(plain)
    if any(f"<{t}" in source.lower() for t in RAW_TEXT):
        return
    if any(bad in source for bad in ("bare/", "x`y", "x_y", "a:b", "é", "==", "/ ", "//", "/\n", "/\t")):
        return
    if "/" in source.replace("</", "").replace("/>", "") or re.search(r"=\s*[^\"'\s>]+/", source):
        return  # a "/" outside "</" and "/>", or a bare value running into "/>" (html.parser reads it as the value's)
    assert same_as_html_parser(source), source


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 6)), max_size=12),
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 8)), max_size=8),
)
def test_collapse_blanks_leaves_every_blank_an_edit_touches(blanks, edits):
    """The blanks an edit overlaps or touches stay (the edit may need them); runs of one character stay."""
    elements = Elements()
    pos = 0
    for gap, n in blanks:  # as the parser finds them: apart, in document order
        elements.blanks.append((pos + gap, pos + gap + n))
        pos += gap + n + 1
    spans = [(a, a + n, "x") for a, n in edits]
    expected = [
        (start, end, "\n")
        for start, end in elements.blanks
        if end - start > 1 and not any(a <= end and start <= b for a, b, _ in spans)
    ]
    assert collapse_blanks(elements, spans) == expected
