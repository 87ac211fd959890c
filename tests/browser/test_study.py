"""The study-meeting kit: 学习提纲, 结构导图 and 学习自测, drawn from the source and the glossary."""

from __future__ import annotations

import re
from html import unescape

import pytest
from conftest import copy_project, mkdocs_build_in_process
from pdfcheck import flat, page_count, page_text
from settle import open_settled
from sitetext import ROOT, html_path, nav, source_lines

from speech_study.errors import ContentError as OutlineError
from speech_study.project import Project
from speech_study.questions import questions
from speech_study.speech import parse

SOURCE = (ROOT / "source" / "speech.txt").read_text(encoding="utf-8")


def expected_outline() -> list[str]:
    """Headings and numbered lead sentences, read from the source independently of the hooks."""
    items = []
    for line in source_lines():
        if re.match(r"^[一二三四五六七八九十]、", line):
            items.append(line)
        elif m := re.match(r"^（[一二三四五六七八九十]）[^。]*。", line):
            items.append(m.group())
            body = line[len(m.group()) :]
            items += re.findall(r"(?:^|(?<=[。”]))[一二三四五六七八九十]要[^。]*。", body)
    return items


def test_study_pages_follow_the_speech_in_the_nav():
    titles = [t for t, _ in nav()]
    closing = titles.index("结束语")
    assert ["提纲" in titles[closing + 1], "导图" in titles[closing + 2], "自测" in titles[closing + 3]] == [True] * 3


def test_outline_has_every_heading_and_lead_sentence_in_order_each_linked(site):
    html = html_path(site, "outline.md").read_text(encoding="utf-8")
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    links = [
        (href, unescape(re.sub(r"<[^>]+>", "", text)))
        for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', article)
    ]
    linked = [(h, t) for h, t in links if h.startswith("../")]
    # the key formulas (四大三苦 …) link to the section they stand in
    from speech_study.render import outline

    formulas = {f.term for fs in outline.formulas(Project.load(ROOT)).values() for f in fs}
    assert formulas >= {"四大三苦", "五个责任", "六个不能、五个通气"}
    assert [t for _, t in linked if t not in formulas] == expected_outline()
    leads = [t for t in expected_outline() if re.match(r"^[一二三四]要", t)]
    assert len(leads) == 13 and "一要为同志们撑腰壮胆。" in leads
    for href, text in linked:
        path, anchor = href[3:].split("#")
        target = (site / path / "index.html").read_text(encoding="utf-8")
        element = re.search(rf'<(h[12]|p) [^>]*id="{anchor}"[^>]*>(.*?)</\1>', target, re.S)
        assert element, (href, text)
        if text not in formulas:
            assert re.sub(r"<[^>]+>", "", element.group(2)).startswith(text.rstrip("。")), (href, text)


def test_map_has_a_node_per_heading_and_point_and_links_that_resolve(site):
    html = html_path(site, "map.md").read_text(encoding="utf-8")
    svg = re.search(r'<svg class="structure-map structure-map--map-screen".*?</svg>', html, re.S).group()
    nodes = re.findall(r'<a href="([^"]*)" class="map-node map-level-(\d)">.*?</a>', svg, re.S)
    levels = [level for _, level in nodes]
    assert levels.count("0") == 1 and levels.count("1") == 3 and levels.count("2") == 9 and levels.count("3") == 13
    labels = [
        "".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", node)) for node in re.findall(r"<a .*?</a>", svg, re.S)
    ]
    for item in expected_outline():
        assert item.rstrip("。") in [unescape(x) for x in labels], item
    for href, level in nodes:
        if level == "0":
            continue
        path, anchor = href.split("#")
        target = (site / "map" / path / "index.html").resolve()
        assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), href


def answers(site) -> list[str]:
    html = html_path(site, "self-test.md").read_text(encoding="utf-8")
    key = html.split('<div class="answer-key">', 1)[1]
    return [unescape(a) for a in re.findall(r'<span class="answer-text">(.*?)</span>', key)]


def test_self_test_has_20_questions_whose_answers_are_in_the_source_or_glossary(site):
    found = answers(site)
    assert len(found) >= 20
    glossary = (ROOT / "glossary.yml").read_text(encoding="utf-8")
    for answer in found:
        assert answer in SOURCE or answer in glossary, answer
    html = html_path(site, "self-test.md").read_text(encoding="utf-8")
    assert html.count('class="cloze"') == len(found)
    assert html.count('<details class="question"') == len(found)  # answers hidden until tapped


def test_self_test_answer_is_hidden_until_tapped(browser, server):
    page = browser.new_page()
    open_settled(page, server + "self-test/")
    first = page.locator("article details.question").first
    answer = first.locator("p").last
    assert not answer.is_visible()
    first.locator("summary").click()
    assert answer.is_visible() and answer.inner_text().strip()
    page.close()


def test_a_new_glossary_entry_brings_its_question(tmp_path):
    project = copy_project(tmp_path / "project")
    entry = """
- id: zhua-banzi
  term: 抓班子、带队伍
  parts: [抓班子, 带队伍]
  explanation: 书记的职责：抓好班子建设，带好干部队伍。
  quote: "切实履行好“抓班子、带队伍”这个职责"
"""
    with (project / "glossary.yml").open("a", encoding="utf-8") as f:
        f.write(entry)
    before, after = (questions(Project.load(root)) for root in (ROOT, project))
    new = {q.answer for q in after} - {q.answer for q in before}
    assert new & {"抓班子", "带队伍"}
    # it may move a question on the same words to another point of that section, never drop one
    assert len(after) >= len(before)


@pytest.mark.parametrize("name,most", [("outline", 1), ("map", 1)])
def test_study_pages_print_within_their_page_budget(site, name, most):
    pdf = site / "pdf" / f"{name}.pdf"
    assert 1 <= page_count(pdf) <= most


def test_self_test_prints_the_answer_key_on_a_right_hand_page_of_its_own(site):
    """Printed double-sided, the key is a sheet of its own: it starts on an odd page and is the last page."""
    pdf = site / "pdf" / "self-test.pdf"
    pages = [page_text(pdf, n) for n in range(1, page_count(pdf) + 1)]
    key = [i for i, text in enumerate(pages, start=1) if re.search(r"^\s*学习自测答案\s*$", text, re.M)]
    assert key == [len(pages)], f"answer key on pages {key} of {len(pages)}"
    assert len(pages) % 2 == 1, "the answer key is not on a right-hand (odd) page"
    assert "讲话原文填空" in pages[0] and all(ch in pages[0] for ch in ("姓名", "支部", "日期"))
    between = pages[-2] if len(pages) > 2 else ""
    assert not re.sub(r"—\s*\d+\s*—|\s", "", between) or "讨论题" in "".join(pages[:-1])
    # what the page promises on paper is what paper shows; the tap-to-reveal boxes stay on the screen
    assert "答案单独印在最后一页" in flat("".join(pages))
    assert "看答案" not in "".join(pages) and "统一印在最后一页" not in "".join(pages)


BAD_SOURCES = {
    "a point out of sequence": ("二要为同志们强筋壮骨", "四要为同志们强筋壮骨", "应为一、二、三"),
    "a section out of sequence": (
        "（三）必须“激”活干劲",
        "（四）必须“激”活干劲",
        "“二、怎样带队伍”各小节",
    ),
    "a part out of sequence": (
        "三、怎样夯实基层党建",
        "四、怎样夯实基层党建",
        "各部分的编号是一、二、四",
    ),
}


@pytest.mark.parametrize("case", list(BAD_SOURCES))
def test_ambiguous_structure_is_a_clear_error(case):
    old, new, message = BAD_SOURCES[case]
    with pytest.raises(OutlineError, match=re.escape(message)) as err:
        parse(SOURCE.replace(old, new))
    assert str(err.value).startswith("source/speech.txt")


@pytest.mark.slow
def test_ambiguous_structure_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    source = project / "source" / "speech.txt"
    source.write_text(SOURCE.replace("二要为同志们强筋壮骨", "四要为同志们强筋壮骨"), encoding="utf-8")
    result = mkdocs_build_in_process(project, tmp_path / "out", env={"PDF_EXPORT": "false"})
    assert result.returncode != 0
    assert "source/speech.txt，第16行：小节（三）必须“激”活干劲。的分项的编号是一、四、三" in result.stderr


def test_outline_parser_reads_the_real_source():
    parts = parse(SOURCE).parts
    assert [p.title for p in parts] == ["一、怎样抓好班子建设", "二、怎样带队伍", "三、怎样夯实基层党建"]
    assert sum(len(s.points) for p in parts for s in p.sections) == 13
