"""A speech imported before its PDF and Word files had their own folder keeps its old file addresses.

Imports before 2026-12-04 named a speech's files pdf/SLUG-part-1.pdf (docx/SLUG-part-1.docx) and its
whole speech pdf/SLUG.pdf; links to them live on in chat groups. Re-importing such a speech records the
old names in speeches/SLUG/old-files.yml, and every build writes each file under its old name as well.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import speechfiles
import yaml
from conftest import copy_project, copy_sources, mkdocs_build

from speech_study import importer
from speech_study.errors import ContentError
from speech_study.library import OLD_FILES, SPEECHES
from speech_study.project import Project

SLUG = "shequ"
PDF_LINE = re.compile(r"^pdf: (\S+)$", re.M)


def as_imported_before(project: Path, slug: str) -> dict[str, str]:
    """Rewrite the speech's pages as an import before 2026-12-04 wrote them; returns old name -> name now."""
    names = {}
    for path in sorted((project / "docs" / slug).glob("*.md")):
        text = path.read_text(encoding="utf-8")
        now = PDF_LINE.search(text)
        if now is None:
            continue
        new = now.group(1)
        old = slug if new == f"{slug}/speech" else new.replace("/", "-", 1)
        names[old] = new
        path.write_text(PDF_LINE.sub(f"pdf: {old}", text), encoding="utf-8")
    (project / SPEECHES / slug / OLD_FILES).unlink(missing_ok=True)
    return names


def import_text(project: Path, tmp: Path, text: str = speechfiles.TEXT) -> importer.Plan:
    source = speechfiles.write_txt(tmp / f"s{len(list(tmp.glob('s*.txt')))}.txt", text)
    plan = importer.plan(project, source, SLUG)
    importer.apply(project, plan)
    return plan


@pytest.fixture
def old_import(tmp_path) -> tuple[Path, dict[str, str]]:
    project = copy_sources(tmp_path / "project")
    import_text(project, tmp_path)
    return project, as_imported_before(project, SLUG)


def test_an_old_import_is_refused_at_load_until_imported_again(old_import):
    project, names = old_import
    assert f"{SLUG}-opening" in names and names[SLUG] == f"{SLUG}/speech"
    with pytest.raises(ContentError, match="重新导入"):
        Project.load(project)


def test_importing_it_again_keeps_every_old_file_name(old_import, tmp_path):
    project, names = old_import
    plan = import_text(project, tmp_path)
    assert plan.old_files == names
    assert "旧文件名照旧能下载" in importer.report(plan, True)
    assert Project.load(project).old_file_names() == names
    stored = yaml.safe_load((project / SPEECHES / SLUG / OLD_FILES).read_text(encoding="utf-8"))
    assert stored == names
    # and again, and with a revised text: the old names stay
    again = import_text(project, tmp_path, speechfiles.TEXT.replace("摆上重要位置", "放在重要位置"))
    assert again.old_files == names
    assert Project.load(project).old_file_names() == names


def test_an_old_name_that_another_page_now_has_is_refused(old_import, tmp_path):
    project, names = old_import
    import_text(project, tmp_path)
    store = project / SPEECHES / SLUG / OLD_FILES
    taken = "glossary"  # the site's own glossary file
    store.write_text(store.read_text(encoding="utf-8") + f"{taken}: {SLUG}/speech\n", encoding="utf-8")
    with pytest.raises(ContentError, match=f"{OLD_FILES}.*旧文件名“{taken}”已是"):
        Project.load(project)
    store.write_text(f"{SLUG}-x: main/speech\n", encoding="utf-8")
    with pytest.raises(ContentError, match="自己文件夹"):
        Project.load(project)
    store.write_text(f"{SLUG}-x: {SLUG}/nothing\n", encoding="utf-8")
    with pytest.raises(ContentError, match=f"没有哪一页的文件叫 {SLUG}/nothing"):
        Project.load(project)


@pytest.mark.slow
def test_the_build_writes_each_file_under_its_old_name_too(tmp_path):
    project = copy_project(tmp_path / "project")
    import_text(project, tmp_path)
    names = as_imported_before(project, SLUG)
    import_text(project, tmp_path)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    docx = tmp_path / "site" / "docx"
    word = {old: new for old, new in names.items() if (docx / f"{new}.docx").is_file()}  # 提纲 and 导图: PDF only
    assert {SLUG, f"{SLUG}-opening", f"{SLUG}-self-test"} <= set(word)
    assert {p.stem for p in docx.glob(f"{SLUG}*.docx")} == set(word)
    for old, new in word.items():
        assert (docx / f"{old}.docx").read_bytes() == (docx / f"{new}.docx").read_bytes(), old
    # the PDF export likewise (one page, as the release build's export writes them all)
    from conftest import CHROMIUM

    from speech_study.postbuild import pdf_export

    said = pdf_export.run(tmp_path / "site", {f"{SLUG}/print/": f"{SLUG}/speech"}, CHROMIUM, names)
    pdf = tmp_path / "site" / "pdf"
    assert "另按旧文件名写了1个" in said[0]
    assert (pdf / f"{SLUG}.pdf").read_bytes() == (pdf / SLUG / "speech.pdf").read_bytes()


@pytest.mark.slow
def test_the_library_page_outlives_the_last_imported_speech(tmp_path):
    """A maintainer had only `--replace` to undo an import; deleting speeches/SLUG and docs/SLUG (README: 删去一篇
    讲话) left docs/library.md out of the nav, and the strict build stopped on MkDocs' English warning. The 文库 stays
    in the nav (its address was published) and lists the speeches there are."""
    import shutil

    from conftest import mkdocs_build_in_process

    project = copy_project(tmp_path / "project")
    source = tmp_path / "x.txt"
    source.write_text(speechfiles.TEXT, encoding="utf-8")
    importer.apply(project, importer.plan(project, source, "x", name="x.txt"))
    shutil.rmtree(project / SPEECHES / "x")
    shutil.rmtree(project / "docs" / "x")
    loaded = Project.load(project)
    assert not loaded.is_library and "library.md" in loaded.nav
    result = mkdocs_build_in_process(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-1500:]
    assert (tmp_path / "site" / "library" / "index.html").is_file()
