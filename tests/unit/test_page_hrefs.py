"""The page cache's key lists every link of a page (postbuild/page_cache.py `hrefs`): every href Python's HTML
parser reads (the page passes' parser), for any markup; on markup as generated, the same values, in the same
order, as a plain reading of the text with a case-blind pattern gives."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from speech_study.postbuild.page_cache import HREF, WHITESPACE, hrefs

# the reference: the pattern on the text itself, as Python's parser reads an attribute (Unicode white space)
PLAIN = re.compile(r"""href\s*=+\s*(?:"([^"]*)"|'([^']*)'|(?!["'])([^>\s]*))""", re.I)
SHORTER = re.compile(r"""[^"'=<>`]*""")

pieces = st.one_of(
    st.sampled_from(["href", "HREF", "hRef", "href=", "href =", "=", '"', "'", " ", "\t", "\n", "<a ", ">", "&amp;"]),
    st.sampled_from(["İ", "K", "ſ", "\u3000", "\xa0", "\x1c", "\u2028", "\u205f", "讲话", "#第一节", "../part-1/"]),
    st.sampled_from(["a.md", "a=b", "a`b", "x'y", "==", "<p ", "/>", ' href="u.md"', "<a href\u3000=v.md>"]),
    st.text(max_size=4),
)


def reference(source: str) -> list[str]:
    """The pattern tried at every "href" of the text, matches overlapping (a quoted value may hold another)."""
    found = []
    for start in (m.start() for m in re.finditer("(?i)href", source)):
        m = PLAIN.match(source, start)
        if m is None:
            continue
        value = next(g for g in m.groups() if g is not None)
        found.append(unescape(value))
        if m.group(3) is not None:
            found.append(unescape(SHORTER.match(value).group()))
    return list(dict.fromkeys(found))


class _Read(HTMLParser):
    """What the page passes' parser reads: every href of every tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.values += [value for name, value in attrs if name == "href" and value is not None]

    handle_startendtag = handle_starttag


def parsed(source: str) -> list[str]:
    reader = _Read()
    reader.feed(source)
    reader.close()
    return reader.values


def test_the_white_space_is_every_character_a_str_pattern_calls_white_space():
    spaces = set(re.findall(r"\s", "".join(map(chr, range(0x110000)))))
    pattern = re.compile(WHITESPACE + rb"\Z")
    assert all(pattern.match(ch.encode("utf-8")) for ch in spaces)
    # and nothing else: no other character whose UTF-8 starts with a byte the pattern's alternatives start with
    # (ASCII, 0xC2, 0xE1, 0xE2, 0xE3) is matched
    starts = [*range(0x80), *range(0x80, 0xC0), *range(0x1000, 0x2000), *range(0x2000, 0x3000), *range(0x3000, 0x4000)]
    others = (chr(c) for c in starts if chr(c) not in spaces)
    assert not any(pattern.match(ch.encode("utf-8")) for ch in others)


@given(st.lists(pieces, max_size=30).map("".join))
@example('href="<a href\u3000=v.md>"')  # a quoted value holding a tag the parser reads
@example('<p title="<a href=x.md>">')
def test_every_href_the_parser_reads_is_in_the_key(source):
    assert set(parsed(source)) <= set(hrefs(source)), HREF.pattern


@given(st.lists(pieces, max_size=30).map("".join))
def test_every_href_value_once_in_order_as_the_text_has_it(source):
    assert hrefs(source) == reference(source)


def test_quoted_unquoted_and_escaped_values():
    source = """<a HREF="../a/">一</a><a href='b.md#x'>二</a><a href=c&amp;d>三</a><a href="../a/">一</a>"""
    assert hrefs(source) == ["../a/", "b.md#x", "c&d"]


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.one_of(st.text(st.characters(exclude_categories=["Cs"])), st.sampled_from(["\r", "\n", "\r\n"]))).map(
        "".join
    )
)
def test_a_page_is_read_as_read_text_reads_it(tmp_path_factory, text):
    """The passes read a page's bytes (read_page: a page taken from the cache is never decoded), as `read_text`
    reads it: a line break written "\\r\\n" or "\\r" is "\\n"."""
    from speech_study.postbuild.page_cache import read_page

    path = tmp_path_factory.mktemp("page") / "index.html"
    path.write_bytes(text.encode("utf-8"))
    assert read_page(path) == path.read_text(encoding="utf-8").encode("utf-8")
