"""The previous build's files: written over in place, and what this build did not write deleted after it.

MkDocs empties the output folder before every build that is not `--dirty`
(`utils.clean_directory`: everything but the top-level dot-files) and then
writes every file again. Deleting and creating files and folders is what costs
on a disk like this machine's, not the bytes: a library of 100 speeches (4,000
files) built with every output from the cache took 7.0–8.1 s that way and
5.2–5.4 s writing over the previous build's files (four runs each, alternating).

So the plugin lets the engine write over the previous build (`Previous.take`,
at the point the engine would clean; Material's own projects plugin turns the
cleaning off the same way). Before the build it notes every file the cleaning
would delete with its inode and change time (POSIX `st_ctime`: a write, a
truncation or a replacement changes it, and nothing can set it back). Once the
engine has written the pages and the search plugin its index, every file still
as noted was not written by this build and is deleted (`sweep`), with the
folders that held only such files, before the post-build passes look at the
folder: they never meet an old file (a link to a page that is gone stays
broken). The files the passes are about to write themselves (`keep`: the Word
and PDF files, the library's index shards) stay for them to write over; what
they did not write is deleted when they are done (`finish`).

The folder ends exactly as a cleaning build leaves it (a build never leaves an
empty folder, so one emptied here is not one the build made):
tests/integration/test_old_output.py builds over a different build and
compares every file and folder with a build into an empty folder. Where the
change time is the creation time (Windows), the engine cleans as before.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

# the engines whose `utils.clean_directory` the build calls (ProperDocs is MkDocs' maintained fork)
ENGINE_UTILS = ("mkdocs.utils", "properdocs.utils")

Stamp = tuple[int, int]  # inode, change time (ns)
_CLEANING: dict[str, Callable[[str], None]] = {}  # engine module -> its own cleaning, while a build skips a folder


def supported() -> bool:
    """Whether a file's change time tells that it was written (POSIX), so the folder need not be emptied."""
    return os.name == "posix"


def _stamp(path: str) -> Stamp:
    st = os.lstat(path)
    return st.st_ino, st.st_ctime_ns


def _files(site: Path) -> dict[str, Stamp]:
    """Every file the engine's cleaning deletes (all under the top-level entries not starting with a dot), by
    site-relative POSIX path."""
    out: dict[str, Stamp] = {}
    try:
        top = [e for e in os.listdir(site) if not e.startswith(".")]
    except OSError:
        return out
    for entry in top:
        path = os.path.join(site, entry)
        if not os.path.isdir(path) or os.path.islink(path):
            out[entry] = _stamp(path)
            continue
        for folder, dirs, names in os.walk(path):
            rel = os.path.relpath(folder, site).replace(os.sep, "/")
            for name in names + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
                out[f"{rel}/{name}"] = _stamp(os.path.join(folder, name))
    return out


@dataclass
class Previous:
    """The previous build's files in `site` as this build found them."""

    site: Path
    files: dict[str, Stamp] = field(default_factory=dict)
    kept: set[str] = field(default_factory=set)  # left by `sweep` for the post-build passes to write over

    @classmethod
    def take(cls, site: Path) -> Previous:
        """Note the files, and turn the engine's cleaning of `site` off for this build (`restore` turns it on)."""
        previous = cls(Path(site), _files(Path(site)))
        for name in ENGINE_UTILS:
            module = sys.modules.get(name)
            if module is not None and name not in _CLEANING:
                names = vars(module)  # the module's own names: what its build() looks up at the call
                _CLEANING[name] = names["clean_directory"]
                names["clean_directory"] = _keeping(_CLEANING[name], str(site))
        return previous

    @staticmethod
    def restore() -> None:
        """The engine cleans every folder again (called once the engine has passed its cleaning)."""
        for name, clean in _CLEANING.items():
            vars(sys.modules[name])["clean_directory"] = clean
        _CLEANING.clear()

    def clear_way(self, rels: Iterable[str]) -> None:
        """Where this build writes the files `rels` (site-relative), a noted file standing where a folder must go
        and a noted folder standing where a file must go are deleted now (writing would fail over them; the
        engine's cleaning would have deleted them)."""
        wanted = set(rels)
        folders = {rel.rsplit("/", i)[0] for rel in wanted for i in range(1, rel.count("/") + 1)}
        for folder in sorted(folders, key=len):
            path = os.path.join(self.site, folder)
            if folder in self.files and (os.path.islink(path) or not os.path.isdir(path)):
                os.unlink(path)
        for rel in wanted:
            path = os.path.join(self.site, rel)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)

    def _unwritten(self, names: Iterable[str]) -> list[str]:
        out = []
        for rel in names:
            try:
                if _stamp(os.path.join(self.site, rel)) == self.files[rel]:
                    out.append(rel)
            except OSError:
                continue  # deleted or replaced by the build
        return out

    def sweep(self, keep: Callable[[str], bool]) -> int:
        """Delete every noted file the build has not written, but those `keep` names; the number deleted."""
        stale = self._unwritten(self.files)
        self.kept = {rel for rel in stale if keep(rel)}
        return self._delete([rel for rel in stale if rel not in self.kept])

    def finish(self) -> int:
        """Delete the kept files the post-build passes did not write; the number deleted."""
        kept, self.kept = self.kept, set()
        return self._delete(self._unwritten(sorted(kept)))

    def _delete(self, stale: list[str]) -> int:
        folders: set[str] = set()
        for rel in stale:
            os.unlink(os.path.join(self.site, rel))
            parent = rel.rpartition("/")[0]
            while parent:
                folders.add(parent)
                parent = parent.rpartition("/")[0]
        for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):  # the deepest first
            try:
                os.rmdir(os.path.join(self.site, folder))  # only an empty one: what stays there was written
            except OSError:
                continue
        return len(stale)


def _keeping(clean: Callable[[str], None], site: str) -> Callable[[str], None]:
    """The engine's cleaning, but not of `site` (its files are written over, then swept)."""

    def clean_directory(directory: str) -> None:
        if os.path.abspath(directory) != os.path.abspath(site):
            clean(directory)

    return clean_directory
