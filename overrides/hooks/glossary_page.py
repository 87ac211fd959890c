"""Hook: write the glossary entries into the page whose front matter has `glossary: true`.

Each entry gets its parts, explanation, the speech's own words or the official
wording with its source, and links to every section of the speech where it
occurs — found here, from the speech pages, never typed by hand.
"""

from __future__ import annotations

from glossary_data import Entry, load_for_site
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import get_data
from speech_sections import Section, split

STATE: dict[str, list] = {"entries": [], "sections": []}


def on_config(config):
    STATE["entries"] = load_for_site(config)
    return config


def on_nav(nav, config, files):
    # nav order is reading order: it decides the order of entries and of their places
    sections: list[Section] = []
    for page in nav.pages:
        file = page.file
        markdown, meta = get_data(file.content_string)
        if meta.get("speech"):
            try:
                sections += split(file.src_uri, markdown, meta.get("label"))
            except ValueError as exc:
                raise PluginError(str(exc)) from None
    STATE["sections"] = sections
    return nav


def occurrences(entry: Entry, sections: list[Section]) -> list[Section]:
    return [s for s in sections if any(form in s.text for form in entry.forms)]


def first_place(entry: Entry, sections: list[Section]) -> tuple[int, int]:
    """Where the entry first occurs in reading order: (section index, offset)."""
    for i, section in enumerate(sections):
        offsets = [section.text.find(f) for f in entry.forms if f in section.text]
        if offsets:
            return i, min(offsets)
    raise PluginError(f"glossary.yml: entry {entry.id}: no section of the speech pages contains it")


def render(entry: Entry, sections: list[Section], page_uri: str) -> str:
    prefix = "../" * page_uri.count("/")
    links = "；".join(f"[{s.label}]({prefix}{s.src_uri}#{s.anchor})" for s in occurrences(entry, sections))
    lines = [
        f"## {entry.term} {{ #{entry.id} }}",
        "",
        entry.explanation,
        "",
        f"- **组成**：{'；'.join(entry.parts)}",
        f"- **出现位置**：{links}",
        "",
    ]
    if entry.quote:
        lines += ["**讲话原文**：", "", f"> {entry.quote}", "{ .glossary-quote }", ""]
    else:
        lines += [
            f"**标准表述**（出处：{entry.source}）：",
            "",
            f"> {entry.wording}",
            "{ .glossary-official }",
            "",
        ]
    return "\n".join(lines)


def on_page_markdown(markdown, page, **kwargs):
    if not page.meta.get("glossary"):
        return markdown
    sections = STATE["sections"]
    entries = sorted(STATE["entries"], key=lambda e: first_place(e, sections))
    body = "\n".join(render(e, sections, page.file.src_uri) for e in entries)
    return f"{markdown.rstrip()}\n\n{body}"
