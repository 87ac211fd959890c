"""Which characters a text may hold: an allow-list of Unicode categories, one registry for every reader.

Allowed: letters (L*), marks (M*, so variation selectors too), numbers (N*),
punctuation (P*), symbols (S*), spaces (Zs, so U+3000 and the no-break
space), tab, line feed and a carriage return that ends a line (CRLF), the
zero-width joiner of emoji sequences, and code points not yet assigned in
this Python's Unicode tables but in the ideograph planes 2 and 3 (Han
characters newer than the tables: Python 3.11 and 3.13 differ there).

Everything else is refused with its line and column: control characters
(Cc: NUL, ESC, form feed…), format characters (Cf: zero-width space, BOM
inside the text, direction overrides…), line and paragraph separators
(Zl, Zp: they break lines for some readers and not others), private-use
(Co), surrogates (Cs) and other unassigned code points (Cn).
"""

from __future__ import annotations

import unicodedata
from functools import cache

from .errors import ContentError

ALLOWED_CATEGORIES = frozenset(
    {"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No"}
    | {"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs"}
)
ALLOWED_CHARS = frozenset("\t\n\u200d")  # tab, line feed, zero-width joiner; CR only before LF (below)
REFUSED_CHARS = frozenset("\ufffd")  # the replacement character: the text lost characters in some conversion
CHUNK = 1 << 16
NEW_IDEOGRAPHS = range(0x20000, 0x40000)  # planes 2 and 3: unassigned here may be a newer Han character

NAMES = {
    0x00: "空字符 NUL",
    0x07: "响铃符",
    0x08: "退格符",
    0x0B: "垂直制表符",
    0x0C: "换页符",
    0x0D: "单独的回车符",
    0x1B: "转义符 ESC",
    0x7F: "删除符 DEL",
    0x85: "下一行符 NEL",
    0xA0: "不换行空格",
    0xAD: "软连字符",
    0x200B: "零宽空格",
    0x200C: "零宽不连字",
    0x200E: "从左到右标记",
    0x200F: "从右到左标记",
    0x2060: "零宽不换行符",
    0xFEFF: "零宽不换行空格（BOM）",
}
CATEGORY_NAMES = {
    "Cc": "控制字符",
    "Cf": "格式字符",
    "Zl": "行分隔符",
    "Zp": "段分隔符",
    "Co": "私用区字符",
    "Cs": "代理码位",
    "Cn": "未分配的码位",
}


def allowed(ch: str) -> bool:
    code = ord(ch)
    if ch in ALLOWED_CHARS:
        return True
    if ch in REFUSED_CHARS:
        return False
    category = unicodedata.category(ch)
    return category in ALLOWED_CATEGORIES or (category == "Cn" and code in NEW_IDEOGRAPHS)


@cache
def _invisible_allowed() -> tuple[str, ...]:
    """The allowed characters that str.isprintable() calls not printable: tab, LF, CRLF, ZWJ and the spaces."""
    spaces = [chr(c) for c in range(0x10000) if unicodedata.category(chr(c)) == "Zs" and c != 0x20]
    return ("\r\n", "\t", "\n", "\u200d", *spaces)


def _printable(text: str) -> bool:
    """True when every character is allowed, checked at C speed (20 million characters in about 0.05 s)."""
    for ch in _invisible_allowed():
        if ch in text:
            text = text.replace(ch, "")
    return text.isprintable() and not any(ch in text for ch in REFUSED_CHARS)


def first_refused(text: str) -> int | None:
    """The index of the first character outside the allow-list, or None."""
    if _printable(text):
        return None
    for start in range(0, len(text), CHUNK):  # only a chunk failing the fast test is read character by character
        if _printable(text[start : start + CHUNK]):
            continue
        for i in range(start, min(start + CHUNK, len(text))):
            ch = text[i]
            if not allowed(ch) and not (ch == "\r" and text.startswith("\n", i + 1)):
                return i
    return None  # only allowed characters the fast test does not know (new ideographs in planes 2 and 3)


REASONS = {
    "Cc": "看不见，会弄坏网页和 Word 文件",
    "Cf": "看不见，会让搜索和分行出错",
    "Zl": "会让不同的软件分行不同",
    "Zp": "会让不同的软件分行不同",
    "Co": "在别的电脑和手机上显示不出来",
    "Cs": "不是一个字，显示不出来",
    "Cn": "还不是统一码里的字，显示不出来",
}


def describe(ch: str) -> tuple[str, str]:
    """What is wrong with a refused character, and what to do: `控制字符 U+001B（转义符 ESC，看不见…）`, `请删去`."""
    code = ord(ch)
    if ch in REFUSED_CHARS:
        return f"替换字符 U+{code:04X}（说明文字在别处转换时已经丢字）", "请找回原来的字"
    category = unicodedata.category(ch)
    name = NAMES.get(code)
    reason = (name + "，" if name else "") + REASONS.get(category, "看不见")
    return f"{CATEGORY_NAMES.get(category, '不可见字符')} U+{code:04X}（{reason}）", "请删去"


def check(text: str, name: str, first_line: int = 1) -> None:
    """Refuse the first character outside the allow-list, naming `name`, its line and column."""
    start = first_refused(text)
    if start is None:
        return
    line_start = text.rfind("\n", 0, start) + 1
    line = text.count("\n", 0, start) + first_line
    column = start - line_start + 1
    what, remedy = describe(text[start])
    raise ContentError(name, f"第{line}行第{column}列有{what}：{remedy}")
