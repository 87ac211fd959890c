"""The per-page caches: the passes' (postbuild/page_cache.py) and MkDocs' Markdown conversion's
(adapters/render_cache.py): a page is made afresh exactly when something it reads changed.

Each test builds a two-speech library (the site's own speech and an imported one) in this process with the cache
on, changes one kind of input, builds again, and checks:

- the warm build's output folder is byte for byte what a build with the cache off makes (the oracle);
- the pages the passes ran on (pipeline.processed, recorded) are exactly the ones the change concerns: importing
  a third speech redoes its pages and the pages every speech shares, and no page of the other two; a speech's
  title in speech.yml redoes that speech's pages and the shared ones; mkdocs.yml redoes every page;
- the pages converted from Markdown again: importing a third speech converts its pages and the pages with a
  site-wide marker (whose scope is the whole library), no page of the site's own speech or of the other imported
  one; editing a page of a speech converts that speech's pages and the site-wide ones; the glossary or
  mkdocs.yml, every page;
- a warning MkDocs gave while converting a page (a link to a page that is not there) is given again when the
  conversion is reused, and a link whose page is deleted warns though the linking page did not change;
- left out of the key, a speech's scope is caught: the warm build then differs from the clean one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import speechfiles
from conftest import copy_project, mkdocs_build_in_process
from mkdocs.structure.pages import Page
from speeches import IMPORTED_SLUG, IMPORTED_SOURCE

from speech_study import importer
from speech_study.adapters import render_cache
from speech_study.buildcache import FOLDER
from speech_study.postbuild import page_cache, pipeline
from speech_study.postbuild.layout import Layout
from speech_study.project import Project

pytestmark = pytest.mark.slow

THIRD = "shequ"
ENV = {"PDF_EXPORT": "0", "SOURCE_DATE_EPOCH": "1733356800"}


@pytest.fixture(scope="module")
def two_speeches(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("page-cache") / "project")
    importer.apply(project, importer.plan(project, IMPORTED_SOURCE, IMPORTED_SLUG))
    return project


@pytest.fixture
def root(two_speeches, tmp_path) -> Path:
    return Path(shutil.copytree(two_speeches, tmp_path / "project"))


@pytest.fixture(scope="module")
def warmed(two_speeches, tmp_path_factory) -> Path:
    """two_speeches built once with the cache on (every page's passes and conversion made and kept): the
    first build of each test that changes an input, made once (copied with its cache folder, see warm_root)."""
    work = tmp_path_factory.mktemp("warmed")
    project = Path(shutil.copytree(two_speeches, work / "project"))
    with pytest.MonkeyPatch.context() as monkeypatch:
        first_build(project, work / "site", monkeypatch)
    return project


@pytest.fixture
def warm_root(warmed, tmp_path) -> Path:
    """A copy of the warmed project, its cache folder with it."""
    return Path(shutil.copytree(warmed, tmp_path / "project"))


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def differing(got: dict[str, bytes], expected: dict[str, bytes]) -> list[str]:
    return sorted(name for name in got.keys() | expected.keys() if got.get(name) != expected.get(name))


CONVERTED: list[str] = []  # the pages (src_uri) the last build() converted from Markdown
LOG: list[str] = []  # the last build()'s log lines


def build(root: Path, dest: Path, monkeypatch, cache: bool = True, fails: bool = False):
    """Build `root` into `dest` in this process; the output files (relative) the page passes ran on (the pages
    converted in CONVERTED). `fails`: the build is expected to stop; its result is returned instead."""
    done: list[str] = []
    CONVERTED.clear()
    real, convert = pipeline.processed, Page.render

    def recording(source, path, layout, *args, **kwargs):
        done.append(path.relative_to(layout.site).as_posix())
        return real(source, path, layout, *args, **kwargs)

    def converting(page, config, files):
        CONVERTED.append(page.file.src_uri)
        return convert(page, config, files)

    with monkeypatch.context() as m:
        m.setattr(pipeline, "processed", recording)
        m.setattr(Page, "render", converting)
        result = mkdocs_build_in_process(root, dest, env={**ENV, "BUILD_CACHE": "1" if cache else "0"})
    LOG[:] = result.stderr.splitlines()
    if fails:
        assert result.returncode != 0
        return result
    assert result.returncode == 0, result.stderr[-3000:]
    return done


def outputs(root: Path, site: Path, slug: str | None) -> set[str]:
    """The pages of speech `slug` as output files; None: the pages every speech shares, and any page no
    docs page makes (404.html)."""
    project = Project.load(root)
    layout = Layout(site, [p.src_uri for p in project.pages])
    made = {layout.output(p.src_uri) for p in project.pages}
    out = {layout.output(p.src_uri) for p in project.pages if project.speech_of(p) == slug}
    if slug is None:
        out |= {p.relative_to(site).as_posix() for p in layout.pages()} - made
    return out


def first_build(root: Path, site: Path, monkeypatch) -> None:
    """The first build with the cache on: the passes run on every page, and every page is converted."""
    first = build(root, site, monkeypatch)
    assert sorted(first) == sorted(p.relative_to(site).as_posix() for p in _pages(site))
    assert sorted(CONVERTED) == sorted(p.src_uri for p in Project.load(root).pages)


def rebuilt_after(
    root: Path, work: Path, change, monkeypatch, converted: set | None = None, warm: bool = False
) -> set[str]:
    """Warm build (none when `warm`: `root` is a copy of the warmed project), change, build again: it equals a
    clean build; returns the pages the passes ran on again (and adds the pages converted again to `converted`)."""
    if not warm:
        first_build(root, work / "warm-before", monkeypatch)
    change(root)
    again = build(root, work / "warm-after", monkeypatch)
    assert len(again) == len(set(again))
    if converted is not None:
        converted |= set(CONVERTED)
    shutil.rmtree(root / FOLDER)
    build(root, work / "clean-after", monkeypatch, cache=False)
    got, expected = files_of(work / "warm-after"), files_of(work / "clean-after")
    assert differing(got, expected) == [], "the cached build differs from a build without the cache"
    return set(again)


def _pages(site: Path) -> list[Path]:
    """The pages the passes run on (an .html file that is a page)."""
    return Layout(site, []).pages()


def import_third(root: Path) -> None:
    text = speechfiles.write_txt(root.parent / "社区治理讲话.txt")
    importer.apply(root, importer.plan(root, text, THIRD))


def retitle(root: Path) -> None:
    path = root / "speeches" / IMPORTED_SLUG / "speech.yml"
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("title:"))
    path.write_text(text.replace(line, line.replace("title: ", "title: 修订后的"), 1), encoding="utf-8")


def rename_site(root: Path) -> None:
    path = root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nsite_name: ", "\nsite_name: 学习：", 1), encoding="utf-8")


def uris(root: Path, slug: str | None) -> set[str]:
    """The pages (src_uri) of speech `slug`; None: the pages outside every imported speech's folder."""
    project = Project.load(root)
    imported = {e.slug for e in project.speeches if e.imported}
    if slug is None:
        return {p.src_uri for p in project.pages if project.speech_of_uri(p.src_uri) not in imported}
    return {p.src_uri for p in project.pages if project.speech_of_uri(p.src_uri) == slug}


def test_importing_a_speech_redoes_its_pages_and_the_shared_ones_only(warm_root, tmp_path, monkeypatch):
    root = warm_root
    converted: set[str] = set()
    again = rebuilt_after(root, tmp_path, import_third, monkeypatch, converted, warm=True)
    site = tmp_path / "warm-after"
    expected = outputs(root, site, THIRD) | outputs(root, site, None)
    assert outputs(root, site, THIRD) and again == expected
    untouched = outputs(root, site, IMPORTED_SLUG) | outputs(root, site, Project.load(root).views()[0].slug)
    assert untouched and not untouched & again
    # converted again: the new speech's pages and the pages with a site-wide marker, none of the other imported
    # speech's and none of the site's own speech's
    assert uris(root, THIRD) and converted == uris(root, THIRD) | site_wide(root)
    assert uris(root, IMPORTED_SLUG) and site_wide(root) < uris(root, None)


def test_editing_a_page_converts_its_speechs_pages_and_the_site_wide_ones(warm_root, tmp_path, monkeypatch):
    root = warm_root
    converted: set[str] = set()

    def edit(root: Path) -> None:
        page = root / "docs" / IMPORTED_SLUG / "part-1.md"
        page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    rebuilt_after(root, tmp_path, edit, monkeypatch, converted, warm=True)
    assert converted == uris(root, IMPORTED_SLUG) | site_wide(root)


def site_wide(root: Path) -> set[str]:
    """The pages (src_uri) with a marker that reads more than one speech (the glossary, the library …)."""
    return {
        p.src_uri for p in Project.load(root).pages if any(m in render_cache.WHOLE_LIBRARY_MARKERS for m in p.markers())
    }


def test_a_speechs_title_in_speech_yml_redoes_its_pages(warm_root, tmp_path, monkeypatch):
    root = warm_root
    again = rebuilt_after(root, tmp_path, retitle, monkeypatch, warm=True)
    site = tmp_path / "warm-after"
    assert again == outputs(root, site, IMPORTED_SLUG) | outputs(root, site, None)


def test_the_site_settings_redo_every_page(warm_root, tmp_path, monkeypatch):
    root = warm_root
    converted: set[str] = set()
    again = rebuilt_after(root, tmp_path, rename_site, monkeypatch, converted, warm=True)
    assert again == {p.relative_to(tmp_path / "warm-after").as_posix() for p in _pages(tmp_path / "warm-after")}
    assert converted == {p.src_uri for p in Project.load(root).pages}


def test_the_glossary_converts_every_page_again(warm_root, tmp_path, monkeypatch):
    root = warm_root

    def reword(root: Path) -> None:
        path = root / "glossary.yml"
        path.write_text(path.read_text(encoding="utf-8") + "\n# 改过\n", encoding="utf-8")

    converted: set[str] = set()
    rebuilt_after(root, tmp_path, reword, monkeypatch, converted, warm=True)
    assert converted == {p.src_uri for p in Project.load(root).pages}


def test_a_warning_given_while_converting_is_given_again_from_the_cache(root, tmp_path, monkeypatch):
    """A page linking to a page that is not there stops a --strict build, and again when nothing changed; a page
    whose link target is deleted is converted again (its link now warns) though its own text did not change."""
    page = sorted(uris(root, IMPORTED_SLUG))[-1]
    path = root / "docs" / page
    config = root / "mkdocs.yml"  # the page outside the nav that comes and goes below, declared so from the start
    config.write_text(
        config.read_text(encoding="utf-8").replace("  /print.md\n", "  /print.md\n  /link-target.md\n"), "utf-8"
    )
    path.write_text(path.read_text(encoding="utf-8") + "\n[另见](no-such-page.md)\n", encoding="utf-8")
    for n in (1, 2):
        result = build(root, tmp_path / f"missing-{n}", monkeypatch, fails=True)
        # MkDocs' own warning (the post-build link check stops the build too, in its own words)
        assert "contains a link 'no-such-page.md'" in result.stderr, result.stderr[-2000:]
    assert CONVERTED == []  # the second build took the conversion from the cache, and its warning with it

    # a page outside the speech's folder: only the link itself ties the two
    path.write_text(path.read_text(encoding="utf-8").replace("no-such-page.md", "../link-target.md"), "utf-8")
    target = root / "docs" / "link-target.md"
    target.write_text("# 另一页 { #lingyiye }\n\n文字。\n", encoding="utf-8")
    build(root, tmp_path / "linked", monkeypatch)
    target.unlink()
    result = build(root, tmp_path / "unlinked", monkeypatch, fails=True)
    assert page in CONVERTED and "contains a link '../link-target.md'" in result.stderr, result.stderr[-2000:]


def test_an_extension_that_may_read_other_files_turns_the_conversion_cache_off(root, tmp_path, monkeypatch):
    """pymdownx.snippets includes other files into a page: with it (or any extension not known to read only the
    page) every page is converted on every build, and the log says why in one line."""
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - pymdownx.details\n", "  - pymdownx.details\n  - pymdownx.snippets\n"
        ),
        encoding="utf-8",
    )
    for n in (1, 2):
        build(root, tmp_path / f"build-{n}", monkeypatch)
        assert sorted(CONVERTED) == sorted(p.src_uri for p in Project.load(root).pages)
        said = [line for line in LOG if "Markdown 转换" in line]
        assert said == [
            "INFO    -  Markdown 转换不用构建缓存：mkdocs.yml 用了扩展 pymdownx.snippets，它可能读取别的文件"
        ]
    assert render_cache.unknown_extensions(Project.load(root).config) == ["pymdownx.snippets"]


def test_a_conversion_key_without_the_speechs_scope_is_caught(root, tmp_path, monkeypatch):
    monkeypatch.setattr(render_cache.RenderScopes, "speech", lambda self, slug: "")
    monkeypatch.setattr(render_cache.RenderScopes, "library", lambda self: "")
    with pytest.raises(AssertionError, match="differs from a build without the cache"):
        rebuilt_after(root, tmp_path, retitle, monkeypatch)


def test_a_key_without_the_speechs_scope_is_caught(root, tmp_path, monkeypatch):
    monkeypatch.setattr(page_cache.PageScopes, "speech", lambda self, slug: "")
    monkeypatch.setattr(page_cache.PageScopes, "library", lambda self: "")
    with pytest.raises(AssertionError, match="differs from a build without the cache"):
        rebuilt_after(root, tmp_path, retitle, monkeypatch)
