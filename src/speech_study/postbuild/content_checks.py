"""Each page's content, as the Markdown extensions left it, must pass the sanitizer unchanged
(content_safety.check_content): checked while MkDocs converts the pages, the verdict asked for before any page is
written.

A content that passed before passes again (its verdict depends on nothing else): the build cache is looked up
here, and only a content it does not hold is checked. With many pages those are checked by another Python
(other_process.py, streamed: each content is sent as its page is converted) on the machine's second core, which
otherwise waits for the Word files while this one converts (measured at 100 speeches: 1.6 s of the build
process's 14 s). With one core, few pages, or a process that ended without an answer, they are checked here.
The first content that fails, in the order the pages were converted, stops the build with its one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from ..buildcache import BuildCache
from .content_safety import check_content
from .other_process import OtherProcess, serve

KIND = "content-checked"  # the build cache's kind for a page content the sanitizer passed
FEW_PAGES = 100  # with fewer pages than this every check is made here: starting a Python costs more
BACKLOG = 200  # contents at most waiting to be written to the other process


def _safe(html: str, where: str) -> bytes:
    check_content(html, where)
    return b"safe"


def check(cache: BuildCache, where: str, html: str) -> None:
    """The content at `where` checked (its verdict from `cache` when stored there); a ContentError if it fails."""
    cache.fetch(KIND, where, html.encode("utf-8"), partial(_safe, html, where))


def _work(inputs, items) -> tuple:
    """The other process's work (other_process.serve, streamed): each (where, content) checked as it comes; the
    first that fails is raised (and comes back as it was raised)."""
    cache = inputs
    for where, html in items:
        check(cache, where, html)
    return cache.stats.hits, cache.stats.misses


@dataclass
class ChecksJob:
    """The build's content checks: `check` as each page is converted, `finish` before any page is written."""

    cache: BuildCache
    pages: int  # how many pages the build converts
    process: OtherProcess | None = None
    started: bool = False  # whether the other process was asked for (at the first content not in the cache)
    sent: list[tuple[str, str]] = field(default_factory=list)  # the contents sent there, in order
    here: list[tuple[str, str]] = field(default_factory=list)  # the contents left to check here, in order

    def check(self, where: str, html: str) -> None:
        """Look the content up in the cache; if it is not there, have it checked (there, or here at `finish`)."""
        if self.cache.usable and self.cache.get(KIND, self.cache.key(KIND, html.encode("utf-8"))) is not None:
            self.cache.stats.hits.append((KIND, where))
            return
        if not self.started and self.pages >= FEW_PAGES:
            self.started = True
            own = BuildCache(self.cache.folder, self.cache.fingerprint)  # the same store, its own tally (sent back)
            self.process = OtherProcess.start(__name__, own, streamed=True)
        # once the other process is BACKLOG contents behind (they wait in this process's memory), the rest are
        # checked here: all after those sent, so the first that fails is still the first in order
        if self.process is not None and not self.here and self.process.backlog < BACKLOG:
            self.sent.append((where, html))
            self.process.send((where, html))
        else:
            self.here.append((where, html))

    def stop(self) -> None:
        """The build failed: the other process, if any, is ended and reaped."""
        if self.process is not None:
            self.process.stop()
            self.process = None

    def finish(self) -> None:
        """Wait for the checks; the first content that fails raises its ContentError. A process that ended without
        an answer only wrote verdicts to the cache: its contents are checked again here."""
        process, self.process = self.process, None
        sent, here, self.sent, self.here = self.sent, self.here, [], []
        answer = None if process is None else process.answer()  # raises the error raised there
        if answer is not None:
            hits, misses = answer
            self.cache.stats.hits.extend(hits)
            self.cache.stats.misses.extend(misses)
        else:
            here = sent + here
        for where, html in here:
            check(self.cache, where, html)


if __name__ == "__main__":
    serve(_work, streamed=True)
