"""A Content-Security-Policy <meta> on every page: the site's own inline code by hash, nothing else.

The hashes are those of the inline <script> and <style> elements of the page
frame, i.e. what the templates and the site's assets put outside <article>;
content is checked first (content_safety.py) and can put no code there, so
anything that arrives through content is refused by the browser. The same
policy, as a server header, is in the README (deployment).

One more kind of inline code comes from the engine rather than the page: a
theme bundle may put a <style> it carries as a string into a shadow root
(Zensical's search dialog does). Its hash is read off the bundle the page
loads; a bundle that injects a stylesheet this pass cannot read stops the
build, since otherwise the browser would silently refuse it.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from ..errors import ContentError
from .content_safety import Frame, is_inline_script
from .html import Element, content, head_start
from .layout import written

POLICY = (
    "default-src 'self'; script-src 'self' {scripts}; style-src 'self' {styles}; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
    "frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)


def digest(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


# `x.appendChild(h("style",{},NAME.toString()))` after `x=el.attachShadow(...)`, as minified
SHADOW_STYLE = re.compile(r'appendChild\(\w+\("style",\{\},(\w+)(?:\.toString\(\))?\)\)')


@cache
def injected_styles(bundle: Path) -> frozenset[str]:
    """Hashes of the stylesheets `bundle` writes into shadow roots as <style> elements."""
    code = bundle.read_text(encoding="utf-8")
    if "attachShadow" not in code:
        return frozenset()
    styles = set()
    for name in SHADOW_STYLE.findall(code):
        literal = re.search(rf"\b{re.escape(name)}=(['\"])(.*?)(?<!\\)\1", code, re.S)
        if not literal or "\\" in literal.group(2):
            raise ContentError(
                bundle.name, f"往 shadow root 里注入了样式表{name}；请更新 postbuild/csp.py，为它计算哈希"
            )
        styles.add(digest(literal.group(2)))
    return frozenset(styles)


def engine_styles(page: Path, site: Path, elements: list[Element]) -> set[str]:
    """Hashes of the stylesheets the page's own (same-site) scripts inject."""
    styles: set[str] = set()
    for el in elements:
        src = el.attrs.get("src") if el.tag == "script" else None
        if not src or re.match(r"^[a-z][a-z0-9+.-]*:|^/", src):
            continue
        target = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), src.split("?")[0])))
        if written(target) and site.resolve() in target.resolve().parents:
            styles |= injected_styles(target.resolve())
    return styles


def policy(
    source: str,
    elements: list[Element],
    final: dict[int, str] | None = None,
    extra_styles: Iterable[str] = (),
    frame: Frame | None = None,
) -> str:
    """The policy for the page; `final` holds code that other passes rewrite (start offset -> text).

    Only the frame's code is hashed: with `frame` (what the templates wrote, content_safety has refused
    any other), the code found in it; without, the code outside <article>.
    """
    final = final or {}
    scripts, styles = set(), set(extra_styles)
    for el in elements:
        if frame is None and el.inside("article"):
            continue  # content_safety refused any code there
        if frame is not None and not frame.holds(el):
            continue  # content_safety refused any code in the content
        if is_inline_script(el):
            scripts.add(digest(final.get(el.start, content(source, el))))
        elif el.tag == "style":
            styles.add(digest(final.get(el.start, content(source, el))))
    return POLICY.format(scripts=" ".join(sorted(scripts)), styles=" ".join(sorted(styles))).replace("  ", " ")


def meta_edit(
    source: str,
    elements: list[Element],
    final: dict[int, str],
    page: Path | None = None,
    site: Path | None = None,
    frame: Frame | None = None,
) -> tuple[int, int, str]:
    extra = engine_styles(page, site, elements) if page and site else set()
    code = policy(source, elements, final, extra, frame)
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{code}">'
    at = head_start(elements)
    return at, at, meta
