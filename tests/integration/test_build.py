"""The site builds strictly, with the pages, anchors and notice the readers rely on."""

from __future__ import annotations

import re

import pytest
from sitetext import html_path, nav, notice, speech_docs

PART_HEADINGS = ["一、怎样抓好班子建设", "二、怎样带队伍", "三、怎样夯实基层党建"]


def test_strict_build_has_no_warnings(build):
    assert "WARNING" not in build.stderr, build.stderr


def test_nav_order_and_titles():
    titles = [t for t, _ in nav()]
    assert titles[:5] == ["开场白", *PART_HEADINGS, "结束语"]
    assert any("术语" in t for t in titles) and "来源与说明" in titles
    for _, doc in nav():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*\.md", doc), doc


def test_part_pages_have_the_part_heading_as_h1_and_subsections_as_h2(site):
    docs = speech_docs()
    for heading, doc in zip(PART_HEADINGS, docs[1:4], strict=True):
        html = html_path(site, doc).read_text(encoding="utf-8")
        h1 = re.findall(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", html)
        assert h1 == [heading]
        h2 = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h2[^>]*>(.*?)<a class=\"headerlink\"", html)]
        assert [h[:3] for h in h2] == ["（一）", "（二）", "（三）"], h2


def test_every_heading_has_a_readable_stable_anchor(site):
    for html_file in site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        for anchor in re.findall(r'<h[1-6] id="([^"]*)"', html):
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", anchor), (html_file, anchor)
            assert not anchor.startswith("_")


def test_author_notice_on_every_page(site):
    text = notice()
    assert text == "本文系作者原创投稿，仅供学习参考，请勿照搬照抄！"
    pages = list(site.rglob("index.html")) + [site / "404.html"]
    assert len(pages) >= len(nav())
    for page in pages:
        assert f'<p class="speech-notice" role="note">{text}</p>' in page.read_text(encoding="utf-8"), page


def test_editorial_notes_keep_the_typos(site):
    part1 = html_path(site, "part-1-leadership-team.md").read_text(encoding="utf-8")
    part2 = html_path(site, "part-2-cadre-team.md").read_text(encoding="utf-8")
    assert "在坐的各位" in part1 and "在座的各位" not in part1.split('class="footnote"')[0]
    assert "及时函询滅勉" in part2
    for html, right in ((part1, "在座"), (part2, "诫勉")):
        notes = html.split('<div class="footnote"', 1)[1]
        assert "校注" in notes and right in notes


def test_material_configured_for_chinese_readers_without_external_requests(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in html
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not re.match(r"(https?:)?//", ref) or ref.startswith("http://127.0.0.1:8000/"), ref


@pytest.mark.slow  # (its build is asked for by name)
@pytest.mark.parametrize("fixture", ["build", "imported_build", "library"])
def test_every_page_says_utf8_within_its_first_1024_bytes(fixture, request):
    """A browser looks for the encoding in a page's first 1,024 bytes before it reads it (the HTML standard's
    prescan); a page opened from a folder (the offline copy) or served without a charset has nothing else saying
    UTF-8. The passes put the CSP and a library page's own <meta> after <meta charset>, not before it: in a library
    they had pushed it to byte 2,554."""
    site = request.getfixturevalue(fixture).site
    for page in site.rglob("*.html"):
        head = page.read_bytes()[:1024].lower()
        if b"<head" in head:
            assert re.search(rb"<head>\s*<meta charset=\"?utf-8", head), page


@pytest.mark.slow  # (its build is asked for by name)
@pytest.mark.parametrize("fixture", ["build", "library"])
def test_the_readme_s_response_header_blocks_no_page_s_own_code(fixture, request):
    """The README's nginx example once put the home page's hashes in the response header: a browser enforces the
    header and each page's <meta> together, and 11 pages of 12 lost their scripts (a maintainer's run). Every inline
    script and style of every page must be allowed by the header the README gives, as by the page's own policy."""
    import base64
    import hashlib

    from sitetext import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    header = re.search(r'add_header Content-Security-Policy "([^"]*)"', readme).group(1)
    directives = dict((d.split() or [""])[0:1] + [d.split()[1:]] for d in header.split(";") if d.strip())
    site = request.getfixturevalue(fixture).site
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag, attrs, code in re.findall(r"<(script|style)([^>]*)>(.*?)</\1>", html, re.S):
            if " src=" in attrs or "application/json" in attrs:
                continue  # a file (script-src 'self'), or data no policy governs
            digest = "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"
            allowed = directives.get(f"{tag}-src", directives.get("default-src"))
            assert allowed is None or digest in allowed or "'unsafe-inline'" in allowed, (page, tag, code[:60])
