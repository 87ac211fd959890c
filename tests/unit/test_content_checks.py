"""postbuild/content_checks.py: the page contents' sanitizer check while MkDocs converts, in another Python when
the build has many pages; the same verdicts, in the same order, as checking each content here."""

from __future__ import annotations

import pytest

from speech_study.buildcache import BuildCache
from speech_study.errors import ContentError
from speech_study.postbuild import content_checks, other_process
from speech_study.postbuild.content_safety import check_content

GOOD = "<p>正文</p>"
BAD = [("docs/b.md", "<p>正文</p>\n<script>alert(1)</script>"), ("docs/c.md", "<div>没有关上")]


def _contents(n: int = 30) -> list[tuple[str, str]]:
    contents = [(f"docs/p{k}.md", f"<p>第{k}页</p>") for k in range(n)]
    return contents[:10] + BAD + contents[10:]


def _first_error(contents) -> str:
    for where, html in contents:
        try:
            check_content(html, where)
        except ContentError as exc:
            return str(exc)
    raise AssertionError("no content fails")


@pytest.fixture
def cores(monkeypatch):
    def set_cores(n: int) -> None:
        monkeypatch.setattr(other_process.os, "cpu_count", lambda: n)

    monkeypatch.setattr(content_checks, "FEW_PAGES", 2)
    return set_cores


@pytest.mark.parametrize("n", [1, 2])
def test_the_first_content_that_fails_stops_the_build_with_the_line_it_gives_here(tmp_path, cores, n):
    cores(n)
    contents = _contents()
    job = content_checks.ChecksJob(BuildCache(tmp_path / "cache", "test"), pages=len(contents))
    for where, html in contents:
        job.check(where, html)
    assert (job.process is not None) == (n == 2)
    with pytest.raises(ContentError) as raised:
        job.finish()
    assert str(raised.value) == _first_error(contents)


@pytest.mark.parametrize("n", [1, 2])
def test_contents_that_passed_are_taken_from_the_cache_without_another_process(tmp_path, cores, n):
    cores(n)
    contents = [(f"docs/p{k}.md", f"<p>第{k}页</p>") for k in range(30)]
    cache = BuildCache(tmp_path / "cache", "test")
    first = content_checks.ChecksJob(cache, pages=len(contents))
    for where, html in contents:
        first.check(where, html)
    first.finish()
    assert len(cache.stats.missed(content_checks.KIND)) == len(contents)
    again = content_checks.ChecksJob(BuildCache(tmp_path / "cache", "test"), pages=len(contents))
    for where, html in contents:
        again.check(where, html)
    assert again.process is None  # every verdict was in the cache: nothing started
    again.finish()
    assert again.cache.stats.hit(content_checks.KIND) == [where for where, _ in contents]
    assert again.cache.stats.missed(content_checks.KIND) == []


def test_few_pages_are_checked_here(tmp_path, cores):
    cores(2)
    job = content_checks.ChecksJob(BuildCache.off(), pages=1)
    job.check("docs/a.md", GOOD)
    assert job.process is None
    job.finish()


def test_contents_sent_to_a_process_that_died_are_checked_here(tmp_path, cores, monkeypatch):
    """The checks only read, and write verdicts to the cache: after a process that ended without an answer,
    every content it was sent is checked again here, with the same outcome."""
    cores(2)
    (tmp_path / "dies_reading.py").write_text("import os\nos._exit(9)\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    real = other_process.OtherProcess.start

    def start(module, inputs, streamed=False):
        return real("dies_reading", inputs, streamed)

    monkeypatch.setattr(other_process.OtherProcess, "start", start)
    contents = _contents()
    job = content_checks.ChecksJob(BuildCache.off(), pages=len(contents))
    for where, html in contents:
        job.check(where, html)
    assert job.process is not None
    with pytest.raises(ContentError) as raised:
        job.finish()
    assert str(raised.value) == _first_error(contents)


def test_a_failed_build_ends_the_checks_process(cores):
    cores(2)
    job = content_checks.ChecksJob(BuildCache.off(), pages=10)
    job.check("docs/a.md", GOOD)
    process = job.process
    assert process is not None
    job.stop()
    assert job.process is None and process.popen.returncode is not None


@pytest.mark.parametrize("sent_first", [0, 5, 11, 40])
def test_contents_past_the_backlog_are_checked_here_and_the_first_failing_is_still_named(
    tmp_path, cores, monkeypatch, sent_first
):
    """Once the other process is BACKLOG contents behind, the rest are checked here, after its answer: the first
    content that fails, in order, is the one named, whichever side checked it."""
    cores(2)
    calls = iter(range(10_000))
    monkeypatch.setattr(
        other_process.OtherProcess, "backlog", property(lambda self: 0 if next(calls) < sent_first else 10**6)
    )
    contents = [(f"docs/p{k}.md", f"<p>第{k}页</p>") for k in range(30)]
    contents[3:3] = [BAD[0]]
    contents[20:20] = [BAD[1]]
    job = content_checks.ChecksJob(BuildCache(tmp_path / "cache", "test"), pages=len(contents))
    for where, html in contents:
        job.check(where, html)
    assert len(job.sent) == min(sent_first, len(contents)) and len(job.sent) + len(job.here) == len(contents)
    with pytest.raises(ContentError) as raised:
        job.finish()
    assert str(raised.value) == _first_error(contents)


def test_small_contents_past_the_backlog_still_go_to_the_other_process(tmp_path, cores):
    """Contents go to the other process in batches of about BATCH_BYTES: the batch being filled is no part of the
    backlog, so twice BACKLOG short contents (a batch of them under BATCH_BYTES) are all sent, none kept here
    (found by a review: the unsent batch counted, every content after the first BACKLOG was checked here)."""
    cores(2)
    contents = [(f"docs/p{k}.md", f"<p>第{k}段</p>") for k in range(2 * content_checks.BACKLOG)]
    job = content_checks.ChecksJob(BuildCache(tmp_path / "cache", "test"), pages=len(contents))
    for where, html in contents:
        job.check(where, html)
    assert len(job.sent) == len(contents) and job.here == [], (len(job.sent), len(job.here))
    job.finish()
