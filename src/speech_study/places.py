"""Where a section stands, said as a printed handout says it: “第一部分（一）”, “讲话开头”.

A web page links to a section by its breadcrumb (“一、怎样抓好班子建设 › （一）…”);
paper has no links, so handouts name the part and the section number. The
opening and closing pages carry the site's own labels (开场白, 结束语), which
the speech does not have: on paper they are “讲话开头” and “讲话结尾”.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .booktitle import book_title
from .counts import chinese

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .pages import Section
    from .project import Project
    from .scopes import OneSpeech

ON_PAPER = {0: "讲话开头", -1: "讲话结尾"}  # a labelled page before the parts, and after them


def part_names(project: OneSpeech) -> dict[str, str]:
    """Speech page -> 第一部分, 第二部分 … (the opening and closing pages have their label)."""
    names: dict[str, str] = {}
    n = 0
    for page in project.speech_pages():
        if page.meta.get("label"):
            names[page.src_uri] = page.meta["label"]
        else:
            names[page.src_uri] = f"第{chinese(n + 1)}部分"
            n += 1
    return names


def paper_names(project: OneSpeech) -> dict[str, str]:
    """Speech page -> its name on paper: 第一部分 …, 讲话开头 for a labelled page before the parts, 讲话结尾 after."""
    names: dict[str, str] = {}
    seen_part = False
    for page in project.speech_pages():
        if page.meta.get("label"):
            names[page.src_uri] = ON_PAPER[-1] if seen_part else ON_PAPER[0]
        else:
            seen_part = True
    n = 0
    for page in project.speech_pages():
        if page.src_uri not in names:
            names[page.src_uri] = f"第{chinese(n + 1)}部分"
            n += 1
    return names


def all_paper_names(project: Project) -> dict[str, str]:
    """Site-wide: every speech page -> its name on paper; in a library each with its speech's title, 《…》第一部分
    (the site's own too: a reader who came from another speech reads 第一部分 as that speech's)."""
    names: dict[str, str] = {}
    for view in project.views():
        prefix = book_title(view.title) if project.is_library else ""
        names.update({uri: prefix + name for uri, name in paper_names(view).items()})
    return names


# a section's number as the speech writes it: （一） (一), or 一、 1、 under parts numbered 第一部分 or 一、
SECTION_NUMBER = re.compile(r"[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]|([一二三四五六七八九十]{1,3}|\d{1,2})\s*、")


def section_number(section: Section) -> str:
    """（一） of a section heading (第一小节 for one numbered 一、 or 1、), or "" for a page's opening text."""
    heading = section.heading
    if heading.startswith("（") and "）" in heading[:4]:
        return heading[: heading.index("）") + 1]
    found = SECTION_NUMBER.match(heading)
    if found is None or " › " not in section.label:  # a part's own opening text: its heading is the part's
        return ""
    if found.group(1):
        return f"（{found.group(1)}）"  # (一) written half-width: on paper as the site's own, full-width
    number = found.group(2)
    return f"第{chinese(int(number)) if number.isdigit() else number}小节"


def reference(section: Section, names: dict[str, str]) -> str:
    """“第一部分（一）”, “第二部分”, “讲话开头”."""
    return names.get(section.src_uri, section.label) + section_number(section)


def references(sections: Iterable[Section], names: dict[str, str]) -> str:
    """Several places, grouped by part: “讲话开头；第一部分（一）（二）；第三部分”; a part's opening text with some of
    its sections: “第二部分开头和（一）”."""
    groups: dict[str, list[str]] = {}
    for section in sections:
        name = names.get(section.src_uri, section.label)
        groups.setdefault(name, [])
        number = section_number(section)
        if number not in groups[name]:
            groups[name].append(number)  # "" for the part's opening text

    def said(name: str, numbers: list[str]) -> str:
        numbered = "".join(n for n in numbers if n)
        if "" in numbers and numbered:  # the part's opening and some of its sections
            # (“《…》第一部分、《…》第一部分（二）” said the part twice, in a library its speech too: a reader's find)
            return f"{name}开头和{numbered}"
        return name + numbered

    return "；".join(said(name, numbers) for name, numbers in groups.items())


def section_of(project: OneSpeech, text: str) -> Section | None:
    """The first section of the speech pages whose text contains `text`."""
    return next((s for s in project.sections() if text in s.text), None)
