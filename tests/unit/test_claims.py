"""What the site says about the speech and about itself: each rule holds now, and each refuses the text it replaced.

A read-through of the generated statements found false and misleading ones
(issue 19). Every finding has a rule here or in the generator it tests, and
each rule is shown failing once on the words the site used to print.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
import yaml
from sitetext import ROOT, source_lines

from speech_study import glossary as glossary_mod
from speech_study import places, questions
from speech_study.counts import chinese
from speech_study.errors import ContentError
from speech_study.project import Project
from speech_study.render import claims, docx_format, glossary_page, outline, self_test, speech_map, word

ABOUT = (ROOT / "docs" / "about.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def project():
    return Project.load(ROOT)


def with_glossary(project, raw: list[dict]) -> Project:
    """The project with these glossary entries in place of its own (checked as the build checks them)."""
    entries = glossary_mod.parse(yaml.safe_dump(raw, allow_unicode=True), project.speech.text)
    changed = dataclasses.replace(project, glossary=entries)
    return changed


# --- the glossary's explanations: G1–G10 ------------------------------------------------------------

# the entries as the site printed them before the read-through, each breaking one rule
OLD = {
    "G1": {  # 带头人: “这一节” on a tooltip also shown on the 开场白
        "id": "daitouren",
        "term": "带头人",
        "explanation": "书记在班子里的角色。讲话在这一节提出：一要带头讲党性，二要带头讲担当，"
        "三要带头讲奉献，四要带头讲廉政。",
        "quote": "要做班子里的“带头人”，当好“领头雁”",
        "exclude": ["又当学习的带头人"],
    },
    "G3": {  # 手中有杆秤: “形势” added inside what reads as a quote
        "id": "shouzhong-you-gancheng",
        "term": "手中有杆秤",
        "meaning": "审时度势",
        "explanation": "讲话说：三要审时度势，及时了解、及时掌握形势，把中央的方针、政策和街道的具体情况结合起来。",
        "quote": "三要审时度势，做到“手中有杆秤”",
    },
    "G4": {  # 含金量: “一味” dropped from the speech's words
        "id": "hanjinliang",
        "term": "含金量",
        "explanation": "讲话要求真正提炼基层党组织的“含金量”：不能把党建工作当成“面子工程”，要坚持问题导向。",
        "quote": "基层党建工作并不是“虚工作”，而是“软实力”；不是“软指标”，而是“硬任务”",
    },
    "G5": {  # 发展牌: “推动发展” is not the speech's words
        "id": "fazhanpai",
        "term": "发展牌",
        "meaning": "推动发展，做工作上的“领路人”",
        "explanation": "比喻推动发展是书记要出好的一张牌。",
        "quote": "要做工作上的“领路人”，出好“发展牌”",
    },
    "G6": {  # 明大德: a 标准表述 as if only named, though the speech spells it out
        "id": "ming-dade",
        "term": "明大德、守公德、严私德",
        "parts": ["明大德", "守公德", "严私德"],
        "explanation": "对领导干部政德的要求：明大德、守公德、严私德。讲话把它作为提高党性修养的要求。",
        "official": {
            "wording": "立政德，就要明大德、守公德、严私德",
            "source": "习近平总书记在参加十三届全国人大一次会议重庆代表团审议时的讲话",
        },
    },
    "G7": {  # 两新组织: “通行简称” is no source
        "id": "liangxin-zuzhi",
        "term": "“两新”组织",
        "parts": ["非公有制经济组织", "社会组织"],
        "explanation": "新经济组织和新社会组织的合称，一般指非公有制经济组织和社会组织。",
        "official": {
            "wording": "非公有制经济组织和社会组织",
            "source": "党建工作中的通行简称；《中国共产党章程》第五章“党的基层组织”",
        },
    },
    "G8": {  # “激”活干劲: two colons in one sentence
        "id": "ji-ganjin",
        "term": "“激”活干劲",
        "explanation": "带队伍的第三条：对待同志们需要严管，也离不开厚爱：撑腰壮胆、强筋壮骨、关心关爱。",
        "quote": "必须“激”活干劲",
    },
}


def test_the_glossary_keeps_every_rule(project):
    assert claims.problems(project) == []


@pytest.mark.parametrize("rule", sorted(OLD))
def test_each_rule_refuses_the_entry_it_was_made_for(project, rule):
    found = claims.problems(with_glossary(project, [OLD[rule]]))
    assert any(f.startswith(rule + " ") for f in found), found


def test_an_entry_at_several_places_lists_no_one_sections_points(project):
    """G2: 带头人 stands on the 开场白 and in 第一部分（一）; 一要……四要 are said in the second only."""
    entry = {**OLD["G1"], "explanation": "书记在班子里的角色。讲话提出：一要带头讲党性，二要带头讲担当。"}
    changed = with_glossary(project, [entry])
    assert len({s.anchor for s in changed.all_occurrences(changed.glossary[0])}) == 2
    assert [f[:2] for f in claims.problems(changed)] == ["G2"]


def test_only_named_is_decided_from_the_text(project):
    by_id = {e.id: e for e in project.glossary}
    speech = project.speech.text
    assert not any(e.wording and not glossary_mod.only_named(e, speech) for e in project.glossary)
    assert glossary_mod.only_named(by_id["sige-yishi"], speech)  # 大局意识 is in the speech, 政治意识 is not
    assert glossary_mod.absent_parts(by_id["sige-yishi"], speech) == ["政治意识", "核心意识", "看齐意识"]
    assert by_id["ming-dade"].quote and "明大德、守公德、严私德" in speech


def test_a_formula_the_speech_spells_out_cannot_have_a_standard_wording(project):
    changed = with_glossary(project, [OLD["G6"]])
    with pytest.raises(ContentError, match="G6"):
        glossary_page.render(changed)


# --- the glossary page's own sentences ------------------------------------------------------------


def test_the_glossary_intro_is_made_from_the_entries(project):
    both, screen, paper = glossary_page.intro(project)
    # each label it describes is printed by some entry, and each description holds for every one
    assert ("“组成”" in both) == any(e.parts and e.quote for e in project.glossary)
    assert ("“含义”" in both) == any(e.meaning for e in project.glossary)
    assert ("“标准表述”" in both) == any(e.wording for e in project.glossary)
    assert "每条末尾" not in paper and "“见……”" in paper
    page = glossary_page.render(project)
    entries = page.split('<div class="glossary-entry" markdown>')[1:]
    assert all('<span class="print-only" data-search-exclude>见' in e for e in entries)  # every entry says 见……
    # 组成 read from an official wording says so
    for entry, text in zip(glossary_page.ordered(project), entries, strict=True):
        if entry.parts and entry.wording:
            assert f"**{glossary_page.OFFICIAL_PARTS}**" in text, entry.term
        elif entry.parts:
            assert "**组成**：" in text, entry.term


def test_the_intro_would_change_with_the_entries(project):
    """Without any official entry, the intro no longer speaks of 标准表述."""
    quoted = [dataclasses.asdict(e) for e in project.glossary if e.quote]
    raw = [
        {k: (list(v) if isinstance(v, tuple) else v) for k, v in e.items() if v not in (None, (), "") and k in FIELDS}
        for e in quoted
    ]
    both, _, _ = glossary_page.intro(with_glossary(project, raw))
    assert "标准表述" not in both


FIELDS = {"id", "term", "forms", "parts", "meaning", "explanation", "quote", "exclude", "contains"}


def test_places_are_joined_without_doubled_punctuation(project):
    """“（一）要做班子里的“带头人”，当好“领头雁”。；” was how 出现位置 joined two sections."""
    for name, text in (
        ("glossary", glossary_page.render(project)),
        ("outline", outline.render(project)),
        ("self-test", self_test.render(project)),
    ):
        plain = re.sub(r"\]\([^)]*\)|\[|<[^>]+>|\\", "", text)
        doubled = re.findall(r"[。；，、：][。；，、：]", plain)
        assert not doubled, (name, doubled)


# --- 学习提纲 ------------------------------------------------------------------------------------


def outline_problems(markdown: str, project) -> list[str]:
    """Every line of the outline links to the speech; inside a section, items follow the speech's order."""
    text = project.speech.text
    found = []
    for block in markdown.split('<div class="outline-block" markdown>')[1:]:
        lines = [ln.strip() for ln in block.split("</div>")[0].splitlines()]
        items = [ln for ln in lines if ln and not ln.startswith(("{", "###"))]
        heading = next(ln for ln in lines if ln.startswith("###"))
        start = text.find(re.sub(r"\\|\[|\]\([^)]*\)|\{.*\}|#", "", heading).strip())
        last = start
        for item in items:
            if not re.search(r"\]\([^)]+\.md#[^)]+\)", item):
                found.append(f"no link: {item[:30]}")
            words = re.sub(r"<[^>]+>|\\|^- |\[|\]\([^)]*\)", "", item)
            key = words.split("：")[0]
            at = text.find(key, start)
            if at < last:
                found.append(f"out of the speech's order: {key}")
            last = at
    return found


def test_every_outline_line_is_linked_and_in_the_speechs_order(project):
    assert outline_problems(outline.render(project), project) == []


def test_the_old_outline_fails_both_rules(project):
    """四大三苦 and 五个责任 printed after 四要, without links."""
    old = (
        '<div class="outline-block" markdown>\n\n'
        "### [（一）要做班子里的“带头人”，当好“领头雁”。](part-1-leadership-team.md#daitouren)\n\n"
        "- [一要带头讲党性。](part-1-leadership-team.md#jiang-dangxing)\n"
        "- [四要带头讲廉政。](part-1-leadership-team.md#jiang-lianzheng)\n\n"
        "四大三苦：四大（责任大、权力大、风险大、贡献大）；三苦（完成任务的辛苦、被人误解的痛苦、工作纠结的困苦）\n"
        "{ .outline-formula }\n\n</div>\n"
    )
    found = outline_problems(old, project)
    assert any(f.startswith("no link: 四大三苦") for f in found)
    assert "out of the speech's order: 四大三苦" in found


def test_five_responsibilities_stand_under_the_second_point(project):
    text = outline.render(project)
    second, third = text.index("二要带头讲担当"), text.index("三要带头讲奉献")
    assert second < text.index("五个责任") < third
    assert text.index("四大三苦") < text.index("一要带头讲党性")


# --- 学习自测 -------------------------------------------------------------------------------------


def test_the_official_group_holds_only_what_the_speech_only_names(project):
    items = questions.questions(project)
    by_id = {e.id: e for e in project.glossary}
    official = [q for q in items if q.group == "official"]
    assert official
    for q in official:
        entry = by_id[q.key]
        assert glossary_mod.only_named(entry, project.speech.text), entry.term
        assert q.answer not in project.speech.text, q.answer  # it asks what the speech does not say
    assert "ming-dade" not in {q.key for q in official}


def test_two_questions_never_spell_a_third_answer(project):
    """四大 in one question and 三苦 in another spelled 四大三苦; the six …而不能… pointed to 六个不能."""
    items = questions.questions(project)
    given = questions.clues(project.glossary)
    speech = questions.framed("\n".join(project.speech.lines[2:]))
    wordings = {e.id: questions.framed(e.wording) for e in project.glossary if e.wording}
    questions.check(items, speech, wordings, given)

    def make(before: str, answer: str, after: str, key: str) -> questions.Question:
        at = speech.index(before + answer + after)
        span = (at, at + len(before + answer + after))
        return questions.Question(before, answer, after, "speech", "", "", at, span, key)

    sida_sanku = make("总的来说，可以分为“", "四大三苦", "”:", "sida-sanku")
    sanku = make("“三苦”即", "完成任务的辛苦", "、被人误解的痛苦", "sanku")
    with pytest.raises(ContentError, match="题面出现的“.+”透露了另一题的答案"):
        questions.check([sida_sanku, sanku], speech, wordings, given)
    liuge = make("要注意做到“", "六个不能", "、五个通气”", "liuge")
    listed = make("主持而不能把持、", "总揽而不能包揽", "、果断而不能武断", "liuge-buneng")
    with pytest.raises(ContentError, match="题面出现的“.+”透露了另一题的答案"):
        questions.check([liuge, listed], speech, wordings, given)


def test_discussion_repeats_no_fill_in_question(project):
    items = questions.questions(project)
    found = questions.discussion(project, items)
    assert not [(d, q.answer) for d in found for q in items if questions.restates(d, q)]
    assert found[-1].startswith(f"讲话题为《{project.speech.title}》")
    # the old first question quoted three headings that are the frames of three fill-in questions
    old = (
        "讲话第一部分讲“怎样抓好班子建设”，提出：要做班子里的“带头人”，当好“领头雁”；"
        "要做政治上的“明白人”，答好“政治卷”。"
    )
    assert {questions.restates(old, q) for q in items} >= {"带头人", "明白人"}


# --- 来源与说明 -----------------------------------------------------------------------------------


def test_about_lists_the_notes_in_the_speechs_order():
    notes = re.findall(r"^- “([^”]+)”，当作", ABOUT, flags=re.M)
    speech = (ROOT / "source" / "speech.txt").read_text(encoding="utf-8")
    assert len(notes) == 2 and all(n in speech for n in notes)
    assert notes == sorted(notes, key=speech.index)


def test_about_states_the_print_grid_the_files_use():
    lines, chars = re.search(r"每页(\d+)行、每行(\d+)字", ABOUT).groups()
    assert (int(lines), int(chars)) == (docx_format.GRID_LINES, docx_format.GRID_CHARS)
    css = (ROOT / "overrides/assets/stylesheets/print.css").read_text(encoding="utf-8")
    pitch = float(re.search(r"--print-pitch:\s*([\d.]+)pt", css).group(1))
    assert round(225 / 25.4 * 72 / pitch) == docx_format.GRID_LINES  # the type area's 225 mm in lines
    # only the speech pages print on that grid: the sentence names no handout as printing on it
    sentence = next(s for s in ABOUT.split("；") if "每页" in s and "行" in s)
    assert not any(name in sentence for name in ("术语表", "学习提纲", "结构导图", "学习自测", "每页的"))


def test_about_names_the_site_added_labels(project):
    labels = [p.meta["label"] for p in project.speech_pages() if p.meta.get("label")]
    assert labels == ["开场白", "结束语"]
    for label in labels:
        assert f"“{label}”" in ABOUT, label
    assert "“结束语”是本站所加" in ABOUT


def test_about_names_the_word_files_it_has(project):
    said = re.search(r"([^；]*)还有 Word 版", ABOUT).group(1)
    names = {p.meta.get("pdf"): p for p in project.pages}
    made = set(word.targets(project))
    assert {"glossary", "self-test", "speech"} <= made and "术语表" in said and "学习自测" in said and "全文" in said
    assert all(n.startswith("part-") for n in made - {"glossary", "self-test", "speech"}) and "各部分" in said
    assert "outline" not in made and "学习提纲" not in said and names


def test_reader_pages_speak_only_of_what_the_reader_sees(project):
    """No 链接符号 the site does not show, no project file for a reader to open."""
    from speech_study.render import offline

    pages = [p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")]
    texts = [*pages, offline.render(project, offline.OfflineCopy(None, 0, False))]
    for text in texts:
        for word_ in ("链接符号", "README", "项目说明"):
            assert word_ not in text, word_


def test_paper_names_of_the_site_labels():
    assert places.ON_PAPER == {0: "讲话开头", -1: "讲话结尾"}


def test_the_study_pages_count_what_they_show(project):
    """结构导图 says 三个部分、九个小节; 学习提纲 that every line links; both hold for the speech."""
    text = speech_map.render(project)
    parts, sections = re.search(r"([一两二三四五六七八九十]+)个部分、([一两二三四五六七八九十]+)个小节", text).groups()
    assert f"{parts}个部分" == chinese(len(project.speech.parts), "个部分")
    assert f"{sections}个小节" == chinese(sum(len(p.sections) for p in project.speech.parts), "个小节")
    assert "每一条都链接到讲话中的位置" in outline.render(project)
    assert outline_problems(outline.render(project), project) == []  # and so it is


def test_the_glossary_intro_does_not_promise_every_section_where_an_entry_leaves_one_out(project):
    """带头人 leaves out 又当学习的带头人 (another sense): “每一小节” alone would not be true of it (read-through)."""
    _, screen, _ = glossary_page.intro(project)
    left_out = [p for e in project.glossary for p in e.exclude]
    assert left_out, "the speech's glossary leaves phrases out"
    assert "在这个意思上" in screen and any(p in screen for p in left_out), screen
    plain = dataclasses.replace(project, glossary=[dataclasses.replace(e, exclude=()) for e in project.glossary])
    assert "“出现位置”链接到讲话中提到它的每一小节。" in glossary_page.intro(plain)[1]


def test_about_says_which_speech_the_site_holds(project):
    """来源与说明's first paragraph (<!-- study:about-source -->): one speech, its title and its notice as the source
    gives them (a library says more: tests/integration/test_generated_any_speech.py)."""
    from speech_study.render import about_page, text

    notice, title = source_lines()[:2]
    expected = (
        f"本站收录的是讲话《{title}》的全文。原文第一行是作者的声明：“{notice}”本站每一页和每一份打印稿都带有这一声明。"
    )
    assert text.plain(about_page.render(project)) == expected
    assert "<!-- study:about-source -->" in ABOUT


# the entries as the site printed them until a reader's read-through of 2026-12-08, each breaking a rule
PRINTED_UNTIL_2026_12_08 = [
    (  # 一味的 of the speech written 一味地, and 落实整改措施 left out between two of its clauses, unmarked
        "G4",
        "改了一个字",
        {
            "id": "hanjinliang",
            "term": "含金量",
            "explanation": "讲话要求真正提炼基层党组织的“含金量”：不能一味地把党建工作当成“面子工程”来打造，"
            "要坚持问题导向，坚持立行立改。",
            "quote": "基层党建工作并不是“虚工作”，而是“软实力”；不是“软指标”，而是“硬任务”",
        },
    ),
    (
        "G4",
        "中间删去了讲话原文的“落实整改措施”",
        {
            "id": "hanjinliang",
            "term": "含金量",
            "explanation": "讲话要求真正提炼基层党组织的“含金量”：要坚持问题导向，坚持立行立改。",
            "quote": "基层党建工作并不是“虚工作”，而是“软实力”；不是“软指标”，而是“硬任务”",
        },
    ),
    (  # 充分 left out
        "G4",
        "中间删去了讲话原文的“充分”",
        {
            "id": "hanxinliang",
            "term": "含心量",
            "explanation": "讲话要求切实提升基层党组织的“含心量”：围绕满足人民群众日益增长的美好生活需要，"
            "发挥基层党组织的作用。",
            "quote": "要围绕满足人民群众日益增长的美好生活需要，充分发挥基层党组织的组织优势、组织力量、组织功能",
        },
    ),
    (  # two of the speech's pieces run together as one meaning
        "G5",
        "含义“讲政治，做政治上的“明白人””不是讲话原文",
        {
            "id": "zhengzhijuan",
            "term": "政治卷",
            "meaning": "讲政治，做政治上的“明白人”",
            "explanation": "比喻讲政治是书记要答好的一份考卷。",
            "quote": "要做政治上的“明白人”，答好“政治卷”",
        },
    ),
    (  # shown in every speech that names the formula, though only the site's says 主题教育
        "G9",
        "解释里不能说“讲话”说了什么",
        {
            "id": "buwang-chuxin",
            "term": "不忘初心、牢记使命",
            "forms": ["不忘初心、牢记使命", "不忘初心 牢记使命"],
            "explanation": "讲话提到“不忘初心 牢记使命”主题教育。中国共产党人的初心和使命，就是为中国人民谋幸福，"
            "为中华民族谋复兴。",
            "official": {
                "wording": "中国共产党人的初心和使命，就是为中国人民谋幸福，为中华民族谋复兴",
                "source": "党的十九大报告（2017年10月）",
            },
        },
    ),
]


# what a tester wrote into glossary.yml, and the build published (2026-12-08)
PRINTED_UNTIL_2026_12_08.append(
    (
        "G10",
        "引号里的“绝对忠诚高于一切”不是讲话原文",
        {
            "id": "daitouren",
            "term": "带头人",
            "explanation": "书记在班子里的角色。讲话强调“绝对忠诚高于一切”。",
            "quote": "要做班子里的“带头人”，当好“领头雁”",
            "exclude": ["又当学习的带头人"],
        },
    )
)


@pytest.mark.parametrize(("rule", "said", "entry"), PRINTED_UNTIL_2026_12_08, ids=lambda v: str(v)[:12])
def test_each_rule_refuses_what_a_reader_found_printed(project, rule, said, entry):
    found = claims.problems(with_glossary(project, [entry]))
    assert any(f.startswith(rule + " ") and said in f for f in found), found
