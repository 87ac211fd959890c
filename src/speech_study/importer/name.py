"""Names: the speech's slug, its pages' and anchors' names (ASCII pinyin), kept in anchors.yml for ever."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from difflib import SequenceMatcher
from pathlib import Path

import yaml

from .. import kit
from .. import speech as speech_mod
from ..errors import ContentError
from ..library import SPEECHES
from .analyse import SECTION_PREFIX_RE

QUOTED_RE = re.compile(r"“([\u3400-\u9fff]{2,6})”")
CJK_RE = re.compile(r"[\u3400-\u9fff]")
POINT_PREFIX_RE = re.compile(r"^(?:[一二三四五六七八九十]要|（[1-9]）|[1-9][.．])")
PART_PREFIX_RE = re.compile(r"^[一二三四五六七八九十]、")


def pinyin_name(text: str, chars: int = 6, fold_width: bool = True) -> str:
    """ASCII name from the pinyin of `text`'s first Chinese characters, two syllables a word; without Chinese, its
    letters and digits, full-width ones as ASCII unless `fold_width` is False (the slug: see default_slug)."""
    from pypinyin import Style, lazy_pinyin

    quoted = QUOTED_RE.search(text)
    if quoted:
        text = quoted.group(1)
    text = POINT_PREFIX_RE.sub("", SECTION_PREFIX_RE.sub("", PART_PREFIX_RE.sub("", text)))
    han = "".join(CJK_RE.findall(text))[:chars]
    words = [_pinyin("".join(group), lazy_pinyin, Style) for group in _groups(han)]
    words = [w for w in words if w]
    if not words:  # no Chinese: its letters and digits, full-width ones as ASCII (（三）１９９８。 -> 1998)
        words = re.findall(r"[a-z0-9]+", (unicodedata.normalize("NFKC", text) if fold_width else text).lower())[:3]
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

    def adopt(self, speech: speech_mod.Speech) -> list[str]:
        """Give each heading and point of a revised text the names of the one it revises.

        A key (the heading path) not seen before takes the names of the most
        similar earlier key at the same place — same level, under the same
        (matched) part or section, its text without the number at least half
        the same, or (a part or section reworded whole) at least half of what
        it holds the same as what the earlier one held — whose name no current
        heading holds: a reworded or renumbered heading keeps its address.
        Returns what the report lists."""
        SEP = " › "
        keys: list[tuple[str, str, str | None]] = []  # (key, text for similarity, parent key)
        for part in speech.parts:
            keys.append((part.title, part.heading, None))
            for section in part.sections:
                skey = f"{part.title}{SEP}{section.title}"
                keys.append((skey, section.heading, part.title))
                for point in section.points:
                    keys.append((f"{skey}{SEP}{point.lead}", point.lead[len(point.marker) :], skey))
        # a part's or section's key -> what it holds that nothing else at its level holds (its children's texts:
        # “（一）取得的成绩” under every part says nothing of which part it is)
        held = _own_children((parent, _unnumbered(text)) for _key, text, parent in keys if parent is not None)
        held_before = _own_children(
            (old.rpartition(SEP)[0], _unnumbered(old.rpartition(SEP)[2])) for old in self.anchors if SEP in old
        )
        current = {k for k, _, _ in keys}
        claimed = {self.anchors[k] for k in current if k in self.anchors}
        claimed_pages = {self.pages[k] for k in current if k in self.pages}
        old_of: dict[str, str] = {k: k for k in current if k in self.anchors}  # new key -> the old key it revises
        moved: list[str] = []
        for level in range(3):
            group = [(k, text, parent) for k, text, parent in keys if k.count(SEP) == level and k not in self.anchors]
            # what every heading of this level says alike (关于… 关于… 关于…) says nothing of which one a heading is
            said = [text for k, text, _ in keys if k.count(SEP) == level]
            said += [_unnumbered(old.rsplit(SEP, 1)[-1]) for old in self.anchors if old.count(SEP) == level]
            alike = _alike(said)
            pairs = []
            for key, text, parent in group:
                old_parent = old_of.get(parent) if parent else None
                if parent and old_parent is None:
                    continue  # under a heading that is new itself: new
                prefix = f"{old_parent}{SEP}" if old_parent else ""
                for old, name in self.anchors.items():
                    if old.count(SEP) != level or not old.startswith(prefix) or name in claimed or old in current:
                        continue
                    was = _unnumbered(old.rsplit(SEP, 1)[-1])
                    if len(text) >= 2 and was != text and was.startswith(text):
                        # a heading read before on into its paragraph, now to its first full stop (speech.READING
                        # 3): the same heading (the new part 二 and its sections took new addresses, old ones gone)
                        pairs.append((0.99, key, old))
                        continue
                    ratio = SequenceMatcher(None, alike(was), alike(text)).ratio()
                    if ratio >= 0.5:
                        pairs.append((ratio, key, old))
                    elif len(held.get(key, ())) >= 2:  # reworded whole: what only it holds says which it was
                        mine = held[key]
                        same = len(mine & held_before.get(old, set())) / len(mine)
                        if same >= 0.5:
                            pairs.append((same / 2, key, old))  # below any heading at least half the same
            for _ratio, key, old in sorted(pairs, key=lambda p: -p[0]):
                if key in old_of or self.anchors[old] in claimed:
                    continue
                old_of[key] = old
                self.anchors[key] = self.anchors[old]
                claimed.add(self.anchors[old])
                if old in self.pages and self.pages[old] not in claimed_pages:
                    self.pages[key] = self.pages[old]
                    claimed_pages.add(self.pages[old])
                was, now = old.rsplit(SEP, 1)[-1], key.rsplit(SEP, 1)[-1]
                if was != now:  # not a section whose own words stand, under a part reworded (found by a tester)
                    moved.append(f"“{was}”改为“{now}”：网址不变（#{self.anchors[key]}）")
        return moved

    def gone_pages(self, speech: speech_mod.Speech) -> list[str]:
        """Page names given before whose part is no longer in the text."""
        now = {self.pages[p.title] for p in speech.parts if p.title in self.pages}
        return sorted({name for name in self.pages.values() if name not in now})

    def page(self, key: str, default: str) -> str:
        if key not in self.pages:
            used = set(self.pages.values()) | set(kit.RESERVED_PAGES)
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
    """The slug of a speech imported without --slug. Full-width letters and digits are not read (a title of them
    alone gives "section", as before they were read for anchors): the slug is found again from the title at each
    import, and another one would import a speech imported before a second time (found by a review)."""
    return pinyin_name(title, chars=8, fold_width=False)


def check_slug_free(root: Path, slug: str) -> None:
    """A slug names a new folder of the built site: it may not be a page, folder or asset the site already has."""
    root = Path(root)
    if (root / SPEECHES / slug).is_dir():
        return  # the speech itself, imported again
    for taken in (f"docs/{slug}.md", f"docs/{slug}", f"overrides/{slug}", f"overrides/{slug}.html"):
        if (root / taken).exists():
            raise ContentError("--slug", f"“{slug}”与网站已有的 {taken} 重名，请换一个名字")
    for folder in ("docs", "overrides"):
        for path in (root / folder).glob("*") if (root / folder).is_dir() else []:
            if path.stem.lower() == slug:
                raise ContentError("--slug", f"“{slug}”与网站已有的 {folder}/{path.name} 重名，请换一个名字")


NUMBER_RE = re.compile(
    r"^(?:第[一二三四五六七八九十百零]+部分|[一二三四五六七八九十百零]+[、是要]|[（(][一二三四五六七八九十百零\d]+[）)]"
    r"|\d+[、.．]|第[一二三四五六七八九十百零]+[，,、]|首先|其次|再次|然后|最后)[\s，,：:]*"
)


def _alike(texts: list[str]) -> Callable[[str], str]:
    """A text without the start and end that all of `texts` share (three or more distinct texts, each left with
    something): 关于经济发展, 关于民生保障, 关于党的建设 differ only after 关于."""
    distinct = sorted(set(texts))
    if len(distinct) < 3:
        return lambda text: text
    start = len(os.path.commonprefix(distinct))
    end = len(os.path.commonprefix([t[::-1] for t in distinct]))
    if start + end >= min(map(len, distinct)):
        return lambda text: text
    return lambda text: text[start : len(text) - end] if text.startswith(distinct[0][:start]) else text


def _own_children(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """(parent key, child text) -> each parent's child texts that no other parent at its level has."""
    parents: dict[str, set[str]] = {}  # child text -> the parents holding it
    for parent, text in pairs:
        parents.setdefault(text, set()).add(parent)
    own: dict[str, set[str]] = {}
    for text, holders in parents.items():
        if len(holders) == 1:
            own.setdefault(next(iter(holders)), set()).add(text)
    return own


def _unnumbered(text: str) -> str:
    """A heading or lead without its number: what stays when a section is inserted before it."""
    return NUMBER_RE.sub("", text.strip())
