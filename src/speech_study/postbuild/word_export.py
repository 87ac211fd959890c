"""Write the Word version of the handouts into SITE/docx/ at every build (render/word.py makes the bytes).

Unlike the PDFs, it needs no browser: every build has it, and the pages link
it (“下载 Word”, partials/handout-actions.html) by the names `names` gives.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from ..buildcache import BuildCache
from ..render import word
from ..render.docx_format import Writer
from . import old_files

KIND = "word"  # the cache's folder for the .docx files


def names(project) -> list[str]:
    """The files every build writes, e.g. part-1-leadership-team, speech, glossary, self-test."""
    return sorted(word.targets(project))


def run(site: Path, project, cache: BuildCache | None = None) -> list[Path]:
    """Each file's bytes from the cache when its inputs (blocks, notice, properties) and the code are unchanged.

    `cache`: None (or an off one) makes every file afresh. Its stats name each file by its name here.
    """
    cache = cache or BuildCache.off()
    out = Path(site) / "docx"
    out.mkdir(exist_ok=True)
    written = []
    writers: list[Writer] = []  # made at the first miss: a warm build needs none

    def writer() -> Writer:
        if not writers:
            writers.append(Writer())
        return writers[0]

    for name, document in word.documents(project).items():
        data = cache.fetch(KIND, name, document.key(), partial(_write, document, writer))
        path = out / f"{name}.docx"
        path.parent.mkdir(parents=True, exist_ok=True)  # a library speech's files are in its own folder
        path.write_bytes(data)
        written.append(path)
    return written + old_files.copy(out, ".docx", project.old_file_names())


def _write(document: word.Document, writer: Callable[[], Writer]) -> bytes:
    return document.write(writer())


def summary(cache: BuildCache) -> str:
    """The build log's line on the Word files the cache gave; "" when it is off."""
    return cache.summary(KIND, "Word 版")
