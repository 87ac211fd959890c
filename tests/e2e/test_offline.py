"""The offline variant: site.zip unpacked into a folder and opened from disk, network off."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from urllib.parse import urlparse

import pytest
from pdfcheck import PAGE_NUMBER, page_count, page_text
from searchbox import open_search
from sitetext import ROOT, nav


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    work = tmp_path_factory.mktemp("offline")
    out = work / "site.zip"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "offline_zip.py"), "--out", str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    with zipfile.ZipFile(out) as zf:
        zf.extractall(work / "unpacked")
    (root,) = (work / "unpacked").iterdir()
    return root


@pytest.fixture
def offline_page(browser):
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.seen = {"outside": [], "errors": []}

    def on_request(request):
        if urlparse(request.url).scheme not in ("file", "data", "blob"):
            page.seen["outside"].append(request.url)

    page.on("request", on_request)
    page.on("console", lambda m: m.type == "error" and page.seen["errors"].append(m.text))
    page.on("pageerror", lambda e: page.seen["errors"].append(str(e)))
    yield page
    assert page.seen["outside"] == [], page.seen["outside"]
    assert page.seen["errors"] == [], page.seen["errors"]
    context.close()


def test_zip_holds_html_pages_and_pdfs(folder):
    for _, doc in nav():
        assert (folder / doc.replace(".md", ".html")).is_file(), doc
    assert (folder / "search" / "search_index.js").is_file()
    assert (folder / "pdf" / "speech.pdf").is_file()


def test_every_page_opens_from_disk_without_network(offline_page, folder):
    for _, doc in nav():
        offline_page.goto((folder / doc.replace(".md", ".html")).as_uri(), wait_until="load")
        assert offline_page.locator(".speech-notice").count() == 1


def test_the_404_page_works_from_disk(offline_page, folder):
    failed = []
    offline_page.on("requestfailed", lambda request: failed.append(request.url))
    offline_page.goto((folder / "404.html").as_uri(), wait_until="load")
    # styled by the theme's stylesheet, which loaded from the folder
    assert offline_page.eval_on_selector(".md-header", "e => getComputedStyle(e).position") == "sticky"
    assert failed == []
    offline_page.locator("article").get_by_role("link", name="开场白").click()
    offline_page.wait_for_url((folder / "index.html").as_uri())


def test_navigation_by_next_links_from_disk(offline_page, folder):
    offline_page.goto((folder / "index.html").as_uri(), wait_until="load")
    titles = [offline_page.title().split(" - ")[0]]
    while offline_page.locator("a.md-footer__link--next").count():
        offline_page.locator("a.md-footer__link--next").click()
        offline_page.wait_for_load_state("load")
        assert offline_page.url.startswith("file://") and offline_page.url.endswith(".html")
        titles.append(offline_page.title().split(" - ")[0])
    assert titles[1:] == [t for t, _ in nav()][1:]


def test_tooltip_from_disk(offline_page, folder):
    offline_page.goto((folder / "part-1-leadership-team.html").as_uri(), wait_until="load")
    offline_page.locator("abbr", has_text="四大三苦").first.hover()
    tooltip = offline_page.locator(".md-tooltip2--active").first
    tooltip.wait_for(state="visible", timeout=3000)
    assert "矛盾与问题" in tooltip.inner_text()  # glossary.yml: 四大三苦


def test_search_from_disk_finds_and_opens_the_section(offline_page, folder):
    offline_page.goto((folder / "index.html").as_uri(), wait_until="load")
    open_search(offline_page)
    box = offline_page.locator("input.md-search__input")
    box.fill("四大三苦")
    box.press("End")
    first = offline_page.locator("li.md-search-result__item > a").first
    first.wait_for(state="visible", timeout=10000)
    first.click()
    offline_page.wait_for_load_state("load")
    assert offline_page.url.split("?")[0].endswith("part-1-leadership-team.html")
    assert offline_page.url.endswith("#daitouren")
    offline_page.locator("mark.search-landing").wait_for(state="attached", timeout=5000)


def test_printing_from_disk(offline_page, folder, tmp_path):
    offline_page.goto((folder / "part-2-cadre-team.html").as_uri(), wait_until="load")
    pdf = tmp_path / "printed.pdf"
    offline_page.pdf(path=str(pdf), prefer_css_page_size=True)
    pages = page_count(pdf)
    assert pages >= 2
    assert [PAGE_NUMBER.findall(page_text(pdf, n)) for n in range(1, pages + 1)] == [
        [str(n)] for n in range(1, pages + 1)
    ]


def test_offline_links_all_resolve(folder):
    from check_links import check

    assert check(folder, "http://127.0.0.1:8000/") == []
