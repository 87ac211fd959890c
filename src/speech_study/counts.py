"""Numbers the site states in Chinese, and how long a speech is: one function for each.

Chinese says a count of two with 两 before a measure word (两条, 两个部分, 两项),
and a count that begins with 二百, 二千 or 二万 with 两 too (两百篇); it says 二
everywhere else: in ordinals and numbering (第二部分, 二、讨论题), and inside
larger numbers (十二条, 二十二条, 一百零二篇). Every generated number goes
through `chinese`: with a measure word it is a count, without one it is a
numbering. Numbers past 99 are said in full (一百零八个小节, 一千篇): a library
of a thousand speeches, a speech of a hundred sections.

`characters` is the 字数 the import report states and the 文库 shows: the
speech as it reads on the site (title and text, without the notice line).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .speech import Speech

DIGITS = "〇一二三四五六七八九"
# the largest number said in words (a library of a thousand speeches, a speech of a hundred and eight sections)
LIMIT = 99_999_999


def chinese(n: int, measure: str | None = None) -> str:
    """1 → 一, 2 → 二, 12 → 十二, 20 → 二十, 108 → 一百零八, 1010 → 一千零一十, 20000 → 二万 (numbering: 第二部分,
    二、); with a measure word, a count: chinese(2, "条") → 两条, chinese(12, "条") → 十二条, chinese(2, "个部分")
    → 两个部分, chinese(108, "个小节") → 一百零八个小节."""
    if not 1 <= n <= LIMIT:
        raise ValueError(f"no Chinese numeral for {n} (1 to {LIMIT})")
    if measure is not None and not measure:
        raise ValueError("a count needs its measure word (条, 个部分, 项)")
    word = _words(n)
    if measure is None:
        return word
    if n == 2 or (word[0] == "二" and word[1:2] in ("百", "千", "万")):  # 两条, 两百篇, 两千字
        word = "两" + word[1:]
    return word + measure


def _words(n: int) -> str:
    """1 to 99,999,999 in words: 十二 (not 一十二) alone, 一百一十 inside a larger number, one 零 for each gap."""
    if n < 10:
        return DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")
    if n >= 10_000:
        high, low = divmod(n, 10_000)
        return _words(high) + "万" + (_within(low, gap=low < 1000) if low else "")
    return _within(n, gap=False)


def _within(n: int, gap: bool) -> str:
    """1 to 9999 after a larger place (or alone from 100 on): every place said, a run of zeros as one 零."""
    out, zero = ["零"] if gap else [], False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            if zero and out and out[-1] != "零":
                out.append("零")
            out.append(DIGITS[digit] + unit)
            zero = False
        else:
            zero = bool(out)
    return "".join(out)


def characters(speech: Speech) -> int:
    """字数: the characters of the speech as it reads on the site (its title and text; not the notice), white space
    not counted (a space between Chinese and Latin, 学习 C# 语言, is no character of the speech's)."""
    return sum(1 for ch in speech.text if not ch.isspace())
