"""All post-build passes, in order, over a finished output folder: `run(site, project)`.

Per page: the content checks (active code, heading anchors), docs links in raw
HTML, minification of the inlined assets, the search dialog's name, the CSP
computed from the finished frame, and whitespace between tags collapsed. Then
the site-wide passes: fidelity of the speech text, the site's own script files
minified, the Word files and the search index. Any engine's output can go
through it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..booktitle import book_title
from ..buildcache import BuildCache
from ..errors import ContentError
from . import (
    anchors,
    compact,
    content_safety,
    csp,
    dialog_label,
    download_names,
    engine_frame,
    fidelity_check,
    library_frame,
    links,
    offline_404,
    page_cache,
    qr,
    search_index,
    speech_nav,
    word_export,
)
from .fidelity_check import check as check_fidelity
from .html import collapse_blanks, parse, splice
from .layout import Layout
from .other_process import OtherProcess, serve

FEW_PAGES = 100  # fewer pages than this are all processed here: starting a Python costs more than half of them

if TYPE_CHECKING:
    from ..project import Project
    from .early_pages import EarlyPages


def page_kinds(project: Project, layout: Layout) -> dict[str, str]:
    kinds = {}
    for page in project.pages:
        is_glossary = "glossary" in page.markers()
        kinds[layout.url(page.src_uri)] = "speech" if page.is_speech else "glossary" if is_glossary else "page"
    return kinds


def process_page(
    path: Path,
    layout: Layout,
    project: Project | None = None,
    source_url: str | None = None,
    frame: content_safety.Frame | None = None,
) -> None:
    """`frame`: where the content stands in the page as the engine wrote it; None: inside <article>."""
    source = page_cache.read_page(path).decode("utf-8")
    path.write_bytes(processed(source, path, layout, project, source_url, frame).encode("utf-8"))


def processed(
    source: str,
    path: Path,
    layout: Layout,
    project: Project | None = None,
    source_url: str | None = None,
    frame: content_safety.Frame | None = None,
) -> str:
    """The page at `path`, as the engine wrote it (`source`), as it is published; what it reads is
    page_cache.inputs'."""
    where = layout.source_of(path)
    rel = path.relative_to(layout.site).as_posix()
    elements = parse(source)
    content_safety.check_page(source, elements, where, frame)
    anchors.check(elements, where)
    final: dict[int, str] = {}  # inline code rewritten by a pass, for the policy's hashes
    edits = compact.edits(source, elements, final)
    # start tags rewritten for their URLs; where the frame rewrites the same tag, the frame's stands
    rewrites = links.edits(elements, layout, rel, where, content_safety.content_test(frame))
    if rel == "404.html" and not layout.directory_urls:
        rewrites += offline_404.edits(source, elements, final)
    frame_edits: list[tuple[int, int, str]] = []
    if project is not None:
        frame_edits += engine_frame.edits(source, elements, project, layout, rel)
        frame_edits += download_names.edits(elements, project, layout, rel)
    if project is not None and project.is_library:
        site_name = str(project.config.get("site_name", ""))
        frame_edits += library_frame.edits(source, elements, project, layout, rel, site_name)
        frame_edits += speech_nav.edits(elements, project, layout, rel)
    # a start tag the frame rewrites (an imported speech's 全文打印版, Zensical's favicon) is its alone:
    # the frame writes the final URL
    taken = {start for start, end, _ in frame_edits if end > start}
    edits += frame_edits + [e for e in rewrites if e[0] not in taken]
    label = dialog_label.edit(elements, where)
    if label:
        edits.append(label)
    source_line = qr.edit(elements, source_url) if source_url else None
    if source_line:
        edits.append(source_line)
    # one parse: the policy hashes the code as the other edits leave it, and goes first in <head> (html.head_start)
    edits.append(csp.meta_edit(source, elements, final, path, layout.site, frame))
    # last: whitespace runs between tags, one line break each (a lighter page; none inside another edit)
    return splice(source, edits + collapse_blanks(elements, edits))


def process_cached(
    path: Path,
    layout: Layout,
    project: Project,
    scopes: page_cache.PageScopes,
    cache: BuildCache,
    source_url: str | None = None,
    frame: content_safety.Frame | None = None,
) -> bytes:
    """process_page, taking the result from `cache` when nothing the page's passes read has changed; the cache
    key's inputs."""
    page = page_cache.read_page(path)
    rel = path.relative_to(layout.site).as_posix()
    inputs = page_cache.inputs(page, path, layout, project, scopes, source_url, frame)
    data = cache.fetch(
        page_cache.KIND,
        rel,
        inputs,
        lambda: processed(page.decode("utf-8"), path, layout, project, source_url, frame).encode("utf-8"),
    )
    path.write_bytes(data)
    return inputs


@dataclass
class PageInputs:
    """What every page's passes read besides the page: where the pages stand, the project, the scopes their cache
    keys read, the cache, each page's public address (handouts) and where each page's content stands (`frames`:
    None for an engine whose frame is what stands outside <article>)."""

    layout: Layout
    project: Project
    scopes: page_cache.PageScopes
    cache: BuildCache
    sources: dict[Path, str]
    frames: dict[Path, content_safety.Frame] | None

    def frame(self, path: Path) -> content_safety.Frame | None:
        return None if self.frames is None else self.frames.get(path) or content_safety.static_frame(path)

    def only(self, paths: list[Path]) -> PageInputs:
        """The same, with only these pages' frames (what another process is sent for its share)."""
        frames = None if self.frames is None else {p: self.frames[p] for p in paths if p in self.frames}
        return dataclasses.replace(self, frames=frames)


def process_pages(paths: list[Path], inputs: PageInputs) -> None:
    """Each page's passes, in order (its result from the cache when it has one)."""
    for path in paths:
        frame, source_url = inputs.frame(path), inputs.sources.get(path)
        if inputs.cache.folder is None:
            process_page(path, inputs.layout, inputs.project, source_url, frame)
        else:
            process_cached(path, inputs.layout, inputs.project, inputs.scopes, inputs.cache, source_url, frame)


def process_shared(paths: list[Path], inputs: PageInputs, here_first: bool = False) -> PagesJob:
    """Every page of `paths`: the later half in another process (PagesJob, returned: its `finish` awaits it) while
    this one does the first half. `here_first`: the others' results are most likely in the cache and the machine's
    other core is busy: every page is then done here (another Python would take that core from what it does, and
    starting it and sending it the project costs more than the lookups it would take over), unless they turn out
    not to be in the cache: once FEW_PAGES // 2 pages were made here and FEW_PAGES or more are still to do, the later
    half of those goes to another process."""
    if not here_first:
        half = len(paths) // 2
        later = PagesJob.start(paths[half:], inputs)
        try:
            process_pages(paths[:half], inputs)
        except BaseException:
            later.stop()  # a page refused here: nothing goes on processing the others for this build
            raise
        return later
    misses = inputs.cache.stats.misses
    before = len(misses)
    for n, path in enumerate(paths):
        process_pages([path], inputs)
        rest = paths[n + 1 :]
        if len(misses) - before >= FEW_PAGES // 2 and len(rest) >= FEW_PAGES:
            return process_shared(rest, inputs)
    return PagesJob.start([], inputs)


def _pages_work(inputs) -> tuple:
    """The other process's work (other_process.serve): its share of the pages, and its use of the cache."""
    paths, page_inputs = inputs
    process_pages(paths, page_inputs)
    return page_inputs.cache.stats.hits, page_inputs.cache.stats.misses


@dataclass
class PagesJob:
    """The later half of the pages, processed in another process while this one does the first half; with
    one core, few pages, or a process that ended without an answer, they are processed here at `finish`."""

    paths: list[Path]
    inputs: PageInputs
    process: OtherProcess | None = None

    @property
    def cache(self) -> BuildCache:
        return self.inputs.cache

    @classmethod
    def start(cls, paths: list[Path], inputs: PageInputs) -> PagesJob:
        job = cls(paths, inputs)
        if len(paths) * 2 >= FEW_PAGES:
            inputs.scopes.site()  # reckoned here once (the other process must not see the search index's new files)
            # the same store, its own tally (sent back); only its share of the frames
            own = BuildCache(inputs.cache.folder, inputs.cache.fingerprint)
            job.process = OtherProcess.start(__name__, (paths, dataclasses.replace(inputs.only(paths), cache=own)))
        return job

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()
            self.process = None

    def finish(self) -> None:
        process, self.process = self.process, None
        answer = None if process is None else process.answer()
        if answer is None and process is not None and process.began:
            # it may have rewritten some of its pages: passing them again would stack edits on edits
            raise ContentError(
                "构建后处理",
                f"处理后一半页的另一个进程意外结束（退出码{process.popen.returncode}），"
                "有的页可能已经改写了一半；请重新构建",
            )
        if answer is None:
            process_pages(self.paths, self.inputs)
            return
        hits, misses = answer
        self.cache.stats.hits.extend(hits)
        self.cache.stats.misses.extend(misses)


def library_pages(project: Project, layout: Layout) -> dict[str, tuple[str, int | None, int]]:
    """Page URL -> (kind, speech number, reading rank): the order of a library's search sections."""
    kinds = page_kinds(project, layout)
    out: dict[str, tuple[str, int | None, int]] = {url: (kind, None, n) for n, (url, kind) in enumerate(kinds.items())}
    for s, view in enumerate(project.views()):
        for n, page in enumerate(view.speech_pages()):
            out[layout.url(page.src_uri)] = ("speech", s, n)
    return out


def library_speeches(project: Project) -> list[tuple[str, str]]:
    """A library's speeches in order, for its search index: (slug, title in 书名号, as the pages name them)."""
    return [(v.slug, book_title(v.title)) for v in project.views()]


def planned_files(project: Project) -> set[str]:
    """What the build writes after the pages' passes, site-relative: the Word files, and the PDF files (with
    PDF_EXPORT; without it no page shows a PDF link), each under its old names too."""
    words = word_export.names(project)
    pdfs = [str(p.meta["pdf"]) for p in project.pages if p.meta.get("pdf")]
    old = project.old_file_names()
    words += [name for name, now in old.items() if now in words]
    pdfs += [name for name, now in old.items() if now in pdfs]
    return {f"docx/{name}.docx" for name in words} | {f"pdf/{name}.pdf" for name in pdfs}


def check_not_planned(project: Project, copied: dict[str, str]) -> None:
    """`copied`: site-relative path -> the docs file the engine copies there. One of them where the build writes a
    Word or PDF file of its own (planned_files, the PDFs whatever PDF_EXPORT says: a build's outcome does not
    depend on the switch), or inside a folder of that name, stops the build with one line: which of the two would
    be published would depend on the order they are written in. Names are compared without case (on Windows and
    macOS `Speech.docx` is the file `speech.docx`)."""
    planned = {name.casefold(): name for name in sorted(planned_files(project))}
    folders: dict[str, str] = {}  # each folder a planned file is in -> that file
    for folded, name in planned.items():
        parts = folded.split("/")
        for n in range(1, len(parts)):
            folders.setdefault("/".join(parts[:n]), name)
    for dest, source in sorted(copied.items()):
        folded = dest.casefold()
        parts = folded.split("/")
        # the file itself, a file inside a folder of its name, or a file where its folder goes
        within = next((planned[f] for n in range(1, len(parts)) if (f := "/".join(parts[:n])) in planned), None)
        clash = planned.get(folded) or within or folders.get(folded)
        if clash is not None:
            raise ContentError(source, f"与构建生成的文件“{clash}”同名，会被覆盖或覆盖它；请改名，或移到别的文件夹")


def written_by_passes(project: Project) -> Callable[[str], bool]:
    """Whether the passes write the site-relative file themselves (planned_files, and a library's index shards):
    a previous build's copy may stay until they write over it (adapters/old_output.py)."""
    planned = planned_files(project)
    shards = f"{search_index.SHARD_PATH}/" if project.is_library else None
    return lambda rel: rel in planned or (shards is not None and rel.startswith(shards))


def handout_urls(project: Project, layout: Layout, site_url: str | None) -> dict[Path, str]:
    """Output file -> public address, for the pages that print as handouts (only with a public SITE_URL)."""
    if site_url is None or not qr.public(site_url):
        return {}
    return {
        layout.site / layout.output(p.src_uri): qr.page_url(site_url, p.src_uri)
        for p in project.pages
        if p.meta.get("pdf") or p.is_speech
    }


def run(
    site: Path,
    project: Project,
    search: bool = True,
    offline: bool = False,
    site_url: str | None = None,
    frames: dict[Path, content_safety.Frame] | None = None,
    cache: BuildCache | None = None,
    word: word_export.WordJob | None = None,
    early: EarlyPages | None = None,
    library: search_index.LibraryJob | None = None,
    rendered: int | None = None,
    index_busy: bool = False,
) -> Layout:
    """`site_url`: the public address the site is built for; handouts then carry it and its QR code.

    `frames`: output file -> where its content stands (the MkDocs plugin records it as it writes the
    page). None: another engine, whose frame is what stands outside <article>.

    `cache`: outputs reused when their inputs are unchanged (buildcache.py); None: every output made afresh.

    `word`: the Word files, started when the project was read (the MkDocs plugin starts them before MkDocs
    converts any page, and lets them be written into the folder once MkDocs has cleaned it); None: started here,
    made and written beside the passes below.

    `early`: the pages' passes begun while the engine wrote them (early_pages.py: the MkDocs plugin); when it runs,
    every page is processed with it (its results are the cache's), not split with a PagesJob.

    `library`: a library's search index, begun while the engine built the pages (the MkDocs plugin: it was given
    each page's search entries as they were made); taken when it was begun with the inputs worked out here.

    `rendered`: how many pages the engine wrote anew in this build (not from its cache), when known. `index_busy`: a
    library's index is being made again in another process (some page's search entries were made anew). With
    fewer than FEW_PAGES pages written anew while the index takes the other core (one speech imported), every page
    is processed here unless many prove to have changed after all (process_shared); with that core free (no change
    in the pages' text) the later half still goes to another process.
    """
    layout = Layout(Path(site), [p.src_uri for p in project.pages])
    layout.planned = planned_files(project)
    sources = handout_urls(project, layout, site_url)
    cache = cache or BuildCache.off()
    if word is None:
        word = word_export.WordJob.start(project, layout.site, cache)
        word.begin_writing()  # the engine is done with the folder
    index, library = library, None  # stopped with the rest when anything fails from here
    later: PagesJob | None = None
    try:
        scopes = page_cache.PageScopes(project, layout)
        passes = PageInputs(layout, project, scopes, cache, sources, frames)
        if search and project.is_library:
            # made beside the passes below (search_index.LibraryJob); the scripts every page may load are hashed
            # first, before the offline index's shards (.js files) are written beside them
            scopes.site()
            speeches, pages = library_speeches(project), library_pages(project, layout)
            if index is not None and not index.started_with(layout.site, pages, speeches, offline):
                index.stop()
                index = None
            if index is None:
                index = search_index.LibraryJob.start(layout.site, pages, speeches, offline, cache)
            index.begin_writing()
        elif index is not None:
            index.stop()
            index = None
        paths = everything = layout.pages()
        words = False  # the Word files written
        views = project.views()
        checked: set[int] = set()  # the speeches checked sentence by sentence already
        if early is not None and early.running:
            word.finish()  # while the other process may still be working (no page pass reads them)
            words = True
            # every page, with it; each speech checked once its pages are done
            checked = early.finish(paths, passes, views, lambda some: check_fidelity(project, layout, cache, some))
            paths = []
        here_first = rendered is not None and rendered < FEW_PAGES and index_busy and cache.usable
        later = process_shared(paths, passes, here_first)
        # while the later half is processed there: the speeches whose pages are all done here are checked, and the
        # Word files written (no page pass reads them); then the rest, once every page is done
        done = set(everything) - set(later.paths)
        first = [
            v
            for v in views
            if id(v) not in checked and all(layout.site / layout.output(p.src_uri) in done for p in v.speech_pages())
        ]
        found: ContentError | None = None  # raised once the other half is done: a page's own error comes first
        try:
            check_fidelity(project, layout, cache, first)
            if not words:
                word.finish()
        except ContentError as exc:
            found = exc
        later.finish()
        if found is not None:
            raise found
        checked |= {id(v) for v in first}
        check_fidelity(project, layout, cache, [v for v in views if id(v) not in checked])
        compact.minify_files(layout.site, Path(project.root) / "overrides" / "assets")
    except BaseException:
        if early is not None:
            early.stop()
        if later is not None:
            later.stop()
        word.stop()
        if index is not None:
            index.stop()  # the build stops here: nothing goes on writing into its folder
        raise
    if index is not None:
        index.finish()
    elif search:
        labels = {layout.url(p.src_uri): p.meta["label"] for p in project.pages if p.meta.get("label")}
        search_index.run(layout.site, page_kinds(project, layout), labels)
    return layout


def cache_summary(cache: BuildCache) -> list[str]:
    """The build log's lines on what the cache gave (the page passes, the fidelity check, the Word files), and why
    it stopped when it failed; none when it is off."""
    pages = cache.summary(page_cache.KIND, "构建后处理", "页", "重新处理")
    index = cache.summary(search_index.KIND, "文库搜索索引", "份", "重新生成") if _ran(cache, search_index.KIND) else ""
    kept = cache.stats.hit(search_index.CHECKPOINT)  # (the labels: how many pages' numbering was taken)
    taken = f"文库搜索索引：{kept[0]}页的编号沿用上次的构建" if kept else ""
    lines = (pages, fidelity_check.summary(cache), word_export.summary(cache), index, taken, cache.failure_line())
    return [line for line in lines if line]


def _ran(cache: BuildCache, kind: str) -> bool:
    return bool(cache.stats.hit(kind) or cache.stats.missed(kind))


if __name__ == "__main__":
    serve(_pages_work)
