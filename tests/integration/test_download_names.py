"""A downloaded Word or PDF file is saved under the name of what it holds, never the address's English name.

The unit half takes any title (Hypothesis) to a name Windows accepts; the built half reads every page of the
site's own build, the build with imported speeches, and the library whose titles hold " & < > and 书名号, and
checks each 打印与下载 link's `download` against the title the linked Word file carries itself
(docProps/core.xml), and that no two files are saved under one name.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from speech_study.postbuild.download_names import LONGEST, file_name

WINDOWS_REFUSED = set('\\/:*?"<>|') | {chr(c) for c in range(32)}


@given(st.text(), st.sampled_from([".docx", ".pdf"]))
def test_any_title_is_a_name_windows_accepts(title, ext):
    name = file_name(title, ext)
    stem = name.removesuffix(ext)
    assert name.endswith(ext) and stem
    assert not set(stem) & WINDOWS_REFUSED, name
    assert stem == stem.rstrip(". ") and len(stem) <= LONGEST
    # nothing but what Windows refuses (as its full-width form) and runs of white space is changed
    expected = " ".join(title.split()).rstrip(". ")
    if expected and len(expected) <= LONGEST and not set(title) & WINDOWS_REFUSED:
        assert stem == expected


def test_a_chinese_title_keeps_its_words():
    assert file_name("《怎么做新时代合格的基层党组织书记》一、怎样抓好班子建设", ".docx") == (
        "《怎么做新时代合格的基层党组织书记》一、怎样抓好班子建设.docx"
    )
    assert file_name("讲话：关于A/B?", ".pdf") == "讲话：关于A／B？.pdf"


def _word_title(path: Path) -> str:
    with zipfile.ZipFile(path) as docx:
        core = etree.fromstring(docx.read("docProps/core.xml"))
    return core.findtext("dc:title", namespaces={"dc": "http://purl.org/dc/elements/1.1/"})


def _downloads(site: Path) -> dict[str, set[str]]:
    """Every 打印与下载 link of every page: the name it saves under -> the site's files saved under it."""
    saved: dict[str, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        tree = lxml_html.document_fromstring(page.read_bytes())
        for link in tree.xpath('//*[contains(@class, "page-actions")]//a[@download]'):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), link.get("href")))
            assert (site / target).is_file(), (rel, target)
            name = link.get("download")
            assert name, f"{rel}: {link.get('href')} is saved under its address's name"
            if target.endswith(".docx"):
                assert name == file_name(_word_title(site / target), ".docx"), (rel, name)
            else:
                assert target.endswith(".pdf") and name.endswith(".pdf"), (rel, target, name)
            saved.setdefault(name, set()).add(target)
    return saved


@pytest.mark.slow  # (its build is asked for by name)
@pytest.mark.parametrize("which", ["site", "imported", "library"])
def test_every_download_is_saved_under_its_documents_title(which, request):
    fixture = {"site": "build", "imported": "imported_build", "library": "library"}[which]
    site = request.getfixturevalue(fixture).site
    saved = _downloads(site)
    assert any(name.endswith(".docx") for name in saved) and any(name.endswith(".pdf") for name in saved)
    # one name, one file of a speech: a reader's 下载 folder never gets “(1)” copies of its different documents
    # (two speeches of one title, as the imported build's second copy of the site's own, share their names)
    for name, targets in saved.items():
        folders = [posixpath.dirname(target.split("/", 1)[1]) for target in targets]
        assert len(folders) == len(set(folders)), (name, targets)
    # a file's Word and PDF are saved under the same name
    stems: dict[str, set[str]] = {}
    for name, targets in saved.items():
        stems.setdefault(next(iter(targets)).rsplit(".", 1)[0].split("/", 1)[1], set()).add(name.rsplit(".", 1)[0])
    assert all(len(names) == 1 for names in stems.values()), stems
