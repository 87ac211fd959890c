"""Hook: give Material's search dialog an accessible name.

Material marks the search overlay role="dialog" without a label, which screen
readers announce as a nameless dialog (axe: aria-dialog-name, serious). The
name is added to the built HTML rather than by copying Material's partial; if
Material's markup changes, the build stops instead of silently losing the name.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
LABELLED = DIALOG[:-1] + ' aria-label="搜索讲话">'


def label(html: str, where: str) -> str:
    if DIALOG not in html:
        raise PluginError(f"{where}: Material's search dialog markup has changed; update this hook")
    return html.replace(DIALOG, LABELLED, 1)


def on_post_page(output, page, config):
    return label(output, page.file.src_uri)


def on_post_template(output_content, template_name, config):
    return label(output_content, template_name) if template_name == "404.html" else output_content
