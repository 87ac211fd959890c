"""Every heading has a readable, stable anchor, or the build stops.

Links to one subsection are shared in chat groups for years, so anchors must
be ASCII and written by hand ({ #daitouren }); a Chinese heading left to the
default slug becomes _1, _2 and changes when a heading is added.
"""

from __future__ import annotations

import re

from ..errors import ContentError
from .html import Element

GOOD_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def check(elements: list[Element], where: str) -> None:
    for el in elements:
        if el.tag in HEADINGS and el.inside("article"):
            anchor = el.attrs.get("id") or ""
            if not GOOD_ID.match(anchor):
                title = "".join(el.text).replace("¶", "").strip()
                raise ContentError(
                    where,
                    f"标题“{title}”的锚点是“{anchor}”；请改用小写 ASCII 锚点，如 {{ #daitouren }}",
                )
