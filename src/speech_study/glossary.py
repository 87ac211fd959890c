"""The glossary data (glossary.yml): loaded and checked once, as plain text.

Every field is text, never markup: a tag, a character reference or Markdown
link syntax is an error naming the entry and the field, and the renderers
escape every field anyway. Each problem is one ContentError line naming the
file, the entry and what is wrong, so a bad entry stops the build instead of
producing a silently wrong page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NoReturn

from . import yamlfile
from .errors import ContentError

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELDS = {
    "id": "lowercase ASCII words joined by '-': the entry's anchor on the 术语表",
    "term": "the term as the 术语表 names it",
    "forms": "its spellings in the speech (default: the term)",
    "parts": "the items of a real enumeration, each in the quote or official wording (printed as 组成)",
    "meaning": "for a metaphor or slogan: what it stands for in the speech (printed as 含义)",
    "explanation": "a short plain explanation, also the tooltip",
    "quote": "the speech's own words, verbatim",
    "official": "wording and source, for a formula the speech does not spell out",
    "exclude": "phrases of the speech in which a form is not this term (no tooltip, no occurrence)",
    "contains": "ids of entries whose forms stand inside this entry's forms (declared nesting)",
    "speech": "in a library: the one speech it belongs to (its name under speeches/, or main); default: all",
}
REQUIRED = ("id", "term", "explanation")
MAX_EXPLANATION = 80  # shown in a tooltip: a line or two on a phone
MAX_FORM = 24  # a longer "term" is a sentence, and would hide the terms inside it
# markup that would become live on a page: tags, comments, character references, Markdown links and emphasis
MARKUP_RE = re.compile(r"<[A-Za-z/!?]|&(#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);|\]\(|\*\*|__|`|javascript:", re.I)


@dataclass(frozen=True)
class Entry:
    id: str
    term: str
    forms: tuple[str, ...]
    parts: tuple[str, ...]  # a real enumeration (组成)
    meaning: str | None  # what a metaphor stands for (含义)
    explanation: str
    quote: str | None
    wording: str | None
    source: str | None
    exclude: tuple[str, ...] = ()
    contains: tuple[str, ...] = ()
    speech: str | None = None  # the one speech it belongs to; None: every speech


def only_named(entry: Entry, speech: str) -> bool:
    """The speech names the formula but does not spell out its parts: some part is absent from the text.

    Only an entry with an official wording can be only named; one without parts
    (a wording that is a sentence, not a list) is named only when the speech
    does not hold its wording.
    """
    if not entry.wording:
        return False
    if not entry.parts:
        return entry.wording not in speech
    return bool(absent_parts(entry, speech))


def absent_parts(entry: Entry, speech: str) -> list[str]:
    """The parts of an entry's official wording that the speech does not contain."""
    return [p for p in entry.parts if p not in speech]


def label(index: int, raw: object) -> str:
    if isinstance(raw, dict):
        bits = [f"{k}: {raw[k]}" for k in ("id", "term") if isinstance(raw.get(k), str)]
        if bits:
            return f"第{index}条（{'，'.join(bits)}）"
    return f"第{index}条"


def _first_difference(needle: str, haystack: str) -> str:
    """The longest start of `needle` found in `haystack`, to point at the wrong character."""
    lo, hi = 0, len(needle)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if needle[:mid] in haystack:
            lo = mid
        else:
            hi = mid - 1
    return needle[:lo]


class _Checker:
    def __init__(self, name: str, where: str) -> None:
        self.name, self.where = name, where

    def fail(self, problem: str) -> NoReturn:
        raise ContentError(self.name, problem, self.where)

    def text(self, value: object, field: str) -> str:
        if not isinstance(value, str) or not value.strip() or "\n" in value.strip():
            self.fail(f"字段“{field}”应是一行文字")
        markup = MARKUP_RE.search(value)
        if markup:
            self.fail(f"字段“{field}”含有标记“{markup.group()}”：请只写纯文字")
        return value.strip()

    def texts(self, value: object, field: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            self.fail(f"字段“{field}”应是一列短文字")
        return tuple(self.text(v, field) for v in value)


def _check_enumeration(
    check: _Checker, parts: tuple[str, ...], forms: tuple[str, ...], quote: str | None, wording: str | None
) -> None:
    """`parts` (printed as 组成) only for a real enumeration, spelled out where the entry quotes it.

    At least two items, each in the entry's quote or official wording, and a
    quote that names the term: otherwise the items are the site's reading (a
    metaphor's sense, the means to an end), which is 'meaning' (含义) or the
    explanation, never 组成.
    """
    if not parts:
        return
    hint = "；比喻或口号请写 meaning（含义），或在 explanation（解释）里说明"
    if len(parts) < 2:
        check.fail(f"parts 只列了一项（“{parts[0]}”）：组成只用于两项及以上的列举{hint}")
    where, text = ("quote", quote) if quote else ("official.wording", wording or "")
    for part in parts:
        if part not in text:
            check.fail(f"parts 中的“{part}”不在本条的 {where} 里：组成只列原文逐项写出的内容{hint}")
    if quote and not any(form in quote for form in forms):
        check.fail(f"quote 没有说出术语本身，所以不算逐项写出了它的组成{hint}")


@dataclass(frozen=True)
class _Texts:
    """The texts an entry is checked against: its own speech's, or (for every speech) any of them."""

    texts: tuple[str, ...]

    def __contains__(self, needle: str) -> bool:
        return any(needle in t for t in self.texts)


def parse(text: str, speech: str, name: str = "glossary.yml", speeches: dict[str, str] | None = None) -> list[Entry]:
    """Parse and check glossary YAML `text` against the speech text.

    In a library, `speeches` maps each speech's name to its text: an entry with
    `speech: NAME` is checked against that speech, any other against them all.
    """
    data = yamlfile.load(text, name)
    whole = speech
    if not isinstance(data, list) or not data:
        raise ContentError(name, "文件应是一列词条，且不能为空")
    entries: list[Entry] = []
    seen: dict[str, str] = {}  # id, term or form -> the entry that has it
    for index, raw in enumerate(data, start=1):
        check = _Checker(name, label(index, raw))
        if not isinstance(raw, dict):
            check.fail(f"应是“字段: 值”的若干行，而不是 {type(raw).__name__}")
        unknown = sorted(set(raw) - set(FIELDS))
        if unknown:
            check.fail(f"未知字段{'、'.join(f'“{u}”' for u in unknown)}；可用的字段：{'、'.join(FIELDS)}")
        for field in REQUIRED:
            if raw.get(field) in (None, "", []):
                check.fail(f"缺少字段“{field}”")
        scope = None
        within = _Texts((whole,) if speeches is None else tuple(speeches.values()))
        if "speech" in raw:
            scope = check.text(raw["speech"], "speech")
            known = speeches or {"main": whole}
            if scope not in known:
                check.fail(f"speech“{scope}”不是文库里的讲话；已有：{'、'.join(known)}")
            within = _Texts((known[scope],))
        entry_id = check.text(raw["id"], "id")
        if not ID_RE.match(entry_id):
            check.fail(f"id“{entry_id}”应是用“-”连接的小写 ASCII 单词")
        term = check.text(raw["term"], "term")
        explanation = check.text(raw["explanation"], "explanation")
        if len(explanation) > MAX_EXPLANATION:
            check.fail(f"explanation 有{len(explanation)}个字，提示框最多容纳{MAX_EXPLANATION}个字")
        parts = check.texts(raw["parts"], "parts") if "parts" in raw else ()
        meaning = check.text(raw["meaning"], "meaning") if "meaning" in raw else None
        if parts and meaning:
            check.fail("parts（列举）和 meaning（比喻）只能写其中一个，不能都写")
        forms = check.texts(raw.get("forms", [term]), "forms")
        for form in forms:
            if len(form) > MAX_FORM:
                check.fail(f"forms 中的“{form}”有{len(form)}个字，术语最多{MAX_FORM}个字")
        has_quote, has_official = "quote" in raw, "official" in raw
        if has_quote == has_official:
            check.fail("quote（讲话原文）和 official（wording 与 source）必须写且只写其中一个")
        quote = wording = source = None
        if has_quote:
            quote = check.text(raw["quote"], "quote")
            if quote not in within:
                same = max((_first_difference(quote, t) for t in within.texts), key=len)
                check.fail(f"quote 与讲话原文不一致：到“{same}”为止相同，从“{quote[len(same) : len(same) + 8]}”起不同")
        else:
            official = raw["official"]
            if not isinstance(official, dict):
                check.fail("字段“official”应含 wording 和 source")
            extra = sorted(set(official) - {"wording", "source"})
            if extra:
                check.fail(f"未知字段“official.{extra[0]}”")
            for field in ("wording", "source"):
                if official.get(field) in (None, ""):
                    check.fail(f"缺少字段“official.{field}”")
            wording = check.text(official["wording"], "official.wording")
            source = check.text(official["source"], "official.source")
        exclude = check.texts(raw["exclude"], "exclude") if "exclude" in raw else ()
        for phrase in exclude:
            if not any(f in phrase for f in forms):
                check.fail(f"exclude 中的“{phrase}”不含本条的任何一个写法（forms）")
            if phrase not in within:
                check.fail(f"exclude 中的“{phrase}”在讲话里没有出现")
        contains = check.texts(raw["contains"], "contains") if "contains" in raw else ()

        for kind, value in [("id", entry_id), ("term", term)] + [("form", f) for f in forms]:
            owner = seen.get(f"{kind}:{value}")
            if owner:
                check.fail(f"{kind}“{value}”重复（{owner}已有）")
            seen[f"{kind}:{value}"] = label(index, raw)
        for form in forms:
            if form not in within:
                check.fail(f"术语“{form}”在讲话里没有出现")
        _check_enumeration(check, parts, forms, quote, wording)
        entries.append(
            Entry(entry_id, term, forms, parts, meaning, explanation, quote, wording, source, exclude, contains, scope)
        )
    ids = {e.id for e in entries}
    for index, entry in enumerate(entries, start=1):
        for other in entry.contains:
            if other not in ids or other == entry.id:
                raise ContentError(
                    name,
                    f"contains 中的“{other}”：没有别的词条用这个 id",
                    label(index, {"id": entry.id, "term": entry.term}),
                )
    return entries
