"""Write the Word version of the handouts into SITE/docx/ at every build (render/word.py makes the bytes).

Unlike the PDFs, it needs no browser: every build has it, and the pages link
it (“下载 Word”, partials/handout-actions.html) by the names `names` gives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..buildcache import BuildCache
from ..project import Project
from ..render import word
from . import old_files
from .other_process import OtherProcess, serve

if TYPE_CHECKING:  # python-docx only in the process that writes the files (render/docx_blocks.py)
    from ..render.docx_format import Writer

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
            from ..render.docx_format import Writer

            writers.append(Writer())
        return writers[0]

    for name, document in word.documents(project).items():
        inputs = document.key()
        yield name, cache.key(KIND, inputs), cache.fetch(KIND, name, inputs, partial(_write, document, writer))


def _write(document: word.Document, writer: Callable[[], Writer]) -> bytes:
    return document.write(writer())


def _write_files(site: Path, made: Iterable[tuple[str, bytes]]) -> list[Path]:
    """Each (name, bytes) written as SITE/docx/NAME.docx, one at a time; the paths written."""
    out = Path(site) / "docx"
    out.mkdir(parents=True, exist_ok=True)
    folders = {out}
    written = []
    for name, data in made:
        path = out / f"{name}.docx"
        if path.parent not in folders:  # a library speech's files are in its own folder
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_bytes(data)
        written.append(path)
    return written


def _work(inputs, items) -> tuple:
    """The other process's work (other_process.serve, streamed): once the stream has ended (the engine has passed
    its cleaning of the output folder: `WordJob.begin_writing`), each file looked up in the cache or made, and
    written into SITE/docx/ at once (the build's process reads none of them back); the names written, and the use
    of the cache for the tally."""
    project, cache, site = inputs
    for _ in items:  # no items: the end of the stream is the folder ready
        pass
    written = _write_files(site, ((name, data) for name, _, data in each_file(project, cache)))
    return [path.relative_to(site).as_posix() for path in written], cache.stats.hits, cache.stats.misses


@dataclass
class WordJob:
    """The build's Word files, started as soon as the project is read (they are made from the model, not from
    the built pages): in another process beside the rest of the build, which writes them into SITE/docx/ itself
    once the engine has passed its cleaning of the folder (`begin_writing`); `finish` waits for it. With one core,
    or a process that ended without an answer, they are made and written here at `finish`."""

    project: Project
    cache: BuildCache
    site: Path
    process: OtherProcess | None = None

    @classmethod
    def start(cls, project: Project, site: Path, cache: BuildCache | None = None) -> WordJob:
        job = cls(project, cache or BuildCache.off(), Path(site))
        own = BuildCache(job.cache.folder, job.cache.fingerprint)  # the same store, its own tally (sent back)
        job.process = OtherProcess.start(__name__, (project, own, job.site), streamed=True)
        return job

    def begin_writing(self) -> None:
        """The output folder is ready (the engine's cleaning, or old_output's, is done): the other process may write
        into it."""
        if self.process is not None:
            self.process.end_stream()

    def stop(self) -> None:
        """The build failed: the other process, if any, is ended and reaped."""
        if self.process is not None:
            self.process.stop()
            self.process = None

    def finish(self) -> list[Path]:
        """Every file written into SITE/docx/ (by the other process, else here), and the old names' copies."""
        self.begin_writing()
        answer = None if self.process is None else self.process.answer()
        self.process = None
        if answer is None:  # (a process that died half way wrote some: each is written again, whole)
            written = _write_files(self.site, ((name, data) for name, _, data in each_file(self.project, self.cache)))
        else:
            names, hits, misses = answer
            self.cache.stats.hits.extend(hits)
            self.cache.stats.misses.extend(misses)
            written = [self.site / name for name in names]
        return written + old_files.copy(self.site / "docx", ".docx", self.project.old_file_names())


def run(site: Path, project: Project, cache: BuildCache | None = None) -> list[Path]:
    """Each file's bytes from the cache when its inputs (blocks, notice, properties) and the code are unchanged.

    `cache`: None (or an off one) makes every file afresh. Its stats name each file by its name here. All in
    this process (a build starts a WordJob instead).
    """
    return WordJob(project, cache or BuildCache.off(), Path(site)).finish()


def summary(cache: BuildCache) -> str:
    """The build log's line on the Word files the cache gave; "" when it is off."""
    return cache.summary(KIND, "Word 版")


if __name__ == "__main__":
    serve(_work, streamed=True)
