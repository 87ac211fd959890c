"""Hook: every glossary term in the speech pages becomes <abbr title="…">.

Material's documented glossary (abbr + snippets auto_append) cannot be used
as is: Python-Markdown's abbr extension matches on \\b word boundaries, and
Chinese text has none, so 第一责任人 inside 抓实第一责任人职责 would never be
found. This hook does the same job for CJK: the explanations come from
glossary.yml, and Material's `content.tooltips` shows them. Pages opt in with
`speech: true` in their front matter.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from glossary_data import load_for_site
from markdown import Extension
from markdown.treeprocessors import Treeprocessor

SKIP_TAGS = {"code", "pre", "a", "abbr", "script", "style"}
SKIP_CLASSES = {"footnote", "site-added"}


class TooltipProcessor(Treeprocessor):
    def __init__(self, md, ext: TooltipExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        if self.ext.active and self.ext.pattern is not None:
            self._walk(root)

    def _abbr(self, text: str) -> tuple[str, list[etree.Element]]:
        """Split `text` into leading text and abbr elements (each with its tail)."""
        pieces: list[etree.Element] = []
        head, pos = None, 0
        for m in self.ext.pattern.finditer(text):
            el = etree.Element("abbr", {"title": self.ext.titles[m.group(0)], "tabindex": "0"})
            el.text = m.group(0)
            between = text[pos : m.start()]
            if pieces:
                pieces[-1].tail = between
            else:
                head = between
            pieces.append(el)
            pos = m.end()
        if not pieces:
            return text, []
        pieces[-1].tail = text[pos:]
        return head, pieces

    def _walk(self, el: etree.Element) -> None:
        if el.tag in SKIP_TAGS or SKIP_CLASSES & set(el.get("class", "").split()):
            return
        children = list(el)
        for child in children:
            self._walk(child)
            if child.tail:
                child.tail, new = self._abbr(child.tail)
                index = list(el).index(child) + 1
                for offset, node in enumerate(new):
                    el.insert(index + offset, node)
        if el.text:
            el.text, new = self._abbr(el.text)
            for offset, node in enumerate(new):
                el.insert(offset, node)


class TooltipExtension(Extension):
    def __init__(self) -> None:
        super().__init__()
        self.active = False
        self.titles: dict[str, str] = {}
        self.pattern: re.Pattern[str] | None = None

    def load(self, entries) -> None:
        self.titles = {form: e.explanation for e in entries for form in e.forms}
        # longest first, so 四大三苦 wins over 四大 and 六个不能、五个通气 over 六个不能
        forms = sorted(self.titles, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, forms)))

    def extendMarkdown(self, md) -> None:
        # after inline parsing (so ** and links are elements), before toc (priority 5)
        md.treeprocessors.register(TooltipProcessor(md, self), "glossary_tooltips", 7)


EXTENSION = TooltipExtension()


def on_config(config):
    EXTENSION.load(load_for_site(config))
    if EXTENSION not in config.markdown_extensions:
        config.markdown_extensions.append(EXTENSION)
    return config


def on_page_markdown(markdown, page, **kwargs):
    EXTENSION.active = bool(page.meta.get("speech"))
    return markdown
