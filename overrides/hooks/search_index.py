"""Hook: rewrite Material's search index for the project's search worker.

Material's search plugin splits every page into sections (one per heading) and
writes search/search_index.json. Its text is HTML with jieba's zero-width
spaces between words; the worker (overrides/assets/javascripts/search/)
matches exact substrings over normalised text instead, so this hook keeps
each section as plain text, adds the page title and what kind of page it is
(the speech, the glossary, or the site's own pages), and writes the file back.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from mkdocs.plugins import event_priority

TAG_RE = re.compile(r"<[^>]+>")
SPACE_RE = re.compile(r"\s+")
KINDS: dict[str, str] = {}  # page url -> "speech" | "glossary" | "page"
LABELS: dict[str, str] = {}  # page url -> the name its front matter gives it (开场白), if any


def plain(value: str) -> str:
    text = TAG_RE.sub(" ", value.replace("\u200b", ""))
    return SPACE_RE.sub(" ", html.unescape(text)).strip()


def on_page_markdown(markdown, page, **kwargs):
    meta = page.meta
    KINDS[page.url] = "speech" if meta.get("speech") else "glossary" if meta.get("glossary") else "page"
    if meta.get("label"):
        LABELS[page.url] = meta["label"]
    return markdown


def rewrite(index: dict) -> dict:
    pages = {d["location"]: plain(d["title"]) for d in index["docs"] if "#" not in d["location"]}
    docs = []
    for doc in index["docs"]:
        url = doc["location"].split("#", 1)[0]
        if url not in KINDS:
            continue  # e.g. the 404 page
        docs.append(
            {
                "location": doc["location"],
                "title": plain(doc["title"]),
                "text": plain(doc["text"]),
                "page": LABELS.get(url, pages[url]),
                "kind": KINDS[url],
            }
        )
    # the worker needs no lunr pipeline; the separator is what Material's own
    # landing-page highlighter splits the `h` parameter on
    config = {**index["config"], "separator": r"[\s\u200b]+", "pipeline": []}
    return {"config": config, "docs": docs}


# after Material's search plugin has written the file (0), before the offline
# plugin copies it into search_index.js for file:// (-100)
@event_priority(-50)
def on_post_build(config):
    path = Path(config.site_dir) / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(rewrite(index), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
