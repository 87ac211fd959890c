"""On an imported speech's page, the sidebar lists that speech's pages, not the site's first speech's.

The MkDocs plugin gives each imported speech its own navigation (adapters/
speech_navigation.py). An engine without plugins (Zensical) draws the site's
nav on every page: on the pages of another speech, its sidebar and phone drawer
would offer 开场白, 一、怎样抓好班子建设 … of the site's own speech under this
speech's name. This pass replaces, in the primary navigation's list, the items
that open a page of another speech by this speech's own items, in the same
order as speech_navigation: its opening, parts and 结束语, then its 学习提纲,
结构导图 and 学习自测; the current page marked active. The shared pages (术语表,
来源与说明, 文库) stay. Pages outside the engine's nav have no 上一页/下一页 in
their footer: each of those pages gets them, within the speech, in that order.
On MkDocs it finds no other speech's item and a footer already there: no edit.
"""

from __future__ import annotations

import posixpath
from html import escape
from typing import TYPE_CHECKING

from .html import Element
from .layout import Layout

if TYPE_CHECKING:
    from ..project import Project

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


# Material's arrows (its footer template, with Material's default icons)
PREVIOUS_ICON = '<path d="M20 11v2H8l5.5 5.5-1.42 1.42L4.16 12l7.92-7.92L13.5 5.5 8 11z"/>'
NEXT_ICON = '<path d="M4 11v2h12l-5.5 5.5 1.42 1.42L19.84 12l-7.92-7.92L10.5 5.5 16 11z"/>'


def _footer_link(kind: str, title: str, href: str) -> str:
    direction, icon = ("上一页", PREVIOUS_ICON) if kind == "prev" else ("下一页", NEXT_ICON)
    button = (
        f'<div class="md-footer__button md-icon">\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">{icon}</svg>\n</div>'
    )
    words = (
        f'<div class="md-footer__title">\n<span class="md-footer__direction">\n  {direction}\n</span>\n'
        f'<div class="md-ellipsis">\n  {escape(title)}\n</div>\n</div>'
    )
    inner = f"{button}\n{words}" if kind == "prev" else f"{words}\n{button}"
    label = escape(f"{direction}: {title}")
    return (
        f'<a href="{escape(href)}" class="md-footer__link md-footer__link--{kind}" aria-label="{label}">\n{inner}\n</a>'
    )


def _footer(elements: list[Element], pages: list, layout: Layout, rel: str, src_uri: str) -> list:
    """上一页 / 下一页 within the speech, where the engine wrote none (the page is outside its nav)."""
    uris = [p.src_uri for p in pages]
    footer = next((el for el in elements if el.tag == "footer" and "md-footer" in el.classes), None)
    if src_uri not in uris or footer is None:
        return []
    if any(el.tag == "nav" and "md-footer__inner" in el.classes for el in elements):
        return []
    i = uris.index(src_uri)
    links = []
    if i > 0:
        before = pages[i - 1]
        links.append(_footer_link("prev", _title(before), layout.relative(before.src_uri, rel)))
    if i + 1 < len(pages):
        after = pages[i + 1]
        links.append(_footer_link("next", _title(after), layout.relative(after.src_uri, rel)))
    if not links:
        return []
    nav = '\n<nav class="md-footer__inner md-grid" aria-label="页脚">\n' + "\n".join(links) + "\n</nav>"
    return [(footer.tag_end, footer.tag_end, nav)]


def _title(page) -> str:
    return page.meta.get("label") or page.title


def edits(elements: list[Element], project: Project, layout: Layout, rel: str) -> list[tuple[int, int, str]]:
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
    view = project.view(slug)
    pages = [*view.speech_pages(), *filter(None, (view.marker_page(m) for m in STUDY_MARKERS))]
    footer = _footer(elements, pages, layout, rel, src_uri)
    if not lists or lists[0].content_end is None:
        return footer
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
        return footer
    own = "\n".join(_item(_title(p), layout.relative(p.src_uri, rel), p.src_uri == src_uri) for p in pages)
    # this speech's items where the first foreign one was; the others go (whatever stands between them stays)
    spans = [(li.start, li.content_end + len("</li>")) for li in foreign if li.content_end is not None]
    return [(*spans[0], own)] + [(start, end, "") for start, end in spans[1:]] + footer
