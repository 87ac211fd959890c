"""The page frame as Material on MkDocs writes it, whatever the engine: the favicon and the home page's tab.

Zensical 0.0.73 renders Material's templates with two differences this pass
undoes (on MkDocs it finds nothing to do):
- `theme.favicon` is a data: URL (no request); Zensical's `url` filter takes it
  for a path (`./data:image/svg+xml,…`, with `//` folded to `/`): one request to
  the site that answers 404, an error in the console and no icon. The link gets
  back the configured URL;
- its template context has no `page.is_homepage`, so the home page's tab reads
  "开场白 - site name" where MkDocs writes the site's name alone.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from .html import Element, content
from .layout import Layout

if TYPE_CHECKING:
    from ..project import Project

HOME = "index.md"


def attribute(value: str) -> str:
    """A double-quoted attribute value as Jinja's autoescape leaves a data: URL (quotes ' kept)."""
    return escape(value, quote=False).replace('"', "&quot;")


def edits(
    source: str, elements: list[Element], project: Project, layout: Layout, rel: str
) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    config = project.config
    favicon = (config.get("theme") or {}).get("favicon")
    site_name = str(config.get("site_name") or "")
    home = HOME in layout.src_uris and rel == layout.output(HOME) and not project.page(HOME).meta.get("title")
    for el in elements:
        if (
            el.tag == "link"
            and el.attrs.get("rel") == "icon"
            and isinstance(favicon, str)
            and favicon.startswith("data:")
            and el.attrs.get("href") != favicon
        ):
            out.append((el.start, el.tag_end, f'<link rel="icon" href="{attribute(favicon)}">'))
        elif home and site_name and el.tag == "title" and el.content_end is not None:
            if content(source, el).endswith(f" - {escape(site_name)}"):
                out.append((el.tag_end, el.content_end, escape(site_name)))
    return out
