"""A speech's title as the site's own prose names it: in 书名号.

GB/T 15834—2011《标点符号用法》4.15.3: 书名号里边还要用书名号时，外面一层用双书名号，
里边一层用单书名号. A title that itself names a book (在学习《中国共产党章程》座谈会上的讲话)
is written 《在学习〈中国共产党章程〉座谈会上的讲话》, never 《在学习《中国共产党章程》座谈会上的讲话》;
a title already written in 书名号 (as a maintainer may type it into speech.yml) is not put in
them twice. Only the site's prose changes: the speech's own title line stays as received.

Its quotation marks likewise (`quoted`): a heading, term or notice the site's prose puts in “” has its own
“” turned to the inner ‘’ (4.1.3.4): “要做‘带头人’”, never “要做“带头人””.

Every place the site names a speech in 书名号 takes it from here: the pages, the Word files, and
the search index and the pages' data that the browser's scripts show (they add no 书名号 of their own).
"""

from __future__ import annotations


def _encloses(text: str) -> bool:
    """Whether the 《 that opens `text` is the one its closing 》 closes (not 《甲》与《乙》)."""
    depth = 0
    for n, ch in enumerate(text):
        if ch == "《":
            depth += 1
        elif ch == "》":
            depth -= 1
            if depth == 0 and n != len(text) - 1:
                return False
    return depth == 0


def book_title(title: str) -> str:
    """《title》, any 《》 inside written 〈〉; a title already wholly in 《》 keeps its one pair."""
    inner = title.strip()
    if len(inner) >= 2 and inner.startswith("《") and inner.endswith("》") and _encloses(inner):
        inner = inner[1:-1]
    return "《" + inner.replace("《", "〈").replace("》", "〉") + "》"


def quoted(text: str) -> str:
    """A heading named in a sentence of the site's: in quotation marks, its own marks the inner kind (GB/T
    15834—2011 4.1.3.4: “要做‘带头人’”; “要做“带头人”” nests the same kind)."""
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"
