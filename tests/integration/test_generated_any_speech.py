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
from speech_study.booktitle import book_title  # its own tests hold its cases (tests/unit/test_booktitle.py)
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
            assert names[page.src_uri].startswith(book_title(view.title)), page.src_uri
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


def test_the_self_test_promises_only_what_it_has(library):
    """Found on every benchmark speech: a speech that yields no fill-in question (fixture 15, other real text)
    still said “第一组填讲话原文中的词语……答案单独印在最后一页” and printed an empty 学习自测答案 page. Each speech's
    self-test, on screen, on paper and in Word, names the groups it has and points to answers only if it has some."""
    from speech_study.render import self_test, word

    seen = set()
    for view in library.views():
        items = questions.questions(view)
        groups = {q.group for q in items}
        seen.add(frozenset(groups))
        markdown = self_test.render(view)
        head = markdown.split("\n\n")[0]
        in_word = [t for b in word.self_test_blocks(view, view.marker_page("self-test")) for t, _ in b.runs]
        in_word += [
            cell for b in word.self_test_blocks(view, view.marker_page("self-test")) for r in b.rows for cell in r
        ]
        said = in_word[2]  # title, 材料名称, then the introduction
        for text in (head, said):
            assert ("填空题" in text) == bool(items), (view.folder, text)
            assert ("最后一页" in text) == bool(items), (view.folder, text)
            assert ("第二组" in text) == (len(groups) == 2), (view.folder, text)
            if "official" in groups:
                named = len({q.key for q in items if q.group == "official"})
                assert f"{chinese(named, '个提法')}的标准表述" in text, (view.folder, text)
        assert ("看答案" in head) == bool(items)
        assert ("学习自测答案" in markdown) == bool(items) == ("学习自测答案" in in_word), view.folder
    assert {frozenset(), frozenset({"speech", "official"})} <= seen, "no speech without fill-in questions"


ENGINE_EXTENSIONS = ["attr_list", "md_in_html", "admonition", "pymdownx.details"]  # what the page's markup needs
SCREEN = '<span class="screen-only">{}</span>'
# what imports before the introductions were generated wrote into docs/SLUG/: the site's, its counts said again
# (若干小节, no 个, where a speech had no section), and before that the importer's own (2026-11-30)
WRITTEN_BEFORE = {
    "self-test": [
        "根据讲话内容和术语表出的填空题，用来检查学习效果。先想一想，再点“看答案”。打印时，答案统一印在最后一页，便于学习会上分发。",
        "根据讲话出的填空题和讨论题，供学习会使用：第一组填讲话原文中的词语，第二组填讲话只提到名称的几个提法的标准表述，"
        "都只有一个正确答案。"
        + SCREEN.format("先想一想，再点“看答案”。")
        + '<span class="print-only" data-search-exclude>答案单独印在最后一页，可以撕下或不发。</span>',
        "根据讲话出的填空题和讨论题，供学习会使用：第一组填讲话原文中的词语，都只有一个正确答案。"
        + SCREEN.format("先想一想，再点“看答案”。")
        + '<span class="print-only" data-search-exclude>答案单独印在最后一页，可以撕下或不发。</span>',
    ],
    "outline": [
        "讲话的两个部分、各部分的小标题和分项要求，以及讲话逐项列举的几组提法，供学习会对照使用。"
        "提纲由网站从讲话原文中提取，文字都是讲话原话。" + SCREEN.format("每一条都链接到讲话中的位置。"),
        "讲话的部分、小节、分项要求和逐项列举的几组提法，供学习会对照使用，文字都是讲话原话。"
        + SCREEN.format("每一条都链接到讲话中的位置。"),
        "讲话的各个部分、小标题和分项要求，供学习会对照使用。提纲由网站在生成时从讲话原文中提取，"
        "每一条都链接到讲话中的位置。",
    ],
    "map": [
        "讲话的结构：两个部分、四个小节和各小节的分项要求。" + SCREEN.format("点击任意一项即可跳到讲话中的相应位置。"),
        "讲话的结构：三个部分、若干小节和各小节的分项要求。" + SCREEN.format("点击任意一项即可跳到讲话中的相应位置。"),
        "讲话的层次结构：各个部分、小节和各小节的分项要求。点击任意一项即可跳到讲话中的相应位置。",
    ],
}
STARTS = {"self-test": "根据讲话", "outline": "讲话的", "map": "讲话的结构"}


@pytest.mark.parametrize("slug", ["f01", "f15"])
@pytest.mark.parametrize("marker", sorted(WRITTEN_BEFORE))
def test_an_introduction_an_earlier_import_wrote_into_the_page_is_said_once(library, slug, marker):
    """Imports before the introductions were generated copied the site's static ones (their counts said again)
    into docs/SLUG/: the page shows the generated introduction alone, whichever earlier one it holds."""
    import markdown

    from speech_study.adapters import markdown_ext

    markdown_ext._load.cache_clear()
    renderer = markdown_ext.SPEECH_RENDERERS[marker]
    made = renderer(library.view(slug)).split("\n\n")[0]
    for before in WRITTEN_BEFORE[marker]:
        page = f"# 页 {{ #page .handout-name }}\n\n{before}\n\n<!-- study:{marker} {slug} -->\n"
        html = markdown.markdown(
            page, extensions=[*ENGINE_EXTENSIONS, markdown_ext.makeExtension(root=str(library.root))]
        )
        paragraphs = [p for p in html.split("<p>")[1:] if p.startswith(STARTS[marker])]
        assert len(paragraphs) == 1 and html.count(made.split("<span")[0]) == 1, (before, html[:300])


def test_the_outline_and_the_map_say_what_they_show(library):
    """Found by a reader of fixture 15 (no numbered point, no formula): its 学习提纲 promised “分项要求和逐项列举的几组
    提法” and its 结构导图 “各小节的分项要求”. Each introduction names only what its page shows, counted."""
    from speech_study.render import outline, speech_map

    seen = set()
    for view in library.views():
        sections = [s for p in view.speech.parts for s in p.sections]
        points = any(s.points for s in sections)
        found = sum(len(f) for f in outline.formulas(view).values())
        seen.add((points, bool(found)))
        said = outline.intro(view)[0]
        assert ("分项要求" in said) == points and ("提法" in said) == bool(found), (view.slug, said)
        if found:
            assert f"逐项列举的{chinese(found, '组')}提法" in said
        drawn = speech_map.intro(view)[0]
        counts = chinese(len(view.speech.parts), "个部分")
        if sections:
            counts += f"{'、' if points else '和'}{chinese(len(sections), '个小节')}"
        assert f"：{counts}{'和' if points else '。'}" in drawn, (view.slug, drawn)
        assert ("小节" in said) == ("小节" in drawn) == bool(sections), (view.slug, said, drawn)
        assert ("分项要求" in drawn) == points, (view.slug, drawn)
        pointed = sum(1 for s in sections if s.points)
        if points:  # every section's, or those of the sections that have any, counted
            said_of = "各小节" if pointed == len(sections) else f"其中{chinese(pointed, '个小节')}"
            assert f"{said_of}的分项要求" in drawn, (view.slug, drawn)
    assert {(False, False), (True, True)} <= seen


def test_a_speech_uses_only_the_glossary_s_readings_of_its_own_words(library):
    """An entry that quotes a speech (`quote`) explains that speech's words: a speech that does not hold the quote
    does not use it (the 1998 text of fixture 15 says 十四大, and 四大三苦's 四大 was its tooltip and its 术语表
    places); a standard formula (`official`) is used by every speech that names it."""
    for view in library.views():
        text = view.speech.text
        for entry in view.glossary:
            assert entry.quote is None or entry.quote in text or entry.speech == view.slug, (view.slug, entry.id)
        quoted = [e for e in library.glossary if e.quote and e.speech is None and e.quote in text]
        assert {e.id for e in quoted} <= {e.id for e in view.glossary}, view.slug
    other = library.view("f15")
    assert "十四大" in other.speech.text and "四大" not in {m.text for m in other.matcher.terms(other.speech.text)}
    assert all(s not in other.sections() for e in library.glossary if e.quote for s in library.all_occurrences(e))


def test_a_discussion_question_asks_to_do_only_what_the_headings_ask(library):
    """Found by a reader of fixture 15: “提出：在南方谈话中；１９９２年……谈谈怎样做到这两条” (headings that name
    topics, not requirements) and “提出：具体任务；具体任务……这两条” (one heading twice). Headings are “要求” to “做到”
    only when each says what to do; the same heading twice is counted, not listed."""
    for view in library.views():
        asked = discussion_of_parts(view)
        for part, item in zip(view.speech.parts, asked, strict=True):
            if not part.sections:
                continue
            heads = [s.heading for s in part.sections]
            requires = all(questions.is_requirement(h) for h in heads)
            assert ("做到" in item) == requires != ("学习体会" in item), (view.slug, item)
            if len(set(heads)) < len(heads):
                assert "；" not in item and heads[0].rstrip("。") not in item.split("”", 1)[1], (view.slug, item)
    other = discussion_of_parts(library.view("f15"))
    assert all("做到" not in item for item in other) and "学习体会" in other[0]


def discussion_of_parts(view) -> list[str]:
    """The 讨论题 on the speech's parts, in order (the last one is on the whole speech)."""
    return questions.discussion(view)[: len(view.speech.parts)]


def test_a_speech_without_terms_or_points_is_asked_about_what_it_quotes(library):
    """The benchmark's 101 speeches of People's Daily text had no fill-in question at all (no glossary term of
    theirs, no 一要 or 一是): a speech the model offers nothing is asked about the phrases it puts in quotation
    marks, one question a section; a speech with nothing quoted either (fixture 16) has none."""
    for view in library.views():
        items = questions.questions(view)
        offered = any(s.points for p in view.speech.parts for s in p.sections) or any(e.quote for e in view.glossary)
        if offered:
            continue
        text = questions.speech_text(view)
        assert all(text[q.position - 1] == "“" and text[q.position + len(q.answer)] == "”" for q in items), view.slug
        sections = [places.section_of(view, q.before + q.answer + q.after) for q in items]
        assert len({s.anchor for s in sections if s}) == len(items), view.slug
    assert questions.questions(library.view("f15")) and not questions.questions(library.view("f16"))


def test_each_word_file_is_named_for_its_own_page(library):
    """f15/opening.docx was titled “《人民日报一九九八年一月选段》人民日报一九九八年一月选段” (an opening
    page's title is the speech's): each file's title is its speech's and its page's name, 开场白 and 结束语 by
    their labels."""
    from speech_study.render import word

    titles = {}
    for name, (owner, page, _) in word.targets(library).items():
        title = word.metadata(library, owner, page).title
        speech = owner.speech.title
        assert title == speech or (title.startswith(book_title(speech)) and title != f"{book_title(speech)}{speech}"), (
            name,
            title,
        )
        titles[name] = title
    assert titles["f15/opening"] == "《人民日报一九九八年一月选段》开场白", titles["f15/opening"]


def test_the_shared_pages_name_the_speech_they_speak_of(library):
    """A reader who opens 术语表 or 来源与说明 from an imported speech sees that speech's title in the header; the
    pages said “见讲话开头；第一部分（一）” of the site's own speech and “本站收录的是讲话《……》的全文” (a reader of
    fixture 15). In a library every place names its speech, and 来源与说明 says which speech its “讲话” is."""
    from speech_study.render import about_page, glossary_page

    names = places.all_paper_names(library)
    for view in library.views():
        for page in view.speech_pages():
            assert names[page.src_uri].startswith(book_title(view.title)), page.src_uri
    for entry in library.glossary:
        said = places.references(library.all_occurrences(entry), names)
        assert all(group.startswith("《") for group in said.split("；") if said), (entry.id, said)
    assert glossary_page.intro(library)[0].startswith("文库各篇讲话中的提法和口号，按讲话在文库中的顺序")
    about = about_page.render(library)
    assert f"本站收录了{chinese(len(library.views()), '篇')}讲话" in about and "[文库](library.md)" in about
    assert f"其中的第一篇{book_title(library.speech.title)}" in about and "本站收录的是" not in about
    # fixture 02 has no notice: not every other speech carries one
    assert "其他各篇原文有声明的，也都带有各自的声明。" in about


def test_the_self_test_lists_in_its_contents_only_what_the_screen_shows(library):
    """The desktop's table of contents listed 学习自测答案, a heading hidden on screen (the key is printed only): a
    link that went nowhere (a reader on a desktop). The key's title is no heading; the key is still there."""
    import markdown

    from speech_study.adapters import markdown_ext

    markdown_ext._load.cache_clear()
    for slug in ("f01", "f15"):
        page = f"# 学习自测 {{ #self-test .handout-name }}\n\n<!-- study:self-test {slug} -->\n"
        md = markdown.Markdown(
            extensions=[*ENGINE_EXTENSIONS, "toc", markdown_ext.makeExtension(root=str(library.root))]
        )
        html = md.convert(page)
        listed = [t["name"] for top in md.toc_tokens for t in [top, *top["children"]]]
        assert "学习自测答案" not in listed and 'id="answers">学习自测答案<' in html, (slug, listed)


def test_the_about_page_ends_its_sentence_whichever_speeches_have_notices(tmp_path):
    """A library whose other speeches have no notice (fixture 02 alone): 来源与说明 ended “……都带有这一声明，”."""
    from speech_study.render import about_page

    project = copy_sources(tmp_path / "project")
    fixture = next(path for path in FIXTURES if path.name.startswith("02-"))
    importer.apply(project, importer.plan(project, fixture, "f02"))
    said = about_page.render(Project.load(project))
    assert said.endswith("都带有这一声明。") and "，。" not in said and "其他各篇" not in said, said


def test_a_shared_link_s_preview_says_only_what_the_site_has_for_the_speech(library):
    """The description a chat app shows under a link: the speech's name in 书名号 as the site's prose writes it
    (a title naming a book in 〈〉 inside), and 术语解释 only for a speech some glossary entry explains."""
    from speech_study.postbuild.library_frame import description

    said = {view.slug: description(library, view) for view in views(library)}
    for view in views(library):
        features = said[view.slug].split("：", 1)[1]
        assert said[view.slug] == f"讲话{book_title(view.title)}全文学习网站：{features}"
        assert ("术语解释" in features) == bool(library.entries_for(view.slug)), (view.slug, features)
    # among the fixtures: speeches whose words the glossary explains, and speeches it does not
    assert {"术语解释" in d for d in said.values()} == {True, False}, said
    # the site's own speech's is the one mkdocs.yml writes: the hand-written sentence holds for it
    assert library.config["site_description"] == description(library, library.view())


def test_the_glossary_says_whose_sections_an_entry_of_one_speech_links(library):
    """Found by a reader: in a library, “链接到讲话中……提到它的每一小节” was read as every speech's, though an entry
    that quotes one speech to explain its words links that speech's sections only (“两新”组织 in another speech is
    not linked). The introduction says so, and it holds: every place linked is in a speech that holds the quote."""
    from speech_study.render import glossary_page

    _, screen, _ = glossary_page.intro(library)
    assert "照录某篇讲话原文来解释的条目，只链接那一篇讲话里的" in screen, screen
    quoting = [e for e in library.glossary if e.quote]
    assert quoting
    for entry in quoting:
        for place in library.all_occurrences(entry):
            slug = library.speech_of_uri(place.src_uri)
            assert entry.quote in library.texts[slug].text or entry.speech == slug, (entry.id, place.src_uri)
