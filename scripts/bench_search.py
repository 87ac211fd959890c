"""Benchmark: the project's search against vanilla Material + jieba, in one Chromium run.

Builds a synthetic site of 200 pages (~1.5 MB of Chinese) twice, serves both on
127.0.0.1 and measures, in the same browser:
  - the search index's size (gzip),
  - time from navigation start to the first result of a query typed at once,
  - per-query latency (keyup to results shown), p50 and p95, over 200+ queries.

Run: bash scripts/bench.sh   (writes bench-results/search.json and prints a table)
     bash scripts/bench.sh --quick   (50 pages, 60 queries)
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic_site  # noqa: E402
from bench import RESULTS, ROOT  # noqa: E402
from bench.browser import launch  # noqa: E402
from bench.report import comparison, write_json  # noqa: E402
from bench.server import Server, serve  # noqa: E402
from bench.sites import gzip_size  # noqa: E402
from bench.stats import percentile  # noqa: E402
from bench.timing import build  # noqa: E402

LATENCY_JS = """async (queries) => {
  const input = document.querySelector('input.md-search__input')
  const meta = document.querySelector('.md-search-result__meta')
  const times = []
  for (const q of queries) {
    const done = new Promise(resolve => {
      const ob = new MutationObserver(() => { ob.disconnect(); resolve(true) })
      ob.observe(meta, { childList: true, characterData: true, subtree: true })
      setTimeout(() => { ob.disconnect(); resolve(false) }, 5000)
    })
    const t0 = performance.now()
    input.value = q
    input.dispatchEvent(new KeyboardEvent('keyup', { key: 'End', bubbles: true }))
    const ok = await done
    times.push(ok ? performance.now() - t0 : null)
  }
  return times
}"""

FIRST_RESULT_JS = """async (query) => {
  const input = document.querySelector('input.md-search__input')
  const meta = document.querySelector('.md-search-result__meta')
  input.value = query
  input.dispatchEvent(new KeyboardEvent('keyup', { key: 'End', bubbles: true }))
  const shown = () => document.querySelector('.md-search-result__list li')
  if (!shown()) await new Promise(resolve => {
    const ob = new MutationObserver(() => { if (shown()) { ob.disconnect(); resolve() } })
    ob.observe(document.querySelector('.md-search-result'), { childList: true, subtree: true })
  })
  return performance.now()
}"""


def queries(docs: dict[str, str], count: int = 200, seed: int = 7) -> list[str]:
    """Fragments a reader might type: 2-10 characters cut anywhere from the text, plus the public set."""
    rng = random.Random(seed)
    sentences = [s for s in synthetic_site.sentences() if len(s) > 12]
    out: list[str] = []
    public = ROOT.parent / "shared" / "search" / "queries.tsv"
    if public.is_file():
        out += [line.split("\t")[0] for line in public.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    while len(out) < count + 55:
        s = rng.choice(sentences)
        n = rng.randint(2, 10)
        start = rng.randint(0, len(s) - n)
        fragment = s[start : start + n]
        if fragment not in out and not any(c in fragment for c in "，。、；;:：“”！？"):
            out.append(fragment)
    return list(dict.fromkeys(out))


def measure(browser, server: Server, qs: list[str]) -> dict:
    """Opening a page to its first result (median of 3, with the bytes the server sent), then per-query times."""
    url = server.url
    first, sent = [], []
    for i in range(3):
        page = browser.new_page()
        opened = server.mark()
        page.goto(url + "page-001/", wait_until="commit")
        page.wait_for_selector("input.md-search__input", state="attached")
        first.append(page.evaluate(FIRST_RESULT_JS, qs[i]))
        sent.append(server.since(opened).bytes)
        page.close()
    page = browser.new_page()
    page.goto(url + "page-001/", wait_until="networkidle")
    page.evaluate(LATENCY_JS, qs[-20:])  # warm-up, not counted
    times = page.evaluate(LATENCY_JS, qs)
    page.close()
    measured = [t for t in times if t is not None]
    return {
        "first_result_ms": statistics.median(first),
        "bytes_to_first_result": statistics.median(sent),
        "query_p50_ms": percentile(measured, 0.5),
        "query_p95_ms": percentile(measured, 0.95),
        "queries": len(qs),
        "timeouts": times.count(None),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50 pages and 60 queries instead of 200 and 255")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    docs = synthetic_site.pages(50 if args.quick else 200)
    text_bytes = sum(len(t.encode("utf-8")) for t in docs.values())
    qs = queries(docs, 5 if args.quick else 200)
    work = Path(tempfile.mkdtemp(prefix="bench-search-"))
    sites, results = {}, {}
    for variant in ("project", "vanilla"):
        project = synthetic_site.write(work / variant, variant, docs)
        seconds = build(project)
        sites[variant] = project / "site"
        results[variant] = {
            "build_s": seconds,
            "index_gzip_bytes": gzip_size(project / "site/search/search_index.json"),
        }
    with sync_playwright() as pw:
        browser = launch(pw)
        for variant, site in sites.items():
            server = serve(site)
            results[variant].update(measure(browser, server, qs))
            server.shutdown()
        browser.close()
    p, v = results["project"], results["vanilla"]
    ratios = {
        "index_gzip": p["index_gzip_bytes"] / v["index_gzip_bytes"],
        "first_result": p["first_result_ms"] / v["first_result_ms"],
        "bytes_to_first_result": p["bytes_to_first_result"] / v["bytes_to_first_result"],
        "query_p50": p["query_p50_ms"] / v["query_p50_ms"],
        "query_p95": p["query_p95_ms"] / v["query_p95_ms"],
    }
    report = {"pages": len(docs), "text_bytes": text_bytes, "results": results, "ratios": ratios}
    write_json(RESULTS / "search.json", report)
    print(f"{len(docs)} pages, {text_bytes / 1e6:.2f} MB of text, {len(qs)} queries")
    rows = [
        ("index (gzip bytes)", "index_gzip_bytes", "index_gzip", ".0f"),
        ("bytes sent to first result", "bytes_to_first_result", "bytes_to_first_result", ".0f"),
        ("first result (ms)", "first_result_ms", "first_result", ".1f"),
        ("query p50 (ms)", "query_p50_ms", "query_p50", ".1f"),
        ("query p95 (ms)", "query_p95_ms", "query_p95", ".1f"),
    ]
    print(comparison("", [(label, p[key], v[key], ratios[ratio], fmt) for label, key, ratio, fmt in rows]))
    print(f"timeouts: project {p['timeouts']}, vanilla {v['timeouts']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
