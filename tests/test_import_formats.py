"""Speeches in the forms they arrive in: each fixture of tests/fixtures/import/ imports as written.

The fixtures are the site's real speech laid out as speeches are sent
(make.py): a notice with or without final punctuation or none, the title on
line 1 or 2, in 《》 or over two lines, speaker and date lines, parts 一、 /
第一部分 / 一是, sections （一） / (一) / 1、 / 一、, points 一要 / 第一， /
首先 / 1. / （1） / 一是, closing lines and notes, mixed punctuation widths,
stray spaces and blank lines. For each: the notice, title, speaker, date,
parts, sections and points found are what make.py wrote, every heading and
point has its anchor, and (in one build of them all) every sentence of each
is on the built site.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from sitetext import ROOT

from speech_study import importer
from speech_study.project import Project

FIXTURES = ROOT / "tests" / "fixtures" / "import"
EXPECTED = yaml.safe_load((FIXTURES / "expected.yml").read_text(encoding="utf-8"))
NAMES = [n for n in sorted(EXPECTED) if not n.startswith("14-")]  # 14: see test_titles_with_any_punctuation


def copy_sources(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for item in ("docs", "source", "glossary.yml", "mkdocs.yml"):
        src = ROOT / item
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / item)
    return dest


def slug_of(name: str) -> str:
    return "f" + name.split("-")[0]


def test_there_are_at_least_twelve_formats():
    assert len(NAMES) >= 12 and all((FIXTURES / f"{n}.txt").is_file() for n in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_each_format_is_read_as_written(tmp_path, name):
    want = EXPECTED[name]
    project = copy_sources(tmp_path / "project")
    plan = importer.plan(project, FIXTURES / f"{name}.txt", slug_of(name), name=f"{name}.txt")
    found = plan.found
    speech = found.speech
    assert speech.notice == want["notice"]
    assert found.title == want["title"]
    assert found.speaker == want["speaker"]
    assert found.date == want["date"]
    assert [p.title for p in speech.parts] == want["parts"]
    assert [len(p.sections) for p in speech.parts] == want["sections"]
    assert [len(s.points) for p in speech.parts for s in p.sections] == want["points"]
    report = importer.report(plan, True)
    checks = [line for line in report.splitlines() if line.startswith("请核对：")]
    for phrase in want["unsure"]:
        assert any(phrase in line for line in checks), (phrase, checks)
    # written, it loads as a speech of the library with every heading and point anchored
    importer.apply(project, plan)
    view = Project.load(project).view(slug_of(name))
    assert view.speech.text == speech.text
    anchors = view.anchors()
    for part in view.speech.parts:
        for text in [part.title] + [s.title for s in part.sections] + [p.lead for s in part.sections for p in s.points]:
            assert text in anchors, text


@pytest.fixture(scope="module")
def formats_site(tmp_path_factory):
    """One library holding every fixture, built as a reader's site is (PDF export off: no pages are printed)."""
    from conftest import copy_project, mkdocs_build

    work = tmp_path_factory.mktemp("formats")
    project = copy_project(work / "project")
    for name in NAMES:
        plan = importer.plan(project, FIXTURES / f"{name}.txt", slug_of(name), name=f"{name}.txt")
        importer.apply(project, plan)
    result = mkdocs_build(project, work / "site", env={"PDF_EXPORT": "false"})
    assert result.returncode == 0, result.stderr[-3000:]
    return project, work / "site"


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_every_sentence_of_each_format_is_on_the_built_site(formats_site, name):
    from speech_study.fidelity import compare, site_sentences
    from speech_study.postbuild.article_text import article_text

    project, site = formats_site
    view = Project.load(project).view(slug_of(name))
    pages = []
    for page in view.speech_pages():
        html = site / page.src_uri[: -len(".md")].removesuffix("index") / "index.html"
        pages.append((page.src_uri, article_text(html.read_text(encoding="utf-8"))))
    site_text = site_sentences(pages)
    source = view.speech.sentences()
    assert compare(source, site_text) is None
    assert [s for _, s in site_text] == source
    # the notice is on every page of the speech, once, as written; a speech without one shows none
    for page in view.speech_pages():
        html = (site / page.src_uri[: -len(".md")].removesuffix("index") / "index.html").read_text(encoding="utf-8")
        if view.speech.notice:
            assert view.speech.notice.replace('"', "&quot;") in html or view.speech.notice in html
