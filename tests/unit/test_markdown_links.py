"""adapters/markdown_links.py: Python-Markdown's links found from bracket to bracket, with Python-Markdown's own
answers, order and HTML."""

from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.inlinepatterns import LINK_RE, LinkInlineProcessor

from speech_study.adapters import markdown_links

# texts of brackets, link syntax and Chinese text, with runs of brackets past LOOSE_BRACKETS now and then
pieces = st.sampled_from(
    ["[", "]", "(", ")", "a.md", "讲话", " ", "\\", "`", "![", "](b.md)", "[x]", "[" * 70, "]" * 70]
)
texts = st.lists(pieces, max_size=40).map("".join)


@given(texts, st.data())
def test_the_closing_bracket_is_the_one_python_markdown_finds(text, data):
    md = markdown.Markdown()
    ours, theirs = markdown_links.LinkProcessor(LINK_RE, md), LinkInlineProcessor(LINK_RE, md)
    index = data.draw(st.integers(0, len(text)))
    assert ours.getText(text, index) == theirs.getText(text, index)


@settings(max_examples=60)
@given(st.lists(st.one_of(texts, st.sampled_from(["\n\n", "<span>[甲](a.md)</span> ", "[乙][r]\n\n[r]: b.md\n"]))))
def test_the_html_is_python_markdowns_own_and_the_processors_run_in_the_same_order(parts):
    source = "".join(parts)
    plain = markdown.Markdown(extensions=["attr_list", "md_in_html"])
    ours = markdown.Markdown(extensions=["attr_list", "md_in_html"])
    markdown_links.register(ours)
    assert isinstance(ours.inlinePatterns["link"], markdown_links.LinkProcessor)
    assert [type(p).__name__ for p in ours.inlinePatterns] == [
        "LinkProcessor" if type(p) is LinkInlineProcessor else type(p).__name__ for p in plain.inlinePatterns
    ]
    assert ours.convert(source) == plain.convert(source)


def test_a_link_processor_of_another_extension_is_left_in_place():
    md = markdown.Markdown()

    class Theirs(LinkInlineProcessor):
        pass

    md.inlinePatterns.register(Theirs(LINK_RE, md), "link", 160)
    markdown_links.register(md)
    assert type(md.inlinePatterns["link"]) is Theirs
