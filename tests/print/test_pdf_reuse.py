"""PDFs from the build cache (postbuild/pdf_export.py): a build that changed nothing a PDF was printed from takes
it, byte for byte the one printed before; a page changed prints that page's PDF again, and only it; a file of the
site a print requested changed prints again every PDF whose print requested it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CHROMIUM, TEST_BROWSER, copy_project, mkdocs_build_in_process

from speech_study.buildcache import BuildCache
from speech_study.postbuild import pdf_export
from speech_study.postbuild.layout import Layout
from speech_study.project import Project

PDF_ON = {"PDF_EXPORT": "true", "CHROMIUM": CHROMIUM}


def _tally(stderr: str) -> tuple[int, int]:
    """The build log's line on the PDFs: (reused, printed)."""
    found = re.search(r"PDF 共\d+份：(\d+)份沿用构建缓存，(\d+)份重新生成", stderr)
    assert found, stderr[-3000:]
    return int(found.group(1)), int(found.group(2))


def _pdfs(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site / "pdf").as_posix(): p.read_bytes() for p in (site / "pdf").rglob("*.pdf")}


# the pages whose PDFs the build test exports (the others' `pdf:` taken out of their front matter: fewer prints)
EXPORTED = ("glossary.md", "outline.md", "print.md")


@pytest.mark.slow
def test_a_build_takes_the_pdfs_nothing_changed_for_and_prints_a_changed_page_again(tmp_path):
    root = copy_project(tmp_path / "project")
    for page in (root / "docs").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        if page.name not in EXPORTED and re.search(r"^pdf: ", text, re.M):
            page.write_text(re.sub(r"^pdf: .*\n", "", text, count=1, flags=re.M), encoding="utf-8")
    builds = {}
    for run in ("cold", "warm"):
        result = mkdocs_build_in_process(root, tmp_path / run, env=PDF_ON)
        assert result.returncode == 0, result.stderr[-3000:]
        builds[run] = _tally(result.stderr)
    count = len(_pdfs(tmp_path / "cold"))
    assert count == len(EXPORTED) and builds == {"cold": (0, count), "warm": (count, 0)}, builds
    assert _pdfs(tmp_path / "warm") == _pdfs(tmp_path / "cold")
    outline = root / "docs" / "outline.md"
    outline.write_text(outline.read_text(encoding="utf-8") + "\n供学习会使用。\n", encoding="utf-8")
    result = mkdocs_build_in_process(root, tmp_path / "edited", env=PDF_ON)
    assert result.returncode == 0, result.stderr[-3000:]
    assert _tally(result.stderr) == (count - 1, 1)
    before, after = _pdfs(tmp_path / "cold"), _pdfs(tmp_path / "edited")
    assert [name for name in before if before[name] != after[name]] == ["outline.pdf"]


URI = re.compile(rb"/URI \(([^)]*)\)")
PUBLIC = "https://example.org/xuexi/"


@pytest.mark.slow
def test_a_pdf_is_printed_again_exactly_when_what_it_was_printed_from_changed(site, tmp_path):
    """Taken while every file of the site its print requested is the same, and its links would lead to the same
    addresses; printed again when a requested file, its page, the public address or the browser changed. Every
    link of the 学习提纲 and 结构导图 (HTML's and SVG's) leads to the public site: they led to
    http://127.0.0.1:PORT/, the export's own server, so nowhere for a reader."""
    import shutil

    from sitetext import ROOT

    copy = Path(shutil.copytree(site, tmp_path / "site"))
    cache = BuildCache(tmp_path / "cache", "test")
    project = Project.load(ROOT)
    layout = Layout(copy, [p.src_uri for p in project.pages], True)
    pages = {"outline/": "outline", "map/": "map"}

    def export(url: str = PUBLIC, browser: str = CHROMIUM) -> str:
        said = pdf_export.run(copy, pages, browser, None, cache, url, pdf_export.link_map(project, layout, url))
        uris = {name: URI.findall((copy / "pdf" / f"{name}.pdf").read_bytes()) for name in pages.values()}
        assert all(len(found) > 10 for found in uris.values()), uris
        assert all(u.decode().startswith(url) for found in uris.values() for u in found), uris
        part_1 = (url + "part-1-leadership-team/#").encode()
        assert all(any(u.startswith(part_1) for u in found) for found in uris.values()), uris
        return said[1]

    def reused(count: int) -> str:
        return f"PDF 共2份：{count}份沿用构建缓存，{2 - count}份重新生成"

    assert export() == reused(0)
    first = _pdfs(copy)
    assert export() == reused(2)
    assert _pdfs(copy) == first
    (copy / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")  # no print requested it
    assert export() == reused(2)
    # the search index, which every import changes: refused to the prints, so none was printed from it
    index = copy / "search" / "search_index.json"
    index.write_text(index.read_text(encoding="utf-8").replace("术语", "术 语"), encoding="utf-8")
    assert export() == reused(2)
    # a script every page loads, changed so as to change nothing printed: both printed again
    script = next(p for p in sorted((copy / "assets" / "javascripts").glob("*.js")) if p.name != "library.js")
    script.write_bytes(script.read_bytes() + b"\n;void 0\n")
    assert export() == reused(0)
    page = copy / "map" / "index.html"  # one page changed: only its PDF
    page.write_text(page.read_text(encoding="utf-8").replace("结构导图", "结构 导图", 1), encoding="utf-8")
    assert export() == reused(1)
    assert export("https://study.example.cn/") == reused(0)  # another public address: every link changes
    # another browser of the same version (CHROMIUM set to Chrome or Edge: here Chromium's headless shell)
    assert export("https://study.example.cn/", TEST_BROWSER) == reused(0)


@pytest.mark.slow
def test_a_pdf_is_what_its_page_prints_opened_on_its_own_whatever_was_printed_before(imported_build, tmp_path):
    """In a library a shared page opened after a speech's page shows that speech's notice (sessionStorage): the
    glossary's PDF printed after f01's page took f01's notice, and a PDF taken from the cache kept whichever
    notice it was printed with (found by a review). Each page is now printed in a browser context of its own."""
    import shutil

    from speeches import IMPORTED_SLUG

    pdfs = {}
    for run, pages in (("after", {f"{IMPORTED_SLUG}/": "speech-page", "glossary/": "glossary"}), ("alone", {})):
        copy = Path(shutil.copytree(imported_build.site, tmp_path / run))
        pages = pages or {"glossary/": "glossary"}
        assert sorted(pages)[-1] == "glossary/"  # the export's order: the speech's page first
        pdf_export.run(copy, pages, CHROMIUM)
        pdfs[run] = re.sub(rb"D:\d{14}[^)]*", b"D:", (copy / "pdf" / "glossary.pdf").read_bytes())
    assert pdfs["after"] == pdfs["alone"]
