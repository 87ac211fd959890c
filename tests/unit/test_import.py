"""scripts/import_speech.py: a .txt or .docx speech in, its source, pages, kept anchors and a report out.

Every file is made here (speechfiles.py); nothing is downloaded. Bad input is
one line naming the file, the line and the problem, and leaves nothing behind.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
import speechfiles
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitetext import ROOT

from speech_study import importer
from speech_study.errors import ContentError
from speech_study.postbuild.article_text import article_text
from speech_study.project import Project

SCRIPT = ROOT / "scripts" / "import_speech.py"


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project's sources (docs, source, glossary, mkdocs.yml) to import into."""
    from conftest import copy_sources

    return copy_sources(tmp_path / "project")


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args, "--root", str(project)], capture_output=True, text=True, cwd=project
    )


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_a_utf8_text_file_becomes_a_speech_of_the_library(project, tmp_path):
    source = speechfiles.write_txt(tmp_path / "讲话.txt")
    result = run(project, str(source), "--slug", "shequ")
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert f"讲话：{speechfiles.TITLE}（shequ）" in report
    assert "读作 UTF-8" in report
    assert f"作者声明：{speechfiles.NOTICE}" in report
    assert f"讲话人：{speechfiles.SPEAKER}；日期：{speechfiles.DATE}" in report
    assert "部分3；小节6；分项5；段落19；句子23" in report
    assert "结束语" in report  # the closing remarks, on a page of their own, said so
    # the source as received, byte for byte; the pages; the library page
    assert (project / "speeches/shequ/source.txt").read_bytes() == source.read_bytes()
    # the rules its structure was read by, so that every build reads it so (tests/integration/test_reading_rules.py)
    from speech_study.speech import READING

    meta = yaml.safe_load((project / "speeches/shequ/speech.yml").read_text(encoding="utf-8"))
    assert meta["reading"] == READING == 3
    pages = sorted(p.name for p in (project / "docs/shequ").iterdir())
    assert pages == [
        "closing.md",
        "index.md",
        "map.md",
        "outline.md",
        "part-1.md",
        "part-2.md",
        "part-3.md",
        "print.md",
        "self-test.md",
    ]
    assert (project / "docs/library.md").is_file()
    meta = yaml.safe_load((project / "speeches/shequ/speech.yml").read_text(encoding="utf-8"))
    assert meta["title"] == speechfiles.TITLE and meta["speaker"] == speechfiles.SPEAKER
    # the project loads it as a second speech, every heading and point with its anchor
    loaded = Project.load(project)
    assert [v.slug for v in loaded.views()] == ["main", "shequ"]
    view = loaded.view("shequ")
    assert view.speech.notice == speechfiles.NOTICE
    anchors = view.anchors()
    for part in view.speech.parts:
        for text in [part.title] + [s.title for s in part.sections] + [p.lead for s in part.sections for p in s.points]:
            assert text in anchors, text


def test_part_page_as_the_current_pages_are(project, tmp_path):
    run(project, str(speechfiles.write_txt(tmp_path / "s.txt")), "--slug", "shequ")
    part1 = (project / "docs/shequ/part-1.md").read_text(encoding="utf-8")
    assert part1.startswith("---\ntitle: 一、提高认识，把社区治理摆上重要位置\nspeech: true\npdf: shequ/part-1\n---\n")
    assert "\n# 一、提高认识，把社区治理摆上重要位置 { #" in part1
    assert "\n## （一）要看到社区治理的新变化。 { #" in part1
    # a point: its lead in bold, its anchor on the line after the paragraph
    assert "\n**一要看清人口结构的变化。**老年人口占比上升" in part1
    lines = part1.splitlines()
    lead = next(i for i, line in enumerate(lines) if line.startswith("**一要"))
    assert lines[lead + 1].startswith("{ #") and lines[lead + 1].endswith(" }")


def test_anchors_are_ascii_pinyin_and_kept_across_imports(project, tmp_path):
    source = speechfiles.write_txt(tmp_path / "s.txt")
    run(project, str(source), "--slug", "shequ")
    store = project / "speeches/shequ/anchors.yml"
    first = yaml.safe_load(store.read_text(encoding="utf-8"))["anchors"]
    assert first["一、提高认识，把社区治理摆上重要位置"] == "tigao-renshi-bashe"
    assert all(a.isascii() and a == a.lower() for a in first.values())
    # a corrected text: one heading reworded, one point added
    revised = speechfiles.TEXT.replace("要看到社区治理的新变化", "要看清社区治理的新变化").replace(
        "（二）要把信息用起来。", "（二）要把信息用起来。一要用好数据。二要守住底线。"
    )
    speechfiles.write_txt(source, revised)
    result = run(project, str(source), "--slug", "shequ")
    assert result.returncode == 0, result.stderr
    second = yaml.safe_load(store.read_text(encoding="utf-8"))["anchors"]
    # every name ever given is kept, with its value; the new headings get new ones
    assert {k: second[k] for k in first} == first
    assert len(second) > len(first)
    new = second["二、突出重点，扎实推进网格化管理 › （二）要把信息用起来。 › 一要用好数据。"]
    assert new not in first.values()
    part1 = (project / "docs/shequ/part-1.md").read_text(encoding="utf-8")
    assert (
        "{ #"
        + first["一、提高认识，把社区治理摆上重要位置 › （一）要看到社区治理的新变化。 › 一要看清人口结构的变化。"]
        in part1
    )


@pytest.mark.parametrize(
    "heading, name",
    [
        ("（三）１９９８。", "1998"),  # no Chinese: its full-width digits, as ASCII (was "section")
        ("（三）１２．５％", "12-5"),
        ("（四）ＷＴＯ与我们", "yu-women"),  # Chinese: its pinyin, as before
        ("二、１９９８年", "nian"),
        ("（五）……", "section"),  # nothing to name it by
    ],
)
def test_a_heading_without_chinese_is_named_by_its_letters_and_digits_in_any_width(heading, name):
    from speech_study.importer.name import pinyin_name

    assert pinyin_name(heading) == name


def test_a_title_without_chinese_gives_the_slug_it_gave_before(project, tmp_path):
    """The slug is found again from the title at each import without --slug: a title of full-width letters alone
    still gives "section" (read as ASCII it gave "wto", and the same speech imported again was a second one)."""
    from speech_study.importer.name import default_slug

    assert default_slug("ＷＴＯ") == "section"
    source = speechfiles.write_txt(tmp_path / "s.txt")
    first = run(project, str(source), "--title", "ＷＴＯ", "--slug", "section")  # as the earlier code named it
    assert first.returncode == 0, first.stderr
    again = run(project, str(source), "--title", "ＷＴＯ")
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in (project / "speeches").iterdir()) == ["section"]


def test_running_twice_changes_nothing(project, tmp_path):
    source = speechfiles.write_txt(tmp_path / "s.txt")
    assert run(project, str(source), "--slug", "shequ").returncode == 0
    before = snapshot(project)
    again = run(project, str(source), "--slug", "shequ")
    assert again.returncode == 0 and "没有变化" in again.stdout
    assert snapshot(project) == before


def test_a_gb18030_file_is_read_and_the_encoding_stated(project, tmp_path):
    # 𠀀 (U+20000) is outside GBK: only GB18030 has it
    text = speechfiles.TEXT.replace("城东街道党工委", "城东街道党工委𠀀")
    source = speechfiles.write_txt(tmp_path / "gb.txt", text, "gb18030")
    result = run(project, str(source), "--slug", "gb")
    assert result.returncode == 0, result.stderr
    assert "读作 GB18030" in result.stdout
    assert (project / "speeches/gb/source.txt").read_text(encoding="utf-8") == text
    gbk = speechfiles.write_txt(tmp_path / "gbk.txt", encoding="gbk")
    assert "读作 GBK" in run(project, str(gbk), "--slug", "gbk").stdout


def test_a_docx_is_read_as_the_reader_sees_it_and_its_extras_listed(project, tmp_path):
    source = speechfiles.write_docx(tmp_path / "讲话.docx")
    result = run(project, str(source), "--slug", "shequ")
    assert result.returncode == 0, result.stderr
    text = (project / "speeches/shequ/source.txt").read_text(encoding="utf-8")
    assert text == speechfiles.text_as_read_from_docx()
    assert speechfiles.INSERTED + "主要任务" in text and speechfiles.DELETED not in text
    report = result.stdout
    assert "修订：保留插入1处；删除1处（8字）" in report
    assert "表格1处" in report and "2行 × 2列" in report and "指标目标网格数120 个" in report
    assert "脚注1处" in report and "数据来源：街道统计。" in report
    assert "批注1处" in report and "这里要不要加数据？" in report
    assert "图片1处" in report
    assert "部分3；小节6；分项5" in report


BAD = {
    "empty": ("empty.txt", b"", "empty.txt，第1行：文件是空的"),
    "blank lines only": ("blank.txt", "\n \n\u3000\n".encode(), "blank.txt，第1行：文件里没有文字"),
    "an old Word file": ("old.doc", b"\xd0\xcf\x11\xe0", "old.doc：这是旧版 Word 的 .doc 文件"),
    "a PDF": ("s.pdf", b"%PDF-1.4", "s.pdf：这是PDF 文件"),
    "not UTF-8 nor GBK": (
        "bad.txt",
        "标题\n".encode() + b"\xff\xfe\xfd\n",
        "bad.txt，第2行：这一行既不是 UTF-8 也不是 GBK/GB18030 编码",
    ),
    "no structure": (
        "flat.txt",
        "标题\n同志们：\n今天讲几点意见。\n".encode(),
        "flat.txt：全文没有找到部分标题",  # no line is the cause (it named the line after the title)
    ),
    "a part's number alone on its line": (  # the People's Daily's form: found by a reader, told “no part headings”
        "bare.txt",
        "标题\n李瑞环\n各位同志：\n今天讲几点意见。\n一\n第一段的内容。\n二\n第二段的内容。\n".encode(),
        "bare.txt，第5行：部分的编号“一”后面没有标题",
    ),
    "a gap in the parts": (
        "gap.txt",
        speechfiles.TEXT.replace("三、强化保障", "四、强化保障").encode(),
        "gap.txt，第17行：各部分的编号是一、二、四，应为一、二、三",
    ),
    "a repeated section": (
        "repeat.txt",
        speechfiles.TEXT.replace("（二）要找准工作中的短板", "（一）要找准工作中的短板").encode(),
        "repeat.txt，第10行：“一、提高认识，把社区治理摆上重要位置”各小节的编号是一、一，应为一、二",
    ),
    "a docx that is not one": ("fake.docx", b"not a zip", "fake.docx：这不是 Word .docx 文件"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_one_line_naming_file_and_line_and_nothing_is_written(project, tmp_path, case):
    name, data, message = BAD[case]
    source = tmp_path / name
    source.write_bytes(data)
    before = snapshot(project)
    result = run(project, str(source), "--slug", "bad")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith(f"错误：{source}") and message in lines[0], lines[0]
    assert snapshot(project) == before  # nothing half-written, nothing left behind


def test_a_bad_slug_is_refused(project, tmp_path):
    source = speechfiles.write_txt(tmp_path / "s.txt")
    (project / "overrides/assets").mkdir(parents=True)
    refused = (
        ("Bad Name", "只能用小写英文字母、数字和连字符"),
        ("", "只能用小写英文字母、数字和连字符"),  # given empty: refused, not the title's (it was)
        ("main", "网站自己使用的名字"),
        ("glossary", "网站自己使用的名字"),
        ("about", "网站自己使用的名字"),
        ("part-1-leadership-team", "与网站已有的 docs/part-1-leadership-team.md 重名"),
        ("assets", "网站自己使用的名字"),
        ("con", "Windows 保留的文件名"),
        ("nul", "Windows 保留的文件名"),
        ("com1", "Windows 保留的文件名"),
        ("lpt9", "Windows 保留的文件名"),
        ("x" * 41, "太长"),
        ("shequ.", "只能用小写英文字母"),
        ("shequ ", "只能用小写英文字母"),
    )
    for slug, message in refused:
        result = run(project, str(source), "--slug", slug)
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 1 and len(lines) == 1 and message in lines[0], (slug, result.stderr)
        assert lines[0].startswith("错误：--slug")
    assert not (project / "speeches").exists()


def test_the_files_of_two_speeches_never_share_a_name(project, tmp_path):
    """x and x-part-1 used to share x-part-1.docx; --slug speech replaced the site's own speech.docx."""
    source = speechfiles.write_txt(tmp_path / "s.txt")
    for slug in ("x", "x-part-1", "speech"):
        result = run(project, str(source), "--slug", slug, "--replace")
        assert result.returncode == 0, result.stderr
    loaded = Project.load(project)
    files = [p.meta["pdf"] for p in loaded.pages if p.meta.get("pdf")]
    assert len(files) == len(set(files))
    for page in loaded.pages:
        own = loaded.speech_of_uri(page.src_uri)
        if page.meta.get("pdf") and own not in (None, "main"):
            assert page.meta["pdf"].startswith(f"{own}/"), page.src_uri
    # the site's own speech keeps its file names
    site = Project.load(ROOT)
    assert {p.meta["pdf"] for p in site.pages if p.meta.get("pdf")} <= set(files)


def test_a_page_naming_a_file_outside_its_speech_stops_the_build(project, tmp_path):
    run(project, str(speechfiles.write_txt(tmp_path / "s.txt")), "--slug", "shequ")
    page = project / "docs/shequ/part-1.md"
    page.write_text(page.read_text(encoding="utf-8").replace("pdf: shequ/part-1", "pdf: speech"), encoding="utf-8")
    with pytest.raises(ContentError, match=r"docs/shequ/part-1\.md：'pdf: speech' 应是shequ/ 文件夹里的文件"):
        Project.load(project)


def test_another_speech_under_a_taken_slug_is_refused_unless_replace(project, tmp_path):
    run(project, str(speechfiles.write_txt(tmp_path / "s.txt")), "--slug", "shequ")
    before = snapshot(project)
    other = ROOT / "tests/fixtures/import/01-notice-with-full-stop.txt"
    result = run(project, str(other), "--slug", "shequ")
    assert result.returncode == 1
    assert "只有0/" in result.stderr and "像是另一篇讲话" in result.stderr and "--replace" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(project) == before
    # a revision (one sentence changed) is the same speech
    revised = speechfiles.write_txt(tmp_path / "r.txt", speechfiles.TEXT.replace("摆上重要位置", "放在重要位置"))
    assert run(project, str(revised), "--slug", "shequ").returncode == 0
    result = run(project, str(other), "--slug", "shequ", "--replace")
    assert result.returncode == 0, result.stderr
    assert "怎么做新时代合格的基层党组织书记" in (project / "speeches/shequ/speech.yml").read_text(encoding="utf-8")


def test_hand_edits_to_speech_yml_are_kept_unless_the_text_says_otherwise(project, tmp_path):
    text = speechfiles.TEXT.replace(speechfiles.SPEAKER + "\n", "").replace(speechfiles.DATE + "\n", "")
    source = speechfiles.write_txt(tmp_path / "s.txt", text)
    run(project, str(source), "--slug", "shequ")
    meta_file = project / "speeches/shequ/speech.yml"
    meta = yaml.safe_load(meta_file.read_text(encoding="utf-8"))
    assert "speaker" not in meta and "date" not in meta
    edited = meta_file.read_text(encoding="utf-8") + "speaker: 城东街道党工委书记 李明\ndate: 2024年3月\n"
    meta_file.write_text(edited, encoding="utf-8")
    # the same text again: the hand edits stay
    result = run(project, str(source), "--slug", "shequ")
    assert result.returncode == 0, result.stderr
    meta = yaml.safe_load(meta_file.read_text(encoding="utf-8"))
    assert meta["speaker"] == "城东街道党工委书记 李明" and meta["date"] == "2024年3月"
    # and the report says so (it said 讲话人：（未知）, found by a tester)
    kept = "（沿用 speech.yml 里原有的）"
    assert f"讲话人：城东街道党工委书记 李明{kept}；日期：2024年3月{kept}" in result.stdout
    # a text that states a date: the text's, and a line for a look
    dated = speechfiles.write_txt(tmp_path / "d.txt", text.replace("同志们：\n", "2024年3月5日\n同志们：\n", 1))
    result = run(project, str(dated), "--slug", "shequ")
    assert result.returncode == 0, result.stderr
    meta = yaml.safe_load(meta_file.read_text(encoding="utf-8"))
    assert meta["date"] == "2024年3月5日" and meta["speaker"] == "城东街道党工委书记 李明"
    assert f"讲话人：城东街道党工委书记 李明{kept}；日期：2024年3月5日\n" in result.stdout
    assert "请核对：speech.yml 里的日期是“2024年3月”，新文本写的是“2024年3月5日”" in result.stdout


def test_a_failure_while_writing_leaves_the_previous_import(project, tmp_path, monkeypatch):
    source = speechfiles.write_txt(tmp_path / "s.txt")
    plan = importer.plan(project, source, "shequ")
    importer.apply(project, plan)
    before = snapshot(project)
    revised = importer.plan(project, speechfiles.write_txt(source, speechfiles.TEXT.replace("今天", "本日")), "shequ")
    real = importer.os.replace
    calls = []

    def failing(src, dst):
        calls.append(dst)
        if len(calls) == 3:  # after the old folders moved aside and one new one moved in
            raise OSError("disk full")
        return real(src, dst)

    monkeypatch.setattr(importer.os, "replace", failing)
    with pytest.raises(ContentError, match="已恢复原样"):
        importer.apply(project, revised)
    monkeypatch.setattr(importer.os, "replace", real)
    after = snapshot(project)
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in before.items()}


def test_without_a_title_line_the_title_comes_from_the_file_name_or_the_command_line(project, tmp_path):
    text = "\n".join(speechfiles.LINES[4:]) + "\n"  # no notice, no title, no speaker: 同志们 first
    source = speechfiles.write_txt(tmp_path / "社区治理讲话.txt", text)
    result = run(project, str(source), "--slug", "notitle")
    assert result.returncode == 0, result.stderr
    assert "讲话：社区治理讲话（notitle）" in result.stdout
    assert "请核对：第1行“同志们：…”不像标题：按没有标题行处理，标题暂用文件名“社区治理讲话”" in result.stdout
    result = run(project, str(source), "--slug", "notitle", "--title", "社区治理工作讲话")
    assert result.returncode == 0, result.stderr
    assert "作者声明：（无）" in result.stdout
    index = (project / "docs/notitle/index.md").read_text(encoding="utf-8")
    assert "# 社区治理工作讲话 { #title .site-added }" in index  # the site's words, not the speech's
    assert Project.load(project).view("notitle").speech.text == "".join(text.split("\n"))


def test_a_point_out_of_sequence_is_read_and_listed_for_a_look(project, tmp_path):
    source = speechfiles.write_txt(tmp_path / "points.txt", speechfiles.TEXT.replace("（2）配齐", "（3）配齐"))
    result = run(project, str(source), "--slug", "points")
    assert result.returncode == 0, result.stderr
    assert "请核对：第14行“（3）配齐专职网格员" in result.stdout
    assert "请核对：第15行“（3）建立网格事项清单" in result.stdout
    section = Project.load(project).view("points").speech.parts[1].sections[0]
    assert [p.lead for p in section.points] == ["（1）按照楼栋和院落调整网格，做到边界清楚。"]


@pytest.mark.parametrize(
    "text",
    [
        "实现“1+1>2”的效果，*亲自过问*。",
        "1. 第一条。",
        "# 不是标题",
        "- 不是列表",
        "<b>不是标签</b> & [不是链接](x.md) {#nope}",
        "!!! note 不是提示框",
        "100%的完成率\\",
    ],
)
def test_speech_text_is_never_read_as_markup(text):
    html = markdown.markdown(importer.md_text(text), extensions=["attr_list", "admonition", "md_in_html"])
    assert article_text(f"<article>{html}</article>") == text


def test_the_reader_names_the_line_of_an_error_in_a_docx(tmp_path):
    lines = list(speechfiles.LINES)
    lines[6] = "三、提高认识，把社区治理摆上重要位置"
    with pytest.raises(ContentError, match=r"s\.docx，第7行：各部分的编号是三、二、三"):
        importer.plan(tmp_path, speechfiles.write_docx(tmp_path / "s.docx", lines), "x", name=str(tmp_path / "s.docx"))


def test_a_date_written_by_hand_as_2024_03_05_is_kept_as_written(project, tmp_path):
    source = speechfiles.write_txt(tmp_path / "s.txt")
    run(project, str(source), "--slug", "shequ")
    meta_file = project / "speeches/shequ/speech.yml"
    text = meta_file.read_text(encoding="utf-8").replace(f"date: {speechfiles.DATE}", "date: 2024-03-05")
    meta_file.write_text(text.replace(f"speaker: {speechfiles.SPEAKER}", "speaker: 城东街道"), encoding="utf-8")
    assert Project.load(project).view("shequ").entry.meta["date"] == "2024-03-05"
    meta_file.write_text(text + "colour: red\n", encoding="utf-8")
    with pytest.raises(ContentError, match="speeches/shequ/speech.yml：不认识的键“colour”"):
        Project.load(project)


def test_a_title_the_library_already_has_is_listed_to_check(tmp_path):
    """Two speeches of one title: the reader could not tell them apart in 文库, search and 返回《…》."""
    from conftest import copy_sources

    project = copy_sources(tmp_path / "project")
    fixtures = Path(__file__).parents[1] / "fixtures" / "import"
    same = importer.plan(project, fixtures / "02-no-notice.txt", "two")  # titled as the site's own speech
    assert any("文库里已有同名的讲话（source/speech.txt）" in n for n in same.found.notes)
    other = importer.plan(project, fixtures / "04-title-over-two-lines-parts-bufen.txt", "one")
    assert not any("同名" in n for n in other.found.notes)
    importer.apply(project, other)
    # the very text again: said so (test_the_same_text_under_another_slug_is_named_as_the_same), not as a title
    again = importer.plan(project, fixtures / "04-title-over-two-lines-parts-bufen.txt", "one-more")
    assert any("与文库里已有的 speeches/one/ 文字完全相同" in n for n in again.found.notes)
    retitled = (fixtures / "04-title-over-two-lines-parts-bufen.txt").read_text(encoding="utf-8") + "谢谢大家！\n"
    (tmp_path / "longer.txt").write_text(retitled, encoding="utf-8")
    longer = importer.plan(project, tmp_path / "longer.txt", "one-more")
    assert any("文库里已有同名的讲话（speeches/one/）" in n for n in longer.found.notes)
    itself = importer.plan(project, fixtures / "04-title-over-two-lines-parts-bufen.txt", "one")  # imported again
    assert not any("同名" in n for n in itself.found.notes)


REFUSED_IN_OPTIONS = ["\x1b", "\x07", "\u200b", "\ufeff", "\ue000", "\u2028", "\U000e0067"]


@given(
    option=st.sampled_from(["--title", "--speaker", "--date"]),
    before=st.text(alphabet='在会议上的讲话张三2024年3月5日《》"&<> ', max_size=8),
    bad=st.sampled_from(REFUSED_IN_OPTIONS),
    after=st.text(alphabet="讲话甲乙", max_size=4),
)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_text_given_on_the_command_line_is_held_to_the_characters_the_build_takes(
    project, tmp_path, option, before, bad, after
):
    """Found by a tester: --title with an escape character imported, then the build stopped with a traceback
    (the Word files' XML refuses it); a zero-width space or a line break in --speaker or --title imported, then
    the build refused speech.yml. Now the import refuses it, in one line naming the option and the character."""
    source = speechfiles.write_txt(tmp_path / "s.txt")
    value = before + bad + after
    with pytest.raises(ContentError) as refused:
        importer.plan(project, source, "given", **{option[2:]: value})
    message = str(refused.value)
    assert message.startswith(f"{option}：第{len(before) + 1}个字是") and f"U+{ord(bad):04X}" in message, message
    assert "\n" not in message and not (project / "speeches" / "given").exists()


@pytest.mark.parametrize(("value", "said"), [("第一行\n第二行", "含有换行"), ("  ", "是空的")])
def test_a_given_text_of_two_lines_or_none_is_refused(project, tmp_path, value, said):
    source = speechfiles.write_txt(tmp_path / "s.txt")
    with pytest.raises(ContentError, match=f"^--title：{said}"):
        importer.plan(project, source, "given", title=value)


@given(parts=st.integers(min_value=98, max_value=130), sections=st.integers(min_value=1, max_value=130))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_part_section_or_point_numbered_past_ninety_nine_is_one(project, tmp_path, parts, sections):
    """Found by a tester: 一百、 after 九十九、 was read as text of part 九十九 without a word (and so （一百）
    and 100. for sections and points): the numbers went only to 九十九."""
    from speech_study.counts import chinese

    lines = ["本文仅供学习参考。", "关于很多部分的讲话", "同志们："]
    for n in range(1, parts + 1):
        lines.append(f"{chinese(n)}、第{n}部分的标题")
        if n == 1:
            lines += [f"（{chinese(k)}）第{k}小节。正文。" for k in range(1, sections + 1)]
            lines += [f"{k}.第{k}项要求。" for k in range(1, sections + 1)]
        else:
            lines.append(f"这是第{n}部分的正文。")
    source = tmp_path / "many.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    speech = importer.plan(project, source, "many").found.speech
    assert len(speech.parts) == parts and speech.parts[-1].title == f"{chinese(parts)}、第{parts}部分的标题"
    assert len(speech.parts[0].sections) == sections
    assert len(speech.parts[0].sections[-1].points) == sections


@given(
    words=st.lists(
        st.text(alphabet="学习数据C讲话" + "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", min_size=1, max_size=6),
        min_size=1,
        max_size=4,
    ),
    level=st.sampled_from(["#", "##"]),
)
@settings(max_examples=300)
def test_a_heading_with_any_ascii_punctuation_reads_back_as_written_with_its_anchor(words, level):
    """Found by a tester: “一、学习C#” lost its # (read as a heading's closing hashes), “一、用好{数据” and
    “一、注释[^1]说明” had no anchor (the escaped brace taken for the anchor's, the escaped brackets for a
    footnote), so an import the README promised went through and the next build stopped."""
    from speech_study.pages import HEADING_RE, plain

    title = "一、" + "甲".join(words)
    if title != title.strip() or "  " in title:
        return  # a heading's text is stripped and its spaces single (analyse), as every line's
    line = f"{level} {importer.md_text(title)} {{ #di-yi }}"
    html = markdown.markdown(line, extensions=["attr_list", "toc", "footnotes"])
    assert article_text(f"<article>{html}</article>") == title, (line, html)
    assert 'id="di-yi"' in html
    m = HEADING_RE.match(line)
    assert m is not None and plain(m.group(2)) == title and m.group(3) == "di-yi", line


@pytest.mark.parametrize(
    "title",
    [
        "关于学习参考消息的讲话",
        "在全市版权保护工作会议上的讲话",
        "在原创作品保护座谈会上的发言",
        "《声明》学习辅导报告",
    ],
)
def test_a_title_naming_what_a_notice_names_is_the_title_not_the_notice(project, tmp_path, title):
    """Found by a tester: a first line holding 学习参考, 版权, 原创 … was taken for the author's notice even when
    it was plainly the title (it ends as titles do), and the speaker's name became the title."""
    source = tmp_path / "t.txt"
    source.write_text(
        f"{title}\n张三\n同志们：\n一、提高认识\n正文一句。\n二、抓好落实\n正文二句。\n", encoding="utf-8"
    )
    found = importer.plan(project, source, "t").found
    assert (found.title, found.speech.notice, found.speaker) == (title, "", "张三")


def test_a_part_reworded_whole_keeps_its_page_and_every_anchor_under_it(project, tmp_path):
    """Found by a tester: a part heading reworded whole (no half of it the same) made its page a new one (part-1-2,
    the old address sent to the opening) and gave every section and point under it a new anchor, though all of them
    stood as before: what a part or section holds now says which it was."""
    source = speechfiles.write_txt(tmp_path / "s.txt")
    run(project, str(source), "--slug", "shequ")
    store = project / "speeches/shequ/anchors.yml"
    first = yaml.safe_load(store.read_text(encoding="utf-8"))
    old_part = "一、提高认识，把社区治理摆上重要位置"
    new_part = "一、切实加强领导集体自身建设"
    speechfiles.write_txt(source, speechfiles.TEXT.replace(old_part, new_part))
    result = run(project, str(source), "--slug", "shequ")
    assert result.returncode == 0, result.stderr
    second = yaml.safe_load(store.read_text(encoding="utf-8"))
    assert second["pages"][new_part] == first["pages"][old_part] == "part-1"
    under = {k.split(" › ", 1)[1]: v for k, v in first["anchors"].items() if k.startswith(old_part + " › ")}
    assert len(under) >= 3
    for rest, name in under.items():
        assert second["anchors"][f"{new_part} › {rest}"] == name, rest
    assert second["anchors"][new_part] == first["anchors"][old_part]
    assert "已不在文中" not in result.stdout and f"“{old_part}”改为“{new_part}”" in result.stdout


@pytest.mark.parametrize("numbers", [("（二）", "（三）"), ("(二)", "(三)"), ("（三）", "（四）")])
def test_a_part_whose_sections_start_past_one_is_refused_with_its_line(project, tmp_path, numbers):
    """Found by a tester: sections numbered from （二） were read as the part's text (its sections lost, only a
    “没有小节” to check); a gap is refused wherever it is, as the README says."""
    first, second = numbers
    source = tmp_path / "s.txt"
    source.write_text(
        f"本文仅供学习参考。\n关于小节的讲话\n一、第一个方面\n{first}第二小节。正文。\n{second}第三小节。正文。\n"
        "二、第二个方面\n（一）小节。正文。\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match=r"第4行：“一、第一个方面”各小节的编号是"):
        importer.plan(project, source, "s")


def test_every_folder_a_build_writes_at_the_top_of_the_site_is_a_name_no_speech_may_take():
    """Found by a tester: the slug download was taken, though the offline copy's zip is served from download/."""
    from speech_study.library import RESERVED
    from speech_study.postbuild import pipeline, search_index
    from speech_study.project import Project
    from speech_study.render import offline

    written = {offline.TARGET, search_index.SHARD_PATH, *pipeline.planned_files(Project.load(ROOT))}
    assert {path.split("/")[0] for path in written} <= RESERVED


def test_a_name_made_from_the_title_that_cannot_be_used_says_so_not_that_slug_was_given(project, tmp_path):
    source = tmp_path / "t.txt"
    source.write_text("本文仅供学习参考。\n壮壮双双窗窗闯闯\n一、第一个方面\n正文。\n", encoding="utf-8")
    with pytest.raises(ContentError) as refused:
        importer.plan(project, source)
    assert str(refused.value).startswith(
        "网址名字（没有给出 --slug，由标题得出；可用 --slug 另给一个）："
    ) and "太长" in str(refused.value)


@pytest.mark.parametrize("added", ["三、推进绿水青山建设", "三、关于生态环境保护"])
def test_a_part_deleted_and_another_added_under_the_same_generic_sections_is_not_taken_for_it(project, tmp_path, added):
    """Found by a reviewer: every part held （一）取得的成绩 （二）存在的问题 （三）下一步打算; a revision dropped
    “二、关于民生保障” and added “三、关于生态环境保护”, which took 民生保障's page and anchors (the report said
    it was reworded): a link to 民生保障 would have opened 生态环境. What every part holds says nothing, nor
    what every part's heading says alike (关于…: 关于民生保障 and 关于生态环境保护 were more than half the same)."""

    def sections(name: str) -> str:
        return (
            f"（一）取得的成绩。{name}成绩显著。\n（二）存在的问题。{name}还有短板。\n"
            f"（三）下一步打算。{name}继续努力。\n"
        )

    head = "本文仅供学习参考。\n关于几个方面的讲话\n一、关于经济发展\n" + sections("经济")
    before = head + "二、关于民生保障\n" + sections("民生") + "三、关于党的建设\n" + sections("党建")
    after = head + "二、关于党的建设\n" + sections("党建") + f"{added}\n" + sections("生态")
    source = tmp_path / "s.txt"
    source.write_text(before, encoding="utf-8")
    assert run(project, str(source), "--slug", "nz").returncode == 0
    store = project / "speeches/nz/anchors.yml"
    first = yaml.safe_load(store.read_text(encoding="utf-8"))
    source.write_text(after, encoding="utf-8")
    result = run(project, str(source), "--slug", "nz")
    assert result.returncode == 0, result.stderr
    second = yaml.safe_load(store.read_text(encoding="utf-8"))
    assert second["pages"]["二、关于党的建设"] == first["pages"]["三、关于党的建设"]  # moved up: kept
    assert second["pages"][added] not in first["pages"].values()
    assert f"{added}”：网址不变" not in result.stdout and "已不在文中" in result.stdout


@pytest.mark.parametrize(
    ("line", "title"),
    [
        # found by a reviewer: once a first line ending as titles do was taken for the title, these were too
        ("版权声明：本文系作者原创讲稿", "怎么做合格的书记"),
        ("内部资料 未经允许请勿转载的讲话", "怎么做合格的书记"),
        # found by a tester: not taken for the notice, and the title became the file name
        ("本文僅供學習參考。", "怎麼做合格的書記"),
        ("版權所有，未經許可請勿轉載", "怎麼做合格的書記"),
    ],
)
def test_a_notice_is_the_notice_however_it_ends_and_in_either_script(project, tmp_path, line, title):
    source = tmp_path / "t.txt"
    source.write_text(f"{line}\n{title}\n同志们：\n一、提高认识\n正文一句。\n二、抓好落实\n正文二句。\n", "utf-8")
    found = importer.plan(project, source, "t").found
    assert (found.speech.notice, found.title) == (line, title)


@pytest.mark.parametrize("line", ["百、千、万工程是今年的重点。", "零、一、二、三这几个档次要分清。"])
def test_a_line_beginning_with_words_like_numbers_is_text(project, tmp_path, line):
    """Found by a reviewer: with 百 and 零 among the numerals, these lines were taken for part headings and the
    import refused (各部分的编号是一、百、二)."""
    source = tmp_path / "t.txt"
    source.write_text(f"本文仅供学习参考。\n关于几点的讲话\n一、提高认识\n{line}\n二、抓好落实\n正文。\n", "utf-8")
    speech = importer.plan(project, source, "t").found.speech
    assert [p.title for p in speech.parts] == ["一、提高认识", "二、抓好落实"] and line in speech.text


@pytest.mark.parametrize(
    ("first", "second", "title", "speaker"),
    [
        # found by a tester: a name after a title cut at 上 was read as the title's end
        ("在全市经济工作会议上", "李明", "在全市经济工作会议上", "李明"),
        # found by a tester: a title cut anywhere, its second line ending as titles do, took that line for the speaker
        ("在2024年全县基层党建工作", "推进会议上的讲话", "在2024年全县基层党建工作推进会议上的讲话", ""),
        # as before: a title cut at 的, and one whose second line is only 的讲话
        ("在全市基层党组织书记培训班上的", "讲话", "在全市基层党组织书记培训班上的讲话", ""),
        ("在城东街道社区治理工作推进会上", "的讲话", "在城东街道社区治理工作推进会上的讲话", ""),
    ],
)
def test_a_title_over_two_lines_is_read_whole_and_a_name_under_it_is_the_speaker(
    project, tmp_path, first, second, title, speaker
):
    source = tmp_path / "t.txt"
    source.write_text(
        f"本文仅供学习参考。\n{first}\n{second}\n同志们：\n一、提高认识\n正文。\n二、抓好落实\n正文。\n", "utf-8"
    )
    found = importer.plan(project, source, "t").found
    assert (found.title, found.speaker) == (title, speaker)


@pytest.mark.parametrize("above", [True, False], ids=["subtitle-above-the-title", "title-in-a-table"])
def test_a_subtitle_is_never_the_title_nor_a_title_the_speaker(project, tmp_path, above):
    """Found by a tester: with the title in a table (or below its subtitle), “——在……上的讲话” became the page's
    title, and the title line under it the speaker, both kept by every later import. A line that opens with a dash
    is no title, and a line that ends as titles do (……的讲话) is no speaker; the report says what to check."""
    lines = speechfiles.TEXT.split("\n")
    subtitle = "——在2024年全市数字经济推进会上的讲话"
    lines = [lines[0], subtitle, lines[1], *lines[2:]] if above else [lines[0], subtitle, *lines[2:]]
    source = speechfiles.write_txt(tmp_path / "sub.txt", "\n".join(lines))
    plan = importer.plan(project, source, "sub")
    assert plan.found.title != subtitle and not plan.found.title.startswith("—")
    assert plan.found.speaker != speechfiles.TITLE and "讲话" not in plan.found.speaker
    report = importer.report(plan, written=False)
    assert f"第2行“{subtitle[:16]}…”不像标题" in report, report


def test_a_reworded_part_is_reported_and_its_sections_words_are_not(project, tmp_path):
    """Found by a tester: after one part's heading was reworded, the report listed each of its sections as
    “（一）……”改为“（一）……”, the same words, though only the part's changed."""
    source = speechfiles.write_txt(tmp_path / "s.txt")
    importer.apply(project, importer.plan(project, source, "s"))
    part = next(line for line in speechfiles.LINES if line.startswith("一、"))
    reworded = speechfiles.TEXT.replace(part, part + "的几点体会")
    plan = importer.plan(project, speechfiles.write_txt(tmp_path / "s2.txt", reworded), "s")
    assert len(plan.moved) == 1 and part[2:] in plan.moved[0], plan.moved
    assert all(not re.match(r"“(.*)”改为“\1”", line) for line in plan.moved), plan.moved


def test_the_same_text_under_another_slug_is_named_as_the_same(project, tmp_path):
    """Found by a tester: the same file imported under a new slug said only “文库里已有同名的讲话”, naming one of
    several copies; it now says the text is the same one, and how to import that speech again."""
    source = speechfiles.write_txt(tmp_path / "s.txt")
    importer.apply(project, importer.plan(project, source, "first"))
    again = importer.plan(
        project, speechfiles.write_txt(tmp_path / "t.txt", speechfiles.TEXT.replace("\n", "\r\n")), "second"
    )
    said = [n for n in again.found.notes if "文字完全相同" in n]
    assert said == [
        "这篇讲话与文库里已有的 speeches/first/ 文字完全相同，是不是导入了两次？（要重新导入那一篇，请用 --slug first）"
    ]
    assert not any("同名" in n for n in again.found.notes)
    other = importer.plan(project, speechfiles.write_txt(tmp_path / "u.txt", speechfiles.TEXT + "谢谢！\n"), "third")
    assert not any("文字完全相同" in n for n in other.found.notes)
    own = importer.plan(project, ROOT / "source" / "speech.txt", "copy")
    assert any("source/speech.txt 文字完全相同" in n and "那是站内的讲话" in n for n in own.found.notes)


def test_pages_saved_with_windows_line_ends_read_as_the_same_pages(project):
    """Found by a tester: a speech page saved with CRLF (WPS, older Notepad) stopped the build with “source/speech.txt：
    “一、怎样抓好班子建设”在讲话各页里没有锚点”, naming a file nobody had touched. MkDocs reads such a page as any
    other; so does the project."""
    before = Project.load(project)
    for page in (project / "docs").rglob("*.md"):
        page.write_bytes(page.read_bytes().replace(b"\n", b"\r\n"))
    after = Project.load(project)
    assert [(p.src_uri, p.title, p.meta, p.anchors()) for p in after.pages] == [
        (p.src_uri, p.title, p.meta, p.anchors()) for p in before.pages
    ]


@pytest.mark.parametrize("study", ["map.md", "outline.md", "self-test.md", "print.md"])
def test_a_study_page_deleted_by_hand_stops_the_build_and_the_import_writes_it_again(project, tmp_path, study):
    """Found by a tester: docs/f01/map.md deleted, the build went on and /f01/map/, a published address, was gone."""
    source = speechfiles.write_txt(tmp_path / "s.txt")
    importer.apply(project, importer.plan(project, source, "s"))
    (project / "docs" / "s" / study).unlink()
    with pytest.raises(ContentError) as refused:
        Project.load(project)
    said = str(refused.value)
    assert said.startswith(f"docs/s/{study}：这篇讲话的这一页不见了") and "--slug s" in said, said
    importer.apply(project, importer.plan(project, project / "speeches" / "s" / "source.txt", "s"))
    assert (project / "docs" / "s" / study).is_file()
    Project.load(project)


def test_an_anchor_changed_by_hand_stops_the_build(project, tmp_path):
    """Found by a tester: `{ #daitouren }` edited to `{ #daitou }` in an imported speech's page built, and every link
    sent out to …/part-1/#daitouren stopped leading to its place. anchors.yml keeps each heading's and point's."""
    importer.apply(project, importer.plan(project, speechfiles.write_txt(tmp_path / "s.txt"), "s"))
    Project.load(project)
    kept = yaml.safe_load((project / "speeches" / "s" / "anchors.yml").read_text(encoding="utf-8"))["anchors"]
    key = next(k for k in kept if k.count(" › ") == 1)  # a section's
    page = next(p for p in (project / "docs" / "s").glob("part-*.md") if f"{{ #{kept[key]} }}" in p.read_text("utf-8"))
    page.write_text(page.read_text("utf-8").replace(f"{{ #{kept[key]} }}", "{ #changed }"), encoding="utf-8")
    with pytest.raises(ContentError) as refused:
        Project.load(project)
    said = str(refused.value)
    assert said.startswith(f"docs/s/{page.name}：")
    assert f"#changed，而 speeches/s/anchors.yml 记着它是 #{kept[key]}" in said


@pytest.mark.parametrize("where", ["front-matter", "nav"])
def test_a_part_s_page_is_named_as_the_speech_names_the_part(project, tmp_path, where):
    """Found by a tester: “title: 一、怎样抓好班子建设（已废止）” (or the same label in mkdocs.yml's nav) built, and
    “（已废止）”, words of no speech, stood in the navigation of every page, the tab and 上一页/下一页."""
    if where == "nav":
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        line = next(line for line in text.splitlines() if "part-1-leadership-team.md" in line)
        config.write_text(text.replace(line, line.replace("：", "：").replace(":", "（已废止）:", 1)), encoding="utf-8")
        page = "part-1-leadership-team.md"
    else:
        importer.apply(project, importer.plan(project, speechfiles.write_txt(tmp_path / "s.txt"), "s"))
        page = "s/part-1.md"
        path = project / "docs" / page
        text = path.read_text(encoding="utf-8")
        title = next(line for line in text.splitlines() if line.startswith("title: "))
        path.write_text(text.replace(title, title + "（已废止）", 1), encoding="utf-8")
    with pytest.raises(ContentError) as refused:
        Project.load(project)
    said = str(refused.value)
    assert said.startswith(f"docs/{page}：页面的标题") and "（已废止）" in said, said


def test_a_section_s_heading_at_another_level_stops_the_build(project, tmp_path):
    """Found by a tester: `## （二）…` made `### （二）…` built, and the section was nested under （一） in the page's
    contents and the structure. A part's heading is #, a section's ##, on the site's pages and an import's."""
    importer.apply(project, importer.plan(project, speechfiles.write_txt(tmp_path / "s.txt"), "s"))
    Project.load(project)
    for name in ("part-1-leadership-team.md", "s/part-1.md"):
        page = project / "docs" / name
        text = page.read_text(encoding="utf-8")
        second = next(line for line in text.splitlines() if line.startswith("## （二）"))
        page.write_text(text.replace(second, "#" + second), encoding="utf-8")
        with pytest.raises(ContentError) as refused:
            Project.load(project)
        said = str(refused.value)
        assert said.startswith(f"docs/{name}：“（二）") and "写成了“###”标题" in said and "应是“##”" in said, said
        page.write_text(text, encoding="utf-8")


def test_a_heading_s_words_changed_by_hand_are_named_in_their_page(project, tmp_path):
    """Found by a tester: “当好“领头雁”。” changed to “……！” in a heading of docs/f01/part-1.md was reported as
    “speeches/f01/source.txt：……在讲话各页里没有锚点”, a file nobody had touched; now the page and both texts."""
    importer.apply(project, importer.plan(project, speechfiles.write_txt(tmp_path / "s.txt"), "s"))
    for name in ("part-1-leadership-team.md", "s/part-1.md"):
        page = project / "docs" / name
        text = page.read_text(encoding="utf-8")
        heading = next(line for line in text.splitlines() if line.startswith("## （一）"))
        changed = heading.replace("。 {", "！ {", 1)
        assert changed != heading
        page.write_text(text.replace(heading, changed), encoding="utf-8")
        with pytest.raises(ContentError) as refused:
            Project.load(project)
        said = str(refused.value)
        assert said.startswith(f"docs/{name}：标题或分项“（一）") and "！”与讲话原文“（一）" in said, said
        assert "讲话的字不能改" in said
        page.write_text(text, encoding="utf-8")


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.permutations(["四个意识", "四个自信", "两个维护"]))
def test_the_search_example_is_the_term_the_speech_says_first(project, order):
    """导入的讲话各页搜索框里的示例是本篇讲话中出现的第一个术语 (README): it was the first in glossary.yml that the
    speech says anywhere (a reader's speech said 两个维护 first and was shown 四个意识)."""
    from speech_study.postbuild.library_frame import example

    body = [f"{'一二三'[i]}、要增强“{term}”" for i, term in enumerate(order)]
    text = "\n".join(["测试讲话", "同志们：", "今天讲三点。", *body, "谢谢大家！"]) + "\n"
    source = project.parent / f"s-{''.join(order)}.txt"
    source.write_text(text, encoding="utf-8")
    shutil.rmtree(project / "speeches", ignore_errors=True)
    shutil.rmtree(project / "docs" / "t", ignore_errors=True)
    importer.apply(project, importer.plan(project, source, "t", name="s.txt", replace=True))
    loaded = Project.load(project)
    assert example(loaded, loaded.view("t")) == order[0]


def test_a_part_heading_longer_than_a_word_property_still_builds_its_word_files(project, tmp_path):
    """A maintainer's .docx had each part as one paragraph opening “一、”: the import succeeded (its 请核对 said so),
    and every build after stopped with python-docx's “exceeded 255 char limit for property” traceback. The Word
    file's title (文件 › 信息) is cut with “…”; the page keeps the heading whole."""
    import zipfile
    from io import BytesIO

    from lxml import etree

    from speech_study.render import word

    long = "要" + "深化国有企业改革，建立现代企业制度，" * 20 + "这是关键。"
    lines = ["测试讲话", "同志们：", "今天讲两点。", f"一、{long}", "第一段。", f"二、{long}", "第二段。"]
    text = "\n".join(lines) + "\n"
    source = tmp_path / "long.txt"
    source.write_text(text, encoding="utf-8")
    importer.apply(project, importer.plan(project, source, "long", name="long.txt"))
    loaded = Project.load(project)
    view = loaded.view("long")
    assert view.speech.parts[0].title == f"一、{long}"
    files = {name: doc for name, doc in word.documents(loaded).items() if name.startswith("long/")}
    made = word.render(loaded)
    for name in files:
        with zipfile.ZipFile(BytesIO(made[name])) as docx:
            title = etree.fromstring(docx.read("docProps/core.xml")).findtext(
                "dc:title", namespaces={"dc": "http://purl.org/dc/elements/1.1/"}
            )
        assert len(title) <= 255 and (len(files[name].metadata.title) <= 255 or title.endswith("…")), title


def test_the_library_s_glossary_file_is_titled_for_the_library(project, tmp_path):
    """In a library the glossary (one for all speeches) was titled 《the first speech》术语表 in Word and saved so (a
    reader's find); it is the library's: 《the first》等两篇讲话的术语表. A speech's own files keep its name."""
    from speech_study.render.word import document_title, owner_of

    importer.apply(project, importer.plan(project, speechfiles.write_txt(tmp_path / "s.txt"), "x", name="s.txt"))
    loaded = Project.load(project)
    glossary = loaded.page("glossary.md")
    assert document_title(owner_of(loaded, glossary), glossary) == f"《{loaded.speech.title}》等两篇讲话的术语表"
    part = loaded.view("x").speech_pages()[1]
    assert document_title(owner_of(loaded, part), part) == f"《{loaded.view('x').title}》{part.title}"
