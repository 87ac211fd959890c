"""The 术语表 entries: explanation, 组成 or 含义, where it occurs, the speech's words or the official wording.

Each label stands in one paragraph with its text, so no page break can part
them. Where it occurs is a list of links on screen and, on paper, a
reference such as “见第一部分（一）；第三部分”. Entries whose quote an earlier
entry already printed refer to it on paper instead of repeating it, and a
field the explanation already says word for word (.glossary-echo) is not
printed twice. On paper
(handout.css) the term, its explanation, 组成 or 含义 and the reference run
on as one paragraph, so that 36 entries fit four pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import places
from ..booktitle import quoted
from ..errors import ContentError
from ..glossary import only_named
from . import claims
from .text import link, md

if TYPE_CHECKING:
    from ..glossary import Entry
    from ..project import Project

OFFICIAL_PARTS = "组成（据标准表述）"  # parts read from an official wording, not from the speech

# re-exported for callers that name sections the way the glossary does
part_names = places.part_names


def entry_markdown(
    project: Project, entry: Entry, names: dict[str, str], printed_quotes: dict[str, str] | None = None
) -> str:
    printed_quotes = {} if printed_quotes is None else printed_quotes
    found = project.all_occurrences(entry)
    links = "；".join(link(s.label.rstrip("。"), f"{s.src_uri}#{s.anchor}") for s in found)
    paper = md(f"见{places.references(found, names)}")
    lines = [
        '<div class="glossary-entry" markdown>',
        "",
        f"## {md(entry.term)} {{ #{entry.id} }}",
        "",
        md(entry.explanation),
        "{ .glossary-explanation }",
        "",
    ]
    if entry.parts:
        # on paper an enumeration its explanation already spells out is not printed twice
        echo = " .glossary-echo" if all(p in entry.explanation for p in entry.parts) else ""
        label = "组成" if entry.quote else OFFICIAL_PARTS
        lines += [f"**{label}**：{'；'.join(md(p) for p in entry.parts)}", f"{{ .glossary-field{echo} }}", ""]
    if entry.meaning:
        echo = " .glossary-echo" if entry.meaning in entry.explanation else ""
        lines += [f"**含义**：{md(entry.meaning)}", f"{{ .glossary-field{echo} }}", ""]
    lines += [
        f'<span class="screen-only">**出现位置**：{links}</span>'
        f'<span class="print-only" data-search-exclude>{paper}</span>',
        "{ .glossary-field .glossary-places }",
        "",
    ]
    if entry.quote:
        earlier = next((term for quote, term in printed_quotes.items() if entry.quote in quote), None)
        words = f'<span class="glossary-words">{md(entry.quote)}</span>'
        if earlier:  # on paper: a reference, run on with the fields above
            echo = " .glossary-echo" if entry.quote in entry.explanation else ""
            lines += [
                f'<span class="screen-only">**讲话原文**：{words}</span>'
                f'<span class="print-only" data-search-exclude>讲话原文见{md(quoted(earlier))}条</span>',
                f"{{ .glossary-field .glossary-quote-ref{echo} }}",
                "",
            ]
        else:
            printed_quotes[entry.quote] = entry.term
            echo = " .glossary-echo" if entry.quote in entry.explanation else ""
            lines += [f"**讲话原文**：{words}", f"{{ .glossary-quote{echo} }}", ""]
    else:
        wording, source = entry.wording or "", entry.source or ""  # an entry without a quote has both
        echo = "glossary-echo" if wording in entry.explanation else ""
        lines += [
            f'<span class="{echo}">**标准表述**：<span class="glossary-words">{md(wording)}</span>　</span>'
            f'<span class="glossary-source">**出处**：{md(source)}</span>',
            "{ .glossary-official }",
            "",
        ]
    lines += ["</div>", ""]
    return "\n".join(lines)


def ordered(project: Project) -> list[Entry]:
    """The entries in the order the speech first raises them."""
    sections = project.all_sections()

    def first_place(entry: Entry) -> tuple[int, int]:
        for i, section in enumerate(sections):
            for m in project.matcher.terms(section.text):
                if entry in project.matcher.entries_in(m):
                    return i, m.start
        return len(sections), 0

    return sorted(project.glossary, key=first_place)


def intro(project: Project) -> tuple[str, str, str]:
    """The 术语表's introduction: (for screen and paper, screen only, paper only), each sentence made from the data.

    A label is described only when some entry prints it, and each description
    holds for every entry that prints it: 标准表述 only for formulas the speech
    names without spelling them out (glossary.only_named, checked here).
    """
    speech = "\n".join(t.text for t in project.texts.values())
    for entry in project.glossary:
        if entry.wording and not only_named(entry, speech):
            problem = "讲话原文已有标准表述的全部内容，应照录讲话原文"
            raise ContentError("glossary.yml", f"“{entry.term}”（{entry.id}）：{problem}")
    said = []
    if any(e.parts and e.quote for e in project.glossary):
        said.append("“组成”列出讲话逐项列举的各项")
    if any(e.meaning for e in project.glossary):
        said.append("“含义”是比喻或口号在讲话中所指")
    if any(e.quote for e in project.glossary):
        said.append("“讲话原文”逐字照录讲话")
    if any(e.wording for e in project.glossary):
        said.append("“标准表述”按所注“出处”给出，只用于讲话只提到名称、没有逐项列出的提法")
        # only where the label is printed on paper too (an enumeration the explanation spells out is not)
        if any(e.wording and e.parts and not all(p in e.explanation for p in e.parts) for e in project.glossary):
            said.append(f"按标准表述列出的组成标为“{OFFICIAL_PARTS}”")
    order = "讲话中的提法和口号，按在讲话中出现的先后排列"
    if project.is_library:  # ordered(): the speeches in the library's order, each from its start
        order = "文库各篇讲话中的提法和口号，按讲话在文库中的顺序和在讲话中出现的先后排列"
    both = order + "。每条先给简短解释" + "".join(f"；{s}" for s in said) + "。"
    # an entry may leave out a phrase where the same words mean something else (exclude): then not “每一小节”
    excluded = [e for e in project.glossary if e.exclude]
    where = "“出现位置”链接到讲话中提到它的每一小节"
    if excluded:
        example = excluded[0].exclude[0]
        where = f"“出现位置”链接到讲话中在这个意思上提到它的每一小节（同样的字另有所指的不算，如“{example}”）"
    if project.is_library and any(e.quote for e in project.glossary):
        # a reading of one speech's words is that speech's (Project.entries_for): the same words in another are not
        # linked (found by a reader: “每一小节” read as every speech's)
        where += "；照录某篇讲话原文来解释的条目，只链接那一篇讲话里的"
    screen = where + "。正文中这些词语下方带有虚线，鼠标悬停或在手机上轻点即可看到解释。"
    paper = "每条的“见……”注明它在讲话中的位置。"
    return both, screen, paper


def render(project: Project) -> str:
    claims.check(project)
    both, screen, paper = intro(project)
    head = (
        f'{md(both)}<span class="screen-only">{md(screen)}</span>'
        f'<span class="print-only" data-search-exclude>{md(paper)}</span>'
    )
    names = places.all_paper_names(project)
    printed: dict[str, str] = {}
    return "\n".join([head, "", *(entry_markdown(project, e, names, printed) for e in ordered(project))])
