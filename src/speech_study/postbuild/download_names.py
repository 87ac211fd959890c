"""Files downloaded under the names of what they hold.

The 打印与下载 links (main.html, partials/handout-actions.html) point at files named for addresses
(docx/self-test.docx, docx/SLUG/opening.docx), which stay as they are: they are published. Saved under those
names, every speech's 学习自测 would be self-test.docx in a reader's 下载 folder, the next one “self-test (1).docx”,
and WPS would list English names. The links' `download` attribute gives the name to save under instead: the
document's own title (render/word.py document_title, what Word shows under 文件 › 信息), made a file name
Windows accepts. Engine-neutral, by position, like every pass; what it reads (the page's front matter, its
speech's title and pages) is in the page's cache scope (page_cache.PageScopes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..render.word import document_title, owner_of
from .html import Element, start_tag
from .layout import Layout
from .links import opened

if TYPE_CHECKING:
    from ..project import Project

# what Windows refuses in a file name, as the full-width forms a Chinese title would use; control characters go
REFUSED: dict[int, str | None] = {ord(a): b for a, b in zip('\\/:*?"<>|', "＼／：＊？＂＜＞｜", strict=True)}
WINDOWS = str.maketrans({**REFUSED, **dict.fromkeys(range(32))})
LONGEST = 100  # characters before the extension: a long title and a part's heading, well inside Windows' 255


def file_name(title: str, ext: str) -> str:
    """`title` as a file name ending in `ext`: what Windows refuses in a name replaced by its full-width form, white
    space runs one space, no dot or space at the end, at most LONGEST characters before the extension."""
    name = " ".join(title.translate(WINDOWS).split())[:LONGEST].rstrip(". ")
    return f"{name or '讲话'}{ext}"


def edits(elements: list[Element], project: Project, layout: Layout, rel: str) -> list[tuple[int, int, str]]:
    """The `download` of each 打印与下载 link to the page's Word or PDF file (the name the templates give it:
    the page's `pdf`, else the site's whole speech) set to the file's title."""
    src_uri = layout.files.get(rel)
    if src_uri is None:
        return []
    page = project.page(src_uri)
    own = page.meta.get("pdf")
    if own:
        title = document_title(owner_of(project, page), page)
    else:  # a speech page without a file of its own links the site's whole speech (main.html)
        title = project.speech.title
    wanted = {f"docx/{own or 'speech'}.docx": ".docx", f"pdf/{own or 'speech'}.pdf": ".pdf"}
    out = []
    for el in elements:
        if el.tag != "a" or "download" not in el.attrs or not el.attrs.get("href"):
            continue
        ext = wanted.get(opened(el.attrs["href"] or "", rel) or "")
        if ext is not None and any("page-actions" in a.classes for a in el.ancestors):
            out.append((el.start, el.tag_end, start_tag("a", {**el.attrs, "download": file_name(title, ext)})))
    return out
