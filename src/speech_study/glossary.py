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


def label(index: int, raw: object) -> str:
    if isinstance(raw, dict):
        bits = [f"{k}: {raw[k]}" for k in ("id", "term") if isinstance(raw.get(k), str)]
        if bits:
            return f"entry {index} ({', '.join(bits)})"
    return f"entry {index}"


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

    def fail(self, problem: str):
        raise ContentError(self.name, problem, self.where)

    def text(self, value: object, field: str) -> str:
        if not isinstance(value, str) or not value.strip() or "\n" in value.strip():
            self.fail(f"field '{field}' must be one line of text")
        markup = MARKUP_RE.search(value)
        if markup:
            self.fail(f"field '{field}' contains markup “{markup.group()}”: write plain text")
        return value.strip()

    def texts(self, value: object, field: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            self.fail(f"field '{field}' must be a list of short texts")
        return tuple(self.text(v, field) for v in value)


def _check_enumeration(check: _Checker, parts, forms, quote: str | None, wording: str | None) -> None:
    """`parts` (printed as 组成) only for a real enumeration, spelled out where the entry quotes it.

    At least two items, each in the entry's quote or official wording, and a
    quote that names the term: otherwise the items are the site's reading (a
    metaphor's sense, the means to an end), which is 'meaning' (含义) or the
    explanation, never 组成.
    """
    if not parts:
        return
    hint = "; for a metaphor or slogan give 'meaning' (含义), or say it in the explanation"
    if len(parts) < 2:
        check.fail(f"parts lists one item ('{parts[0]}'): 组成 is for an enumeration of two or more{hint}")
    where, text = ("quote", quote) if quote else ("official.wording", wording)
    for part in parts:
        if part not in text:
            check.fail(f"part '{part}' is not in the entry's {where}: 组成 lists what the text spells out{hint}")
    if quote and not any(form in quote for form in forms):
        check.fail(f"the quote does not name the term, so it does not spell out its parts{hint}")


class _Texts(str):
    """The texts an entry is checked against: its own speech's, or (for every speech) any of them."""

    def __new__(cls, texts: list[str]):
        self = super().__new__(cls, texts[0] if texts else "")
        self.texts = texts
        return self

    def __contains__(self, needle: object) -> bool:
        return any(needle in t for t in self.texts)


def parse(text: str, speech: str, name: str = "glossary.yml", speeches: dict[str, str] | None = None) -> list[Entry]:
    """Parse and check glossary YAML `text` against the speech text.

    In a library, `speeches` maps each speech's name to its text: an entry with
    `speech: NAME` is checked against that speech, any other against them all.
    """
    data = yamlfile.load(text, name)
    whole = speech
    if not isinstance(data, list) or not data:
        raise ContentError(name, "the file must be a non-empty list of entries")
    entries: list[Entry] = []
    seen: dict[str, str] = {}  # id, term or form -> the entry that has it
    for index, raw in enumerate(data, start=1):
        check = _Checker(name, label(index, raw))
        if not isinstance(raw, dict):
            check.fail(f"must be a mapping of fields, not {type(raw).__name__}")
        unknown = sorted(set(raw) - set(FIELDS))
        if unknown:
            check.fail(f"unknown field {', '.join(map(repr, unknown))}; allowed: {', '.join(FIELDS)}")
        for field in REQUIRED:
            if raw.get(field) in (None, "", []):
                check.fail(f"field '{field}' is missing")
        scope = None
        speech = whole if speeches is None else _Texts(list(speeches.values()))
        if "speech" in raw:
            scope = check.text(raw["speech"], "speech")
            known = speeches or {"main": whole}
            if scope not in known:
                check.fail(f"speech '{scope}' is not a speech of the library; known: {', '.join(known)}")
            speech = known[scope]
        entry_id = check.text(raw["id"], "id")
        if not ID_RE.match(entry_id):
            check.fail(f"id '{entry_id}' must be lowercase ASCII words joined by '-'")
        term = check.text(raw["term"], "term")
        explanation = check.text(raw["explanation"], "explanation")
        if len(explanation) > MAX_EXPLANATION:
            check.fail(f"explanation is {len(explanation)} characters; a tooltip takes at most {MAX_EXPLANATION}")
        parts = check.texts(raw["parts"], "parts") if "parts" in raw else ()
        meaning = check.text(raw["meaning"], "meaning") if "meaning" in raw else None
        if parts and meaning:
            check.fail("give either 'parts' (an enumeration) or 'meaning' (a metaphor), not both")
        forms = check.texts(raw.get("forms", [term]), "forms")
        for form in forms:
            if len(form) > MAX_FORM:
                check.fail(f"form '{form}' is {len(form)} characters; a term takes at most {MAX_FORM}")
        has_quote, has_official = "quote" in raw, "official" in raw
        if has_quote == has_official:
            check.fail("needs exactly one of 'quote' (the speech's own words) or 'official' (wording and source)")
        quote = wording = source = None
        if has_quote:
            quote = check.text(raw["quote"], "quote")
            if quote not in speech:
                same = max((_first_difference(quote, t) for t in getattr(speech, "texts", [speech])), key=len)
                check.fail(
                    "quote is not verbatim in the speech: "
                    f"it matches up to “{same}” and then differs at “{quote[len(same) : len(same) + 8]}”"
                )
        else:
            official = raw["official"]
            if not isinstance(official, dict):
                check.fail("field 'official' must have 'wording' and 'source'")
            extra = sorted(set(official) - {"wording", "source"})
            if extra:
                check.fail(f"unknown field 'official.{extra[0]}'")
            for field in ("wording", "source"):
                if official.get(field) in (None, ""):
                    check.fail(f"field 'official.{field}' is missing")
            wording = check.text(official["wording"], "official.wording")
            source = check.text(official["source"], "official.source")
        exclude = check.texts(raw["exclude"], "exclude") if "exclude" in raw else ()
        for phrase in exclude:
            if not any(f in phrase for f in forms):
                check.fail(f"exclude '{phrase}' contains none of the entry's forms")
            if phrase not in speech:
                check.fail(f"exclude '{phrase}' does not occur in the speech")
        contains = check.texts(raw["contains"], "contains") if "contains" in raw else ()

        for kind, value in [("id", entry_id), ("term", term)] + [("form", f) for f in forms]:
            owner = seen.get(f"{kind}:{value}")
            if owner:
                check.fail(f"duplicate {kind} '{value}' (already in {owner})")
            seen[f"{kind}:{value}"] = label(index, raw)
        for form in forms:
            if form not in speech:
                check.fail(f"term '{form}' does not occur in the speech")
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
                    f"contains '{other}': no other entry has that id",
                    label(index, {"id": entry.id, "term": entry.term}),
                )
    return entries
