"""The MkDocs (and ProperDocs) adapter: one plugin wiring the model, the Markdown extension and the passes.

- on_config: load the Project once (every source read and checked), give the
  Markdown extension that Project (replacing the copy mkdocs.yml names, so no
  source is read twice), point the offline build at the project's own
  file:// worker shim, and decide on the PDF export;
- on_nav / on_page_context: an imported speech's pages get its own navigation
  (speech_navigation.py) in place of the site's;
- on_serve: `mkdocs serve` rebuilds on any source, template, asset or build code;
- on_pre_build, on_files, on_post_build: the previous build's files are written
  over, not deleted first, and what the build did not write is deleted before
  the passes read the folder (old_output.py);
- on_post_build: the post-build pipeline, then the PDF export.

Every ContentError becomes a one-line PluginError: the editor sees the file,
the entry and the problem, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File

from ..buildcache import BuildCache
from ..errors import ContentError
from ..importer import transaction
from ..library import SPEECHES
from ..postbuild import content_checks, content_safety, early_pages, pdf_export, pipeline, search_index, word_export
from ..postbuild.layout import Layout
from ..project import GLOSSARY, LIBRARY_PAGE, SOURCE, Project
from ..render import claims
from ..render import offline as offline_mod
from ..settings import LOCAL_SITE_URL, Settings
from . import old_output, render_ahead, render_cache, search_entries_cache, speech_navigation, template_cache
from .markdown_ext import StudyExtension

log = logging.getLogger("mkdocs.plugins.speech_study")
EXTENSION = "speech_study.adapters.markdown_ext"
SHIM = "assets/javascripts/search/iframe-worker.js"
LIBRARY_JS = "assets/javascripts/library.js"  # a library's 只搜本篇 (after the shim: it wraps its Worker)


def skip_word_segmentation() -> None:
    """Material's search plugin cuts Chinese text into words with jieba when jieba is installed.

    The project's search matches exact substrings and postbuild/search_index.py
    drops the word breaks again, so the cutting (about 1.3 s a build) is wasted:
    tell the plugin jieba is not there. The index is the same byte for byte.
    """
    try:
        from material.plugins.search import plugin as search_plugin
    except ImportError:  # another theme: nothing to skip
        return
    search_plugin.jieba = None


class StudyPlugin(BasePlugin):
    def __init__(self) -> None:
        super().__init__()
        self.command = "build"
        self.dirty = False
        self.previous: old_output.Previous | None = None  # the previous build's files, written over in place
        self._project: Project | None = None
        self.settings = Settings()  # read in on_config, once a build
        self.chromium: str | None = None
        self.offline = False
        self.offline_copy: offline_mod.OfflineCopy | None = None
        self.speech_navs: dict = {}  # an imported speech's page (src_uri) -> its speech's navigation
        self.docx_names: set[str] = set()  # the Word files the build writes (word_export.names)
        self.word: word_export.WordJob | None = None  # started at on_nav, finished by the post-build passes
        self.frames: dict[Path, content_safety.Frame] = {}  # output file -> where its content stands
        self.checks: content_checks.ChecksJob | None = None  # the page contents' sanitizer check (on_pre_build)
        self.early: early_pages.EarlyPages | None = None  # the pages' passes begun as they are written (on_env)
        self.library: search_index.LibraryJob | None = None  # a library's search index, begun in on_env
        self.search_entries: list | None = None  # Material's search entries, as its plugin adds them (on_env)
        self.entries_sent = 0  # how many of them the library's index has been given
        self.cache = BuildCache.off()  # the build's cache (on_pre_build): conversions, content check, the passes
        self.render_scopes: render_cache.RenderScopes | None = None
        self.templates_cached = False  # the pages' templates' output taken from the cache (on_env)
        self.ahead: render_ahead.RenderAhead | None = None  # the copy converting from the last page (on_nav)

    def on_startup(self, *, command, dirty) -> None:
        self.command = command
        self.dirty = dirty

    @property
    def project(self) -> Project:
        """The Project on_config loaded (MkDocs runs on_config before every other event of a build)."""
        assert self._project is not None
        return self._project

    def on_config(self, config):
        root = Path(config.config_file_path).parent
        if self.dirty:
            # a dirty build rewrites only the pages changed since the last; the post-build passes read and rewrite
            # every page, and would take the ones left from the last build (already processed) for bad ones
            raise PluginError(
                "本站的构建不支持 --dirty 和 --dirtyreload：它们只重新生成改过的页，而构建后的检查和处理要读全部页面；"
                "去掉这个选项即可（没改的页已由构建缓存直接取用）"
            )
        try:
            transaction.locked_recover(root)  # an interrupted import is finished or undone before anything is read
            self._project = Project.load(root, Path(config.config_file_path).name)
            claims.check(self.project)  # the glossary's statements (G1–G8) before any page: one line, no traceback
            self.settings = Settings.load(self.project.config)
            pdf_wanted = self.settings.pdf_export
            offline = self.settings.offline
            self.offline = offline
            self.offline_copy = offline_mod.from_settings(self.settings)
        except ContentError as exc:
            raise PluginError(str(exc)) from None
        skip_word_segmentation()
        # Material's partials that print names, escaped (MkDocs does not escape what templates print);
        # MkDocs only: Zensical escapes names itself and has partials of its own (overrides/mkdocs/)
        if config.theme.custom_dir:
            config.theme.dirs.insert(1, str(Path(config.theme.custom_dir) / "mkdocs"))
        if LIBRARY_PAGE in self.project.nav and not any(LIBRARY_PAGE in str(item) for item in config.nav or []):
            # with more than one speech the nav gains 文库; each speech's pages have their own navigation
            config.nav = [*(config.nav or []), {"文库": LIBRARY_PAGE}]
        extension = StudyExtension(project=self.project, offline_copy=self.offline_copy)
        config.markdown_extensions = [e for e in config.markdown_extensions if e != EXTENSION] + [extension]
        config.mdx_configs.pop(EXTENSION, None)
        # OFFLINE read like every switch (1/0, yes/no …): this plugin runs first and turns Material's on
        for name, plugin in config.plugins.items():
            if name.endswith("offline"):
                plugin.config.enabled = offline
        lacking = pdf_export.missing(self.settings) if pdf_wanted and self.command != "serve" else None
        self.chromium = (
            pdf_export.chromium(self.settings) if pdf_wanted and self.command != "serve" and not lacking else None
        )
        if lacking:
            # skipped with this line, as the README says (not a warning: --strict would stop the build);
            # the site is built without the PDF buttons
            log.info(f"跳过 PDF 导出：{lacking}")
        config.extra["pdf_export"] = self.chromium is not None
        # the Word files the post-build pipeline writes; each page's template is told of its own (on_page_context)
        self.docx_names = set(word_export.names(self.project))
        if config.site_url == LOCAL_SITE_URL and self.command == "build":
            # one line, not a warning: `--strict` would turn a warning into a failed local build
            log.info(f"没有设置 SITE_URL：规范链接和站点地图指向 {LOCAL_SITE_URL}；发布之前请把 SITE_URL 设为公开地址")
        return config

    def on_files(self, files, config):
        try:  # before the Word files may be written (below): a docs file where one goes is refused first
            # only what MkDocs copies in this command (not a file `exclude_docs` leaves out, nor a draft in a build)
            serving = self.command == "serve"
            copied = [f for f in files if (f.inclusion.is_in_serve() if serving else f.inclusion.is_included())]
            pipeline.check_not_planned(self.project, {f.dest_uri: self._source_name(f) for f in copied})
        except ContentError as exc:
            raise PluginError(str(exc)) from None
        if self.previous is not None:  # MkDocs has passed its cleaning
            old_output.Previous.restore()
            planned = pipeline.planned_files(self.project)
            self.previous.clear_way([f.dest_uri for f in files] + sorted(planned))
        polyfills = config.extra.get("polyfills") or []
        if any("iframe-worker" in url for url in polyfills):
            # Material's offline plugin would load its shim from a CDN: nothing may come from outside
            config.extra["polyfills"] = [url for url in polyfills if "://" not in url] + [SHIM]
        # the print version's URL for the template's 全文打印版 button (print/, or print.html offline)
        if self.offline_copy and self.offline_copy.zip_path:
            # the release's offline zip, served beside the pages; the about and home pages link it
            files.append(File.generated(config, offline_mod.TARGET, abs_src_path=str(self.offline_copy.zip_path)))
        page = self.project.marker_page("print-whole")
        if page:
            config.extra["print_url"] = files.get_file_from_path(page.src_uri).url
        if self.project.is_library:
            config.extra["polyfills"] = [*(config.extra.get("polyfills") or []), LIBRARY_JS]
            config.extra["library"] = True  # main.html inlines library.css
            # a library speech's pages are reached from the 文库 and their own navigation, not the site's nav:
            # every page would otherwise carry every speech's nav (and the build grow with its square)
            from mkdocs.structure.files import InclusionLevel

            folders = tuple(e.folder for e in self.project.speeches if e.imported)
            for file in files:
                if file.src_uri.startswith(folders):
                    file.inclusion = InclusionLevel.NOT_IN_NAV
        return files

    def _source_name(self, file) -> str:
        """Where a file of the build comes from, as an error names it (docs/x.docx, overrides/…)."""
        path = Path(file.abs_src_path) if file.abs_src_path else None
        if path is not None and path.is_relative_to(self.project.root):
            return path.relative_to(self.project.root).as_posix()
        return file.src_uri

    # last: a plugin or hook after this one could change what a page's conversion reads after the copy is made
    @event_priority(-100)
    def on_nav(self, nav, config, files):
        self.speech_navs = speech_navigation.build(self.project, nav, files) if self.project.is_library else {}
        # the pages are known: a copy of the build converts them from the last (render_ahead.py), forked before
        # any other process of the build is started (no thread then runs beside this one)
        if self.render_scopes is not None:
            own: dict[str, Callable] = {
                "pre_page": self.on_pre_page,
                "page_content": self.on_page_content,
                "nav": self.on_nav,
            }
            self.ahead = render_ahead.RenderAhead.start(
                config, files, self.cache, self.render_scopes, pipeline.FEW_PAGES, own
            )
        # the Word files come from the model, not the pages: made in another process while MkDocs builds, and
        # written into the folder at once (it is ready: cleaned, or its way cleared, in on_files)
        self.word = word_export.WordJob.start(self.project, Path(config.site_dir), self.cache)
        self.word.begin_writing()
        return nav

    def on_page_context(self, context, page, config, nav):
        own = self.speech_navs.get(page.file.src_uri)
        if own is not None:
            context["nav"] = own
        # partials/handout-actions.html: whether this page's Word file is written (not the whole library's list,
        # which every page's template would then read: adapters/template_cache.py)
        context["handout_docx_written"] = (page.meta.get("pdf") or "speech") in self.docx_names
        return context

    def on_pre_build(self, config):
        # MkDocs empties the folder next: instead its files are written over, and what is not is deleted
        self.previous = None
        if not self.dirty and old_output.supported(Path(config.site_dir)):
            self.previous = old_output.Previous.take(Path(config.site_dir))  # None: MkDocs cleans it
        self.frames = {}
        self._stop_jobs()  # the jobs a failed build (under serve) left: ended before the cache may be repaired
        self.cache.close()  # the previous build's (under serve)
        self.cache = BuildCache.at(self.project.root, self.settings.build_cache)
        self.checks = content_checks.ChecksJob(self.cache, len(self.project.pages))
        self.render_scopes = None
        self.templates_cached = False
        unknown = render_cache.unknown_extensions(self.project.config)
        if unknown and self.cache.folder is not None:
            # one line, not a warning (--strict): the build goes on, converting every page
            log.info(f"Markdown 转换不用构建缓存：mkdocs.yml 用了扩展 {'、'.join(unknown)}，它可能读取别的文件")
        elif not unknown:
            self.render_scopes = render_cache.RenderScopes(
                self.project, Path(config.docs_dir), {"offline": self.offline, "offline_copy": self.offline_copy}
            )

    def on_pre_page(self, page, config, files):
        """The page's Markdown conversion is taken from the build cache when nothing it reads changed (and
        every Markdown extension is one known to read only the page)."""
        if self.render_scopes is not None:
            found = None
            if self.ahead is not None:
                self.ahead.begin(page.file.src_uri)
                found = self.ahead.found
            render_cache.cached_render(page, self.cache, self.render_scopes, found)
        return page

    def on_page_content(self, html, page, config, files):
        """The page's content, as the Markdown extensions left it, must pass the sanitizer unchanged (the verdict
        is asked for once every page is read, in on_env: MkDocs would wrap an error here in two more lines)."""
        assert self.checks is not None
        self.checks.check(f"{Path(config.docs_dir).name}/{page.file.src_uri}", html)
        return html

    def on_env(self, env, config, files):
        ahead, self.ahead = self.ahead, None
        if ahead is not None:  # every page is converted: the copy is ended, the pages it made counted as made
            ahead.finish(self.cache.stats)
        checks, self.checks = self.checks, None
        if checks is not None:
            try:
                checks.finish()
            except ContentError as exc:
                raise PluginError(str(exc)) from None
        # every page is converted: MkDocs writes them next, and each goes to the passes as it is written (when many
        # were converted anew: the others' passes are then likely in the cache too; with a Markdown extension the
        # conversion cache does not know, how many changed is not known, and the passes wait as before)
        converted = self.cache.stats.missed(render_cache.KIND) if self.render_scopes else []
        self.early = early_pages.EarlyPages.start(
            Path(config.site_dir), config.use_directory_urls, self.project, self.cache, config.site_url, len(converted)
        )
        if self.cache.folder is not None:
            # a page's HTML from the cache when nothing its template reads changed (template_cache.py)
            template_cache.install(env, self.cache, template_cache.TemplateScopes(config))
            self.templates_cached = True
            # Material's search entries of a page from the cache when its indexer's inputs are unchanged
            search_entries_cache.install(config.plugins, self.cache)
        material = search_entries_cache.search_index(config.plugins)
        if self.project.is_library and material is not None and converted and not self.early.running:
            # the library's index is made page by page as Material's search plugin indexes them (search_index.py);
            # not when no page was converted anew: its files are then most likely the cache's, and making it all the
            # same would only take the core MkDocs needs (measured at 100 speeches: 3.9 s against 4.1 s a build);
            # nor when the pages' passes begin early: that core is then busy (a clean build: 15.9 s against 14.8 s)
            layout = Layout(Path(config.site_dir), [p.src_uri for p in self.project.pages], config.use_directory_urls)
            self.library = search_index.LibraryJob.start(
                layout.site,
                pipeline.library_pages(self.project, layout),
                pipeline.library_speeches(self.project),
                self.offline,
                self.cache,
            )
            self.search_entries, self.entries_sent = material.entries, 0
        return env

    # last: the page as it will be written; its frame is the page with its content taken out
    @event_priority(-100)
    def on_post_page(self, output, page, config):
        content = page.content or ""
        if content and content not in output:
            raise PluginError(f"docs/{page.file.src_uri}: 模板没有原样写出页面内容，无法分辨框架和内容")
        path = Path(page.file.abs_dest_path)
        self.frames[path] = content_safety.Frame.of(output, content)
        if self.early is not None:
            self.early.send(path, output, self.frames[path])
        if self.library is not None and self.search_entries is not None:
            self.library.add(page.url, self.search_entries[self.entries_sent :])
            self.entries_sent = len(self.search_entries)
        return output

    @event_priority(-100)
    def on_post_template(self, output_content, template_name, config):
        self.frames[Path(config.site_dir) / template_name] = content_safety.Frame.of(output_content)
        return output_content

    def on_serve(self, server, config, builder):
        root = self.project.root
        for path in (
            root / GLOSSARY,
            root / SOURCE,
            root / SPEECHES,
            root / "overrides",
            Path(__file__).resolve().parent.parent,
        ):
            if path.exists():  # speeches/ only once a speech has been imported
                server.watch(str(path))
        return server

    def _stop_jobs(self) -> None:
        """Each job another process does for this build (Word files, content checks, early page passes, the library
        index) ended and reaped, and forgotten."""
        jobs = (self.ahead, self.word, self.checks, self.early, self.library)
        self.ahead = self.word = self.checks = self.early = self.library = None
        for job in jobs:
            if job is not None:
                job.stop()

    def on_build_error(self, error):
        """The build failed: the Word files', the content checks', the early page passes' and the library index's
        processes are ended, nothing goes on running for it."""
        self._stop_jobs()
        old_output.Previous.restore()

    def on_shutdown(self):
        self._stop_jobs()
        self.cache.close()

    # after Material's search plugin wrote its index (0), before the offline plugin copies it (-100)
    @event_priority(-50)
    def on_post_build(self, config):
        try:
            if self.previous is not None:
                # what this build did not write goes before the passes read the folder; what they write stays
                self.previous.sweep(pipeline.written_by_passes(self.project))
            cache = self.cache
            layout = pipeline.run(
                Path(config.site_dir),
                self.project,
                offline=self.offline,
                site_url=config.site_url,
                frames=self.frames,
                cache=cache,
                word=self.word,
                early=self.early,
                library=self.library,
                # the pages whose HTML this build made anew: known when their templates' output is cached
                rendered=len(cache.stats.missed(template_cache.KIND)) if self.templates_cached else None,
                # the library's index made again (in another process): a page's search entries were made anew
                index_busy=bool(cache.stats.missed(search_entries_cache.KIND)),
            )
            self.word = None
            self.early = None
            self.library = None
            converted = cache.summary(render_cache.KIND, "Markdown 转换", "页", "重新转换")
            rendered = cache.summary(template_cache.KIND, "页面模板", "页", "重新生成")
            indexed = cache.stats.hit(search_entries_cache.KIND) or cache.stats.missed(search_entries_cache.KIND)
            entries = cache.summary(search_entries_cache.KIND, "搜索条目", "页", "重新切分") if indexed else ""
            for line in [converted if self.render_scopes else "", rendered, entries, *pipeline.cache_summary(cache)]:
                if line:
                    log.info(line)
            if self.chromium:
                for line in pdf_export.run(
                    layout.site,
                    pdf_export.targets(self.project, layout),
                    self.chromium,
                    self.project.old_file_names(),
                    cache,
                    config.site_url or LOCAL_SITE_URL,
                    pdf_export.link_map(self.project, layout, config.site_url or LOCAL_SITE_URL),
                ):
                    log.info(line)
            pruned = cache.prune_line()  # the build succeeded: what it used was used today, and stays
            if pruned:
                log.info(pruned)
            if self.previous is not None:
                self.previous.finish()  # the previous build's Word, PDF or index files this one did not write
        except ContentError as exc:
            raise PluginError(str(exc)) from None
