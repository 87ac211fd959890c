"""The previous build's files are written over, and what the build did not write is deleted
(adapters/old_output.py): what MkDocs' cleaning would delete, and only that, is gone at the end."""

from __future__ import annotations

import os
from pathlib import Path

import mkdocs.utils
import pytest

from speech_study.adapters import old_output


def _tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A previous build's folder, and the dot-entries the engine's cleaning keeps."""
    assert old_output.supported(), "these tests run where the previous build is written over (POSIX)"
    site = tmp_path / "site"
    for rel in ("index.html", "part-1/index.html", "part-1/gone.png", "gone/index.html", "docx/a.docx", "docx/b.docx"):
        _write(site / rel, "旧")
    _write(site / ".speech-study-build.json", "{}")
    _write(site / ".git" / "HEAD", "ref")
    return site


def test_the_files_the_cleaning_deletes_are_noted_and_the_cleaning_skips_this_folder_only(site, tmp_path):
    other = tmp_path / "other"
    _write(other / "x.html", "x")
    original = mkdocs.utils.clean_directory
    previous = old_output.Previous.take(site)
    try:
        assert set(previous.files) == {
            "index.html",
            "part-1/index.html",
            "part-1/gone.png",
            "gone/index.html",
            "docx/a.docx",
            "docx/b.docx",
        }
        mkdocs.utils.clean_directory(str(site))
        assert "index.html" in _tree(site)  # not cleaned: written over
        mkdocs.utils.clean_directory(str(other))
        assert _tree(other) == set()  # any other folder is cleaned as before
    finally:
        old_output.Previous.restore()
    assert mkdocs.utils.clean_directory is original
    mkdocs.utils.clean_directory(str(site))
    assert _tree(site) == {".speech-study-build.json", ".git", ".git/HEAD"}


def test_what_the_build_did_not_write_is_deleted_with_the_folders_it_alone_filled(site):
    previous = old_output.Previous.take(site)
    old_output.Previous.restore()
    _write(site / "index.html", "新")  # written over in place
    temp = site / "part-1" / "new.tmp"
    _write(temp, "新")
    os.replace(temp, site / "part-1" / "index.html")  # replaced (another inode)
    _write(site / "new" / "index.html", "新")  # a file the previous build did not have
    assert previous.sweep(keep=lambda rel: rel.startswith("docx/")) == 2
    assert _tree(site) == {
        ".speech-study-build.json",
        ".git",
        ".git/HEAD",
        "index.html",
        "part-1",
        "part-1/index.html",
        "new",
        "new/index.html",
        "docx",
        "docx/a.docx",
        "docx/b.docx",
    }
    _write(site / "docx" / "a.docx", "新")  # the passes write one of the kept files over
    assert previous.finish() == 1
    assert {rel for rel in _tree(site) if rel.startswith("docx")} == {"docx", "docx/a.docx"}
    assert (site / "docx" / "a.docx").read_text(encoding="utf-8") == "新"


def test_a_file_where_a_folder_goes_and_a_folder_where_a_file_goes_are_cleared(site):
    _write(site / "topic", "旧文件")
    previous = old_output.Previous.take(site)
    old_output.Previous.restore()
    previous.clear_way(["topic/index.html", "gone", "index.html"])
    assert not (site / "topic").exists() and not (site / "gone").exists()
    assert (site / "index.html").is_file() and (site / "part-1" / "gone.png").is_file()
    _write(site / "topic" / "index.html", "新")
    _write(site / "gone", "新")


def test_no_folder_notes_nothing(tmp_path):
    previous = old_output.Previous.take(tmp_path / "none")
    old_output.Previous.restore()
    assert previous.files == {} and previous.sweep(lambda rel: False) == 0 and previous.finish() == 0
