"""What a received text holds: notice, title, speaker and date, parts, sections, points, closing remarks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from .. import speech as speech_mod
from ..errors import ContentError
from .read import Received

# in simplified characters, and in traditional ones (a text from Hong Kong, Macao or Taiwan: 僅供學習參考)
NOTICE_RE = re.compile(
    r"仅供|请勿|原创|转载|版权|声明|投稿|未经|内部资料|学习参考|仅限"
    r"|僅供|請勿|原創|轉載|版權|聲明|未經|內部資料|學習參考|僅限"
)
DATE_RE = re.compile(
    r"(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?"
)
CLOSING_RE = re.compile(r"^(同志们|各位同志|最后|谢谢)")
# a title's first line that cannot end a title, or a second line that only ends one
TITLE_GOES_ON = re.compile(r"(的|在|上|和|与|及|暨|关于|、|，|,)$")
TITLE_ENDS = re.compile(r"^(?:的|上的)?(?:讲话|发言|报告|致辞|讲稿|党课|讲话稿|讲话提纲|辅导报告)》?$")
# words a notice says and a title does not
NOTICE_ONLY = re.compile(r"[：:]|本文|本篇|仅供|请勿|未经|转载|僅供|請勿|未經|轉載")
TITLE_KIND = re.compile(r"(?:讲话|发言|报告|致辞|讲稿|党课|讲话稿|讲话提纲|辅导报告)》?$")  # how a title ends
CJK_ONLY = re.compile(r"^[\u3400-\u9fff·•]+$")
NOTE_RE = re.compile(r"^[（(【\[][^）)】\]]*[）)】\]]$")  # a line that is all in brackets: （根据录音整理）
SPEAKER_RE = re.compile(r"^[\u3400-\u9fff·•\s]{2,30}$")
SECTION_PREFIX_RE = re.compile(r"^（[一二三四五六七八九十]）")


@dataclass
class Found:
    """What the import found in the text, for the pages and the report."""

    received: Received
    speech: speech_mod.Speech
    title: str  # the library's name for it
    title_in_text: bool
    title_lines: int  # how many lines the title is written over
    speaker: str
    date: str
    front: list[int]  # 1-based lines after the title and before the speech proper (speaker, date, subtitle)
    closing: int | None  # 1-based line where the closing remarks (结束语) begin
    dropped_top: int  # empty lines at the top, left out
    notes: list[str] = field(default_factory=list)  # what may need a look


def looks_like_title(line: str) -> bool:
    line = line.strip()
    return (
        0 < len(line) <= 60
        and not line.endswith(("。", "！", "？", "：", ":", "；"))
        and not speech_mod.PART_RE.match(line)
        and not any(r.match(line) for r in speech_mod.LENIENT_PARTS.values())
        and not CLOSING_RE.match(line)
        and not SECTION_PREFIX_RE.match(line)
        and not DATE_RE.fullmatch(line.strip("（）() "))
        # “——在……上的讲话” is a subtitle: above the real title, or where the title is in a table or a text box
        # (found by a tester: it became the page's title, and the title the speaker)
        and not line.startswith(("—", "－", "--", "―"))
    )


def library_title(text: str) -> str:
    """The library's name for a title written 《…》: without the brackets."""
    if text.startswith("《") and text.endswith("》") and text.count("《") == 1:
        return text[1:-1].strip()
    return text


def _continues(first: str, second: str) -> bool:
    """Whether `second` is the rest of a title begun on the line `first`."""
    second = second.strip()
    if not second or len(second) > 40 or not looks_like_title(second) or second.startswith(("—", "-", "（", "(")):
        return False
    if DATE_RE.search(second):
        return False
    if "《" in first and "》" not in first:
        return "》" in second
    first = first.strip()
    if TITLE_ENDS.match(second):
        return True
    # a title cut after 上, 的, 关于 …, unless what follows is a person's name (在全市经济工作会议上 / 李明)
    if TITLE_GOES_ON.search(first):
        return not (len(second) <= 4 and CJK_ONLY.match(second))
    # a title cut anywhere, its second line ending as titles do (在2024年全县基层党建工作 / 推进会议上的讲话)
    return bool(TITLE_KIND.search(second) and not TITLE_KIND.search(first))


# a line of a table of contents copied as text: a heading, a run of leaders (or a tab, or spaces), its page number
CONTENTS_LINE = re.compile(r"^\S.{0,80}?(?:[.．·…_—\-]{2,}|\t|\s{2,})\s*\d{1,4}\s*$")
CONTENTS_HEADING = re.compile(r"^目\s*录$")


def _contents_lines(lines: list[str]) -> list[int]:
    """The line numbers of a table of contents in the text (its heading 目录 and its lines), or none."""
    found = [n for n, line in enumerate(lines, 1) if CONTENTS_LINE.match(line.strip())]
    if not found:
        return []
    heading = [n for n, line in enumerate(lines[: found[0]], 1) if CONTENTS_HEADING.match(line.strip())]
    return heading[-1:] + found


def analyse(received: Received, title: str | None, speaker: str | None, date: str | None) -> Found:
    name = received.name
    lines = received.text.splitlines()
    dropped = 0
    while lines and not lines[0].strip():
        lines.pop(0)
        dropped += 1
    if not lines:
        raise ContentError(f"{name}，第1行", "文件是空的")
    if dropped:
        received.text = received.text.split("\n", dropped)[-1]
    notes: list[str] = []
    first_line = lines[0].strip()
    has_notice = (
        bool(NOTICE_RE.search(first_line))
        and len(first_line) <= 120
        and not any(r.match(first_line) for r in speech_mod.LENIENT_PARTS.values())
        # a title that names what the notice words name (在全市版权保护工作会议上的讲话, 关于学习参考消息的讲话)
        and not (looks_like_title(first_line) and TITLE_KIND.search(first_line) and not NOTICE_ONLY.search(first_line))
    )
    if not has_notice:
        notes.append("第1行不像作者声明（如“仅供学习参考”）：按没有声明处理，各页不显示声明")
    after = [i for i, line in enumerate(lines) if line.strip() and i > (0 if has_notice else -1)]
    if not after:
        raise ContentError(f"{name}，第{len(lines)}行", "声明之后没有正文")
    first = lines[after[0]].strip()
    title_in_text = looks_like_title(first)
    title_lines = 1
    heading = first
    if title_in_text:
        if len(after) > 1 and _continues(first, lines[after[1]]):
            second = lines[after[1]].strip()
            title_lines, heading = 2, first + second
            notes.append(f"第{after[0] + 1}、{after[1] + 1}行合起来读作标题“{heading}”")
        if title and title != library_title(heading):
            notes.append(f"第{after[0] + 1}行的标题是“{heading}”；文库按 --title 列为“{title}”")
        title = title or library_title(heading)
    elif not title:
        title = PurePath(name).stem.strip() or "讲话"
        notes.append(
            f"第{after[0] + 1}行“{first[:16]}…”不像标题：按没有标题行处理，标题暂用文件名“{title}”（可用 --title 指定）"
        )
    try:
        speech = speech_mod.parse(
            "\n".join(lines),
            name,
            notice=has_notice,
            sections_required=False,
            title=None if title_in_text else title,
            lenient=True,
            title_lines=title_lines,
        )
    except ContentError:
        contents = _contents_lines(lines)
        if contents:  # the headings twice: once in a table of contents, the cause to name (not their numbering)
            top, end = contents[0], contents[-1]
            where = f"第{top}行" if top == end else f"第{top}～{end}行"
            raise ContentError(
                f"{name}，{where}", "像是目录（标题后面是页码）：目录不是讲话的正文，请删去这几行后再导入"
            ) from None
        raise
    first_part = speech.parts[0].line
    front = []
    for number in range(speech.title_line + 1, first_part):
        line = lines[number - 1].strip()
        if not line:
            continue
        if "。" in line or len(line) > 40 or CLOSING_RE.match(line) or line.endswith(("：", ":")):
            break
        front.append(number)

    def is_speaker(line: str) -> bool:
        line = line.strip()
        # not a line that ends as titles do (……上的讲话): a title under a subtitle is no speaker
        return (
            bool(SPEAKER_RE.match(line))
            and not DATE_RE.search(line)
            and not NOTE_RE.match(line)
            and not TITLE_KIND.search(line)
        )

    found_date = date or next((m.group() for n in front if (m := DATE_RE.search(lines[n - 1]))), "")
    found_speaker = speaker or next(
        (lines[n - 1].strip() for n in front if is_speaker(lines[n - 1])),
        "",
    )
    for n in front:
        notes.append(f"第{n}行“{lines[n - 1].strip()}”在标题和正文之间：作为讲话人、日期或副标题照录在开场页")
    closing = None
    last = speech.parts[-1]
    start = last.line + 1
    for section in last.sections:
        start = max(start, section.line + 1, *(p.line + 1 for p in section.points))
    for number in range(start, len(lines) + 1):
        if CLOSING_RE.match(lines[number - 1].strip()):
            closing = number
            notes.append(f"第{number}行起是结束语：单独成页（网站加的标题“结束语”不算讲话文字）")
            break
    for number, line in enumerate(lines, start=1):
        if number > speech.title_line and NOTE_RE.match(line.strip()) and not DATE_RE.search(line):
            notes.append(f"第{number}行“{line.strip()}”像是说明文字：照录为讲话文字")
    for line_number, what in speech.unsure:
        notes.append(f"第{line_number}行{what}")
    for part in speech.parts:
        if part.marker and part.title.strip() == part.marker.strip():  # “第一部分” on a line of its own
            following = next((text.strip() for text in lines[part.line :] if text.strip()), "")
            notes.append(
                f"第{part.line}行的部分“{part.title}”只有编号：页名就是“{part.title}”，下一行“{following[:16]}”是正文；"
                "若那一行是这一部分的标题，请把两行合成一行再导入"
            )
        if lines[part.line - 1].strip() != part.title:
            said = f"是第{part.number}部分的标题，读到第一个句号为止，这一行其余的文字是正文"
            notes.append(f"第{part.line}行“{part.title[:20]}…”{said}")
        elif part.title.endswith("。") or len(part.title) > 40:
            notes.append(f"第{part.line}行“{part.title[:20]}…”按第{part.number}部分的标题处理")
        if not part.sections:
            notes.append(f"第{part.line}行的部分“{part.title}”没有小节{_unread_points(speech, part, closing)}")
        for section in part.sections:
            if len(section.points) == 1:
                notes.append(f"第{section.line}行的小节只有一个分项“{section.points[0].lead}”")
    return Found(
        received, speech, title, title_in_text, title_lines, found_speaker, found_date, front, closing, dropped, notes
    )


def _unread_points(speech: speech_mod.Speech, part: speech_mod.Part, closing: int | None) -> str:
    """What a report says of a part without sections whose text is numbered as points (一是……二是……, （1）, 第一，):
    the site reads points only under a section, so they are its text (three testers met this with nothing said)."""
    index = speech.parts.index(part)
    end = speech.parts[index + 1].line if index + 1 < len(speech.parts) else (closing or len(speech.lines) + 1)
    body = [speech.lines[n - 1].strip() for n in range(part.line + 1, end)]
    starts, at = [], 0
    for n, text in zip(range(part.line + 1, end), body, strict=True):
        starts.append((at, n))
        at += len(text) + 1
    points = speech_mod._lenient_points("\n".join(body), starts, [], ())
    if len(points) < 2:
        return ""
    shown = "".join(f"“{p.marker}”" for p in points[:3]) + ("等" if len(points) > 3 else "")
    return f"；其中第{points[0].line}行起的{shown}是正文，没有作为分项（分项只在小节之下）"
