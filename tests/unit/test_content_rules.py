"""Careless or hostile edits end in a one-line error naming the file, the entry and the problem.

Fast tier: the model, the glossary rules, the front-matter schema, the
renderers' escaping, the fidelity comparison and the switches, without a build.
"""

from __future__ import annotations

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from sitetext import ROOT
from test_glossary import GOOD

from speech_study import sources
from speech_study.errors import ContentError
from speech_study.fidelity import compare
from speech_study.glossary import Entry, parse
from speech_study.pages import check_meta, split_front_matter
from speech_study.project import Project
from speech_study.render import glossary_page
from speech_study.settings import Settings
from speech_study.terms import NUMERALS, TermMatcher

SPEECH = (ROOT / "source" / "speech.txt").read_text(encoding="utf-8")


def error(*raw) -> str:
    with pytest.raises(ContentError) as err:
        parse(yaml.safe_dump(list(raw), allow_unicode=True), SPEECH, name="glossary.yml")
    return str(err.value)


# --- glossary data is text -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("explanation", "<script>alert(1)</script>", "<s"),
        ("explanation", '<a href="https://evil.example/">点此下载</a>', "<a"),
        ("explanation", "见图<img src=x onerror=alert(1)>", "<i"),
        ("explanation", "点[这里](https://evil.example/)", "]("),
        ("explanation", "&lt;b&gt;", "&lt;"),
        ("parts", ["<script>alert(1)</script>"], "<s"),
    ],
)
def test_markup_in_a_field_is_an_error_naming_entry_and_field(field, value, shown):
    message = error({**GOOD, field: value})
    assert message.startswith("glossary.yml：第1条（id: sida，term: 四大）：")
    assert f"字段“{field}”含有标记“{shown}" in message
    assert "\n" not in message


def test_markup_in_the_official_source_names_the_nested_field():
    raw = {k: v for k, v in GOOD.items() if k != "quote"}
    raw["official"] = {"wording": "责任大", "source": "《准则》<script>alert(1)</script>"}
    assert "字段“official.source”含有标记" in error(raw)


def test_a_key_given_twice_is_an_error_with_its_line():
    text = "- id: sida\n  term: 四大\n  explanation: 一\n  explanation: 二\n"
    with pytest.raises(ContentError) as err:
        parse(text, SPEECH, name="glossary.yml")
    assert str(err.value) == "glossary.yml：第4行：键“explanation”出现了两次（后面的值会悄悄覆盖前面的）"


def test_a_gbk_file_is_named_with_its_line_and_no_traceback(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_bytes("- id: sida\n  term: 四大\n".encode("gbk"))
    with pytest.raises(ContentError) as err:
        sources.read_text(path)
    assert str(err.value) == "glossary.yml：第2行不是 UTF-8 文字（看来是 GBK/GB18030 编码；请另存为 UTF-8）"


def test_bytes_that_are_no_encoding_at_all_are_named_with_their_line(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_bytes(b"- id: a\n\n  term: \xff\xfe\xff\n")
    with pytest.raises(ContentError, match=r"^glossary.yml：第3行不是 UTF-8 文字（请另存为 UTF-8）$"):
        sources.read_text(path)


def test_a_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "x.yml"
    path.write_bytes(b"\xef\xbb\xbf" + "四大".encode())
    assert sources.read_text(path) == "四大"


def test_a_term_longer_than_a_term_is_refused():
    form = "基层党组织是党最贴近人民群众的一级组织，是主题教育宣传联系群众的"
    message = error({**GOOD, "forms": [form]})
    assert f"forms 中的“{form}”有{len(form)}个字，术语最多24个字" in message


# --- no silent loss: one matcher for tooltips and occurrences -------------------------------


def entry(id_, *forms, contains=(), exclude=()) -> Entry:
    return Entry(id_, forms[0], tuple(forms), (), None, "解释", None, "x", "y", tuple(exclude), tuple(contains))


def test_a_longer_term_hiding_a_shorter_one_names_both_entries():
    matcher = TermMatcher([entry("long", "基层党组织书记"), entry("short", "党组织书记")])
    with pytest.raises(ContentError) as err:
        matcher.check_hidden([("docs/index.md#title", "作为基层党组织书记，要")])
    message = str(err.value)
    assert message.startswith("glossary.yml：词条“long”（基层党组织书记）：")
    assert "遮住了词条“short”（党组织书记）的“党组织书记”" in message and "docs/index.md#title" in message
    assert "contains: [short]" in message


def test_overlapping_terms_are_caught_too():
    matcher = TermMatcher([entry("a", "基层党组织"), entry("b", "党组织书记")])
    with pytest.raises(ContentError, match="“基层党组织”在 docs/x.md#y 遮住了词条“b”（党组织书记）的“党组织书记”"):
        matcher.check_hidden([("docs/x.md#y", "基层党组织书记")])


def test_a_declared_nesting_is_accepted_and_counts_for_both():
    long, short = entry("long", "四大三苦", contains=["short"]), entry("short", "四大")
    matcher = TermMatcher([long, short])
    matcher.check_hidden([("x", "面对“四大三苦”，“四大”即")])
    (first, second) = matcher.terms("面对“四大三苦”，“四大”即")
    assert matcher.entries_in(first) == [long, short] and matcher.entries_in(second) == [short]


def test_an_excluded_phrase_is_no_occurrence():
    leader = entry("daitouren", "带头人", exclude=["又当学习的带头人"])
    matcher = TermMatcher([leader])
    assert [m.text for m in matcher.terms("做班子里的带头人，又当学习的带头人")] == ["带头人"]


FORMS = ["四大三苦", "四大", "三苦", "一把手", "十四大以来", "五个通气", "二十"]  # numeral-initial and not


def leftmost_longest(forms: list[str], text: str) -> list[tuple[int, str]]:
    """What the matcher must find, by hand: at each place the longest form, a numeral-initial one never right
    after a numeral (the 四大 of 十四大 is the tail of a number), then on after it."""
    found, i = [], 0
    while i < len(text):
        fits = [f for f in forms if text.startswith(f, i) and not (f[0] in NUMERALS and i and text[i - 1] in NUMERALS)]
        if fits:
            best = max(fits, key=len)
            found.append((i, best))
            i += len(best)
        else:
            i += 1
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*FORMS, "十", "四", "大", "三", "1", "４", "党的", "，"]), max_size=12))
def test_a_term_after_a_numeral_is_part_of_a_number(pieces):
    """Found by a reader of a People's Daily text: every 十四大 (the 14th Congress) carried the tooltip of 四大
    (四大三苦's 四大: 责任大、权力大……)."""
    text = "".join(pieces)
    matcher = TermMatcher([entry(f"t{i}", form) for i, form in enumerate(FORMS)])
    assert [(m.start, m.text) for m in matcher.matches(text)] == leftmost_longest(FORMS, text)


def test_the_real_glossary_hides_nothing_undeclared_and_tooltips_match_occurrences():
    project = Project.load(ROOT)
    for section in project.sections():
        entries = {e.id for m in project.matcher.terms(section.text) for e in project.matcher.entries_in(m)}
        listed = {e.id for e in project.glossary if section in project.all_occurrences(e)}
        assert entries == listed, section.label


# --- the front-matter schema -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ({"study": "outlines"}, "front matter 的键“study”未知；可用的键：title、label、speech"),
        ({"print": "whol"}, "front matter 的“print: whol”不允许，应为：whole"),
        ({"pdf": "Part 1"}, "front matter 的“pdf: Part 1”不允许，应为：小写 ASCII 名字"),
        # any character is text (the templates escape names: overrides/mkdocs/partials/name.html); a title is one line
        ({"title": ["两行", "标题"]}, "front matter 的“title: ['两行', '标题']”不允许，应为：一行文字"),
        (
            {"hide": ["tocs"]},
            "front matter 的“hide: ['tocs']”不允许，应为：由 navigation、toc、footer、path 组成的列表",
        ),
    ],
)
def test_front_matter_schema_names_page_key_and_allowed_values(meta, message):
    with pytest.raises(ContentError) as err:
        check_meta(meta, "docs/outline.md")
    assert str(err.value).startswith(f"docs/outline.md：{message}")


def test_front_matter_duplicate_key_names_the_page_and_line():
    with pytest.raises(ContentError, match=r"^docs/a.md：第3行：键“title”出现了两次"):
        split_front_matter("---\ntitle: 一\ntitle: 二\n---\n# 一 { #a }\n", "docs/a.md")


def test_an_unknown_marker_stops_the_project(tmp_path):
    project = copy_sources(tmp_path)
    page = project / "docs" / "outline.md"
    page.write_text(page.read_text(encoding="utf-8").replace("study:outline", "study:outlines"), encoding="utf-8")
    with pytest.raises(ContentError, match=r"^docs/outline.md：未知标记 <!-- study:outlines -->；可用的标记："):
        Project.load(project)


def test_a_speech_page_outside_any_speech_stops_the_project(tmp_path):
    """`speech: true` on a page in a folder no speech owns: one line naming it (it was a traceback in the library's
    index, found by a review), as every other bad page is."""
    project = copy_sources(tmp_path)
    (project / "docs" / "misc").mkdir()
    (project / "docs" / "misc" / "extra.md").write_text(
        "---\nspeech: true\n---\n\n# 附录 { #fulu }\n\n一段话。\n", encoding="utf-8"
    )
    with pytest.raises(ContentError, match=r"^docs/misc/extra.md：写了 `speech: true`，但这一页不在任何一篇讲话里"):
        Project.load(project)


def copy_sources(tmp_path):
    import shutil

    for name in ("docs", "source"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("mkdocs.yml", "glossary.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def test_every_source_is_read_once(monkeypatch):
    reads: list[str] = []
    real = sources.read_text

    def counting(path, name=None):
        reads.append(str(path))
        return real(path, name)

    monkeypatch.setattr("speech_study.project.read_text", counting)
    monkeypatch.setattr("speech_study.pages.read_text", counting)
    project = Project.load(ROOT)
    project.check()
    assert len(reads) == len(set(reads)) == 3 + len(project.pages)


# --- renderers escape every field ---------------------------------------------------------------


def test_glossary_fields_render_as_text_even_if_validation_were_bypassed():
    project = Project.load(ROOT)
    hostile = Entry(
        "x", "<b>术语</b>", ("带头人",), ("<script>alert(1)</script>",), None,
        '<a href="https://evil.example/">点此下载</a>', "[链接](javascript:alert(1))", None, None,
    )  # fmt: skip
    html = markdown.markdown(glossary_page.entry_markdown(project, hostile, {}), extensions=["attr_list", "md_in_html"])
    assert "<script" not in html and "<b>" not in html
    assert 'href="https://evil' not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html and "&lt;a href=" in html and "[链接](javascript:alert(1))" in html


# --- fidelity -------------------------------------------------------------------------------


def test_fidelity_tells_altered_duplicated_moved_and_missing_apart():
    source = ["甲。", "乙。", "丙。", "丁。"]
    site = lambda *s: [("docs/part.md", x) for x in s]  # noqa: E731
    assert compare(source, site("甲。", "乙。", "丙。", "丁。")) is None
    altered = compare(source, site("甲。", "乙！", "丙。", "丁。"))
    assert (altered.file, altered.number) == ("docs/part.md", 2) and altered.message.startswith("被改动了")
    assert compare(source, site("甲。", "乙。", "甲。", "乙。", "丙。", "丁。")).message.startswith("之前有一句重复了")
    assert compare(source, site("甲。", "丙。", "乙。", "丁。")).message.startswith("位置不对")
    assert compare(source, site("甲。", "丙。", "丁。")).message.startswith("缺失。")
    assert compare(source, site("甲。", "乙。", "丙。")).message.startswith("缺失：网站的文字在它之前就结束了")


# --- switches ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"), [("1", True), ("true", True), ("yes", True), ("0", False), ("no", False)]
)
def test_switches_accept_the_same_spellings_everywhere(monkeypatch, value, expected):
    monkeypatch.setenv("OFFLINE", value)
    assert Settings.load().offline is expected


def test_a_misspelt_switch_is_an_error(monkeypatch):
    monkeypatch.setenv("PDF_EXPORT", "ture")
    with pytest.raises(ContentError, match=r"^环境变量 PDF_EXPORT：“ture”不是可用的值；可用的值：1、true"):
        Settings.load()


def test_a_heading_without_a_readable_anchor_is_named_without_markup():
    from speech_study.postbuild import anchors
    from speech_study.postbuild.html import parse as parse_html

    html = '<article><h2 id="_1">（一）<strong>标题</strong><a class="headerlink" href="#_1">&para;</a></h2></article>'
    with pytest.raises(ContentError) as err:
        anchors.check(parse_html(html), "docs/part.md")
    assert str(err.value) == ("docs/part.md：标题“（一）标题”的锚点是“_1”；请改用小写 ASCII 锚点，如 { #daitouren }")


def test_an_engine_that_makes_an_extension_per_page_still_reads_the_sources_once(monkeypatch):
    """Zensical creates a new Markdown extension for every page; the project is loaded once."""
    from speech_study.adapters import markdown_ext

    loads = []
    real = Project.load
    monkeypatch.setattr(Project, "load", classmethod(lambda cls, *a: loads.append(a) or real(*a)))
    markdown_ext._load.cache_clear()
    for text in ("# 一、怎样抓好班子建设 { #banzi-jianshe }\n\n权力是把双刃剑。", "# 术语表 { #glossary }\n"):
        html = markdown.markdown(text, extensions=["attr_list", markdown_ext.makeExtension(root=str(ROOT))])
    assert len(loads) == 1 and "<h1" in html


def test_the_outline_lists_a_formula_only_under_the_speech_that_spells_it_out():
    """An entry of every speech (no `speech:`) quotes one of them: another speech's outline leaves it out."""
    from types import SimpleNamespace

    from speech_study.render import outline

    project = Project.load(ROOT)
    own = outline.formulas(project)
    assert any(f.term == "四大三苦" for fs in own.values() for f in fs)
    # a speech that uses the words 四大三苦 but not the quote: its sections are another text
    other = SimpleNamespace(
        glossary=project.glossary,
        sections=lambda: [SimpleNamespace(text="面对“四大三苦”，我们要迎难而上。", anchor="a")],
    )
    assert outline.formulas(other) == {}


def test_a_docs_file_where_the_build_writes_a_word_or_pdf_file_stops_the_build(tmp_path):
    """A file in docs/ at the path of a Word or PDF file the build writes (docx/speech.docx): one line naming it.
    Which of the two was published depended on the order they were written in (found by a review once the Word
    files were written beside MkDocs' copying). Zensical's adapter refuses it too, before Zensical runs."""
    from speech_study.adapters import zensical
    from speech_study.postbuild import pipeline

    project = copy_sources(tmp_path)
    loaded = Project.load(project)
    pipeline.check_not_planned(loaded, {"docx/other.docx": "docs/docx/other.docx", "index.html": "docs/index.md"})
    line = "^docs/docx/speech.docx：与构建生成的文件“docx/speech.docx”同名，会被覆盖或覆盖它；请改名，或移到别的文件夹$"
    with pytest.raises(ContentError, match=line):
        pipeline.check_not_planned(loaded, {"docx/speech.docx": "docs/docx/speech.docx"})
    # the same file on Windows and macOS; a folder of its name; a file where its folder goes (found by a review)
    for dest in ("DOCX/Speech.docx", "docx/speech.docx/note.txt", "docx", "pdf/speech.pdf"):
        with pytest.raises(ContentError, match=f"^docs/{dest}：与构建生成的文件“"):
            pipeline.check_not_planned(loaded, {dest: f"docs/{dest}"})
    (project / "docs" / "docx").mkdir()
    (project / "docs" / "docx" / "speech.docx").write_bytes(b"PK")
    with pytest.raises(ContentError, match=line):
        zensical.build(project, tmp_path / "out")
    # left out of the build as MkDocs leaves it out (Zensical reads the same settings): no clash (found by a review)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for setting in ("exclude_docs: /docx/", "draft_docs: |\n  docx/speech.docx"):
        config.write_text(text + f"\n{setting}\n", encoding="utf-8")
        assert "docx/speech.docx" not in zensical.copied_docs(Project.load(project), project)
    config.write_text(text + "\nexclude_docs: /pdf/\n", encoding="utf-8")
    assert zensical.copied_docs(Project.load(project), project)["docx/speech.docx"] == "docs/docx/speech.docx"


def test_a_key_with_a_full_width_colon_is_named_at_its_own_line():
    """Found by a tester: `explanation： …` (Notepad with a Chinese input method) on line 31 of glossary.yml was
    reported “第32行：缺少“:””, the line after it."""
    from speech_study import yamlfile

    lines = ["- id: a", "  term: 甲", "  explanation: 解释", "  quote: x", "- id: b", "  term: 乙"]
    for at in (1, 2, 3):  # 0-based: the key's colon made full-width on that line
        broken = [line.replace(": ", "： ", 1) if n == at else line for n, line in enumerate(lines)]
        with pytest.raises(ContentError) as refused:
            yamlfile.load("\n".join(broken) + "\n", "glossary.yml")
        assert str(refused.value).startswith(f"glossary.yml：第{at + 1}行：缺少“:”"), (at, str(refused.value))
