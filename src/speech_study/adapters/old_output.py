"""The previous build's files: written over in place, and what this build did not write deleted after it.

MkDocs empties the output folder before every build that is not `--dirty`
(`utils.clean_directory`: everything but the top-level dot-entries) and then
writes every file again. Deleting and creating files and folders is what costs
on a disk like this machine's, not the bytes: a library of 100 speeches (4,000
files) built with every output from the cache took 5.4–8.2 s that way and
3.2–4.3 s writing over the previous build's files (five runs each, alternating).

So the plugin lets the engine write over the previous build (`Previous.take`,
at the point the engine would clean; Material's own projects plugin turns the
cleaning off the same way). Before the build:

- every file the cleaning would delete is noted, and its modification time set
  to `UNWRITTEN` (1970-01-01 00:00:01): any write, truncation or replacement
  gives it the present time, however coarse the file system's clock, and
  nothing a build does sets a time that far back;
- what writing in place would get wrong is deleted at once, as the cleaning
  would: a symbolic link (written through, it would change a file outside the
  folder), a file with more than one hard link (written in place, its other
  names would change too); a symbolic link to a folder at the top stays, as the
  cleaning leaves it;
- another user's file (in a shared folder only its owner may set its time) is
  deleted at once too; a folder that cannot be read or changed so is left to
  the engine's cleaning;
- on a file system that does not tell upper from lower case (macOS by default),
  a page renamed only in its case would keep the old name: there the engine
  cleans as before, as it does on Windows.

Once the engine has written the pages and the search plugin its index, every
noted file still `UNWRITTEN` is deleted (`sweep`), with the folders that held
only such files, before the post-build passes look at the folder: they never
meet an old file (a link to a page that is gone stays broken). The files the
passes write themselves (`keep`: the Word and PDF files, the library's index
shards) stay for them to write over; what they did not write is deleted when
they are done (`finish`).

The folder ends exactly as a cleaning build leaves it (a build never leaves an
empty folder, so one emptied here is not one the build made):
tests/integration/test_build_over_previous.py builds over a different build and
compares every file and folder with a build into an empty folder.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from ..postbuild.layout import UNWRITTEN  # a noted file's modification time until the build writes it

# the engines whose `utils.clean_directory` the build calls (ProperDocs is MkDocs' maintained fork; it may
# register the very same module under both names)
ENGINE_UTILS = ("mkdocs.utils", "properdocs.utils")
PROBE = ".speech-study-case-probe"
_CLEANING: dict[int, tuple[ModuleType, Callable[[str], None]]] = {}  # id(module) -> it, its own cleaning


def supported(site: Path) -> bool:
    """Whether `site` holds a previous build that may be written over: POSIX, and a file system that tells
    case (no folder yet: nothing to write over)."""
    if os.name != "posix" or not Path(site).is_dir():
        return False
    probe = Path(site) / PROBE
    try:
        probe.write_bytes(b"")
        try:
            return not (Path(site) / PROBE.upper()).exists()
        finally:
            probe.unlink()
    except OSError:
        return False  # a folder this build cannot write into: the engine reports it


def _note(site: Path) -> list[str]:
    """Every file the engine's cleaning would delete, marked UNWRITTEN; what cannot be written over in place is
    deleted now. Site-relative POSIX paths."""
    noted: list[str] = []

    def file(path: str, rel: str, st: os.stat_result) -> None:
        if stat.S_ISREG(st.st_mode) and st.st_nlink == 1:
            try:
                os.utime(path, ns=(st.st_atime_ns, UNWRITTEN), follow_symlinks=False)
            except PermissionError:  # another user's file (a shared folder): only its owner may set its time
                os.unlink(path)
                return
            noted.append(rel)
        else:  # a link, or a name of an inode with others: written through, it would change what is not ours
            os.unlink(path)

    for entry in sorted(e for e in os.listdir(site) if not e.startswith(".")):
        path = os.path.join(site, entry)
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode) and os.path.isdir(path):
            continue  # a link to a folder at the top: the cleaning leaves it (rmtree refuses a link)
        if not stat.S_ISDIR(st.st_mode):
            file(path, entry, st)
            continue
        for folder, dirs, names in os.walk(path):
            rel = os.path.relpath(folder, site).replace(os.sep, "/")
            for name in [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
                os.unlink(os.path.join(folder, name))  # a link to a folder inside: the cleaning deletes it
                dirs.remove(name)
            for name in names:
                where = os.path.join(folder, name)
                file(where, f"{rel}/{name}", os.lstat(where))
    return noted


@dataclass
class Previous:
    """The previous build's files in `site` as this build found them."""

    site: Path
    files: set[str] = field(default_factory=set)
    kept: set[str] = field(default_factory=set)  # left by `sweep` for the post-build passes to write over

    @classmethod
    def take(cls, site: Path) -> Previous | None:
        """Note the files, and turn the engine's cleaning of `site` off for this build (`restore` turns it on);
        None when the folder cannot be read or changed so: the engine cleans it (and says why it cannot)."""
        try:
            previous = cls(Path(site), set(_note(Path(site))))
        except OSError:
            return None
        for name in ENGINE_UTILS:
            module = sys.modules.get(name)
            if module is not None and id(module) not in _CLEANING:
                names = vars(module)  # the module's own names: what its build() looks up at the call
                _CLEANING[id(module)] = (module, names["clean_directory"])
                names["clean_directory"] = _keeping(names["clean_directory"], str(site))
        return previous

    @staticmethod
    def restore() -> None:
        """The engine cleans every folder again (called once the engine has passed its cleaning)."""
        for module, clean in _CLEANING.values():
            vars(module)["clean_directory"] = clean
        _CLEANING.clear()

    def clear_way(self, rels: Iterable[str]) -> None:
        """Where this build writes the files `rels` (site-relative), a noted file standing where a folder must go
        and a folder standing where a file must go are deleted now (writing would fail over them; the engine's
        cleaning would have deleted them)."""
        wanted = set(rels)
        folders = {rel.rsplit("/", i)[0] for rel in wanted for i in range(1, rel.count("/") + 1)}
        for folder in sorted(folders, key=len):
            if folder in self.files and os.path.isfile(os.path.join(self.site, folder)):
                os.unlink(os.path.join(self.site, folder))
        for rel in wanted:
            path = os.path.join(self.site, rel)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)

    def _unwritten(self, names: Iterable[str]) -> list[str]:
        out = []
        for rel in names:
            try:
                st = os.lstat(os.path.join(self.site, rel))
            except OSError:
                continue  # deleted or moved by the build
            if stat.S_ISREG(st.st_mode) and st.st_mtime_ns == UNWRITTEN:
                out.append(rel)
        return out

    def sweep(self, keep: Callable[[str], bool]) -> int:
        """Delete every noted file the build has not written, but those `keep` names; the number deleted."""
        stale = self._unwritten(sorted(self.files))
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
