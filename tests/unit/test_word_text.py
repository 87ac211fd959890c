"""A Word file reads as the page shows: the Markdown escapes of an imported speech's text undone.

An imported speech's text is written into Markdown escaped (render/text.md) so
that it renders to exactly itself; its Word file used to print the escapes
(“重要工作\\*亲自过问\\*” where the speech says “重要工作*亲自过问*”).
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from speech_study.pages import Page
from speech_study.render.text import SPECIAL, md, plain
from speech_study.render.word import speech_page_blocks

HEAD = "# 一、第一部分 {#part}\n\n"  # a speech page's heading, anchored as the importer writes it


@given(st.lists(st.sampled_from(sorted(SPECIAL | set("&;\"'~ 党的建设，。“”ampltx"))), max_size=40).map("".join))
def test_plain_reads_back_what_md_wrote(text):
    assert plain(md(text)) == text


@given(
    st.lists(st.sampled_from(sorted(SPECIAL | set("&;\"'~党的建设，。“”ampltx"))), min_size=1, max_size=40).map("".join)
)
def test_a_speech_paragraph_in_word_is_its_text(text):
    text = text.strip() or "党"
    page = Page("s/part-1.md", "一、第一部分", {"speech": True}, HEAD + md(text) + "\n", "part")
    runs = [r for b in speech_page_blocks(page, {}) for r in b.runs if b.style == "Normal"]
    assert "".join(t for t, _ in runs) == text


def test_the_case_that_was_printed_wrong():
    page = Page("s/part-1.md", "一、第一部分", {"speech": True}, HEAD + md("重要工作*亲自过问*") + "\n", "p")
    assert [t for b in speech_page_blocks(page, {}) for t, _ in b.runs][-1] == "重要工作*亲自过问*"
