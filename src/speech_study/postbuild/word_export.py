"""Write the Word version of the handouts into SITE/docx/ at every build (render/word.py makes the bytes).

Unlike the PDFs, it needs no browser: every build has it, and the pages link
it (“下载 Word”, partials/handout-actions.html) by the names `names` gives.
"""

from __future__ import annotations

from dataclasses import dataclass
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


FEW = 8  # fewer files to make than this are made in the build's own process: starting a Python costs more


def _make(documents: dict[str, word.Document]) -> dict[str, bytes]:
    writer = Writer()  # one per build: its blank document and style look-ups serve every file
    return {name: document.write(writer) for name, document in documents.items()}


def _work(documents) -> tuple:
    """The other process's work (other_process.serve): the files' bytes."""
    return (_make(documents),)


@dataclass
class WordJob:
    """The build's Word files, started as soon as the project is read (they are made from the model, not from
    the built pages): the ones the cache lacks are made in another process beside the rest of the build,
    and `finish` writes them all into the site. With one core, or only a few to make, they are made there."""

    project: Project
    cache: BuildCache
    documents: dict[str, word.Document]
    stored: dict[str, bytes]  # from the cache
    process: OtherProcess | None = None

    @classmethod
    def start(cls, project: Project, cache: BuildCache | None = None) -> WordJob:
        cache = cache or BuildCache.off()
        documents = word.documents(project)
        stored: dict[str, bytes] = {}
        for name, document in documents.items():
            data = cache.get(KIND, cache.key(KIND, document.key())) if cache.folder is not None else None
            if data is not None:
                stored[name] = data
        job = cls(project, cache, documents, stored)
        missing = job.missing()
        if len(missing) >= FEW:
            job.process = OtherProcess.start(__name__, missing)
        return job

    def missing(self) -> dict[str, word.Document]:
        return {name: d for name, d in self.documents.items() if name not in self.stored}

    def stop(self) -> None:
        """The build failed: the other process, if any, is ended and reaped."""
        if self.process is not None:
            self.process.stop()
            self.process = None

    def finish(self, site: Path) -> list[Path]:
        """Write every file into SITE/docx/ (and the old names' copies); the made ones are stored in the cache."""
        missing = self.missing()
        answer = None if self.process is None else self.process.answer()
        self.process = None
        made: dict[str, bytes] = answer[0] if answer is not None else _make(missing)
        out = Path(site) / "docx"
        out.mkdir(exist_ok=True)
        written = []
        for name, document in self.documents.items():
            if name in self.stored:
                data = self.stored[name]
                self.cache.stats.hits.append((KIND, name))
            else:
                data = made[name]
                self.cache.stats.misses.append((KIND, name))
                self.cache.put(KIND, self.cache.key(KIND, document.key()), data)
            path = out / f"{name}.docx"
            path.parent.mkdir(parents=True, exist_ok=True)  # a library speech's files are in its own folder
            path.write_bytes(data)
            written.append(path)
        return written + old_files.copy(out, ".docx", self.project.old_file_names())


def run(site: Path, project: Project, cache: BuildCache | None = None) -> list[Path]:
    """Each file's bytes from the cache when its inputs (blocks, notice, properties) and the code are unchanged.

    `cache`: None (or an off one) makes every file afresh. Its stats name each file by its name here.
    """
    return WordJob.start(project, cache).finish(site)


def summary(cache: BuildCache) -> str:
    """The build log's line on the Word files the cache gave; "" when it is off."""
    return cache.summary(KIND, "Word 版")


if __name__ == "__main__":
    serve(_work)
