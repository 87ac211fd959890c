"""结构导图 on paper: the drawing when it keeps to its one page, else the list that runs on over pages.

A reviewer printed an imported speech of three parts, eight sections and twenty-two points (the People's Daily's
《伟大的军事家周恩来》, tests/fixtures/real/): the drawing was three pages high, its first page only the title, a
box cut at each page break. The site's own speech's drawing keeps to its page, as before."""

from __future__ import annotations

from conftest import copy_sources
from test_point_leads import REAL

from speech_study import importer
from speech_study.project import Project
from speech_study.render import speech_map
from speech_study.render.structure_map import PAPER, drawn_height


def test_a_tree_taller_than_its_page_prints_as_the_list(tmp_path):
    project = copy_sources(tmp_path / "project")
    importer.apply(project, importer.plan(project, REAL, "zhou", name=REAL.name))
    loaded = Project.load(project)
    tall = speech_map.render(loaded.view("zhou"))
    assert "structure-map-frame--list-on-paper" in tall and "structure-map--map-print" not in tall
    assert 'class="structure-map-list"' in tall  # the same tree, every node a link, runs on over pages
    own = speech_map.render(loaded.view())
    assert "structure-map-frame--list-on-paper" not in own and "structure-map--map-print" in own
    paper = own.split('<svg class="structure-map structure-map--map-print"', 1)[1]
    assert drawn_height('<svg class="x"' + paper) <= (PAPER.height or 0)
