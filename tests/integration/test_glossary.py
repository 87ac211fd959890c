"""The glossary data: its rules, its errors, and the page and tooltips made from it."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from conftest import copy_project, mkdocs_build_in_process
from sitetext import ROOT, article_text, html_path, speech_docs

from speech_study import yamlfile
from speech_study.errors import ContentError as GlossaryError
from speech_study.glossary import parse
from speech_study.project import Project

DATA = ROOT / "glossary.yml"
SOURCE = (ROOT / "source" / "speech.txt").read_text(encoding="utf-8")
REQUIRED_TERMS = """
四大三苦 四大 三苦 五个责任 六个不能、五个通气 六个不能 五个通气 四个意识 四个自信
两个维护 明大德、守公德、严私德 带头人 领头雁 明白人 政治卷 领路人 发展牌 心中有本谱
脑中有本账 手中有杆秤 “聚”住人气 “管”好人员 “激”活干劲 含盖量 含心量 含金量
三力支撑、六联齐动 一支部一特色 条块结合、资源共享、优势互补、共驻共建 牛鼻子 一线哨所
前沿阵地 第一责任人 一把手 “两新”组织 不忘初心、牢记使命 守土有责、守土尽责、守土负责
""".split()

GOOD = {
    "id": "sida",
    "term": "四大",
    "parts": ["责任大", "权力大", "风险大", "贡献大"],
    "explanation": "书记岗位的四个“大”。",
    "quote": "“四大”即责任大、权力大、风险大、贡献大",
}


def entries():
    return parse(DATA.read_text(encoding="utf-8"), SOURCE)


def check(*raw_entries) -> str:
    with pytest.raises(GlossaryError) as err:
        # copied through JSON: entries sharing a list would be dumped as a YAML alias, which glossary.yml may not hold
        plain = json.loads(json.dumps(list(raw_entries)))
        parse(yaml.safe_dump(plain, allow_unicode=True), SOURCE, name="glossary.yml")
    return str(err.value)


def test_data_file_is_valid_and_has_every_required_term():
    terms = [e.term for e in entries()]
    missing = [t for t in REQUIRED_TERMS if t not in terms]
    assert not missing, missing


def test_every_verbatim_quote_is_in_the_source():
    quoted = [e for e in entries() if e.quote]
    assert len(quoted) >= 20
    for e in quoted:
        assert e.quote in SOURCE, e.term


def test_terms_the_speech_does_not_spell_out_have_official_wording_and_source():
    official = {e.term: e for e in entries() if e.wording}
    # “两新”组织 has none: no official text was found that states “非公有制经济组织和社会组织” as one wording
    # (党章 treats the two in separate paragraphs), so it quotes the speech instead (read-through, 2026-12-04)
    for term in ("四个意识", "四个自信", "两个维护"):
        assert term in official and official[term].source, term
    assert official["四个意识"].wording.endswith("政治意识、大局意识、核心意识、看齐意识")
    assert official["四个自信"].wording == "道路自信、理论自信、制度自信、文化自信"
    assert official["两个维护"].wording == (
        "坚决维护习近平总书记党中央的核心、全党的核心地位，坚决维护党中央权威和集中统一领导"
    )


def test_parts_spelled_out_by_the_speech_are_the_speech_words():
    by_term = {e.term: e for e in entries()}
    for term in ("四大", "三苦", "五个责任", "六个不能", "五个通气"):
        e = by_term[term]
        assert "、".join(e.parts) in SOURCE, term


def test_a_good_entry_parses():
    assert parse(yaml.safe_dump([GOOD], allow_unicode=True), SOURCE)[0].forms == ("四大",)


def test_malformed_yaml_names_file_and_line():
    with pytest.raises(GlossaryError, match=r"^glossary.yml：第3行：缩进没有对齐：同一层的各行应从同一列开始$"):
        parse("- id: a\n  term: b\n term: c\n", SOURCE, name="glossary.yml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: b: c\n", "第1行：这里不能再有“键: 值”：值里有“: ”时请给整个值加引号"),
        ("a:\n\t- x\n", "第2行：有制表符（Tab）：YAML 只能用空格缩进"),
        ("a: '未闭合\n", "第2行：文件在引号闭合之前就结束了"),
        ("a: [1, 2\n", "第2行：缺少“]”：列表或映射没有闭合"),
        ("a: @x\n", "第1行：值不能以“@”开头：请给整个值加引号"),
    ],
)
def test_yaml_mistakes_are_explained_in_chinese(text, message):
    """PyYAML's English problems are told in Chinese, with the line; an unknown one is quoted as it came."""
    with pytest.raises(GlossaryError) as err:
        yamlfile.load(text, "glossary.yml")
    assert str(err.value).startswith(f"glossary.yml：{message}")
    assert yamlfile.explain("something new") == "YAML 格式有误（解析器报告“something new”）"


def test_missing_field():
    raw = {k: v for k, v in GOOD.items() if k != "explanation"}
    msg = check(raw)
    assert msg == "glossary.yml：第1条（id: sida，term: 四大）：缺少字段“explanation”"


def test_unknown_field_catches_typos():
    assert "未知字段“explaination”" in check({**GOOD, "explaination": "x"})


def test_duplicate_term():
    other = {**GOOD, "id": "sida-2"}
    assert "第2条（id: sida-2，term: 四大）：term“四大”重复（第1条" in check(GOOD, other)


def test_duplicate_id():
    other = {**GOOD, "term": "三苦", "quote": "“三苦”即完成任务的辛苦"}
    assert "id“sida”重复" in check(GOOD, other)


def test_term_not_in_speech():
    msg = check({**GOOD, "id": "wuda", "term": "五大"})
    assert msg == "glossary.yml：第1条（id: wuda，term: 五大）：术语“五大”在讲话里没有出现"


def test_quote_not_verbatim_points_at_the_difference():
    msg = check({**GOOD, "quote": "“四大”即责任大、权利大、风险大、贡献大"})
    assert "第1条（id: sida，term: 四大）：quote 与讲话原文不一致" in msg
    assert "“四大”即责任大、权" in msg and "利大" in msg


def test_quote_and_official_are_exclusive_and_official_needs_a_source():
    assert "quote（讲话原文）和 official（wording 与 source）必须写且只写其中一个" in check(
        {**GOOD, "official": {"wording": "x", "source": "y"}}
    )
    no_source = {k: v for k, v in GOOD.items() if k != "quote"} | {"official": {"wording": "责任大"}}
    assert "缺少字段“official.source”" in check(no_source)


def test_explanation_must_fit_a_tooltip():
    assert "提示框最多容纳80个字" in check({**GOOD, "explanation": "很长" * 50})


@pytest.mark.slow
def test_bad_data_stops_the_real_build(tmp_path):
    project = copy_project(tmp_path / "project")
    data = project / "glossary.yml"
    data.write_text(DATA.read_text(encoding="utf-8").replace("term: 牛鼻子", "term: 马鼻子"), encoding="utf-8")
    result = mkdocs_build_in_process(project, tmp_path / "out")
    assert result.returncode != 0
    assert "glossary.yml：第" in result.stderr and "术语“马鼻子”在讲话里没有出现" in result.stderr


def test_glossary_page_lists_every_entry_with_links_to_every_place(site):
    html = html_path(site, "glossary.md").read_text(encoding="utf-8")
    assert "术语表" in re.search(r"<h1[^>]*>(.*?)<", html).group(1)
    project = Project.load(ROOT)
    section_texts = {(s.src_uri, s.anchor): s.text for s in project.sections()}
    longer = [f for x in entries() for f in x.forms]

    def nested(e) -> bool:  # a form inside a longer term's form is counted where it stands alone
        return any(f != g and f in g for f in e.forms for g in longer)

    for e in entries():
        section = html.split(f'<h2 id="{e.id}">', 1)[1].split("<h2", 1)[0]
        links = re.findall(r'<a href="\.\./([^"#]*)#([a-z0-9-]+)">', section)
        assert links, e.term
        for path, anchor in links:
            target = (site / path / "index.html").read_text(encoding="utf-8")
            assert f'id="{anchor}"' in target, (e.term, path, anchor)
        # one link per section that holds the term, counted here from the sections' own text
        holding = [k for k, body in section_texts.items() if any(form in body for form in e.forms)]
        assert len(links) == len(holding) or e.contains or e.exclude or nested(e), (e.term, links, holding)
    daitouren = html.split('<h2 id="daitouren">', 1)[1].split("<h2", 1)[0]
    # “又当学习的带头人” in 一（二） is excluded: there the word is not the term
    assert re.findall(r'#([a-z0-9-]+)">', daitouren) == ["title", "daitouren"]


def test_every_occurrence_in_the_speech_has_a_tooltip(site):
    forms = {f: e.explanation for e in entries() for f in e.forms}
    excluded = {p: None for e in entries() for p in e.exclude}
    pattern = re.compile("|".join(map(re.escape, sorted({**forms, **excluded}, key=len, reverse=True))))

    for doc in speech_docs():
        html = html_path(site, doc).read_text(encoding="utf-8")
        expected = [m for m in pattern.findall(article_text(html)) if m not in excluded]
        shown = re.findall(r'<abbr tabindex="0" title="([^"]*)">([^<]*)</abbr>', html)
        assert [t for _, t in shown] == expected, doc
        assert all(title == forms[t] for title, t in shown)


# --- accuracy: what the glossary says is what the speech or the cited source says ---------------


def by_id():
    return {e.id: e for e in entries()}


def test_parts_must_be_an_enumeration_the_quote_spells_out():
    """组成 printed for a metaphor (领头雁: 带头人) or for means (含心量) read as if the speech defined parts."""
    one = {**GOOD, "id": "niubizi", "term": "牛鼻子", "parts": ["关键环节"], "quote": "这个“牛鼻子”"}
    assert "parts 只列了一项（“关键环节”）" in check(one)
    assert "比喻或口号请写 meaning（含义）" in check(one)
    means = {
        "id": "hanxinliang",
        "term": "含心量",
        "parts": ["组织优势", "组织力量", "组织功能"],
        "explanation": "x",
        "quote": "充分发挥基层党组织的组织优势、组织力量、组织功能",
    }
    assert "quote 没有说出术语本身" in check(means)
    elsewhere = {**GOOD, "parts": ["责任大", "辛苦"]}
    assert "parts 中的“辛苦”不在本条的 quote 里" in check(elsewhere)
    assert "parts（列举）和 meaning（比喻）只能写其中一个" in check({**GOOD, "meaning": "x"})


def test_metaphors_have_a_meaning_and_no_parts():
    data = by_id()
    for entry_id in ("lingtouyan", "niubizi", "yixian-shaosuo", "qianyan-zhendi", "zhengzhijuan", "fazhanpai"):
        assert data[entry_id].meaning and not data[entry_id].parts, entry_id
    assert not data["hanxinliang"].parts and not data["hangailiang"].parts


def test_sida_sanku_is_what_a_secretary_meets_not_his_situation():
    entry = by_id()["sida-sanku"]
    assert "矛盾与问题" in entry.explanation and "处境" not in entry.explanation
    assert "遇到一些矛盾与问题" in entry.quote


def test_buwang_chuxin_gives_the_standard_wording():
    standard = "中国共产党人的初心和使命，就是为中国人民谋幸福，为中华民族谋复兴"
    entry = by_id()["buwang-chuxin"]
    assert entry.wording == standard and standard in entry.explanation
    # nothing of what one speech says: the tooltip is every speech's that names it (rule G9)
    assert "讲话" not in entry.explanation and "主题教育" not in entry.explanation


def test_daitouren_is_not_the_learning_leader():
    from speech_study.project import Project

    project = Project.load(ROOT)
    entry = by_id()["daitouren"]
    assert "又当学习的带头人" in entry.exclude
    assert [s.anchor for s in project.all_occurrences(entry)] == ["title", "daitouren"]
    assert not project.matcher.terms("既做学习的组织者，又当学习的带头人，")


def test_yi_zhibu_yi_tese_says_only_what_the_speech_says():
    entry = by_id()["yi-zhibu-yi-tese"]
    # “讲话未展开” is not written by hand (rule G6): the speech's sentence is quoted instead
    assert "一项" not in entry.explanation and "未展开" not in entry.explanation and entry.quote


def test_ming_dade_is_the_speechs_own_words():
    """The speech spells out 明大德、守公德、严私德: no 标准表述 as if it were only named, and no 'requirement of
    党性修养' (the speech sets them side by side as conditions)."""
    entry = by_id()["ming-dade"]
    assert entry.quote and not entry.wording and "明大德、守公德、严私德" in entry.quote
    assert "提高党性修养的要求" not in entry.explanation


def test_explanations_quote_only_the_speech_or_the_official_wording():
    """A phrase an explanation puts in quotation marks is the speech's or the source's, never invented."""
    for e in entries():
        for quoted in re.findall(r"“([^“”]+)”", e.explanation + (e.meaning or "")):
            assert quoted in SOURCE or quoted in (e.wording or ""), (e.term, quoted)
