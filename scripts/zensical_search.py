"""Measure Zensical's own search on the public acceptance set (../shared/search/queries.tsv).

On Zensical the site keeps Zensical's search UI and index (the project's worker
speaks Material's protocol only). This types every query of the acceptance set
into that UI in Chromium, as a reader would, and records for each:
  - found: at least one result;
  - first holds it: the first result's section contains the query (both
    normalised: NFKC, lower case, letters and digits only — as tests/searchbox.py);
  - first expected: the first result is one of the sections the set names.

Run:  .venv/bin/python scripts/zensical_search.py [SITE]
SITE is a Zensical build (bash scripts/build.sh zensical SITE); without it, one is
built into a temporary folder. Prints a summary line and a Markdown table, and
writes every query's record to bench-results/zensical-search.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from speech_study.localserver import serve
from speech_study.project import Project

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT.parent / "shared" / "search" / "queries.tsv"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Zensical's search dialog is a <dialog> in an open shadow root attached to <body>:
# Playwright's CSS locators pierce it, document.querySelector does not
INPUT = "dialog input[role=combobox]"
STATUS = "dialog [role=status]"
OPTIONS = "dialog ol[role=listbox] a[role=option]"
ROOT_JS = "[...document.body.children].map(e => e.shadowRoot).find(r => r && r.querySelector('dialog'))"
# The dialog says "No results" while a query is still on its way to the worker, so the DOM alone cannot
# tell "nothing found" from "not yet": watch the worker. A message out with data.input is a query; the
# next message in with data.items is its answer (Zensical 0.0.73's protocol, as pinned in build.sh).
WATCH_WORKER_JS = """(() => {
  const Native = window.Worker
  const search = (window.__zsearch = { pending: [], answered: null })
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args)
      this.addEventListener('message', e => {
        const items = e.data && e.data.data && e.data.data.items
        if (Array.isArray(items) && search.pending.length)
          search.answered = { input: search.pending.shift(), count: items.length }
      })
    }
    postMessage(message, ...rest) {
      const input = message && message.data && message.data.input
      if (typeof input === 'string') search.pending.push(input)
      return super.postMessage(message, ...rest)
    }
  }
})()"""
# answered: the worker answered this very query and the dialog shows that answer
ANSWERED_JS = f"""q => {{
  const search = window.__zsearch
  if (!search.answered || search.answered.input !== q || search.pending.length) return false
  const root = {ROOT_JS}
  const options = root.querySelectorAll('ol[role=listbox] a[role=option]')
  const status = root.querySelector('[role=status]').textContent.trim()
  if (search.answered.count === 0) return options.length === 0 && (q === '' ? status === '' : /\\S/.test(status))
  return options.length > 0 && new URL(options[0].href).searchParams.get('h') === q
}}"""


def normalize(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in folded if unicodedata.category(c)[0] in "LN")


def acceptance_set() -> list[tuple[str, str, list[str]]]:
    rows = []
    with QUERIES.open(encoding="utf-8") as f:
        for row in csv.reader((line for line in f if not line.startswith("#")), delimiter="\t"):
            if row:
                rows.append((row[0], row[1], row[2].split(" | ")))
    return rows


def page_url(src_uri: str) -> str:
    stem = src_uri[: -len(".md")]
    return "" if stem == "index" else f"{stem}/"


def section_labels(project: Project) -> dict[str, str]:
    """'part-1-leadership-team/#daitouren' -> its label as queries.tsv writes it; a page's top answers too."""
    labels = {}
    for page in project.speech_pages():
        for i, section in enumerate(page.sections()):
            labels[f"{page_url(page.src_uri)}#{section.anchor}"] = section.label
            if i == 0:
                labels[page_url(page.src_uri)] = section.label
    return labels


def section_texts(site: Path) -> dict[str, str]:
    """location -> normalised title and text, from Zensical's own index (what it searched)."""
    data = json.loads((site / "search.json").read_text(encoding="utf-8"))
    return {item["location"]: normalize(item["title"] + re.sub(r"<[^>]+>", "", item["text"])) for item in data["items"]}


def location(href: str, origin: str) -> str:
    url = urlparse(href)
    path = url.path[len(urlparse(origin).path) :]
    return path + (f"#{url.fragment}" if url.fragment else "")


def build(dest: Path) -> None:
    env = {**os.environ, "PDF_EXPORT": "false", "OFFLINE": "false"}
    subprocess.run(["bash", str(ROOT / "scripts" / "build.sh"), "zensical", str(dest)], cwd=ROOT, check=True, env=env)


def measure(site: Path, browser=None) -> list[dict]:
    """Every query of the set typed into Zensical's dialog; `browser`: a Playwright Chromium (else one is started)."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            own = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                return measure(site, own)
            finally:
                own.close()
    labels = section_labels(Project.load(ROOT))
    texts = section_texts(site)
    records = []
    httpd, origin = serve(site)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        context.add_init_script(WATCH_WORKER_JS)
        page = context.new_page()
        page.goto(origin + "part-1-leadership-team/", wait_until="networkidle")
        page.locator(".md-search__button").first.click()
        box = page.locator(INPUT)
        box.wait_for(state="visible")
        previous = None  # the last query's text and its count of results
        for query, kind, where in acceptance_set():
            # typed over the last query, as a reader does; cleared first only where the answer could be taken for
            # the last one's: the same text (no input event), or after nothing found (the status line stays)
            if previous is not None and (previous[0] == query or previous[1] == 0):
                box.fill("")
                page.wait_for_function(ANSWERED_JS, arg="")
            box.fill(query)
            page.wait_for_function(ANSWERED_JS, arg=query)
            hrefs = [a.get_attribute("href") for a in page.locator(OPTIONS).all()]
            first = location(hrefs[0], origin) if hrefs else None
            needle = normalize(query)
            expected_at = next((i + 1 for i, h in enumerate(hrefs) if labels.get(location(h, origin)) in where), None)
            records.append(
                {
                    "query": query,
                    "kind": kind,
                    "results": len(hrefs),
                    "engine_results": page.evaluate("window.__zsearch.answered.count"),
                    "first": first,
                    "found": bool(hrefs),
                    "first_holds": first is not None and needle in texts.get(first, ""),
                    "first_expected": first is not None and labels.get(first) in where,
                    "expected_rank": expected_at,
                    "status": page.locator(STATUS).inner_text().strip(),
                    "h": parse_qs(urlparse(hrefs[0]).query).get("h", [None])[0] if hrefs else None,
                }
            )
            previous = (query, records[-1]["engine_results"])
    finally:
        context.close()
        httpd.shutdown()
    return records


def report(records: list[dict]) -> str:
    def row(name: str, rs: list[dict]) -> str:
        n = len(rs)
        found = sum(r["found"] for r in rs)
        holds = sum(r["first_holds"] for r in rs)
        expected = sum(r["first_expected"] for r in rs)
        anywhere = sum(r["expected_rank"] is not None for r in rs)
        return f"| {name} | {n} | {found}/{n} | {holds}/{n} | {expected}/{n} | {anywhere}/{n} |"

    n = len(records)
    lines = [
        f"zensical search: {n} queries; found {sum(r['found'] for r in records)}/{n}; "
        f"first result holds the phrase {sum(r['first_holds'] for r in records)}/{n}; "
        f"first result is the expected section {sum(r['first_expected'] for r in records)}/{n}",
        "",
        "| kind | queries | found | first holds the phrase | first is the expected section | expected anywhere |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for kind in dict.fromkeys(r["kind"] for r in records):
        lines.append(row(kind, [r for r in records if r["kind"] == kind]))
    lines.append(row("all", records))
    misses = [r for r in records if not r["first_expected"]]
    if misses:
        lines += ["", "first result not the expected section:"]
        lines += [f"- {r['query']}: {r['first'] or '(nothing found)'}" for r in misses]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, help="a Zensical build (default: build one now)")
    args = parser.parse_args(argv)
    if not QUERIES.is_file():
        print(f"the public search acceptance set is missing: {QUERIES}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="zensical-site-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build(site)
        if not (site / "search.json").is_file():
            print(f"{site}: no search.json here; is it a Zensical build?", file=sys.stderr)
            return 1
        records = measure(site.resolve())
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "zensical-search.json").write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    print(report(records))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
