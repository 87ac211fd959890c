"""The speech, read from its source text: notice, title, parts, sections, numbered points.

The source's first line is the author's notice and its second the title. A
part is a line 一、…; a section is a line （一）… whose heading runs to the
first 。; a point is a sentence inside a section that opens with 一要, 二要 …
(or 1. 2. …, or （1）（2）…). Numbers must run without gaps or repeats, or a
ContentError names the line: a shorter outline must never be produced silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import ContentError

NUMERALS = "一二三四五六七八九十"
PART_RE = re.compile(r"^([一二三四五六七八九十])、(.+)$")
SECTION_RE = re.compile(r"^（([一二三四五六七八九十])）([^。]*。)(.*)$")
# a point opens a sentence: at the start of the text or after 。 or ”
POINT_RES = (
    re.compile(r"(?:^|(?<=[。”]))([一二三四五六七八九十])要([^。]*。)"),
    re.compile(r"(?:^|(?<=[。”]))（([1-9])）([^。]*。)"),
    re.compile(r"(?:^|(?<=[。”]))([1-9])[.．]([^。]*。)"),
)
ARABIC = "123456789"
SENTENCE_END = re.compile(r"(?<=[。！？])(?![”’」』）])|(?<=[。！？][”’」』）])")


def sentences(text: str) -> list[str]:
    """Sentences of running text, each ending with 。！？ and any closing quote."""
    return [s for s in SENTENCE_END.split(text) if s]


@dataclass(frozen=True)
class Point:
    number: str  # 一, 二 … or 1, 2 …
    lead: str  # the whole lead sentence as written, e.g. 一要带头讲党性。
    marker: str  # what opens it: 一要, （1）, 1.


@dataclass
class Section:
    number: str
    title: str  # e.g. （一）要做班子里的“带头人”，当好“领头雁”。
    line: int
    points: list[Point] = field(default_factory=list)


@dataclass
class Part:
    number: str
    title: str  # e.g. 一、怎样抓好班子建设
    line: int
    sections: list[Section] = field(default_factory=list)


@dataclass(frozen=True)
class Speech:
    name: str  # the source file, for messages
    notice: str
    title: str
    lines: tuple[str, ...]  # the source's lines, as received
    parts: tuple[Part, ...]

    @property
    def text(self) -> str:
        """The speech as it reads on the site: every line after the notice, joined."""
        return "".join(self.lines[1:])

    @property
    def body(self) -> str:
        """The speech after its title: where terms and quotes are looked for."""
        return "".join(self.lines[2:])

    def sentences(self) -> list[str]:
        return sentences(self.text)


def _check_sequence(numbers: list[str], where: str, what: str, digits: str = NUMERALS) -> None:
    expected = digits[: len(numbers)]
    if "".join(numbers) != expected:
        raise ContentError(where, f"{what} are numbered {'、'.join(numbers)}; expected {'、'.join(expected)}")


def _points(body: str, where: str, title: str) -> list[Point]:
    found = []
    for kind, pattern in enumerate(POINT_RES):
        matches = list(pattern.finditer(body))
        if not matches:
            continue
        if found:
            raise ContentError(where, f"the points of {title} mix two kinds of numbering")
        marker = ("{}要", "（{}）", "{}.")[kind]
        found = [Point(m.group(1), m.group(0), marker.format(m.group(1))) for m in matches]
        _check_sequence([p.number for p in found], where, f"the points of {title}", ARABIC if kind else NUMERALS)
    return found


def parse(text: str, name: str = "source/speech.txt") -> Speech:
    lines = text.splitlines()
    if len(lines) < 3 or not lines[0].strip() or not lines[1].strip():
        raise ContentError(name, "line 1 must be the author's notice and line 2 the title")
    parts: list[Part] = []
    for number, line in enumerate(lines, start=1):
        where = f"{name}, line {number}"
        if number <= 2:
            continue
        part = PART_RE.match(line)
        if part:
            parts.append(Part(part.group(1), line, number))
            continue
        section = SECTION_RE.match(line)
        if not section:
            if parts and any(p.search(line) for p in POINT_RES[:1]):
                raise ContentError(where, "numbered points outside any （一） section")
            continue
        if not parts:
            raise ContentError(where, f"section {section.group(2)} before any part heading")
        current = Section(section.group(1), f"（{section.group(1)}）{section.group(2)}", number)
        current.points = _points(section.group(3), where, current.title)
        parts[-1].sections.append(current)
    if not parts:
        raise ContentError(name, "no part headings (一、…) found")
    _check_sequence([p.number for p in parts], name, "the parts")
    for part in parts:
        if not part.sections:
            raise ContentError(f"{name}, line {part.line}", f"part {part.title} has no （一） sections")
        _check_sequence([s.number for s in part.sections], f"{name}, line {part.line}", f"the sections of {part.title}")
    return Speech(name, lines[0], lines[1], tuple(lines), tuple(parts))
