"""Check every internal link and anchor of a built site, without network.

  .venv/bin/python scripts/check_links.py site [--site-url http://127.0.0.1:8000/]

Every href/src of every HTML page must name a file of the site, and its #anchor
an id in that file; links to the site's own URL (canonical links; without
--site-url, the address the home page names as its canonical one, as the build
wrote it) count as internal; any other absolute URL is reported, since nothing
may leave the site.
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


class _Canonical(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.href = ""

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "link" and values.get("rel") == "canonical" and not self.href:
            self.href = values.get("href") or ""


def own_url(site: Path) -> str:
    """The site's address as its build wrote it: the home page's canonical link ("" without one)."""
    home = site / "index.html"
    if not home.is_file():
        return ""
    found = _Canonical()
    found.feed(home.read_text(encoding="utf-8"))
    return found.href if urlparse(found.href).scheme in ("http", "https") else ""


class NoSite(ValueError):
    """The folder to check is no built site: one line says so (not “every link is fine”)."""


def check(site: Path, site_url: str = "") -> list[str]:
    if not Path(site).is_dir():  # (it said every link was fine: a maintainer checked before building)
        raise NoSite(f"{site}：没有这个文件夹；先构建网站（python -m speech_study build），再检查它")
    site = site.resolve()
    site_url = site_url or own_url(site)
    # a site published under a folder (https://example.org/xuexi/) links its 404 page's files from the root of the
    # host (/xuexi/assets/…): such a path is the site's own from that folder down
    folder = urlparse(site_url).path.rstrip("/") + "/" if site_url else "/"
    pages = {p: parse(p) for p in site.rglob("*.html")}
    if not pages:
        raise NoSite(f"{site}：里面没有网页；先构建网站（python -m speech_study build），再检查它")
    problems = []

    def resolve(source: Path, link: str) -> str | None:
        """None if fine, else what is wrong."""
        # Material's search.share link is javascript:void(0) until a query fills it in
        if link.startswith(("mailto:", "data:")) or link == "javascript:void(0)":
            return None
        if link.startswith("javascript:"):
            return "是 javascript: 链接"
        if site_url and link.startswith(site_url):
            link = "/" + link[len(site_url) :]
        parsed = urlparse(link)
        if parsed.scheme or parsed.netloc:
            return "指向站外"
        base = "/" + source.relative_to(site).as_posix()
        absolute = urlparse(urljoin(base, link))
        path = absolute.path
        if folder != "/" and link.startswith("/") and path.startswith(folder):
            path = "/" + path[len(folder) :]
        target = source if not parsed.path else target_file(site, path)
        if target is None:
            return "指向的文件不存在"
        if absolute.fragment and target.suffix == ".html":
            ids = pages[target].ids if target in pages else parse(target).ids
            if unquote(absolute.fragment) not in ids:
                return f"指向的锚点 #{absolute.fragment} 不存在"
        return None

    for source, page in pages.items():
        for link in page.links:
            problem = resolve(source, link)
            if problem:
                problems.append(f"{source.relative_to(site).as_posix()}：链接 {link} {problem}")
    index = site / "search" / "search_index.json"
    if index.is_file():
        home = site / "index.html"
        for doc in json.loads(index.read_text(encoding="utf-8"))["docs"]:
            problem = resolve(home, doc["location"] or "./")
            if problem:
                problems.append(f"搜索索引：{doc['location']} {problem}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--site-url", default="")
    args = parser.parse_args()
    try:
        problems = check(args.site, args.site_url)
    except NoSite as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    for problem in problems:
        print(problem)
    print(f"{len(problems)}处链接失效" if problems else "链接：全部在站内，全部有效")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
