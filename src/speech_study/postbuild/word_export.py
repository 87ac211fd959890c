"""Write the Word version of the handouts into SITE/docx/ at every build (render/word.py makes the bytes).

Unlike the PDFs, it needs no browser: every build has it, and the pages link
it (“下载 Word”, partials/handout-actions.html) by the names `names` gives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..buildcache import BuildCache
from ..project import Project
from ..render import word
from ..render.docx_format import Writer
from . import old_files
from .other_process import OtherProcess, serve

KIND = "word"  # the cache's folder for the .docx files


def names(project) -> list[str]:
    """The files every build writes, e.g. part-1-leadership-team, speech, glossary, self-test."""
    return sorted(word.targets(project))


def each_file(project: Project, cache: BuildCache) -> Iterator[tuple[str, str, bytes]]:
    """Every Word file's name, cache key and bytes: from the cache when its inputs (blocks, notice, properties)
    and the code are unchanged, else made (with one Writer, made at the first miss: a warm build needs none).
    One at a time: at 1,000 speeches the files are 150 MB."""
    writers: list[Writer] = []

    def writer() -> Writer:
        if not writers:
            writers.append(Writer())
        return writers[0]

    for name, document in word.documents(project).items():
        inputs = document.key()
        yield name, cache.key(KIND, inputs), cache.fetch(KIND, name, inputs, partial(_write, document, writer))


def _write(document: word.Document, writer: Callable[[], Writer]) -> bytes:
    return document.write(writer())


def _work(inputs) -> tuple:
    """The other process's work (other_process.serve): each file's cache key (its bytes are in the cache), or its
    bytes when the cache is off or has failed; and its use of the cache for the tally."""
    project, cache = inputs
    # a file the cache holds goes back as its key; once the cache is off, or has failed (a lock held too long, a
    # damaged or full store), as its bytes: the build process would otherwise make it again
    made = {name: key if cache.usable else data for name, key, data in each_file(project, cache)}
    return made, cache.stats.hits, cache.stats.misses


@dataclass
class WordJob:
    """The build's Word files, started as soon as the project is read (they are made from the model, not from
    the built pages): walked, looked up in the cache and the missing ones made in another process beside the
    rest of the build; `finish` writes them all into the site. With one core, they are made there."""

    project: Project
    cache: BuildCache
    process: OtherProcess | None = None

    @classmethod
    def start(cls, project: Project, cache: BuildCache | None = None) -> WordJob:
        job = cls(project, cache or BuildCache.off())
        own = BuildCache(job.cache.folder, job.cache.fingerprint)  # the same store, its own tally (sent back)
        job.process = OtherProcess.start(__name__, (project, own))
        return job

    def stop(self) -> None:
        """The build failed: the other process, if any, is ended and reaped."""
        if self.process is not None:
            self.process.stop()
            self.process = None

    def _from_other(self, answer: tuple) -> Iterator[tuple[str, bytes]]:
        made, hits, misses = answer
        self.cache.stats.hits.extend(hits)
        self.cache.stats.misses.extend(misses)
        documents: dict[str, word.Document] = {}
        writers: list[Writer] = []
        for name, got in made.items():
            data = got if isinstance(got, bytes) else self.cache.get(KIND, got)
            if data is None:  # not in the cache after all (a folder that cannot be written): made here
                documents = documents or word.documents(self.project)
                writers = writers or [Writer()]
                data = documents[name].write(writers[0])
                if (KIND, name) in self.cache.stats.hits:  # the log counts it as made, not as taken
                    self.cache.stats.hits.remove((KIND, name))
                    self.cache.stats.misses.append((KIND, name))
            yield name, data

    def finish(self, site: Path) -> list[Path]:
        """Write every file into SITE/docx/ (and the old names' copies)."""
        answer = None if self.process is None else self.process.answer()
        self.process = None
        made: Iterator[tuple[str, bytes]]
        if answer is None:
            made = ((name, data) for name, _, data in each_file(self.project, self.cache))
        else:
            made = self._from_other(answer)
        out = Path(site) / "docx"
        out.mkdir(exist_ok=True)
        folders = {out}
        written = []
        for name, data in made:
            path = out / f"{name}.docx"
            if path.parent not in folders:  # a library speech's files are in its own folder
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            path.write_bytes(data)
            written.append(path)
        return written + old_files.copy(out, ".docx", self.project.old_file_names())


def run(site: Path, project: Project, cache: BuildCache | None = None) -> list[Path]:
    """Each file's bytes from the cache when its inputs (blocks, notice, properties) and the code are unchanged.

    `cache`: None (or an off one) makes every file afresh. Its stats name each file by its name here. All in
    this process (a build starts a WordJob instead).
    """
    return WordJob(project, cache or BuildCache.off()).finish(site)


def summary(cache: BuildCache) -> str:
    """The build log's line on the Word files the cache gave; "" when it is off."""
    return cache.summary(KIND, "Word 版")


if __name__ == "__main__":
    serve(_work)
