"""conftest.mkdocs_build_in_process: each build on its own, as a new `mkdocs build --strict` would be."""

from __future__ import annotations

import logging
import os

import pytest
from conftest import copy_project, mkdocs_build_in_process

GOOD, BAD = "term: 牛鼻子", "term: 马鼻子"  # a glossary term the speech does not have stops the build (on_config)


def state() -> tuple:
    """What one in-process build could leave behind for the next: the `mkdocs` logger, os.environ, the folder."""
    logger = logging.getLogger("mkdocs")
    return logger.level, logger.propagate, list(logger.handlers), dict(os.environ), os.getcwd()


@pytest.mark.slow
def test_a_good_build_after_a_bad_one_and_a_bad_one_after_a_good_one(tmp_path):
    """good, bad, good, bad: each gives what it would alone, and leaves the process as it found it."""
    project = copy_project(tmp_path / "project")
    glossary = project / "glossary.yml"
    text = glossary.read_text(encoding="utf-8")
    before = state()
    for run, wording in enumerate([GOOD, BAD, GOOD, BAD]):
        glossary.write_text(text.replace(GOOD, wording), encoding="utf-8")
        # PDF_EXPORT and BUILD_CACHE only for the build: a good one would otherwise export PDFs and use a cache
        result = mkdocs_build_in_process(project, tmp_path / f"out-{run}", env={"PDF_EXPORT": "0", "BUILD_CACHE": "0"})
        errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
        if wording == GOOD:
            assert result.returncode == 0 and errors == [] and "WARNING" not in result.stderr, result.stderr[-3000:]
            assert (tmp_path / f"out-{run}" / "index.html").is_file()
        else:
            assert result.returncode == 1 and len(errors) == 1, result.stderr[-3000:]
            assert "glossary.yml：第" in errors[0] and "术语“马鼻子”在讲话里没有出现" in errors[0], errors
            assert result.stdout.strip() == "Aborted with a BuildError!"
        assert state() == before


@pytest.mark.slow
def test_a_docs_file_where_a_word_file_goes_stops_the_build_with_one_line(tmp_path):
    """MkDocs copies docs/docx/speech.docx where the build writes its own Word file: refused before any is written."""
    project = copy_project(tmp_path / "project")
    (project / "docs" / "docx").mkdir()
    (project / "docs" / "docx" / "speech.docx").write_bytes(b"PK")
    result = mkdocs_build_in_process(project, tmp_path / "out", env={"PDF_EXPORT": "0", "BUILD_CACHE": "0"})
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert result.returncode == 1 and len(errors) == 1, result.stderr[-3000:]
    line = "docs/docx/speech.docx：与构建生成的文件“docx/speech.docx”同名，会被覆盖或覆盖它；请改名，或移到别的文件夹"
    assert errors[0].endswith(line)
    assert not (tmp_path / "out" / "docx").exists()


@pytest.mark.slow
def test_a_docs_file_mkdocs_leaves_out_is_no_clash(tmp_path):
    """The same file left out by `exclude_docs` is not copied: the build goes on and writes its own Word file
    (a review found it refused)."""
    project = copy_project(tmp_path / "project")
    (project / "docs" / "docx").mkdir()
    (project / "docs" / "docx" / "speech.docx").write_bytes(b"PK")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nexclude_docs: /docx/\n", encoding="utf-8")
    result = mkdocs_build_in_process(project, tmp_path / "out", env={"PDF_EXPORT": "0", "BUILD_CACHE": "0"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "out" / "docx" / "speech.docx").read_bytes()[:2] == b"PK"
    assert (tmp_path / "out" / "docx" / "speech.docx").stat().st_size > 1000
