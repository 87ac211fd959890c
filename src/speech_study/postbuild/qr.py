"""The source line of every printout, with a QR code of the page's public address (segno, at build time).

Only when the site is built for a real public address (SITE_URL): with the
default local preview address a code would lead nowhere, and the page
carries none. The block is inserted at the end of the page content, shown
only in print (handout.css) and made of an inline SVG: no script, no
request, nothing drawn by the browser. The offline copy points to the
public site's own addresses (directory URLs), not to its files.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

import segno

from .html import Element

LOCAL_HOSTS = {"127.0.0.1", "localhost", "0.0.0.0", "::1", ""}


def public(site_url: str | None) -> bool:
    """Whether `site_url` is a public http(s) address, not the local preview default."""
    if not site_url:
        return False
    parts = urlsplit(site_url)
    return parts.scheme in ("http", "https") and (parts.hostname or "") not in LOCAL_HOSTS


def page_url(site_url: str, src_uri: str) -> str:
    """The public address of a docs page, with directory URLs (index.md -> the site's root)."""
    stem = src_uri[: -len(".md")]
    if stem == "index":
        path = ""
    elif stem.endswith("/index"):
        path = stem[: -len("index")]
    else:
        path = stem + "/"
    return site_url.rstrip("/") + "/" + path


def svg(url: str) -> str:
    """The QR code of `url` as inline SVG, sized by CSS (viewBox only), black on transparent."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(scale=1, border=3, dark="#000", omitsize=True, svgclass="print-qr", lineclass=None)


def block(url: str, head: bool = False) -> str:
    kind = " print-source--head" if head else ""
    return (
        f'<div class="print-source{kind} site-added" data-search-exclude>{svg(url)}'
        f"<p>本材料的网络版：{escape(url)}（扫描左侧二维码打开）</p></div>"
    )


def edit(elements: list[Element], url: str) -> tuple[int, int, str] | None:
    """Insert the block just inside the end of the page's <article>, or on a handout (h1.handout-name) just
    after its name: there it prints beside the title block (handout.css), so that a one-page handout stays
    one page and the self-test's answer key stays on its last page."""
    article = next((el for el in elements if el.tag == "article" and el.content_end is not None), None)
    if article is None or article.content_end is None:
        return None
    name = next(
        (
            el
            for el in elements
            if el.tag == "h1"
            and "handout-name" in el.classes
            and el.content_end is not None
            and article in el.ancestors
        ),
        None,
    )
    if name is not None and name.content_end is not None:
        at = name.content_end + len("</h1>")
        return at, at, block(url, head=True)
    return article.content_end, article.content_end, block(url)
