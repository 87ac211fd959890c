"""The pages' Markdown converted ahead, from the last page, by a copy of the build (MkDocs on Linux).

MkDocs converts the pages one after another, in one Python; at 1,000 speeches
that is most of a minute, while the machine's second core is idle for part of
it. Once MkDocs knows the pages (on_nav), the build forks: the copy has the
very configuration, files, pages and Markdown extensions the build has, reads
each page from the last and converts it as the build would, and stores the
result in the build cache under the key render_cache.py makes, with the
sanitizer's verdict on its content when it passes (content_checks.py: the
build then finds it, and the checks' own process keeps up; nothing of the
copy is used but the cache). The build, converting from the first page,
tells the copy how far it has got through memory both share; the copy stops
where they meet, or once it has found HITS_IN_A_ROW pages in a row already in
the cache (a build where little changed: the build finds them itself at once).
When the build has converted every page (on_env) the copy is ended, and each
page the copy stored comes to the build as the cache's, under the same key, so
the site is what the build alone makes. The pages the copy made are counted
as made in the build log, as with the early page passes.

Only where forking is safe and the copy converts exactly what the build would:
on Linux, with two cores or more, the build cache usable, the conversions
cached (every Markdown extension known, render_cache.py), no other thread in
the build (a fork copies only the thread that makes it: a rebuild under
`serve` has the server's beside it; the first build of `serve` has none),
no plugin but this one acting around a page's conversion (on_pre_page,
on_page_read_source, on_page_markdown, on_page_content), and this plugin's
on_nav, where the copy is made, the last (so no later one changes what a
conversion reads). If the system makes no process, the build goes on alone. Anywhere else the build converts
every page itself, as before. The copy ends itself if the build's process is
gone, and with it at any error (the build then meets the page and its error
itself).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import mmap
import os
import signal
import struct
import sys
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..buildcache import BuildCache, CacheStats
from ..errors import ContentError
from ..postbuild import content_checks
from . import render_cache

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files

HITS_IN_A_ROW = 20  # pages found in the cache one after another: the copy stops (little changed)
BEGUN = struct.Struct("<q")  # the shared memory's first bytes: how many pages, from the first, the build has begun
DIGEST = 32  # then, per page, the sha256 of the inputs the copy made it under (zeros: not made there)


@dataclass
class RenderAhead:
    """The copy converting from the last page, and what the build shares with it."""

    pid: int
    pages: list[File]
    shared: mmap.mmap
    place: dict[str, int]  # a page's source path -> its place in `pages`
    found: dict[str, bytes] = field(default_factory=dict)  # what cached_render found, as it notes it
    copied: dict[str, bytes] = field(default_factory=dict)  # what the copy made, once it has ended (finish)
    ended: bool = False

    @classmethod
    def start(
        cls,
        config: MkDocsConfig,
        files: Files,
        cache: BuildCache,
        scopes: render_cache.RenderScopes,
        few: int,
        own: dict[str, Callable],
    ) -> RenderAhead | None:
        """The copy started, or None where it may not be (the module's account), with fewer than `few` pages, or
        when the system will not make it. `own`: this plugin's handler of each event it has (safe)."""
        from mkdocs.structure.files import InclusionLevel

        pages = list(files.documentation_pages(inclusion=InclusionLevel.is_included))
        if not safe(config, cache, own) or len(pages) < few:
            return None
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()  # nothing buffered written twice
        # Ctrl-C (or a TERM) held back across the fork: in the copy it comes once the copy's own end is sure
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            shared = mmap.mmap(-1, BEGUN.size + DIGEST * len(pages))  # anonymous and shared: the copy sees it too
            parent = os.getpid()
            pid = os.fork()
        except OSError:  # no process to be had (a limit on processes, no memory): the build converts every page
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            return None
        if pid == 0:  # the copy
            code = 1
            try:
                _quiet()
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
                gc.freeze()  # the build's objects, as they stand, are left alone by the collector
                _ahead(pages, config, files, BuildCache(cache.folder, cache.fingerprint), scopes, shared, parent)
                code = 0
            finally:
                os._exit(code)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        return cls(pid, pages, shared, {f.src_uri: n for n, f in enumerate(pages)})

    def begin(self, src_uri: str) -> None:
        """The build begins this page (on_pre_page): the copy stops before it."""
        n = self.place.get(src_uri)
        if n is not None and not self.ended:
            BEGUN.pack_into(self.shared, 0, n + 1)

    def stop(self) -> None:
        """End and reap the copy (every page converted, or the build failed)."""
        if self.ended:
            return
        self.ended = True
        BEGUN.pack_into(self.shared, 0, len(self.pages))
        # whatever it is doing, the build has done too: a store cut short is no entry (SQLite's transactions)
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)

    def made(self) -> dict[str, bytes]:
        """The pages the copy made: source path -> the sha256 of the inputs it made each under."""
        out = {}
        for n, file in enumerate(self.pages):
            at = BEGUN.size + DIGEST * n
            noted = bytes(self.shared[at : at + DIGEST])
            if any(noted):
                out[file.src_uri] = noted
        return out

    def finish(self, stats: CacheStats) -> None:
        """The copy ended (every page is converted); a page the build found in the cache under the very inputs
        the copy made it under counts as made in this build."""
        self.stop()
        self.copied = self.made()
        made = {uri for uri, noted in self.copied.items() if self.found.get(uri) == noted}
        kind = render_cache.KIND
        stats.misses.extend(h for h in stats.hits if h[0] == kind and h[1] in made)
        stats.hits[:] = [h for h in stats.hits if h[0] != kind or h[1] not in made]
        self.shared.close()


# the plugin events around a page's conversion: another plugin's handler there may change what is converted, or
# how, or act on its own beside (run twice, once in the copy)
PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content")


def safe(config: MkDocsConfig, cache: BuildCache, own: dict[str, Callable]) -> bool:
    """Whether a copy may convert ahead (the module's account); the build cache must hand its results over. `own`:
    this plugin's handler of each event it has: no other plugin's may run around a page's conversion, and this
    plugin's on_nav, where the copy is made, must be the last (a later one may change what a conversion reads)."""
    if sys.platform != "linux" or (os.cpu_count() or 1) < 2 or not cache.usable:
        return False
    if _other_threads():
        return False
    events = config.plugins.events
    if any(e != own.get(name) for name in PAGE_EVENTS for e in events[name]):
        return False
    return bool(events["nav"]) and events["nav"][-1] == own.get("nav")


def _other_threads() -> int:
    """How many threads run beside this one (a fork copies only the one that makes it)."""
    return threading.active_count() - 1


def _quiet() -> None:
    """The copy writes nothing: what a conversion logs to MkDocs' logger is stored with its result (render_cache's
    records, added to that logger while it converts), and the build writes it. Its standard output and error are
    the null device (whatever writes there, Python or not, and the build's pipes are not held open by it), and no
    log line or Python warning is even formatted."""
    null = os.open(os.devnull, os.O_WRONLY)
    for fd in (1, 2):
        os.dup2(null, fd)
    os.close(null)
    for name in ("", "mkdocs"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.addHandler(logging.NullHandler())
    logging.getLogger("mkdocs").propagate = False
    logging.lastResort = logging.NullHandler()
    warnings.simplefilter("ignore")


def _begun(shared: mmap.mmap) -> int:
    return BEGUN.unpack_from(shared, 0)[0]


def _ahead(
    pages: list[File],
    config: MkDocsConfig,
    files: Files,
    cache: BuildCache,
    scopes: render_cache.RenderScopes,
    shared: mmap.mmap,
    parent: int,
) -> None:
    """The copy's work: each page from the last, until the build has begun it (or its process is gone), converted
    as the build converts it (_populate_page: read, then rendered) and stored; the inputs' sha256 noted."""
    from mkdocs.structure.pages import Page

    in_a_row = 0
    for n in range(len(pages) - 1, -1, -1):
        if _begun(shared) > n or os.getppid() != parent:
            return
        file = pages[n]
        page = file.page if file.page is not None else Page(None, file, config)
        config._current_page = page
        page.read_source(config)
        inputs = render_cache.render_inputs(page, files, scopes)
        hits = len(cache.stats.hits)
        cache.fetch(
            render_cache.KIND,
            file.src_uri,
            inputs,
            partial(render_cache.converted, page, partial(page.render, config, files)),
        )
        if len(cache.stats.hits) > hits:
            in_a_row += 1
            if in_a_row >= HITS_IN_A_ROW:
                return
            continue
        in_a_row = 0
        at = BEGUN.size + DIGEST * n
        shared[at : at + DIGEST] = hashlib.sha256(inputs).digest()
        # and its content through the sanitizer, as the build's on_page_content has it checked: a content that
        # passes is stored as passed, so the build finds it (one that fails is not: the build meets it in order)
        with contextlib.suppress(ContentError):
            content_checks.check(cache, f"{Path(config.docs_dir).name}/{file.src_uri}", page.content or "")
        page.content = page.markdown = None  # (the copy keeps nothing of a page it has stored)
