"""Check every internal link and anchor of a built site, without network.

  .venv/bin/python scripts/check_links.py site [--site-url http://127.0.0.1:8000/]

Every href/src of every HTML page must name a file of the site, and its #anchor
an id in that file; links to the site's own URL (canonical links) count as
internal; any other absolute URL is reported, since nothing may leave the site.
The search index's locations are checked the same way. Exit status 1 on a problem.
"""

from __future__ import annotations

import argparse
import json
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

LINK_ATTRS = {"href", "src"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value and (name == "id" or tag == "a"):
                self.ids.add(value)
            if name in LINK_ATTRS and value and tag != "svg":
                self.links.append(value)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def target_file(site: Path, path: str) -> Path | None:
    candidate = site / unquote(path).lstrip("/")
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check(site: Path, site_url: str = "") -> list[str]:
    site = site.resolve()
    pages = {p: parse(p) for p in site.rglob("*.html")}
    problems = []

    def resolve(source: Path, link: str) -> str | None:
        """None if fine, else what is wrong."""
        # Material's search.share link is javascript:void(0) until a query fills it in
        if link.startswith(("mailto:", "data:")) or link == "javascript:void(0)":
            return None
        if link.startswith("javascript:"):
            return "a javascript: link"
        if site_url and link.startswith(site_url):
            link = "/" + link[len(site_url) :]
        parsed = urlparse(link)
        if parsed.scheme or parsed.netloc:
            return "an external link"
        base = "/" + source.relative_to(site).as_posix()
        absolute = urlparse(urljoin(base, link))
        target = source if not parsed.path else target_file(site, absolute.path)
        if target is None:
            return "a missing file"
        if absolute.fragment and target.suffix == ".html":
            ids = pages[target].ids if target in pages else parse(target).ids
            if unquote(absolute.fragment) not in ids:
                return f"a missing anchor #{absolute.fragment}"
        return None

    for source, page in pages.items():
        for link in page.links:
            problem = resolve(source, link)
            if problem:
                problems.append(f"{source.relative_to(site)}: {link} is {problem}")
    index = site / "search" / "search_index.json"
    if index.is_file():
        home = site / "index.html"
        for doc in json.loads(index.read_text(encoding="utf-8"))["docs"]:
            problem = resolve(home, doc["location"] or "./")
            if problem:
                problems.append(f"search index: {doc['location']} is {problem}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--site-url", default="")
    args = parser.parse_args()
    problems = check(args.site, args.site_url)
    for problem in problems:
        print(problem)
    print(f"{len(problems)}处链接失效" if problems else "链接：全部在站内，全部有效")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
