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

from . import places
from .text import link, md

# re-exported for callers that name sections the way the glossary does
part_names = places.part_names


def entry_markdown(project, entry, names: dict[str, str], printed_quotes: dict[str, str] | None = None) -> str:
    printed_quotes = {} if printed_quotes is None else printed_quotes
    found = project.occurrences(entry)
    links = "；".join(link(s.label, f"{s.src_uri}#{s.anchor}") for s in found)
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
        lines += [f"**组成**：{'；'.join(md(p) for p in entry.parts)}", f"{{ .glossary-field{echo} }}", ""]
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
                f'<span class="print-only" data-search-exclude>讲话原文见“{md(earlier)}”条</span>',
                f"{{ .glossary-field .glossary-quote-ref{echo} }}",
                "",
            ]
        else:
            printed_quotes[entry.quote] = entry.term
            echo = " .glossary-echo" if entry.quote in entry.explanation else ""
            lines += [f"**讲话原文**：{words}", f"{{ .glossary-quote{echo} }}", ""]
    else:
        echo = "glossary-echo" if entry.wording in entry.explanation else ""
        lines += [
            f'<span class="{echo}">**标准表述**：<span class="glossary-words">{md(entry.wording)}</span>　</span>'
            f'<span class="glossary-source">**出处**：{md(entry.source)}</span>',
            "{ .glossary-official }",
            "",
        ]
    lines += ["</div>", ""]
    return "\n".join(lines)


def ordered(project) -> list:
    """The entries in the order the speech first raises them."""
    sections = project.sections()

    def first_place(entry) -> tuple[int, int]:
        for i, section in enumerate(sections):
            for m in project.matcher.terms(section.text):
                if entry in project.matcher.entries_in(m):
                    return i, m.start
        return len(sections), 0

    return sorted(project.glossary, key=first_place)


def render(project) -> str:
    names = places.paper_names(project)
    printed: dict[str, str] = {}
    return "\n".join(entry_markdown(project, e, names, printed) for e in ordered(project))
