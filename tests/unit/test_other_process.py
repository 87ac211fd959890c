"""postbuild/other_process.py: what comes back from work done in another Python, and what a caller may do
when that process ends without an answer."""

from __future__ import annotations

import pickle
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from processes import wait_gone

from speech_study.buildcache import BuildCache
from speech_study.errors import ContentError
from speech_study.postbuild import other_process, pipeline


@given(st.text(), st.text(), st.one_of(st.none(), st.text()))
def test_a_content_error_is_the_same_after_pickling(file, problem, entry):
    error = ContentError(file, problem, entry)
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is ContentError and str(again) == str(error)
    assert (again.file, again.entry, again.problem) == (error.file, error.entry, error.problem)


@pytest.fixture
def modules(tmp_path, monkeypatch):
    """Write a module the other Python can run (`python -m` finds it in the working folder)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(other_process.os, "cpu_count", lambda: 2)

    def write(name: str, body: str) -> str:
        head = "from speech_study.postbuild.other_process import serve\nfrom speech_study.errors import ContentError\n"
        (tmp_path / f"{name}.py").write_text(head + textwrap.dedent(body), encoding="utf-8")
        return name

    return write


def test_a_content_error_raised_there_is_raised_here_as_it_was(modules):
    name = modules(
        "raises_content_error",
        """
        def work(inputs):
            raise ContentError("docs/x.md", "第二行\\n坏了", inputs)

        if __name__ == "__main__":
            serve(work)
        """,
    )
    process = other_process.OtherProcess.start(name, "条目")
    with pytest.raises(ContentError) as raised:
        process.answer()
    assert str(raised.value) == "docs/x.md：条目：第二行 坏了" and process.began


def test_an_error_that_cannot_come_back_comes_back_as_its_type_and_message(modules):
    name = modules(
        "raises_odd_error",
        """
        class Odd(Exception):
            def __init__(self, a, b):
                super().__init__(f"{a}{b}")

        def work(inputs):
            raise Odd("半", "句")

        if __name__ == "__main__":
            serve(work)
        """,
    )
    with pytest.raises(RuntimeError, match="Odd: 半句"):
        other_process.OtherProcess.start(name, None).answer()


def _pages_job(process) -> tuple[pipeline.PagesJob, list]:
    job = pipeline.PagesJob(["paths"], pipeline.PageInputs("layout", "project", "scopes", BuildCache.off(), {}, None))
    job.process = process
    return job


def test_a_pages_process_that_died_at_work_stops_the_build_with_one_line(modules, monkeypatch):
    """The page passes change files in place: after a process that began them and died, passing the same pages
    again here would stack edits on edits, so the build stops and asks for a new one."""
    name = modules(
        "dies_at_work",
        """
        import os

        def work(inputs):
            os._exit(9)

        if __name__ == "__main__":
            serve(work)
        """,
    )
    done_here = []
    monkeypatch.setattr(pipeline, "process_pages", lambda *args: done_here.append(args))
    job = _pages_job(other_process.OtherProcess.start(name, None))
    with pytest.raises(ContentError) as raised:
        job.finish()
    message = str(raised.value)
    assert message.startswith("构建后处理：") and "退出码9" in message and "请重新构建" in message
    assert "\n" not in message and done_here == [] and job.process is None


def test_a_pages_process_that_never_began_leaves_the_pages_to_this_one(modules, monkeypatch):
    done_here = []
    monkeypatch.setattr(pipeline, "process_pages", lambda *args: done_here.append(args))
    process = other_process.OtherProcess.start("no.such.module.here", None)
    job = _pages_job(process)
    job.finish()
    assert not process.began and len(done_here) == 1


def test_starting_does_not_wait_for_the_other_python_to_read_its_inputs(modules, tmp_path):
    """Inputs larger than a pipe holds are written beside the build: starting returns while the other Python is
    still starting (here: until a file appears), and the answer comes once it has read them."""
    name = modules(
        "reads_when_told",
        """
        import pathlib, time

        def work(inputs):
            return (len(inputs),)

        if __name__ == "__main__":
            while not pathlib.Path("go").exists():
                time.sleep(0.01)
            serve(work)
        """,
    )
    import threading

    started: list = []
    starting = threading.Thread(target=lambda: started.append(other_process.OtherProcess.start(name, "字" * 1_000_000)))
    starting.start()
    starting.join(timeout=60)
    try:
        assert not starting.is_alive(), "start() waited for the other Python to read its inputs"
    finally:
        (tmp_path / "go").write_text("", encoding="utf-8")
        starting.join()
    assert started[0].answer() == (1_000_000,)


@pytest.mark.parametrize("batch", [1, other_process.BATCH_BYTES])
def test_a_streamed_process_works_on_each_item_as_it_is_sent_and_answers_once_the_stream_ends(
    modules, tmp_path, monkeypatch, batch
):
    """send() goes on while the other Python works: here it has answered each batch in a file before the next
    is sent (so the items are read as they come, not at the end), and the answer holds them all, in order. Items
    go in batches of about BATCH_BYTES: one of that size is handed over at once, smaller ones wait for more."""
    name = modules(
        "streamed",
        """
        import pathlib

        def work(inputs, items):
            got = []
            for item in items:
                got.append(item)
                pathlib.Path(f"seen-{len(got)}").write_text(repr(item), encoding="utf-8")
            return inputs, got

        if __name__ == "__main__":
            serve(work, streamed=True)
        """,
    )
    import time

    monkeypatch.setattr(other_process, "BATCH_BYTES", batch)
    process = other_process.OtherProcess.start(name, "首", streamed=True)
    items = [("docs/a.md", "正文" * 50_000), ("docs/b.md", ""), ("docs/c.md", "<p>三</p>")]
    for n, item in enumerate(items, start=1):
        process.send(item)
        if batch > 1 and n > 1:
            assert len(process.batch) == n - 1  # held here until more come, or the end
            continue
        deadline = time.monotonic() + 60
        while not (tmp_path / f"seen-{n}").exists():  # a condition, not a sleep: the item has been worked on
            assert time.monotonic() < deadline, f"item {n} was not read before the stream ended"
            time.sleep(0.01)
    assert process.answer() == ("首", items) and process.began


def test_a_streamed_process_that_raises_part_way_raises_here_and_the_rest_of_the_stream_is_not_waited_for(modules):
    name = modules(
        "streamed_raises",
        """
        def work(inputs, items):
            for where, html in items:
                if "坏" in html:
                    raise ContentError(where, "坏了")
            return ()

        if __name__ == "__main__":
            serve(work, streamed=True)
        """,
    )
    process = other_process.OtherProcess.start(name, None, streamed=True)
    for k in range(200):
        process.send((f"docs/{k}.md", "坏" if k == 3 else "好" * 10_000))
    with pytest.raises(ContentError, match="docs/3.md：坏了"):
        process.answer()


def test_a_stream_cut_short_ends_the_other_process_without_finishing_its_work(modules, tmp_path):
    """The build's process gone (killed, out of memory) closes the stream without its end: the other process does
    not take that for the end, so a work that writes once the stream ends (the library's index over a previous
    build's files, found by a review) writes nothing; a stream that ends as the build ends it finishes."""
    import subprocess
    import sys

    name = modules(
        "writes_at_the_end",
        """
        import pathlib

        def work(inputs, items):
            got = list(items)
            pathlib.Path("written").write_text(repr(got), encoding="utf-8")
            return (got,)

        if __name__ == "__main__":
            serve(work, streamed=True)
        """,
    )
    item = pickle.dumps(("docs/a.md", "一"))
    for cut in (item, item[:-3]):  # no end: as if the build died between two items, or in the middle of one
        child = subprocess.run([sys.executable, "-m", name], input=pickle.dumps("首") + cut, capture_output=True)
        assert child.stdout == other_process.BEGUN and not (tmp_path / "written").exists(), child
    process = other_process.OtherProcess.start(name, "首", streamed=True)
    process.send(("docs/a.md", "一"))
    assert process.answer() == ([("docs/a.md", "一")],) and (tmp_path / "written").exists()


PARENT = """
import os, pathlib, sys, time
from speech_study.postbuild import other_process
other_process.os.cpu_count = lambda: 2
process = other_process.OtherProcess.start("works_on", None, streamed=sys.argv[1] == "streamed")
process.end_stream()
print(process.popen.pid, flush=True)
deadline = time.monotonic() + 60
while not pathlib.Path("working").exists() and time.monotonic() < deadline:
    time.sleep(0.01)
os._exit(0)  # the build's process gone without a word, as when it is killed
"""


@pytest.mark.parametrize("streamed", ["streamed", "inputs only"])
def test_the_other_process_ends_at_once_when_the_builds_process_is_gone(modules, tmp_path, streamed):
    """Its stdin is its lifeline: the build's process gone (killed after the stream ended, or while the work runs)
    ends the other process wherever its work has got to. Found by a review: an orphaned Word process went on
    writing a killed build's files over the next build's."""
    import subprocess
    import sys

    modules(
        "works_on",
        """
        import itertools, pathlib, sys

        def work(inputs, items=()):
            for _ in items:
                pass
            for n in itertools.count():  # writing into the site until the build takes the answer: never, here
                pathlib.Path("working").write_text(str(n), encoding="utf-8")

        if __name__ == "__main__":
            serve(work, streamed=True) if "streamed" in sys.argv[0] else serve(work)
        """,
    )
    if streamed == "streamed":
        (tmp_path / "works_on.py").rename(tmp_path / "works_on_streamed.py")
        (tmp_path / "parent.py").write_text(PARENT.replace('"works_on"', '"works_on_streamed"'), encoding="utf-8")
    else:
        (tmp_path / "parent.py").write_text(PARENT, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, "parent.py", streamed], cwd=tmp_path, stdout=subprocess.PIPE)
    pid = int(parent.stdout.readline())
    parent.wait(timeout=120)
    parent.stdout.close()
    try:
        assert (tmp_path / "working").exists()  # it was at work when the build's process went
    finally:
        wait_gone(pid, 30, "the other process went on working after the build's process was gone")


@given(
    pages=st.integers(min_value=0, max_value=60),
    changed=st.sets(st.integers(min_value=0, max_value=59)),
    here_first=st.booleans(),
    few=st.integers(min_value=2, max_value=12),
)
def test_pages_are_shared_with_another_process_only_when_many_are_made(pages, changed, here_first, few):
    """pipeline.process_shared: the later half goes to another process at once, unless the pages are to be done
    here first (few written anew, the other core busy): then every page is done here, unless FEW_PAGES // 2 of them
    turn out not to be in the cache while FEW_PAGES or more are still to do: the later half of those then goes to
    the other process. Every page is done once, here in order or there."""
    paths = [Path(f"p{n}.html") for n in range(pages)]
    here: list[Path] = []
    inputs = type("Inputs", (), {"cache": BuildCache.off()})()
    misses = inputs.cache.stats.misses

    def process(some, given):
        assert given is inputs
        for path in some:
            here.append(path)
            if int(path.stem[1:]) in changed:
                misses.append(("page", path.as_posix()))

    with pytest.MonkeyPatch.context() as m:
        m.setattr(pipeline, "FEW_PAGES", few)
        m.setattr(pipeline, "process_pages", process)
        m.setattr(pipeline.PagesJob, "start", classmethod(lambda cls, some, given: cls(list(some), given)))
        later = pipeline.process_shared(paths, inputs, here_first)
    there = later.paths
    assert here + there == paths  # each once: here from the first, there the last ones
    if not here_first:
        assert len(there) == pages - pages // 2
        return
    # where the hand-off was due: the first page after which enough were made here and enough are left
    made, due = 0, None
    for n, path in enumerate(paths):
        made += int(path.stem[1:]) in changed
        if made >= few // 2 and pages - n - 1 >= few:
            due = n + 1
            break
    if due is None:
        assert there == []
    else:
        rest = pages - due
        assert len(here) == due + rest // 2 and len(there) == rest - rest // 2


def test_a_page_refused_in_the_first_half_ends_the_process_doing_the_later_half(monkeypatch):
    """pipeline.process_shared: the later half's process is started before the first half is done here; a page
    refused here ends it (the build stops: nothing goes on processing its pages), found by a review."""
    stopped: list[list[Path]] = []

    class Job(pipeline.PagesJob):
        def stop(self) -> None:
            stopped.append(self.paths)

    def process(some, given):
        raise ContentError("docs/x.md", "refused")

    monkeypatch.setattr(pipeline, "process_pages", process)
    monkeypatch.setattr(pipeline.PagesJob, "start", classmethod(lambda cls, some, given: Job(list(some), given)))
    paths = [Path(f"p{n}.html") for n in range(4)]
    with pytest.raises(ContentError):
        pipeline.process_shared(paths, type("Inputs", (), {"cache": BuildCache.off()})())
    assert stopped == [paths[2:]]
