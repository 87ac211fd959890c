"""Hook: the study-meeting kit, drawn from source/speech.txt and glossary.yml at build time.

- `study: outline` (学习提纲): parts, sections and numbered lead sentences, each linked;
- `study: map` (结构导图): the same tree as an SVG (structure_map.py);
- `study: self-test` (学习自测): fill-in-the-blank questions (self_test.py).

The outline comes from the source text (speech_outline.py); the links come
from the anchors written in the speech pages. An item of the outline without
an anchor stops the build: the kit can never drift from the text silently.
"""

from __future__ import annotations

from pathlib import Path

from glossary_data import load_for_site
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data
from self_test import questions, render_questions
from speech_outline import OutlineError, parse
from speech_sections import anchors
from structure_map import Node, draw

STATE: dict = {}


def on_config(config):
    root = Path(config.config_file_path).parent
    source = root / "source" / "speech.txt"
    try:
        STATE["outline"] = parse(source.read_text(encoding="utf-8"))
    except OutlineError as exc:
        raise PluginError(str(exc)) from None
    STATE["source"] = source.read_text(encoding="utf-8")
    STATE["glossary"] = load_for_site(config)
    return config


def on_nav(nav, config, files):
    found: dict[str, tuple[str, str]] = {}
    urls: dict[str, str] = {}
    wanted = False
    for page in nav.pages:
        markdown, meta = get_data(page.file.content_string)
        wanted = wanted or bool(meta.get("study"))
        if meta.get("speech"):
            found.update(anchors(page.file.src_uri, markdown))
            urls[page.file.src_uri] = page.url
    STATE["anchors"], STATE["urls"] = found, urls
    if not wanted:
        return nav  # no page asks for the kit (e.g. the benchmarks' synthetic site)
    for part in STATE["outline"]:
        for text in (
            [part.title]
            + [s.title for s in part.sections]
            + [p.lead for s in part.sections for p in s.points]
        ):
            if text not in found:
                raise PluginError(
                    f"source/speech.txt: “{text}” has no anchor in the speech pages "
                    "(a heading with { #id }, or a paragraph opening with **…** and ending with { #id })"
                )
    return nav


def where(text: str) -> tuple[str, str]:
    return STATE["anchors"][text]


def outline_markdown() -> str:
    lines = []
    for i, part in enumerate(STATE["outline"], start=1):
        doc, anchor = where(part.title)
        lines += [f"## [{part.title}]({doc}#{anchor}) {{ #outline-{i} .outline-part }}", ""]
        for j, section in enumerate(part.sections, start=1):
            doc, anchor = where(section.title)
            lines += [f"### [{section.title}]({doc}#{anchor}) {{ #outline-{i}-{j} .outline-section }}", ""]
            for point in section.points:
                doc, anchor = where(point.lead)
                lines.append(f"- [{point.lead}]({doc}#{anchor})")
            if section.points:
                lines.append("")
    return "\n".join(lines)


def map_svg(page) -> str:
    def href(text: str) -> str:
        doc, anchor = where(text)
        return get_relative_url(STATE["urls"][doc], page.url) + f"#{anchor}"

    title = STATE["source"].splitlines()[1]
    root = Node(title, get_relative_url("", page.url) or "./", 0)
    for part in STATE["outline"]:
        p = Node(part.title, href(part.title), 1)
        for section in part.sections:
            s = Node(section.title.rstrip("。"), href(section.title), 2)
            s.children = [Node(pt.lead.rstrip("。"), href(pt.lead), 3) for pt in section.points]
            p.children.append(s)
        root.children.append(p)
    screen, paper = draw(root, 1, key="map-screen"), draw(root, 2, key="map-print")
    return f'<div class="structure-map-frame">\n{screen}\n{paper}\n</div>'


def on_page_markdown(markdown, page, **kwargs):
    kind = page.meta.get("study")
    if kind == "outline":
        body = outline_markdown()
    elif kind == "map":
        body = map_svg(page)
    elif kind == "self-test":
        link = lambda text: "{}#{}".format(*where(text))  # noqa: E731
        body = render_questions(questions(STATE["outline"], STATE["glossary"], STATE["source"], link))
    else:
        return markdown
    return f"{markdown.rstrip()}\n\n{body}\n"
