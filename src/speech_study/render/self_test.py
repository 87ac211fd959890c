"""学习自测 as the page's Markdown: the questions of questions.py, each blank a box to write in, the answers folded.

What is asked, and the rules every question obeys, are the generator's
(src/speech_study/questions.py); this module only writes them: the fill-in
line for name, branch and date, the two groups of fill-in questions, the
讨论题 and the answer key printed on its own page.
"""

from __future__ import annotations

from html import escape

from ..counts import chinese
from ..questions import GROUP_NOTES, GROUP_TITLES, OneSpeech, discussion, questions
from .text import link, md

BLANK = "\u3000"  # a full-width space per character of the answer, underlined


def _blank(answer: str) -> str:
    spaces = BLANK * max(len(answer) + 2, 5)  # room to write by hand
    return f'<span class="cloze"><span class="visually-hidden">（填空）</span>{spaces}</span>'


OPENING, CLOSING = "“‘（《", "”’）》，。、；;：:！？…"


def _with_blank(shown: str, blank: str) -> str:
    """The question as Markdown, the blank kept on one line with the punctuation that touches it."""
    before, after = shown.split("\x00")
    head = len(before) - len(before.rstrip(OPENING))
    tail = len(after) - len(after.lstrip(CLOSING))
    glued = f'<span class="cloze-wrap">{md(before[len(before) - head :])}{blank}{md(after[:tail])}</span>'
    return md(before[: len(before) - head]) + glued + md(after[tail:])


def render(project: OneSpeech) -> str:
    items = questions(project)
    lines = [
        '<p class="quiz-fill print-only" data-search-exclude>'
        '<span>姓名：<span class="fill-line"></span></span>'
        '<span>支部：<span class="fill-line fill-line--long"></span></span>'
        '<span>日期：<span class="fill-line"></span></span></p>',
        "",
    ]
    number = 0
    groups = [g for g in GROUP_TITLES if any(q.group == g for q in items)]
    for g, group in enumerate(groups):
        title = f"{chinese(g + 1)}、{GROUP_TITLES[group]}"
        lines += [f"## {title} {{ #quiz-{group} .quiz-group }}", "", GROUP_NOTES[group], "{ .quiz-note }", ""]
        for q in (q for q in items if q.group == group):
            number += 1
            shown = _with_blank(q.shown("\x00"), _blank(q.answer))
            lines += [f"{number}．{shown}", f"{{ #q{number} .quiz-q }}", ""]
            if group == "official":
                named = f"“{md(q.term)}”，" if q.term else ""
                lines += [f"{named}出处：{md(q.place)}", "{ .quiz-source }", ""]
            lines += [
                '??? question "看答案"',
                f"    {md(q.answer)}",
                "",
                f"    出处：{link(q.place if group == 'speech' else '术语表', q.link)}",
                "",
            ]
    lines += [f"## {chinese(len(groups) + 1)}、讨论题 {{ #quiz-discussion .quiz-group }}", ""]
    for i, item in enumerate(discussion(project, items), start=1):
        lines += [f"{i}．{md(item)}", "{ .quiz-q .quiz-discussion }", ""]
    lines += ['<div class="answer-key" markdown>', "", "## 学习自测答案 { #answers }", "", '<div class="answer-list">']
    for i, q in enumerate(items, start=1):
        where = f"见{q.place}" if q.group == "speech" else "见术语表"
        lines.append(
            f'<p class="answer"><span class="answer-n">{i}．</span><span class="answer-text">{escape(q.answer)}</span>'
            f'<span class="answer-place">{escape(where)}</span></p>'
        )
    lines += ["</div>", "", "</div>"]
    return "\n".join(lines)
