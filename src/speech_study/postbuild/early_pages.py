"""The per-page passes begun while MkDocs is still writing the pages (the MkDocs plugin only).

MkDocs renders every page's template after converting every page, and the post-build passes could only start
once it had written the last one; meanwhile the machine's second core had little to do. Now each page, as the
plugin sees it written (on_post_page: the page as written, and its frame), is sent to another Python
(other_process.py, streamed), which works out the page's cache key (page_cache.inputs) and, unless the cache
holds its result, makes it (pipeline.processed) and stores it, page by page from the first, while MkDocs goes on.

When the post-build passes start, this process takes every page from the last (`finish`), as it then stands in
the folder (the previous build's leftovers swept, every page and static file written): its key worked out again,
its result from the cache when there (made by the other process, or by an earlier build), else made here. The
two meet where the other process has got to; after that it finds every result in the cache. So the cache is
the only way a result crosses, and its guarantee is the check: a page whose key changed after it was sent (a
file it links to written later) is simply made again here, and a page a check refuses is never stored, so it is
refused here with its one line. The other process answers which pages it made, for the build log's tally.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..buildcache import BuildCache
from ..errors import ContentError
from . import page_cache, pipeline
from .content_safety import Frame
from .layout import Layout
from .other_process import OtherProcess, serve

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..project import Project, SpeechView

BACKLOG = 200  # pages at most waiting to be written to the other process (about 8 MB)
# the pages the other process made and stored (not found in the cache): site-relative path, its key's digest
Made = list[tuple[str, str]]


def _digest(inputs: bytes) -> str:
    return hashlib.sha256(inputs).hexdigest()


def _work(inputs, items) -> tuple:
    """The other process's work (other_process.serve, streamed): each (page, as written, frame) as it comes, its
    result stored in the cache (a page a check refuses is not: the build's own process refuses it)."""
    layout, project, cache, sources = inputs
    scopes = page_cache.PageScopes(project, layout)
    made: Made = []
    for path, source, frame in items:
        key = page_cache.inputs(source.encode("utf-8"), path, layout, project, scopes, sources.get(path), frame)
        rel = path.relative_to(layout.site).as_posix()
        hits = len(cache.stats.hits)

        def make(path: Path = path, source: str = source, frame: Frame = frame) -> bytes:
            return pipeline.processed(source, path, layout, project, sources.get(path), frame).encode("utf-8")

        try:
            cache.fetch(page_cache.KIND, rel, key, make)
        except ContentError:
            continue
        if len(cache.stats.hits) == hits:
            made.append((rel, _digest(key)))
    return (made,)


@dataclass
class EarlyPages:
    """The pages sent as MkDocs writes them (`send`), and processed here from the last (`finish`)."""

    process: OtherProcess | None = None
    sent: set[Path] = field(default_factory=set)

    @classmethod
    def start(
        cls,
        site: Path,
        directory_urls: bool,
        project: Project,
        cache: BuildCache,
        site_url: str | None,
        converted: int,
    ) -> EarlyPages:
        """Another process ready for the pages; none (they are processed after) with one core, with no cache to hand
        the results over, or when fewer than FEW_PAGES pages were `converted` anew: the passes of the others are
        then mostly in the cache already (a warm build, one speech imported), and sending every page to find that
        out there would only add to the build."""
        job = cls()
        if converted < pipeline.FEW_PAGES or not cache.usable:
            return job
        layout = Layout(Path(site), [p.src_uri for p in project.pages], directory_urls)
        layout.planned = pipeline.planned_files(project)
        sources = pipeline.handout_urls(project, layout, site_url)
        own = BuildCache(cache.folder, cache.fingerprint)  # the same store, its own tally (not sent back)
        job.process = OtherProcess.start(__name__, (layout, project, own, sources), streamed=True)
        return job

    @property
    def running(self) -> bool:
        """Whether another process was started for the pages."""
        return self.process is not None

    def send(self, path: Path, source: str, frame: Frame) -> None:
        """A page as the engine writes it, and where its content stands; not sent when the other process is BACKLOG
        pages behind (the pages waiting to be written to it stay in this process's memory: at 1,000 speeches
        thousands), it is then processed here after the build."""
        if self.process is not None and self.process.backlog < BACKLOG:
            self.process.send((Path(path), source, frame))
            self.sent.add(Path(path))

    def stop(self) -> None:
        """The build failed: the other process, if any, is ended and reaped."""
        if self.process is not None:
            self.process.stop()
            self.process = None

    def finish(
        self,
        paths: list[Path],
        inputs: pipeline.PageInputs,
        views: list[SpeechView] | None = None,
        check: Callable[[list[SpeechView]], None] | None = None,
    ) -> set[int]:
        """Every page of `paths` processed here from the last (pipeline.process_cached: the other process's results
        are the cache's), then the other process's answer awaited; the first page a check refuses, in the order of
        `paths`, raises its error. The log's tally counts a page the other process made as made, not as reused.

        `check`: each speech of `views` checked sentence by sentence (fidelity_check) as soon as its last page is
        done here, while the other process goes on with the pages from the first (at 1,000 speeches the checks are
        7 s, which this process would otherwise spend alone at the end); a difference is raised once every page
        is done, after any page's own error, the first in the order of `views`. The ids of the speeches checked
        and found the same are returned (the others are the caller's)."""
        refused: ContentError | None = None
        keys: dict[str, str] = {}  # site-relative path -> the digest of the key this process used
        layout, cache = inputs.layout, inputs.cache
        left: dict[int, int] = {}  # a speech's id -> how many of its pages are still to do here
        speech_of: dict[Path, list[SpeechView]] = {}  # a page -> the speeches it is a page of
        for view in (views or []) if check is not None else []:
            pages = {layout.site / layout.output(p.src_uri) for p in view.speech_pages()}
            left[id(view)] = len(pages)
            for page in pages:
                speech_of.setdefault(page, []).append(view)
        differs: dict[int, ContentError] = {}
        checked: set[int] = set()
        for path in reversed(paths):
            try:
                key = pipeline.process_cached(
                    path,
                    layout,
                    inputs.project,
                    inputs.scopes,
                    cache,
                    inputs.sources.get(path),
                    inputs.frame(path),
                )
            except ContentError as exc:
                refused = exc  # going back: the last found is the first in order
                continue
            keys[path.relative_to(layout.site).as_posix()] = _digest(key)
            for view in speech_of.get(path, []):
                left[id(view)] -= 1
                if left[id(view)] == 0 and refused is None and check is not None:
                    try:
                        check([view])
                    except ContentError as exc:
                        differs[id(view)] = exc
                    else:
                        checked.add(id(view))
        process, self.process = self.process, None
        try:
            answer = None if process is None else process.answer()
        except Exception:  # it failed at something (its pages were refused here, or made): no tally from it
            answer = None
        # a page found in the cache under the very key the other process made it under was made in this build
        made = set() if answer is None else {rel for rel, digest in answer[0] if keys.get(rel) == digest}
        hits = cache.stats.hits
        cache.stats.misses.extend(h for h in hits if h[0] == page_cache.KIND and h[1] in made)
        hits[:] = [h for h in hits if h[0] != page_cache.KIND or h[1] not in made]
        if refused is not None:
            raise refused
        for view in views or []:
            if id(view) in differs:
                raise differs[id(view)]
        return checked


if __name__ == "__main__":
    serve(_work, streamed=True)
