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
# a section whose heading stands alone on its line (no 。): its body is on the lines after it
SECTION_LINE_RE = re.compile(r"^（([一二三四五六七八九十])）([^。]+)$")
# a point opens a sentence: at the start of a line or after 。 or ”
POINT_RES = (
    re.compile(r"(?:^|(?<=[。”\n]))([一二三四五六七八九十])要([^。\n]*。)"),
    re.compile(r"(?:^|(?<=[。”\n]))（([1-9])）([^。\n]*。)"),
    re.compile(r"(?:^|(?<=[。”\n]))([1-9])[.．]([^。\n]*。)"),
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
    notice: str  # "" when the source has no notice line
    title: str
    lines: tuple[str, ...]  # the source's lines, as received
    parts: tuple[Part, ...]
    title_line: int = 2  # 1-based; when the text has no title line, the notice's line (or 0)
    notice_line: int = 1  # 1-based; 0 when there is no notice

    @property
    def text(self) -> str:
        """The speech as it reads on the site: every line but the notice, joined.

        A line's leading and trailing white space (a Word indent of two
        full-width spaces) is layout, not text: the site's paragraphs drop it."""
        return "".join(line.strip() for n, line in enumerate(self.lines, start=1) if n != self.notice_line)

    @property
    def body(self) -> str:
        """The speech after its title: where terms and quotes are looked for."""
        return "".join(line.strip() for line in self.lines[self.title_line :])

    def sentences(self) -> list[str]:
        return sentences(self.text)


def _check_sequence(
    numbers: list[str], where: str, what: str, digits: str = NUMERALS, lines: list[int] | None = None
) -> None:
    expected = digits[: len(numbers)]
    if "".join(numbers) != expected:
        if lines:  # name the line of the first number out of sequence (a gap or a repeat)
            first = next(i for i, (n, e) in enumerate(zip(numbers, expected, strict=False)) if n != e)
            where = f"{where}, line {lines[first]}"
        raise ContentError(where, f"{what} are numbered {'、'.join(numbers)}; expected {'、'.join(expected)}")


def _points(
    body: str, where: str, title: str, name: str = "", starts: list[tuple[int, int]] | None = None
) -> list[Point]:
    """Numbered points in `body`; `starts` ((offset, line) of each line of it) names the line of a bad number."""
    found = []
    for kind, pattern in enumerate(POINT_RES):
        matches = list(pattern.finditer(body))
        if not matches:
            continue
        if found:
            raise ContentError(where, f"the points of {title} mix two kinds of numbering")
        marker = ("{}要", "（{}）", "{}.")[kind]
        found = [Point(m.group(1), m.group(0), marker.format(m.group(1))) for m in matches]
        lines = None
        if starts and len(starts) > 1:
            lines = [max(line for offset, line in starts if offset <= m.start()) for m in matches]
            where = name
        digits = ARABIC if kind else NUMERALS
        _check_sequence([p.number for p in found], where, f"the points of {title}", digits, lines=lines)
    return found


def parse(
    text: str,
    name: str = "source/speech.txt",
    notice: bool = True,
    sections_required: bool = True,
    title: str | None = None,
) -> Speech:
    """The speech in `text`: line 1 its notice (unless `notice` is False), the next line its title.

    `title` is for a text without a title line: the site names it so, and the
    text starts right after the notice.

    A section's points are looked for in its own line and in the lines after it
    up to the next section or part; a section heading may stand alone on its line.
    """
    lines = text.splitlines()
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        raise ContentError(f"{name}, line 1", "the file is empty")
    notice_index = filled[0] if notice else None
    rest = [i for i in filled if notice_index is None or i > notice_index]
    if title is None:
        if not rest:
            raise ContentError(name, "line 1 must be the author's notice and line 2 the title")
        title_line = rest[0] + 1
    else:
        title_line = notice_index + 1 if notice_index is not None else 0
    parts: list[Part] = []
    current: Section | None = None
    body: list[str] = []
    body_lines: list[int] = []  # the line of each entry of body

    def close() -> None:
        if current is not None:
            where = f"{name}, line {current.line}"
            starts, offset = [], 0
            for text, line_number in zip(body, body_lines, strict=True):
                starts.append((offset, line_number))
                offset += len(text) + 1
            current.points = _points("\n".join(body), where, current.title, name, starts)

    for number, line in enumerate(lines, start=1):
        where = f"{name}, line {number}"
        if number <= title_line:
            continue
        line = line.strip()
        part = PART_RE.match(line)
        if part:
            close()
            current, body, body_lines = None, [], []
            parts.append(Part(part.group(1), line, number))
            continue
        section = SECTION_RE.match(line) or SECTION_LINE_RE.match(line)
        if not section:
            if current is not None:
                body.append(line)
                body_lines.append(number)
            elif parts and any(p.search(line) for p in POINT_RES[:1]):
                raise ContentError(where, "numbered points outside any （一） section")
            continue
        if not parts:
            raise ContentError(where, f"section {section.group(2)} before any part heading")
        close()
        current = Section(section.group(1), f"（{section.group(1)}）{section.group(2)}", number)
        body = [section.group(3)] if section.re is SECTION_RE else []
        body_lines = [number] if body else []
        parts[-1].sections.append(current)
    close()
    if not parts:
        raise ContentError(name, "no part headings (一、…) found: the text has no structure to read")
    _check_sequence([p.number for p in parts], name, "the parts", lines=[p.line for p in parts])
    for part in parts:
        if not part.sections and sections_required:
            raise ContentError(f"{name}, line {part.line}", f"part {part.title} has no （一） sections")
        _check_sequence([s.number for s in part.sections], f"{name}, line {part.line}", f"the sections of {part.title}")
    if title is None:
        title = lines[title_line - 1].strip()
    notice_text = lines[notice_index].strip() if notice_index is not None else ""
    notice_line = notice_index + 1 if notice_index is not None else 0
    return Speech(name, notice_text, title, tuple(lines), tuple(parts), title_line, notice_line)
