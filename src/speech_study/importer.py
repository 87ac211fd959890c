"""Import a speech into the library: its source text, its pages and anchors, and a report.

`plan(root, path, …)` reads the file (received.py), finds the notice, title,
speaker and date, parts, sections and points (speech.py) and writes nothing:
it returns every file the speech needs, and what it found. `apply` writes the
files into place all at once (staged in a temporary folder, then moved), or
not at all; a second run on the same file finds every file already so and
changes nothing.

Anchors and page names are made from pinyin (pypinyin) the first time a
heading or point is seen and kept in speeches/SLUG/anchors.yml: a later
import keeps every name it has ever given, so links shared in chat groups
keep working when a corrected text is imported again.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import received as received_mod
from . import speech as speech_mod
from . import yamlfile
from .errors import ContentError
from .library import ROOT_SLUG, SPEECHES, check_slug
from .sources import read_text

NOTICE_RE = re.compile(r"仅供|请勿|原创|转载|版权|声明|投稿|未经")
DATE_RE = re.compile(
    r"(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?"
)
CLOSING_RE = re.compile(r"^(同志们|各位同志|最后)")
QUOTED_RE = re.compile(r"“([\u3400-\u9fff]{2,6})”")
CJK_RE = re.compile(r"[\u3400-\u9fff]")
POINT_PREFIX_RE = re.compile(r"^(?:[一二三四五六七八九十]要|（[1-9]）|[1-9][.．])")
SECTION_PREFIX_RE = re.compile(r"^（[一二三四五六七八九十]）")
PART_PREFIX_RE = re.compile(r"^[一二三四五六七八九十]、")
STUDY_PAGES = ("outline", "map", "self-test", "print")
LIBRARY_PAGE = "library.md"


@dataclass
class Found:
    """What the import found in the text, for the pages and the report."""

    received: received_mod.Received
    speech: speech_mod.Speech
    title: str  # the library's name for it
    title_in_text: bool
    speaker: str
    date: str
    front: list[int]  # 1-based lines after the title and before the speech proper (speaker, date, subtitle)
    closing: int | None  # 1-based line where the closing remarks (结束语) begin
    dropped_top: int  # empty lines at the top, left out
    notes: list[str] = field(default_factory=list)  # what may need a look


@dataclass
class Plan:
    slug: str
    found: Found
    files: dict[str, str]  # project-relative path -> text
    folders: tuple[str, ...]  # folders the speech owns, replaced as a whole
    changed: list[str] = field(default_factory=list)


# --- reading -------------------------------------------------------------------------------------


def looks_like_title(line: str) -> bool:
    line = line.strip()
    return (
        0 < len(line) <= 40
        and not line.endswith(("。", "！", "？", "：", ":"))
        and not speech_mod.PART_RE.match(line)
        and not CLOSING_RE.match(line)
        and not SECTION_PREFIX_RE.match(line)
    )


def analyse(received: received_mod.Received, title: str | None, speaker: str | None, date: str | None) -> Found:
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


# --- names ---------------------------------------------------------------------------------------


def pinyin_name(text: str, chars: int = 6) -> str:
    """ASCII name from the pinyin of `text`'s first Chinese characters, two syllables a word."""
    from pypinyin import Style, lazy_pinyin

    quoted = QUOTED_RE.search(text)
    if quoted:
        text = quoted.group(1)
    text = POINT_PREFIX_RE.sub("", SECTION_PREFIX_RE.sub("", PART_PREFIX_RE.sub("", text)))
    han = "".join(CJK_RE.findall(text))[:chars]
    words = [_pinyin("".join(group), lazy_pinyin, Style) for group in _groups(han)]
    words = [w for w in words if w]
    if not words:
        words = re.findall(r"[a-z0-9]+", text.lower())[:3]
    return "-".join(words).lower() or "section"


def _groups(han: str) -> list[list[str]]:
    """Words of `han` (pypinyin's segmenter), single characters paired: 怎样-抓好-班子-建设, 带头人."""
    if not han:
        return []
    from pypinyin.seg.mmseg import seg

    groups: list[list[str]] = []
    run: list[str] = []

    def flush() -> None:
        pairs = [run[i : i + 2] for i in range(0, len(run), 2)]
        if pairs and len(pairs[-1]) == 1 and (len(pairs) > 1 or groups):
            (pairs[-2] if len(pairs) > 1 else groups[-1]).extend(pairs.pop())
        groups.extend(pairs)
        run.clear()

    for word in seg.cut(han):
        if len(word) == 1:
            run.append(word)
        else:
            flush()
            groups.append(list(word))
    flush()
    return groups


def _pinyin(word: str, lazy_pinyin, style) -> str:
    return "".join(s for s in lazy_pinyin(word, style=style.NORMAL) if s.isascii() and s.isalnum()).lower()


class Names:
    """The page and anchor names kept in anchors.yml: given once, never changed."""

    def __init__(self, stored: dict | None) -> None:
        stored = stored or {}
        self.pages: dict[str, str] = dict(stored.get("pages") or {})
        self.anchors: dict[str, str] = dict(stored.get("anchors") or {})
        self.taken = set(self.anchors.values()) | {"answers", "outline", "map", "self-test", "glossary"}

    def anchor(self, key: str, text: str) -> str:
        if key not in self.anchors:
            base = pinyin_name(text)
            name, n = base, 2
            while name in self.taken:
                name, n = f"{base}-{n}", n + 1
            self.anchors[key] = name
            self.taken.add(name)
        return self.anchors[key]

    def page(self, key: str, default: str) -> str:
        if key not in self.pages:
            used = set(self.pages.values()) | {"index", "closing", *STUDY_PAGES}
            name, n = default, 2
            while name in used:
                name, n = f"{default}-{n}", n + 1
            self.pages[key] = name
        return self.pages[key]

    def dump(self) -> str:
        head = (
            "# 本篇讲话各页和各处锚点的名字（网址的一部分），导入时生成并保存于此。\n"
            "# 已经给出的名字永不改变：重新导入修订后的文本，只为新出现的标题和分项添加名字。\n"
        )
        data = {"pages": self.pages, "anchors": self.anchors}
        return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


# --- Markdown ------------------------------------------------------------------------------------

LINE_START = re.compile(r"^([#>+\-=!|]|\d+[.)]|\?)")


def md_text(text: str) -> str:
    """Speech text as Markdown that renders to exactly that text (no markup can arise from it)."""
    out = []
    for ch in text:
        if ch in "\\`*_{}[]":
            out.append("\\" + ch)
        elif ch == "<":
            out.append("&lt;")
        elif ch == "&":
            out.append("&amp;")
        else:
            out.append(ch)
    text = "".join(out)
    m = LINE_START.match(text)
    if m:
        first = m.group(1)
        text = (f"&#{ord(first[0])};" + first[1:] if not first[0].isdigit() else first[:-1] + "\\" + first[-1]) + text[
            len(first) :
        ]
    return text


def front_matter(**meta) -> str:
    lines = ["---"]
    for key, value in meta.items():
        if value is None:
            continue
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"  - {v}" for v in value]
        elif isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        elif isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {k}: {'true' if v is True else v}" for k, v in value.items()]
        else:
            lines.append(f"{key}: {yaml_scalar(value)}")
    return "\n".join([*lines, "---", ""])


def yaml_scalar(value: str) -> str:
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1000).strip()
    return dumped[: -len("\n...")] if dumped.endswith("\n...") else dumped


def paragraphs(line: str, section: speech_mod.Section | None, names: Names, key: str) -> list[str]:
    """One source line as Markdown paragraphs: split where a numbered point opens, its lead bold."""
    line = line.strip()
    if not line:
        return []
    if section is None or not section.points:
        return [md_text(line)]
    kind = next(i for i, r in enumerate(speech_mod.POINT_RES) if r.search(section.points[0].lead))
    pattern = speech_mod.POINT_RES[kind]
    leads = {p.lead for p in section.points}
    cuts = [m.start() for m in pattern.finditer(line) if m.group(0) in leads]
    if not cuts:
        return [md_text(line)]
    out = []
    pieces = [line[a:b] for a, b in zip([0, *cuts], [*cuts, len(line)], strict=True)]
    for i, piece in enumerate(pieces):
        if not piece:
            continue
        m = pattern.match(piece) if (i > 0 or cuts[0] == 0) else None
        if m and m.group(0) in leads:
            lead = m.group(0)
            anchor = names.anchor(f"{key} › {lead}", lead)
            out.append(
                f"**{md_text(lead)}**{md_text(piece[len(lead) :]) if piece[len(lead) :] else ''}\n{{ #{anchor} }}"
            )
        else:
            out.append(md_text(piece))
    return out


def speech_pages(found: Found, slug: str, names: Names) -> dict[str, str]:
    """The speech's own pages: opening (index.md), one per part, and the closing remarks."""
    speech = found.speech
    lines = list(speech.lines)
    end = found.closing or len(lines) + 1
    pages: dict[str, str] = {}
    marker = f"<!-- study:speech {slug} -->"
    nav = f"<!-- study:speech-nav {slug} -->"

    # the opening: the title, then everything before part 一
    body = []
    title_attrs = "" if found.title_in_text else " .site-added"
    body.append(f"# {md_text(found.title)} {{ #title{title_attrs} }}")
    for number in range(speech.title_line + 1, speech.parts[0].line):
        body += paragraphs(lines[number - 1], None, names, "")
    pages["index.md"] = (
        front_matter(title=found.title, speech=True, label="开场白", pdf=f"{slug}-opening")
        + "\n"
        + "\n\n".join([marker, *body, nav])
        + "\n"
    )
    bounds = [p.line for p in speech.parts[1:]] + [end]
    for part, stop in zip(speech.parts, bounds, strict=True):
        page = names.page(part.title, f"part-{speech_mod.NUMERALS.index(part.number) + 1}")
        key = part.title
        body = [f"# {md_text(part.title)} {{ #{names.anchor(key, part.title)} }}"]
        starts = {s.line: s for s in part.sections}
        current = None
        for number in range(part.line + 1, stop):
            line = lines[number - 1].strip()
            if number in starts:
                current = starts[number]
                skey = f"{key} › {current.title}"
                heading = md_text(current.title)
                body.append(f"## {heading} {{ #{names.anchor(skey, current.title)} }}")
                line = line[len(current.title) :] if line.startswith(current.title) else ""
            skey = f"{key} › {current.title}" if current else key
            body += paragraphs(line, current, names, skey)
        pages[f"{page}.md"] = (
            front_matter(title=part.title, speech=True, pdf=f"{slug}-{page}")
            + "\n"
            + "\n\n".join([marker, *body, nav])
            + "\n"
        )
    if found.closing:
        body = ["# 结束语 { #jieshuyu .site-added }"]
        for number in range(found.closing, len(lines) + 1):
            body += paragraphs(lines[number - 1], None, names, "")
        pages["closing.md"] = (
            front_matter(title="结束语", speech=True, label="结束语", pdf=f"{slug}-closing")
            + "\n"
            + "\n\n".join([marker, *body, nav])
            + "\n"
        )
    return pages


def study_pages(slug: str) -> dict[str, str]:
    """学习提纲, 结构导图, 学习自测 and the print version: generated from the speech at every build."""
    nav = f"<!-- study:speech-nav {slug} -->"
    return {
        "outline.md": front_matter(title="学习提纲", pdf=f"{slug}-outline", search={"exclude": True})
        + "\n# 学习提纲 { #outline }\n\n"
        + "讲话的各个部分、小标题和分项要求，供学习会对照使用。提纲由网站在生成时从讲话原文中提取，"
        + "每一条都链接到讲话中的位置。\n\n"
        + f"<!-- study:outline {slug} -->\n\n{nav}\n",
        "map.md": front_matter(title="结构导图", pdf=f"{slug}-map", search={"exclude": True}, hide=["toc"])
        + "\n# 结构导图 { #map }\n\n"
        + "讲话的层次结构：各个部分、小节和各小节的分项要求。点击任意一项即可跳到讲话中的相应位置。\n\n"
        + f"<!-- study:map {slug} -->\n\n{nav}\n",
        "self-test.md": front_matter(title="学习自测", pdf=f"{slug}-self-test", search={"exclude": True})
        + "\n# 学习自测 { #self-test }\n\n"
        + "根据讲话内容和术语表出的填空题，用来检查学习效果。先想一想，再点“看答案”。"
        + "打印时，答案统一印在最后一页，便于学习会上分发。\n\n"
        + f"<!-- study:self-test {slug} -->\n\n{nav}\n",
        "print.md": front_matter(
            title="全文打印版", print="whole", pdf=slug, search={"exclude": True}, hide=["navigation", "toc"]
        )
        + f"\n<!-- study:print-whole {slug} -->\n",
    }


LIBRARY_MD = (
    front_matter(title="文库")
    + "\n# 文库 { #library }\n\n本站收录的讲话。每篇都有分部分的全文、学习提纲、结构导图、学习自测和全文打印版。\n\n"
    + "<!-- study:library -->\n"
)


def meta_yaml(found: Found) -> str:
    meta = {
        "title": found.title,
        "speaker": found.speaker or None,
        "date": found.date or None,
        "notice": bool(found.speech.notice),
        "title_in_text": found.title_in_text,
        "received": Path(found.received.name).name,
        "encoding": found.received.encoding,
    }
    head = "# 本篇讲话的说明（文库页面用）。由 scripts/import_speech.py 写入，可以手工补充讲话人和日期。\n"
    return head + yaml.safe_dump(
        {k: v for k, v in meta.items() if v is not None}, allow_unicode=True, sort_keys=False, width=1000
    )


# --- the plan and the writing --------------------------------------------------------------------


def default_slug(title: str) -> str:
    return pinyin_name(title, chars=8)


def plan(
    root: Path,
    path: Path,
    slug: str | None = None,
    title: str | None = None,
    speaker: str | None = None,
    date: str | None = None,
    name: str | None = None,
) -> Plan:
    root = Path(root)
    received = received_mod.read(Path(path), name)
    found = analyse(received, title, speaker, date)
    slug = slug or default_slug(found.title)
    check_slug(slug, "--slug")
    docs = root / "docs"
    if (docs / f"{slug}.md").exists():
        raise ContentError("--slug", f"'{slug}' is the name of the page docs/{slug}.md; choose another name")
    store_name = f"{SPEECHES}/{slug}/anchors.yml"
    store = root / store_name
    stored = yamlfile.load(read_text(store, store_name), store_name) if store.is_file() else None
    names = Names(stored if isinstance(stored, dict) else None)
    pages = speech_pages(found, slug, names)
    pages.update(study_pages(slug))
    files = {f"docs/{slug}/{page}": text for page, text in pages.items()}
    files[f"{SPEECHES}/{slug}/source.txt"] = received.text
    files[f"{SPEECHES}/{slug}/speech.yml"] = meta_yaml(found)
    files[store_name] = names.dump()
    if not (docs / LIBRARY_PAGE).exists():
        files[f"docs/{LIBRARY_PAGE}"] = LIBRARY_MD
    return Plan(slug, found, files, (f"docs/{slug}", f"{SPEECHES}/{slug}"))


def _same(root: Path, files: dict[str, str], folders: tuple[str, ...]) -> bool:
    for rel, text in files.items():
        target = root / rel
        if not target.is_file() or target.read_bytes() != text.encode("utf-8"):
            return False
    for folder in folders:  # no file the import would not write again
        existing = {p.relative_to(root).as_posix() for p in (root / folder).rglob("*") if p.is_file()}
        if existing - set(files):
            return False
    return True


def apply(root: Path, plan: Plan) -> bool:
    """Write the plan's files; False when every file was already so (nothing written)."""
    root = Path(root)
    if _same(root, plan.files, plan.folders):
        return False
    stage = Path(tempfile.mkdtemp(prefix=".import-", dir=root))
    moved: list[tuple[Path, Path]] = []
    try:
        for rel, text in plan.files.items():
            target = stage / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="") as f:
                f.write(text)
        # the speech's own folders are replaced whole; the rest (library.md) file by file
        for folder in plan.folders:
            dest = root / folder
            if dest.exists():
                old = stage / ".old" / folder
                old.parent.mkdir(parents=True, exist_ok=True)
                os.replace(dest, old)
                moved.append((old, dest))
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(stage / folder, dest)
        for rel in plan.files:
            if not any(rel.startswith(f + "/") for f in plan.folders):
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                os.replace(stage / rel, root / rel)
        moved.clear()
    finally:
        for old, dest in moved:  # a failure half-way: put the old folders back
            if dest.exists():
                shutil.rmtree(dest)
            os.replace(old, dest)
        shutil.rmtree(stage, ignore_errors=True)
    plan.changed = sorted(plan.files)
    return True


# --- the report ----------------------------------------------------------------------------------


def report(plan: Plan, written: bool) -> str:
    f = plan.found
    speech = f.speech
    sections = [s for p in speech.parts for s in p.sections]
    points = [pt for s in sections for pt in s.points]
    text_lines = [line for n, line in enumerate(speech.lines, start=1) if line.strip() and n != speech.notice_line]
    extras = f.received.extras
    out = [
        f"讲话：{f.title}（{plan.slug}）",
        f"文件：{f.received.name}，读作 {f.received.encoding}",
        f"作者声明：{speech.notice or '（无）'}",
        f"讲话人：{f.speaker or '（未知）'}；日期：{f.date or '（未知）'}",
        f"部分 {len(speech.parts)}；小节 {len(sections)}；分项 {len(points)}；"
        f"段落 {len(text_lines)}；句子 {len(speech.sentences())}；字数 {len(speech.text)}",
    ]
    for part in speech.parts:
        out.append(f"  {part.title}：小节 {len(part.sections)}，分项 {sum(len(s.points) for s in part.sections)}")
    if f.received.inserted or f.received.deleted:
        out.append(
            f"修订：保留插入 {f.received.inserted} 处；删除 {f.received.deleted} 处"
            f"（{f.received.deleted_chars} 字）按读者所见不计入正文"
        )
    if extras:
        counts: dict[str, int] = {}
        for e in extras:
            counts[e.kind] = counts.get(e.kind, 0) + 1
        out.append("不是正文、未导入（逐项列出）：" + "，".join(f"{k} {v} 处" for k, v in counts.items()))
        for e in extras:
            where = f"第 {e.line} 行后" if e.line else "正文之前"
            out.append(f"  {e.kind}（{where}，{e.size}）" + (f"：{e.text}" if e.text else ""))
    if f.dropped_top:
        out.append(f"开头的 {f.dropped_top} 个空行未写入原文")
    for note in f.notes:
        out.append(f"请核对：{note}")
    if written:
        out.append(f"已写入：{SPEECHES}/{plan.slug}/、docs/{plan.slug}/（{len(plan.files)} 个文件）")
    else:
        out.append("没有变化：这些文件已经与本次导入的结果相同")
    return "\n".join(out)


__all__ = ["ROOT_SLUG", "Plan", "analyse", "apply", "plan", "report"]
