"""字数 (counts.characters): what the import report states and the 文库 shows."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from sitetext import ROOT

from speech_study import counts
from speech_study.speech import parse

MARKS = "。；：一二三四五六七八九十"
SOURCE = (ROOT / "source" / "speech.txt").read_text(encoding="utf-8")


@settings(max_examples=50, deadline=None)
@given(st.data())
def test_white_space_is_no_character_of_the_speech(data):
    """Spaces a typist put between Chinese and Latin (学习 C# 语言), full-width or not, add nothing to 字数 (found
    by a reader: the 文库 counted them); every character of the text does count."""
    lines = SOURCE.split("\n")
    at = data.draw(st.sampled_from([n for n, line in enumerate(lines) if n >= 2 and len(line) > 6]))
    # past a heading's number, and away from a point's (。二要): the structure stays as it was
    line = lines[at]
    where = data.draw(st.sampled_from([i for i in range(6, len(line)) if not {line[i - 1], line[i]} & set(MARKS)]))
    space = data.draw(st.text(st.sampled_from(" \u3000\u00a0\t"), min_size=1, max_size=3))
    spaced = lines[:at] + [lines[at][:where] + space + lines[at][where:]] + lines[at + 1 :]
    before, after = parse(SOURCE), parse("\n".join(spaced))
    assert counts.characters(after) == counts.characters(before)
    added = lines[:at] + [lines[at] + "字"] + lines[at + 1 :]
    assert counts.characters(parse("\n".join(added))) == counts.characters(before) + 1
