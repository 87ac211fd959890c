"""Hook: give Material's search dialog an accessible name.

Material marks the search overlay role="dialog" without a label, which screen
readers announce as a nameless dialog (axe: aria-dialog-name, serious). The
name is added to the built HTML rather than by copying Material's partial.
"""

from __future__ import annotations

DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def on_post_page(output, page, config):
    return output.replace(DIALOG, DIALOG[:-1] + ' aria-label="搜索讲话">', 1)


def on_post_template(output_content, template_name, config):
    return output_content.replace(DIALOG, DIALOG[:-1] + ' aria-label="搜索讲话">', 1)
