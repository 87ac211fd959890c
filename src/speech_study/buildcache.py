"""Outputs cached by their inputs: bytes a build made before are reused when nothing they depend on changed.

The store is content-addressed, under `<project root>/.speech-study-cache/`
(ignored by git; not in `.cache/`, which Zensical's `build --clean` empties
at every build): an entry's name is the sha256 of

- the code fingerprint: the package's version, the bytes of every file of the
  package (simplest and safe: a change anywhere in the code is a change), the
  versions of the libraries that write the bytes (python-docx, whose blank
  document every Word file starts from, and lxml), Python's and zlib's;
- the kind of output (e.g. `word`);
- the exact inputs of the function that makes the bytes, as the caller
  serialises them (for Word: the document's blocks, notice and properties).

So an entry can only be found again by the same code with the same inputs:
a stale entry is unreachable, never wrong. Writes are atomic (a temporary
file in the same folder, then os.replace); an entry carries the sha256 of its
bytes, and one that is missing, unreadable or does not match is a miss (it is
made again and overwritten). Deleting the folder is always safe. Nothing is
pruned: the folder grows by the outputs of every version built (a few MB for
a library of 100 speeches), and can be deleted at any time.

`BUILD_CACHE=false` (settings.py) turns it off: every output is made afresh
and nothing is read or written.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path

FOLDER = Path(".speech-study-cache")
PACKAGE = Path(__file__).resolve().parent
DISTRIBUTION = "dangzuzhi-shuji-study"
# the libraries whose code writes the cached bytes (python-docx's default template is the blank document)
LIBRARIES = ("python-docx", "lxml")
DIGEST = hashlib.sha256().digest_size


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


@dataclass
class BuildCache:
    """One build's view of the store: `folder` None means the cache is off (every output made, none stored)."""

    folder: Path | None
    fingerprint: str = ""
    stats: CacheStats = field(default_factory=CacheStats)

    @classmethod
    def at(cls, root: Path, enabled: bool = True, fingerprint: str | None = None) -> BuildCache:
        """The project's cache (`root`/.speech-study-cache), or an off one; `fingerprint`: default this code's."""
        if not enabled:
            return cls(None)
        return cls(Path(root) / FOLDER, _this_code() if fingerprint is None else fingerprint)

    @classmethod
    def off(cls) -> BuildCache:
        return cls(None)

    def key(self, kind: str, inputs: bytes) -> str:
        h = hashlib.sha256()
        for part in (self.fingerprint.encode(), kind.encode(), inputs):
            h.update(len(part).to_bytes(8, "big"))
            h.update(part)
        return h.hexdigest()

    def _path(self, kind: str, key: str) -> Path:
        assert self.folder is not None
        return self.folder / kind / key[:2] / key

    def get(self, kind: str, key: str) -> bytes | None:
        """The stored bytes, or None: off, missing, unreadable or corrupt (its checksum does not match)."""
        if self.folder is None:
            return None
        try:
            stored = self._path(kind, key).read_bytes()
        except OSError:
            return None
        digest, data = stored[:DIGEST], stored[DIGEST:]
        if len(digest) != DIGEST or hashlib.sha256(data).digest() != digest:
            return None
        return data

    def put(self, kind: str, key: str, data: bytes) -> None:
        """Store atomically; a folder that cannot be written only means no cache (the build goes on)."""
        if self.folder is None:
            return
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(hashlib.sha256(data).digest() + data)
                os.replace(temp, path)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError:
            return

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

    def summary(self, kind: str, name: str, unit: str = "份", redo: str = "重新生成") -> str:
        """One line for the build's log, e.g. “Word 版共14份：12份沿用构建缓存，2份重新生成”; "" when off."""
        if self.folder is None:
            return ""
        hits, misses = len(self.stats.hit(kind)), len(self.stats.missed(kind))
        return f"{name}共{hits + misses}{unit}：{hits}{unit}沿用构建缓存，{misses}{unit}{redo}"
