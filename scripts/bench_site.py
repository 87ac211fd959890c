"""Benchmark: page weight and build time against vanilla Material + jieba, in one run.

Builds this repository's docs/ twice, with the project's mkdocs.yml and with a
vanilla Material configuration (font: false, so that neither fetches fonts
from outside), then measures:
  - the home page's first load in Chromium with an empty cache: number of
    requests, requests off the site's origin, and total bytes gzip-compressed;
  - `mkdocs build` wall time, median of 3 runs each, interleaved, jieba's cache warm.

Run: bash scripts/bench.sh   (writes bench-results/site.json and prints a table)
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from speech_study.localserver import serve

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic"]
# Material shows "正在初始化搜索引擎" (search.result.initializer) under the search
# box until the index has loaded and the worker has answered its first query
SEARCH_READY = (
    "() => { const meta = document.querySelector('.md-search-result__meta');"
    " return !!meta && meta.textContent.trim() !== '正在初始化搜索引擎' }"
)
VANILLA = """site_name: 怎么做新时代合格的基层党组织书记
theme:
  name: material
  language: zh
  font: false
  features: [content.tooltips, navigation.footer, search.highlight, search.share, search.suggest, toc.follow]
plugins:
  - search
markdown_extensions:
  - attr_list
  - md_in_html
  - footnotes
  - admonition
  - toc:
      permalink: true
  - pymdownx.details
"""


def project(variant: str, work: Path) -> Path:
    dest = work / variant
    if variant == "project":
        shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(".venv", "site", ".git", "node_modules", "test-*"))
    else:
        shutil.copytree(ROOT / "docs", dest / "docs")
        (dest / "mkdocs.yml").write_text(VANILLA, encoding="utf-8")
    return dest


def build(path: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PDF_EXPORT": "false"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], cwd=path, env=env, check=True)
    return time.perf_counter() - started


def first_load(browser, url: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    origin = urlparse(url).netloc
    loads = []
    page.on("requestfinished", lambda r: loads.append(r))
    page.on("requestfailed", lambda r: loads.append(r))
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
    return {"requests": len(loads), "outside_origin": outside, "gzip_bytes": total}


def main() -> int:
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="bench-site-"))
    paths = {v: project(v, work) for v in ("project", "vanilla")}
    times: dict[str, list[float]] = {v: [] for v in paths}
    for v in paths:
        build(paths[v])  # warm-up: jieba's cache, Python's bytecode
    for _ in range(3):
        for v in paths:
            times[v].append(build(paths[v]))
    results = {v: {"build_s": statistics.median(times[v]), "build_runs_s": times[v]} for v in paths}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for v, path in paths.items():
            httpd, url = serve(path / "site")
            results[v].update(first_load(browser, url))
            httpd.shutdown()
        browser.close()
    p, v = results["project"], results["vanilla"]
    ratios = {
        "gzip_bytes": p["gzip_bytes"] / v["gzip_bytes"],
        "requests": p["requests"] / v["requests"],
        "build": p["build_s"] / v["build_s"],
    }
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    report = {"results": results, "ratios": ratios}
    (out / "site.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"{'home page, first load':28}{'project':>10}{'vanilla':>10}{'ratio':>8}")
    print(f"{'requests':28}{p['requests']:>10}{v['requests']:>10}{ratios['requests']:>8.2f}")
    print(f"{'requests off the origin':28}{p['outside_origin']:>10}{v['outside_origin']:>10}")
    print(f"{'bytes (gzip)':28}{p['gzip_bytes']:>10}{v['gzip_bytes']:>10}{ratios['gzip_bytes']:>8.2f}")
    print(f"{'mkdocs build (s, median)':28}{p['build_s']:>10.2f}{v['build_s']:>10.2f}{ratios['build']:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
