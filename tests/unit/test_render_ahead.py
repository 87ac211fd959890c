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

    def on_page_content(self, html, page, config, files):
        return html

    def on_nav(self, nav, config, files):
        return nav


def _events(own: Plugin) -> dict[str, list]:
    events: dict[str, list] = {name: [] for name in render_ahead.PAGE_EVENTS}
    events["pre_page"].append(own.on_pre_page)
    events["page_content"].append(own.on_page_content)
    events["nav"] = [own.on_nav]
    return events


@pytest.fixture
def ready(tmp_path, monkeypatch):
    """A build where the copy may start: Linux, two cores, a usable cache, one thread, only this plugin's events."""
    monkeypatch.setattr(render_ahead.sys, "platform", "linux")
    monkeypatch.setattr(render_ahead.os, "cpu_count", lambda: 2)
    # (a thread another test of this process left, a browser's or a server's, is not this build's)
    monkeypatch.setattr(render_ahead, "_other_threads", lambda: 0)
    plugin = Plugin()
    own = {"pre_page": plugin.on_pre_page, "page_content": plugin.on_page_content, "nav": plugin.on_nav}
    config = SimpleNamespace(plugins=SimpleNamespace(events=_events(plugin)))
    return config, BuildCache(tmp_path, "test"), own


@pytest.mark.parametrize("event", [*render_ahead.PAGE_EVENTS, "nav after"])
def test_a_copy_may_start_only_where_it_converts_what_the_build_would(ready, event):
    config, cache, own = ready
    assert render_ahead.safe(config, cache, own)
    # another plugin acting around a page's conversion, or changing the build after this plugin's on_nav: the copy
    # would not convert what the build converts
    other = Plugin()
    events = config.plugins.events
    if event == "nav after":
        events["nav"].append(other.on_nav)
    else:
        events[event].append(lambda *args, **kwargs: None)
    assert not render_ahead.safe(config, cache, own)
    if event == "nav after":
        events["nav"].insert(0, events["nav"].pop())  # before this plugin's: it is done when the copy is made
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
    monkeypatch.undo()  # the threads as they are
    monkeypatch.setattr(render_ahead.sys, "platform", "linux")
    monkeypatch.setattr(render_ahead.os, "cpu_count", lambda: 2)
    before = threading.active_count()
    release = threading.Event()
    thread = threading.Thread(target=release.wait)  # as `serve`'s server runs beside a rebuild
    thread.start()
    try:
        assert not render_ahead.safe(config, cache, own)
    finally:
        release.set()
        thread.join()
    assert render_ahead.safe(config, cache, own) == (before == 1)
