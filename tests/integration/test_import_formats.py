"""Speeches in the forms they arrive in: each fixture of tests/fixtures/import/ imports as written.

The fixtures are the site's real speech laid out as speeches are sent
(make.py): a notice with or without final punctuation or none, the title on
line 1 or 2, in 《》 or over two lines, speaker and date lines, parts 一、 /
第一部分 / 一是, sections （一） / (一) / 1、 / 一、, points 一要 / 第一， /
首先 / 1. / （1） / 一是, closing lines and notes, mixed punctuation widths,
stray spaces and blank lines. For each: the notice, title, speaker, date,
parts, sections and points found are what make.py wrote, every heading and
point has its anchor, and (in one build of them all) every sentence of each
is on the built site.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import copy_sources
from sitetext import ROOT

from speech_study import importer
from speech_study.project import Project

FIXTURES = ROOT / "tests" / "fixtures" / "import"
EXPECTED = yaml.safe_load((FIXTURES / "expected.yml").read_text(encoding="utf-8"))
NAMES = sorted(EXPECTED)


def slug_of(name: str) -> str:
    return "f" + name.split("-")[0]


def test_there_are_at_least_twelve_formats():
    assert len(NAMES) >= 12 and all((FIXTURES / f"{n}.txt").is_file() for n in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_each_format_is_read_as_written(tmp_path, name):
    want = EXPECTED[name]
    project = copy_sources(tmp_path / "project")
    plan = importer.plan(project, FIXTURES / f"{name}.txt", slug_of(name), name=f"{name}.txt")
    found = plan.found
    speech = found.speech
    assert speech.notice == want["notice"]
    assert found.title == want["title"]
    assert found.speaker == want["speaker"]
    assert found.date == want["date"]
    assert [p.title for p in speech.parts] == want["parts"]
    assert [len(p.sections) for p in speech.parts] == want["sections"]
    assert [len(s.points) for p in speech.parts for s in p.sections] == want["points"]
    report = importer.report(plan, True)
    checks = [line for line in report.splitlines() if line.startswith("请核对：")]
    for phrase in want["unsure"]:
        assert any(phrase in line for line in checks), (phrase, checks)
    # written, it loads as a speech of the library with every heading and point anchored
    importer.apply(project, plan)
    view = Project.load(project).view(slug_of(name))
    assert view.speech.text == speech.text
    anchors = view.anchors()
    for part in view.speech.parts:
        for text in [part.title] + [s.title for s in part.sections] + [p.lead for s in part.sections for p in s.points]:
            assert text in anchors, text


SPEAKER = '市委宣传部 & "学习"<小组>'
DATE = "2024年3月5日（上午）"


@pytest.fixture(scope="module")
def formats_site(tmp_path_factory):
    """One library holding every fixture, built as a reader's site is (PDF export off: no pages are printed)."""
    from conftest import copy_project, mkdocs_build

    work = tmp_path_factory.mktemp("formats")
    project = copy_project(work / "project")
    for name in NAMES:
        extra = {"speaker": SPEAKER, "date": DATE} if name.startswith("14-") else {}
        plan = importer.plan(project, FIXTURES / f"{name}.txt", slug_of(name), name=f"{name}.txt", **extra)
        importer.apply(project, plan)
    result = mkdocs_build(project, work / "site", env={"PDF_EXPORT": "false"})
    assert result.returncode == 0, result.stderr[-3000:]
    return project, work / "site"


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_every_sentence_of_each_format_is_on_the_built_site(formats_site, name):
    from speech_study.fidelity import compare, site_sentences
    from speech_study.postbuild.article_text import article_text

    project, site = formats_site
    view = Project.load(project).view(slug_of(name))
    pages = []
    for page in view.speech_pages():
        html = site / page.src_uri[: -len(".md")].removesuffix("index") / "index.html"
        pages.append((page.src_uri, article_text(html.read_text(encoding="utf-8"))))
    site_text = site_sentences(pages)
    source = view.speech.sentences()
    assert compare(source, site_text) is None
    assert [s for _, s in site_text] == source
    # the notice is on every page of the speech, once, as written; a speech without one shows none
    for page in view.speech_pages():
        html = (site / page.src_uri[: -len(".md")].removesuffix("index") / "index.html").read_text(encoding="utf-8")
        if view.speech.notice:
            assert view.speech.notice.replace('"', "&quot;") in html or view.speech.notice in html


def test_the_self_test_reads_the_opening_paragraph_of_a_speech_without_a_notice(tmp_path):
    """The generator (then in render/self_test.py) used speech.lines[2:]: with the title on line 1 that dropped the
    first paragraph."""
    from speech_study import questions

    project = copy_sources(tmp_path / "project")
    importer.apply(project, importer.plan(project, FIXTURES / "02-no-notice.txt", "f02"))
    view = Project.load(project).view("f02")
    opening = view.speech.lines[1].strip()
    assert opening.startswith("基层党组织是党最贴近人民群众的一级组织")
    assert opening in questions.speech_text(view)
    assert view.speech.title not in questions.speech_text(view)


SCREEN_ONLY = ("点击任意一项", "每一条都链接到", "再点“看答案”", "看答案")


def test_an_imported_speech_s_study_pages_are_the_site_s_own(tmp_path):
    """One kit: docs/outline.md, map.md, self-test.md and print.md, each marker naming the speech; nothing else
    differs but the file names (what a page says of its speech, its renderer says: below)."""
    import re

    from speech_study.kit import STUDY_PAGES
    from speech_study.pages import split_front_matter

    project = copy_sources(tmp_path / "project")
    (project / "docs/map.md").write_text(
        (project / "docs/map.md").read_text(encoding="utf-8").replace("\n<!--", "\n学习时可以对照原文。\n\n<!--", 1),
        encoding="utf-8",
    )  # a change to the site's page reaches the imported speech's
    importer.apply(project, importer.plan(project, FIXTURES / "06-parts-yishi-sections-arabic.txt", "f06"))
    for page in STUDY_PAGES:
        site_meta, site_body = split_front_matter((project / "docs" / page.file).read_text(encoding="utf-8"), "")
        meta, body = split_front_matter((project / "docs/f06" / page.file).read_text(encoding="utf-8"), "")
        assert meta == {**site_meta, "pdf": f"f06/{page.pdf}"}
        expected = re.sub(r"<!-- study:([\w-]+) -->", r"<!-- study:\1 f06 -->", site_body)
        if page.in_nav:
            expected = expected.rstrip("\n") + "\n\n<!-- study:speech-nav f06 -->\n"
        assert body.strip() == expected.strip()
        for sentence in SCREEN_ONLY:  # a screen-only sentence stays inside its screen-only span
            for at in [m.start() for m in re.finditer(re.escape(sentence), body)]:
                assert body.rfind('<span class="screen-only">', 0, at) > body.rfind("</span>", 0, at)
    assert "学习时可以对照原文。" in (project / "docs/f06/map.md").read_text(encoding="utf-8")


def test_counts_said_of_the_first_speech_are_said_again_of_the_imported_one(tmp_path):
    from speech_study.project import Project
    from speech_study.render import outline, speech_map

    project = copy_sources(tmp_path / "project")
    lines = (FIXTURES / "01-notice-with-full-stop.txt").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("三、"))
    two = tmp_path / "two.txt"
    two.write_text("\n".join(lines[:start]) + "\n", encoding="utf-8")
    importer.apply(project, importer.plan(project, two, "two"))
    view = Project.load(project).view("two")
    # four of its six sections have points (一要…): not “各小节的分项要求”, as it said (found by a reader)
    assert speech_map.intro(view)[0] == "讲话的结构：两个部分、六个小节和其中四个小节的分项要求。"
    assert "讲话的结构：两个部分、六个小节" in speech_map.render(view)
    assert outline.intro(view)[0].startswith("讲话的部分、小节、分项要求和逐项列举的")


@pytest.mark.slow
def test_a_title_with_any_punctuation_imports_and_builds(formats_site):
    """ " & < > 《》 in a title: the page's heading, its name in the tab and the 文库 show the text as written
    (the templates escape names: overrides/mkdocs/partials/name.html)."""
    import re
    from html import unescape

    project, site = formats_site
    title = EXPECTED["14-title-with-any-punctuation"]["title"]
    page = (site / "f14" / "index.html").read_text(encoding="utf-8")
    assert "<基层>" not in page  # never markup
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
    h1 = re.sub(r'<a class="headerlink".*?</a>', "", h1)
    assert unescape(re.sub(r"<[^>]+>", "", h1)).strip() == title
    assert unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1)) == title
    # (a download's file name is the one place they stand for " < >, which Windows refuses in a name)
    assert not re.search("[＂＆＜＞]", re.sub(r' download="[^"]*"', "", page))
    library = (site / "library" / "index.html").read_text(encoding="utf-8")
    assert "&lt;基层&gt;" in library
    assert "<小组>" not in library
    assert any(unescape(m) == SPEAKER for m in re.findall(r"市委宣传部[^<]*", library))
    assert DATE in library


def _make_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("import_fixtures_make", FIXTURES / "make.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKE = _make_module()
CN = "一二三"
PART_STYLES = {
    "一、": lambda n, t: f"{CN[n - 1]}、{t}",
    "第一部分": lambda n, t: f"第{CN[n - 1]}部分 {t}",
    "第一部分：": lambda n, t: f"第{CN[n - 1]}部分：{t}",
    "一是": lambda n, t: f"{CN[n - 1]}是{t}",
}
SECTION_STYLES = {
    "（一）": lambda n, t: f"（{CN[n - 1]}）{t}",
    "(一)": lambda n, t: f"({CN[n - 1]}) {t}",
    "1、": lambda n, t: f"{n}、{t}",
    "一、": lambda n, t: f"{CN[n - 1]}、{t}",
}


NOTICES = ["", MAKE.NOTICE, "本文仅供学习参考", "本文为作者学习体会，仅供学习参考。"]
FRONT = ["——在全区基层党组织书记培训班上的讲话", "（2024年3月5日）"]


def _layouts():
    from hypothesis import strategies as st

    @st.composite
    def layout(draw):
        part = draw(st.sampled_from(sorted(PART_STYLES)))
        sections = [s for s in SECTION_STYLES if s != "一、" or part.startswith("第")]
        section = draw(st.sampled_from(sections))
        points = [None, "第一，", "首先", "（1）", "1."] + ([] if part == "一是" else ["一是"])
        return {
            "notice": draw(st.sampled_from(NOTICES)),
            "title": draw(st.sampled_from(["plain", "brackets", "two lines"])),
            "front": draw(st.lists(st.sampled_from(FRONT), unique=True)),
            "part": part,
            "section": section,
            "point": draw(st.sampled_from(points)),
            "split": draw(st.booleans()),
            "indent": draw(st.sampled_from(["", "\u3000\u3000", "  "])),
            "blank": draw(st.booleans()),
            "tail": draw(st.sampled_from(["", " ", "\u3000"])),
            "newline": draw(st.sampled_from(["\n", "\r\n"])),
        }

    return layout()


def _write(layout: dict, path: Path) -> tuple[str, list[str]]:
    """The real speech in `layout`; returns the title the importer should find and the part headings."""
    title_lines = {
        "plain": [MAKE.TITLE],
        "brackets": [f"《{MAKE.TITLE}》"],
        "two lines": ["在全市基层党组织书记培训班上的", "讲话"],
    }[layout["title"]]
    part = PART_STYLES[layout["part"]]
    body = MAKE.transform(
        part,
        SECTION_STYLES[layout["section"]],
        MAKE.points_of(layout["point"]) if layout["point"] else None,
        split_sections=layout["split"],
    )
    lines = ([layout["notice"]] if layout["notice"] else []) + title_lines + layout["front"]
    for line in body:
        lines.append(layout["indent"] + line + layout["tail"] if line else line)
        if layout["blank"]:
            lines.append("")
    path.write_bytes((layout["newline"].join(lines) + layout["newline"]).encode("utf-8"))
    found_title = MAKE.TITLE if layout["title"] != "two lines" else "在全市基层党组织书记培训班上的讲话"
    return found_title, [part(i + 1, t) for i, t in enumerate(MAKE.PARTS)]


def test_generated_layouts_of_the_real_speech_are_read_as_written(tmp_path):
    """Hypothesis combines the forms: notice, title, front lines, numbering of each level, indents, blank lines,
    trailing spaces, line ends. Each combination is read with the real speech's structure, every heading and
    point anchored in the pages the import would write."""
    from hypothesis import HealthCheck, given, settings

    from speech_study.pages import Page, split_front_matter

    project = copy_sources(tmp_path / "project")

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(_layouts())
    def check(layout):
        source = tmp_path / "speech.txt"
        title, part_titles = _write(layout, source)
        plan = importer.plan(project, source, "gen")
        speech = plan.found.speech
        assert speech.notice == layout["notice"], layout
        assert plan.found.title == title, layout
        assert [p.title for p in speech.parts] == part_titles, layout
        assert [len(p.sections) for p in speech.parts] == [3, 3, 3], layout
        want = [MAKE.POINTS[(p, s)] for p in range(3) for s in range(3)]
        assert [len(s.points) for p in speech.parts for s in p.sections] == want, layout
        anchors = {}
        for rel, text in plan.files.items():
            if rel.endswith(".md") and rel.startswith("docs/gen/"):
                meta, body = split_front_matter(text, rel)
                anchors.update(Page(rel, "", meta, body, "").anchors())
        for part in speech.parts:
            for text in [part.title, *(s.title for s in part.sections)]:
                assert text in anchors, (text, layout)
            for section in part.sections:
                for point in section.points:
                    assert point.lead in anchors, (point.lead, layout)

    check()
