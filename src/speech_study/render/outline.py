"""学习提纲: parts, sections and numbered lead sentences, each linked to its place, with the key formulas.

The key formulas are the glossary's enumerations the speech spells out
(四大三苦, 五个责任, 六个不能、五个通气): each where the speech says it,
among its section's points (四大三苦 before 一要, 五个责任 under 二要), in
the speech's own words, its term linked to its section. An enumeration that is only its term cut
at the 、 (守土有责、守土尽责、守土负责) adds nothing to its term and is left
out; one held by a larger formula appears inside it.

On paper (print.css) a section's points run on after its heading, so the
whole outline fits one page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..counts import chinese
from .text import intro_markdown, legacy, link, listed, md

if TYPE_CHECKING:
    from .. import speech
    from ..scopes import OneSpeech


@dataclass(frozen=True)
class Formula:
    term: str
    items: str  # “四大（责任大、…）；三苦（…）”
    quote: str  # the speech's words it stands in: where it goes in the outline


def formulas(project: OneSpeech) -> dict[str, list[Formula]]:
    """Section anchor -> the formulas printed in it, e.g. 四大三苦 with 四大（责任大、…）；三苦（…）."""
    by_id = {e.id: e for e in project.glossary}
    held = {i for e in project.glossary for i in e.contains}
    out: dict[str, list[Formula]] = {}
    for entry in project.glossary:
        if not entry.quote or len(entry.parts) < 2 or entry.id in held:
            continue
        inner = {f: by_id[i] for i in entry.contains for f in by_id[i].forms}
        if "、".join(entry.parts) == entry.term and not any(inner.get(p) and inner[p].parts for p in entry.parts):
            continue  # the term cut at its 、: nothing to add
        items = [f"{p}（{'、'.join(inner[p].parts)}）" if p in inner and inner[p].parts else p for p in entry.parts]
        place = next((s for s in project.sections() if entry.quote in s.text), None)
        if place is None:
            continue  # an entry of every speech, quoting another one: this speech does not spell it out
        joint = "；" if any(p in inner for p in entry.parts) else "、"
        out.setdefault(place.anchor, []).append(Formula(entry.term, joint.join(items), entry.quote))
    return out


def section_items(text: str, section: speech.Section, found: list[Formula]) -> list[tuple[int, speech.Point | Formula]]:
    """A section's points and formulas, each with where the speech says it, in the speech's order.

    A point's place is its lead sentence; a formula's the quote it stands in,
    searched from the section's heading on.
    """
    start = text.find(section.title)
    items: list[tuple[int, speech.Point | Formula]] = [(text.find(p.lead, start), p) for p in section.points]
    items += [(text.find(f.quote, start), f) for f in found]
    return sorted(items, key=lambda item: item[0])


# the introductions earlier imports copied into docs/SLUG/outline.md from the site's page; `intro` says it now
LEGACY_INTRO = legacy(
    "讲话的各个部分、小标题和分项要求，供学习会对照使用。提纲由网站在生成时从讲话原文中提取，"
    "每一条都链接到讲话中的位置。",  # the importer's own, 2026-11-30
    "讲话的{n}部分、各部分的小标题和分项要求，以及讲话逐项列举的几组提法，供学习会对照使用。"
    '提纲由网站从讲话原文中提取，文字都是讲话原话。<span class="screen-only">每一条都链接到讲话中的位置。</span>',
    "讲话的部分、小节、分项要求和逐项列举的几组提法，供学习会对照使用，文字都是讲话原话。"
    '<span class="screen-only">每一条都链接到讲话中的位置。</span>',
)


def intro(project: OneSpeech) -> tuple[str, str, str]:
    """The outline's introduction (for screen and paper, screen only, paper only): what it lists, said of what
    this speech has: sections, points and spelt-out formulas only where there are some."""
    sections = [s for p in project.speech.parts for s in p.sections]
    shown = ["部分"] + ["小节"] * bool(sections) + ["分项要求"] * any(s.points for s in sections)
    found = sum(len(f) for f in formulas(project).values())
    if found:
        shown.append(f"逐项列举的{chinese(found, '组')}提法")
    return f"讲话的{listed(shown)}，供学习会对照使用，文字都是讲话原话。", "每一条都链接到讲话中的位置。", ""


def render(project: OneSpeech) -> str:
    where = project.anchors()
    extra = formulas(project)
    text = project.speech.text

    def to(text: str) -> str:
        doc, anchor = where[text]
        return f"{doc}#{anchor}"

    lines = [intro_markdown(*intro(project)), ""]
    for i, part in enumerate(project.speech.parts, start=1):
        lines += [f"## {link(part.title, to(part.title))} {{ #outline-{i} .outline-part }}", ""]
        for j, section in enumerate(part.sections, start=1):
            lines += [
                '<div class="outline-block" markdown>',
                "",
                f"### {link(section.title, to(section.title))} {{ #outline-{i}-{j} .outline-section }}",
                "",
            ]
            target = to(section.title)
            in_list = False
            for _, item in section_items(text, section, extra.get(where[section.title][1], [])):
                if isinstance(item, Formula):
                    formula = f"{link(item.term, target)}：{md(item.items)}"
                    if in_list:  # said inside the point before it: a list under that point
                        lines.append(f'    - <span class="outline-formula">{formula}</span>')
                    else:
                        lines += [formula, "{ .outline-formula }", ""]
                else:
                    lines.append(f"- {link(item.lead, to(item.lead))}")
                    in_list = True
            if in_list:
                lines.append("")
            lines += ["</div>", ""]
    return "\n".join(lines)
