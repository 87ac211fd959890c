"""Rewrite Material's search index for the project's search worker.

Material's search plugin writes search/search_index.json with HTML text and
jieba's zero-width spaces; the worker (overrides/assets/javascripts/search/)
matches exact substrings over normalised text, so each section is kept as
plain text with its page title and what kind of page it is (the speech, the
glossary, or the site's own pages).
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections import defaultdict, deque
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import chain, repeat
from operator import add, sub
from pathlib import Path

from ..buildcache import BuildCache, canonical
from .other_process import OtherProcess, serve


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


def rewrite(index: dict, kinds: dict[str, str], labels: dict[str, str] | None = None) -> dict:
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
                # a page's own name where its front matter gives one (开场白, not the site's 首页)
                "page": (labels or {}).get(url) or pages.get(url, ""),
                "kind": kinds[url],
            }
        )
    # the worker needs no lunr pipeline; the separator is what Material's own
    # landing-page highlighter splits the `h` parameter on
    config = {**index["config"], "separator": r"[\s\u200b]+", "pipeline": []}
    return {"config": config, "docs": docs}


def run(site: Path, kinds: dict[str, str], labels: dict[str, str] | None = None) -> bool:
    path = Path(site) / "search" / "search_index.json"
    if not path.is_file():
        return False
    index = json.loads(path.read_text(encoding="utf-8"))
    data = rewrite(index, kinds, labels)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return True


# --- a library: the index in shards, loaded as a query needs them ------------------------------------
#
# With more than one speech one index file would make every reader download the
# whole library before the first result. Instead:
#   search/search_index.json   what Material loads: the glossary's entries (for
#                              search.suggest and the nothing-found hint) and, in
#                              config.library, how to find the rest
#   search/shards/g/K.json     postings: for each character, pair and triple of
#                              characters of the normalised text, the sections
#                              holding it (ascending numbers, delta-coded), in
#                              shard hash(gram) % shards
#   search/shards/d/N.json     section N: its place, title, page and text
# The worker loads the shards of a query's first and last triple (two requests:
# each costs a round trip, and two triples far apart in the query seldom stand
# together by chance), takes the sections holding both, and loads and checks
# those (in reading order: speeches, then the glossary, then the site's pages)
# until it has enough results. What a search downloads grows with the query,
# not the library.
# Offline (file://) the same data is written as .js files the worker's frame
# loads with <script>, calling __searchShard(key, data).

SHARD_BYTES = 8000  # postings per shard file, before compression
SHARD_PATH = "search/shards"


class _Folded(dict):
    """Code point -> its folded text, as str.translate reads it: worked out the first time a character is met."""

    def __missing__(self, code: int) -> str:
        import unicodedata

        folded = "".join(
            c for c in unicodedata.normalize("NFKC", chr(code)).lower() if unicodedata.category(c)[0] in "LN"
        )
        self[code] = folded
        return folded


_FOLDED = _Folded()  # a per-process table


def normalize(text: str) -> str:
    """As the worker's normalize(): NFKC per character, lower case, letters and digits only."""
    return text.translate(_FOLDED)


def gram_shard(gram: str, shards: int) -> int:
    """The worker's hash: h = h * 31 + code point, in 32 bits."""
    h = 0
    for ch in gram:
        h = (h * 31 + ord(ch)) & 0xFFFFFFFF
    return h % shards


def grams(norm: str) -> set[str]:
    """What the postings hold for a section: its characters, pairs and triples (a query of one, two, three or more)."""
    pairs = list(map(add, norm, norm[1:]))
    found = set(norm)
    found.update(pairs)
    found.update(map(add, pairs, norm[2:]))
    return found


def section_grams(norm: str) -> dict[str, None]:
    """grams(norm) in the order they first occur (characters, then pairs, then triples): a dict, so that the
    postings, built from them, come out in the same order whatever Python's string hashing."""
    pairs = list(map(add, norm, norm[1:]))
    return dict.fromkeys(chain(norm, pairs, map(add, pairs, norm[2:])))


def _shard(key: str, data, offline: bool) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"__searchShard({json.dumps(key)},{text})" if offline else text


def library_files(
    index: dict, pages: dict[str, tuple[str, int | None, int]], speeches, offline=False
) -> dict[str, str]:
    """A library's index as files: site-relative path -> text (the manifest, the postings' and the sections'
    shards). `pages`: page URL -> (kind, speech number or None, reading rank); `speeches`: (slug, name: the
    title in 书名号, as the scripts show it) in order."""
    rewritten = rewrite(index, {url: kind for url, (kind, _, _) in pages.items()})
    rank = {"speech": 0, "glossary": 1, "page": 2}
    position = {id(d): i for i, d in enumerate(rewritten["docs"])}

    def key(doc):
        kind, speech, order = pages[doc["location"].split("#", 1)[0]]
        return (rank[kind], speech if speech is not None else 0, order, position[id(doc)])

    docs = sorted(rewritten["docs"], key=key)
    ranges: list[list] = []
    for n, doc in enumerate(docs):
        kind, speech, _ = pages[doc["location"].split("#", 1)[0]]
        if kind == "speech":
            if not ranges or ranges[-1][0] != speech:
                ranges.append([speech, n, 0])
            ranges[-1][2] += 1
    glossary_start = next((n for n, d in enumerate(docs) if d["kind"] != "speech"), len(docs))
    pages_start = next((n for n, d in enumerate(docs) if d["kind"] == "page"), len(docs))

    # half a million lists at 100 speeches, none in a cycle: the collector, which would walk the whole build's
    # objects every 700 of them, waits until they are made and delta-coded (measured: 0.75 s to 0.40 s for the
    # postings, and 1.33 s to 0.95 s for the shards)
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _library_files(docs, ranges, glossary_start, pages_start, rewritten["config"], speeches, offline)
    finally:
        if collecting:
            gc.enable()


def _library_files(docs, ranges, glossary_start, pages_start, config, speeches, offline) -> dict[str, str]:
    # the postings: each gram's sections, made by C-level maps (a gram's list is found, or made, and the section's
    # number appended, with no Python loop over the 1.3 million pairs of a library of 100 speeches)
    postings: defaultdict[str, list[int]] = defaultdict(list)
    found, append = postings.__getitem__, list.append
    pairs = 0
    for n, doc in enumerate(docs):
        held = section_grams(normalize(doc["title"] + "\n" + doc["text"]))
        pairs += len(held)
        deque(map(append, map(found, held), repeat(n)), maxlen=0)
    total = sum(map(len, postings)) + 2 * len(postings) + 3 * pairs  # as the shards' text, roughly
    shards = 1
    while total / shards > SHARD_BYTES:
        shards *= 2
    files: dict[str, str] = {}
    buckets: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    # shards is a power of two, so gram_shard's hash in 32 bits and then modulo shards is the whole sum's low
    # bits; a gram is one, two or three characters (tests/unit/test_library_index.py holds the two equal)
    mask = shards - 1
    for gram, ids in postings.items():
        if len(gram) == 1:
            h = ord(gram)
        elif len(gram) == 2:
            h = ord(gram[0]) * 31 + ord(gram[1])
        else:
            h = (ord(gram[0]) * 31 + ord(gram[1])) * 31 + ord(gram[2])
        if len(ids) > 1:
            ids[1:] = map(sub, ids[1:], ids)  # delta-coded: each less the one before (the slice is read first)
        buckets[h & mask][gram] = ids
    ext = ".js" if offline else ".json"
    for k, bucket in enumerate(buckets):
        files[f"{SHARD_PATH}/g/{k}{ext}"] = _shard(f"g/{k}", bucket, offline)
    for n, doc in enumerate(docs):
        data = {"location": doc["location"], "title": doc["title"], "text": doc["text"], "page": doc["page"]}
        files[f"{SHARD_PATH}/d/{n}{ext}"] = _shard(f"d/{n}", data, offline)
    library = {
        "shards": shards,
        "docs": len(docs),
        "glossary": glossary_start,
        "pages": pages_start,
        "path": SHARD_PATH + "/",
        "ext": ".js" if offline else ".json",
        # [speech number, first section, sections, name (its title in 书名号, booktitle.py), slug]
        "speeches": [[s, first, count, speeches[s][1], speeches[s][0]] for s, first, count in ranges],
    }
    manifest = {
        "config": {**config, "library": library},
        # the glossary's entries without their text: search.suggest and the nothing-found hint (page.js)
        "docs": [
            {"location": d["location"], "title": d["title"], "text": "", "page": d["page"], "kind": d["kind"]}
            for d in docs
            if d["kind"] == "glossary"
        ],
    }
    files["search/search_index.json"] = json.dumps(manifest, ensure_ascii=False, separators=(",", ":"))
    return files


def write_files(site: Path, files: dict[str, str]) -> int:
    """`files` (library_files') written under `site`; the shards' folder then holds them and nothing else (a
    previous build's shards are written over: cheaper than deleting them all and creating them again, see
    adapters/old_output.py). Their bytes in all."""
    out = Path(site) / SHARD_PATH
    for folder in ("g", "d"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    size = 0
    for name, text in files.items():
        data = text.encode("utf-8")
        (Path(site) / name).write_bytes(data)
        size += len(data)
    written = {(Path(site) / name).as_posix() for name in files}
    for path in sorted(out.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.as_posix() in written or path.parent == out and path.name in ("g", "d"):
            continue
        if path.is_dir() and not path.is_symlink():
            path.rmdir()  # emptied first: the deepest paths come first
        else:
            path.unlink()
    return size


def write_library(site: Path, index: dict, pages: dict[str, tuple[str, int | None, int]], speeches, offline=False):
    """library_files written under `site`; the bytes written."""
    return write_files(site, library_files(index, pages, speeches, offline))


KIND = "search-index"  # the build cache's kind for a library's index files


def run_library(site: Path, pages, speeches, offline: bool = False, cache: BuildCache | None = None) -> bool:
    """Material's index under `site` rewritten as a library's shards. `cache`: the files reused when Material's
    index (every page's title and text, as its search plugin wrote them), the pages' kinds and ranks, the
    speeches and the offline switch are the same as a build made them before (any change to the text of any
    page makes them all again: a section's number, and so every posting after it, depends on all the others)."""
    path = Path(site) / "search" / "search_index.json"
    if not path.is_file():
        return False
    raw = path.read_bytes()
    made: list[dict[str, str]] = []  # the files just made (not read back from their JSON: 14 MB at 100 speeches)

    def make() -> bytes:
        made.append(library_files(json.loads(raw.decode("utf-8")), pages, speeches, offline))
        return json.dumps(made[0], ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    cache = cache or BuildCache.off()
    key = hashlib.sha256(raw).hexdigest().encode() + canonical([sorted(pages.items()), speeches, offline])
    packed = cache.fetch(KIND, "search", key, make)
    write_files(site, made[0] if made else json.loads(packed.decode("utf-8")))
    return True


# --- beside the page passes ----------------------------------------------------------------------------------
#
# The library's index (about 3 s at 100 speeches when any page's text changed) reads only Material's index and
# the pages' kinds; the page passes, the fidelity check and the Word files read none of what it writes. On a
# machine with two cores or more it is made by another Python (`python -m speech_study.postbuild.search_index`,
# its inputs pickled on its standard input, its answer on its standard output: nothing of the build's own
# program is run again in it, on Linux or Windows) while they run; the build waits for it before it ends. A
# process that cannot start, or ends without an answer, only means the index is made here afterwards.


def _work(inputs) -> tuple:
    """The other process's work (other_process.serve): the index, and its use of the cache for the tally."""
    site, pages, speeches, offline, cache = inputs
    done = run_library(site, pages, speeches, offline, cache)
    return done, cache.stats.hits, cache.stats.misses


@dataclass
class LibraryJob:
    """run_library, started now and finished by `finish()`: in a process of its own when there is a core for it."""

    site: Path
    pages: dict
    speeches: list
    offline: bool
    cache: BuildCache
    process: OtherProcess | None = None

    @classmethod
    def start(cls, site: Path, pages, speeches, offline: bool, cache: BuildCache | None = None) -> LibraryJob:
        job = cls(Path(site), pages, speeches, offline, cache or BuildCache.off())
        # the other process's cache: the same store, its own tally (sent back)
        own = BuildCache(job.cache.folder, job.cache.fingerprint)
        job.process = OtherProcess.start(__name__, (job.site, pages, speeches, offline, own))
        return job

    def stop(self) -> None:
        """The build failed: the other process, if any, is ended and reaped."""
        if self.process is not None:
            self.process.stop()
            self.process = None

    def finish(self) -> bool:
        """Wait for the index (or make it here); whether Material's index was there to rewrite."""
        answer = None if self.process is None else self.process.answer()
        if answer is not None:
            done, hits, misses = answer
            self.cache.stats.hits.extend(hits)
            self.cache.stats.misses.extend(misses)
            return done
        return run_library(self.site, self.pages, self.speeches, self.offline, self.cache)


if __name__ == "__main__":
    serve(_work)
