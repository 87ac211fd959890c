"""Every build compares the speech pages' text with the source, sentence by sentence."""

from __future__ import annotations

from ..errors import ContentError
from ..fidelity import compare, site_sentences
from .article_text import article_text
from .layout import Layout


def check(project, layout: Layout) -> None:
    """Each speech of the library against its own source."""
    for view in project.views() if hasattr(project, "views") else [project]:
        pages = []
        for page in view.speech_pages():
            html_file = layout.site / layout.output(page.src_uri)
            pages.append((f"docs/{page.src_uri}", article_text(html_file.read_text(encoding="utf-8"))))
        problem = compare(view.speech.sentences(), site_sentences(pages))
        if problem:
            text = " ".join(problem.message.split("\n"))
            raise ContentError(problem.file or "docs", f"{view.speech.name}的第{problem.number}句{text}")
