"""The previous build's files are written over, and what the build did not write is deleted
(adapters/old_output.py): what MkDocs' cleaning would delete, and only that, is gone at the end; nothing
outside the folder changes; a coarse clock, hard links and symbolic links change nothing of that."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import mkdocs.utils
import pytest

from speech_study.adapters import old_output

DOTS = {".speech-study-build.json", ".git", ".git/HEAD"}


def _tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _take(site: Path) -> old_output.Previous:
    assert old_output.supported(site), "these tests run where the previous build is written over (POSIX)"
    previous = old_output.Previous.take(site)
    old_output.Previous.restore()
    assert previous is not None
    return previous


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A previous build's folder, and the dot-entries the engine's cleaning keeps."""
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
        assert previous is not None and previous.files == {
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
    assert _tree(site) == DOTS


def test_what_the_build_did_not_write_is_deleted_with_the_folders_it_alone_filled(site):
    previous = _take(site)
    _write(site / "index.html", "新")  # written over in place
    temp = site / "part-1" / "new.tmp"
    _write(temp, "新")
    os.replace(temp, site / "part-1" / "index.html")  # replaced (another inode)
    _write(site / "new" / "index.html", "新")  # a file the previous build did not have
    assert previous.sweep(keep=lambda rel: rel.startswith("docx/")) == 2
    assert _tree(site) == DOTS | {
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


def test_a_file_written_again_in_the_same_tick_of_a_coarse_clock_is_kept(site):
    """A file system whose clock counts whole seconds (ext3, FAT, HFS+): the build's write may carry the very
    time the previous build's did. It is kept all the same."""
    before = os.stat(site / "index.html").st_mtime_ns
    previous = _take(site)
    _write(site / "index.html", "新")
    os.utime(site / "index.html", ns=(before, before))  # as that clock would stamp it
    assert previous.sweep(keep=lambda rel: False) == 5
    assert (site / "index.html").read_text(encoding="utf-8") == "新"


def test_a_hard_linked_file_outside_the_folder_keeps_its_contents(site, tmp_path):
    """A backup made with `cp -al` shares the files' inodes: written in place, it would change too."""
    backup = tmp_path / "backup.html"
    os.link(site / "index.html", backup)
    previous = _take(site)
    assert "index.html" not in previous.files and not (site / "index.html").exists()  # deleted now, as cleaned
    _write(site / "index.html", "新")
    previous.sweep(keep=lambda rel: False)
    assert backup.read_text(encoding="utf-8") == "旧" and (site / "index.html").read_text(encoding="utf-8") == "新"


def test_symbolic_links_are_never_written_through(site, tmp_path):
    outside = tmp_path / "outside.html"
    _write(outside, "别处的文件")
    os.symlink(outside, site / "404.html")
    (tmp_path / "elsewhere").mkdir()
    _write(tmp_path / "elsewhere" / "x.css", "别处")
    os.symlink(tmp_path / "elsewhere", site / "part-1" / "linked")  # a link to a folder, inside
    os.symlink(tmp_path / "elsewhere", site / "mirror")  # a link to a folder, at the top: the cleaning keeps it
    previous = _take(site)
    _write(site / "404.html", "新")
    previous.sweep(keep=lambda rel: False)
    assert outside.read_text(encoding="utf-8") == "别处的文件"
    assert not (site / "404.html").is_symlink() and (site / "404.html").read_text(encoding="utf-8") == "新"
    assert not (site / "part-1").exists() and (tmp_path / "elsewhere" / "x.css").is_file()
    assert (site / "mirror").is_symlink()  # as MkDocs' cleaning leaves it
    mkdocs.utils.clean_directory(str(site))
    assert (site / "mirror").is_symlink()


def test_a_file_where_a_folder_goes_and_a_folder_where_a_file_goes_are_cleared(site):
    _write(site / "topic", "旧文件")
    previous = _take(site)
    previous.clear_way(["topic/index.html", "gone", "index.html"])
    assert not (site / "topic").exists() and not (site / "gone").exists()
    assert (site / "index.html").is_file() and (site / "part-1" / "gone.png").is_file()
    _write(site / "topic" / "index.html", "新")
    _write(site / "gone", "新")


def test_an_engine_registered_under_two_names_is_restored(site, monkeypatch):
    """ProperDocs may make `mkdocs.utils` the very module `properdocs.utils` is: patched once, restored."""
    monkeypatch.setitem(sys.modules, "properdocs.utils", mkdocs.utils)
    original = mkdocs.utils.clean_directory
    old_output.Previous.take(site)
    old_output.Previous.restore()
    assert mkdocs.utils.clean_directory is original


def test_no_folder_or_a_file_system_blind_to_case_is_cleaned_as_before(site, tmp_path, monkeypatch):
    assert not old_output.supported(tmp_path / "none") and not (tmp_path / "none").exists()
    real = Path.exists
    monkeypatch.setattr(Path, "exists", lambda p: p.name == old_output.PROBE.upper() or real(p))
    assert not old_output.supported(site)
    assert not (site / old_output.PROBE).exists()


def test_another_users_file_is_deleted_before_the_build_and_an_unreadable_folder_left_to_the_cleaning(
    site, monkeypatch
):
    """In a shared folder only a file's owner may set its time (EPERM): that file goes now, as the cleaning would
    delete it; a folder that cannot be read at all is not taken over (the engine cleans it, and says why not)."""
    utime = os.utime

    def not_owner(path, *args, **kwargs):
        if str(path).endswith("gone.png"):
            raise PermissionError(1, "Operation not permitted")
        return utime(path, *args, **kwargs)

    monkeypatch.setattr(old_output.os, "utime", not_owner)
    previous = _take(site)
    assert "part-1/gone.png" not in previous.files and not (site / "part-1" / "gone.png").exists()
    assert "part-1/index.html" in previous.files

    def unreadable(path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(old_output.os, "listdir", unreadable)
    original = mkdocs.utils.clean_directory
    assert old_output.Previous.take(site) is None and mkdocs.utils.clean_directory is original
