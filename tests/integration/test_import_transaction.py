"""An import is all or nothing and one at a time: killed at every step, it leaves the old speech or the new one.

The import runs in a subprocess whose step hook (transaction.STEP_HOOK) ends
the process with os._exit at step N, for every N until the import runs
through; the tree is then recovered as the next build does it (or by the next
import) and must be exactly the old import or exactly the new one, with no
staging left. A second import while one holds the lock is refused with one
line, and a lock left by a dead process is taken over.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import speechfiles
from sitetext import ROOT

from speech_study import buildcache, importer
from speech_study.errors import ContentError
from speech_study.importer import transaction

SCRIPT = ROOT / "scripts" / "import_speech.py"
REVISED = speechfiles.TEXT.replace("今天", "本日").replace("（2）配齐", "（2）配强")

# runs the import script with a step hook: exit 70 at step N (printing its name), or wait at a named step
RUNNER = """
import os, runpy, sys, time
from pathlib import Path
from speech_study.importer import transaction
crash_at, pause_at, folder = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
count = 0
def hook(name):
    global count
    count += 1
    if count == crash_at:
        print("STEP " + name, file=sys.stderr, flush=True)
        os._exit(70)
    if name == pause_at:
        (folder / "paused").write_text("1")
        deadline = time.monotonic() + 60
        while not (folder / "go").exists() and time.monotonic() < deadline:
            time.sleep(0.01)
transaction.STEP_HOOK = hook
sys.argv = [sys.argv[4], *sys.argv[5:]]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


@pytest.fixture
def project(tmp_path) -> Path:
    from conftest import copy_sources

    return copy_sources(tmp_path / "project")


def contents(folder: Path) -> dict[str, bytes]:
    """Every file of the project but the import's own folder and the build's cache (a build writes it), by content."""
    own = (transaction.FOLDER + "/", buildcache.FOLDER.as_posix() + "/")
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.relative_to(folder).as_posix().startswith(own)
    }


def leftovers(folder: Path) -> list[str]:
    staging = folder / transaction.FOLDER
    return sorted(p.name for p in staging.iterdir()) if staging.is_dir() else []


def run(project: Path, source: Path, crash_at: int = 0, pause_at: str = "", slug: str = "shequ"):
    return subprocess.Popen(
        [sys.executable, "-c", RUNNER, str(crash_at), pause_at, str(project.parent), str(SCRIPT)]
        + [str(source), "--slug", slug, "--root", str(project), "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow  # a subprocess per step
def test_killed_at_every_step_the_next_build_or_import_finds_the_old_speech_or_the_new_one(project, tmp_path):
    first = speechfiles.write_txt(tmp_path / "v1.txt")
    importer.apply(project, importer.plan(project, first, "shequ"))
    old = contents(project)
    revised = speechfiles.write_txt(tmp_path / "v2.txt", REVISED)
    reference = tmp_path / "reference"
    shutil.copytree(project, reference)
    importer.apply(reference, importer.plan(reference, revised, "shequ"))
    new = contents(reference)
    assert new != old
    seen_journal = False
    for n in range(1, 200):
        trial = tmp_path / f"trial-{n}" / "project"
        shutil.copytree(project, trial)
        proc = run(trial, revised, crash_at=n)
        out, err = proc.communicate(timeout=120)
        if proc.returncode == 0:
            assert contents(trial) == new and leftovers(trial) == []
            break
        assert proc.returncode == 70, err
        name = err.strip().splitlines()[-1].removeprefix("STEP ")
        # the next build (the plugin's call) or the next import finishes what the killed one began
        if n % 2:
            transaction.locked_recover(trial)
            expected = new if seen_journal else old  # the journal written: the switch goes forward
            assert contents(trial) == expected, (n, name)
        else:
            importer.apply(trial, importer.plan(trial, revised, "shequ"))
            assert contents(trial) == new, (n, name)
        assert leftovers(trial) == [], (n, name)
        seen_journal = seen_journal or name == "journal forward"
        shutil.rmtree(trial.parent)
    else:
        pytest.fail("the import never ran through")
    assert n > 15, n  # staging, each file, the journal, each move out and in, the cleaning, the lock: all killed


@pytest.mark.slow  # a subprocess per step
def test_a_second_import_while_one_is_running_is_refused_with_one_line(project, tmp_path):
    first = speechfiles.write_txt(tmp_path / "v1.txt")
    revised = speechfiles.write_txt(tmp_path / "v2.txt", REVISED)
    importer.apply(project, importer.plan(project, first, "shequ"))
    reference = tmp_path / "reference"
    shutil.copytree(project, reference)
    importer.apply(reference, importer.plan(reference, revised, "shequ"))
    go, paused = tmp_path / "go", tmp_path / "paused"
    holder = run(project, revised, pause_at="journal forward")  # staged, about to switch
    deadline = time.monotonic() + 60
    while not paused.exists():
        assert holder.poll() is None and time.monotonic() < deadline, holder.stderr.read() if holder.stderr else ""
        time.sleep(0.01)
    second = run(project, first)
    _, err = second.communicate(timeout=60)
    assert second.returncode == 1
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert "另一个导入正在进行" in err and f"进程{holder.pid}" in err and transaction.LOCK in err, err
    go.write_text("1")
    out, err = holder.communicate(timeout=60)
    assert holder.returncode == 0, err
    assert contents(project) == contents(reference)  # the first import's result, untouched by the refused one


def test_a_lock_left_by_a_dead_process_is_taken_over_and_an_interrupted_import_finished(project, tmp_path):
    first = speechfiles.write_txt(tmp_path / "v1.txt")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (project / transaction.FOLDER).mkdir()
    lock = project / transaction.FOLDER / transaction.LOCK
    lock.write_text(f'{{"pid": {dead.pid}, "host": "{os.uname().nodename}", "started": {time.time()}}}')
    proc = run(project, first)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert not lock.exists() and leftovers(project) == []
    assert (project / "docs/shequ/index.md").is_file()


def test_the_lock_held_here_refuses_the_plugin_and_the_import_names_the_lock(project, tmp_path):
    source = speechfiles.write_txt(tmp_path / "v1.txt")
    plan = importer.plan(project, source, "shequ")
    before = contents(project)
    with transaction.lock(project):
        with pytest.raises(ContentError, match=r"\.import/lock：另一个导入正在进行（进程\d+"):
            importer.apply(project, plan)
        with pytest.raises(ContentError, match="另一个导入正在进行"):
            transaction.locked_recover(project)
    assert contents(project) == before


def test_a_plan_made_before_another_import_changed_the_names_is_refused(project, tmp_path):
    source = speechfiles.write_txt(tmp_path / "v1.txt")
    stale = importer.plan(project, source, "shequ")
    other = speechfiles.write_txt(tmp_path / "v2.txt", REVISED.replace("三、强化保障", "三、加强保障"))
    importer.apply(project, importer.plan(project, other, "shequ"))
    before = contents(project)
    with pytest.raises(ContentError, match="另一个导入改动了这篇讲话的网址名字"):
        importer.apply(project, stale)
    assert contents(project) == before


def test_a_read_only_project_is_named_not_the_received_file(project, tmp_path):
    source = speechfiles.write_txt(tmp_path / "v1.txt")
    blocker = project / transaction.FOLDER  # as root, a read-only folder is still writable: block it so
    blocker.write_text("a file where the import's folder should be")
    proc = run(project, source)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1 and len(err.strip().splitlines()) == 1, err
    assert str(source) not in err and "项目文件夹" in err, err


def test_the_staging_folder_is_ignored_by_git():
    result = subprocess.run(
        ["git", "check-ignore", "-q", f"{transaction.FOLDER}/20260101-000000-abcdef12/new/docs/x/index.md"], cwd=ROOT
    )
    assert result.returncode == 0


@pytest.mark.slow  # a real build
def test_the_build_finishes_an_import_killed_half_way(tmp_path):
    from conftest import copy_project, mkdocs_build

    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / transaction.FOLDER, ignore_errors=True)
    shutil.rmtree(project / "speeches", ignore_errors=True)
    first = speechfiles.write_txt(tmp_path / "v1.txt")
    importer.apply(project, importer.plan(project, first, "shequ"))
    revised = speechfiles.write_txt(tmp_path / "v2.txt", REVISED)
    reference = tmp_path / "reference"
    shutil.copytree(project, reference)
    importer.apply(reference, importer.plan(reference, revised, "shequ"))
    steps = []
    for n in range(1, 200):  # the step after the old speech's pages moved out, before the new ones moved in
        trial = tmp_path / f"trial-{n}"
        shutil.copytree(project, trial)
        proc = run(trial, revised, crash_at=n)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 70, err
        steps.append(err.strip().splitlines()[-1])
        if steps[-1] == "STEP in docs/shequ":
            break
        shutil.rmtree(trial)
    assert not (trial / "docs/shequ").exists()  # half-way: the speech's pages are gone
    result = mkdocs_build(trial, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    got, expected = contents(trial), contents(reference)
    assert sorted(n for n in got.keys() | expected.keys() if got.get(n) != expected.get(n)) == []
    assert leftovers(trial) == []
    assert (tmp_path / "site/shequ/index.html").is_file()
