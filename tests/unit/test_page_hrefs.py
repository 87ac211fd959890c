"""The page cache's key lists every link of a page (postbuild/page_cache.py `hrefs`): on generated markup, the
same values, in the same order, as a plain reading of the text with a case-blind pattern gives."""

from __future__ import annotations

import re
from html import unescape

from hypothesis import given
from hypothesis import strategies as st

from speech_study.postbuild.page_cache import hrefs

# the reference: the pattern on the text itself, letters and white space as HTML has them (ASCII only)
PLAIN = re.compile(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I | re.A)

pieces = st.one_of(
    st.sampled_from(["href", "HREF", "hRef", "href=", "href =", "=", '"', "'", " ", "\t", "\n", "<a ", ">", "&amp;"]),
    st.sampled_from(["İ", "K", "ſ", "\u3000", "\xa0", "讲话", "#第一节", "../part-1/", "a.md"]),
    st.text(max_size=4),
)


def reference(source: str) -> list[str]:
    found = [unescape(next(g for g in m.groups() if g is not None)) for m in PLAIN.finditer(source)]
    return list(dict.fromkeys(found))


@given(st.lists(pieces, max_size=30).map("".join))
def test_every_href_value_once_in_order_as_the_text_has_it(source):
    assert hrefs(source) == reference(source)


def test_quoted_unquoted_and_escaped_values():
    source = """<a HREF="../a/">一</a><a href='b.md#x'>二</a><a href=c&amp;d>三</a><a href="../a/">一</a>"""
    assert hrefs(source) == ["../a/", "b.md#x", "c&d"]
