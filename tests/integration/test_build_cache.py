"""The build cache (buildcache.py): outputs reused only when nothing they depend on changed, and never wrong.

- A warm build's site is byte for byte the site a build with the cache off
  makes (every file of the output folder), and so is a cold one's, on MkDocs
  and on Zensical (which empties .cache/ at every build: the cache is not there).
- Each kind of input is changed in a two-speech library — one speech's text,
  its notice, its speech.yml, a glossary entry it uses, the site's self-test
  page (the template its handouts start from; no file of overrides/ goes into
  a Word file), mkdocs.yml's site name (every
  file's properties), the package's code — and the Word files made afresh are
  exactly the ones whose bytes a build without the cache changes: no stale
  file is reused, and nothing unchanged is made again. The oracle is the cache
  off, before and after; the counts come from the cache's own stats, not time.
- A corrupt, truncated or deleted entry, and a deleted cache folder, are
  misses: the build is the same.
- The fidelity check of a speech is skipped only when its source sentences and
  its pages' built HTML are what passed before: a sentence changed on the site
  or in the source is still found, a page changed elsewhere is checked again.
- Each check fails on a deliberately incomplete key (test_an_incomplete_key_is_caught,
  test_an_incomplete_fidelity_key_is_caught).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import speechfiles
from conftest import ROOT, copy_project, mkdocs_build, mkdocs_build_in_process
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from processes import wait_gone

from speech_study import buildcache
from speech_study.adapters import render_ahead, render_cache
from speech_study.buildcache import COMPILED, DAMAGED, DATABASE, FOLDER, BuildCache, CacheStats, code_fingerprint
from speech_study.errors import ContentError
from speech_study.postbuild import (
    content_checks,
    early_pages,
    fidelity_check,
    other_process,
    page_cache,
    pipeline,
    search_index,
    word_export,
)
from speech_study.postbuild.layout import Layout
from speech_study.project import Project
from speech_study.render import word
from speech_study.settings import Settings

SLUG = "shequ"
GLOSSARY_EXTRA = speechfiles.GLOSSARY_ENTRY
KIND = word_export.KIND


# --- the store itself (fast) --------------------------------------------------------------------


def test_an_entry_is_found_again_only_with_the_same_code_kind_and_inputs(tmp_path):
    cache = BuildCache(tmp_path / "c", "code-1")
    made: list[bytes] = []

    def make(data: bytes) -> Callable[[], bytes]:
        return lambda: made.append(data) or data

    assert cache.fetch("word", "a", b"inputs", make(b"one")) == b"one"
    assert cache.fetch("word", "a", b"inputs", make(b"two")) == b"one"  # found: not made again
    assert cache.fetch("word", "a", b"inputs2", make(b"three")) == b"three"
    assert cache.fetch("pdf", "a", b"inputs", make(b"four")) == b"four"
    assert BuildCache(tmp_path / "c", "code-2").fetch("word", "a", b"inputs", make(b"five")) == b"five"
    assert made == [b"one", b"three", b"four", b"five"]
    assert cache.stats.hit("word") == ["a"] and cache.stats.missed("word") == ["a", "a"]
    # one database file (and SQLite's log beside it while a connection is open), not a file per entry
    assert {p.name for p in (tmp_path / "c").iterdir()} <= {DATABASE, f"{DATABASE}-wal", f"{DATABASE}-shm"}


def stored(folder: Path) -> sqlite3.Connection:
    """The store's table, opened as SQLite itself (the tests damage entries through it)."""
    return sqlite3.connect(folder / DATABASE, isolation_level=None)


def damage(folder: Path, key: str, stored_row: bytes | None) -> None:
    """The stored entry `key` replaced by `stored_row` (its checksum's 32 bytes, then its bytes; None: deleted)."""
    with contextlib.closing(stored(folder)) as db:
        if stored_row is None:
            db.execute("delete from outputs where key = ?", (key,))
        else:
            db.execute("update outputs set digest = ?, data = ? where key = ?", (stored_row[:32], stored_row[32:], key))


def entry(folder: Path, key: str) -> bytes:
    """The stored entry `key`: its checksum's 32 bytes, then its bytes."""
    with contextlib.closing(stored(folder)) as db:
        digest, data = db.execute("select digest, data from outputs where key = ?", (key,)).fetchone()
        return digest + data


def test_a_corrupt_truncated_or_missing_entry_is_a_miss_and_is_made_again(tmp_path):
    cache = BuildCache(tmp_path / "c", "code")
    for inputs in (b"x", b"y", b"z"):
        cache.fetch("word", inputs.decode(), inputs, lambda: b"made once " * 100)
    flipped, truncated, deleted = (cache.key("word", i) for i in (b"x", b"y", b"z"))
    data = bytearray(entry(tmp_path / "c", flipped))
    data[-1] ^= 1
    damage(tmp_path / "c", flipped, bytes(data))
    damage(tmp_path / "c", truncated, entry(tmp_path / "c", truncated)[:20])
    damage(tmp_path / "c", deleted, None)
    again = BuildCache(tmp_path / "c", "code")
    for inputs in (b"x", b"y", b"z"):
        assert again.fetch("word", inputs.decode(), inputs, lambda: b"made again") == b"made again"
    assert again.stats.missed("word") == ["x", "y", "z"]
    third = BuildCache(tmp_path / "c", "code")
    assert [third.fetch("word", i.decode(), i, lambda: b"not this") for i in (b"x", b"y", b"z")] == [b"made again"] * 3


def test_an_unwritable_cache_folder_only_means_no_cache(tmp_path):
    (tmp_path / "c").write_text("a file where the folder would be", encoding="utf-8")
    cache = BuildCache(tmp_path / "c", "code")
    assert cache.fetch("word", "a", b"i", lambda: b"made") == b"made"
    assert cache.fetch("word", "a", b"i", lambda: b"made") == b"made"
    assert cache.stats.missed("word") == ["a", "a"]
    assert cache.failure_line().startswith(f"构建缓存这次中途停用：缓存文件夹 {tmp_path / 'c'} 无法创建或写入")


def test_a_file_that_is_not_a_database_is_replaced_when_a_build_opens_the_cache(tmp_path):
    folder = tmp_path / FOLDER
    folder.mkdir()
    for garbage in (b"not a database at all " * 100, b"SQLite format 3\x00" + bytes(range(256)) * 20):
        (folder / DATABASE).write_bytes(garbage)
        # another process of the build (not the one that opens the store): no cache, the build goes on
        other = BuildCache(folder, "code")
        assert other.fetch("word", "a", b"i", lambda: b"made") == b"made"
        assert other.get("word", other.key("word", b"i")) is None
        opened = BuildCache.at(tmp_path, fingerprint="code")
        assert opened.fetch("word", "a", b"i", lambda: b"made") == b"made"
        again = BuildCache(folder, "code")
        assert again.fetch("word", "a", b"i", lambda: b"not this") == b"made"
        again.close()
        opened.close()
        assert sorted(p.name for p in folder.iterdir()) == [DATABASE]  # the last connection closed: no log left


def test_the_file_per_entry_folders_of_earlier_versions_are_deleted_and_nothing_else(tmp_path):
    folder = tmp_path / FOLDER
    for kind in ("word", "page", "search-index"):
        (folder / kind / "ab").mkdir(parents=True)
        (folder / kind / "ab" / ("ab" + "0" * 62)).write_bytes(b"an entry of the old layout")
    (folder / COMPILED).mkdir()
    (folder / COMPILED / "main.cache").write_bytes(b"compiled")
    outside = tmp_path / "kept"
    (outside / "ab").mkdir(parents=True)  # shaped like an old kind's folder, but reached through a link
    (outside / "ab" / ("ab" + "0" * 62)).write_bytes(b"not ours")
    (folder / "link").symlink_to(outside, target_is_directory=True)
    (folder / "notes").mkdir()  # not of the old layout's shape: someone's own
    (folder / "notes" / "todo.txt").write_text("x", encoding="utf-8")
    (folder / "word" / ".DS_Store").write_bytes(b"a file macOS leaves")  # beside the entries: still the old layout
    (folder / "entries.sqlite3").write_bytes(b"one day's database")
    for name in ("outputs.sqlite3", "outputs.sqlite3-wal"):  # the database before each entry carried its day
        (folder / name).write_bytes(b"entries without the day they were used")
    BuildCache.at(tmp_path, fingerprint="code").close()
    assert sorted(p.name for p in folder.iterdir()) == sorted([DATABASE, COMPILED, "link", "notes"])
    assert (folder / COMPILED / "main.cache").read_bytes() == b"compiled"
    assert (outside / "ab" / ("ab" + "0" * 62)).exists() and (folder / "notes" / "todo.txt").exists()


def test_a_cache_folder_that_is_a_link_keeps_the_folders_where_it_leads(tmp_path):
    elsewhere = tmp_path / "home-cache"
    for name in ("pip", "fontconfig", "word"):
        (elsewhere / name / "ab").mkdir(parents=True)
        (elsewhere / name / "ab" / ("ab" + "1" * 62)).write_bytes(b"theirs")
    project = tmp_path / "project"
    project.mkdir()
    (project / FOLDER).symlink_to(elsewhere, target_is_directory=True)
    cache = BuildCache.at(project, fingerprint="code")
    assert cache.fetch("word", "a", b"i", lambda: b"made") == b"made"
    cache.close()
    assert sorted(p.name for p in elsewhere.iterdir()) == sorted([DATABASE, "fontconfig", "pip", "word"])


def test_an_entry_is_never_the_bytes_of_another_key(tmp_path):
    """A damaged index (a power cut with synchronous=off) may lead a key to another entry's row: a miss."""
    cache = BuildCache(tmp_path / "c", "code")
    cache.fetch("word", "A", b"a", lambda: b"the Word file of speech A")
    cache.fetch("word", "B", b"b", lambda: b"the Word file of speech B")
    damage(tmp_path / "c", cache.key("word", b"b"), entry(tmp_path / "c", cache.key("word", b"a")))
    again = BuildCache(tmp_path / "c", "code")
    assert again.fetch("word", "B", b"b", lambda: b"made again") == b"made again"
    assert again.stats.missed("word") == ["B"]


def test_a_database_damaged_past_its_first_page_is_no_cache_then_replaced(tmp_path):
    def build() -> CacheStats:
        cache = BuildCache.at(tmp_path, fingerprint="code")
        for i in range(1500):
            cache.fetch("word", f"k{i}", f"k{i}".encode(), lambda: bytes(300))
        cache.close()
        return cache.stats

    build()
    database = tmp_path / FOLDER / DATABASE
    size = database.stat().st_size
    with database.open("r+b") as f:  # one page in the middle written over (a torn write, a bad sector)
        f.seek(size // 4096 // 2 * 4096)
        f.write(b"\xff" * 4096)
    damaged = build()
    assert damaged.missed("word") and (tmp_path / FOLDER / DAMAGED).exists()
    said = BuildCache(tmp_path / FOLDER, "code").failure_line()  # any process of the build found it: the log says so
    assert said == "构建缓存这次中途停用：缓存数据库已损坏，下次构建时换成新的；之后的输出都重新生成"
    fresh = build()  # the damaged file replaced: everything made and stored again
    assert fresh.hit("word") == [] and not (tmp_path / FOLDER / DAMAGED).exists()
    assert len(build().hit("word")) == 1500


def test_a_store_locked_too_long_is_waited_for_once_then_no_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(buildcache, "WAIT_S", 0.3)
    cache = BuildCache(tmp_path / "c", "code")
    cache.put("word", "first", b"x")
    holder = stored(tmp_path / "c")
    holder.execute("begin immediate")  # another process writing, stopped half-way (Ctrl-Z, a debugger)
    try:
        writer = BuildCache(tmp_path / "c", "code")
        started = time.monotonic()
        for i in range(20):
            assert writer.fetch("word", f"k{i}", f"{i}".encode(), lambda: b"made") == b"made"
        assert time.monotonic() - started < 3  # one wait of 0.3 s, not twenty
    finally:
        holder.execute("rollback")
        holder.close()


def test_a_failure_that_is_not_damage_keeps_the_store(tmp_path):
    """An output too large for SQLite (or a full disk, a lock held too long): no cache for the rest of the build,
    and the store is kept for the next one (only SQLite's own verdict of damage replaces it)."""
    first = BuildCache.at(tmp_path, fingerprint="code")
    first.fetch("word", "a", b"a", lambda: b"kept")
    first.close()
    build = BuildCache.at(tmp_path, fingerprint="code")
    build._open().setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 1000)  # type: ignore[union-attr]
    assert build.fetch("word", "big", b"big", lambda: bytes(5000)) == bytes(5000)
    assert not build.usable and not (tmp_path / FOLDER / DAMAGED).exists()
    assert pipeline.cache_summary(build)[-1] == "构建缓存这次中途停用：一份输出太大，存不下；之后的输出都重新生成"
    assert first.failure_line() == ""  # nothing failed: no line
    build.close()
    again = BuildCache.at(tmp_path, fingerprint="code")
    assert again.fetch("word", "a", b"a", lambda: b"not this") == b"kept"
    again.close()


def test_the_word_process_writes_every_file_when_the_cache_fails_and_only_once_the_folder_is_ready(
    root, tmp_path, monkeypatch
):
    """The Word files' process writes the files into the site itself, and only once the stream has ended (the
    engine has passed its cleaning of the folder): the files are those a build without the cache writes, when the
    cache fails half way too, and the build process makes none of them."""
    clean = export(root, tmp_path / "clean", BuildCache.off())
    cache = BuildCache.at(root)
    real = BuildCache.put
    puts = []

    def put(self, kind, key, data):
        puts.append(key)
        if len(puts) == 3:  # the third file's store fails (another process holds it locked too long)
            self._failed(sqlite3.OperationalError("database is locked"))
            return
        real(self, kind, key, data)

    monkeypatch.setattr(BuildCache, "put", put)
    site = tmp_path / "site"
    site.mkdir()
    seen = []

    def stream():  # the end of the stream: nothing written before it
        seen.append(sorted(p.name for p in site.rglob("*")))
        yield from ()

    names, hits, misses = word_export._work((Project.load(root), cache, site), stream())
    assert seen == [[]]
    assert not cache.usable
    assert sorted(names) == sorted(f"docx/{n}.docx" for n in clean)
    assert len(misses) == len(clean) and hits == []
    got = {p.relative_to(site / "docx").with_suffix("").as_posix(): p.read_bytes() for p in site.rglob("*.docx")}
    assert differing(got, clean) == []


PUTS = """
import sys
from pathlib import Path
from speech_study.buildcache import BuildCache
cache = BuildCache(Path(sys.argv[1]), "code")
n = sys.argv[2]
for i in range(300):
    cache.put("word", f"{n}-{i}", n.encode() * 5000 + i.to_bytes(4, "big"))
"""


def test_processes_writing_at_once_lose_nothing(tmp_path):
    """The build's processes (pages, Word files, search index) all write into the one file at the same time."""
    folder = tmp_path / "c"
    BuildCache(folder, "code").put("word", "first", b"x")  # the file exists, as the build's main process made it
    writers = [subprocess.Popen([sys.executable, "-c", PUTS, str(folder), str(n)]) for n in range(4)]
    assert [w.wait(timeout=120) for w in writers] == [0] * 4
    cache = BuildCache(folder, "code")
    for n in range(4):
        for i in range(300):
            assert cache.get("word", f"{n}-{i}") == str(n).encode() * 5000 + i.to_bytes(4, "big")


def used_days(folder: Path) -> dict[str, int]:
    """Each stored entry's key -> the day a build last used it."""
    with contextlib.closing(stored(folder)) as db:
        return dict(db.execute("select key, used from outputs").fetchall())


def test_an_entry_no_build_used_for_keep_days_is_deleted_once_a_day_and_its_space_given_back(tmp_path, monkeypatch):
    folder, day = tmp_path / "c", 20_000
    monkeypatch.setattr(buildcache, "today", lambda: day)
    cache = BuildCache(folder, "code")
    blobs = {name: os.urandom(300_000) for name in ("kept", "old", "older")}  # incompressible: pages, not a page
    for name, data in blobs.items():
        cache.fetch("pdf", name, name.encode(), lambda data=data: data)
    day += 10
    cache.fetch("pdf", "older", b"older", lambda: b"not this")  # used again on day 10: its 30 days start again
    day += 15
    cache.fetch("pdf", "kept", b"kept", lambda: b"not this")
    day += 16  # 41 days after the store: "old" unused for 41, "older" for 31, "kept" for 16
    cache.close()
    size = (folder / DATABASE).stat().st_size
    pruning = BuildCache(folder, "code")
    assert pruning.prune_line() == f"构建缓存：删去2份{buildcache.KEEP_DAYS}天里没有一次构建用到的输出"
    assert list(used_days(folder)) == [pruning.key("pdf", b"kept")]
    assert pruning.fetch("pdf", "kept", b"kept", lambda: b"not this") == blobs["kept"]
    pruning.close()
    assert (folder / DATABASE).stat().st_size < size - 500_000  # the free pages given back, not kept in the file
    # at most once a day: an entry aged by hand stays until the next day's build
    with contextlib.closing(stored(folder)) as db:
        db.execute("update outputs set used = ?", (day - 100,))
    assert BuildCache(folder, "code").prune() == 0 and len(used_days(folder)) == 1
    day += 1
    assert BuildCache(folder, "code").prune() == 1 and used_days(folder) == {}
    assert BuildCache.off().prune() == 0 and BuildCache.off().prune_line() == ""


def test_a_pruning_that_fails_says_so_in_one_line_and_leaves_every_entry(tmp_path, monkeypatch):
    """Another process holds the database's write lock past the wait: the build log says the pruning is left for
    the next build (the build's outputs are written already), and nothing is deleted."""
    folder, day = tmp_path / "c", 20_000
    monkeypatch.setattr(buildcache, "today", lambda: day)
    cache = BuildCache(folder, "code")
    cache.fetch("pdf", "old", b"old", lambda: b"x" * 1000)
    cache.close()
    day += 100
    monkeypatch.setattr(buildcache, "WAIT_S", 0.05)
    with contextlib.closing(sqlite3.connect(folder / DATABASE, isolation_level=None)) as holder:
        holder.execute("begin immediate")
        line = BuildCache(folder, "code").prune_line()
        holder.execute("rollback")
    assert line.startswith("构建缓存：这次没能删去久未用到的输出（另一个进程占着缓存数据库") and "\n" not in line
    assert line.endswith("下次构建再删；这次构建的结果不受影响")
    assert len(used_days(folder)) == 1
    again = BuildCache(folder, "code").prune_line()
    assert again == f"构建缓存：删去1份{buildcache.KEEP_DAYS}天里没有一次构建用到的输出"


def test_the_compiled_templates_no_build_loaded_for_keep_days_are_deleted_with_the_entries(tmp_path):
    import jinja2

    from speech_study.adapters.template_cache import _Compiled

    folder = tmp_path / "c"
    compiled = folder / COMPILED
    compiled.mkdir(parents=True)

    def environment() -> jinja2.Environment:  # a new one for each build, as MkDocs makes
        loader = jinja2.DictLoader({"page.html": "{{ 1 + 1 }}"})
        return jinja2.Environment(loader=loader, bytecode_cache=_Compiled(compiled, "this code"))

    assert environment().get_template("page.html").render() == "2"  # compiled, and written
    (ours,) = compiled.iterdir()
    other = compiled / ("0" * 64 + ".cache")
    other.write_bytes(b"another code version's template")
    long_ago = time.time() - (buildcache.KEEP_DAYS + 10) * 86400
    for path in (ours, other):
        os.utime(path, (long_ago, long_ago))
    assert environment().get_template("page.html").render() == "2"  # loaded from the file: used today
    assert BuildCache(folder, "code").prune() == 1
    assert list(compiled.iterdir()) == [ours]


def test_an_entry_taken_is_marked_used_once_a_day(tmp_path, monkeypatch):
    folder, day = tmp_path / "c", 20_000
    monkeypatch.setattr(buildcache, "today", lambda: day)
    cache = BuildCache(folder, "code")
    cache.fetch("word", "a", b"a", lambda: b"made")
    statements: list[str] = []
    cache._open().set_trace_callback(statements.append)
    day += 3
    for _ in range(3):
        assert cache.fetch("word", "a", b"a", lambda: b"not this") == b"made"
    assert sum(s.startswith("update") for s in statements) == 1  # the first use of the day only
    assert used_days(folder) == {cache.key("word", b"a"): 20_003}


def test_a_build_reading_on_a_day_it_already_used_its_entries_never_waits_for_a_writer(tmp_path, monkeypatch):
    """Opening the store and taking an entry used today write nothing: another process holding the write lock
    (a build stopped half-way with Ctrl-Z) does not make them wait, nor the log grow (found by a review: the
    auto_vacuum pragma, set at every opening, was a write)."""
    folder = tmp_path / "c"
    BuildCache(folder, "code").fetch("word", "a", b"a", lambda: b"made")
    monkeypatch.setattr(buildcache, "WAIT_S", 2.0)
    with contextlib.closing(stored(folder)) as holder:
        holder.execute("pragma wal_checkpoint(truncate)")
        log = folder / f"{DATABASE}-wal"
        size = log.stat().st_size
        holder.execute("begin immediate")
        started = time.perf_counter()
        reader = BuildCache(folder, "code")
        assert reader.fetch("word", "a", b"a", lambda: b"not this") == b"made"
        assert time.perf_counter() - started < 1.0 and reader.failure == ""
        assert log.stat().st_size == size
        holder.execute("rollback")


def test_an_earlier_database_that_cannot_be_deleted_is_left(tmp_path, monkeypatch):
    """A read-only folder, or on Windows a file an older version's `serve` holds open: the build goes on."""
    folder = tmp_path / FOLDER
    folder.mkdir()
    (folder / "outputs.sqlite3").write_bytes(b"the earlier database")
    unlink = Path.unlink

    def refused(path: Path, missing_ok: bool = False) -> None:
        if path.name.startswith("outputs.sqlite3"):
            raise PermissionError(13, "Permission denied", str(path))
        unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refused)
    cache = BuildCache.at(tmp_path, fingerprint="code")
    assert cache.fetch("word", "a", b"a", lambda: b"made") == b"made" and cache.usable
    assert (folder / "outputs.sqlite3").read_bytes() == b"the earlier database"


def test_a_cache_sent_to_another_process_goes_without_its_connection(tmp_path):
    import pickle

    cache = BuildCache(tmp_path / "c", "code")
    cache.fetch("word", "a", b"i", lambda: b"made")
    assert cache._db is not None
    sent = pickle.loads(pickle.dumps(cache))
    assert sent._db is None and sent.folder == cache.folder and sent.stats == cache.stats
    assert sent.fetch("word", "a", b"i", lambda: b"not this") == b"made"


def test_the_cache_is_off_with_build_cache_false_and_on_by_default(tmp_path):
    assert Settings.load({}, {}).build_cache is True
    assert Settings.load({}, {"BUILD_CACHE": "false"}).build_cache is False
    with pytest.raises(ContentError, match="BUILD_CACHE"):
        Settings.load({}, {"BUILD_CACHE": "maybe"})
    off = BuildCache.at(tmp_path, enabled=False)
    assert off.fetch("word", "a", b"i", lambda: b"made") == b"made"
    assert off.fetch("word", "a", b"i", lambda: b"made") == b"made"
    assert off.stats.missed("word") == ["a", "a"] and not (tmp_path / FOLDER).exists()
    assert BuildCache.at(tmp_path).folder == tmp_path / ".speech-study-cache"


def test_the_code_fingerprint_covers_every_file_of_the_package_and_the_writing_libraries(tmp_path, monkeypatch):
    package = Path(buildcache.__file__).parent
    copy = tmp_path / "speech_study"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert code_fingerprint(copy) == code_fingerprint(package)
    for rel in ("render/docx_format.py", "render/word.py", "glossary.py"):
        path = copy / rel
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert code_fingerprint(copy) != code_fingerprint(package), rel
        path.write_bytes(original)
    base = code_fingerprint(copy)
    real = buildcache.version
    monkeypatch.setattr(buildcache, "version", lambda name: "0.0.1" if name == "python-docx" else real(name))
    assert code_fingerprint(copy) != base  # another python-docx (its blank document) is another code


# --- a library's Word files (builds no site, but imports a speech) ------------------------------


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    """A two-speech library (the site's own and an imported one) with a glossary entry of the imported one."""
    work = tmp_path_factory.mktemp("cache-library")
    project = copy_project(work / "project")
    text = speechfiles.write_txt(work / "社区治理讲话.txt")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "import_speech.py"), str(text), "--slug", SLUG, "--root", str(project)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    with (project / "glossary.yml").open("a", encoding="utf-8") as f:
        f.write(GLOSSARY_EXTRA)
    return project


@pytest.fixture
def root(library, tmp_path) -> Path:
    """A fresh copy of the library to change, with no cache yet."""
    return Path(shutil.copytree(library, tmp_path / "project"))


def export(root: Path, site: Path, cache: BuildCache) -> dict[str, bytes]:
    """The Word files a build of `root` writes: name -> bytes."""
    site.mkdir(parents=True)
    word_export.run(site, Project.load(root), cache)
    return {
        p.relative_to(site / "docx").with_suffix("").as_posix(): p.read_bytes() for p in (site / "docx").rglob("*.docx")
    }


def differing(got: dict[str, bytes], expected: dict[str, bytes]) -> list[str]:
    """The names whose bytes differ (or that only one side has): compared by name, since pytest's account of two
    unequal dicts of whole Word files takes minutes to write."""
    return sorted(name for name in got.keys() | expected.keys() if got.get(name) != expected.get(name))


def rebuilt_after(root: Path, work: Path, change: Callable[[Path], None]) -> set[str]:
    """Warm the cache, make the change, build again: check the cache made exactly the changed files afresh.

    Returns the names of the files whose bytes the change changed (in builds with the cache off).
    """
    cold = BuildCache.at(root)
    first = export(root, work / "cold", cold)
    clean_before = export(root, work / "clean-before", BuildCache.off())
    assert differing(first, clean_before) == []
    assert sorted(cold.stats.missed(KIND)) == sorted(first)  # a new cache: every file made
    change(root)
    warm = BuildCache.at(root)
    after = export(root, work / "warm", warm)
    clean_after = export(root, work / "clean-after", BuildCache.off())
    assert differing(after, clean_after) == [], "the cached build differs from a build without the cache"
    changed = {name for name, data in clean_after.items() if clean_before.get(name) != data}
    assert set(warm.stats.missed(KIND)) == changed, "made afresh: not exactly the files the change changed"
    assert set(warm.stats.hit(KIND)) == set(clean_after) - changed
    return changed


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def speech_files(names: set[str], slug: str) -> bool:
    return bool(names) and all(name.startswith(f"{slug}/") for name in names)


def change_text(root: Path) -> None:
    for rel in (f"speeches/{SLUG}/source.txt", f"docs/{SLUG}/part-2.md"):
        replace_in(root / rel, "配齐专职网格员", "配齐配强专职网格员")


def test_changing_one_speechs_text_makes_only_its_files_again(root, tmp_path):
    changed = rebuilt_after(root, tmp_path, change_text)
    assert speech_files(changed, SLUG) and f"{SLUG}/part-2" in changed
    assert f"{SLUG}/part-1" not in changed


def change_notice(root: Path) -> None:
    replace_in(root / f"speeches/{SLUG}/source.txt", speechfiles.NOTICE, "本文仅供内部学习参考，请勿外传！")


def test_changing_its_notice_makes_its_files_again(root, tmp_path):
    changed = rebuilt_after(root, tmp_path, change_notice)
    assert speech_files(changed, SLUG) and f"{SLUG}/part-1" in changed


def change_speech_yml(root: Path) -> None:
    replace_in(root / f"speeches/{SLUG}/speech.yml", "title: 在社区治理", "title: 在全区社区治理")


def test_changing_its_speech_yml_makes_its_files_again(root, tmp_path):
    """Its files take the title from its text; speech.yml's title is how the glossary's 出现位置 names it."""
    changed = rebuilt_after(root, tmp_path, change_speech_yml)
    assert "glossary" in changed
    assert not any(name.startswith("part-") for name in changed)  # the site's own speech's parts kept


def change_glossary(root: Path) -> None:
    replace_in(
        root / "glossary.yml",
        "比喻社区是城市治理落到群众身边的最末一环。",
        "比喻社区是城市治理直接面对群众的最末一环。",
    )


def test_changing_a_glossary_entry_it_uses_makes_only_the_files_that_print_it(root, tmp_path):
    changed = rebuilt_after(root, tmp_path, change_glossary)
    assert "glossary" in changed
    assert not any(name.startswith("part-") or name.startswith(f"{SLUG}/part-") for name in changed)


def change_template(root: Path) -> None:
    """The page's own words: its title (the rest of the page is generated), which its Word file prints."""
    replace_in(root / "docs" / "self-test.md", "title: 学习自测\n", "title: 学习自测题\n")


def test_changing_the_self_test_page_makes_only_its_file_again(root, tmp_path):
    changed = rebuilt_after(root, tmp_path, change_template)
    assert changed and all("self-test" in name for name in changed)


def change_site_name(root: Path) -> None:
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    name = re.search(r"^site_name: (.+)$", text, re.M)
    assert name
    (root / "mkdocs.yml").write_text(
        text.replace(name.group(0), f"site_author: 城东街道党工委学习网站\n{name.group(0)}")
    )


def test_changing_the_files_properties_makes_every_file_again(root, tmp_path):
    changed = rebuilt_after(root, tmp_path, change_site_name)
    assert changed == set(word_export.names(Project.load(root)))


def check_code_change(root: Path, work: Path) -> None:
    """The same inputs built by changed code: every file made again, the same as a build without the cache."""
    changed_code = work / "speech_study"
    shutil.copytree(Path(buildcache.__file__).parent, changed_code, ignore=shutil.ignore_patterns("__pycache__"))
    (changed_code / "render" / "docx_format.py").write_text("# changed\n", encoding="utf-8")
    first = export(root, work / "first", BuildCache.at(root))
    after = BuildCache.at(root, fingerprint=code_fingerprint(changed_code))
    assert differing(export(root, work / "second", after), first) == []
    assert sorted(after.stats.missed(KIND)) == sorted(first), "changed code reused the old code's files"
    again = BuildCache.at(root)
    export(root, work / "third", again)
    assert sorted(again.stats.hit(KIND)) == sorted(first)


def test_changing_the_code_makes_every_file_again(root, tmp_path):
    check_code_change(root, tmp_path)


def test_corrupt_entries_and_a_deleted_cache_folder_give_the_same_files(root, tmp_path):
    clean = export(root, tmp_path / "clean", BuildCache.off())
    cache = BuildCache.at(root)
    export(root, tmp_path / "cold", cache)
    keys = {name: cache.key(KIND, doc.key()) for name, doc in word.documents(Project.load(root)).items()}
    flipped, emptied = keys["speech"], keys[f"{SLUG}/glossary" if f"{SLUG}/glossary" in keys else "glossary"]
    damage(root / FOLDER, flipped, entry(root / FOLDER, flipped)[:-7] + b"garbage")
    damage(root / FOLDER, emptied, b"")
    broken = BuildCache.at(root)
    assert differing(export(root, tmp_path / "broken", broken), clean) == []
    assert sorted(broken.stats.missed(KIND)) == sorted(n for n in keys if keys[n] in (flipped, emptied))
    cache.close()
    broken.close()
    shutil.rmtree(root / FOLDER)
    deleted = BuildCache.at(root)
    assert differing(export(root, tmp_path / "deleted", deleted), clean) == []
    assert sorted(deleted.stats.missed(KIND)) == sorted(clean)


# --- each check fails when the key leaves out an input ------------------------------------------


def _key_without(drop: Callable[[dict], None]) -> Callable[[word.Document], bytes]:
    """Document.key, with `drop` taking part of the inputs out of the serialised data."""
    real = word.Document.key

    def key(self: word.Document) -> bytes:
        data = json.loads(real(self))
        drop(data)
        return json.dumps(data, sort_keys=True).encode()

    return key


def _drop_blocks(styles: set[str]) -> Callable[[dict], None]:
    def drop(data: dict) -> None:
        data["blocks"] = [b for b in data["blocks"] if b["style"] not in styles]

    return drop


def _drop_runs(start: str) -> Callable[[dict], None]:
    def drop(data: dict) -> None:
        for block in data["blocks"]:
            block["runs"] = [r for r in block["runs"] if not r[0].startswith(start)]

    return drop


WRONG_KEYS = {
    # what speech.yml gives a file (its title, in the glossary's references “见《……》……”) left out
    "speech.yml": (_drop_runs("见"), change_speech_yml),
    "text": (_drop_blocks({"Normal", "顶格正文"}), change_text),
    "notice": (lambda d: (d.pop("notice"), d["metadata"].pop("comments")), change_notice),
    "glossary": (_drop_blocks({"术语条目"}), change_glossary),
    "template": (lambda d: (_drop_blocks({"材料名称"})(d), d["metadata"].pop("title")), change_template),
    "properties": (lambda d: d.pop("metadata"), change_site_name),
}


@pytest.mark.parametrize("left_out", [*WRONG_KEYS, "code"])
def test_an_incomplete_key_is_caught(left_out, root, tmp_path, monkeypatch):
    """Each check above, with the input it changes left out of the key: it fails (a stale file reused)."""
    if left_out == "code":
        monkeypatch.setattr(BuildCache, "key", lambda self, kind, inputs: hashlib.sha256(inputs).hexdigest())
        with pytest.raises(AssertionError, match="reused the old code"):
            check_code_change(root, tmp_path)
        return
    drop, change = WRONG_KEYS[left_out]
    monkeypatch.setattr(word.Document, "key", _key_without(drop))
    with pytest.raises(AssertionError, match="differs from a build without the cache"):
        rebuilt_after(root, tmp_path, change)


# --- whole builds ---------------------------------------------------------------------------------


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def engine_build(root: Path, engine: str, dest: Path, cache: str) -> subprocess.CompletedProcess:
    """`python -m speech_study build --engine ENGINE` as the maintainer runs it; MkDocs strict, as the tests build."""
    if engine == "mkdocs":
        return mkdocs_build(root, dest, env={"SOURCE_DATE_EPOCH": "1733356800", "BUILD_CACHE": cache})
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BUILD_CACHE": cache}
    command = [sys.executable, "-m", "speech_study", "build", "--engine", engine, "--out", str(dest)]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_warm_build_is_byte_for_byte_a_clean_build(engine, library, tmp_path):
    """Cold (cache empty), warm (every Word file and check from the cache) and clean (cache deleted and off)
    builds of the library: every file of the three output folders has the same bytes. On Zensical too,
    which empties its own .cache/ at every build. The warm build comes 40 days later (every entry aged by hand, and
    one no build will use): it takes every entry all the same and, once it succeeded, deletes only that one."""
    root = Path(shutil.copytree(library, tmp_path / "project"))
    sites = {}
    logs = {}
    stale = "0" * 64
    for run, cache in (("cold", "true"), ("warm", "true"), ("clean", "false")):
        if run == "warm":
            kept = used_days(root / FOLDER).keys()
            with contextlib.closing(stored(root / FOLDER)) as db:
                db.execute("update outputs set used = used - 40")
                db.execute("insert into outputs values (?, 'pdf', 0, x'00', x'00')", (stale,))
                db.execute("pragma user_version = 0")  # not pruned yet today
        if run == "clean":
            assert used_days(root / FOLDER).keys() == kept  # the stale entry gone, none the build used
            shutil.rmtree(root / FOLDER)
        result = engine_build(root, engine, tmp_path / run, cache)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        sites[run], logs[run] = files_of(tmp_path / run), result.stdout + result.stderr
    count = len(word_export.names(Project.load(root)))
    assert f"Word 版共{count}份：0份沿用构建缓存，{count}份重新生成" in logs["cold"]
    assert f"Word 版共{count}份：{count}份沿用构建缓存，0份重新生成" in logs["warm"]
    speeches = len(Project.load(root).views())
    assert f"逐句核对共{speeches}篇：0篇沿用构建缓存，{speeches}篇重新核对" in logs["cold"]
    assert f"逐句核对共{speeches}篇：{speeches}篇沿用构建缓存，0篇重新核对" in logs["warm"]
    assert "构建缓存" not in logs["clean"] and not (root / FOLDER).exists()
    assert "构建缓存：删去" not in logs["cold"]
    assert f"构建缓存：删去1份{buildcache.KEEP_DAYS}天里没有一次构建用到的输出" in logs["warm"], logs["warm"]
    if engine == "mkdocs":  # Material's search entries of every page from the cache (Zensical runs no plugins)
        assert "，0页重新切分" in logs["warm"] and "搜索条目共" in logs["warm"], logs["warm"]
    assert sum(name.endswith(".docx") for name in sites["clean"]) == count
    for run in ("cold", "warm"):
        assert sites[run].keys() == sites["clean"].keys()
        assert differing(sites[run], sites["clean"]) == [], f"the {run} build differs from a clean build"


@pytest.mark.slow
def test_the_postbuild_command_prunes_once_its_passes_succeeded(library, tmp_path, capsys):
    """`python -m speech_study postbuild` (the passes over a site Zensical wrote), 40 days after it filled the cache:
    it takes every entry and deletes only the one no build uses."""
    from speech_study.__main__ import postbuild
    from speech_study.adapters import zensical

    root = Path(shutil.copytree(library, tmp_path / "project"))
    written = zensical.run_zensical(root, zensical.write_config(Project.load(root), pdf=False), root / zensical.WORK)
    assert written.returncode == 0, written.stdout[-3000:]
    for run in ("cold", "warm"):
        if run == "warm":
            kept = used_days(root / FOLDER).keys()
            with contextlib.closing(stored(root / FOLDER)) as db:
                db.execute("update outputs set used = used - 40")
                db.execute("insert into outputs values (?, 'pdf', 0, x'00', x'00')", ("0" * 64,))
                db.execute("pragma user_version = 0")
        site = Path(shutil.copytree(root / zensical.WORK, tmp_path / run))
        capsys.readouterr()
        assert postbuild(site, root, search=False) == 0
    said = capsys.readouterr().out
    assert "，0页重新处理" in said and "，0篇重新核对" in said, said
    assert f"构建缓存：删去1份{buildcache.KEEP_DAYS}天里没有一次构建用到的输出" in said, said
    assert used_days(root / FOLDER).keys() == kept


# --- the fidelity check, per speech -------------------------------------------------------------


@pytest.fixture(scope="module")
def built_library(library, tmp_path_factory) -> Path:
    """The library built once (cache off): a folder holding `project` and its `site`."""
    work = tmp_path_factory.mktemp("built-library")
    shutil.copytree(library, work / "project")
    result = mkdocs_build(work / "project", work / "site", env={"BUILD_CACHE": "false"})
    assert result.returncode == 0, result.stderr
    return work


@pytest.fixture
def built(built_library, tmp_path) -> tuple[Path, Path]:
    """A fresh copy of the built library to change: (project root, site), no cache yet."""
    work = Path(shutil.copytree(built_library, tmp_path / "built"))
    return work / "project", work / "site"


def fidelity(root: Path, site: Path, cache: BuildCache) -> str:
    """The check over the built site: "" when it passes, else its one-line message."""
    project = Project.load(root)
    try:
        fidelity_check.check(project, Layout(site, [p.src_uri for p in project.pages]), cache)
    except ContentError as exc:
        return str(exc)
    return ""


def checked_after(root: Path, site: Path, change: Callable[[Path, Path], None]) -> tuple[str, set[str]]:
    """Pass once with the cache, change, check again: the same verdict as without the cache; the speeches checked."""
    cold = BuildCache.at(root)
    assert fidelity(root, site, cold) == ""
    slugs = [view.slug for view in Project.load(root).views()]
    assert cold.stats.missed(fidelity_check.KIND) == slugs
    change(root, site)
    warm = BuildCache.at(root)
    verdict = fidelity(root, site, warm)
    assert verdict == fidelity(root, site, BuildCache.off()), "the cached check differs from the check itself"
    checked = set(warm.stats.missed(fidelity_check.KIND))
    assert set(warm.stats.hit(fidelity_check.KIND)) == set(slugs) - checked
    return verdict, checked


def speech_page(site: Path, slug: str = SLUG) -> Path:
    return site / slug / "part-2" / "index.html"


def change_built_sentence(root: Path, site: Path) -> None:
    replace_in(speech_page(site), "配齐专职网格员", "配齐专职网络员")


def change_source_sentence(root: Path, site: Path) -> None:
    replace_in(root / f"speeches/{SLUG}/source.txt", "托育需求增加", "托育需求上升")


def change_outside_the_text(root: Path, site: Path) -> None:
    replace_in(speech_page(site), "</head>", "<!-- -->\n</head>")


def test_a_warm_check_compares_no_speech_again(built):
    verdict, checked = checked_after(*built, lambda root, site: None)
    assert verdict == "" and checked == set()


def test_a_changed_sentence_on_the_site_is_still_found(built):
    verdict, checked = checked_after(*built, change_built_sentence)
    assert "被改动" in verdict and "配齐专职网络员" in verdict and checked == {SLUG}


def test_a_changed_sentence_of_the_source_is_still_found(built):
    verdict, checked = checked_after(*built, change_source_sentence)
    assert "被改动" in verdict and "托育需求上升" in verdict and checked == {SLUG}


def test_a_page_changed_outside_its_text_is_checked_again_and_passes(built):
    verdict, checked = checked_after(*built, change_outside_the_text)
    assert verdict == "" and checked == {SLUG}


WRONG_FIDELITY_KEYS = {
    "built pages": (lambda sentences, pages: json.dumps(sentences).encode(), change_built_sentence),
    "source": (lambda sentences, pages: json.dumps([name for name, _ in pages]).encode(), change_source_sentence),
}


@pytest.mark.parametrize("left_out", WRONG_FIDELITY_KEYS)
def test_an_incomplete_fidelity_key_is_caught(left_out, built, monkeypatch):
    wrong, change = WRONG_FIDELITY_KEYS[left_out]
    monkeypatch.setattr(fidelity_check, "key", wrong)
    with pytest.raises(AssertionError, match="differs from the check itself"):
        checked_after(*built, change)


# --- work in other processes: the same files as made here ------------------------------------------


def test_word_files_made_in_another_process_are_the_ones_made_here(root, tmp_path, monkeypatch):
    """WordJob: started when the project is read; with two cores the files are looked up, the missing ones made
    and all written in another Python, with one here at finish(). The same bytes either way, and the tally counts
    each file once."""
    project = Project.load(root)
    names = word_export.names(project)
    made = {}
    for cores in (2, 1):
        monkeypatch.setattr(other_process.os, "cpu_count", lambda n=cores: n)
        cache = BuildCache(tmp_path / f"cache-{cores}", "test")
        for run in ("cold", "warm"):
            site = tmp_path / f"site-{cores}-{run}"
            site.mkdir()
            job = word_export.WordJob.start(project, site, cache)
            assert (job.process is not None) == (cores == 2)
            job.begin_writing()
            job.finish()
            made[cores, run] = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.docx")}
        assert sorted(cache.stats.missed(word_export.KIND)) == sorted(cache.stats.hit(word_export.KIND)) == names
    assert all(differing(files, made[1, "cold"]) == [] for files in made.values())


def test_a_failed_build_ends_the_word_process(root, tmp_path, monkeypatch):
    monkeypatch.setattr(other_process.os, "cpu_count", lambda: 2)
    job = word_export.WordJob.start(Project.load(root), tmp_path, BuildCache.off())
    process = job.process
    assert process is not None
    job.stop()
    assert job.process is None and process.popen.returncode is not None


@pytest.mark.slow
def test_pages_processed_in_another_process_are_the_ones_processed_here(library, tmp_path, monkeypatch):
    """PagesJob: the later half of the pages in another Python (here for a library of any size), and the page
    contents' checks (content_checks.ChecksJob) in another; the built site is byte for byte the one built with
    every page checked and processed in the build's own process."""
    monkeypatch.setattr(pipeline, "FEW_PAGES", 2)
    monkeypatch.setattr(content_checks, "FEW_PAGES", 2)
    started = []
    real = other_process.OtherProcess.start

    def start(module, inputs, streamed=False):
        process = real(module, inputs, streamed)
        started.append((module, process is not None))
        return process

    monkeypatch.setattr(other_process.OtherProcess, "start", start)
    sites = {}
    for cores in (2, 1):
        monkeypatch.setattr(other_process.os, "cpu_count", lambda n=cores: n)
        root = Path(shutil.copytree(library, tmp_path / f"project-{cores}"))
        result = mkdocs_build_in_process(root, tmp_path / f"site-{cores}", env={"BUILD_CACHE": "false"})
        assert result.returncode == 0, result.stderr[-3000:]
        sites[cores] = files_of(tmp_path / f"site-{cores}")
    assert ("speech_study.postbuild.pipeline", True) in started
    assert ("speech_study.postbuild.content_checks", True) in started
    assert sites[2].keys() == sites[1].keys() and differing(sites[2], sites[1]) == []


@pytest.mark.slow
def test_a_build_that_wrote_few_pages_anew_processes_every_page_here(library, tmp_path, monkeypatch):
    """pipeline.process_shared, as the MkDocs plugin calls it: a build that wrote fewer than FEW_PAGES pages anew
    while the library's index is made again on the other core (one page's text changed) starts no other process
    for the passes, the others' results being the cache's; one that changed nothing (that core is free), and one
    that wrote every page anew (a template changed, no Markdown), share them with another process. Each site is
    byte for byte the one built with the cache off."""
    # more than the pages one page's edit converts again (those that show the whole library: 12), fewer than half
    # the pages (with fewer, no other process would be started for them anyway)
    monkeypatch.setattr(pipeline, "FEW_PAGES", 13)
    monkeypatch.setattr(other_process.os, "cpu_count", lambda: 2)
    started: list[str] = []
    real = other_process.OtherProcess.start

    def start(module, inputs, streamed=False):
        started.append(module)
        return real(module, inputs, streamed)

    monkeypatch.setattr(other_process.OtherProcess, "start", start)
    root = Path(shutil.copytree(library, tmp_path / "project"))
    assert mkdocs_build_in_process(root, tmp_path / "site").returncode == 0
    pages = len(Layout(tmp_path / "site", []).pages())
    assert pages * 2 >= pipeline.FEW_PAGES

    def changed_build(path: Path, added: str, name: str) -> tuple[list[str], str]:
        path.write_text(path.read_text(encoding="utf-8") + added, encoding="utf-8")
        started.clear()
        result = mkdocs_build_in_process(root, tmp_path / "site")
        assert result.returncode == 0, result.stderr[-3000:]
        made = list(started)
        plain = mkdocs_build_in_process(root, tmp_path / f"site-{name}", env={"BUILD_CACHE": "false"})
        assert plain.returncode == 0, plain.stderr[-3000:]
        assert differing(files_of(tmp_path / "site"), files_of(tmp_path / f"site-{name}")) == []
        return made, result.stderr

    made, log = changed_build(root / "docs" / "about.md", "\n本页新加的一句话。\n", "one")
    assert "speech_study.postbuild.pipeline" not in made and "speech_study.postbuild.early_pages" not in made, made
    assert re.search(r"页面模板共\d+页：\d+页沿用构建缓存，[1-9]页重新生成", log), log[-2000:]
    made, log = changed_build(root / "docs" / "about.md", "", "none")
    assert "speech_study.postbuild.pipeline" in made, made
    assert re.search(r"页面模板共\d+页：\d+页沿用构建缓存，0页重新生成", log), log[-2000:]
    made, log = changed_build(root / "overrides" / "main.html", "\n{# changed #}\n", "all")
    assert "speech_study.postbuild.pipeline" in made, made
    assert re.search(r"页面模板共\d+页：0页沿用构建缓存", log), log[-2000:]


def _ahead_spy(monkeypatch) -> dict[str, list[int]]:
    """render_ahead for a library of any size (FEW_PAGES two pages), with two cores: each copy started (its process
    id), and how many pages each copy that finished made."""
    monkeypatch.setattr(pipeline, "FEW_PAGES", 2)
    monkeypatch.setattr(other_process.os, "cpu_count", lambda: 2)
    # a thread another test of this process left (a browser's, a server's) is not the build's: the builds here
    # run nothing beside them (the real count is taken in the tests that build in a Python of their own)
    monkeypatch.setattr(render_ahead, "_other_threads", lambda: 0)
    seen: dict[str, list[int]] = {"started": [], "made": [], "checked": []}
    real_start, real_finish = render_ahead.RenderAhead.start, render_ahead.RenderAhead.finish
    real_checks = content_checks.ChecksJob.finish

    def checks(self):
        real_checks(self)
        seen["checked"].append(len(self.cache.stats.hit(content_checks.KIND)))  # contents found passed

    def start(*args, **kwargs):
        ahead = real_start(*args, **kwargs)
        seen["started"].append(0 if ahead is None else ahead.pid)
        return ahead

    def finish(self, stats):
        real_finish(self, stats)
        seen["made"].append(len(self.copied))

    monkeypatch.setattr(render_ahead.RenderAhead, "start", start)
    monkeypatch.setattr(render_ahead.RenderAhead, "finish", finish)
    monkeypatch.setattr(content_checks.ChecksJob, "finish", checks)
    return seen


@pytest.mark.slow
def test_pages_converted_ahead_by_a_copy_of_the_build_give_the_same_site(library, without_early, tmp_path, monkeypatch):
    """render_ahead: a forked copy of the build converts the pages from the last into the cache while MkDocs
    converts from the first. The cold build's copy made pages, counted as made (none reused); a warm build's copy
    makes none; the copy has the contents it made checked, and the build finds them passed; both sites are byte for
    byte the library built with one core and no cache."""
    seen = _ahead_spy(monkeypatch)
    root = Path(shutil.copytree(library, tmp_path / "project"))
    tallies = []
    for run in ("cold", "warm"):
        result = mkdocs_build_in_process(root, tmp_path / f"site-{run}")
        assert result.returncode == 0, result.stderr[-3000:]
        tally = re.search(r"Markdown 转换共(\d+)页：(\d+)页沿用构建缓存，(\d+)页重新转换", result.stderr)
        tallies.append(tally.groups() if tally else None)
    pages = int(tallies[0][0])
    made = seen["made"]
    assert all(seen["started"]) and len(made) == 2 and 0 < made[0] < pages and made[1] == 0, seen
    # the cold build found contents the copy had checked (none could be in the cache otherwise); the warm, every one
    assert 0 < seen["checked"][0] <= made[0] and seen["checked"][1] == pages, seen
    assert tallies == [(str(pages), "0", str(pages)), (str(pages), str(pages), "0")], tallies
    _same_as_without_early(without_early, tmp_path / "site-cold", tmp_path / "site-warm")


# `mkdocs build --strict` as a user runs it (the copy's own output would go where the build's goes), with the copy
# started for a library of any size; argv: the site folder, then a file where each copy's process id is written
AHEAD_BUILD = """
import os, sys
from speech_study.adapters import render_ahead
from speech_study.postbuild import pipeline
pipeline.FEW_PAGES = 2
real = render_ahead.RenderAhead.start
def start(*args, **kwargs):
    ahead = real(*args, **kwargs)
    with open(sys.argv[2], "a") as f:
        f.write(f"{0 if ahead is None else ahead.pid}\\n")
    return ahead
render_ahead.RenderAhead.start = start
from mkdocs.__main__ import cli
cli(["build", "--strict", "--clean", "-d", sys.argv[1]])
"""


@pytest.mark.slow
def test_a_warning_the_copy_met_is_written_once_by_the_build(library, tmp_path):
    """The last page (the copy's first) links to a page that does not exist: the copy writes no log line, the
    conversion's warning is stored with its result and written by the build, once, as a build without the copy
    writes it, and --strict stops the build the same way."""
    results = {}
    for name in ("ahead", "plain"):
        root = Path(shutil.copytree(library, tmp_path / f"project-{name}"))
        config = load_config(str(root / "mkdocs.yml"))
        last = list(get_files(config).documentation_pages())[-1]
        path = Path(last.abs_src_path)
        path.write_text(path.read_text(encoding="utf-8") + "\n[别处](no-such-page.md)\n", encoding="utf-8")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        if name == "plain":
            env["BUILD_CACHE"] = "false"
        pids = tmp_path / f"pids-{name}"
        args = [sys.executable, "-c", AHEAD_BUILD, str(tmp_path / f"site-{name}"), str(pids)]
        result = subprocess.run(args, cwd=root, capture_output=True, text=True, env=env)
        lines = [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
        results[name] = (result.returncode, lines, pids.read_text().split())
    assert results["ahead"][2] != ["0"] and results["plain"][2] == ["0"], results  # the copy started, then not
    warnings = [line for line in results["plain"][1] if line.startswith("WARNING") and "no-such-page.md" in line]
    assert len(warnings) == 1 and results["plain"][0] == 1, results["plain"]
    assert results["ahead"][:2] == results["plain"][:2], results


# the build's process goes (as with kill -9: nothing of it runs after) while the copy converts a page; each of the
# copy's conversions takes half a second; argv: the site folder, then a file for the copy's process id
GONE_BUILD = """
import os, sys, time
from pathlib import Path
from speech_study.adapters import render_ahead, render_cache
from speech_study.postbuild import pipeline
pipeline.FEW_PAGES = 2
build, noted, working = os.getpid(), Path(sys.argv[2]), Path(sys.argv[2] + ".working")
real = render_cache.converted
def converted(page, convert):
    if os.getpid() != build:
        working.touch()
        time.sleep(0.5)
    return real(page, convert)
render_cache.converted = converted
def begin(self, src_uri):
    while not working.exists():
        time.sleep(0.01)
    noted.write_text(str(self.pid))
    os._exit(0)
render_ahead.RenderAhead.begin = begin
from mkdocs.__main__ import cli
cli(["build", "--strict", "--clean", "-d", sys.argv[1]])
"""


@pytest.mark.slow
def test_the_copy_ends_when_the_builds_process_is_gone(library, tmp_path):
    """The copy looks for the build's process before each page: once it is gone, the copy ends after the page it
    is converting, not after every page (about ten seconds here)."""
    root = Path(shutil.copytree(library, tmp_path / "project"))
    noted = tmp_path / "copy"
    args = [sys.executable, "-c", GONE_BUILD, str(tmp_path / "site"), str(noted)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # its output to a file: a pipe would be read until the copy, which holds it too, has ended
    with (tmp_path / "output").open("w") as output:
        code = subprocess.run(args, cwd=root, stdout=output, stderr=output, env=env, timeout=120).returncode
    assert code == 0 and noted.exists(), (tmp_path / "output").read_text()[-3000:]
    wait_gone(int(noted.read_text()), 3, "the copy went on converting after the build's process was gone")


@pytest.mark.slow
def test_a_system_that_makes_no_process_leaves_every_page_to_the_build(library, without_early, tmp_path, monkeypatch):
    """os.fork refused (a limit on processes, no memory): the build goes on and converts every page itself, found
    by a review (the build stopped with a traceback)."""
    seen = _ahead_spy(monkeypatch)

    def refused():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(render_ahead.os, "fork", refused)
    root = Path(shutil.copytree(library, tmp_path / "project"))
    result = mkdocs_build_in_process(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert seen["started"] == [0] and seen["made"] == [], seen
    _same_as_without_early(without_early, tmp_path / "site")


HOOK = """
def on_nav(nav, config, files):
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = "本节链接（钩子）"
    return nav
"""


@pytest.mark.slow
def test_a_hook_changing_the_conversion_on_nav_is_in_the_copy_too(library, tmp_path, monkeypatch):
    """A hook's on_nav (priority 0) changes what every conversion reads but its key does not (a Markdown
    extension's option): the copy is made after it (this plugin's on_nav runs last), so the site is the one built
    without the cache, found by a review (the copy's pages had the option as it was before the hook)."""
    seen = _ahead_spy(monkeypatch)
    sites = {}
    for name, env in (("ahead", {}), ("plain", {"BUILD_CACHE": "false"})):
        root = Path(shutil.copytree(library, tmp_path / f"project-{name}"))
        (root / "hook.py").write_text(HOOK, encoding="utf-8")
        config = root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - hook.py\n", encoding="utf-8")
        result = mkdocs_build_in_process(root, tmp_path / f"site-{name}", env=env)
        assert result.returncode == 0, result.stderr[-3000:]
        sites[name] = files_of(tmp_path / f"site-{name}")
    assert seen["started"][0] and seen["made"][0] > 0, seen
    assert any("本节链接（钩子）".encode() in data for data in sites["plain"].values())
    assert differing(sites["ahead"], sites["plain"]) == []


# the copy writes, to its standard output and error, in every way it could: nothing of it may reach the build's
# output; argv: the site folder
LOUD_BUILD = """
import logging, os, sys, warnings
from speech_study.adapters import render_ahead, render_cache
from speech_study.postbuild import pipeline
pipeline.FEW_PAGES = 2
build = os.getpid()
real = render_cache.converted
def converted(page, convert):
    if os.getpid() != build:
        print("COPY-PRINT", flush=True)
        sys.stderr.write("COPY-STDERR\\n")
        os.write(2, b"COPY-FD\\n")
        logging.getLogger("mkdocs.elsewhere").error("COPY-LOG")
        logging.getLogger("other").error("COPY-OTHER-LOG")
        warnings.warn("COPY-WARNING")
    return real(page, convert)
render_cache.converted = converted
from mkdocs.__main__ import cli
cli(["build", "--strict", "--clean", "-d", sys.argv[1]])
"""


@pytest.mark.slow
def test_the_copy_writes_nothing_the_user_sees(library, tmp_path):
    """Whatever the copy writes (print, stderr, the file descriptor, a log line to MkDocs' logger outside a
    conversion's records or to another, a Python warning) reaches neither the terminal nor the build's pipes; the
    build still succeeds, found by a review (a log line went to Python's last resort on stderr)."""
    root = Path(shutil.copytree(library, tmp_path / "project"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    args = [sys.executable, "-c", LOUD_BUILD, str(tmp_path / "site")]
    result = subprocess.run(args, cwd=root, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "COPY" not in result.stdout + result.stderr, (result.stdout + result.stderr)[-3000:]


@pytest.mark.slow
def test_a_copy_that_fails_leaves_every_page_to_the_build(library, without_early, tmp_path, monkeypatch):
    """Anything that goes wrong in the copy (here its first conversion raises) ends it: the build converts every
    page itself, counts none as the copy's, and the site is the one built without the copy."""
    seen = _ahead_spy(monkeypatch)
    build = os.getpid()
    real = render_cache.converted

    def converted(page, convert):
        if os.getpid() != build:
            raise RuntimeError("the copy fails")
        return real(page, convert)

    monkeypatch.setattr(render_cache, "converted", converted)
    root = Path(shutil.copytree(library, tmp_path / "project"))
    result = mkdocs_build_in_process(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert seen["started"][0] and seen["made"] == [0], seen
    assert "the copy fails" not in result.stderr + result.stdout
    _same_as_without_early(without_early, tmp_path / "site")


def test_word_files_of_a_process_that_died_are_made_here(root, tmp_path, monkeypatch):
    """The Word files' process ended without an answer (killed half way through writing): every file is made and
    written again here, whole; the same bytes as a build without the cache, and the log counts each made here."""
    monkeypatch.setattr(other_process.os, "cpu_count", lambda: 2)
    project = Project.load(root)
    expected = tmp_path / "expected"
    expected.mkdir()
    word_export.run(expected, project, BuildCache.off())
    site = tmp_path / "site"
    site.mkdir()
    (site / "docx").mkdir()
    for path in expected.rglob("*.docx"):  # half written, as a killed process leaves them
        target = site / path.relative_to(expected)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes()[:100])
    cache = BuildCache(tmp_path / "cache", "test")
    job = word_export.WordJob.start(project, site, cache)
    assert job.process is not None
    job.process.popen.kill()
    job.finish()
    made = len(word_export.names(project))
    assert cache.stats.hit(word_export.KIND) == [] and len(cache.stats.missed(word_export.KIND)) == made
    assert word_export.summary(cache).endswith(f"0份沿用构建缓存，{made}份重新生成")
    assert (
        differing(
            {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.docx")},
            {p.relative_to(expected).as_posix(): p.read_bytes() for p in expected.rglob("*.docx")},
        )
        == []
    )


def _fidelity_calls(monkeypatch) -> list[list[str]]:
    """pipeline.check_fidelity's calls as a build makes them: the speeches each call checks, in order."""
    calls: list[list[str]] = []
    real = pipeline.check_fidelity

    def record(project, layout, cache=None, views=None):
        calls.append([v.slug for v in (project.views() if views is None else views)])
        return real(project, layout, cache, views)

    monkeypatch.setattr(pipeline, "check_fidelity", record)
    return calls


@pytest.mark.slow
def test_each_speech_is_checked_sentence_by_sentence_once_whichever_half_its_pages_are_in(root, tmp_path, monkeypatch):
    """pipeline.run checks the speeches whose pages the build's own process has done while the other half is
    processed, and the rest afterwards: every speech once, with both groups used (shown failing with either call
    left out)."""
    calls = _fidelity_calls(monkeypatch)
    result = mkdocs_build_in_process(root, tmp_path / "site", env={"BUILD_CACHE": "false"})
    assert result.returncode == 0, result.stderr[-3000:]
    slugs = [e.slug for e in Project.load(root).speeches]
    assert len(calls) == 2 and all(calls) and sorted(calls[0] + calls[1]) == sorted(slugs), calls


def _early_spy(monkeypatch) -> dict:
    """Every page pass begun early in another process (here for a library of any size): how many pages each build
    sent, and which pages this process made itself (its own pipeline.processed; the other process's are its own)."""
    monkeypatch.setattr(pipeline, "FEW_PAGES", 2)
    monkeypatch.setattr(other_process.os, "cpu_count", lambda: 2)
    seen: dict = {"started": 0, "sent": [], "here": [], "index": []}
    real_finish, real_start, real_processed, real_index = (
        early_pages.EarlyPages.finish,
        early_pages.EarlyPages.start,
        pipeline.processed,
        search_index.LibraryJob.finish,
    )

    def finish(self, paths, *args):
        seen["sent"].append(len(self.sent))
        return real_finish(self, paths, *args)

    def start(*args, **kwargs):
        job = real_start(*args, **kwargs)
        seen["started"] += job.running
        return job

    def processed(source, path, *args):
        seen["here"].append(path.name if path.name != "index.html" else path.parent.name)
        return real_processed(source, path, *args)

    def index(self):
        done = real_index(self)
        seen["index"].append(self.taken)  # the library's index made as the pages came, and taken
        return done

    monkeypatch.setattr(early_pages.EarlyPages, "finish", finish)
    monkeypatch.setattr(search_index.LibraryJob, "finish", index)
    monkeypatch.setattr(early_pages.EarlyPages, "start", staticmethod(start))
    monkeypatch.setattr(pipeline, "processed", processed)
    return seen


def _key_changed_here(monkeypatch, folder: str) -> None:
    """The page passes' key of the pages in `folder` changed in this process only, not in the other one."""
    real = page_cache.inputs

    def inputs(source, path, *args):
        key = real(source, path, *args)
        return key + b" changed" if path.parent.name == folder else key

    monkeypatch.setattr(page_cache, "inputs", inputs)


@pytest.fixture(scope="module")
def without_early(library, tmp_path_factory) -> dict[str, bytes]:
    """The library built with one core and no cache (every page processed after the build, in the build's own
    process): its files, byte for byte, what each early-pass build is compared with."""
    work = tmp_path_factory.mktemp("without-early")
    plain = Path(shutil.copytree(library, work / "plain"))
    with pytest.MonkeyPatch.context() as m:
        m.setattr(other_process.os, "cpu_count", lambda: 1)
        result = mkdocs_build_in_process(plain, work / "site", env={"BUILD_CACHE": "false"})
    assert result.returncode == 0, result.stderr[-3000:]
    return files_of(work / "site")


def _same_as_without_early(expected: dict[str, bytes], *sites: Path) -> None:
    """Each of `sites` is byte for byte the library built `without_early`."""
    assert all(differing(files_of(site), expected) == [] for site in sites)


def _with_and_without_early(library: Path, tmp_path: Path, monkeypatch, change: Callable[[Path], None]) -> tuple:
    """The library changed by `change`, built with early passes (2) and with one core (1): what _early_spy saw, and
    cores -> the build's result (into tmp_path/site-N)."""
    results = {}
    seen = _early_spy(monkeypatch)
    for cores in (2, 1):
        monkeypatch.setattr(other_process.os, "cpu_count", lambda n=cores: n)
        root = Path(shutil.copytree(library, tmp_path / f"project-{cores}"))
        change(root)
        results[cores] = mkdocs_build_in_process(root, tmp_path / f"site-{cores}")
    return seen, results


def _after_the_other_stored_a_page(monkeypatch, timeout: float = 120.0) -> None:
    """This process begins the pages from the last only once the other process has stored one page's result in
    the cache: which of them gets to a page first is otherwise a race (a loaded machine may give the other process
    no time before this one has done them all), and the hand-over through the cache is what is tested."""
    real = early_pages.EarlyPages.finish

    def finish(self, paths, inputs, *args):
        database = inputs.cache.folder / DATABASE
        deadline = time.monotonic() + timeout
        while self.running:
            with contextlib.closing(sqlite3.connect(database, timeout=60)) as db:
                stored = db.execute("select count(*) from outputs where kind = ?", (page_cache.KIND,)).fetchone()[0]
            if stored:
                break
            assert time.monotonic() < deadline, "the other process stored no page"
            time.sleep(0.05)
        return real(self, paths, inputs, *args)

    monkeypatch.setattr(early_pages.EarlyPages, "finish", finish)


def _tally(stderr: str) -> tuple[int, int]:
    """The build log's line on the page passes: (reused, made)."""
    line = next(line for line in stderr.splitlines() if "构建后处理共" in line)
    reused, made = re.search(r"(\d+)页沿用构建缓存，(\d+)页重新处理", line).groups()  # type: ignore[union-attr]
    return int(reused), int(made)


@pytest.mark.slow
def test_page_passes_begun_as_mkdocs_writes_the_pages_give_the_same_site(library, without_early, tmp_path, monkeypatch):
    """early_pages: each page sent to another Python as MkDocs writes it, its result stored in the cache; after
    the build this process takes every page from the last, the other's results from the cache. Cold and warm
    builds are byte for byte a build with every page processed after the build, in this process, and the log
    counts a page the other process made as made."""
    seen = _early_spy(monkeypatch)
    _after_the_other_stored_a_page(monkeypatch)
    root = Path(shutil.copytree(library, tmp_path / "project"))
    tallies = {}
    for run in ("cold", "warm"):
        result = mkdocs_build_in_process(root, tmp_path / f"site-{run}")
        assert result.returncode == 0, result.stderr[-3000:]
        tallies[run] = _tally(result.stderr)
    # warm: no page converted anew, so none sent (their passes are in the cache: processed after, by two processes)
    assert seen["started"] == 1 and len(seen["sent"]) == 1 and seen["sent"][0] > 20, seen
    pages = sum(tallies["cold"])
    assert tallies == {"cold": (0, pages), "warm": (pages, 0)}, tallies
    assert len(seen["here"]) < pages  # the other process made some of the cold build's pages
    # the library's search index not begun before the pages: in the cold build the early passes take the other
    # core; in the warm one, with no page converted anew, its files are the cache's
    assert seen["index"] == [False, False], seen
    _same_as_without_early(without_early, tmp_path / "site-cold", tmp_path / "site-warm")


@pytest.mark.slow
@pytest.mark.parametrize("problems", ["none", "a changed sentence", "a changed sentence and a page's own error"])
def test_with_early_passes_each_speech_is_checked_once_as_its_pages_are_done(root, tmp_path, monkeypatch, problems):
    """early_pages.finish checks each speech as soon as its last page is done there, while the other process goes
    on: every speech is checked once, and the build stops with the line a build without the early passes (and
    without the cache) writes: a changed sentence's, or, with a page's own error too, the page's."""
    seen = _early_spy(monkeypatch)
    calls = _fidelity_calls(monkeypatch)
    if problems != "none":  # in the imported speech: its pages come last, and are done here first
        page = next(p for p in (root / "docs" / SLUG).glob("*.md") if "托育需求增加" in p.read_text(encoding="utf-8"))
        page.write_text(page.read_text(encoding="utf-8").replace("托育需求增加", "托育需求增多"), encoding="utf-8")
    if problems.endswith("own error"):  # in the site's own speech: met here after the imported speech is checked
        heading = root / "docs" / "map.md"
        heading.write_text(heading.read_text(encoding="utf-8") + '\n<h3 id="_1">附</h3>\n', encoding="utf-8")
    result = mkdocs_build_in_process(root, tmp_path / "site")
    assert seen["started"] == 1, (seen, result.stderr[-1500:])
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    if problems == "none":
        assert result.returncode == 0, result.stderr[-3000:]
        checked = [slug for call in calls for slug in call]
        slugs = [e.slug for e in Project.load(root).speeches]
        assert sorted(checked) == sorted(slugs), calls  # each once
        assert [len(call) for call in calls if call][: len(slugs)] == [1] * len(slugs), calls  # each as it was done
        return
    calls.clear()
    plain = mkdocs_build_in_process(root, tmp_path / "site-plain", env={"BUILD_CACHE": "false"})
    expected = [line for line in plain.stderr.splitlines() if line.startswith("ERROR")]
    assert result.returncode == plain.returncode == 1 and len(expected) == 1, plain.stderr[-3000:]
    assert errors == expected, (errors, expected)
    assert ("docs/map.md：" in errors[0]) == problems.endswith("own error"), errors
    assert ("托育需求增多" in errors[0]) != problems.endswith("own error"), errors


@pytest.mark.slow
def test_a_library_index_begun_as_mkdocs_builds_the_pages_is_the_one_made_after(library, tmp_path, monkeypatch):
    """Fewer pages converted anew than the early passes need (a cold build of a small library; then one page's
    text changed): the library's search index is made page by page in another process as MkDocs builds the pages,
    and taken; the site is byte for byte the changed library built with one core (its index made after, here)."""
    seen = _early_spy(monkeypatch)
    monkeypatch.setattr(pipeline, "FEW_PAGES", 1000)  # the site's pages all converted again: still too few
    root = Path(shutil.copytree(library, tmp_path / "project"))
    assert mkdocs_build_in_process(root, tmp_path / "site").returncode == 0
    page = root / "docs" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n本页新加的一句话。\n", encoding="utf-8")
    result = mkdocs_build_in_process(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert seen["index"] == [True, True] and seen["started"] == 0, seen
    monkeypatch.setattr(other_process.os, "cpu_count", lambda: 1)
    plain = mkdocs_build_in_process(root, tmp_path / "site-plain", env={"BUILD_CACHE": "false"})
    assert plain.returncode == 0 and seen["index"][-1] is False
    assert differing(files_of(tmp_path / "site"), files_of(tmp_path / "site-plain")) == []


@pytest.mark.slow
def test_a_page_whose_key_changed_after_it_was_sent_is_processed_again(library, without_early, tmp_path, monkeypatch):
    """What the passes read can change after MkDocs wrote a page (a file it links to written later, the previous
    build's files swept): the key worked out again then differs, the cache has nothing for it, and the page is
    processed here."""
    seen = _early_spy(monkeypatch)
    _key_changed_here(monkeypatch, "part-2")
    root = Path(shutil.copytree(library, tmp_path / "project"))
    result = mkdocs_build_in_process(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "part-2" in seen["here"] and seen["started"] == 1, seen
    _same_as_without_early(without_early, tmp_path / "site")


@pytest.mark.slow
def test_a_page_refused_there_for_a_file_written_later_is_processed_again_and_passes(library, tmp_path, monkeypatch):
    """A link to Material's search index (written after the pages): when the page was sent, the file was not
    there and the passes refused the link; once every page is written it is, the key differs, and the page is
    processed again and published as a build with no early passes publishes it."""

    def add_link(root: Path) -> None:
        page, link = root / "docs" / "about.md", '\n<a href="../search/search_index.json">索引</a>\n'
        page.write_text(page.read_text(encoding="utf-8") + link, encoding="utf-8")

    seen, results = _with_and_without_early(library, tmp_path, monkeypatch, add_link)
    assert all(result.returncode == 0 for result in results.values()), results[2].stderr[-3000:]
    assert "about" in seen["here"] and seen["started"] == 1, seen  # refused there, made here
    assert differing(files_of(tmp_path / "site-2"), files_of(tmp_path / "site-1")) == []


@pytest.mark.slow
def test_with_two_problems_a_pages_own_error_is_reported_before_a_changed_sentence(root, tmp_path):
    """The speeches checked while the later half of the pages is processed: a changed sentence found there waits
    until the later half is done, so a page's own error there is the one line the build stops with, as before
    (found by a review with this reproduction)."""
    page = root / "docs" / "part-1-leadership-team.md"
    page.write_text(page.read_text(encoding="utf-8").replace("干字当头", "干字为先", 1), encoding="utf-8")
    heading = root / "docs" / SLUG / "map.md"
    heading.write_text(heading.read_text(encoding="utf-8") + '\n<h3 id="_1">附</h3>\n', encoding="utf-8")
    result = mkdocs_build_in_process(root, tmp_path / "site", env={"BUILD_CACHE": "false"})
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert result.returncode != 0 and len(errors) == 1 and f"docs/{SLUG}/map.md：" in errors[0], errors


@pytest.mark.slow
def test_a_page_the_passes_refuse_stops_the_build_with_the_same_line_with_early_passes(library, tmp_path, monkeypatch):
    """A check the passes make fails (there, and so here: a refused page is never stored): the build stops with
    the line it gives without early passes."""

    def refused(root: Path) -> None:
        for name in ("part-1.md", "part-3.md"):  # two refused pages: the first in order is the one named
            page = root / "docs" / SLUG / name
            page.write_text(page.read_text(encoding="utf-8") + '\n<a href="nothere.pdf">缺</a>\n', encoding="utf-8")

    seen, results = _with_and_without_early(library, tmp_path, monkeypatch, refused)
    assert all(result.returncode != 0 for result in results.values())
    lines = {n: [line for line in r.stderr.splitlines() if line.startswith("ERROR")] for n, r in results.items()}
    assert seen["started"] == 1
    assert lines[2] == lines[1] and len(lines[1]) == 1 and f"docs/{SLUG}/part-1.md" in lines[1][0], lines


@pytest.mark.slow
def test_pages_past_the_backlog_are_not_sent_and_are_processed_here(library, without_early, tmp_path, monkeypatch):
    """The pages waiting to be written to the other process stay in this process's memory: past BACKLOG pages
    none is sent, and every page is processed here, to the same site."""
    seen = _early_spy(monkeypatch)
    monkeypatch.setattr(early_pages, "BACKLOG", 0)
    root = Path(shutil.copytree(library, tmp_path / "project"))
    result = mkdocs_build_in_process(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert seen["started"] == 1 and seen["sent"] == [0] and len(seen["here"]) == sum(_tally(result.stderr)), seen
    _same_as_without_early(without_early, tmp_path / "site")


@pytest.mark.slow
def test_a_previous_offline_build_left_in_the_folder_does_not_change_the_early_keys(library, tmp_path, monkeypatch):
    """Material's offline plugin writes search/search_index.js after the passes: while MkDocs writes the pages,
    the previous build's copy is still there (swept before the passes). Scripts and files a previous build left
    and this one has not written are no part of a page's key (layout.written), so the other process's keys are
    the build process's and its results are taken (found by a review: every page was made twice)."""
    seen = _early_spy(monkeypatch)
    _after_the_other_stored_a_page(monkeypatch)
    root = Path(shutil.copytree(library, tmp_path / "project"))
    env = {"OFFLINE": "1"}
    site = tmp_path / "site"
    assert mkdocs_build_in_process(root, site, env=env).returncode == 0  # the previous build
    assert (site / "search" / "search_index.js").is_file()
    shutil.rmtree(root / FOLDER)  # a cold cache: every page converted anew, so the passes begin early
    seen["here"].clear()
    result = mkdocs_build_in_process(root, site, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert seen["started"] == 2 and len(seen["here"]) < sum(_tally(result.stderr)), seen


@pytest.mark.slow
def test_a_page_taken_from_an_earlier_build_is_counted_as_reused_whatever_the_other_process_made(
    library, tmp_path, monkeypatch
):
    """The log's tally counts as made only a page found under the very key the other process made it under: a
    page whose key here differs, found in the cache from an earlier build, is reused (found by a review)."""
    _key_changed_here(monkeypatch, "part-2")
    root = Path(shutil.copytree(library, tmp_path / "project"))
    monkeypatch.setattr(other_process.os, "cpu_count", lambda: 1)
    assert mkdocs_build_in_process(root, tmp_path / "site").returncode == 0  # every result stored, under this key
    seen = _early_spy(monkeypatch)
    with sqlite3.connect(root / FOLDER / DATABASE) as db:  # every page converted anew: the passes begin early
        db.execute("delete from outputs where kind = 'markdown'")
    db.close()
    result = mkdocs_build_in_process(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert seen["started"] == 1 and seen["here"] == [] and _tally(result.stderr)[1] == 0, (seen, result.stderr)


@pytest.mark.slow
def test_an_early_process_that_failed_does_not_fail_the_build(library, without_early, tmp_path, monkeypatch):
    """Its results were only ever taken through the cache, and every page was processed here: an error it raised
    (a bug, no memory) costs the log's tally of what it made, not the build."""
    seen = _early_spy(monkeypatch)
    real = other_process.OtherProcess.answer

    def answer(self):
        if self.popen.args[-1] == "speech_study.postbuild.early_pages":
            real(self)
            raise RuntimeError("它出了错")
        return real(self)

    monkeypatch.setattr(other_process.OtherProcess, "answer", answer)
    root = Path(shutil.copytree(library, tmp_path / "project"))
    result = mkdocs_build_in_process(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert seen["started"] == 1
    _same_as_without_early(without_early, tmp_path / "site")


@pytest.mark.slow
def test_a_build_after_an_import_takes_the_kept_numbering_and_makes_the_same_site(root, tmp_path):
    """The library's index keeps its numbering once the last speech's pages are numbered (search_index.CHECKPOINT);
    after one more speech is imported, the next build takes it for every speech before the new one (the log says so)
    and makes the site a build without the cache makes, byte for byte (a page of the kept ones changed: every page
    numbered again, tests/unit/test_library_index.py)."""
    build = mkdocs_build(root, tmp_path / "site")
    assert build.returncode == 0, build.stderr[-3000:]
    assert "的编号沿用上次的构建" not in build.stderr  # nothing kept yet
    text = speechfiles.write_txt(tmp_path / "又一篇讲话.txt", speechfiles.TEXT.replace("同志们", "各位同志", 1))
    imported = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "import_speech.py"), str(text), "--slug", "youyi", "--root", str(root)],
        capture_output=True,
        text=True,
    )
    assert imported.returncode == 0, imported.stderr
    after = mkdocs_build(root, tmp_path / "site")
    assert after.returncode == 0, after.stderr[-3000:]
    assert re.search(r"文库搜索索引：\d+页的编号沿用上次的构建", after.stderr), after.stderr[-2000:]
    clean = mkdocs_build(root, tmp_path / "clean", env={"BUILD_CACHE": "0"})
    assert clean.returncode == 0, clean.stderr[-3000:]
    assert files_of(tmp_path / "site") == files_of(tmp_path / "clean")
