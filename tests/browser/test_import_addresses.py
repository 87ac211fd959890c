"""Addresses never break: re-importing a revised text keeps every page address and anchor whose text is there.

Sections and points are matched to the earlier text by place and by text
similarity, not by their exact heading path: a heading with one character
changed, or renumbered because a section was inserted before it, keeps its
anchor; a section that is gone leaves its old address opening its part; a
part that is gone leaves a page at its old address that sends the reader on.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import speechfiles
import yaml
from conftest import copy_sources

from speech_study import importer
from speech_study.project import Project

SLUG = "shequ"
PART1 = "一、提高认识，把社区治理摆上重要位置"
SECTION = "（一）要看到社区治理的新变化。"


def imported(project: Path, text: str, tmp: Path):
    source = speechfiles.write_txt(tmp / f"s{len(list(tmp.glob('s*.txt')))}.txt", text)
    plan = importer.plan(project, source, SLUG)
    importer.apply(project, plan)
    return plan


def addresses(project: Path) -> dict[str, str]:
    """page/#anchor -> the text it opens on: every heading and point of the imported speech."""
    view = Project.load(project).view(SLUG)
    found = {}
    for page in view.speech_pages():
        url = page.src_uri[: -len(".md")].removesuffix("index")
        for text, anchor in page.anchors().items():
            found[f"{url}/#{anchor}"] = text
    return found


def unnumbered(text: str) -> str:
    return re.sub(r"^(?:[一二三四五六七八九十]、|（[一二三四五六七八九十]）|（\d）|[一二三四五六七八九十]要)", "", text)


REVISIONS = {
    "one character in a part heading": (speechfiles.TEXT.replace("摆上重要位置", "放在重要位置"), []),
    "one character in a section heading": (speechfiles.TEXT.replace("要看到社区治理", "要看清社区治理"), []),
    "a section inserted in the middle": (
        speechfiles.TEXT.replace(
            "（二）要找准工作中的短板。",
            "（二）要学习先进经验。兄弟街道的好做法，要认真学。\n（三）要找准工作中的短板。",
        ),
        [],
    ),
    "a section deleted": (
        speechfiles.TEXT.replace(
            "（二）要找准工作中的短板。有的社区议事协商流于形式，有的网格员底数不清，有的问题反复出现。\n", ""
        ),
        ["（二）要找准工作中的短板。"],
    ),
}


@pytest.mark.parametrize("case", list(REVISIONS))
def test_a_revision_keeps_every_address_whose_text_is_still_there(tmp_path, case):
    text, removed = REVISIONS[case]
    project = copy_sources(tmp_path / "project")
    imported(project, speechfiles.TEXT, tmp_path)
    before = addresses(project)
    plan = imported(project, text, tmp_path)
    after = addresses(project)
    for address, old_text in before.items():
        if old_text in removed:
            page = address.split("#")[0]
            assert any(a.startswith(page) for a in after), address  # its part's page still opens
            assert address not in after
            continue
        assert address in after, (address, old_text)
        # the same place: the text, or the text with a character changed or renumbered
        new_text = after[address]
        assert new_text == old_text or unnumbered(new_text)[:4] == unnumbered(old_text)[:4] or case.startswith("one"), (
            address,
            old_text,
            new_text,
        )
    report = importer.report(plan, True)
    if case.startswith("one character"):
        assert "网址保留：" in report
    if case == "a section inserted in the middle":
        assert "新的网址：“（二）要学习先进经验。”" in report
        assert "网址保留：“（二）要找准工作中的短板。”改为“（三）要找准工作中的短板。”" in report


def test_one_character_in_a_part_heading_keeps_its_page_and_every_anchor(tmp_path):
    project = copy_sources(tmp_path / "project")
    imported(project, speechfiles.TEXT, tmp_path)
    first = yaml.safe_load((project / "speeches/shequ/anchors.yml").read_text(encoding="utf-8"))
    imported(project, speechfiles.TEXT.replace("摆上重要位置", "放在重要位置"), tmp_path)
    assert sorted(p.name for p in (project / "docs/shequ").glob("part-*.md")) == ["part-1.md", "part-2.md", "part-3.md"]
    part1 = (project / "docs/shequ/part-1.md").read_text(encoding="utf-8")
    assert "放在重要位置" in part1
    for key, anchor in first["anchors"].items():
        if key.startswith(PART1):
            assert "{ #" + anchor + " }" in part1, key
    assert not re.search(r"\{ #[a-z-]+-2 \}", part1)


def test_a_part_that_is_gone_sends_its_old_address_to_the_speech(tmp_path):
    project = copy_sources(tmp_path / "project")
    imported(project, speechfiles.TEXT, tmp_path)
    lines = speechfiles.LINES
    start = lines.index("三、强化保障，形成齐抓共管的合力")
    text = "\n".join(lines[:start] + lines[start + 3 :]) + "\n"
    plan = imported(project, text, tmp_path)
    assert plan.gone == ["part-3"]
    page = (project / "docs/shequ/part-3/index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=../index.html"' in page
    assert "已不在文中：shequ/part-3/" in importer.report(plan, True)


@pytest.mark.slow
def test_every_old_address_opens_on_the_built_site_after_a_revision(tmp_path, browser):
    """Built before and after: each old page/#anchor is a page of the new site holding that id; a gone part's
    address is a page sending the reader to the speech's first page, also from the folder on disk."""
    from conftest import copy_project, mkdocs_build

    project = copy_project(tmp_path / "project")
    imported(project, speechfiles.TEXT, tmp_path)
    before = addresses(project)
    lines = speechfiles.LINES
    start = lines.index("三、强化保障，形成齐抓共管的合力")
    revised = "\n".join(lines[:start] + lines[start + 3 :]) + "\n"
    revised = revised.replace("摆上重要位置", "放在重要位置").replace("要看到社区治理", "要看清社区治理")
    inserted = "（二）要学习先进经验。兄弟街道的好做法，要认真学。\n（三）要找准工作中的短板。"
    revised = revised.replace("（二）要找准工作中的短板。", inserted)
    imported(project, revised, tmp_path)
    site = tmp_path / "site"
    result = mkdocs_build(project, site, env={"PDF_EXPORT": "false"})
    assert result.returncode == 0, result.stderr[-2000:]
    for address in before:
        page, anchor = address.split("/#")
        html = site / page / "index.html"
        assert html.is_file(), address
        text = html.read_text(encoding="utf-8")
        if page.endswith("part-3"):
            target = (html.parent / "../index.html").resolve()
            assert 'url=../index.html"' in text and target.is_file() and target.parent.name == SLUG
            # opened from the folder on disk, as the offline copy is: the browser lands on the speech's first page
            tab = browser.new_page()
            tab.goto(html.as_uri())
            tab.wait_for_url(target.as_uri())
            assert "同志们" in tab.locator("article").inner_text()
            tab.close()
        else:
            assert f'id="{anchor}"' in text, address


def test_closing_remarks_no_longer_apart_send_their_address_to_the_last_part(tmp_path):
    project = copy_sources(tmp_path / "project")
    imported(project, speechfiles.TEXT, tmp_path)
    assert (project / "docs/shequ/closing.md").is_file()
    plan = imported(project, speechfiles.TEXT.replace("同志们，社区治理任重道远。", "社区治理任重道远。"), tmp_path)
    assert not (project / "docs/shequ/closing.md").exists()
    page = (project / "docs/shequ/closing/index.html").read_text(encoding="utf-8")
    assert 'url=../part-3/index.html"' in page and "closing" in plan.gone
