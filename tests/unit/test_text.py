"""Text checks of the site's prose (typography, quotes), look-alikes everywhere, Markdown lint."""

from __future__ import annotations

import check_text


def test_all_text_rules_hold():
    assert check_text.check() == []


def test_t1_finds_half_width_punctuation_and_a_missing_space_before_latin():
    found = check_text.t1_typography([("about.md", "本站收录了3个部分,可用Word打开。\n")], code=[])
    assert len(found) == 1 and found[0].startswith("T1 about.md:1:")
    assert "3个部分，可用 Word 打开" in found[0]  # the digit stays next to the Chinese


def test_t1_finds_a_space_between_a_number_and_chinese():
    """Official documents write 2016年10月 and 每页22行: the old about page and meeting date fail."""
    old_about = "（A4、仿宋、每页 22 行、每行 28 字、页码居外侧）\n"
    found = check_text.t1_typography([("about.md", old_about)], code=[])
    assert [f.split("“")[1].split("”")[0] for f in found] == ["页 2", "2 行", "行 2", "8 字"]
    old_date = 'return m ? m[1] + " 年 " + Number(m[2]) + " 月 " + Number(m[3]) + " 日" : ""\n'
    found = " ".join(check_text.t1_typography([], code=[("handout.js", old_date)]))
    assert all(f'+ " {unit}' in found for unit in "年月日")
    template = '"search.result.other": "找到 # 个相关段落",\n'
    assert check_text.t1_typography([], code=[("main.html", template)])
    assert not check_text.t1_typography([("about.md", "每页22行，2016年10月，用 Word 打开\n")], code=[])


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
