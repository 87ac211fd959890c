"""A Content-Security-Policy <meta> on every page: the site's own inline code by hash, nothing else.

The hashes are those of the inline <script> and <style> elements of the page
frame, i.e. what the templates and the site's assets put outside <article>;
content is checked first (content_safety.py) and can put no code there, so
anything that arrives through content is refused by the browser. The same
policy, as a server header, is in the README (deployment).
"""

from __future__ import annotations

import base64
import hashlib

from .html import Element, content

DATA_TYPES = ("application/json", "application/ld+json")
POLICY = (
    "default-src 'self'; script-src 'self' {scripts}; style-src 'self' {styles}; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
    "frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)


def digest(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


def policy(source: str, elements: list[Element], final: dict[int, str] | None = None) -> str:
    """The policy for the page; `final` holds code that other passes rewrite (start offset -> text)."""
    final = final or {}
    scripts, styles = set(), set()
    for el in elements:
        if el.inside("article"):
            continue  # content_safety refused any code there
        if el.tag == "script" and "src" not in el.attrs and el.attrs.get("type") not in DATA_TYPES:
            scripts.add(digest(final.get(el.start, content(source, el))))
        elif el.tag == "style":
            styles.add(digest(final.get(el.start, content(source, el))))
    return POLICY.format(scripts=" ".join(sorted(scripts)), styles=" ".join(sorted(styles))).replace("  ", " ")


def meta_edit(source: str, elements: list[Element], final: dict[int, str]) -> tuple[int, int, str]:
    head = next(el for el in elements if el.tag == "head")
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{policy(source, elements, final)}">'
    return head.tag_end, head.tag_end, meta
