"""The self-test's questions (学习自测): fill-in-the-blank questions on the speech's own words, official
wordings apart, and 讨论题.

Candidate answers come from the model, never from hand-written questions:
the items of the glossary's enumerations (组成), the glossary's terms the
speech puts in quotation marks, and the key phrase of each numbered point
(一要带头讲党性 → 带头讲党性). A speech the model offers none of (no glossary
term, no numbered point: most texts that are not the site's first speech's
kind) is asked about the phrases it puts in quotation marks, one a section.
Each question is a verbatim window of the text, grown clause by clause around
its answer until the blank has one filling.

The rules every question set obeys (`check` raises on a breach, the tests
prove each one):

- the answer stands in the text exactly as asked: before + answer + after is
  verbatim in the speech (or, for the second group, in the official wording);
- the blank has exactly one right answer in that text: no other filling
  between the same before and after occurs anywhere in it;
- no question's text contains another question's answer, and no two
  questions share words of the speech (their windows do not overlap);
- an answer is a phrase, not a clause: at most MAX_ANSWER characters and no
  punctuation, so no whole clause is blanked and no answer has brackets;
- nothing stands before a blank but the speech's own words: no label, no hint.

Questions on official wordings (the glossary's `official`, for formulas the
speech names without spelling out) form their own group, each with its
source. The 讨论题 are templates around the speech's title and headings.

Engine-free and renderer-free: it reads one speech through `OneSpeech` and
returns `Question`s and plain text; render/self_test.py writes them as the
page's Markdown and render/word.py as the Word file's blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from . import places
from .booktitle import book_title, quoted
from .counts import chinese
from .errors import ContentError
from .glossary import Entry, absent_parts, only_named
from .scopes import OneSpeech
from .speech import YAO_NOUNS

Group = Literal["speech", "official"]

MAX_ANSWER = 10  # characters: a phrase, never a clause
MIN_ANSWER = 2
MIN_CONTEXT = 14  # characters of the speech around a blank, so that it reads as a sentence
MAX_QUESTION = 72  # characters of a question: two or three printed lines
# questions in one self-test: its answer key is one printed page (about 31 rows of 12 pt at 1.6 lines) and the
# page says so (“答案单独印在最后一页”); a longer list keeps every n-th, spread over the speech
MAX_QUESTIONS = 28
CLAUSE_END = "，。；;：:！？"
CLOSING_MARKS = "”’」』）》"
SENTENCE_END = "。！？"
PUNCTUATION = re.compile(r"[\s，。、；;：:！？“”‘’（）《》「」()\[\]…—·,.!?\"'%％]")
STARTS = "\n。！？）"  # what precedes a sentence (）: a section number)


@dataclass(frozen=True)
class Question:
    before: str
    answer: str
    after: str
    group: Group
    link: str  # docs path of the place it is about
    place: str  # where it stands, as paper says it: 第一部分（一）; or the official source
    position: int  # where the speech raises it
    span: tuple[int, int]  # the window's characters in its text (the speech, or the wording)
    key: str  # what it came from (an entry id or a section title), one question each
    term: str = ""  # the official group: the formula the wording belongs to
    cut_before: bool = False  # the window starts inside a sentence (printed with ……)
    cut_after: bool = False  # the window ends inside a sentence

    @property
    def text(self) -> str:
        """Everything printed with the question but the blank."""
        return self.before + self.after + self.term

    def shown(self, blank: str) -> str:
        """The question as printed: the window, …… where it cuts a sentence, `blank` for the answer."""
        after = self.after.rstrip("，、；;：:") if self.cut_after else self.after
        return ("……" if self.cut_before else "") + self.before + blank + after + ("……" if self.cut_after else "")


def _fillings(text: str, before: str, after: str) -> set[str]:
    """Every X with before + X + after in `text`: a phrase (no line break, at most 2 * MAX_ANSWER characters).

    `text` is framed by line breaks, and a context that reaches a paragraph's
    start or end includes that line break, so a blank at the end of a
    paragraph is pinned by it.
    """
    found = set()
    start = text.find(before)
    while start >= 0:
        at = start + len(before)
        end = text.find(after, at)
        while 0 <= end - at <= 2 * MAX_ANSWER:
            filling = text[at:end]
            if filling and "\n" not in filling:
                found.add(filling)
            end = text.find(after, end + 1)
        start = text.find(before, start + 1)
    return found


def framed(text: str) -> str:
    """A text as the rules read it: its paragraphs one a line, a line break before and after."""
    return f"\n{text.strip(chr(10))}\n"


def _clause_start(text: str, i: int, line_start: int) -> int:
    """Where the clause holding text[i] begins (after the previous clause's punctuation)."""
    j = i
    while j > line_start and text[j - 1] not in CLAUSE_END:
        j -= 1
    # the marks closing the clause before it are that clause's (“……之完整。”（２）: a question began with the ”)
    while j < i and text[j] in CLOSING_MARKS:
        j += 1
    return j


def _clause_end(text: str, i: int, line_end: int) -> int:
    """Where the clause holding text[i] ends, its own punctuation included."""
    j = i
    while j < line_end and text[j] not in CLAUSE_END:
        j += 1
    j = min(j + 1, line_end)
    while j < line_end and text[j] in CLOSING_MARKS:  # its closing marks with it
        j += 1
    return j


SECTION_NUMBER = places.SECTION_NUMBER  # （一） (一) 一、 1、: not part of a question


def window(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The smallest run of whole clauses around text[start:end] whose blank has one filling, or None.

    It grows forward to the end of the sentence first, then back clause by
    clause, then forward again; a section number (（一）) at its start is not
    part of the question.
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    a, b = _clause_start(text, start, line_start), _clause_end(text, end, line_end)
    while True:
        number = SECTION_NUMBER.match(text, a)
        first = a == line_start or bool(number and number.end() <= start)  # nothing more before it
        if number and number.end() <= start:
            a = number.end()
        before, after = text[a:start], text[end:b]
        pinned = text[a - 1 if a == line_start else a : start], text[end : b + 1 if b == line_end else b]
        unique = _fillings(text, *pinned) == {text[start:end]}
        whole = first and b == line_end  # the whole paragraph (an official wording): no more context to give
        if unique and len(before) + len(after) >= (MIN_CONTEXT if not whole else MIN_ANSWER * 2):
            return a, b
        if b - a > MAX_QUESTION:
            return None
        if b < line_end and text[b - 1] not in SENTENCE_END:
            b = _clause_end(text, b, line_end)
        elif not first:
            a = _clause_start(text, a - 1, line_start)
        elif b < line_end:
            b = _clause_end(text, b, line_end)
        else:
            return None


def is_phrase(answer: str) -> bool:
    return MIN_ANSWER <= len(answer) <= MAX_ANSWER and not PUNCTUATION.search(answer)


def _speech_candidates(project: OneSpeech) -> list[tuple[str, str, int]]:
    """(answer, key, where in the speech) for every phrase the model offers, in the speech's order."""
    text = speech_text(project)
    found: list[tuple[str, str, int]] = []
    for entry in project.glossary:
        if not entry.quote:
            continue
        at = text.find(entry.quote)
        for part in entry.parts:
            where = _standalone(project, entry.quote, part)
            if where is not None:
                found.append((part, entry.id, at + where))
        for form in entry.forms:
            quoted = f"“{form}”"
            if quoted in entry.quote:
                found.append((form, entry.id, at + entry.quote.find(quoted) + 1))
    for speech_part in project.speech.parts:
        for section in speech_part.sections:
            for point in section.points:
                phrase = point.lead[len(point.marker) :].rstrip("。").split("，")[0]
                at = text.find(point.lead)
                found.append((phrase, section.title, at + len(point.marker)))
    return sorted(found or _quoted(project, text), key=lambda c: c[2])


QUOTED = re.compile(r"“([^“”\n]+)”")


def _quoted(project: OneSpeech, text: str) -> list[tuple[str, str, int]]:
    """(phrase, key, where) for what the speech puts in quotation marks, keyed by the section it stands in (one
    question a section: `questions` picks one per key), or by the paragraph where no section holds it."""
    found = []
    for m in QUOTED.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        paragraph = text[start : text.find("\n", m.end())]
        section = places.section_of(project, paragraph)
        found.append((m.group(1), f"“”{section.anchor if section else start}", m.start(1)))
    return found


def _standalone(project: OneSpeech, text: str, phrase: str) -> int | None:
    """The first place of `phrase` in `text` that is a whole word: not cut out of a longer term.

    四大 in 四大三苦 is not (its neighbour 三 belongs to the same term); 三力支撑
    in 三力支撑、六联齐动 is (punctuation stands between it and the rest).
    """
    covers = project.matcher.matches(text)

    def joined(i: int, at: int, end: int) -> bool:  # text[i] continues a longer term around text[at:end]
        return not PUNCTUATION.match(text[i]) and any(
            m.start <= min(i, at) and max(i + 1, end) <= m.end for m in covers
        )

    at = text.find(phrase)
    while at >= 0:
        end = at + len(phrase)
        if not (at > 0 and joined(at - 1, at, end)) and not (end < len(text) and joined(end, at, end)):
            return at
        at = text.find(phrase, at + 1)
    return None


def speech_text(project: OneSpeech) -> str:
    """The speech after its title, a line a paragraph: windows never cross a paragraph."""
    return framed("\n".join(project.speech.body_lines))


def _cuts(text: str, span: tuple[int, int]) -> tuple[bool, bool]:
    """Whether a window starts and ends inside a sentence."""
    return text[span[0] - 1] not in STARTS, text[span[1] - 1] not in SENTENCE_END and text[span[1]] != "\n"


def _pick(candidates: list[Question], quota: int, found: dict[str, set[str]] | None = None) -> list[Question]:
    """Questions in order, each kept only if it reveals no kept answer and no kept one reveals it.

    At most `quota` questions from one source (`key`): one enumeration does not fill the test.
    """
    kept: list[Question] = []
    per_key: dict[str, int] = {}
    for q in candidates:
        if per_key.get(q.key, 0) >= quota or q.answer in q.text:  # a window that shows its own answer is no question
            continue
        clash = any(
            q.answer in k.text
            or k.answer in q.text
            or q.answer in k.answer
            or k.answer in q.answer
            or _overlap(q, k)
            or _clue_in(k.answer, q.text, found or {})
            or _clue_in(q.answer, k.text, found or {})
            for k in kept
        )
        if not clash:
            kept.append(q)
            per_key[q.key] = per_key.get(q.key, 0) + 1
    return kept


def clues(glossary: list[Entry]) -> dict[str, set[str]]:
    """Answer -> what gives it away when another question shows it: the glossary's words inside it.

    For a term, its parts (四大三苦: 四大, 三苦; 六个不能: 主持而不能把持 …) and
    the other terms that stand inside it. Two questions that show 四大 and 三苦
    spell 四大三苦 together; one that lists the six …而不能… points to 六个不能.
    """
    forms = {f for e in glossary for f in e.forms}
    out: dict[str, set[str]] = {}
    for entry in glossary:
        for form in entry.forms:
            out.setdefault(form, set()).update(entry.parts)
    for answer in list(out):
        out[answer].update(f for f in forms if f != answer and f in answer)
    return out


def _clue_in(answer: str, text: str, found: dict[str, set[str]]) -> str | None:
    """A clue to `answer` that `text` shows, or None."""
    return next((c for c in sorted(found.get(answer, ())) if c in text), None)


def _overlap(a: Question, b: Question) -> bool:
    """Two questions on the same words: the same text (the speech, or one wording), overlapping windows."""
    same_text = a.group == b.group and (a.group == "speech" or a.key == b.key)
    return same_text and a.span[0] < b.span[1] and b.span[0] < a.span[1]


def questions(project: OneSpeech) -> list[Question]:
    """The speech group in the speech's order, then the official group; every rule checked."""
    text = speech_text(project)
    names = places.paper_names(project)
    where = project.anchors()
    speech: list[Question] = []
    for answer, key, at in _speech_candidates(project):
        if not is_phrase(answer) or text[at : at + len(answer)] != answer:
            continue
        span = window(text, at, at + len(answer))
        if span is None:
            continue
        before, after = text[span[0] : at], text[at + len(answer) : span[1]]
        section = places.section_of(project, before + answer + after)
        if section is None:
            continue
        doc = f"{section.src_uri}#{section.anchor}"
        if key in where:  # a section's points: link the section heading
            doc = "{}#{}".format(*where[key])
        place = places.reference(section, names)
        speech.append(Question(before, answer, after, "speech", doc, place, at, span, key, "", *_cuts(text, span)))
    given = clues(project.glossary)
    chosen = _pick(speech, 1, given)  # one question per glossary entry and per section's points
    official = []
    # an official wording comes with its source (glossary.py): both are there or neither
    named = [
        (e, e.wording, e.source)
        for e in project.glossary
        if e.wording and e.source and e.parts and only_named(e, project.speech.text)
    ]
    for n, (entry, official_wording, source) in enumerate(named):
        wording = framed(official_wording)
        absent = absent_parts(entry, project.speech.text)  # ask what the speech does not say
        usable = [p for p in entry.parts if p in absent and is_phrase(p) and wording.count(p) == 1]
        # the n-th entry blanks its n-th part (not always the first), or the next one that makes a question
        spans = [(p, window(wording, wording.find(p), wording.find(p) + len(p))) for p in usable]
        rotated = spans[n % len(spans) :] + spans[: n % len(spans)] if spans else []
        tries = [(p, span) for p, span in rotated if span]
        if not tries:
            continue
        answer, span = tries[0]
        at = wording.find(answer)
        before, after = wording[span[0] : at], wording[at + len(answer) : span[1]]
        position = min(text.find(f) for f in entry.forms if f in text)
        link_to = f"glossary.md#{entry.id}"
        term = entry.term if answer not in entry.term else ""  # 明大德、守公德、严私德 would give it away
        official.append(
            Question(
                before,
                answer,
                after,
                "official",
                link_to,
                source,
                position,
                span,
                entry.id,
                term,
                *_cuts(wording, span),
            )
        )
    official.sort(key=lambda q: q.position)
    fixed = frames(project)
    result = [q for q in _pick(chosen + official, 1 << 30, given) if not any(restates(f, q) for f in fixed)]
    if len(result) > MAX_QUESTIONS:  # a long speech asked about what it quotes, one a section
        result = [result[i * len(result) // MAX_QUESTIONS] for i in range(MAX_QUESTIONS)]
    check(result, text, {e.id: framed(e.wording) for e in project.glossary if e.wording}, given)
    return result


def check(
    items: list[Question], speech: str, wordings: dict[str, str], given: dict[str, set[str]] | None = None
) -> None:
    """Raise ContentError on any breach of the module's rules (see the docstring)."""

    def fail(q: Question, problem: str) -> None:
        raise ContentError("学习自测", f"题目“{q.before}＿{q.after}”（{q.answer}）：{problem}")

    for q in items:
        source = speech if q.group == "speech" else wordings[q.key]
        if source[q.span[0] : q.span[1]] != q.before + q.answer + q.after:
            fail(q, "与它出自的文字不一致")
        pinned = (
            ("\n" if source[q.span[0] - 1] == "\n" else "") + q.before,
            q.after + ("\n" if source[q.span[1]] == "\n" else ""),
        )
        if not is_phrase(q.answer):
            fail(q, f"答案应是{MIN_ANSWER}到{MAX_ANSWER}个字、不带标点的短语")
        if _fillings(source, *pinned) != {q.answer}:
            fail(q, f"这个空在原文里还能填别的答案：{'、'.join(sorted(_fillings(source, *pinned)))}")
        if q.answer in q.text:
            fail(q, "题面本身就透露了答案")
        for other in items:
            if other is not q and other.answer in q.text:
                fail(q, f"题面透露了另一题的答案（{other.answer}）")
            if other is not q and other.answer in q.answer:
                fail(q, f"答案透露了另一题的答案（{other.answer}）")
            if other is not q and _overlap(q, other):
                fail(q, f"与另一题（{other.answer}）共用了原文的字句")
            clue = _clue_in(other.answer, q.text, given or {}) if other is not q else None
            if clue:
                fail(q, f"题面出现的“{clue}”透露了另一题的答案（{other.answer}）")


RESTATE = 6  # characters of a fill-in question's words that a discussion question must not repeat


def restates(item: str, q: Question) -> str | None:
    """What of fill-in question `q` the discussion question `item` repeats: its answer or its words, or None."""
    if q.answer in item:
        return q.answer
    for words in (q.before, q.after):
        for i in range(len(words) - RESTATE + 1):
            if words[i : i + RESTATE] in item:
                return words[i : i + RESTATE]
    return None


# how a section heading that asks something of the listener begins (要做班子里的“带头人”, 必须“聚”住人气): only
# such headings are “要求” a branch can “做到”; any other heading names a topic
REQUIRES = ("要", "必须", "务必", "应当", "应该", "一定要")
NOT_REQUIRES = YAO_NOUNS  # a heading that begins with a noun in 要 (要素, 要点, 要闻) names a topic


def is_requirement(heading: str) -> bool:
    """A heading that says what to do (要做班子里的“带头人”), not one that names a topic (要点回顾, １９９２年)."""
    return heading.startswith(REQUIRES) and not heading.startswith(NOT_REQUIRES)


def discussion(project: OneSpeech, items: list[Question] | None = None) -> list[str]:
    """讨论题: the speech's title and its parts' headings, inside fixed questions.

    A part's section headings are quoted only when they repeat no fill-in
    question and no answer (要做班子里的“带头人” is the frame of the 带头人
    question) and no two are the same: otherwise the question names the part
    and counts its sections. They are “要求” to “做到” only when each says
    what to do (REQUIRES); headings that name topics are asked about as
    小节 of the part, for the reader's own 体会. The last wording of each is
    the frame alone, which `questions` keeps every fill-in question clear of.
    """
    items = questions(project) if items is None else items
    out = [next((c for c in cs if not any(restates(c, q) for q in items)), cs[-1]) for cs in _choices(project)]
    for item in out:
        for q in items:
            if restates(item, q):
                raise ContentError("学习自测", f"讨论题“{item}”重复了填空题（{q.answer}）的“{restates(item, q)}”")
    return out


def _choices(project: OneSpeech) -> list[list[str]]:
    """Each 讨论题's wordings, the fullest first; the last names nothing of the speech but its counts."""
    out = []
    for i, part in enumerate(project.speech.parts):
        n = chinese(i + 1)
        # its own full stop left to the frame's (“……增长。”。 read twice), as a section's is
        heading = quoted(re.sub(r"。(?=[”’」』》）]*$)", "", part.heading))  # (also “……党建。”: 。 inside its marks)
        # a part numbered “第一部分” on a line of its own has no words of its own (“讲话第一部分讲“第一部分””)
        worded = part.title.strip() != part.marker.strip()
        if not part.sections:  # nothing to count: no “这十条”
            ask = "结合本支部实际，谈谈怎样落实。" if is_requirement(part.heading) else "结合本支部实际，谈谈学习体会。"
            out.append([f"讲话第{n}部分讲{heading}。{ask}"] * worded + [f"讲话第{n}部分。{ask}"])
            continue
        titles = [re.sub(r"。(?=[”’」』》）]*$)", "", s.heading) for s in part.sections]
        heads = "；".join(titles) if len(set(titles)) == len(titles) else ""  # 具体任务；具体任务 lists nothing
        if all(is_requirement(s.heading) for s in part.sections):
            count = chinese(len(part.sections), "条")
            ask = f"结合本支部实际，谈谈怎样做到这{count}。"
            said = f"讲话第{n}部分讲{heading}"
            headed = [f"{said}，提出：{heads}。{ask}", f"{said}，提出了{count}要求。{ask}"]
            choices = [*headed * worded, f"讲话第{n}部分提出了{count}要求。{ask}"]
        else:  # headings that name a topic (１９９２年), not what to do: nothing to “做到”
            split = f"分{chinese(len(part.sections), '个小节')}" if len(part.sections) > 1 else "只有一个小节"
            # names, not sentences: each quoted, its own quotation marks the inner kind (“要做“带头人”” reads wrong)
            named = "".join(quoted(t) for t in titles) if heads else ""
            ask = "结合本支部实际，谈谈学习体会。"
            headed = [f"讲话第{n}部分讲{heading}，{split}：{named}。{ask}", f"讲话第{n}部分讲{heading}，{split}。{ask}"]
            choices = [*headed * worded, f"讲话第{n}部分{split}。{ask}"]
        out.append([c for c in choices if "：。" not in c])
    ask = f"对照讲话的{chinese(len(project.speech.parts), '个部分')}，谈谈自己的差距和打算。"
    out.append([f"讲话题为{book_title(project.speech.title)}。{ask}", ask])
    return out


def frames(project: OneSpeech) -> list[str]:
    """The 讨论题 as their fixed frames say them (the last wording of each): a fill-in question they would repeat
    (an answer 学习 beside “谈谈学习体会”) is left out, so a 讨论题 can always be asked."""
    return [choices[-1] for choices in _choices(project)]


GROUP_TITLES: dict[Group, str] = {
    "speech": "讲话原文填空",
    "official": "标准表述填空",
}
GROUP_NOTES: dict[Group, str] = {
    "speech": "每空填讲话中的原词。",
    # true by construction: the group holds only entries glossary.only_named finds in the text
    "official": "下列提法讲话只提到名称，没有逐项列出；按所注出处的标准表述填空。",
}
