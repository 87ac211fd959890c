"""What a received text holds: notice, title, speaker and date, parts, sections, points, closing remarks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import speech as speech_mod
from ..errors import ContentError
from .read import Received

NOTICE_RE = re.compile(r"仅供|请勿|原创|转载|版权|声明|投稿|未经")
DATE_RE = re.compile(
    r"(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?"
)
CLOSING_RE = re.compile(r"^(同志们|各位同志|最后)")
SECTION_PREFIX_RE = re.compile(r"^（[一二三四五六七八九十]）")


@dataclass
class Found:
    """What the import found in the text, for the pages and the report."""

    received: Received
    speech: speech_mod.Speech
    title: str  # the library's name for it
    title_in_text: bool
    speaker: str
    date: str
    front: list[int]  # 1-based lines after the title and before the speech proper (speaker, date, subtitle)
    closing: int | None  # 1-based line where the closing remarks (结束语) begin
    dropped_top: int  # empty lines at the top, left out
    notes: list[str] = field(default_factory=list)  # what may need a look


def looks_like_title(line: str) -> bool:
    line = line.strip()
    return (
        0 < len(line) <= 40
        and not line.endswith(("。", "！", "？", "：", ":"))
        and not speech_mod.PART_RE.match(line)
        and not CLOSING_RE.match(line)
        and not SECTION_PREFIX_RE.match(line)
    )


def analyse(received: Received, title: str | None, speaker: str | None, date: str | None) -> Found:
    name = received.name
    lines = received.text.splitlines()
    dropped = 0
    while lines and not lines[0].strip():
        lines.pop(0)
        dropped += 1
    if not lines:
        raise ContentError(f"{name}, line 1", "the file is empty")
    if dropped:
        received.text = received.text.split("\n", dropped)[-1]
    notes: list[str] = []
    has_notice = bool(NOTICE_RE.search(lines[0])) and len(lines[0].strip()) <= 80 and "。" not in lines[0]
    if not has_notice:
        notes.append("第 1 行不像作者声明（如“仅供学习参考”）：按没有声明处理，各页不显示声明")
    after = [i for i, line in enumerate(lines) if line.strip() and i > (0 if has_notice else -1)]
    if not after:
        raise ContentError(f"{name}, line {len(lines)}", "there is no text after the notice")
    first = lines[after[0]].strip()
    title_in_text = looks_like_title(first)
    if title_in_text:
        if title and title != first:
            notes.append(f"第 {after[0] + 1} 行的标题是“{first}”；文库按 --title 列为“{title}”")
        title = title or first
    elif not title:
        raise ContentError(
            f"{name}, line {after[0] + 1}",
            "no title line before the text (a short line without 。); add one, or give --title",
        )
    speech = speech_mod.parse(
        "\n".join(lines),
        name,
        notice=has_notice,
        sections_required=False,
        title=None if title_in_text else title,
    )
    first_part = speech.parts[0].line
    front = []
    for number in range(speech.title_line + 1, first_part):
        line = lines[number - 1].strip()
        if not line:
            continue
        if "。" in line or len(line) > 40 or CLOSING_RE.match(line) or line.endswith(("：", ":")):
            break
        front.append(number)
    found_date = date or next((m.group() for n in front if (m := DATE_RE.search(lines[n - 1]))), "")
    found_speaker = speaker or next(
        (lines[n - 1].strip() for n in front if not DATE_RE.search(lines[n - 1]) and not lines[n - 1].startswith("—")),
        "",
    )
    for n in front:
        notes.append(f"第 {n} 行“{lines[n - 1].strip()}”在标题和正文之间：作为讲话人、日期或副标题照录在开场页")
    closing = None
    last = speech.parts[-1]
    start = last.sections[-1].line + 1 if last.sections else last.line + 1
    for number in range(start, len(lines) + 1):
        if CLOSING_RE.match(lines[number - 1].strip()):
            closing = number
            notes.append(f"第 {number} 行起是结束语：单独成页（网站加的标题“结束语”不算讲话文字）")
            break
    for part in speech.parts:
        if part.title.endswith("。") or len(part.title) > 40:
            notes.append(f"第 {part.line} 行“{part.title[:20]}…”按第{part.number}部分的标题处理，请核对")
        if not part.sections:
            notes.append(f"第 {part.line} 行的部分“{part.title}”没有（一）（二）小节")
        for section in part.sections:
            if len(section.points) == 1:
                notes.append(f"第 {section.line} 行的小节只有一个分项“{section.points[0].lead}”")
    return Found(received, speech, title, title_in_text, found_speaker, found_date, front, closing, dropped, notes)
