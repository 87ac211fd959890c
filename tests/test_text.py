"""Text checks of the site's prose (typography, quotes), look-alikes everywhere, Markdown lint."""

from __future__ import annotations

import check_text


def test_all_text_rules_hold():
    assert check_text.check() == []


def test_t1_finds_half_width_punctuation_and_missing_spaces():
    found = check_text.t1_typography([("about.md", "本站收录了3个部分,供学习参考。\n")])
    assert found and found[0].startswith("T1 about.md:1:") and "3 个部分，" in found[0]


def test_t2_finds_corner_brackets_and_straight_quotes():
    found = check_text.t2_quotes([("about.md", '他说「学习」。\n见"术语表"。\n')])
    assert [f[:14] for f in found] == ["T2 about.md:1:", "T2 about.md:2:"]


def test_t3_finds_look_alike_characters_even_in_the_speech():
    text = "⼀要带头讲党性。\n党组织書记\u200b要讲担当。\n"  # KANGXI RADICAL ONE, a zero-width space
    found = check_text.t3_lookalikes([("source/speech.txt", text)])
    assert "T3 source/speech.txt:1:1: U+2F00 KANGXI RADICAL ONE" in found
    assert any("U+200B ZERO WIDTH SPACE" in f for f in found)


def test_the_checks_never_touch_the_speech_pages():
    prose = [where for where, _ in check_text.prose()]
    assert "docs/about.md" in prose and not any("part-" in w or w == "docs/index.md" for w in prose)
