"""学习自测: the generator's rules, each proved on the real question set and on a set that breaks it."""

from __future__ import annotations

import dataclasses
import re

import pytest
from sitetext import ROOT, source_lines

from speech_study.counts import chinese
from speech_study.errors import ContentError
from speech_study.project import Project
from speech_study.questions import MAX_ANSWER, Question, check, discussion, framed, questions
from speech_study.render import self_test

SPEECH = framed("\n".join(source_lines()[2:]))  # the speech after its title, read here from the source


@pytest.fixture(scope="module")
def project():
    return Project.load(ROOT)


@pytest.fixture(scope="module")
def items(project):
    return questions(project)


@pytest.fixture(scope="module")
def markdown(project):
    return self_test.render(project)


def wordings(project) -> dict[str, str]:
    return {e.id: framed(e.wording) for e in project.glossary if e.wording}


def all_fillings(text: str, before: str, after: str) -> set[str]:
    """Every filling between `before` and `after` in `text`, found independently of the generator."""
    found = set()
    for m in re.finditer(f"(?={re.escape(before)})", text):
        at = m.start() + len(before)
        for end in range(at + 1, min(len(text), at + 2 * MAX_ANSWER) + 1):
            if text.startswith(after, end) and "\n" not in text[at:end]:
                found.add(text[at:end])
    return found


def pinned(q: Question, text: str) -> tuple[str, str]:
    """The question's context, with the paragraph break where it reaches one."""
    start, end = q.span
    return ("\n" if text[start - 1] == "\n" else "") + q.before, q.after + ("\n" if text[end] == "\n" else "")


def test_enough_questions_in_two_labelled_groups(items):
    groups = [q.group for q in items]
    assert len(items) >= 20 and groups.count("official") >= 2
    assert groups == sorted(groups, key=["speech", "official"].index), "the groups are not apart"


def test_every_answer_stands_in_the_speech_exactly_as_asked(items):
    for q in (q for q in items if q.group == "speech"):
        assert q.before + q.answer + q.after in SPEECH, q


def test_official_questions_ask_the_cited_wording_not_the_speech(items, project):
    by_id = {e.id: e for e in project.glossary}
    official = [q for q in items if q.group == "official"]
    for q in official:
        entry = by_id[q.key]
        assert q.before + q.answer + q.after in entry.wording and q.place == entry.source
    # the answers the old generator asked as if they were the speech's: 看齐意识, 道路自信 …
    for q in (q for q in items if q.group == "speech"):
        assert all(q.answer not in (e.wording or "") or q.answer in SPEECH for e in project.glossary)


def test_every_blank_has_exactly_one_answer_in_the_text(items, project):
    texts = wordings(project)
    for q in items:
        text = SPEECH if q.group == "speech" else texts[q.key]
        assert all_fillings(text, *pinned(q, text)) == {q.answer}, q


def test_no_question_gives_away_an_answer(items):
    for q in items:
        for other in items:
            assert other.answer not in q.text, (q.answer, other.answer)
            if other is not q:
                assert other.answer not in q.answer, (q.answer, other.answer)


def test_answers_are_phrases_not_clauses(items):
    for q in items:
        assert 2 <= len(q.answer) <= MAX_ANSWER and not re.search(r"[，。、；;：:（）()“”]", q.answer), q.answer


def test_nothing_but_the_speech_stands_before_a_blank(markdown, items):
    """No label (“领头雁：”) before a blank, no bracketed alternative (带头人（领头雁）), no doubled brackets."""
    shown = re.findall(r"^(\d+)．(.*?)<span class=\"cloze\">", markdown, re.M)
    assert len(shown) == len(items)
    for (number, before), q in zip(shown, items, strict=True):
        text = re.sub(r"<[^>]+>", "", before).replace("……", "").replace("\\", "")
        assert text == q.before.replace("&quot;", '"'), (number, before)
    key = re.findall(r'<span class="answer-text">(.*?)</span>', markdown)
    assert key == [q.answer for q in items]
    assert not re.search(r"（（|））", re.sub(r"<[^>]+>", "", markdown))


def make(before: str, answer: str, after: str, key: str = "test", term: str = "") -> Question:
    """A speech question on the window before + answer + after (its first place in the speech)."""
    at = SPEECH.index(before + answer + after)
    return Question(before, answer, after, "speech", "", "", at, (at, at + len(before + answer + after)), key, term)


def test_each_rule_refuses_a_bad_question(items, project):
    """The old set's faults, one by one: `check` refuses each with its own message."""
    texts = wordings(project)

    def refused(bad: list[Question], message: str) -> None:
        with pytest.raises(ContentError, match=re.escape(message)):
            check(bad, SPEECH, texts)

    good = make("要做班子里的“", "带头人", "”，当好“领头雁”。")
    check([good], SPEECH, texts)
    # Q1: 基层党组织书记是___ (班长? 一班之长? 第一责任人?)
    assert len(all_fillings(SPEECH, "基层党组织书记是", "，")) > 1
    refused([make("基层党组织书记是", "否合格", "，")], "这个空在原文里还能填别的答案")
    refused([dataclasses.replace(good, answer="带头雁")], "与它出自的文字不一致")
    # Q29: a whole clause blanked; 带头人（领头雁）: an answer with brackets
    refused([make("", "要做班子里的“带头人”", "，当好“领头雁”。")], "答案应是")
    # Q3 revealing Q5: one question's words hold another's answer
    refused([good, make("要做政治上的“", "明白人", "”，答好“政治卷”。", term="带头人")], "透露了另一题的答案")
    refused([good, make("要做班子里的“带头人”，当好“", "领头雁", "”。", key="other")], "透露了另一题的答案")
    # Q16 repeating Q18: two questions on the same words
    refused([make("“四大”即", "责任大", "、权力"), make("、权力大、", "风险大", "、贡献大;")], "共用了原文的字句")
    refused([dataclasses.replace(good, term="带头人")], "题面本身就透露了答案")


def test_discussion_questions_are_the_speech_words_in_a_template(project):
    items = discussion(project)
    assert 3 <= len(items) <= 5
    headings = [s.title[3:].rstrip("。") for p in project.speech.parts for s in p.sections]
    for item in items:
        for quoted in re.findall(r"“([^“”]*(?:“[^“”]*”[^“”]*)*)”", item):
            assert quoted in SPEECH or quoted == project.speech.title, quoted
        # what is not a heading of the speech is the template's own frame
        frame = item
        for text in [*headings, project.speech.title, *(p.title[2:] for p in project.speech.parts)]:
            frame = frame.replace(text, "")
        templates = (
            r"讲话第[一二三四五六七八九十]部分讲“”，提出：；*。结合本支部实际，谈谈怎样做到这[一二三四五六七八九十]条。",
            r"讲话第[一二三四五六七八九十]部分讲“”，提出了[一二三四五六七八九十]条要求。"
            r"结合本支部实际，谈谈怎样做到这[一二三四五六七八九十]条。",
            r"讲话第[一二三四五六七八九十]部分提出了[一二三四五六七八九十]条要求。"
            r"结合本支部实际，谈谈怎样做到这[一二三四五六七八九十]条。",
            r"讲话题为《》。对照讲话的[一二三四五六七八九十]个部分，谈谈自己的差距和打算。",
            r"对照讲话的[一二三四五六七八九十]个部分，谈谈自己的差距和打算。",
            r"讲话第[一二三四五六七八九十]部分讲“”。结合本支部实际，谈谈怎样落实。",
            r"讲话第[一二三四五六七八九十]部分。结合本支部实际，谈谈怎样落实。",
            r"讲话第[一二三四五六七八九十]部分讲“”，(分[二三四五六七八九十两]+|只有一)个小节：(“”)+。结合本支部实际，谈谈学习体会。",
            r"讲话第[一二三四五六七八九十]部分讲“”，(分[二三四五六七八九十两]+|只有一)个小节。结合本支部实际，谈谈学习体会。",
            r"讲话第[一二三四五六七八九十]部分(分[二三四五六七八九十两]+|只有一)个小节。结合本支部实际，谈谈学习体会。",
        )
        assert any(re.fullmatch(t, frame) for t in templates), frame


@pytest.mark.parametrize("kept", [("speech", "official"), ("speech",), ("official",), ()])
def test_the_introduction_names_the_groups_there_are(items, kept):
    """Said of the questions there are: a group it names is printed in that order, one group is not “第一组”, and
    no answer is promised where there is none."""
    some = [q for q in items if q.group in kept]
    both, screen, paper = self_test.intro(some)
    asks = {"speech": "填讲话原文中的词语", "official": "标准表述"}
    named = [g for g in ("speech", "official") if asks[g] in both]
    assert named == list(kept), both
    assert ("组" in both) == (len(kept) == 2) and ("填空题" in both) == bool(kept)
    assert bool(screen) == bool(paper) == bool(kept)
    if "official" in kept:
        count = len({q.key for q in some if q.group == "official"})
        # the group's count, said of the group: not “讲话只提到名称的两个提法” (the speech names three)
        assert f"填{chinese(count, '个提法')}的标准表述（讲话只提到" in both and "只提到名称的" not in both
