"""Outputs cached by their inputs: bytes a build made before are reused when nothing they depend on changed.

The store is content-addressed, one SQLite file under
`<project root>/.speech-study-cache/` (ignored by git; not in `.cache/`,
which Zensical's `build --clean` empties at every build): an entry's key is
the sha256 of

- the code fingerprint: the package's version, the bytes of every file of the
  package (simplest and safe: a change anywhere in the code is a change), the
  versions of the libraries that write the bytes (python-docx, whose blank
  document every Word file starts from, and lxml), Python's and zlib's;
- the kind of output (e.g. `word`);
- the exact inputs of the function that makes the bytes, as the caller
  serialises them (for Word: the document's blocks, notice and properties).

So an entry can only be found again by the same code with the same inputs:
a stale entry is unreachable, never wrong. One file, not a file per entry: a
clean build of 100 speeches stores about 5,000 entries, and creating a file
costs about half a millisecond of the kernel's time on the machines measured
(2.5 s a build), a row in SQLite's write-ahead log a tenth of that. Every
process of a build (the page passes', the Word files', the search index's)
writes into the same file; each write is its own transaction, so what one
process stored the others read at once. An entry carries the sha256 of its
key and bytes, and one that is missing, unreadable or does not match is a miss (it
is made again and overwritten); a file that is not a SQLite database at all
is replaced by an empty one when a build opens the cache. Durability is
SQLite's `synchronous=off`: a power cut may lose or damage the last entries,
which the checksums then turn into misses. Deleting the folder is always
safe.

Pruned by use, not by age: each entry carries the day a build last stored or
took it (`used`, days since 1970 in UTC; written at most once a day per entry,
so a build on a day the entry was already used writes nothing more). After a
successful build (`prune`, at most once a day: the database's user_version holds
the day it last ran) every entry no build used for KEEP_DAYS days is deleted and
the file given back its free pages (SQLite's incremental vacuum), and so are
the compiled templates (COMPILED) no build loaded for as long: an earlier
version's outputs, or a page's as it stood before an edit, no longer pile up
(a full build of 100 speeches stores about 200 MB; each code update made that
anew). What this build used is never among them: it used it today.

`BUILD_CACHE=false` (settings.py) turns it off: every output is made afresh
and nothing is read or written.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import stat
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path

FOLDER = Path(".speech-study-cache")
# in FOLDER: table outputs(key, kind, used, digest, data), digest = sha256(key + data), used = the day last used
DATABASE = "cache.sqlite3"
# earlier layouts, deleted when a build opens the cache: one day's, then one without the day each entry was used
EARLIER_DATABASES = tuple(
    f"{name}{end}" for name in ("entries.sqlite3", "outputs.sqlite3") for end in ("", "-wal", "-shm")
)
KEEP_DAYS = 30  # an entry no build used for this many days is deleted (prune)
DAMAGED = "damaged"  # in FOLDER: left by a process that found the database damaged; the next build starts afresh
COMPILED = "jinja"  # in FOLDER: the page templates' compiled code (adapters/template_cache.py), Jinja's own files
PACKAGE = Path(__file__).resolve().parent
DISTRIBUTION = "dangzuzhi-shuji-study"
# the libraries whose code writes the cached bytes (python-docx's default template is the blank document)
LIBRARIES = ("python-docx", "lxml")


def version(name: str) -> str:
    """An installed distribution's version, or "absent" (a key part: a library upgraded is another key)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def code_fingerprint(package: Path = PACKAGE) -> str:
    """The sha256 of everything besides the inputs that decides the bytes: the package's files and versions."""
    h = hashlib.sha256()
    h.update(f"{DISTRIBUTION} {version(DISTRIBUTION)}\n".encode())
    h.update(f"python {sys.version}\nzlib {zlib.ZLIB_RUNTIME_VERSION}\n".encode())
    for name in LIBRARIES:
        h.update(f"{name} {version(name)}\n".encode())
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        data = path.read_bytes()
        h.update(f"{path.relative_to(package).as_posix()} {len(data)}\n".encode())
        h.update(data)
    return h.hexdigest()


def canonical(data: object) -> bytes:
    """`data` as a key's bytes: JSON with sorted keys, ASCII only, anything else by its str()."""
    return json.dumps(data, ensure_ascii=True, separators=(",", ":"), sort_keys=True, default=str).encode("ascii")


def digest(data: object) -> str:
    """The sha256 of `data`'s canonical bytes (a part of a key reckoned once, e.g. a speech's scope)."""
    return hashlib.sha256(canonical(data)).hexdigest()


@lru_cache(maxsize=1)
def _this_code() -> str:
    """This process's code fingerprint, reckoned once (the package's files do not change under a build)."""
    return code_fingerprint()


@dataclass
class CacheStats:
    """What one build took from the cache (`hits`) and made afresh (`misses`): (kind, label) in order."""

    hits: list[tuple[str, str]] = field(default_factory=list)
    misses: list[tuple[str, str]] = field(default_factory=list)

    def hit(self, kind: str) -> list[str]:
        """The labels of the outputs of `kind` taken from the cache."""
        return [label for k, label in self.hits if k == kind]

    def missed(self, kind: str) -> list[str]:
        """The labels of the outputs of `kind` made afresh (the cache off, or no entry for their inputs)."""
        return [label for k, label in self.misses if k == kind]


# `used` before the blobs: reading it (prune's scan) never reads a blob's overflow pages
SCHEMA = (
    "create table if not exists outputs"
    " (key text primary key, kind text not null, used integer not null, digest blob not null, data blob not null)"
)
# prune finds the entries to delete without reading every row (most of a row is its blob)
USED_INDEX = "create index if not exists outputs_used on outputs (used)"
WAIT_S = 60.0  # another process of the build writing: waited for, never an error


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=WAIT_S, isolation_level=None, check_same_thread=False)
    try:
        if db.execute("pragma page_count").fetchone()[0] == 0:
            # a new database gives its free pages back to the disk when asked (prune); only then: on an existing one
            # the pragma is a write, and every opening would take the write lock (and wait for another process's)
            db.execute("pragma auto_vacuum=incremental")
        db.execute("pragma journal_mode=wal")  # readers never wait for a writer, a write is one append
        db.execute("pragma synchronous=off")  # a cache: a lost entry is a miss (its checksum tells a damaged one)
        db.execute(SCHEMA)
        db.execute(USED_INDEX)
    except BaseException:
        db.close()
        raise
    return db


def today() -> int:
    """The day an entry is used, in days since 1970-01-01 UTC (a module function: tests move the clock)."""
    return int(time.time() // 86400)


def _checksum(key: str, data: bytes) -> bytes:
    h = hashlib.sha256(key.encode("ascii"))
    h.update(data)
    return h.digest()


def _junction(path: Path) -> bool:
    """A Windows directory junction (a link `is_symlink` does not see before Python 3.12)."""
    if sys.platform != "win32":
        return False
    try:
        return os.lstat(path).st_reparse_tag == stat.IO_REPARSE_TAG_MOUNT_POINT
    except OSError:
        return False


HEX = frozenset("0123456789abcdef")


def _old_entries(folder: Path) -> bool:
    """A folder of the old layout: its subfolders all named by two hex digits, and one of them holding a file
    named by 64 (a stray file such as .DS_Store or Thumbs.db beside them does not matter). Looks at one file
    per subfolder at most."""
    if folder.is_symlink() or _junction(folder) or not folder.is_dir():
        return False
    entry_found = False
    for bucket in folder.iterdir():
        if not bucket.is_dir():
            continue
        if len(bucket.name) != 2 or not set(bucket.name) <= HEX or bucket.is_symlink() or _junction(bucket):
            return False
        if not entry_found:
            entry_found = any(len(e.name) == 64 and set(e.name) <= HEX for e in bucket.iterdir())
    return entry_found


WHY = {  # SQLite's primary result codes, as the build's log says them
    sqlite3.SQLITE_BUSY: f"另一个进程占着缓存数据库超过{WAIT_S:.0f}秒",
    sqlite3.SQLITE_LOCKED: f"另一个进程占着缓存数据库超过{WAIT_S:.0f}秒",
    sqlite3.SQLITE_FULL: "磁盘已满",
    sqlite3.SQLITE_READONLY: "缓存数据库只读",
    sqlite3.SQLITE_TOOBIG: "一份输出太大，存不下",
    sqlite3.SQLITE_CORRUPT: "缓存数据库已损坏，下次构建时换成新的",
    sqlite3.SQLITE_NOTADB: "缓存数据库已损坏，下次构建时换成新的",
    sqlite3.SQLITE_CANTOPEN: "缓存数据库打不开",
    sqlite3.SQLITE_IOERR: "读写缓存数据库时磁盘出错",
}


def _why(exc: sqlite3.Error) -> str:
    code = exc.sqlite_errorcode & 0xFF if "sqlite_errorcode" in vars(exc) else None
    return WHY.get(code, f"读写缓存数据库出错（SQLite 错误码{code}）") if code is not None else "读写缓存数据库出错"


def _damaged(exc: sqlite3.Error) -> bool:
    """A file that is not a database, or a damaged one: SQLite's own verdict (SQLITE_CORRUPT, SQLITE_NOTADB), not
    a lock held by another process, a full disk, a read-only folder or an output too large to store."""
    if not isinstance(exc, sqlite3.DatabaseError) or "sqlite_errorcode" not in vars(exc):
        return False
    return exc.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


@dataclass
class BuildCache:
    """One build's view of the store: `folder` None means the cache is off (every output made, none stored)."""

    folder: Path | None
    fingerprint: str = ""
    stats: CacheStats = field(default_factory=CacheStats)
    _db: sqlite3.Connection | None = field(default=None, init=False, repr=False, compare=False)
    _unusable: bool = field(default=False, init=False, repr=False, compare=False)
    failure: str = field(default="", init=False, compare=False)  # why this process stopped using it, in Chinese

    def __getstate__(self) -> dict:
        """Sent to another process without its connection (that process opens its own)."""
        return {**self.__dict__, "_db": None}

    @classmethod
    def at(cls, root: Path, enabled: bool = True, fingerprint: str | None = None) -> BuildCache:
        """The project's cache (`root`/.speech-study-cache), or an off one; `fingerprint`: default this code's.

        Opened here, once per build and before any other process of it: a file that is not a SQLite database,
        or one a process of an earlier build found damaged, is replaced by an empty one."""
        if not enabled:
            return cls(None)
        cache = cls(Path(root) / FOLDER, _this_code() if fingerprint is None else fingerprint)
        cache._open(repair=True)
        cache._drop_old_layout()
        return cache

    def _drop_old_layout(self) -> None:
        """Earlier versions kept a file per entry (FOLDER/kind/ab/abcd…, 64 hex digits) in a folder per kind: never
        read again, so deleted. Only folders of that shape, and never through a link (the cache folder pointed
        elsewhere must not lose that place's folders)."""
        assert self.folder is not None
        if self.folder.is_symlink() or _junction(self.folder):
            return
        try:
            old = [p for p in self.folder.iterdir() if p.name != COMPILED and _old_entries(p)]
        except OSError:
            return
        for folder in old:
            shutil.rmtree(folder, ignore_errors=True)
        for name in EARLIER_DATABASES:
            try:  # a read-only folder, or (on Windows) a file an older version's `serve` still holds open
                (self.folder / name).unlink(missing_ok=True)
            except OSError:
                pass

    @classmethod
    def off(cls) -> BuildCache:
        return cls(None)

    def key(self, kind: str, inputs: bytes) -> str:
        h = hashlib.sha256()
        for part in (self.fingerprint.encode(), kind.encode(), inputs):
            h.update(len(part).to_bytes(8, "big"))
            h.update(part)
        return h.hexdigest()

    def _open(self, repair: bool = False) -> sqlite3.Connection | None:
        """The connection, opened at the first use; None: off, or a store that cannot be used (no cache).
        `repair` (the build's first opening, `at`): a damaged or marked database is replaced by an empty one."""
        if self._db is not None or self.folder is None or self._unusable:
            return self._db
        path = self.folder / DATABASE
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            damaged = repair and (self.folder / DAMAGED).exists()
            if not damaged:
                try:
                    self._db = _connect(path)
                    self._db.execute("select 1 from outputs limit 1").fetchall()
                except sqlite3.Error as exc:
                    if not (repair and _damaged(exc)):
                        raise
                    damaged = True
            if damaged:
                self.close()
                for name in (DATABASE, f"{DATABASE}-wal", f"{DATABASE}-shm", DAMAGED):
                    (self.folder / name).unlink(missing_ok=True)
                self._db = _connect(path)
        except sqlite3.Error as exc:
            self._failed(exc)
        except OSError as exc:
            self.close()
            self._unusable = True
            self.failure = f"缓存文件夹 {self.folder} 无法创建或写入（系统错误号{exc.errno}）"
        return self._db

    @property
    def usable(self) -> bool:
        """On, and nothing has failed: what is put now can be got again (by this process or another)."""
        return self.folder is not None and not self._unusable

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _failed(self, exc: sqlite3.Error) -> None:
        """An entry could not be read or written: no cache for the rest of this build (a database another process
        holds locked longer than WAIT_S is waited for once, not at every entry); a damaged database is marked,
        and the next build replaces it (`at`)."""
        self.close()
        self._unusable = True
        self.failure = self.failure or _why(exc)
        if _damaged(exc) and self.folder is not None:
            try:
                (self.folder / DAMAGED).touch()
            except OSError:
                pass

    def get(self, kind: str, key: str) -> bytes | None:
        """The stored bytes, or None: off, missing, unreadable or corrupt (its checksum does not match)."""
        db = self._open()
        if db is None:
            return None
        try:
            row = db.execute("select digest, data, used from outputs where key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            self._failed(exc)
            return None
        if row is None or not isinstance(row[0], bytes) or not isinstance(row[1], bytes):
            return None
        digest, data, used = row
        # the checksum covers the key: a damaged index leading to another entry's row is a miss, not its bytes
        if _checksum(key, data) != digest:
            return None
        day = today()
        if used != day:  # the first use today: kept from prune for KEEP_DAYS more
            try:
                db.execute("update outputs set used = ? where key = ?", (day, key))
            except sqlite3.Error as exc:
                self._failed(exc)
        return data

    def put(self, kind: str, key: str, data: bytes) -> None:
        """Store (one transaction); a store that cannot be written only means no cache (the build goes on)."""
        db = self._open()
        if db is None:
            return
        try:
            db.execute(
                # the checksum apart from the bytes: no copy of a large output (the library's index is 14 MB)
                "insert or replace into outputs (key, kind, used, digest, data) values (?, ?, ?, ?, ?)",
                (key, kind, today(), _checksum(key, data), data),
            )
        except sqlite3.Error as exc:
            self._failed(exc)

    def fetch(self, kind: str, label: str, inputs: bytes, make: Callable[[], bytes]) -> bytes:
        """The bytes `make` gives for `inputs`: the stored ones when present, else made and stored."""
        if self.folder is None:
            self.stats.misses.append((kind, label))
            return make()
        key = self.key(kind, inputs)
        data = self.get(kind, key)
        if data is not None:
            self.stats.hits.append((kind, label))
            return data
        self.stats.misses.append((kind, label))
        data = make()
        self.put(kind, key, data)
        return data

    def prune(self, keep_days: int = KEEP_DAYS) -> int:
        """After a successful build: the entries no build used for `keep_days` days deleted, their space given back
        to the disk; at most once a day (the database's user_version holds the day it last ran). How many were
        deleted; 0 when off, unusable, already done today, or when it fails (nothing is lost but time)."""
        db = self._open()
        if db is None:
            return 0
        day = today()
        try:
            if db.execute("pragma user_version").fetchone()[0] == day:
                return 0
            deleted = db.execute("delete from outputs where used < ?", (day - keep_days,)).rowcount
            db.execute(f"pragma user_version = {int(day)}")
            if deleted:
                db.executescript("pragma incremental_vacuum;")  # executescript: every page, not one per step
                db.execute("pragma wal_checkpoint(truncate)").fetchall()
        except sqlite3.Error as exc:
            self._failed(exc)
            return 0
        return max(deleted, 0) + self._prune_compiled(day - keep_days)

    def _prune_compiled(self, before: int) -> int:
        """The compiled templates (COMPILED, adapters/template_cache.py, which touches a file when it loads it) last
        written or loaded before the day `before`, deleted: another code version's, or a template gone. How many."""
        assert self.folder is not None
        deleted = 0
        try:
            files = list((self.folder / COMPILED).glob("*.cache"))
        except OSError:
            return 0
        for path in files:
            try:
                if path.stat().st_mtime // 86400 < before:
                    path.unlink()
                    deleted += 1
            except OSError:  # gone meanwhile, or not ours to delete: left
                pass
        return deleted

    def prune_line(self) -> str:
        """`prune`, and the build log's line on what it deleted, or on why it could not ("" when nothing)."""
        failed = self.failure
        deleted = self.prune()
        if self.failure != failed:  # the build's outputs are all written: only the pruning is left for another day
            return f"构建缓存：这次没能删去久未用到的输出（{self.failure}），下次构建再删；这次构建的结果不受影响"
        return f"构建缓存：删去{deleted}份{KEEP_DAYS}天里没有一次构建用到的输出" if deleted else ""

    def failure_line(self) -> str:
        """One line for the build's log when the cache failed in this build (this process's failure, or a damaged
        database any process of the build found); "" otherwise."""
        if self.folder is None:
            return ""
        why = self.failure
        if (self.folder / DAMAGED).exists():
            why = "缓存数据库已损坏，下次构建时换成新的"
        if not why:
            return ""
        return f"构建缓存这次中途停用：{why}；之后的输出都重新生成"

    def summary(self, kind: str, name: str, unit: str = "份", redo: str = "重新生成") -> str:
        """One line for the build's log, e.g. “Word 版共14份：12份沿用构建缓存，2份重新生成”; "" when off."""
        if self.folder is None:
            return ""
        hits, misses = len(self.stats.hit(kind)), len(self.stats.missed(kind))
        return f"{name}共{hits + misses}{unit}：{hits}{unit}沿用构建缓存，{misses}{unit}{redo}"
