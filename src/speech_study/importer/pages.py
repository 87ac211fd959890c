"""The speech's pages as Markdown: its text escaped so it renders to exactly itself, headings and anchors."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .. import kit
from .. import speech as speech_mod
from ..errors import ContentError
from ..pages import split_front_matter
from ..sources import read_text
from .analyse import Found
from .name import Names

LIBRARY_PAGE = "library.md"
# a salutation line of the opening (同志们：, 各位领导、同志们：), printed flush left as the site's own
SALUTATION = re.compile(r"[\u4e00-\u9fff、，,]{1,20}[：:]")
LINE_START = re.compile(r"^([#>+\-=!|]|\d+[.)]|\?)")


def md_text(text: str) -> str:
    """Speech text as Markdown that renders to exactly that text (no markup can arise from it)."""
    text = md_inline(text)
    m = LINE_START.match(text)
    if m:
        first = m.group(1)
        text = (f"&#{ord(first[0])};" + first[1:] if not first[0].isdigit() else first[:-1] + "\\" + first[-1]) + text[
            len(first) :
        ]
    return text


def md_inline(text: str) -> str:
    """Speech text as Markdown inside a line (after **): its characters escaped, no line-start markup to fear."""
    out = []
    for ch in text:
        if ch in "\\`*_{}[]#":  # (# at a heading's end would be read as its closing hashes)
            out.append("\\" + ch)
        elif ch == "<":
            out.append("&lt;")
        elif ch == "&":
            out.append("&amp;")
        elif ch == "\t":  # a tab inside a line: kept as the character (Markdown turns a written one into spaces)
            out.append("&#9;")
        else:
            out.append(ch)
    return "".join(out)


def nav_name(text: str) -> str:
    """A title as a page's name in the nav and the tab: every character kept, on one line (the templates
    escape it: overrides/mkdocs/partials/name.html)."""
    return " ".join(text.split())


def front_matter(**meta) -> str:
    lines = ["---"]
    for key, value in meta.items():
        if value is None:
            continue
        if key in ("title", "label") and isinstance(value, str):
            value = nav_name(value)
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


def paragraphs(line: str, section: speech_mod.Section | None, names: Names, key: str, number: int = 0) -> list[str]:
    """One source line as Markdown paragraphs: split where a numbered point opens, its lead bold."""
    line = line.strip()
    if not line:
        return []
    if section is None or not section.points:
        return [md_text(line)]
    here = [p for p in section.points if p.line == number] if number else list(section.points)
    cuts: list[tuple[int, speech_mod.Point]] = []
    pos = 0
    for point in here:
        at = line.find(point.lead, pos)
        if at < 0:
            continue
        cuts.append((at, point))
        pos = at + len(point.lead)
    if not cuts:
        return [md_text(line)]
    out = []
    if cuts[0][0] > 0:
        out.append(md_text(line[: cuts[0][0]]))
    ends = [at for at, _ in cuts[1:]] + [len(line)]
    for (at, point), end in zip(cuts, ends, strict=True):
        lead = point.lead
        rest = line[at + len(lead) : end]
        anchor = names.anchor(f"{key} › {lead}", lead[len(point.marker) :] or lead)
        out.append(f"**{md_inline(lead)}**{md_inline(rest) if rest else ''}\n{{ #{anchor} }}")
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
    # on paper the title is the title block's (as the site's own opening's): never printed twice
    title_attrs = " .speech-title" if found.title_in_text else " .site-added"
    shown = speech.title if found.title_in_text else found.title
    body.append(f"# {md_text(shown)} {{ #title{title_attrs} }}")
    for number in range(speech.title_line + 1, speech.parts[0].line):
        line = lines[number - 1].strip()
        flush = "\n{ .salutation }" if SALUTATION.fullmatch(line) else ""  # 同志们： starts flush left
        body += [text + flush for text in paragraphs(line, None, names, "")]
    pages["index.md"] = (
        front_matter(title=found.title, speech=True, label="开场白", pdf=f"{slug}/opening")
        + "\n"
        + "\n\n".join([marker, *body, nav])
        + "\n"
    )
    bounds = [p.line for p in speech.parts[1:]] + [end]
    for part, stop in zip(speech.parts, bounds, strict=True):
        page = names.page(part.title, f"part-{part.index}")
        key = part.title
        body = [f"# {md_text(part.title)} {{ #{names.anchor(key, part.heading)} }}"]
        # the rest of the heading's line, when the heading ran on into its paragraph (speech.READING 3)
        own_line = lines[part.line - 1].strip()
        if own_line != part.title and own_line.startswith(part.title):
            body += paragraphs(own_line[len(part.title) :], None, names, key, part.line)
        starts = {s.line: s for s in part.sections}
        current = None
        for number in range(part.line + 1, stop):
            line = lines[number - 1].strip()
            if number in starts:
                current = starts[number]
                skey = f"{key} › {current.title}"
                heading = md_text(current.title)
                body.append(f"## {heading} {{ #{names.anchor(skey, current.heading)} }}")
                line = line[len(current.title) :] if line.startswith(current.title) else ""
            skey = f"{key} › {current.title}" if current else key
            body += paragraphs(line, current, names, skey, number)
        pages[f"{page}.md"] = (
            front_matter(title=part.title, speech=True, pdf=f"{slug}/{page}")
            + "\n"
            + "\n\n".join([marker, *body, nav])
            + "\n"
        )
    if found.closing:
        body = ["# 结束语 { #jieshuyu .site-added }"]
        for number in range(found.closing, len(lines) + 1):
            body += paragraphs(lines[number - 1], None, names, "")
        pages["closing.md"] = (
            front_matter(title="结束语", speech=True, label="结束语", pdf=f"{slug}/closing")
            + "\n"
            + "\n\n".join([marker, *body, nav])
            + "\n"
        )
    return pages


def study_pages(root: Path, slug: str) -> dict[str, str]:
    """学习提纲, 结构导图, 学习自测 and the print version: the site's own (docs/), each marker naming the speech.

    The site's pages are the only template (kit.py): their wording and the later changes to them reach every
    speech. What a page says of its speech (its introduction: counts, groups, what it lists) its renderer
    says from that speech's own model, so nothing here is said of the first speech alone."""
    out = {}
    for page in kit.STUDY_PAGES:
        name = f"docs/{page.file}"
        meta, body = split_front_matter(read_text(Path(root) / "docs" / page.file, name), name)
        if f"<!-- study:{page.marker} -->" not in body:
            what = f"没有 <!-- study:{page.marker} --> 这一行：它是每篇讲话的{meta.get('title')}的模板"
            raise ContentError(name, what)
        meta["pdf"] = f"{slug}/{page.pdf}"
        body = OWN_MARKER_RE.sub(lambda m: f"<!-- study:{m.group(1)} {slug} -->", body)
        if page.in_nav:
            body = body.rstrip("\n") + f"\n\n<!-- study:speech-nav {slug} -->\n"
        out[page.file] = front_matter(**meta) + "\n" + body.lstrip("\n")
    return out


OWN_MARKER_RE = re.compile(r"<!--\s*study:([\w-]+)\s*-->")


LIBRARY_MD = (
    front_matter(title="文库")
    + "\n# 文库 { #library }\n\n本站收录的讲话。每篇都有分部分的全文、学习提纲、结构导图、学习自测和全文打印版。\n\n"
    + "<!-- study:library -->\n"
)


def meta_yaml(found: Found, kept: dict | None = None) -> str:
    """speech.yml: what the import found; `kept` (the values to keep from the previous speech.yml) wins."""
    kept = kept or {}
    meta = {
        "title": kept.get("title", found.title),
        "speaker": kept.get("speaker", found.speaker or None),
        "date": kept.get("date", found.date or None),
        "notice": bool(found.speech.notice),
        "title_in_text": found.title_in_text,
        "title_lines": found.title_lines if found.title_lines > 1 else None,
        "received": Path(found.received.name).name,
        "encoding": found.received.encoding,
        "reading": speech_mod.READING,  # the rules its structure was read by: every build reads it so again
    }
    head = "# 本篇讲话的说明（文库页面用）。由 scripts/import_speech.py 写入，可以手工补充讲话人和日期。\n"
    return head + yaml.safe_dump(
        {k: v for k, v in meta.items() if v is not None}, allow_unicode=True, sort_keys=False, width=1000
    )
