"""No broken internal link or anchor on any page of the built site, checked without network."""

from __future__ import annotations

import shutil

import pytest
from check_links import check
from conftest import copy_project, mkdocs_build_in_process

from speech_study.postbuild.links import opened

SITE_URL = "http://127.0.0.1:8000/"


def test_every_internal_link_and_anchor_resolves(site):
    assert check(site, SITE_URL) == []


def test_the_checker_finds_a_broken_file_an_anchor_and_an_external_link(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "about" / "index.html"
    html = page.read_text(encoding="utf-8")
    html = html.replace(
        "</article>",
        '<a href="../nowhere/">x</a><a href="../glossary/#nothing">y</a>'
        '<img src="https://example.org/track.gif"></article>',
        1,
    )
    page.write_text(html, encoding="utf-8")
    problems = check(copy, SITE_URL)
    assert "about/index.html：链接 ../nowhere/ 指向的文件不存在" in problems
    assert "about/index.html：链接 ../glossary/#nothing 指向的锚点 #nothing 不存在" in problems
    assert "about/index.html：链接 https://example.org/track.gif 指向站外" in problems
    # without --site-url: the site's own address is the one its home page names (a local build's 127.0.0.1:8000)
    assert sorted(check(copy)) == sorted(problems) and len(problems) == 3


def test_a_relative_link_opens_the_file_its_address_names():
    """links.opened: a relative href from a page's address; a folder is its index.html; not relative: None."""
    assert opened("../glossary/", "about/index.html") == "glossary/index.html"
    assert opened("../", "about/index.html") == "index.html"
    assert opened("./", "index.html") == "index.html"
    assert opened("..", "f01/part-1/index.html") == "f01/index.html"
    assert opened("../%E6%96%87%E4%BB%B6/a.txt#x", "about/index.html") == "文件/a.txt"
    assert opened("part-1.html?h=党", "index.html") == "part-1.html"
    assert opened("../../x.html", "about/index.html") == "../x.html"
    for href in ("#top", "?q=1", "/xuexi/", "//cdn.example.org/a.js", "mailto:a@example.org", "https://example.org/"):
        assert opened(href, "about/index.html") is None, href


@pytest.mark.slow
def test_a_link_written_in_raw_html_to_nothing_stops_the_build_cache_or_not(tmp_path):
    """MkDocs checks Markdown links only: `<a href="../gone/">` in a page's HTML is checked by the post-build pass.
    A link to a page, to a file the engine copied and to a Word file written after the pages pass; one to
    nothing stops the build with one line naming the page and the link, also when the page's result is cached
    and the file it links is deleted."""
    project = copy_project(tmp_path / "project")
    about = project / "docs" / "about.md"
    text = about.read_text(encoding="utf-8")
    (project / "docs" / "files").mkdir()
    (project / "docs" / "files" / "note.txt").write_text("附件", encoding="utf-8")
    good = (
        '\n<p><a href="../glossary/">术语表</a> <a href="../files/note.txt">附件</a>'
        ' <a href="../docx/speech.docx">Word</a> <a href="#top">本页</a> <a href="/xuexi/">根</a></p>\n'
    )
    env = {"PDF_EXPORT": "0"}

    def build(run: str) -> tuple[int, list[str]]:
        result = mkdocs_build_in_process(project, tmp_path / run, env=env)
        return result.returncode, [line for line in result.stderr.splitlines() if line.startswith("ERROR")]

    about.write_text(text + good, encoding="utf-8")
    assert build("good") == (0, [])
    for bad in ("../gone/", "../../outside.html", "../glossary/missing.html"):
        about.write_text(text + good + f'\n<p><a href="{bad}">坏链接</a></p>\n', encoding="utf-8")
        code, errors = build("bad")
        assert code == 1 and len(errors) == 1, errors
        assert f"docs/about.md：链接“{bad}”指向的页面或文件本站没有" in errors[0], errors
    about.write_text(text + good, encoding="utf-8")
    assert build("good-again") == (0, [])  # the page's result now cached
    (project / "docs" / "files" / "note.txt").unlink()
    code, errors = build("file-gone")
    assert code == 1 and len(errors) == 1 and "链接“../files/note.txt”" in errors[0], errors


@pytest.mark.slow
def test_an_imported_speechs_page_is_held_to_the_same_links(tmp_path):
    """The real speech imported as a second one (f01): from its study outline (its speech pages hold only the
    speech's words: the sentence check refuses a line added there) its own Word file and the site's glossary are
    found; a link to a page it does not have stops the build with the line naming its page."""
    from speeches import IMPORTED_SLUG, IMPORTED_SOURCE

    from speech_study import importer

    project = copy_project(tmp_path / "project")
    importer.apply(project, importer.plan(project, IMPORTED_SOURCE, IMPORTED_SLUG))
    page = project / "docs" / IMPORTED_SLUG / "outline.md"
    text = page.read_text(encoding="utf-8")
    where = page.relative_to(project).as_posix()
    good = f'\n<p><a href="../../glossary/">术语表</a> <a href="../../docx/{IMPORTED_SLUG}/speech.docx">Word</a></p>\n'
    for extra, broken in [(good, None), (good + '\n<p><a href="../part-99/">第九十九部分</a></p>\n', "../part-99/")]:
        page.write_text(text + extra, encoding="utf-8")
        result = mkdocs_build_in_process(project, tmp_path / "site", env={"PDF_EXPORT": "0"})
        errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
        if broken is None:
            assert result.returncode == 0 and errors == [], result.stderr[-3000:]
        else:
            assert result.returncode == 1 and len(errors) == 1, errors
            assert f"{where}：链接“{broken}”指向的页面或文件本站没有" in errors[0], errors
