"""来源与说明's first paragraph: which speech the page speaks of, and its notice, said of the site as it is.

The rest of docs/about.md is the maintainer's account of the site's own speech. In a library the page is
reached from every speech's pages (under that speech's title), so it first says how many speeches the site
holds and that the “讲话” it speaks of is the first one; then whose notice each page and printout carries.
"""

from __future__ import annotations

from ..booktitle import book_title, quoted
from ..counts import chinese
from ..project import Project
from .text import md


def render(project: Project) -> str:
    speech = project.speech
    notice = f"原文第一行是作者的声明：{quoted(speech.notice)}"
    if not project.is_library:
        return md(f"本站收录的是讲话{book_title(speech.title)}的全文。{notice}本站每一页和每一份打印稿都带有这一声明。")
    others = [v for v in project.views() if v.entry.imported]
    noted = [v for v in others if v.speech.notice]
    if len(noted) == len(others):
        also = "，其他各篇也都带有各自原文的声明"
    elif noted:
        also = "；其他各篇原文有声明的，也都带有各自的声明"
    else:
        also = ""  # none of the others has a notice: nothing to say of theirs
    # the site's own speech always has its notice (speech.parse: line 1 of source/speech.txt)
    carried = f"这篇讲话的每一页和每一份打印稿都带有这一声明{also}。"
    count = chinese(len(project.views()), "篇")
    head = f"本站收录了{count}讲话，见"
    rest = f"；本页说的“讲话”是其中的第一篇{book_title(speech.title)}。{notice}{carried}"
    return f"{md(head)}[文库](library.md){md(rest)}"
