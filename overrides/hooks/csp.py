"""Hook: a Content-Security-Policy <meta> on every page, allowing inline code only by hash.

Every inline <script> and <style> that the page carries (Material's own, and
the site's page.js and CSS) is hashed into the policy of that page, so nothing
else inline can run; scripts, styles, workers, frames and requests may come from
the site's own origin only. An inline event handler (onclick=…) stops the
build: it could only work by allowing all inline code. The same policy, as a
server header, is in the README (deployment).
"""

from __future__ import annotations

import base64
import hashlib
import re

from mkdocs.exceptions import PluginError

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)
INLINE_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.S)
DATA_TYPES = ("application/json", "application/ld+json")

POLICY = (
    "default-src 'self'; script-src 'self' {scripts}; style-src 'self' {styles}; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
    "frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)


def digest(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


def policy(html: str) -> str:
    runs = [code for attrs, code in INLINE_SCRIPT.findall(html) if not any(t in attrs for t in DATA_TYPES)]
    scripts = sorted({digest(code) for code in runs})
    styles = sorted({digest(code) for code in INLINE_STYLE.findall(html)})
    return POLICY.format(scripts=" ".join(scripts), styles=" ".join(styles)).replace("  ", " ")


def with_policy(html: str) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    return html.replace("<head>", f"<head>\n    {meta}", 1)


def on_post_page(output, page, config):
    handler = EVENT_HANDLER.search(output)
    if handler:
        raise PluginError(f"{page.file.src_uri}: inline event handler in {handler.group()[:80]}…")
    return with_policy(output)


def on_post_template(output_content, template_name, config):
    # 404.html is rendered as a static template, not as a page
    if template_name != "404.html":
        return output_content
    return with_policy(output_content)
