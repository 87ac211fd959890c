"""Zensical's own search index (search.json), made to answer as the site's search does.

On Zensical the site keeps Zensical's search (README, 引擎). Its ranking puts a
术语表 entry, whose text is short and quotes the phrase, before the section of
the speech that says it. The site's own search lists the speech's sections
first; here the glossary page leaves the index (its terms are found where the
speech uses them, and the page keeps its own list of them). In a library every
result of a speech's pages names its speech: the result's path (the line under
its title) begins with the speech's title.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from ..booktitle import book_title
from ..errors import ContentError
from .layout import Layout

if TYPE_CHECKING:
    from ..project import Project

INDEX = "search.json"


def page_of(location: str) -> str:
    return location.partition("#")[0]


def run(site: Path, project: Project, layout: Layout) -> dict:
    """Filter and label SITE/search.json in place; returns the index written."""
    path = Path(site) / INDEX
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
        items = index["items"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ContentError(INDEX, f"Zensical 的搜索索引缺失或无法读取（{exc}）") from None
    left_out = {layout.url(p.src_uri) for p in project.pages if "glossary" in p.markers()}
    speech_of: dict[str, str] = {}
    if project.is_library:
        for view in project.views():
            for page in view.pages:
                speech_of[layout.url(page.src_uri)] = view.title
    kept = []
    for item in items:
        url = page_of(str(item.get("location", "")))
        if url in left_out:
            continue
        title = speech_of.get(url)
        if title is not None:
            item["path"] = [book_title(title), *[p for p in item.get("path") or [] if p != title]]
        kept.append(item)
    index["items"] = kept
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return index
