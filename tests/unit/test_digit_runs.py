"""adapters/markdown_ext.py's DigitRuns: each run of full-width digits in a span of its own, the text unchanged.

Generated paragraphs, headings, code spans and links mix ideographs, full-width and half-width digits, full-width
points and colons and punctuation; each is converted with and without the pass."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from speech_study.adapters.markdown_ext import DIGIT_RUN, DIGITS_CLASS, DigitRuns

PIECES = st.sampled_from(list("年近第０１９．：，。20％‰ “”"))
TEXT = st.lists(PIECES, min_size=1, max_size=30).map(lambda p: "".join(p).strip() or "０")
# each block: text before, inside and after (a tail: the text after an inline element)
BLOCKS = {"": "{}{}{}", "code": "{}`{}`{}", "link": "{}[{}](x.md){}", "strong": "{}**{}**{}", "heading": "# {}{}{}"}


def convert(source: str, runs: bool) -> tuple[etree.Element, markdown.Markdown]:
    md = markdown.Markdown(extensions=["toc", "attr_list"])
    if runs:
        md.treeprocessors.register(DigitRuns(md), "digit_runs", 6.5)
    return etree.fromstring(f"<body>{md.convert(source)}</body>"), md


def is_run(el: etree.Element) -> bool:
    return el.tag == "span" and el.get("class") == DIGITS_CLASS


def loose_text(el: etree.Element):
    """Each piece of text that is neither inside code nor a run's own span."""
    if el.tag == "code":
        return
    if el.text and not is_run(el):
        yield el.text
    for child in el:
        yield from loose_text(child)
        if child.tail:
            yield child.tail


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list(BLOCKS)), TEXT, TEXT, TEXT), min_size=1, max_size=4))
def test_each_run_outside_code_is_one_span_of_its_own_and_the_text_is_unchanged(blocks):
    # a run of the text before or after an element may not run on into it: a letter between keeps them apart
    source = "\n\n".join(BLOCKS[kind].format(a + "甲", b, "乙" + c) for kind, a, b, c in blocks)
    (plain, _), (spanned, _) = convert(source, False), convert(source, True)
    assert "".join(spanned.itertext()) == "".join(plain.itertext())
    runs = [el for el in spanned.iter() if is_run(el)]
    assert all(DIGIT_RUN.fullmatch(el.text or "") and not len(el) for el in runs)
    assert not [text for text in loose_text(spanned) if DIGIT_RUN.search(text)]
    assert not [el for code in spanned.iter("code") for el in code.iter() if is_run(el)]
    pieces = [text for kind, a, b, c in blocks for text in ((a, c) if kind == "code" else (a, b, c))]
    assert len(runs) == sum(len(DIGIT_RUN.findall(text)) for text in pieces), source


def test_a_heading_keeps_its_plain_title_and_its_anchor():
    heading = "# １９９２年的１２．５％ 和 1992\n"
    (spanned, md), (_, plain) = convert(heading, True), convert(heading, False)
    assert [el.text for el in spanned.iter() if is_run(el)] == ["１９９２", "１２．５％"]
    assert md.toc_tokens[0]["name"] == plain.toc_tokens[0]["name"] == "１９９２年的１２．５％ 和 1992"
    assert md.toc_tokens[0]["id"] == plain.toc_tokens[0]["id"]
