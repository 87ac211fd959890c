"""Every build compares the speech pages' text with the source, sentence by sentence.

With a build cache a speech whose check passed before is not compared again when
nothing the check reads changed: the key is the speech's source sentences and, in
reading order, each of its pages' file name and the sha256 of the built HTML the
check reads (buildcache.py adds the code). Only a pass is stored: a difference is
found and reported afresh at every build.
"""

from __future__ import annotations

import hashlib
import json
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..buildcache import BuildCache
from ..errors import ContentError
from ..fidelity import compare, site_sentences
from .article_text import article_text
from .layout import Layout

if TYPE_CHECKING:
    from ..project import Project, SpeechView

KIND = "fidelity"
PASSED = b"passed"


def key(sentences: list[str], pages: list[tuple[str, bytes]]) -> bytes:
    """Everything the check of one speech reads: its source's sentences, and each page's name and built HTML."""
    data = {"sentences": sentences, "pages": [[name, hashlib.sha256(html).hexdigest()] for name, html in pages]}
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _compare(view: SpeechView, files: list[tuple[str, Path]]) -> bytes:
    pages = [(name, article_text(path.read_text(encoding="utf-8"))) for name, path in files]
    problem = compare(view.speech.sentences(), site_sentences(pages))
    if problem:
        text = " ".join(problem.message.split("\n"))
        raise ContentError(problem.file or "docs", f"{view.speech.name}的第{problem.number}句{text}")
    return PASSED


def check(
    project: Project, layout: Layout, cache: BuildCache | None = None, views: list[SpeechView] | None = None
) -> None:
    """Each speech of the library (or each of `views`, in their order) against its own source; `cache`: skip the
    speeches whose inputs passed before."""
    cache = cache or BuildCache.off()
    for view in project.views() if views is None else views:
        files = [(f"docs/{page.src_uri}", layout.site / layout.output(page.src_uri)) for page in view.speech_pages()]
        inputs = key(view.speech.sentences(), [(name, path.read_bytes()) for name, path in files])
        cache.fetch(KIND, view.slug, inputs, partial(_compare, view, files))  # found: it passed before


def summary(cache: BuildCache) -> str:
    """The build log's line on the speeches whose check the cache gave; "" when it is off."""
    return cache.summary(KIND, "逐句核对", "篇", "重新核对")
