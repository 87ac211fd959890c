"""Load and check the glossary data file (glossary.yml).

Not a hook itself: the glossary hooks import it. Every problem raises
GlossaryError with the file, the entry and what is wrong, so a bad entry stops
the build instead of producing a silently wrong page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REQUIRED = ("id", "term", "parts", "explanation")
OPTIONAL = ("forms", "quote", "official")
MAX_EXPLANATION = 80  # it is shown in a tooltip: keep it to a line or two on a phone


class GlossaryError(Exception):
    pass


@dataclass(frozen=True)
class Entry:
    id: str
    term: str
    forms: tuple[str, ...]
    parts: tuple[str, ...]
    explanation: str
    quote: str | None
    wording: str | None
    source: str | None


def _label(index: int, raw: object) -> str:
    if isinstance(raw, dict):
        bits = [f"{k}: {raw[k]}" for k in ("id", "term") if isinstance(raw.get(k), str)]
        if bits:
            return f"entry {index} ({', '.join(bits)})"
    return f"entry {index}"


def _text(value: object) -> bool:
    return isinstance(value, str) and value.strip() != "" and "\n" not in value.strip()


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


def parse(text: str, speech: str, name: str = "glossary.yml") -> list[Entry]:
    """Parse and check glossary YAML `text` against the speech text."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise GlossaryError(f"{name}: malformed YAML{where}: {problem}") from None
    if not isinstance(data, list) or not data:
        raise GlossaryError(f"{name}: the file must be a non-empty list of entries")

    entries: list[Entry] = []
    seen: dict[str, str] = {}  # id, term or form -> the entry that has it
    for index, raw in enumerate(data, start=1):
        where = f"{name}: {_label(index, raw)}"
        if not isinstance(raw, dict):
            raise GlossaryError(f"{where}: must be a mapping of fields, not {type(raw).__name__}")
        unknown = sorted(set(raw) - set(REQUIRED) - set(OPTIONAL))
        if unknown:
            raise GlossaryError(f"{where}: unknown field {', '.join(map(repr, unknown))}")
        for field in REQUIRED:
            if field not in raw or raw[field] in (None, "", []):
                raise GlossaryError(f"{where}: field '{field}' is missing")
        for field in ("id", "term", "explanation"):
            if not _text(raw[field]):
                raise GlossaryError(f"{where}: field '{field}' must be one line of text")
        if not ID_RE.match(raw["id"]):
            raise GlossaryError(f"{where}: id '{raw['id']}' must be lowercase ASCII words joined by '-'")
        if len(raw["explanation"]) > MAX_EXPLANATION:
            raise GlossaryError(
                f"{where}: explanation is {len(raw['explanation'])} characters; "
                f"a tooltip takes at most {MAX_EXPLANATION}"
            )
        parts = raw["parts"]
        if not isinstance(parts, list) or not all(_text(p) for p in parts):
            raise GlossaryError(f"{where}: field 'parts' must be a list of short texts")
        forms = raw.get("forms", [raw["term"]])
        if not isinstance(forms, list) or not forms or not all(_text(f) for f in forms):
            raise GlossaryError(
                f"{where}: field 'forms' must be a list of the term's spellings in the speech"
            )

        has_quote, has_official = "quote" in raw, "official" in raw
        if has_quote == has_official:
            raise GlossaryError(
                f"{where}: needs exactly one of 'quote' (the speech's own words) "
                "or 'official' (wording and source)"
            )
        quote = wording = source = None
        if has_quote:
            quote = raw["quote"]
            if not _text(quote):
                raise GlossaryError(f"{where}: field 'quote' must be one line of text")
            if quote not in speech:
                same = _first_difference(quote, speech)
                raise GlossaryError(
                    f"{where}: quote is not verbatim in the speech: "
                    f"it matches up to “{same}” and then differs at “{quote[len(same) : len(same) + 8]}”"
                )
        else:
            official = raw["official"]
            if not isinstance(official, dict):
                raise GlossaryError(f"{where}: field 'official' must have 'wording' and 'source'")
            for field in ("wording", "source"):
                if not _text(official.get(field)):
                    raise GlossaryError(f"{where}: field 'official.{field}' is missing")
            extra = sorted(set(official) - {"wording", "source"})
            if extra:
                raise GlossaryError(f"{where}: unknown field 'official.{extra[0]}'")
            wording, source = official["wording"], official["source"]

        for key in [("id", raw["id"]), ("term", raw["term"])] + [("form", f) for f in forms]:
            kind, value = key
            owner = seen.get(f"{kind}:{value}")
            if owner:
                raise GlossaryError(f"{where}: duplicate {kind} '{value}' (already in {owner})")
            seen[f"{kind}:{value}"] = _label(index, raw)
        for form in forms:
            if form not in speech:
                raise GlossaryError(f"{where}: term '{form}' does not occur in the speech")

        entries.append(
            Entry(
                id=raw["id"],
                term=raw["term"],
                forms=tuple(forms),
                parts=tuple(parts),
                explanation=raw["explanation"],
                quote=quote,
                wording=wording,
                source=source,
            )
        )
    return entries


def load_for_site(config) -> list[Entry]:
    """The site's glossary: glossary.yml checked against source/speech.txt, beside mkdocs.yml."""
    from mkdocs.exceptions import PluginError

    root = Path(config.config_file_path).parent
    try:
        return load(root / "glossary.yml", root / "source" / "speech.txt")
    except GlossaryError as exc:
        raise PluginError(str(exc)) from None


def load(path: Path, speech_path: Path) -> list[Entry]:
    for p in (path, speech_path):
        if not p.is_file():
            raise GlossaryError(f"{p}: file not found")
    return parse(
        path.read_text(encoding="utf-8"),
        speech_path.read_text(encoding="utf-8"),
        name=path.name,
    )
