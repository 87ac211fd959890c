"""The site's speech text against the source, sentence by sentence.

Run in every build (post-build, over the HTML) and by the tests. A failure
names the docs file, the sentence number and both texts, and tells a
duplicated or moved paragraph from an altered one.
"""

from __future__ import annotations

from dataclasses import dataclass

from .speech import sentences


@dataclass(frozen=True)
class Problem:
    file: str  # the docs file the site's sentence is in ('' at the end of the text)
    number: int  # 1-based, in the source
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        return f"{where}原文第{self.number}句{self.message}"


def compare(source: list[str], site: list[tuple[str, str]]) -> Problem | None:
    """The first difference between the source's sentences and the site's (file, sentence) pairs."""
    texts = [s for _, s in site]
    for i, want in enumerate(source):
        if i >= len(site):
            last = site[-1][0] if site else ""
            return Problem(last, i + 1, f"缺失：网站的文字在它之前就结束了。\n  原文：{want}")
        file, got = site[i]
        if want == got:
            continue
        if got in texts[:i]:
            return Problem(file, i + 1, f"之前有一句重复了。\n  原文：{want}\n  网站：{got}")
        if got in source[i + 1 :] and want in texts[i + 1 :]:
            return Problem(file, i + 1, f"位置不对：网站挪动了文字。\n  原文：{want}\n  网站：{got}")
        if got in source[i + 1 :]:
            return Problem(file, i + 1, f"缺失。\n  原文：{want}\n  网站：{got}")
        return Problem(file, i + 1, f"被改动了。\n  原文：{want}\n  网站：{got}")
    if len(site) > len(source):
        file, extra = site[len(source)]
        if extra in source:
            return Problem(file, len(source), f"之后多了一句重复的话：{extra}")
        return Problem(file, len(source), f"之后多了原文没有的文字：{extra}")
    return None


def site_sentences(pages: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(file, sentence) pairs from (file, text) pages in reading order; a sentence may cross pages."""
    joined = "".join(text for _, text in pages)
    owners: list[str] = []
    for file, text in pages:
        owners += [file] * len(text)
    out, pos = [], 0
    for sentence in sentences(joined):
        out.append((owners[pos] if pos < len(owners) else "", sentence))
        pos += len(sentence)
    return out
