"""Benchmark: the project's search against vanilla Material + jieba, in one Chromium run.

Builds a synthetic site of 200 pages (~1.5 MB of Chinese) twice, serves both on
127.0.0.1 and measures, in the same browser:
  - the search index's size (gzip),
  - time from navigation start to the first result of a query typed at once,
  - per-query latency (keyup to results shown), p50 and p95, over 200+ queries.

Run: bash scripts/bench.sh   (writes bench-results/search.json and prints a table)
"""

from __future__ import annotations

import gzip
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import synthetic_site

from speech_study.localserver import serve

ROOT = synthetic_site.ROOT
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic"]

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


def build(project: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"],
        cwd=project,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return time.perf_counter() - started


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


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def measure(browser, url: str, qs: list[str]) -> dict:
    first = []
    for i in range(3):
        page = browser.new_page()
        page.goto(url + "page-001/", wait_until="commit")
        page.wait_for_selector("input.md-search__input", state="attached")
        first.append(page.evaluate(FIRST_RESULT_JS, qs[i]))
        page.close()
    page = browser.new_page()
    page.goto(url + "page-001/", wait_until="networkidle")
    page.evaluate(LATENCY_JS, qs[-20:])  # warm-up, not counted
    times = page.evaluate(LATENCY_JS, qs)
    page.close()
    measured = [t for t in times if t is not None]
    return {
        "first_result_ms": statistics.median(first),
        "query_p50_ms": percentile(measured, 0.5),
        "query_p95_ms": percentile(measured, 0.95),
        "queries": len(qs),
        "timeouts": times.count(None),
    }


def main() -> int:
    from playwright.sync_api import sync_playwright

    docs = synthetic_site.pages()
    text_bytes = sum(len(t.encode("utf-8")) for t in docs.values())
    qs = queries(docs)
    work = Path(tempfile.mkdtemp(prefix="bench-search-"))
    sites, results = {}, {}
    for variant in ("project", "vanilla"):
        project = synthetic_site.write(work / variant, variant, docs)
        seconds = build(project)
        index = (project / "site" / "search" / "search_index.json").read_bytes()
        sites[variant] = project / "site"
        results[variant] = {"build_s": seconds, "index_gzip_bytes": len(gzip.compress(index, 6))}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for variant, site in sites.items():
            results[variant].update(measure(browser, serve(site)[1], qs))
        browser.close()
    p, v = results["project"], results["vanilla"]
    ratios = {
        "index_gzip": p["index_gzip_bytes"] / v["index_gzip_bytes"],
        "first_result": p["first_result_ms"] / v["first_result_ms"],
        "query_p50": p["query_p50_ms"] / v["query_p50_ms"],
        "query_p95": p["query_p95_ms"] / v["query_p95_ms"],
    }
    report = {"pages": len(docs), "text_bytes": text_bytes, "results": results, "ratios": ratios}
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "search.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"{len(docs)} pages, {text_bytes / 1e6:.2f} MB of text, {len(qs)} queries")
    print(f"{'':24}{'project':>12}{'vanilla':>12}{'ratio':>8}")
    rows = [
        ("index (gzip bytes)", "index_gzip_bytes", "index_gzip"),
        ("first result (ms)", "first_result_ms", "first_result"),
        ("query p50 (ms)", "query_p50_ms", "query_p50"),
        ("query p95 (ms)", "query_p95_ms", "query_p95"),
    ]
    for label, key, ratio in rows:
        print(f"{label:24}{p[key]:>12.1f}{v[key]:>12.1f}{ratios[ratio]:>8.2f}")
    print(f"timeouts: project {p['timeouts']}, vanilla {v['timeouts']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
