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


def on_files(files, config):
    sections: list[Section] = []
    for file in files.documentation_pages():
        markdown, meta = get_data(file.content_string)
        if meta.get("speech"):
            try:
                sections += split(file.src_uri, markdown, meta.get("label"))
            except ValueError as exc:
                raise PluginError(str(exc)) from None
    STATE["sections"] = sections
    return files


def occurrences(entry: Entry, sections: list[Section]) -> list[Section]:
    return [s for s in sections if any(form in s.text for form in entry.forms)]


def render(entry: Entry, sections: list[Section], page_uri: str) -> str:
    places = occurrences(entry, sections)
    if not places:
        raise PluginError(f"glossary.yml: entry {entry.id}: no section of the speech pages contains it")
    depth = page_uri.count("/")
    prefix = "../" * depth
    lines = [f"## {entry.term} {{ #{entry.id} }}", "", f"{entry.explanation}", ""]
    lines += [f"**组成**：{'；'.join(entry.parts)}", ""]
    if entry.quote:
        lines += [f"**讲话原文**：“{entry.quote}”", "{ .glossary-quote }", ""]
    else:
        lines += [f"**标准表述**：“{entry.wording}”（出处：{entry.source}）", "{ .glossary-official }", ""]
    lines += ["**出现位置**：", ""]
    lines += [f"- [{s.label}]({prefix}{s.src_uri}#{s.anchor})" for s in places]
    return "\n".join(lines) + "\n"


def on_page_markdown(markdown, page, **kwargs):
    if not page.meta.get("glossary"):
        return markdown
    body = "\n".join(render(e, STATE["sections"], page.file.src_uri) for e in STATE["entries"])
    return f"{markdown.rstrip()}\n\n{body}"
