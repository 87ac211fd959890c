"""What a Word document is made of: paragraphs in the handouts' styles, their runs, a table, the properties.

render/word.py (the walk over a speech) makes these; docx_format.py (the .docx format) writes them. Apart from
the format so that a process that does not write Word files (the build's own, where another process writes
them) never imports python-docx and lxml for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

StyleName = Literal[
    "Normal",  # the body: 仿宋, first line two characters in
    "讲话标题",  # the speech's title
    "材料名称",  # the handout's name under the title, and the answer key's
    "Heading 1",  # 一、
    "Heading 2",  # （一）
    "顶格正文",  # body text flush left: the salutation, a question
    "讲话引文",  # the speech's words in 楷体: a question's source
    "校注",  # the editorial notes at the end
    "页码",  # the page number
    "页眉",  # the author's notice at the head of the page
    "答案",  # the answer key's table
    "术语条目",  # a glossary entry
    "术语说明",  # the glossary's introduction
]
# a run of a paragraph: its style's font, 黑体 or 楷体, a note's number, or a blank to fill in by hand
RunKind = Literal["", "hei", "kai", "sup", "blank"]

# a blank to fill in by hand: full-width low lines, which (unlike underlined spaces) never vanish at a line's end
BLANK_MARK = "\uff3f"


@dataclass
class Block:
    """A paragraph of the document (or, with `rows`, a table whose cells are in `style`)."""

    style: StyleName
    runs: list[tuple[str, RunKind]] = field(default_factory=list)
    new_odd_page: bool = False  # start on a new right-hand page (the self-test's answer key)
    rows: list[list[str]] = field(default_factory=list)  # a table instead of a paragraph (style: its cells')

    @classmethod
    def text(cls, style: StyleName, text: str, *, new_odd_page: bool = False) -> Block:
        """A paragraph of one run in its style's font."""
        return cls(style, [(text, "")], new_odd_page=new_odd_page)

    def plain(self) -> dict:
        """Every field as JSON data: what `dataclasses.asdict` gives, ten times faster (a test holds them equal)."""
        return {"style": self.style, "runs": self.runs, "new_odd_page": self.new_odd_page, "rows": self.rows}


PROPERTY_CHARS = 255  # python-docx refuses a longer core property


@dataclass(frozen=True)
class Metadata:
    """What Word shows under 文件 › 信息: the document's own title, the site as author, the author's notice."""

    title: str
    author: str
    comments: str

    @classmethod
    def of(cls, title: str, author: str, comments: str) -> Metadata:
        """Each field at most PROPERTY_CHARS characters, a longer one cut with “…”: a part whose heading ran on into
        its paragraph (“一、……” of a few hundred characters) made a title python-docx refuses, and every build then
        stopped with a traceback, after an import that had succeeded (found by a maintainer's run)."""
        cut = [f if len(f) <= PROPERTY_CHARS else f[: PROPERTY_CHARS - 1] + "…" for f in (title, author, comments)]
        return cls(*cut)
