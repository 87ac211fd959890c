"""adapters/zensical.run_zensical: a Zensical build that ends without error but writes no page is built once more
with its cache emptied; a second one is one line of error, never a site built from nothing."""

from __future__ import annotations

import subprocess

import pytest

from speech_study.adapters import zensical
from speech_study.errors import ContentError


def fake(writes: list[bool], calls: list[bool]):
    """A stand-in for Zensical: at its n-th run it writes the home page or not, as `writes` says."""

    def run(root, config):
        calls.append((root / ".cache").exists())
        if writes[len(calls) - 1]:
            (root / zensical.WORK).mkdir()
            (root / zensical.WORK / "index.html").write_text("<html></html>", encoding="utf-8")
        return subprocess.CompletedProcess(["zensical"], 0, stdout="Build finished in 0.07s\n")

    return run


def test_a_build_that_wrote_no_page_is_made_again_with_the_cache_emptied(tmp_path, capsys):
    (tmp_path / ".cache").mkdir()
    calls: list[bool] = []
    result = zensical.run_zensical(tmp_path, tmp_path / "c.yml", tmp_path / zensical.WORK, fake([False, True], calls))
    assert result.returncode == 0 and (tmp_path / zensical.WORK / "index.html").is_file()
    assert calls == [True, False]  # the second run without Zensical's cache
    assert capsys.readouterr().out.strip() == "Zensical 没有写出页面：清空它的缓存（.cache）再构建一次"


def test_a_second_build_without_pages_is_one_line_of_error(tmp_path):
    calls: list[bool] = []
    with pytest.raises(ContentError) as raised:
        zensical.run_zensical(tmp_path, tmp_path / "c.yml", tmp_path / zensical.WORK, fake([False, False], calls))
    assert len(calls) == 2 and "\n" not in str(raised.value) and "没有写出任何页面" in str(raised.value)


def test_a_build_that_wrote_its_pages_runs_once_and_a_failed_one_is_returned(tmp_path):
    calls: list[bool] = []
    zensical.run_zensical(tmp_path, tmp_path / "c.yml", tmp_path / zensical.WORK, fake([True], calls))
    assert calls == [False]

    def failing(root, config):
        return subprocess.CompletedProcess(["zensical"], 1, stdout="error\n")

    assert zensical.run_zensical(tmp_path, tmp_path / "c.yml", tmp_path / zensical.WORK, failing).returncode == 1
