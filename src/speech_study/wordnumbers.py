"""The numbers Word writes itself before a paragraph (automatic numbering), as the reader sees them.

A speech typed in Word often numbers its parts and sections with Word's own lists: the paragraph then holds
“怎样抓好班子建设” and Word shows “一、怎样抓好班子建设” from the list's definition in numbering.xml. The
importer reads the text as the reader sees it (received.py), so these numbers are written into the text here:

- a paragraph is numbered by its own `w:numPr` (list `numId`, level `ilvl`), else by its paragraph style's,
  followed up the styles' `basedOn` chain (a heading style linked to a list; its level is the one whose
  `w:pStyle` names the style when the style gives none); list 0 means none;
- each list (`w:num`) is an abstract list (`w:abstractNum`, or the one a numbering style names when it links to
  one with `numStyleLink`, as Word's built-in multilevel lists do) with up to nine levels: the level's format
  (`numFmt`: decimal, chineseCounting, ideographTraditional (甲乙丙), upperRoman, decimalEnclosedCircle …),
  its text (`lvlText`, e.g. “%1、”, “（%2）”, “%1.%2.”), where it starts (`start`, or the list's
  `startOverride`), and whether it shows every level in decimal (`isLgl`);
- counting is per abstract list, as Word counts (two lists on one definition continue each other, unless one
  restarts a level with `startOverride`); numbering a level restarts every level below it, unless that level's
  `lvlRestart` says otherwise (0: it never restarts; n: only after the levels 1 to n);
- what is not text is not written: a bullet (its symbol, often in a private font), a level formatted `none`,
  a picture bullet; the gap after the number (a tab or a space) is one space where the number and the text
  would otherwise run together (“2. 5G…”), else none: “一、” is followed by the heading as typed numbers are;
- Word's bounds hold: a start of 0 to 32767, a level's text of at most 255 characters (a hostile file cannot
  make a label of millions of characters).

A definition that is missing or malformed numbers nothing (the text is read as it stands).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .counts import chinese

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL")]
ROMAN += [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
NOT_TEXT = {"bullet", "none"}
LEGAL = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")
LEGAL_TRADITIONAL = str.maketrans("一二三四五六七八九十百千", "壹貳參肆伍陸柒捌玖拾佰仟")
IDEOGRAPH_DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")
# Word's own bounds: a level starts at 0 to 32767, its text is at most 255 characters; a file past them (a
# start of 2,147,483,000 in letters is a label of millions of characters) is held to them, not followed
MAX_START = 32_767
MAX_TEXT = 255
LETTERS_UP_TO = 26 * 4  # AAAA; past it, digits


def _roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _letters(n: int) -> str:
    """Word's letters: A … Z, then AA … ZZ, AAA … (the letter repeated)."""
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


COUNTING = ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand")
# every format `number` writes as Word does; a list in any other is refused (UnknownFormat), never read in digits
# (found by a tester: LibreOffice saves 一、二、三 as taiwaneseCountingThousand, which was read as 1, 2, 3: a
# speech whose sections it numbered lost every （一）)
KNOWN = {
    *COUNTING,
    "japaneseCounting",
    "chineseLegalSimplified",
    "ideographLegalTraditional",
    "ideographDigital",
    "ideographTraditional",
    "ideographZodiac",
    "upperRoman",
    "lowerRoman",
    "upperLetter",
    "lowerLetter",
    "decimal",
    "decimalHalfWidth",
    "decimalZero",
    "decimalFullWidth",
    "decimalFullWidth2",
    "decimalEnclosedCircle",
    "decimalEnclosedCircleChinese",
    "ideographEnclosedCircle",
    "decimalEnclosedParen",
    "decimalEnclosedFullstop",
}


class UnknownFormat(ValueError):
    """A list numbered in a format `number` does not write (Korean, Hebrew, kana …): what Word shows is unknown."""

    def __init__(self, fmt: str) -> None:
        super().__init__(fmt)
        self.fmt = fmt


def number(n: int, fmt: str) -> str:
    """`n` in Word's number format `fmt` (a number the format cannot write, in decimal, as Word writes it);
    UnknownFormat for a format not in KNOWN."""
    if fmt not in KNOWN:
        raise UnknownFormat(fmt)
    if n < 1 and fmt != "decimal":
        return str(n)
    if fmt in (*COUNTING, "japaneseCounting"):
        return chinese(n) if n <= 99_999_999 else str(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional") and n <= 99_999_999:
        word = chinese(n).translate(LEGAL if fmt == "chineseLegalSimplified" else LEGAL_TRADITIONAL)
        return "壹" + word if word.startswith("拾") else word  # 壹拾, as a cheque writes 10
    if fmt == "ideographDigital":
        return str(n).translate(IDEOGRAPH_DIGITS)
    if fmt == "ideographTraditional" and n <= len(HEAVENLY_STEMS):
        return HEAVENLY_STEMS[n - 1]
    if fmt == "ideographZodiac" and n <= len(EARTHLY_BRANCHES):
        return EARTHLY_BRANCHES[n - 1]
    if fmt in ("upperRoman", "lowerRoman") and n < 4000:
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt in ("upperLetter", "lowerLetter") and n <= LETTERS_UP_TO:
        return _letters(n) if fmt == "upperLetter" else _letters(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle") and n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and n <= 20:
        return chr(0x2488 + n - 1)
    return str(n)


def _val(el, tag: str) -> str | None:
    child = el.find(W + tag) if el is not None else None
    return None if child is None else child.get(W + "val")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


@dataclass
class Level:
    fmt: str = "decimal"
    text: str | None = None  # lvlText; None: none given (nothing is written)
    start: int = 1
    legal: bool = False  # isLgl: every level's number in decimal
    style: str | None = None  # the paragraph style this level belongs to
    restart: int | None = None  # lvlRestart: numbered afresh after a level up to this (1-based; 0: never); None: any
    gap: bool = True  # w:suff: a tab (Word's default) or a space after the number; "nothing": none


def _level(el) -> Level:
    picture = el.find(W + "lvlPicBulletId") is not None
    text = _val(el, "lvlText")
    return Level(
        fmt="bullet" if picture else _val(el, "numFmt") or "decimal",
        text=None if text is None else text[:MAX_TEXT],
        start=min(max(_int(_val(el, "start"), 1), 0), MAX_START),
        legal=el.find(W + "isLgl") is not None and _val(el, "isLgl") not in ("0", "false"),
        style=_val(el, "pStyle"),
        restart=None if _val(el, "lvlRestart") is None else _int(_val(el, "lvlRestart"), -1),
        gap=_val(el, "suff") != "nothing",
    )


@dataclass
class Numbering:
    """numbering.xml's lists and styles.xml's numbered styles, and the counts so far as paragraphs come."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)  # abstractNumId -> levels
    linked: dict[str, str] = field(default_factory=dict)  # abstractNumId -> the numbering style holding its levels
    numbering_styles: dict[str, str] = field(default_factory=dict)  # a numbering style's id -> its list (numId)
    lists: dict[str, tuple[str, dict[int, Level], dict[int, int]]] = field(default_factory=dict)
    styles: dict[str, tuple[str | None, str | None, str | None]] = field(default_factory=dict)  # id: num, lvl, base
    counts: dict[str, dict[int, int]] = field(default_factory=dict)  # abstractNumId -> level -> last number
    restarted: set[tuple[str, int]] = field(default_factory=set)  # (numId, level) a startOverride has restarted

    @classmethod
    def of(cls, numbering, styles) -> Numbering:
        """From the parsed numbering.xml and styles.xml (either None when the document has none)."""
        made = cls()
        if numbering is not None:
            for el in numbering.findall(W + "abstractNum"):
                levels = {_int(lvl.get(W + "ilvl"), 0): _level(lvl) for lvl in el.findall(W + "lvl")}
                made.abstract[el.get(W + "abstractNumId") or ""] = levels
                link = _val(el, "numStyleLink")  # Word's built-in multilevel lists: levels kept with a style
                if link is not None:
                    made.linked[el.get(W + "abstractNumId") or ""] = link
            for el in numbering.findall(W + "num"):
                base = _val(el, "abstractNumId") or ""
                levels, starts = {}, {}
                for override in el.findall(W + "lvlOverride"):
                    ilvl = _int(override.get(W + "ilvl"), 0)
                    lvl = override.find(W + "lvl")
                    if lvl is not None:
                        levels[ilvl] = _level(lvl)
                    start = _val(override, "startOverride")
                    if start is not None:
                        starts[ilvl] = min(max(_int(start, 1), 0), MAX_START)
                made.lists[el.get(W + "numId") or ""] = (base, levels, starts)
        if styles is not None:
            for el in styles.findall(W + "style"):
                ppr = el.find(W + "pPr")
                num = ppr.find(W + "numPr") if ppr is not None else None
                if el.get(W + "type") == "numbering":
                    if num is not None and _val(num, "numId") is not None:
                        made.numbering_styles[el.get(W + "styleId") or ""] = _val(num, "numId") or ""
                    continue
                if el.get(W + "type") not in (None, "paragraph"):
                    continue
                made.styles[el.get(W + "styleId") or ""] = (
                    _val(num, "numId") if num is not None else None,
                    _val(num, "ilvl") if num is not None else None,
                    _val(el, "basedOn"),
                )
        return made

    def _style_numbering(self, style: str | None) -> tuple[str | None, str | None]:
        """A paragraph style's list and level, from itself or the styles it is based on (a loop ends the walk)."""
        seen: set[str] = set()
        while style is not None and style not in seen and style in self.styles:
            seen.add(style)
            num, lvl, base = self.styles[style]
            if num is not None:
                return num, lvl
            style = base
        return None, None

    def _defining(self, base: str) -> str:
        """The abstract list that holds the levels: one linked to a numbering style (numStyleLink) takes that
        style's list's (a chain that loops, or leads nowhere, ends where it is)."""
        seen: set[str] = set()
        while base in self.linked and base not in seen:
            seen.add(base)
            num = self.numbering_styles.get(self.linked[base])
            if num is None or num not in self.lists:
                break
            base = self.lists[num][0]
        return base

    def label(self, paragraph, text: str = "") -> str:
        """The number Word shows before `paragraph` (a w:p), counted; "" when it has none. `text`: the paragraph's
        text, which follows it: where Word puts a gap after the number (a tab or a space), one space stands for
        it when the two would otherwise run together (“2.” and “5G…”: “2. 5G…”, not “2.5G…”); else none, as a
        typed “一、” is followed by its heading."""
        ppr = paragraph.find(W + "pPr")
        num = ppr.find(W + "numPr") if ppr is not None else None
        style = _val(ppr, "pStyle")
        num_id = _val(num, "numId") if num is not None else None
        ilvl = _val(num, "ilvl") if num is not None else None
        if num_id is None:
            num_id, style_lvl = self._style_numbering(style)
            ilvl = ilvl if ilvl is not None else style_lvl
        if num_id is None or num_id == "0" or num_id not in self.lists:
            return ""
        base, overrides, starts = self.lists[num_id]
        base = self._defining(base)
        levels = {**self.abstract.get(base, {}), **overrides}
        if ilvl is None:  # a numbered style without its level: the level that names the style, else the first
            ilvl = next((str(n) for n, lv in sorted(levels.items()) if style and lv.style == style), "0")
        level = _int(ilvl, 0)
        if level not in levels:
            return ""
        counts = self.counts.setdefault(base, {})
        if level in starts and (num_id, level) not in self.restarted:
            self.restarted.add((num_id, level))
            counts[level] = starts[level] - 1
        counts[level] = counts.get(level, levels[level].start - 1) + 1
        for deeper in [n for n in counts if n > level]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or restart < 0 or (restart > 0 and level < restart):
                del counts[deeper]
        this = levels[level]
        if this.fmt in NOT_TEXT or not this.text:
            return ""
        out = this.text
        for n in range(level, -1, -1):  # %10 is not a placeholder: levels are 1 to 9
            shown = levels.get(n, Level())
            fmt = "decimal" if this.legal and shown.fmt not in NOT_TEXT else shown.fmt
            value = counts.get(n, shown.start)
            out = out.replace(f"%{n + 1}", "" if fmt in NOT_TEXT else number(value, fmt))
        if out and this.gap and RUNS_ON.match(out[-1]) and RUNS_ON.match(text[:1]):
            out += " "
        return out


# the characters that read as one run with what follows: letters and digits of any width, and a point
RUNS_ON = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ.．]")
