"""On an imported speech's page, the sidebar lists that speech's pages, not the site's first speech's.

The MkDocs plugin gives each imported speech its own navigation (adapters/
speech_navigation.py). An engine without plugins (Zensical) draws the site's
nav on every page: on the pages of another speech, its sidebar and phone drawer
would offer 开场白, 一、怎样抓好班子建设 … of the site's own speech under this
speech's name. This pass replaces, in the primary navigation's list, the items
that open a page of another speech by this speech's own items, in the same
order as speech_navigation: its opening, parts and 结束语, then its 学习提纲,
结构导图 and 学习自测; the current page marked active. The shared pages (术语表,
来源与说明, 文库) stay. On MkDocs it finds no other speech's item: no edit.
"""

from __future__ import annotations

import posixpath
from html import escape

from .html import Element
from .layout import Layout

STUDY_MARKERS = ("outline", "map", "self-test")  # as adapters/speech_navigation.py


def _target(layout: Layout, rel: str, href: str | None) -> str | None:
    """The docs page a nav link opens, or None."""
    if not href or "://" in href or href.startswith("#"):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(rel), href.partition("#")[0]))
    for candidate in (path, posixpath.join(path, "index.html"), f"{path}.html"):
        candidate = posixpath.normpath(candidate)
        if candidate in layout.files:
            return layout.files[candidate]
    return None


def _item(title: str, href: str, active: bool) -> str:
    item = "md-nav__item md-nav__item--active" if active else "md-nav__item"
    link = "md-nav__link md-nav__link--active" if active else "md-nav__link"
    return (
        f'<li class="{item}">\n<a href="{escape(href)}" class="{link}">\n'
        f'<span class="md-ellipsis">\n  {escape(title)}\n</span>\n</a>\n</li>'
    )


def edits(elements: list[Element], project, layout: Layout, rel: str) -> list[tuple[int, int, str]]:
    src_uri = layout.files.get(rel)
    if src_uri is None or not project.is_library:
        return []
    slug = project.speech_of(project.page(src_uri))
    if slug is None or not project.view(slug).entry.imported:
        return []
    lists = [
        el
        for el in elements
        if el.tag == "ul"
        and "md-nav__list" in el.classes
        and el.ancestors
        and "md-nav--primary" in el.ancestors[-1].classes
    ]
    if not lists or lists[0].content_end is None:
        return []
    top = lists[0]
    depth = len(top.ancestors) + 1
    items = [el for el in elements if el.tag == "li" and len(el.ancestors) == depth and el.ancestors[-1] is top]
    foreign = []
    for li in items:
        link = next((el for el in elements if el.tag == "a" and li in el.ancestors), None)
        target = _target(layout, rel, link.attrs.get("href") if link else None)
        if target is not None and project.speech_of(project.page(target)) not in (None, slug):
            foreign.append(li)
    if not foreign or any(li.content_end is None for li in foreign):
        return []
    view = project.view(slug)
    pages = [*view.speech_pages(), *filter(None, (view.marker_page(m) for m in STUDY_MARKERS))]
    own = "\n".join(
        _item(p.meta.get("label") or p.title, layout.relative(p.src_uri, rel), p.src_uri == src_uri) for p in pages
    )
    # this speech's items where the first foreign one was; the others go (whatever stands between them stays)
    spans = [(li.start, li.content_end + len("</li>")) for li in foreign]
    return [(*spans[0], own)] + [(start, end, "") for start, end in spans[1:]]
