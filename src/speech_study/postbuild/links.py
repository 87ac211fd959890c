"""Docs paths left in raw HTML (the 结构导图's SVG links: part-1.md#x) become the site's URLs."""

from __future__ import annotations

from html import escape

from ..errors import ContentError
from .html import Element, start_tag
from .layout import Layout


def edits(elements: list[Element], layout: Layout, html_rel: str, where: str) -> list[tuple[int, int, str]]:
    out = []
    for el in elements:
        href = el.attrs.get("href")
        if el.tag != "a" or not href or "://" in href:
            continue
        path, _, anchor = href.partition("#")
        if not path.endswith(".md"):
            continue
        if path not in layout.src_uris:
            raise ContentError(where, f"link to {escape(path)}, which is not a page of the site")
        url = layout.relative(path, html_rel) + (f"#{anchor}" if anchor else "")
        out.append((el.start, el.tag_end, start_tag(el.tag, {**el.attrs, "href": url})))
    return out
