"""The 术语表 entries: label, explanation, the speech's words or the official wording, where it occurs."""

from __future__ import annotations

from .text import link, md


def reference(section, parts_of: dict[str, str]) -> str:
    """“第一部分（一）” style: how a printed handout points into the speech."""
    page = parts_of.get(section.src_uri, "")
    sub = section.heading[:3] if section.heading.startswith("（") else ""
    return f"{page}{sub}" or section.label


def entry_markdown(project, entry, parts_of: dict[str, str]) -> str:
    places = project.occurrences(entry)
    links = "；".join(link(s.label, f"{s.src_uri}#{s.anchor}") for s in places)
    lines = [f"## {md(entry.term)} {{ #{entry.id} }}", "", md(entry.explanation), ""]
    if entry.parts:
        lines.append(f"- **组成**：{'；'.join(md(p) for p in entry.parts)}")
    if entry.meaning:
        lines.append(f"- **含义**：{md(entry.meaning)}")
    lines += [f"- **出现位置**：{links}", ""]
    if entry.quote:
        lines += ["**讲话原文**：", "", f"> {md(entry.quote)}", "{ .glossary-quote }", ""]
    else:
        lines += [
            f"**标准表述**（出处：{md(entry.source)}）：",
            "",
            f"> {md(entry.wording)}",
            "{ .glossary-official }",
            "",
        ]
    return "\n".join(lines)


def part_names(project) -> dict[str, str]:
    """Speech page -> 第一部分, 第二部分 … (the opening and closing pages have their label)."""
    names, n = {}, 0
    numerals = "一二三四五六七八九十"
    for page in project.speech_pages():
        if page.meta.get("label"):
            names[page.src_uri] = page.meta["label"]
        else:
            names[page.src_uri] = f"第{numerals[n]}部分"
            n += 1
    return names


def render(project) -> str:
    sections = project.sections()

    def first_place(entry) -> tuple[int, int]:
        for i, section in enumerate(sections):
            for m in project.matcher.terms(section.text):
                if entry in project.matcher.entries_in(m):
                    return i, m.start
        return len(sections), 0

    names = part_names(project)
    entries = sorted(project.glossary, key=first_place)
    return "\n".join(entry_markdown(project, e, names) for e in entries)
