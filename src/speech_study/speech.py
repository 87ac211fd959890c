"""The speech, read from its source text: notice, title, parts, sections, numbered points.

The site's own source (`parse(text)`) is read strictly: line 1 the author's
notice, line 2 the title, parts 一、…, sections （一）… whose heading runs to
the first 。, points opening a sentence with 一要, （1） or 1. .

An imported speech (`parse(text, lenient=True)`) may come in any of the forms
speeches are sent in: parts 一、 or 第一部分 or 一是; sections （一）, (一) or
1、 (or 一、 under 第一部分); points 一要, 一是, 第一，, 首先/其次/最后, 1.,
（1） or 1、. The highest level of numbering found is the parts, the next the
sections; a point opens a sentence (after 。！？；： or a closing quote).

Part and section numbers must run without gaps or repeats, or a ContentError
names the line: a shorter outline must never be produced silently. In lenient
mode points are the longest run 1, 2, 3 … of one kind; a marker left out of
it is listed in `Speech.unsure` for the import report (请核对).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .counts import chinese
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

# --- the forms an imported speech may take ---------------------------------------------------------
# How an import reads numbers changed once; a speech is read at every build as it was read when imported (its
# pages were written from that reading), by the rules its speech.yml names (`reading`; none: 1):
#   1: numbers to 九十九 (99); a part's sections that start past 一 (（二）…) are the part's text;
#   2 (2026-12-08): numbers to 九百九十九 (999); sections that start past 一 are a gap, refused (but 1、).
#   3 (2026-12-08, found by testers who did not write the importer): a point's lead runs through a quotation
#     (“……最宜。” whole, not cut at its 。 and its ” left to begin the next sentence); a line numbered as a part
#     in a form no other line continues (“第一部分学员已经……” in a speech whose parts are 一、二、) is text, when
#     another form is numbered on (it took the whole speech's structure); headings end at their first full stop
#     outside quotation marks (a part's too, when it runs on into its paragraph); months (“四、五月份”) are no
#     parts; bare part numbers are refused; “三要素齐全” is read as a point and said to be (README, 拿不准时).
READING = 3  # what an import reads by now, and writes into speech.yml
_CN = {1: "[一二三四五六七八九十]{1,3}", 2: "[一二三四五六七八九十百零]{1,5}", 3: "[一二三四五六七八九十百零]{1,5}"}
_DIGITS = {1: r"\d{1,2}", 2: r"\d{1,3}", 3: r"\d{1,3}"}  # (number_of reads only canonical numbers)
_START = r"(?:^|(?<=[。！？；：:”\n]))\s*"
LEADS = {
    1: r"[^。！？；\n]*[。！？；]?",
    2: r"[^。！？；\n]*[。！？；]?",
    # a quotation closed on its line is taken whole; the lead ends at a full stop (with the marks closing after
    # it), right after a quotation that ends one (“……最宜。”), or at the line's end
    3: r"(?:“[^”\n]*”|‘[^’\n]*’|「[^」\n]*」|『[^』\n]*』|《[^》\n]*》|（[^）\n]*）|\"[^\"\n]*\"|[^。！？；\n])*?"
    r"(?:[。！？；][”’」』》）\"]*|(?<=[。！？][”’」』\"])|(?<=[。！？][’」』]”)|(?=\n|\Z))",
}
BARE_NUMBER = re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、.．]?$")  # a part's number alone on its line
# nouns that begin with 要 (要素, 要点, 要闻): “三要素齐全” may be no point 三要 (said under 请核对), and a heading
# that begins with one names a topic (questions.is_requirement)
YAO_NOUNS = ("要素", "要点", "要闻", "要务", "要害", "要件", "要旨", "要领", "要塞", "要地", "要员", "要案")


@dataclass(frozen=True)
class Forms:
    """The patterns of one reading: a part's, a section's, a point's (name -> pattern, group 1 the number)."""

    parts: dict[str, re.Pattern[str]]
    sections: dict[str, re.Pattern[str]]
    points: dict[str, re.Pattern[str]]
    start_past_one_is_text: bool  # a part's first section numbered past 一 read as its text (reading 1)
    reading: int = 1


# by reading 3, “一、二月份……” and “四、五月份是汛期” (a tester's: months, not part 一 and part 四) are text
MONTHS = {1: "", 2: "", 3: r"(?![一二三四五六七八九十]+月)"}


def _forms(reading: int) -> Forms:
    cn, digits, lead = _CN[reading], _DIGITS[reading], LEADS[reading]
    return Forms(
        parts={  # a whole (stripped) line
            "第一部分": re.compile(rf"^第({cn})部分(?:[\s：:，,、．.]*)(.*)$"),
            "一、": re.compile(rf"^({cn})\s*、\s*{MONTHS[reading]}(.+)$"),
            "一是": re.compile(rf"^({cn})是([^。！？；]{{1,38}}[。！？；]?)$"),
        },
        sections={  # the heading runs to the first 。 (or is the whole line)
            "一、": re.compile(rf"^({cn})\s*、\s*{MONTHS[reading]}(.+)$"),
            "（一）": re.compile(rf"^[（(]\s*({cn})\s*[）)]\s*(.+)$"),
            "1、": re.compile(rf"^({digits})\s*、\s*(.+)$"),
        },
        points={
            "一要": re.compile(rf"{_START}({cn})要({lead})"),
            "一是": re.compile(rf"{_START}({cn})是({lead})"),
            "第一，": re.compile(rf"{_START}第({cn})[，,、]({lead})"),
            "首先": re.compile(rf"{_START}(首先|其次|再次|然后|最后)[，,]({lead})"),
            "（1）": re.compile(rf"{_START}[（(]({digits})[）)]({lead})"),
            "1.": re.compile(rf"{_START}({digits})[.．](?!\d)({lead})"),
            "1、": re.compile(rf"{_START}({digits})、({lead})"),
        },
        start_past_one_is_text=reading < 2,
        reading=reading,
    )


FORMS = {reading: _forms(reading) for reading in _CN}
LENIENT_PARTS, LENIENT_SECTIONS, LENIENT_POINTS = FORMS[READING].parts, FORMS[READING].sections, FORMS[READING].points
SECTIONS_UNDER = {"第一部分": ("一、", "（一）", "1、"), "一、": ("（一）", "1、"), "一是": ("（一）", "1、")}
ORDER_WORDS = ("首先", "其次", "再次", "然后", "最后")


# 一百 … 九百九十九 as the site writes them (counts.chinese): a part, section or point numbered past 九十九 is one
# (it was read as the text of the one before it, without a word)
HUNDREDS = {chinese(n): n for n in range(100, 1000)}


def number_of(text: str) -> int:
    """1 for 一 or 1, 12 for 十二 or 12, 20 for 二十, 108 for 一百零八; 0 when `text` is no number."""
    if text.isdigit():
        return int(text)
    if text in HUNDREDS:
        return HUNDREDS[text]
    if text in ORDER_WORDS:
        return 0
    digits = [NUMERALS.index(c) + 1 for c in text if c in NUMERALS]
    if len(digits) != len(text) or not digits:
        return 0
    if len(digits) == 1:
        return digits[0]
    if digits[0] == 10:  # 十二
        return 10 + digits[1] if len(digits) == 2 else 0
    if digits[1] == 10:  # 二十, 二十三
        return digits[0] * 10 + (digits[2] if len(digits) == 3 else 0)
    return 0


def chinese_number(n: int) -> str:
    """一 … 十, 十一 … 九十九, 一百 … 一百零八 …."""
    return chinese(n)


def sentences(text: str) -> list[str]:
    """Sentences of running text, each ending with 。！？ and any closing quote."""
    return [s for s in SENTENCE_END.split(text) if s]


@dataclass(frozen=True)
class Point:
    number: str  # 一, 二 … or 1, 2 … (or 首先, 其次 …)
    lead: str  # the whole lead sentence as written, e.g. 一要带头讲党性。
    marker: str  # what opens it: 一要, （1）, 1., 第一，, 首先，
    line: int = 0  # 1-based line it stands on (0: not known)


@dataclass
class Section:
    number: str
    title: str  # e.g. （一）要做班子里的“带头人”，当好“领头雁”。
    line: int
    points: list[Point] = field(default_factory=list)
    marker: str = ""  # what opens the heading, e.g. （一）

    @property
    def heading(self) -> str:
        """The title without its number."""
        return self.title[len(self.marker) :].strip() if self.marker else self.title


@dataclass
class Part:
    number: str
    title: str  # e.g. 一、怎样抓好班子建设
    line: int
    sections: list[Section] = field(default_factory=list)
    marker: str = ""  # what opens the heading, e.g. 一、 or 第一部分

    @property
    def index(self) -> int:
        """1 for the first part."""
        return number_of(self.number)

    @property
    def heading(self) -> str:
        """The title without its number, e.g. 怎样抓好班子建设."""
        if not self.marker:
            return self.title[2:] if PART_RE.match(self.title) else self.title
        return self.title[len(self.marker) :].lstrip(" \u3000：:，,、．.") or self.title


@dataclass(frozen=True)
class Speech:
    name: str  # the source file, for messages
    notice: str  # "" when the source has no notice line
    title: str
    lines: tuple[str, ...]  # the source's lines, as received
    parts: tuple[Part, ...]
    title_line: int = 2  # 1-based, the title's last line; when the text has no title line, the notice's line (or 0)
    notice_line: int = 1  # 1-based; 0 when there is no notice
    title_start: int = 0  # 1-based, the title's first line (0: the same as title_line)
    unsure: tuple[tuple[int, str], ...] = ()  # (line, what was chosen) for the import report's 请核对

    @property
    def text(self) -> str:
        """The speech as it reads on the site: every line but the notice, joined.

        A line's leading and trailing white space (a Word indent of two
        full-width spaces) is layout, not text: the site's paragraphs drop it."""
        return "".join(line.strip() for n, line in enumerate(self.lines, start=1) if n != self.notice_line)

    @property
    def body_lines(self) -> list[str]:
        """The speech's lines after its title (and its notice, wherever it stands), as written."""
        return [line for n, line in enumerate(self.lines, start=1) if n > self.title_line and n != self.notice_line]

    @property
    def body(self) -> str:
        """The speech after its title: where terms and quotes are looked for."""
        return "".join(line.strip() for line in self.body_lines)

    def sentences(self) -> list[str]:
        return sentences(self.text)


def _line(name: str, number: int) -> str:
    return f"{name}，第{number}行"


def _check_sequence(
    numbers: list[str], where: str, what: str, digits: str = NUMERALS, lines: list[int] | None = None
) -> None:
    values = [number_of(n) for n in numbers]
    if values != list(range(1, len(values) + 1)):
        expected = [str(i) if digits == ARABIC else chinese_number(i) for i in range(1, len(values) + 1)]
        if lines:  # name the line of the first number out of sequence (a gap or a repeat)
            first = next(i for i, v in enumerate(values) if v != i + 1)
            where = f"{where.split('，第')[0]}，第{lines[first]}行"
        raise ContentError(where, f"{what}的编号是{'、'.join(numbers)}，应为{'、'.join(expected)}")


def _points(
    body: str, where: str, title: str, name: str = "", starts: list[tuple[int, int]] | None = None
) -> list[Point]:
    """Numbered points in `body`; `starts` ((offset, line) of each line of it) names the line of a bad number."""
    found: list[Point] = []
    for kind, pattern in enumerate(POINT_RES):
        matches = list(pattern.finditer(body))
        if not matches:
            continue
        if found:
            raise ContentError(where, f"小节{title}的分项混用了两种编号")
        marker = ("{}要", "（{}）", "{}.")[kind]
        lines = [max(line for offset, line in starts if offset <= m.start()) for m in matches] if starts else None
        found = [
            Point(m.group(1), m.group(0), marker.format(m.group(1)), lines[i] if lines else 0)
            for i, m in enumerate(matches)
        ]
        digits = ARABIC if kind else NUMERALS
        check_lines = lines if starts and len(starts) > 1 else None
        _check_sequence(
            [p.number for p in found],
            name if check_lines else where,
            f"小节{title}的分项",
            digits,
            lines=check_lines,
        )
    return found


def _lenient_points(
    body: str,
    starts: list[tuple[int, int]],
    unsure: list[tuple[int, str]],
    skip: tuple[str, ...],
    patterns: dict[str, re.Pattern[str]] = LENIENT_POINTS,
    reading: int = READING,
) -> list[Point]:
    """The likeliest numbered points in a section's `body`: the longest run 1, 2, 3 … of one kind."""

    def line_of(offset: int) -> int:
        return max((line for start, line in starts if start <= offset), default=0)

    best: list[tuple[str, re.Match]] = []
    runs: dict[str, list[re.Match]] = {}
    for kind, pattern in patterns.items():
        if kind in skip:
            continue
        matches = list(pattern.finditer(body))
        if kind == "首先":
            run: list[re.Match[str]] = []
            for m in matches:
                word = m.group(1)
                if not run and word != "首先":
                    continue
                if run and word == "首先":
                    break
                run.append(m)
                if word == "最后":
                    break
            if len(run) < 2:
                run = []
        else:
            run, want = [], 1
            for m in matches:
                if number_of(m.group(1)) == want:
                    run.append(m)
                    want += 1
            if len(run) < 2 and not (run and kind in ("一要", "（1）", "1.")):
                run = []
        runs[kind] = matches
        if len(run) > len(best):
            best = [(kind, m) for m in run]
    if not best:
        return []
    kind = best[0][0]
    chosen = {m.start() for _, m in best}
    for matches in runs.values():
        for m in matches:
            if m.start() not in chosen:
                unsure.append(
                    (
                        line_of(m.end() - len(m.group(0).lstrip())),
                        f"“{m.group(0).strip()[:16]}”没有当作分项（这一小节的分项按“{kind}”编号读取）",
                    )
                )
    points = []
    for _, m in best:
        lead = m.group(0).lstrip()
        marker = lead[: len(lead) - len(m.group(2))]
        if reading >= 3:
            lead = _closed(lead)  # (a point inside a quotation: the quotation's ” is not its lead's)
        where = line_of(m.end() - len(m.group(0).lstrip()))
        points.append(Point(m.group(1), lead, marker, where))
        if reading >= 3 and kind == "一要" and ("要" + m.group(2)).startswith(YAO_NOUNS):
            # “三要素齐全” may be a noun in 要, or the point 三要 (“一要素质过硬” is one): read as a point, and said
            word = "要" + m.group(2)[:1]
            unsure.append((where, f"“{lead[:16]}”按分项读取；若“{word}”在这里是一个词，它就不是分项，请核对"))
    return points


OPENS, CLOSES = "“‘「『《（(", "”’」』》）)"
PAIR = dict(zip(CLOSES, OPENS, strict=True))


def _closed(lead: str) -> str:
    """`lead` without the closing marks at its end that close nothing opened in it."""
    while lead and lead[-1] in PAIR and lead.count(PAIR[lead[-1]]) < lead.count(lead[-1]):
        lead = lead[:-1]
    return lead


def first_stop(text: str) -> int | None:
    """Where the first sentence of `text` ends: after its first 。！？ outside quotation marks and brackets, with the
    marks closing after it; None when it has none (reading 3: a heading cut at a 。 inside “两个维护。” left ” to begin
    the paragraph, a tester's find)."""
    depth, plain = 0, False
    for at, ch in enumerate(text):
        if ch == '"':
            plain = not plain
        elif ch in OPENS:
            depth += 1
        elif ch in CLOSES:
            depth = max(0, depth - 1)
        elif ch in "。！？" and depth == 0 and not plain:
            end = at + 1
            while end < len(text) and text[end] in CLOSES:
                end += 1
            return end
    return None


def parse(
    text: str,
    name: str = "source/speech.txt",
    notice: bool = True,
    sections_required: bool = True,
    title: str | None = None,
    lenient: bool = False,
    title_lines: int = 1,
    reading: int = READING,
) -> Speech:
    """The speech in `text`: line 1 its notice (unless `notice` is False), the next line its title.

    `title` is for a text without a title line: the site names it so, and the
    text starts right after the notice. `title_lines` is for a title written
    over two (or more) lines. `lenient` reads the forms imported speeches come
    in (see the module's docstring), by the rules of `reading` (FORMS: the rules it was imported by).

    A section's points are looked for in its own line and in the lines after it
    up to the next section or part; a section heading may stand alone on its line.
    """
    lines = text.splitlines()
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        raise ContentError(_line(name, 1), "文件是空的")
    notice_index = filled[0] if notice else None
    rest = [i for i in filled if notice_index is None or i > notice_index]
    title_start = 0
    if title is None:
        if not rest:
            raise ContentError(name, "第1行应是作者声明，第2行应是标题")
        title_start = rest[0] + 1
        title_line = rest[min(title_lines, len(rest)) - 1] + 1
    else:
        title_line = notice_index + 1 if notice_index is not None else 0
    if lenient:
        parts, unsure = _parse_lenient(lines, name, title_line, notice_index, FORMS[reading])
    else:
        parts, unsure = _parse_strict(lines, name, title_line), []
    if not parts:
        bare = (
            next((i + 1 for i in filled if i + 1 > title_line and BARE_NUMBER.match(lines[i].strip())), None)
            if lenient and reading >= 3
            else None
        )
        if bare is not None:  # the People's Daily's parts: “一” alone on its line, no heading
            raise _bare_number(lines, name, bare)
        first = next((i + 1 for i in filled if i + 1 > title_line), title_line or 1)
        raise ContentError(
            # the whole text has none: no line is the cause (reading 3; the first line after the title was named)
            name if lenient and reading >= 3 else _line(name, first),
            "全文没有找到部分标题（如“一、……”“第一部分”）：读不出讲话的结构，请在各部分开头加上编号",
        )
    _check_sequence([p.number for p in parts], name, "各部分", lines=[p.line for p in parts])
    for part in parts:
        if not part.sections and sections_required:
            raise ContentError(_line(name, part.line), f"部分“{part.title}”没有（一）（二）小节")
        _check_sequence(
            [s.number for s in part.sections],
            _line(name, part.line),
            f"“{part.title}”各小节",
            ARABIC if part.sections and part.sections[0].number.isdigit() else NUMERALS,
            lines=[s.line for s in part.sections],
        )
    if title is None:
        title = "".join(line.strip() for line in lines[title_start - 1 : title_line])
    notice_text = lines[notice_index].strip() if notice_index is not None else ""
    notice_line = notice_index + 1 if notice_index is not None else 0
    return Speech(
        name,
        notice_text,
        title,
        tuple(lines),
        tuple(parts),
        title_line,
        notice_line,
        title_start if title_start != title_line else 0,
        tuple(unsure),
    )


def _parse_strict(lines: list[str], name: str, title_line: int) -> list[Part]:
    parts: list[Part] = []
    current: Section | None = None
    body: list[str] = []
    body_lines: list[int] = []  # the line of each entry of body

    def close() -> None:
        if current is not None:
            where = _line(name, current.line)
            current.points = _points("\n".join(body), where, current.title, name, _starts(body, body_lines))

    for number, line in enumerate(lines, start=1):
        where = _line(name, number)
        if number <= title_line:
            continue
        line = line.strip()
        part = PART_RE.match(line)
        if part:
            close()
            current, body, body_lines = None, [], []
            parts.append(Part(part.group(1), line, number, marker=f"{part.group(1)}、"))
            continue
        section = SECTION_RE.match(line) or SECTION_LINE_RE.match(line)
        if not section:
            if current is not None:
                body.append(line)
                body_lines.append(number)
            elif parts and any(p.search(line) for p in POINT_RES[:1]):
                raise ContentError(where, "编号的分项不在任何（一）小节之内")
            continue
        if not parts:
            raise ContentError(where, f"小节{section.group(2)}出现在第一个部分标题之前")
        close()
        current = Section(
            section.group(1), f"（{section.group(1)}）{section.group(2)}", number, marker=f"（{section.group(1)}）"
        )
        body = [section.group(3)] if section.re is SECTION_RE else []
        body_lines = [number] if body else []
        parts[-1].sections.append(current)
    close()
    return parts


def _starts(body: list[str], body_lines: list[int]) -> list[tuple[int, int]]:
    starts, offset = [], 0
    for text, line_number in zip(body, body_lines, strict=True):
        starts.append((offset, line_number))
        offset += len(text) + 1
    return starts


def _first_of(
    lines: list[str], title_line: int, patterns: dict[str, re.Pattern], names: Iterable[str]
) -> dict[str, int]:
    """For each style in `names`: the line of its 一 (or 1), when the text has one."""
    found: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        if number <= title_line:
            continue
        line = raw.strip()
        for style in names:
            m = patterns[style].match(line)
            if m and style not in found and number_of(m.group(1)) == 1:
                found[style] = number
    return found


def _refuse_bare_numbers(lines: list[str], name: str, title_line: int) -> None:
    """Parts numbered 一, 二 … alone on their lines (the People's Daily's form) are refused, naming the first: a
    heading is needed for the part's page; with a line of another form beside them (“一、本次会议的组成……” in the
    text) they were taken for text and that line for the only part (a tester's find)."""
    bare = [n for n, line in enumerate(lines, start=1) if n > title_line and BARE_NUMBER.match(line.strip())]
    numbers = [number_of(lines[n - 1].strip().rstrip("、.．").strip()) for n in bare]
    if 1 in numbers and 2 in numbers[numbers.index(1) :]:
        raise _bare_number(lines, name, bare[numbers.index(1)])


def _bare_number(lines: list[str], name: str, number: int) -> ContentError:
    """The refusal of a part's number alone on line `number`."""
    return ContentError(
        _line(name, number),
        f"部分的编号“{lines[number - 1].strip()}”后面没有标题：网站的每个部分都以它的标题为页名，"
        "请在编号后面写上这一部分的标题（如“一、……”）",
    )


def _numbered_on(lines: list[str], start: int, pattern: re.Pattern[str]) -> bool:
    """Whether a line after line `start` (a part's 一 in a form) is numbered 二 in the same form, with a line of the
    part's own between them (“第一部分，讲形势。” / “第二部分，讲任务。” on consecutive lines preview the parts, or
    count trainees: a tester's cases; a part has its text)."""
    for at, raw in enumerate(lines[start:], start=start):
        m = pattern.match(raw.strip())
        if m and number_of(m.group(1)) == 2:
            return any(line.strip() for line in lines[start:at])
    return False


def _parse_lenient(
    lines: list[str], name: str, title_line: int, notice_index: int | None, forms: Forms = FORMS[READING]
) -> tuple[list[Part], list[tuple[int, str]]]:
    unsure: list[tuple[int, str]] = []
    if forms.reading >= 3:
        _refuse_bare_numbers(lines, name, title_line)
    starts_at = _first_of(lines, title_line, forms.parts, forms.parts)
    if not starts_at:  # numbered parts without a 一: read them, so that the numbering error names the line
        for number, raw in enumerate(lines, start=1):
            for style in ("第一部分", "一、"):
                m = forms.parts[style].match(raw.strip()) if number > title_line else None
                if m and style not in starts_at and number_of(m.group(1)):
                    starts_at[style] = number
    if not starts_at:
        return [], unsure
    styles = [s for s in forms.parts if s in starts_at]
    part_style = styles[0]
    if forms.reading >= 3:
        # the first form whose 一 is followed by 二 (…): a lone “第一部分学员已经……” is a sentence, not the speech's
        # parts, when another form is numbered on; what is left out is listed
        part_style = next((st for st in styles if _numbered_on(lines, starts_at[st], forms.parts[st])), part_style)
    part_re = forms.parts[part_style]
    candidates = SECTIONS_UNDER[part_style]
    section_at = _first_of(lines, starts_at[part_style], forms.sections, candidates)
    section_style = next((s for s in candidates if s in section_at), None)
    for other in styles if forms.reading >= 3 else ():
        # (a part's sections may be numbered 一、; a line 一是…… is a point as often as a part)
        if other not in (part_style, section_style, "一是"):
            line = lines[starts_at[other] - 1].strip()
            said = f"“{line[:16]}”没有当作部分标题（各部分按“{part_style}”编号读取）"
            unsure.append((starts_at[other], said))
    section_re = forms.sections[section_style] if section_style else None
    skip = tuple(s for s in (part_style, section_style) if s in forms.points)

    parts: list[Part] = []
    current: Section | None = None
    body: list[str] = []
    body_lines: list[int] = []
    expect_part = 1

    def close() -> None:
        if current is not None:
            current.points = _lenient_points(
                "\n".join(body), _starts(body, body_lines), unsure, skip, forms.points, forms.reading
            )

    for number, raw in enumerate(lines, start=1):
        if number <= title_line or (notice_index is not None and number == notice_index + 1):
            continue
        line = raw.strip()
        m = part_re.match(line)
        if m and not number_of(m.group(1)):
            m = None  # 百、千、万工程…, 零、一、二这几档…: words, not a number
        if m and number >= starts_at[part_style]:
            value = number_of(m.group(1))
            if value != expect_part and part_style == "一是":
                unsure.append((number, f"“{line[:16]}”不在各部分的编号顺序中，按正文读取"))
                m = None
            if m:
                close()
                current, body, body_lines = None, [], []
                marker = line[: m.start(2)] if m.group(2) else line
                title = line
                if forms.reading >= 3 and part_style != "一是":
                    # “一、加强党建。这是……” (a part and its paragraph on one line, as a Word file's one
                    # paragraph was): the heading to its first full stop, as a section's; the rest is the part's
                    # text (it was the page's title, its nav entry and its browser tab, some hundred characters)
                    end = first_stop(m.group(2))
                    said = m.group(2)[:end].strip("。！？”’」』》） ") if end else ""
                    if end and said and m.group(2)[end:].strip():
                        title = line[: m.start(2) + end]
                parts.append(Part(m.group(1), title, number, marker=marker))
                expect_part = value + 1
                continue
        s = section_re.match(line) if section_re and parts else None
        if s and not number_of(s.group(1)):
            s = None
        if s:
            value = number_of(s.group(1))
            want = len(parts[-1].sections) + 1
            past_one_is_text = section_style == "1、" or forms.start_past_one_is_text
            if value != want and value != 1 and not parts[-1].sections and past_one_is_text:
                s = None  # a list of the part's opening text (“3、” may count anything), not its sections
            elif value != want and section_style == "1、" and parts[-1].sections:
                unsure.append((number, f"“{line[:16]}”不在小节的编号顺序中，按正文读取"))
                s = None
        if s:
            close()
            marker = line[: s.start(2)]
            rest = s.group(2)
            if forms.reading >= 3:
                stop = first_stop(rest)
                cut = -1 if stop is None else stop - 1
            else:
                cut = rest.find("。")
            heading = marker + rest[: cut + 1] if cut >= 0 else line
            current = Section(s.group(1), heading, number, marker=marker)
            tail = rest[cut + 1 :] if cut >= 0 else ""
            body, body_lines = ([tail], [number]) if tail else ([], [])
            parts[-1].sections.append(current)
            continue
        if current is not None:
            body.append(line)
            body_lines.append(number)
    close()
    if forms.reading >= 3 and section_style:
        _second_section_form(lines, parts, forms, candidates, section_style, unsure)
    return parts, unsure


def _second_section_form(
    lines: list[str],
    parts: list[Part],
    forms: Forms,
    candidates: tuple[str, ...],
    style: str,
    unsure: list[tuple[int, str]],
) -> None:
    """Sections in a second form (part 一 （一）（二）, part 二 1、2、): in a part left without sections its lines are
    text, and said to be (in a part with sections such lines are its points' or its text's)."""
    bounds = [p.line for p in parts[1:]] + [len(lines) + 1]
    for part, stop in zip(parts, bounds, strict=True):
        if part.sections:
            continue
        for number in range(part.line + 1, stop):
            line = lines[number - 1].strip()
            for other in candidates:
                m = forms.sections[other].match(line) if other != style else None
                if m and number_of(m.group(1)) == 1:
                    said = f"“{line[:16]}”没有当作小节标题（各小节按“{style}”编号读取）"
                    unsure.append((number, said))
