"""Rewrite Material's search index for the project's search worker.

Material's search plugin writes search/search_index.json with HTML text and
jieba's zero-width spaces; the worker (overrides/assets/javascripts/search/)
matches exact substrings over normalised text, so each section is kept as
plain text with its page title and what kind of page it is (the speech, the
glossary, or the site's own pages).
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        self.parts.append(" ")

    def handle_endtag(self, tag):
        self.parts.append(" ")


def plain(value: str) -> str:
    parser = _Text()
    parser.feed(value.replace("\u200b", ""))
    parser.close()
    return " ".join("".join(parser.parts).split())


def rewrite(index: dict, kinds: dict[str, str]) -> dict:
    """`kinds`: page URL as the index names it -> speech | glossary | page."""
    pages = {d["location"]: plain(d["title"]) for d in index["docs"] if "#" not in d["location"]}
    docs = []
    for doc in index["docs"]:
        url = doc["location"].split("#", 1)[0]
        if url not in kinds:
            continue  # e.g. the 404 page
        docs.append(
            {
                "location": doc["location"],
                "title": plain(doc["title"]),
                "text": plain(doc["text"]),
                "page": pages.get(url, ""),
                "kind": kinds[url],
            }
        )
    # the worker needs no lunr pipeline; the separator is what Material's own
    # landing-page highlighter splits the `h` parameter on
    config = {**index["config"], "separator": r"[\s\u200b]+", "pipeline": []}
    return {"config": config, "docs": docs}


def run(site: Path, kinds: dict[str, str]) -> bool:
    path = Path(site) / "search" / "search_index.json"
    if not path.is_file():
        return False
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(rewrite(index, kinds), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return True
