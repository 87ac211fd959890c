"""postbuild/html.py's `scan` on real pages: every page a build writes, as the engine wrote it and as it is
published, is read by `scan` (a page it gave up on would silently cost html.parser's time) and the handlers
see exactly what html.parser shows them (tests/unit/test_html_scan.py: the same on generated markup)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_build_in_process
from test_html_scan import same_as_html_parser

from speech_study.postbuild import pipeline

pytestmark = pytest.mark.slow


def unread(pages: dict[str, str]) -> list[str]:
    return [name for name, source in pages.items() if not same_as_html_parser(source)]


def published(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def test_every_page_as_the_engine_wrote_it(tmp_path, monkeypatch):
    seen: dict[str, str] = {}
    real = pipeline.parse

    def parse(source: str):
        seen[f"page {len(seen)}"] = source
        return real(source)

    monkeypatch.setattr(pipeline, "parse", parse)
    root = copy_project(tmp_path / "project")
    result = mkdocs_build_in_process(root, tmp_path / "site", env={"BUILD_CACHE": "false"})
    assert result.returncode == 0, result.stderr
    assert len(seen) > 10
    assert unread(seen) == []


def test_every_published_page_of_the_site_and_of_a_library(site, library):
    for built in (site, library.site):
        pages = published(built)
        assert len(pages) > 10
        assert unread(pages) == []
