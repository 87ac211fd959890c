"""Names: the speech's slug, its pages' and anchors' names (ASCII pinyin), kept in anchors.yml for ever."""

from __future__ import annotations

import re

import yaml

from .analyse import SECTION_PREFIX_RE

QUOTED_RE = re.compile(r"“([\u3400-\u9fff]{2,6})”")
CJK_RE = re.compile(r"[\u3400-\u9fff]")
POINT_PREFIX_RE = re.compile(r"^(?:[一二三四五六七八九十]要|（[1-9]）|[1-9][.．])")
PART_PREFIX_RE = re.compile(r"^[一二三四五六七八九十]、")
STUDY_PAGES = ("outline", "map", "self-test", "print")


def pinyin_name(text: str, chars: int = 6) -> str:
    """ASCII name from the pinyin of `text`'s first Chinese characters, two syllables a word."""
    from pypinyin import Style, lazy_pinyin

    quoted = QUOTED_RE.search(text)
    if quoted:
        text = quoted.group(1)
    text = POINT_PREFIX_RE.sub("", SECTION_PREFIX_RE.sub("", PART_PREFIX_RE.sub("", text)))
    han = "".join(CJK_RE.findall(text))[:chars]
    words = [_pinyin("".join(group), lazy_pinyin, Style) for group in _groups(han)]
    words = [w for w in words if w]
    if not words:
        words = re.findall(r"[a-z0-9]+", text.lower())[:3]
    return "-".join(words).lower() or "section"


def _groups(han: str) -> list[list[str]]:
    """Words of `han` (pypinyin's segmenter), single characters paired: 怎样-抓好-班子-建设, 带头人."""
    if not han:
        return []
    from pypinyin.seg.mmseg import seg

    groups: list[list[str]] = []
    run: list[str] = []

    def flush() -> None:
        pairs = [run[i : i + 2] for i in range(0, len(run), 2)]
        if pairs and len(pairs[-1]) == 1 and (len(pairs) > 1 or groups):
            (pairs[-2] if len(pairs) > 1 else groups[-1]).extend(pairs.pop())
        groups.extend(pairs)
        run.clear()

    for word in seg.cut(han):
        if len(word) == 1:
            run.append(word)
        else:
            flush()
            groups.append(list(word))
    flush()
    return groups


def _pinyin(word: str, lazy_pinyin, style) -> str:
    return "".join(s for s in lazy_pinyin(word, style=style.NORMAL) if s.isascii() and s.isalnum()).lower()


class Names:
    """The page and anchor names kept in anchors.yml: given once, never changed."""

    def __init__(self, stored: dict | None) -> None:
        stored = stored or {}
        self.pages: dict[str, str] = dict(stored.get("pages") or {})
        self.anchors: dict[str, str] = dict(stored.get("anchors") or {})
        self.taken = set(self.anchors.values()) | {"answers", "outline", "map", "self-test", "glossary"}

    def anchor(self, key: str, text: str) -> str:
        if key not in self.anchors:
            base = pinyin_name(text)
            name, n = base, 2
            while name in self.taken:
                name, n = f"{base}-{n}", n + 1
            self.anchors[key] = name
            self.taken.add(name)
        return self.anchors[key]

    def page(self, key: str, default: str) -> str:
        if key not in self.pages:
            used = set(self.pages.values()) | {"index", "closing", *STUDY_PAGES}
            name, n = default, 2
            while name in used:
                name, n = f"{default}-{n}", n + 1
            self.pages[key] = name
        return self.pages[key]

    def dump(self) -> str:
        head = (
            "# 本篇讲话各页和各处锚点的名字（网址的一部分），导入时生成并保存于此。\n"
            "# 已经给出的名字永不改变：重新导入修订后的文本，只为新出现的标题和分项添加名字。\n"
        )
        data = {"pages": self.pages, "anchors": self.anchors}
        return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def default_slug(title: str) -> str:
    return pinyin_name(title, chars=8)
