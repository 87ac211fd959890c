"""A build over a previous build's folder ends exactly as a build into an empty folder (adapters/old_output.py:
the plugin writes over the previous files instead of letting MkDocs delete them all first).

The previous build is a library of three speeches; the next one has lost a speech (its pages and Word files
must go, the library's index shards are written over and must shrink to the new set), a page (gone), and a
file of docs/ has become a page of the same name (a file stands where the build writes a folder); a file
at a PDF's planned name (as a PDF export would leave it) is not written by a build without the export. A
dot-folder the engine's cleaning keeps stays. Every file and every folder is compared with a build of the
same project into an empty folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import speechfiles
from conftest import copy_project, mkdocs_build_in_process
from speeches import IMPORTED_SLUG, IMPORTED_SOURCE

from speech_study import importer
from speech_study.adapters import old_output
from speech_study.postbuild import pipeline
from speech_study.project import Project

pytestmark = pytest.mark.slow

ENV = {"PDF_EXPORT": "0", "SOURCE_DATE_EPOCH": "1733356800"}
GONE = "shequ"


def tree(site: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under `site`, but the top-level dot-entries."""
    return {
        rel: (p.read_bytes() if p.is_file() else None)
        for p in sorted(site.rglob("*"))
        if not (rel := p.relative_to(site).as_posix()).startswith(".")
    }


def build(project: Path, site: Path) -> None:
    result = mkdocs_build_in_process(project, site, env=ENV)
    assert result.returncode == 0, result.stderr[-3000:]


def test_a_build_over_another_build_leaves_what_a_build_into_an_empty_folder_leaves(tmp_path):
    project = copy_project(tmp_path / "project")
    importer.apply(project, importer.plan(project, IMPORTED_SOURCE, IMPORTED_SLUG))
    second = speechfiles.write_txt(tmp_path / "社区治理讲话.txt")
    importer.apply(project, importer.plan(project, second, GONE))
    (project / "docs" / "topic").write_text("一个没有扩展名的文件", encoding="utf-8")
    site = tmp_path / "site"
    (site / ".git").mkdir(parents=True)
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    build(project, site)
    assert old_output.supported(site), "the test runs where the previous build is written over (POSIX, case told)"
    shards = sorted((site / "search" / "shards").rglob("*"))
    assert shards and (site / "docx" / GONE).is_dir() and (site / GONE).is_dir() and (site / "topic").is_file()
    pdf = next(rel for rel in pipeline.planned_files(Project.load(project)) if rel.startswith("pdf/"))
    (site / pdf).parent.mkdir(parents=True, exist_ok=True)
    (site / pdf).write_bytes(b"%PDF- as the export left it")

    shutil.rmtree(project / "speeches" / GONE)
    shutil.rmtree(project / "docs" / GONE)
    (project / "docs" / "topic").unlink()
    (project / "docs" / "topic.md").write_text("# 专题 { #topic }\n\n一页新的说明。\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  /print.md\n", "  /print.md\n  /topic.md\n"))
    build(project, site)
    empty = tmp_path / "empty"
    build(project, empty)

    over, clean = tree(site), tree(empty)
    assert sorted(over.keys() - clean.keys()) == [] and sorted(clean.keys() - over.keys()) == []
    assert sorted(rel for rel in clean if over[rel] != clean[rel]) == []
    assert (site / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/gh-pages\n"
    assert not (site / GONE).exists() and (site / "topic" / "index.html").is_file() and not (site / pdf).exists()
    assert len(sorted((site / "search" / "shards").rglob("*"))) < len(shards)  # fewer sections: fewer shards
    assert not [p for p in site.rglob("*") if p.is_dir() and not any(p.iterdir())], "an empty folder was left"
