"""The site's own CSS and JavaScript, minified: inlined blocks and the script files it serves.

Templates mark what they inline with `data-compact`; this pass minifies that
element's text (rcssmin, rjsmin: both keep the line breaks JavaScript's
automatic semicolons need) and drops the mark. `minify_files` does the same to
the site's own files under assets/ (the search worker and its frame); Material's
files are minified already (`.min.js`). Done after the engine, so no template
filter is needed and every engine's output gets it.
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

from .html import Element, content, start_tag


def compact(text: str, tag: str = "script") -> str:
    text = str(text)
    return (rcssmin.cssmin(text) if tag == "style" else rjsmin.jsmin(text)).strip()


def edits(source: str, elements: list[Element], final: dict[int, str]) -> list[tuple[int, int, str]]:
    """Edits for the marked elements; their new code goes into `final` (start offset -> text) for the CSP."""
    out = []
    for el in elements:
        if el.tag in ("style", "script") and "data-compact" in el.attrs and el.content_end is not None:
            attrs = {k: v for k, v in el.attrs.items() if k != "data-compact"}
            final[el.start] = compact(content(source, el), el.tag)
            out.append((el.start, el.content_end, start_tag(el.tag, attrs) + final[el.start]))
    return out


def minify_files(site: Path, own: Path) -> None:
    """The site's own scripts and stylesheets (those in `own`, the theme's assets/), minified in place."""
    for mine in sorted(own.rglob("*")):
        name = mine.name
        path = site / "assets" / mine.relative_to(own)
        if not path.is_file() or ".min." in name or not name.endswith((".js", ".css")):
            continue
        text = path.read_text(encoding="utf-8")
        path.write_text(compact(text, "style" if name.endswith(".css") else "script") + "\n", encoding="utf-8")
