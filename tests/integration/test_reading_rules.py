"""A speech is read at every build by the rules it was imported by (speech.READING, `reading` in speech.yml).

Found before landing: reading numbers past 九十九 and refusing sections that start past 一 (2026-12-08) made
the build stop for a library imported the day before: a speech whose part's sections start at （二） (read then
as the part's text) was refused, and one with 103 points had points 100 to 103 with no anchor on its pages.
tests/fixtures/imported-2026-12-07/ holds two speeches as the importer of 2026-12-07 (627db09) wrote them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import copy_sources

from speech_study import speech
from speech_study.errors import ContentError
from speech_study.project import Project

IMPORTED = Path(__file__).parents[1] / "fixtures" / "imported-2026-12-07"
# three speeches as the importer of 2026-12-08 (reading 2, b853f7b's) wrote them: r2's “第一部分学员……” took its
# parts, r2b's point （1） was cut inside its quotation (“……最宜。” bold, its ” outside), and r2c's part headings ran
# on into their paragraphs (a tester's case, tests/fixtures/tester/trail_part.txt)
IMPORTED_2 = Path(__file__).parents[1] / "fixtures" / "imported-2026-12-08"


@pytest.fixture
def old_library(tmp_path) -> Path:
    project = copy_sources(tmp_path / "project")
    for folder in ("speeches", "docs"):
        shutil.copytree(IMPORTED / folder, project / folder, dirs_exist_ok=True)
    return project


def test_a_library_imported_before_the_rules_changed_loads_as_it_was_imported(old_library):
    loaded = Project.load(old_library)
    assert [len(p.sections) for p in loaded.view("sk").speech.parts] == [0, 1]  # （二）（三）: the part's text
    points = loaded.view("pt103").speech.parts[0].sections[0].points
    assert len(points) == 99 and "100.第100项要求。" in loaded.view("pt103").speech.text  # 100 on: text
    # the rules did change: by today's, these texts read otherwise
    source = (old_library / "speeches/sk/source.txt").read_text(encoding="utf-8")
    with pytest.raises(ContentError, match="各小节的编号是二、三"):
        speech.parse(source, "sk", sections_required=False, lenient=True, reading=speech.READING)


@pytest.mark.parametrize("value", ["4", "0", "true", "二"])
def test_a_reading_speech_yml_cannot_name_is_one_line(old_library, value):
    meta = old_library / "speeches/sk/speech.yml"
    meta.write_text(meta.read_text(encoding="utf-8") + f"reading: {value}\n", encoding="utf-8")
    with pytest.raises(
        ContentError, match=r"^speeches/sk/speech\.yml：“reading”是导入时读结构的规则的编号，只能是1、2、3"
    ):
        Project.load(old_library)


def test_a_speech_imported_by_reading_2_loads_as_it_was_imported(tmp_path):
    project = copy_sources(tmp_path / "project")
    for folder in ("speeches", "docs"):
        shutil.copytree(IMPORTED_2 / folder, project / folder, dirs_exist_ok=True)
    loaded = Project.load(project)  # its pages and the reading of its text agree: no heading or anchor refused
    parts = loaded.view("r2").speech.parts
    assert [p.title for p in parts] == ["第一部分学员已经完成培训，其余学员下月开班。"]
    point = loaded.view("r2b").speech.parts[0].sections[0].points[0]
    assert point.lead.endswith("最宜。")
    # by today's rules both read as a reader sees them
    source = (project / "speeches/r2/source.txt").read_text(encoding="utf-8")
    now = speech.parse(source, "r2", sections_required=False, lenient=True, reading=speech.READING)
    assert [p.title for p in now.parts] == ["一、关于学习", "二、关于工作"]
    assert any("没有当作部分标题（各部分按“一、”编号读取）" in said for _, said in now.unsure)
    source = (project / "speeches/r2b/source.txt").read_text(encoding="utf-8")
    now = speech.parse(source, "r2b", sections_required=False, lenient=True, reading=speech.READING)
    assert now.parts[0].sections[0].points[0].lead.endswith("最宜。”")
    assert loaded.view("r2c").speech.parts[0].title.startswith("一、加强党建。这是我们今年工作的重中之重")
    source = (project / "speeches/r2c/source.txt").read_text(encoding="utf-8")
    now = speech.parse(source, "r2c", notice=True, sections_required=False, lenient=True, reading=speech.READING)
    assert [p.title for p in now.parts] == ["一、加强党建。", "二、改进作风。"]


def test_re_importing_a_reading_2_speech_by_reading_3_keeps_every_address(tmp_path):
    """Re-imported by today's rules, r2c's part headings end at their first full stop: part 二's old heading ran on
    for a hundred characters, matched nothing, and its page and sections took new addresses (the old one sent to
    the first page). Every page and anchor published under reading 2 is kept."""
    import yaml

    from speech_study import importer

    project = copy_sources(tmp_path / "project")
    for folder in ("speeches", "docs"):
        shutil.copytree(IMPORTED_2 / folder, project / folder, dirs_exist_ok=True)
    for slug in ("r2b", "r2c"):
        pages = sorted(p.name for p in (project / "docs" / slug).iterdir())
        kept = yaml.safe_load((project / "speeches" / slug / "anchors.yml").read_text(encoding="utf-8"))
        source = tmp_path / f"{slug}.txt"
        source.write_text((project / "speeches" / slug / "source.txt").read_text(encoding="utf-8"), encoding="utf-8")
        plan = importer.plan(project, source, slug, name=f"{slug}.txt")
        importer.apply(project, plan)
        assert "已不在文中" not in importer.report(plan, True), importer.report(plan, True)
        assert sorted(p.name for p in (project / "docs" / slug).iterdir()) == pages, slug
        now = yaml.safe_load((project / "speeches" / slug / "anchors.yml").read_text(encoding="utf-8"))
        for kind in ("pages", "anchors"):  # every name given stays given (to its revised heading)
            assert set(kept[kind].values()) <= set(now[kind].values()), (slug, kind)
    Project.load(project)
