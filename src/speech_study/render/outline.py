"""学习提纲: parts, sections and numbered lead sentences, each linked to its place."""

from __future__ import annotations

from .text import link


def render(project) -> str:
    where = project.anchors()

    def to(text: str) -> str:
        doc, anchor = where[text]
        return f"{doc}#{anchor}"

    lines = []
    for i, part in enumerate(project.speech.parts, start=1):
        lines += [f"## {link(part.title, to(part.title))} {{ #outline-{i} .outline-part }}", ""]
        for j, section in enumerate(part.sections, start=1):
            lines += [
                f"### {link(section.title, to(section.title))} {{ #outline-{i}-{j} .outline-section }}",
                "",
            ]
            for point in section.points:
                lines.append(f"- {link(point.lead, to(point.lead))}")
            if section.points:
                lines.append("")
    return "\n".join(lines)
