"""Content must not carry active code: the build stops, naming the file, instead of shipping it.

Inside the page content (<article>) no <script>, <style>, <iframe>, <object>,
<embed> or javascript: URL may appear; anywhere in the page no inline event
handler (onclick=…). The CSP would refuse them in the browser; the build
refuses them first, so an editor learns at once which file to fix.
"""

from __future__ import annotations

import re

from ..errors import ContentError
from .html import Element

ACTIVE_TAGS = {"script", "style", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "form"}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data:text/html)", re.I)


def in_content(el: Element) -> bool:
    return el.inside("article")


def check(elements: list[Element], where: str) -> None:
    for el in elements:
        for name in el.attrs:
            if name.startswith("on"):
                raise ContentError(where, f"inline event handler {name}= on <{el.tag}>: content may not run code")
        if not in_content(el):
            continue
        if el.tag in ACTIVE_TAGS:
            raise ContentError(where, f"<{el.tag}> in the page content: content may not run code or embed pages")
        for name, value in el.attrs.items():
            if name in URL_ATTRS and value and SCRIPT_URL.match(value):
                raise ContentError(where, f"{name}=“{value[:40]}” on <{el.tag}>: a script URL in the content")
