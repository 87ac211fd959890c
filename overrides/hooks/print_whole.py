"""Hook: the whole speech as one printable page (docs/print.md, front matter `print: whole`).

Its Markdown is the speech pages' own, joined in nav order when the page is
built, so the print version cannot drift from the pages it prints. The home
page's h1 (the speech's title) is left to the template's title block, which
comes before the author's notice as on every handout; the 结束语 heading, which
the site added, is left out so the closing paragraph follows part 三 as in
the original.
"""

from __future__ import annotations

import re

from mkdocs.utils.meta import get_data

SPEECH: list[tuple[str, str, dict]] = []  # (src_uri, markdown, meta) in nav order
H1 = re.compile(r"^# (.+?) \{([^}]*)\}\s*$", re.M)


def on_files(files, config):
    # the print version's URL for the template's 全文打印版 button (print/ or print.html offline)
    for file in files.documentation_pages():
        if get_data(file.content_string)[1].get("print") == "whole":
            config.extra["print_url"] = file.url
    return files


def on_nav(nav, config, files):
    SPEECH.clear()
    for page in nav.pages:
        markdown, meta = get_data(page.file.content_string)
        if meta.get("speech"):
            SPEECH.append((page.file.src_uri, markdown, meta))
    return nav


def _retitle(markdown: str, first: bool) -> str:
    def h1(m: re.Match) -> str:
        attrs = m.group(2)
        if first or "site-added" in attrs:
            return ""  # the title (in the title block) and 结束语 (the site's heading)
        return f"# {m.group(1)} {{{attrs.rstrip()} .print-part }}"

    return H1.sub(h1, markdown, count=1)


def on_page_markdown(markdown, page, **kwargs):
    if page.meta.get("print") != "whole":
        return markdown
    parts = [_retitle(md, first=(i == 0)) for i, (_, md, _) in enumerate(SPEECH)]
    return markdown.rstrip() + "\n\n" + "\n\n".join(p.strip() for p in parts) + "\n"
