"""Hook: every heading needs a stable, readable anchor, or the build stops.

Links to one subsection are shared in chat groups, so anchors must be ASCII and
written by hand ({ #daitouren }); a Chinese heading left to the default slug
becomes _1, _2 and changes when a heading is added.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

HEADING_RE = re.compile(r"<h([1-6])([^>]*)>(.*?)</h\1>", re.S)
ID_RE = re.compile(r'\bid="([^"]*)"')
GOOD_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def on_page_content(html, page, **kwargs):
    for m in HEADING_RE.finditer(html):
        found = ID_RE.search(m.group(2))
        anchor = found.group(1) if found else ""
        if not GOOD_ID.match(anchor):
            title = re.sub(r"<[^>]+>", "", m.group(3)).strip()
            raise PluginError(
                f"{page.file.src_uri}: heading “{title}” has anchor '{anchor}'; "
                "give it a lowercase ASCII one, e.g. { #daitouren }"
            )
    return html
