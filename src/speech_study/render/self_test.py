"""学习自测 as the page's Markdown: the questions of questions.py, each blank a box to write in, the answers folded.

What is asked, and the rules every question obeys, are the generator's
(src/speech_study/questions.py); this module only writes them: the
introduction, said of the questions there are (`intro`), the fill-in line for
name, branch and date, the groups of fill-in questions, the 讨论题 and the
answer key printed on its own page. A speech that yields no fill-in question
(no glossary term, no numbered point, no phrase in quotation marks) has
neither the groups nor the key, and its introduction promises neither.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from ..booktitle import quoted
from ..counts import chinese
from ..questions import GROUP_NOTES, GROUP_TITLES, Group, OneSpeech, Question, discussion, questions
from .text import intro_markdown, legacy, link, md

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


# what each group asks for, as the introduction says it: n is how many formulas the group asks about
GROUP_ASKS: dict[Group, Callable[[int], str]] = {
    "speech": lambda n: "填讲话原文中的词语",
    # the count is the group's, not the speech's (it may name more than the group asks: 两个维护 is asked of no blank
    # with one right filling): “讲话只提到名称的两个提法” said the speech named two
    "official": lambda n: f"填{chinese(n, '个提法')}的标准表述（讲话只提到{'它' if n == 1 else '它们'}的名称）",
}
assert set(GROUP_ASKS) == set(GROUP_TITLES)
# the introductions earlier imports copied into docs/SLUG/self-test.md from the site's page; `intro` says it now
LEGACY_INTRO = legacy(
    # the importer's own (2026-11-30), and the site's page of the time
    "根据讲话内容和术语表出的填空题，用来检查学习效果。先想一想，再点“看答案”。打印时，答案统一印在最后一页，便于学习会上分发。",
    *(
        f"根据讲话出的填空题和讨论题，供学习会使用：第一组填讲话原文中的词语{second}，都只有一个正确答案。"
        '<span class="screen-only">先想一想，再点“看答案”。</span>'
        '<span class="print-only" data-search-exclude>答案单独印在最后一页，可以撕下或不发。</span>'
        for second in ("，第二组填讲话只提到名称的几个提法的标准表述", "")
    ),
)


def groups(items: Sequence[Question]) -> list[Group]:
    """The groups that have questions, in their order."""
    return [g for g in GROUP_TITLES if any(q.group == g for q in items)]


def intro(items: Sequence[Question]) -> tuple[str, str, str]:
    """The self-test's introduction (for screen and paper, screen only, paper only), said of `items`: the groups
    it names are the groups there are, and the answers it points to exist."""
    present = groups(items)
    if not present:
        return "根据讲话出的讨论题，供学习会使用。", "", ""
    asks = [GROUP_ASKS[g](len({q.key for q in items if q.group == g})) for g in present]
    if len(asks) == 1:
        said = f"填空题都{asks[0]}，每空只有一个正确答案。"
    else:
        said = "，".join(f"第{chinese(i)}组{a}" for i, a in enumerate(asks, start=1)) + "，都只有一个正确答案。"
    both = "根据讲话出的填空题和讨论题，供学习会使用：" + said
    return both, "先想一想，再点“看答案”。", "答案单独印在最后一页，可以撕下或不发。"


def render(project: OneSpeech) -> str:
    items = questions(project)
    lines = [
        intro_markdown(*intro(items)),
        "",
        '<p class="quiz-fill print-only" data-search-exclude>'
        '<span>姓名：<span class="fill-line"></span></span>'
        '<span>支部：<span class="fill-line fill-line--long"></span></span>'
        '<span>日期：<span class="fill-line"></span></span></p>',
        "",
    ]
    number = 0
    present = groups(items)
    for g, group in enumerate(present):
        title = f"{chinese(g + 1)}、{GROUP_TITLES[group]}"
        lines += [f"## {title} {{ #quiz-{group} .quiz-group }}", "", GROUP_NOTES[group], "{ .quiz-note }", ""]
        for q in (q for q in items if q.group == group):
            number += 1
            shown = _with_blank(q.shown("\x00"), _blank(q.answer))
            lines += [f"{number}．{shown}", f"{{ #q{number} .quiz-q }}", ""]
            if group == "official":
                named = f"{md(quoted(q.term))}，" if q.term else ""
                lines += [f"{named}出处：{md(q.place)}", "{ .quiz-source }", ""]
            lines += [
                '??? question "看答案"',
                f"    {md(q.answer)}",
                "",
                f"    出处：{link(q.place if group == 'speech' else '术语表', q.link)}",
                "",
            ]
    lines += [f"## {chinese(len(present) + 1)}、讨论题 {{ #quiz-discussion .quiz-group }}", ""]
    for i, item in enumerate(discussion(project, items), start=1):
        lines += [f"{i}．{md(item)}", "{ .quiz-q .quiz-discussion }", ""]
    if not items:
        return "\n".join(lines)  # no answer to print
    # the key's title is no heading: the page's table of contents would list it, a link to nothing on screen
    lines += ['<div class="answer-key" markdown>', "", '<p class="answer-title" id="answers">学习自测答案</p>', ""]
    if project.speech.notice:  # the key is a sheet of its own, to be torn off: it carries the notice too
        # its own class: the page's one .speech-notice is the frame's (library_frame, library.js set that one)
        lines += [f'<p class="answer-notice" data-search-exclude>{escape(project.speech.notice)}</p>', ""]
    lines += ['<div class="answer-list">']
    for i, q in enumerate(items, start=1):
        where = f"见{q.place}" if q.group == "speech" else "见术语表"
        lines.append(
            f'<p class="answer"><span class="answer-n">{i}．</span><span class="answer-text">{escape(q.answer)}</span>'
            f'<span class="answer-place">{escape(where)}</span></p>'
        )
    lines += ["</div>", "", "</div>"]
    return "\n".join(lines)
