"""Docs paths left in raw HTML (the 结构导图's SVG links: part-1.md#x) become the site's URLs, and every other
link of a page's content to the site itself must open a page or file of the site.

A path is read as a Markdown link on the same page would be: relative to the
page's folder in docs/ (Zensical rewrites such links itself, the same way).
The engine checks the Markdown links; a link written in raw HTML
(`<a href="../gone/">`) it leaves as it is, so it is checked here: a relative
URL (no scheme, not from the root) is resolved from the page's own address and
must name a page, a file the engine copied, or a file the build writes after
the pages (Layout.planned: the Word and PDF files). A link to the root (`/x/`)
depends on where the site is published and is not checked.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from html import escape
from urllib.parse import unquote

from ..errors import ContentError
from .html import Element, start_tag
from .layout import Layout

# a scheme (mailto:, tel:, https:) or the root (/x/, //host/x): not a link relative to the page
NOT_RELATIVE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/)")


def opened(href: str, html_rel: str) -> str | None:
    """The site-relative file a relative `href` opens from the page at `html_rel` (a folder: its index.html),
    or None: not relative, or the page itself (`#x`, `?q`)."""
    path = href.split("#", 1)[0].split("?", 1)[0]
    if not path or NOT_RELATIVE.match(path):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(html_rel), unquote(path)))
    if joined == ".":
        return "index.html"
    if path.endswith("/") or path in (".", ".."):
        return posixpath.join(joined, "index.html")
    return joined


def edits(
    elements: list[Element], layout: Layout, html_rel: str, where: str, in_content: Callable[[Element], bool]
) -> list[tuple[int, int, str]]:
    """`in_content`: whether an element is the page's content (the frame's links are the templates')."""
    out = []
    page = layout.files.get(html_rel)
    folder = posixpath.dirname(page) if page else ""
    for el in elements:
        href = el.attrs.get("href")
        if el.tag != "a" or not href or "://" in href:
            continue
        path, _, anchor = href.partition("#")
        if not path.endswith(".md"):
            opens = opened(href, html_rel)
            outside = opens is not None and (opens == ".." or opens.startswith("../"))  # above the site's folder
            if opens is not None and in_content(el) and (outside or not layout.has(opens)):
                said = f"链接“{escape(href)}”指向的页面或文件本站没有"
                raise ContentError(where, f"{said}：请改正链接，或补上它指向的页面")
            continue
        target = posixpath.normpath(posixpath.join(folder, path))
        if target not in layout.src_uris:
            raise ContentError(where, f"链接指向{escape(path)}，但它不是本站的页面")
        url = layout.relative(target, html_rel) + (f"#{anchor}" if anchor else "")
        out.append((el.start, el.tag_end, start_tag(el.tag, {**el.attrs, "href": url})))
    return out
