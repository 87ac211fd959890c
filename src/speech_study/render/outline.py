"""学习提纲: parts, sections and numbered lead sentences, each linked to its place, with the key formulas.

The key formulas are the glossary's enumerations the speech spells out
(四大三苦, 五个责任, 六个不能、五个通气): listed under the section where they
stand, in the speech's own words. An enumeration that is only its term cut
at the 、 (守土有责、守土尽责、守土负责) adds nothing to its term and is left
out; one held by a larger formula appears inside it.

On paper (print.css) a section's points run on after its heading, so the
whole outline fits one page.
"""

from __future__ import annotations

from .text import link, md


def formulas(project) -> dict[str, list[str]]:
    """Section anchor -> the formulas printed under it, e.g. “四大三苦：四大（责任大、…）；三苦（…）”."""
    by_id = {e.id: e for e in project.glossary}
    held = {i for e in project.glossary for i in e.contains}
    out: dict[str, list[str]] = {}
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
        out.setdefault(place.anchor, []).append(f"{entry.term}：{joint.join(items)}")
    return out


def render(project) -> str:
    where = project.anchors()
    extra = formulas(project)

    def to(text: str) -> str:
        doc, anchor = where[text]
        return f"{doc}#{anchor}"

    lines = []
    for i, part in enumerate(project.speech.parts, start=1):
        lines += [f"## {link(part.title, to(part.title))} {{ #outline-{i} .outline-part }}", ""]
        for j, section in enumerate(part.sections, start=1):
            lines += [
                '<div class="outline-block" markdown>',
                "",
                f"### {link(section.title, to(section.title))} {{ #outline-{i}-{j} .outline-section }}",
                "",
            ]
            for point in section.points:
                lines.append(f"- {link(point.lead, to(point.lead))}")
            if section.points:
                lines.append("")
            for formula in extra.get(where[section.title][1], []):
                lines += [md(formula), "{ .outline-formula }", ""]
            lines += ["</div>", ""]
    return "\n".join(lines)
