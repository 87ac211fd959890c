"""Material's search entries cached per page (adapters/search_entries_cache.py): through every change of what its
indexer reads, one cache gives the entries Material's own indexer gives afresh."""

from __future__ import annotations

import copy
import datetime
from types import SimpleNamespace

import pytest
from material.plugins.search.plugin import SearchIndex, SearchPlugin

from speech_study.adapters import search_entries_cache
from speech_study.buildcache import BuildCache


def anchor(title: str, id_: str, children=()):
    return SimpleNamespace(title=title, id=id_, url=f"#{id_}", level=2, children=list(children))


def page():
    return SimpleNamespace(
        content=('<p>权力是把双刃剑。</p><h2 id="tuanjie">（一）团结</h2><p>班子团结出凝聚力。</p>'),
        toc=[anchor("一、怎样抓好班子建设", "part-1", [anchor("（一）团结", "tuanjie")])],
        url="part-1/",
        title="一、怎样抓好班子建设",
        meta={},
        file=SimpleNamespace(src_uri="part-1.md"),
    )


def plugin(**settings) -> SearchPlugin:
    made = SearchPlugin()
    errors, warnings = made.load_config({"lang": ["zh"], "separator": r"[\s\-]+", "pipeline": [], **settings})
    assert not errors, errors
    made.search_index = SearchIndex(**made.config)
    return made


CHANGES = {
    "content": lambda p: setattr(p, "content", p.content.replace("双刃剑。", "双刃剑！")),
    "heading": lambda p: setattr(p, "content", p.content.replace("（一）团结", "（一）团结协作")),
    "toc": lambda p: setattr(p.toc[0].children[0], "url", "#tuanjie-xiezuo"),
    "url": lambda p: setattr(p, "url", "part-one/"),
    "first heading": lambda p: setattr(p, "content", '<h1 id="part-1">一、班子建设</h1>' + p.content),
    "page title": lambda p: setattr(p, "title", "一、班子"),
    "front matter title": lambda p: p.meta.update(title="班子建设"),
    "boost": lambda p: p.meta.update(search={"boost": 2}),
    # YAML reads 2024-01-01 as a date, which JSON has no type for: Material writes it by its str()
    "boost written as a date": lambda p: p.meta.update(search={"boost": datetime.date(2024, 1, 1)}),
    "tags": lambda p: p.meta.update(tags=["班子"]),
    "excluded": lambda p: p.meta.update(search={"exclude": True}),
    "excluded section": lambda p: setattr(
        p, "content", p.content.replace('<h2 id="tuanjie">', '<h2 id="tuanjie" data-search-exclude>')
    ),
}


def index_afresh(settings: dict, made) -> str:
    """Material's index as it writes it, from its own indexer."""
    fresh = plugin(**settings)
    fresh.search_index.add_entry_from_context(made)
    return fresh.search_index.generate_search_index(None)


@pytest.mark.parametrize("settings", [{}, {"separator": r"[\s]+"}], ids=["default", "other separator"])
def test_the_cached_entries_are_the_ones_made_afresh_whatever_input_changes(tmp_path, settings):
    cache = BuildCache(tmp_path / "cache", "code")
    seen: list[str] = []
    for name, change in [("first", lambda p: None), *CHANGES.items(), ("first again", lambda p: None)]:
        made = page()
        change(made)
        for round_ in ("miss or hit", "hit"):
            wrapped = plugin(**settings)
            search_entries_cache.install({"search": wrapped}, cache)
            wrapped.search_index.add_entry_from_context(copy.deepcopy(made))
            written = wrapped.search_index.generate_search_index(None)
            assert written == index_afresh(settings, copy.deepcopy(made)), (name, round_)
        seen.append(written)
    # each change shows in the entries (else the test proves nothing), and every second round was a hit
    assert len(set(seen)) == len(CHANGES) + 1
    assert len(cache.stats.hit(search_entries_cache.KIND)) >= len(CHANGES) + 2


def test_a_changed_setting_is_another_key():
    made = page()
    keys = {
        search_entries_cache.inputs(made, search_entries_cache.settings_key(plugin(**settings)))
        for settings in ({}, {"separator": r"[\s]+"}, {"lang": ["en"]}, {"fields": {"title": {"boost": 5}}})
    }
    assert len(keys) == 4


def test_entries_add_to_what_the_index_holds_and_a_disabled_plugin_is_left_alone(tmp_path):
    cache = BuildCache(tmp_path / "cache", "code")
    for _ in range(2):
        wrapped = plugin()
        search_entries_cache.install({"search": wrapped}, cache)
        other = page()
        other.url, other.file.src_uri = "part-2/", "part-2.md"
        wrapped.search_index.add_entry_from_context(page())
        wrapped.search_index.add_entry_from_context(other)
        assert [e["location"] for e in wrapped.search_index.entries] == [
            "part-1/",
            "part-1/#tuanjie",
            "part-2/",
            "part-2/#tuanjie",
        ]
    off = plugin(enabled=False)
    real = off.search_index.add_entry_from_context
    search_entries_cache.install({"search": off}, cache)
    assert off.search_index.add_entry_from_context == real


def test_a_build_does_not_import_jieba_even_where_it_is_installed():
    """The MkDocs plugin, as MkDocs loads it, keeps Material's search plugin from importing jieba (its cutting is
    turned off anyway): jieba is installed in this environment, and stays unimported."""
    import importlib.util
    import subprocess
    import sys

    assert importlib.util.find_spec("jieba") is not None  # installed here (the benchmarks' baseline)
    script = (
        "import sys, speech_study.adapters.mkdocs_plugin, material.plugins.search.plugin as search;"
        "print(sys.modules['jieba'] is None and search.jieba is None)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True"
