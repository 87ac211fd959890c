"""No broken internal link or anchor on any page of the built site, checked without network."""

from __future__ import annotations

import shutil

from check_links import check

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
