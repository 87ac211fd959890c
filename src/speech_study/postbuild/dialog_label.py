"""Give Material's search dialog an accessible name (axe: aria-dialog-name).

Material marks the search overlay role="dialog" without a label. The name is
added to the built HTML rather than by copying Material's partial; if the
markup changes, the build stops instead of silently losing the name.
"""

from __future__ import annotations

from ..errors import ContentError
from .html import Element, start_tag

LABEL = "搜索讲话"


def edit(elements: list[Element], where: str) -> tuple[int, int, str] | None:
    if not any(el.tag == "header" for el in elements):
        return None  # not a page of the theme (e.g. the worker frame)
    for el in elements:
        if el.tag == "div" and el.attrs.get("data-md-component") == "search" and el.attrs.get("role") == "dialog":
            attrs = {**el.attrs, "aria-label": LABEL}
            return el.start, el.tag_end, start_tag(el.tag, attrs)
    raise ContentError(where, "主题的搜索对话框标记变了；请更新 postbuild/dialog_label.py")
