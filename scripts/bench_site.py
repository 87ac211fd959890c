"""Benchmark: page weight and build time against vanilla Material + jieba, in one run.

Builds this repository's docs/ twice, with the project's mkdocs.yml and with a
vanilla Material configuration (font: false, so that neither fetches fonts
from outside), then measures:
  - the home page's first load in Chromium with an empty cache, its search ready:
    number of requests, requests off the site's origin, and total bytes
    gzip-compressed: as the page received them (each body compressed again) and
    as the gzip server sent them (every response, the search worker's too);
  - `mkdocs build` wall time, median of 3 runs each, interleaved, jieba's cache warm.

Run: bash scripts/bench.sh   (writes bench-results/site.json and prints a table)
     bash scripts/bench.sh --quick   (one build each instead of a warm-up and three)
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import RESULTS, ROOT  # noqa: E402
from bench.browser import launch  # noqa: E402
from bench.report import comparison, write_json  # noqa: E402
from bench.server import Server, serve  # noqa: E402
from bench.sites import copy_sources, vanilla_config, write_vanilla  # noqa: E402
from bench.timing import build  # noqa: E402

# Material shows "正在初始化搜索引擎" (search.result.initializer) under the search
# box until the index has loaded and the worker has answered its first query
SEARCH_READY = (
    "() => { const meta = document.querySelector('.md-search-result__meta');"
    " return !!meta && meta.textContent.trim() !== '正在初始化搜索引擎' }"
)
VANILLA = vanilla_config(
    "怎么做新时代合格的基层党组织书记",
    ["content.tooltips", "navigation.footer", "search.highlight", "search.share", "search.suggest", "toc.follow"],
    extensions=("attr_list", "md_in_html", "footnotes", "admonition", "toc: permalink: true", "pymdownx.details"),
)


def project(variant: str, work: Path) -> Path:
    """A buildable copy: this project ("project") or vanilla Material on its pages ("vanilla")."""
    dest = work / variant
    if variant == "project":
        return copy_sources(dest)
    return write_vanilla(ROOT / "docs", dest, VANILLA)


def first_load(browser, url: str, server: Server | None = None) -> dict:
    """The page at `url` opened with an empty cache until its search is ready; with `server` (the
    counting server serving it), also the bytes it sent (server_bytes, server_requests)."""
    context = browser.new_context()
    page = context.new_page()
    origin = urlparse(url).netloc
    loads = []
    page.on("requestfinished", lambda r: loads.append(r))
    page.on("requestfailed", lambda r: loads.append(r))
    opened = server.mark() if server else 0
    page.goto(url, wait_until="networkidle")
    page.wait_for_function(SEARCH_READY)  # the search index and worker load after the page
    total, outside = 0, 0
    for request in loads:
        if urlparse(request.url).netloc != origin:
            outside += 1
            continue
        response = request.response()
        body = response.body() if response else b""
        total += len(gzip.compress(body, 6))
    context.close()
    result = {"requests": len(loads), "outside_origin": outside, "gzip_bytes": total}
    if server:
        sent = server.since(opened)
        result.update(server_bytes=sent.bytes, server_requests=sent.requests)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one build each, no warm-up")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="bench-site-"))
    paths = {v: project(v, work) for v in ("project", "vanilla")}
    times: dict[str, list[float]] = {v: [] for v in paths}
    if not args.quick:
        for v in paths:
            build(paths[v])  # warm-up: jieba's cache, Python's bytecode
    for _ in range(1 if args.quick else 3):
        for v in paths:
            times[v].append(build(paths[v]))
    results = {v: {"build_s": statistics.median(times[v]), "build_runs_s": times[v]} for v in paths}
    with sync_playwright() as pw:
        browser = launch(pw)
        for v, path in paths.items():
            server = serve(path / "site")
            results[v].update(first_load(browser, server.url, server))
            server.shutdown()
        browser.close()
    p, v = results["project"], results["vanilla"]
    ratios = {
        "gzip_bytes": p["gzip_bytes"] / v["gzip_bytes"],
        "server_bytes": p["server_bytes"] / v["server_bytes"],
        "requests": p["requests"] / v["requests"],
        "build": p["build_s"] / v["build_s"],
    }
    write_json(RESULTS / "site.json", {"results": results, "ratios": ratios})
    rows = [
        ("requests", p["requests"], v["requests"], ratios["requests"], "d"),
        ("requests off the origin", p["outside_origin"], v["outside_origin"], None, "d"),
        ("bytes (gzip, page)", p["gzip_bytes"], v["gzip_bytes"], ratios["gzip_bytes"], "d"),
        ("bytes sent by the server", p["server_bytes"], v["server_bytes"], ratios["server_bytes"], "d"),
        ("mkdocs build (s, median)", p["build_s"], v["build_s"], ratios["build"], ".2f"),
    ]
    print(comparison("home page, first load", rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
