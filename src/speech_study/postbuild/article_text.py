"""The speech text of a built page as a reader sees it: <article>, minus what the site adds."""

from __future__ import annotations

from .html import Driven, drive

# elements the site adds around the speech; not part of the speech text
SKIP_CLASSES = {"speech-notice", "headerlink", "footnote", "footnote-ref", "site-added"}
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}


class _ArticleText(Driven):
    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.depth = 0  # depth inside <article>
        self.skip_depth = 0  # >0 while inside a skipped element
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        if tag == "article" or self.depth:
            self.depth += 1
        if self.depth and (self.skip_depth or classes & SKIP_CLASSES):
            self.skip_depth += 1

    def handle_endtag(self, tag):
        if tag in VOID or not self.depth:
            return
        if self.skip_depth:
            self.skip_depth -= 1
        self.depth -= 1

    def handle_data(self, data):
        # template indentation between elements is not text; a space inside a paragraph is
        if self.depth and not self.skip_depth and not (data.isspace() and "\n" in data):
            self.parts.append(data.replace("\n", ""))


def article_text(html: str, fast: bool = True) -> str:
    """`fast` False: html.parser reads the page whatever it holds (html.py's `scan` otherwise)."""
    parser = _ArticleText(html)
    drive(parser, fast)
    return "".join(parser.parts)
