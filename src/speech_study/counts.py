"""Numbers the site states in Chinese, and how long a speech is: one function for each.

Chinese says a count of two with 两 before a measure word (两条, 两个部分, 两项)
and 二 everywhere else: in ordinals and numbering (第二部分, 二、讨论题), and
inside larger numbers (十二条, 二十二条). Every generated number goes through
`chinese`: with a measure word it is a count, without one it is a numbering.

`characters` is the 字数 the import report states and the 文库 shows: the
speech as it reads on the site (title and text, without the notice line).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .speech import Speech

DIGITS = "〇一二三四五六七八九"
LIMIT = 99  # the site never numbers or counts more (parts, sections, points, questions' groups)


def chinese(n: int, measure: str | None = None) -> str:
    """1 → 一, 2 → 二, 12 → 十二, 20 → 二十 (numbering: 第二部分, 二、); with a measure word,
    a count: chinese(2, "条") → 两条, chinese(12, "条") → 十二条, chinese(2, "个部分") → 两个部分."""
    if not 1 <= n <= LIMIT:
        raise ValueError(f"no Chinese numeral for {n} (1 to {LIMIT})")
    tens, ones = divmod(n, 10)
    if tens == 0:
        word = DIGITS[ones]
    else:
        word = ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")
    if measure is None:
        return word
    if not measure:
        raise ValueError("a count needs its measure word (条, 个部分, 项)")
    return ("两" if n == 2 else word) + measure


def characters(speech: Speech) -> int:
    """字数: the characters of the speech as it reads on the site (its title and text; not the notice)."""
    return len(speech.text)
