"""Docs paths left in raw HTML (the 结构导图's SVG links: part-1.md#x) become the site's URLs.

A path is read as a Markdown link on the same page would be: relative to the
page's folder in docs/ (Zensical rewrites such links itself, the same way).
"""

from __future__ import annotations

import posixpath
from html import escape

from ..errors import ContentError
from .html import Element, start_tag
from .layout import Layout


def edits(elements: list[Element], layout: Layout, html_rel: str, where: str) -> list[tuple[int, int, str]]:
    out = []
    page = layout.files.get(html_rel)
    folder = posixpath.dirname(page) if page else ""
    for el in elements:
        href = el.attrs.get("href")
        if el.tag != "a" or not href or "://" in href:
            continue
        path, _, anchor = href.partition("#")
        if not path.endswith(".md"):
            continue
        target = posixpath.normpath(posixpath.join(folder, path))
        if target not in layout.src_uris:
            raise ContentError(where, f"链接指向{escape(path)}，但它不是本站的页面")
        url = layout.relative(target, html_rel) + (f"#{anchor}" if anchor else "")
        out.append((el.start, el.tag_end, start_tag(el.tag, {**el.attrs, "href": url})))
    return out
