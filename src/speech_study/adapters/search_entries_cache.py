"""Material's search plugin's entries for each page, cached by everything its indexer reads.

Material's search plugin parses every page's HTML again on every build to cut it into its search entries
(about 0.9 s of a warm build at 100 speeches; the entries are the input of this project's own index too).
`SearchIndex.add_entry_from_context(page)` reads the page's content, table of contents, address, title and
front matter, the plugin's settings (and jieba, with its dictionaries, when it is installed). Those are the
key; the entries it added are stored as JSON and added again when they are unchanged.

Installed by the MkDocs plugin (on_env, after every plugin's on_config made its state) on the search
plugin's index object itself, so nothing else of Material's changes.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from ..buildcache import BuildCache, canonical, version
from .template_cache import plain

# Material's search plugin imports jieba when it can, to cut Chinese into words; this project's index takes the
# word breaks out again, and the MkDocs plugin turns the cutting off (mkdocs_plugin.skip_word_segmentation). Where
# jieba is installed (the tests' and benchmarks' environment, not the one serve.sh makes) importing it cost about
# 0.1 s a build: it is not imported at all (None in sys.modules: its import raises ImportError, as when absent)
sys.modules.setdefault("jieba", None)  # type: ignore[arg-type]

from material.plugins.search.plugin import SearchIndex, SearchPlugin  # noqa: E402

KIND = "search-entries"
LIBRARIES = ("mkdocs-material", "jieba")


def _toc(items) -> list:
    return [[i.title, i.id, i.url, _toc(i.children)] for i in items or []]


def _file(path: object) -> str | None:
    """A jieba dictionary's bytes by their digest (its path is a setting; the words in it are what count)."""
    if not path:
        return None
    try:
        return hashlib.sha256(Path(str(path)).read_bytes()).hexdigest()
    except OSError:
        return None


def settings_key(plugin: SearchPlugin) -> str:
    """The search plugin's settings, its dictionaries and the libraries' versions, as one digest."""
    config = plugin.config
    data = {
        "config": plain(config),
        "dictionaries": [_file(config.jieba_dict), _file(config.jieba_dict_user)],
        **{name: version(name) for name in LIBRARIES},
    }
    return hashlib.sha256(canonical(data)).hexdigest()


def inputs(page, settings: str) -> bytes:
    """The key's inputs for one page's entries."""
    data = {
        "settings": settings,
        "content": hashlib.sha256((page.content or "").encode("utf-8")).hexdigest(),
        "toc": _toc(page.toc),
        "url": page.url,
        "title": page.title,
        "meta": plain(page.meta),
    }
    return canonical(data)


def search_index(plugins) -> SearchIndex | None:
    """The enabled search plugin's index object (its `entries` grow as each page is built), if any."""
    for plugin in plugins.values():
        if isinstance(plugin, SearchPlugin) and plugin.config.enabled:
            return plugin.search_index
    return None


def install(plugins, cache: BuildCache) -> None:
    """Wrap each enabled search plugin's `add_entry_from_context` in the cache (the cache must be on)."""
    for plugin in plugins.values():
        if not isinstance(plugin, SearchPlugin) or not plugin.config.enabled:
            continue
        index = plugin.search_index
        real = index.add_entry_from_context
        settings = settings_key(plugin)

        def add(page, index=index, real=real, settings=settings) -> None:
            made: list[bool] = []

            def make() -> bytes:
                made.append(True)
                before = len(index.entries)
                real(page)
                # as Material writes its index: what JSON has no type for (a date in front matter) by its str()
                return json.dumps(index.entries[before:], ensure_ascii=False, default=str).encode("utf-8")

            data = cache.fetch(KIND, page.file.src_uri, inputs(page, settings), make)
            if not made:  # taken from the cache: add what the indexer added then
                index.entries.extend(json.loads(data))

        index.add_entry_from_context = add
