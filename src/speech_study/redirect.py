"""The static page left at an address whose page is gone: it sends the reader on to a page of the same speech.

The importer writes it (importer/plan.py); the post-build safety pass trusts a
page's `<meta http-equiv="refresh">` only when the whole file is exactly what
`page()` makes for its own target and title, and the target is a relative
address inside the site (`frame_of`). A hand-written redirect, or one to another
site, stays refused.
"""

from __future__ import annotations

import html
import re

from .booktitle import book_title

_TARGET = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]*)">')
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_RELATIVE = re.compile(r"^(?:\.\./)*(?:[a-z0-9-]+/)*index\.html$")


def page(target: str, title: str) -> str:
    """A page at `target` (a relative address such as ../index.html), named for the speech `title`."""
    href = html.escape(target, quote=True)
    named = html.escape(book_title(title))
    return (
        '<!doctype html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n<body>\n"
        f'<p>这一部分已并入讲话的其他页面。<a href="{href}">打开{named}</a></p>\n</body>\n</html>\n'
    )


def target_of(source: str) -> str | None:
    """The relative address `source` sends to, when `source` is exactly one of `page()`'s pages; else None."""
    target, title = _TARGET.search(source), _TITLE.search(source)
    if not target or not title:
        return None
    href, name = html.unescape(target.group(1)), html.unescape(title.group(1))
    if not _RELATIVE.match(href) or page(href, name) != source:
        return None
    return href
