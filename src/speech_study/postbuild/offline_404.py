"""The offline folder's 404 page: its site-absolute links (/assets/…) made relative.

An engine renders 404.html for a server, with links from the site root; opened
from a folder (file://) those lead nowhere. In the offline build 404.html sits
in the root, so dropping the leading slash is exact: links, the theme's base
URL in its config data and in its scope script.
"""

from __future__ import annotations

import json

from .html import Element, content, start_tag

URL_ATTRS = ("href", "src")
SCOPE = 'new URL("/",location)'


def edits(source: str, elements: list[Element], final: dict[int, str]) -> list[tuple[int, int, str]]:
    out = []
    for el in elements:
        attrs = {
            k: (v[1:] or "./") if k in URL_ATTRS and v and v.startswith("/") and not v.startswith("//") else v
            for k, v in el.attrs.items()
        }
        if attrs != el.attrs:
            out.append((el.start, el.tag_end, start_tag(el.tag, attrs)))
        if el.tag == "script" and el.attrs.get("id") == "__config" and el.content_end is not None:
            data = json.loads(content(source, el))
            data["base"] = "."
            for key, value in data.items():
                if isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
                    data[key] = value[1:]  # the search worker's URL
            out.append((el.tag_end, el.content_end, json.dumps(data, ensure_ascii=False)))
        elif el.tag == "script" and el.content_end is not None and SCOPE in content(source, el):
            final[el.start] = content(source, el).replace(SCOPE, 'new URL(".",location)')
            out.append((el.tag_end, el.content_end, final[el.start]))
    return out
