"""学习自测: fill-in-the-blank questions from the glossary and the speech's numbered points.

A glossary entry gives a question when some of its parts stand, once each,
in its quote or official wording: one part is blanked. A section with
numbered points gives one question with one point blanked. So a new glossary
entry brings its question with it. Questions follow the order of the speech.
"""

from __future__ import annotations

from dataclasses import dataclass

from .text import md

BLANK = "\u3000"  # a full-width space per character of the answer, underlined


@dataclass(frozen=True)
class Question:
    before: str
    answer: str
    after: str
    label: str  # what it is about, shown as a hint ("" when that would give the answer away)
    link: str  # docs path of the place it is about
    position: int  # where the speech raises it


def _from_entry(index: int, entry, source: str) -> Question | None:
    text = entry.quote or entry.wording
    usable = [p for p in entry.parts if len(p) >= 2 and text.count(p) == 1]
    if not usable:
        return None
    answer = usable[index % len(usable)]
    before, after = text.split(answer, 1)
    # name the term as a hint, unless it would give the answer away
    label = entry.term if answer not in entry.term and entry.term not in answer else ""
    positions = [source.find(f) for f in entry.forms if f in source]
    return Question(before, answer, after, label, f"glossary.md#{entry.id}", min(positions))


def _from_points(index: int, section, source: str, link: str) -> Question:
    leads = [p.lead.rstrip("。") for p in section.points]
    k = index % len(leads)
    marker = section.points[k].marker
    answer = leads[k][len(marker) :]
    before = "，".join(leads[:k] + [marker])
    after = "，".join([""] + leads[k + 1 :]) + "。"
    return Question(before, answer, after, section.title.rstrip("。"), link, source.find(section.points[0].lead))


def questions(project) -> list[Question]:
    source = project.speech.text
    where = project.anchors()
    out = [q for i, e in enumerate(project.glossary) if (q := _from_entry(i, e, source))]
    n = 0
    for part in project.speech.parts:
        for section in part.sections:
            if len(section.points) >= 2:
                doc, anchor = where[section.title]
                out.append(_from_points(n, section, source, f"{doc}#{anchor}"))
                n += 1
    return sorted(out, key=lambda q: q.position)


def render(project) -> str:
    items = questions(project)
    lines = []
    for i, q in enumerate(items, start=1):
        spaces = BLANK * max(len(q.answer), 3)
        blank = f'<span class="cloze"><span class="visually-hidden">（填空）</span>{spaces}</span>'
        about = f"[{md(q.label) or '见术语表'}]({q.link})"
        hint = f"**{md(q.label)}**：" if q.label else ""
        lines += [
            f"### 第 {i} 题 {{ #q{i} }}",
            "",
            f"{hint}{md(q.before)}{blank}{md(q.after)}",
            "",
            '??? question "看答案"',
            f"    {md(q.answer)}（{about}）",
            "",
        ]
    lines += ['<div class="answer-key" markdown>', "", "## 答案 { #answers }", ""]
    lines += [f"{i}. {md(q.answer)}" for i, q in enumerate(items, start=1)]
    lines += ["", "</div>"]
    return "\n".join(lines)
