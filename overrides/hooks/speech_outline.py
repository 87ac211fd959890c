"""The speech's structure, read from source/speech.txt: parts, sections, numbered points.

Not a hook itself: the study pages (提纲, 导图, 自测) are drawn from it. A part
is a line 一、…; a section is a line （一）… whose heading runs to the first 。;
a point is a sentence that opens with 一要, 二要 … inside a section. Numbers
must run 一, 二, 三 … without gaps or repeats, or OutlineError names the line:
a shorter outline must never be produced silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NUMERALS = "一二三四五六七八九十"
PART_RE = re.compile(r"^([一二三四五六七八九十])、(.+)$")
SECTION_RE = re.compile(r"^（([一二三四五六七八九十])）([^。]*。)(.*)$")
POINT_RE = re.compile(r"(?:^|(?<=[。”]))([一二三四五六七八九十])要([^。]*。)")


class OutlineError(Exception):
    pass


@dataclass
class Point:
    number: str
    lead: str  # the whole lead sentence, e.g. 一要带头讲党性。


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


def _check_sequence(numbers: list[str], where: str, what: str) -> None:
    expected = NUMERALS[: len(numbers)]
    if "".join(numbers) != expected:
        got = "、".join(numbers)
        raise OutlineError(f"{where}: {what} are numbered {got}; expected {'、'.join(expected)}")


def parse(text: str, name: str = "source/speech.txt") -> list[Part]:
    parts: list[Part] = []
    for number, line in enumerate(text.splitlines(), start=1):
        where = f"{name}, line {number}"
        part = PART_RE.match(line)
        if part:
            parts.append(Part(part.group(1), line, number))
            continue
        section = SECTION_RE.match(line)
        if not section:
            if POINT_RE.search(line) and parts:
                raise OutlineError(f"{where}: numbered points outside any （一） section")
            continue
        if not parts:
            raise OutlineError(f"{where}: section {section.group(2)} before any part heading")
        current = Section(section.group(1), f"（{section.group(1)}）{section.group(2)}", number)
        body = section.group(3)
        current.points = [Point(m.group(1), f"{m.group(1)}要{m.group(2)}") for m in POINT_RE.finditer(body)]
        if current.points:
            _check_sequence([p.number for p in current.points], where, f"the points of {current.title}")
        parts[-1].sections.append(current)
    if not parts:
        raise OutlineError(f"{name}: no part headings (一、…) found")
    _check_sequence([p.number for p in parts], name, "the parts")
    for part in parts:
        if not part.sections:
            raise OutlineError(f"{name}, line {part.line}: part {part.title} has no （一） sections")
        _check_sequence(
            [s.number for s in part.sections], f"{name}, line {part.line}", f"the sections of {part.title}"
        )
    return parts
