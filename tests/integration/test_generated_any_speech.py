"""What the site says of an imported speech, for every format an import reads: the speech's own words.

Found by a reader of a 第一部分 speech: the discussion questions read “讲话第一部分讲‘部分 怎样抓好班子建设’”
(the part's number cut as if it were 一、) and “提出：不断扩大……” where the speech says 要不断扩大 (three
characters cut as if every section were numbered （一）); fill-in questions began “一、要做……” and their 出处
said only 第一部分; the printed glossary named an imported speech's places by the screen's breadcrumb
(“…一、怎样抓好班子建设 › （一）…。（一）”)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_sources

from speech_study import importer, places, questions
from speech_study.counts import chinese
from speech_study.project import Project

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures" / "import").glob("*.txt"))


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Project:
    """The site with every import fixture imported (f01 … f14)."""
    project = copy_sources(tmp_path_factory.mktemp("any") / "project")
    for path in FIXTURES:
        importer.apply(project, importer.plan(project, path, f"f{path.name[:2]}"))
    return Project.load(project)


def views(library: Project):
    return [v for v in library.views() if v.entry.imported]


def test_every_fixture_is_in_the_library(library):
    assert len(views(library)) == len(FIXTURES) >= 12


def test_discussion_questions_quote_each_part_and_section_heading_whole(library):
    for view in views(library):
        said = "\n".join(questions.discussion(view))
        for n, part in enumerate(view.speech.parts, start=1):
            assert part.heading and part.heading in view.speech.text, part.title
            if f"讲话第{chinese(n)}部分讲“" in said:
                assert f"部分讲“{part.heading}”" in said, (view.slug, part.title, said)
            for section in part.sections:
                # a section's heading, without only its number, wherever the questions list them
                head = section.heading.rstrip("。")
                if f"{head}；" in said or f"{head}。" in said:
                    assert section.title.endswith(section.heading) and section.title != section.heading
        assert "“部分" not in said and "部分 " not in said, said


def test_no_fill_in_question_starts_with_a_section_number(library):
    for view in views(library):
        for q in questions.questions(view):
            if q.group == "speech":
                assert not places.SECTION_NUMBER.match(q.before), (view.slug, q.before, q.answer)
                assert q.place.startswith("第") or q.place.startswith("讲话"), q.place


def test_the_printed_glossary_names_an_imported_speech_s_places_as_paper_does(library):
    names = places.all_paper_names(library)
    for view in views(library):
        for page in view.speech_pages():
            assert names[page.src_uri].startswith(f"《{view.title}》"), page.src_uri
    for entry in library.glossary:
        said = places.references(library.all_occurrences(entry), names)
        assert "›" not in said and "。；" not in said and "开场白" not in said, (entry.id, said)


def test_a_section_numbered_yi_dun_is_named_as_a_section_on_paper(library):
    view = library.view("f04")  # parts 第一部分, sections 一、
    sections = [s for s in view.sections() if " › " in s.label]
    assert sections and all(places.section_number(s).endswith("小节") for s in sections)
    assert places.section_number(sections[0]) == "第一小节"


def test_the_glossary_page_and_its_word_file_print_no_breadcrumb(library):
    from speech_study.render import glossary_page, word

    page = next(p for p in library.pages if "glossary" in p.markers())
    printed = [s.split("</span>")[0] for s in glossary_page.render(library).split('class="print-only"')[1:]]
    in_word = "".join(t for b in word.glossary_blocks(library, page) for t, _ in b.runs)
    assert printed and "》第一部分" in "".join(printed) + in_word
    for text in (*printed, in_word):
        assert "›" not in text and "。；" not in text, text[:200]
