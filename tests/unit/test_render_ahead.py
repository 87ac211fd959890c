"""adapters/render_ahead.py: where a copy of the build may convert pages ahead, and where it may not."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest

from speech_study.adapters import render_ahead
from speech_study.buildcache import BuildCache


class Plugin:
    def on_pre_page(self, page, config, files):
        return page


@pytest.fixture
def ready(tmp_path, monkeypatch):
    """A build where the copy may start: Linux, two cores, a usable cache, one thread, only this plugin's event."""
    monkeypatch.setattr(render_ahead.sys, "platform", "linux")
    monkeypatch.setattr(render_ahead.os, "cpu_count", lambda: 2)
    # (a thread another test of this process left, a browser's or a server's, is not this build's)
    monkeypatch.setattr(render_ahead, "_other_threads", lambda: 0)
    own = Plugin()
    config = SimpleNamespace(plugins=SimpleNamespace(events={"pre_page": [own.on_pre_page], "page_markdown": []}))
    return config, BuildCache(tmp_path, "test"), own.on_pre_page


def test_a_copy_may_start_only_where_it_converts_what_the_build_would(ready, monkeypatch):
    config, cache, own = ready
    assert render_ahead.safe(config, cache, own)
    # another plugin acting on the page before it is converted: the copy would not do what it does
    other = Plugin()
    config.plugins.events["pre_page"].append(other.on_pre_page)
    assert not render_ahead.safe(config, cache, own)
    config.plugins.events["pre_page"].pop()
    config.plugins.events["page_markdown"].append(lambda markdown, **kwargs: markdown)
    assert not render_ahead.safe(config, cache, own)
    config.plugins.events["page_markdown"].clear()
    assert render_ahead.safe(config, cache, own)
    # no cache to hand the results over
    assert not render_ahead.safe(config, BuildCache.off(), own)


@pytest.mark.parametrize("where", ["win32", "darwin"])
def test_no_copy_where_forking_is_not_safe(ready, monkeypatch, where):
    config, cache, own = ready
    monkeypatch.setattr(render_ahead.sys, "platform", where)
    assert not render_ahead.safe(config, cache, own)


def test_no_copy_with_one_core_or_another_thread(ready, monkeypatch):
    config, cache, own = ready
    monkeypatch.setattr(render_ahead.os, "cpu_count", lambda: 1)
    assert not render_ahead.safe(config, cache, own)
    monkeypatch.setattr(render_ahead.os, "cpu_count", lambda: 2)
    monkeypatch.undo()  # the threads as they are
    monkeypatch.setattr(render_ahead.sys, "platform", "linux")
    monkeypatch.setattr(render_ahead.os, "cpu_count", lambda: 2)
    before = threading.active_count()
    release = threading.Event()
    thread = threading.Thread(target=release.wait)  # as `serve`'s server runs beside the build
    thread.start()
    try:
        assert not render_ahead.safe(config, cache, own)
    finally:
        release.set()
        thread.join()
    assert render_ahead.safe(config, cache, own) == (before == 1)
