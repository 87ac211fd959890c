"""The per-page passes begun while MkDocs is still writing the pages (the MkDocs plugin only).

MkDocs renders every page's template after converting every page, and the post-build passes could only start
once it had written the last one; meanwhile the machine's second core had little to do. Now each page, as the
plugin sees it written (on_post_page: the page as written, and its frame), is sent to another Python
(other_process.py, streamed), which works out the page's cache key (page_cache.inputs) and its passes
(pipeline.processed, or the cache's result for that key), page by page, while MkDocs goes on.

A result made there is taken only if the key worked out again when the post-build passes start, from the page
as it then stands in the folder (the previous build's leftovers swept, every page and static file written), is
the same: the key holds everything the passes read, so the same key means the same result, the cache's own
guarantee (a check the passes refused, too, with its one line). A page whose key differs (a file it links to
that was not there yet, the previous build's script files not yet swept), one that was not sent (404.html), one
whose result the cache held before (taking it would be the same work as processing it, and those are processed
by two processes), and every page when the other process ended without an answer, is processed after the build
as before.
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
    from ..project import Project

# page -> (its key's digest, the error its passes raised or None, whether its result came from the cache); the
# result itself is in the cache, under that key (not sent back: 900 pages would double both processes' memory)
Results = dict[Path, tuple[str, ContentError | None, bool]]


def _digest(inputs: bytes) -> str:
    return hashlib.sha256(inputs).hexdigest()


def _work(inputs, items) -> tuple:
    """The other process's work (other_process.serve, streamed): each (page, as written, frame) as it comes."""
    layout, project, cache, sources = inputs
    scopes = page_cache.PageScopes(project, layout)
    results: Results = {}
    for path, source, frame in items:
        key = page_cache.inputs(source, path, layout, project, scopes, sources.get(path), frame)
        rel = path.relative_to(layout.site).as_posix()
        hits = len(cache.stats.hits)
        try:

            def make(path: Path = path, source: str = source, frame: Frame = frame) -> bytes:
                return pipeline.processed(source, path, layout, project, sources.get(path), frame).encode("utf-8")

            cache.fetch(page_cache.KIND, rel, key, make)
            results[path] = (_digest(key), None, len(cache.stats.hits) > hits)
        except ContentError as exc:
            results[path] = (_digest(key), exc, False)
    return (results,)


@dataclass
class EarlyPages:
    """The pages sent as MkDocs writes them (`send`); `take` writes the results that still hold."""

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

    def send(self, path: Path, source: str, frame: Frame) -> None:
        """A page as the engine writes it, and where its content stands."""
        if self.process is not None:
            self.process.send((Path(path), source, frame))
            self.sent.add(Path(path))

    def stop(self) -> None:
        """The build failed: the other process, if any, is ended and reaped."""
        if self.process is not None:
            self.process.stop()
            self.process = None

    def take(
        self,
        paths: list[Path],
        layout: Layout,
        project: Project,
        scopes: page_cache.PageScopes,
        cache: BuildCache,
        sources: dict[Path, str],
        frames: dict[Path, Frame] | None,
    ) -> list[Path]:
        """Each page of `paths` made there whose key is the same now: written from the cache (or its error raised, in
        the order of `paths`); the pages left to process, in order: those whose key differs, whose result the cache
        no longer holds, or held before (taking it here would be the same work as processing it)."""
        process, self.process = self.process, None
        answer = None if process is None else process.answer()
        results: Results = {} if answer is None else answer[0]
        left = []
        for path in paths:
            done = results.get(path)
            frame = None if frames is None else frames.get(path)
            # a result the cache held before: no work saved, and the pages left are processed by two processes
            if done is None or frame is None or done[2]:
                left.append(path)
                continue
            source = path.read_text(encoding="utf-8")
            key = page_cache.inputs(source, path, layout, project, scopes, sources.get(path), frame)
            digest, error, _ = done
            if digest != _digest(key):
                left.append(path)
                continue
            if error is not None:
                raise error
            data = cache.get(page_cache.KIND, cache.key(page_cache.KIND, key))
            if data is None:  # not stored after all (a store that failed there): processed here
                left.append(path)
                continue
            cache.stats.misses.append((page_cache.KIND, path.relative_to(layout.site).as_posix()))
            path.write_text(data.decode("utf-8"), encoding="utf-8")  # as pipeline.process_cached writes it
        return left


if __name__ == "__main__":
    serve(_work, streamed=True)
