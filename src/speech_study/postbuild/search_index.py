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
import marshal
import struct
from bisect import bisect_left
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import chain, islice, repeat
from operator import add, and_, itemgetter, mul, setitem, sub
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

first, second, third = itemgetter(0), itemgetter(1), itemgetter(2)
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


def gram_hashes(grams: list[str]) -> Iterator[int]:
    """gram_shard's hash of each gram, before the modulo, by C-level maps (no Python step per gram): `grams` are
    characters, then pairs, then triples (as section_grams gives them); three characters stay within 32 bits."""
    lengths = list(map(len, grams))
    at_pairs, at_triples = bisect_left(lengths, 2), bisect_left(lengths, 3)
    firsts = list(map(ord, map(first, grams)))
    seconds = list(map(ord, map(second, grams[at_pairs:])))
    pairs = map(add, map(mul, firsts[at_pairs:at_triples], repeat(31)), seconds[: at_triples - at_pairs])
    stems = map(add, map(mul, firsts[at_triples:], repeat(31)), seconds[at_triples - at_pairs :])
    triples = map(add, map(mul, stems, repeat(31)), map(ord, map(third, grams[at_triples:])))
    return chain(firsts[:at_pairs], pairs, triples)


def _shard(key: str, data, offline: bool) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"__searchShard({json.dumps(key)},{text})" if offline else text


RANK = {"speech": 0, "glossary": 1, "page": 2}  # reading order: the speeches, then the glossary, then the site's pages

# --- the numbering of the speeches' sections, kept for the next build ----------------------------------------------
#
# Importing a speech adds it after the others in reading order: every section before it keeps its number, and so
# does every posting made from them. A build keeps, in its cache, the index as it stands once the last speech's
# page is numbered (the sections, the postings and their hashes), under a digest of the pages it was made from
# (each page's URL, kind and rank, and its entries as Material's file writes them); a pointer names the last one
# kept, with each page's digest. The next build compares each page's digest as its entries come: when every page
# of the kept prefix came with the same digest, it takes the kept index instead of numbering them again (at 100
# speeches about 1 s of the index process's CPU; reading it back, 0.25 s, is done before the pages come); at the
# first page that differs, or with anything kept missing or unreadable, it numbers every page as before. A build
# that took a kept numbering keeps its own only when it numbered more than an eighth again as many pages after it
# (keeping costs about 0.2 s at 100 speeches; the older one is still the next build's prefix). The kept index is
# the numbering's own state at that point, so the files made from it are those made afresh
# (tests/unit/test_library_index.py, tests/integration/test_build_cache.py).
CHECKPOINT = "search-checkpoint"  # the cache's kind for the kept numbering
POINTER = b"the last kept numbering"  # the pointer's inputs (one entry, written over by every build that keeps one)
PIECE = 1 << 16  # grams, postings, hashes or sections in each of the kept numbering's entries (one at a time in memory)


def _page_digest(url: str, place: tuple, written: str) -> bytes:
    """What a page gives the numbering: its URL, kind, speech and rank, and its entries as Material writes them."""
    return hashlib.sha256(canonical([url, list(place)]) + b"\n" + written.encode("utf-8")).digest()


def _pieces(values: Iterable, size: int = PIECE) -> Iterator[list]:
    it = iter(values)
    while piece := list(islice(it, size)):
        yield piece


class LibraryIndex:
    """A library's index made page by page: `add` each page's entries as Material's search plugin added them, in
    whatever order the engine built the pages, then `files`. A page's sections are numbered once every page
    before it in reading order is in (the others wait), so the postings are made in reading order, as the worker
    reads them, and the files are the same whichever order the pages came in.

    `pages`: page URL -> (kind, speech number or None, reading rank); `speeches`: (slug, name: the title in 书名号,
    as the scripts show it) in order."""

    def __init__(
        self,
        pages: dict[str, tuple[str, int | None, int]],
        speeches,
        offline: bool = False,
        cache: BuildCache | None = None,
    ) -> None:
        self.pages = pages
        self.speeches = speeches
        self.offline = offline
        self.order = sorted(pages, key=lambda url: (RANK[pages[url][0]], pages[url][1] or 0, pages[url][2]))
        self.place = {url: n for n, url in enumerate(self.order)}
        self.numbered = 0  # the pages of `order` whose sections are numbered
        self.come: dict[str, list[dict]] = {}  # page URL -> its entries, come and not yet numbered
        self.received = hashlib.sha256()  # every entry given, in order, as Material's file writes them
        self.any_received = False
        self.spoiled = False  # entries not as Material adds them: a page given twice, or another page's
        self.taken = False  # run_library took this index, as Material's file's
        self.docs: list[dict] = []
        self.ranges: list[list] = []  # [speech number, first section, sections]
        self.postings: defaultdict[str, list[int]] = defaultdict(list)
        self.hashes: list[int] = []  # each gram's hash (gram_shard's, before the modulo), as `postings` orders them
        self.pairs = 0
        # the numbering kept for the next build (CHECKPOINT), and the one a previous build kept, taken when every page
        # it was made from comes the same
        self.cache = cache if cache is not None and cache.usable else None
        self.speech_pages = sum(1 for url in self.order if pages[url][0] == "speech")  # the prefix kept
        self.digests: dict[str, bytes] = {}  # a page of that prefix -> its digest, as it comes
        self.resume: dict[str, bytes] | None = None  # a kept prefix's pages -> their digests, while it may be taken
        self.kept: tuple | None = None  # that numbering, read
        self.matched = 0
        self.resumed = 0  # known once numbered: the pages whose numbering was taken from a previous build
        if self.cache is not None:
            self._find_kept()

    def add(self, url: str, entries: list[dict], written: str | None = None) -> None:
        """The page at `url` and the entries Material's indexer added for it (none when it is left out of
        search); the sections of the pages now next in reading order are numbered. `written`: the entries as
        Material's file writes them (material_json), when the caller has them."""
        written = material_json(entries) if written is None else written
        if written:
            self.received.update(b"," if self.any_received else b"")
            self.received.update(written.encode("utf-8"))
            self.any_received = True
        if url not in self.pages:
            return  # not a page of the index (the 404 page)
        if url in self.come or self.place[url] < self.numbered or any(_page(e) != url for e in entries):
            self.spoiled = True  # not as Material adds them: the index is then made from its file
            return
        self.come[url] = list(entries)
        if self.cache is not None and self.place[url] < self.speech_pages:
            self.digests[url] = _page_digest(url, self.pages[url], written)
        if self.resume is not None and url in self.resume:
            if self.digests.get(url) != self.resume[url]:
                self.resume = self.kept = None  # a page of the kept prefix changed: every page is numbered
            else:
                self.matched += 1
                if self.matched == len(self.resume):
                    self._take_kept()
        if self.resume is None:
            self._number_come()

    def _number_come(self) -> None:
        """The sections of the pages now next in reading order, numbered."""
        while self.numbered < len(self.order) and self.order[self.numbered] in self.come:
            self._number(self.order[self.numbered])

    def _find_kept(self) -> None:
        """The numbering a previous build kept, when the pages it was made from are this index's first in reading
        order, with the same kinds and ranks (their entries are compared as they come)."""
        assert self.cache is not None
        pointer = self.cache.get(CHECKPOINT, self.cache.key(CHECKPOINT, POINTER))
        try:
            urls, digests, key = marshal.loads(pointer) if pointer is not None else ([], [], b"")
        except (EOFError, ValueError, TypeError):
            return
        if not (isinstance(urls, list) and isinstance(digests, list) and isinstance(key, bytes)):
            return
        if 0 < len(urls) <= self.speech_pages and urls == self.order[: len(urls)] and len(digests) == len(urls):
            self.kept = self._load_kept(key)
            if self.kept is not None:
                self.resume = dict(zip(urls, digests, strict=True))

    def _load_kept(self, key: bytes) -> tuple | None:
        """The numbering kept under `key` (sections, ranges, postings, hashes, pairs), read before the pages come (the
        process has nothing else to do then); None when missing or unreadable."""
        assert self.cache is not None
        cache = self.cache
        try:
            head = cache.get(CHECKPOINT, cache.key(CHECKPOINT, key))
            if head is None:
                return None
            postings_pieces, hashes_pieces, docs_pieces, ranges, pairs = marshal.loads(head)
            postings: defaultdict[str, list[int]] = defaultdict(list)
            hashes: list[int] = []
            docs: list[dict] = []
            grams: list[str] = []
            lists: list[list[int]] = []
            for name, pieces, add_piece in (
                ("grams", postings_pieces, grams.extend),
                ("lists", postings_pieces, lists.extend),
                ("hashes", hashes_pieces, hashes.extend),
                ("docs", docs_pieces, docs.extend),
            ):
                for n in range(pieces):
                    piece = cache.get(CHECKPOINT, cache.key(CHECKPOINT, key + f"/{name}/{n}".encode()))
                    if piece is None:
                        return None
                    add_piece(marshal.loads(piece))
            postings.update(zip(grams, lists, strict=True))
        except (EOFError, ValueError, TypeError):
            return None
        if len(hashes) != len(postings) or (ranges and ranges[-1][1] + ranges[-1][2] != len(docs)):
            return None
        return docs, ranges, postings, hashes, pairs

    def _take_kept(self) -> None:
        """Every page of the kept prefix came as it was: the kept numbering taken in place of numbering them."""
        assert self.resume is not None and self.kept is not None
        count = len(self.resume)
        for url in self.order[:count]:
            del self.come[url]
        self.docs, self.ranges, self.postings, self.hashes, self.pairs = self.kept
        self.resume, self.kept = None, None
        self.numbered = self.resumed = count
        if self.cache is not None:  # the build's log says so (pipeline.cache_summary)
            self.cache.stats.hits.append((CHECKPOINT, str(count)))

    def _keep(self) -> None:
        """The numbering as it stands once the last speech's page is numbered, kept for the next build (when every
        page before it came: the digests say what it was made from)."""
        assert self.cache is not None
        urls = self.order[: self.speech_pages]
        if any(url not in self.digests for url in urls):
            return
        if self.resumed and (len(urls) - self.resumed) * 8 < self.resumed:
            return  # the numbering taken stays the next build's (keeping this one would take its time for little)
        digests = [self.digests[url] for url in urls]
        key = hashlib.sha256(b"".join(digests)).digest()
        cache = self.cache
        counts = {}
        for name, values in (
            ("grams", self.postings.keys()),
            ("lists", self.postings.values()),
            ("hashes", self.hashes),
            ("docs", self.docs),
        ):
            n = -1
            for n, piece in enumerate(_pieces(values)):
                cache.put(CHECKPOINT, cache.key(CHECKPOINT, key + f"/{name}/{n}".encode()), marshal.dumps(piece))
            counts[name] = n + 1
        head = marshal.dumps((counts["grams"], counts["hashes"], counts["docs"], self.ranges, self.pairs))
        cache.put(CHECKPOINT, cache.key(CHECKPOINT, key), head)
        cache.put(CHECKPOINT, cache.key(CHECKPOINT, POINTER), marshal.dumps((urls, digests, key)))

    def _number(self, url: str) -> None:
        entries = self.come.pop(url)
        self.numbered += 1
        kind, speech, _ = self.pages[url]
        last = self.place[url] == self.speech_pages - 1  # the last speech's last page: the numbering is kept after it
        label = ""
        for entry in entries:
            if entry["location"] == url:
                label = plain(entry["title"])  # the page's own name (its last such entry, as rewrite takes it)
        postings, append = self.postings, list.append
        found = postings.__getitem__
        for entry in entries:
            n = len(self.docs)
            doc = {"location": entry["location"], "title": plain(entry["title"]), "text": plain(entry["text"])}
            self.docs.append({**doc, "page": label, "kind": kind})
            if kind == "speech":
                if not self.ranges or self.ranges[-1][0] != speech:
                    self.ranges.append([speech, n, 0])
                self.ranges[-1][2] += 1
            held = section_grams(normalize(doc["title"] + "\n" + doc["text"]))
            self.pairs += len(held)
            made = len(postings)
            # each gram's list is found, or made, and the section's number appended by C-level maps
            deque(map(append, map(found, held), repeat(n)), maxlen=0)
            # the grams first met here: the last made (a dict keeps its keys in the order they came), and so in the
            # order they occur, characters, then pairs, then triples; their hashes kept in the same order
            new = list(islice(reversed(postings), len(postings) - made))
            new.reverse()
            self.hashes.extend(gram_hashes(new))
        if last and self.cache is not None:
            self._keep()

    def config_of(self, raw: bytes, pages, speeches, offline: bool) -> dict | None:
        """Material's index config from `raw`, its file, when this is the index of that file and these inputs:
        the file holds exactly the entries given, in their order (compared by digest, without reading the file's
        entries: at 1,000 speeches several hundred MB); None when it is not."""
        if self.spoiled or (self.pages, self.speeches, self.offline) != (pages, speeches, offline):
            return None
        head, middle, tail = b'{"config":', b',"docs":[', b"]}"
        if not raw.startswith(head) or not raw.endswith(tail):
            return None
        try:
            config, end = json.JSONDecoder().raw_decode(raw[: raw.find(middle)].decode("utf-8"), len(head))
        except ValueError:
            return None
        if not isinstance(config, dict) or raw[end : end + len(middle)] != middle:
            return None  # (a file not all ASCII, as Material's is, is not found so, and made afresh)
        entries = memoryview(raw)[end + len(middle) : len(raw) - len(tail)]
        return config if hashlib.sha256(entries).digest() == self.received.digest() else None

    def files(self, config: dict) -> dict[str, str]:
        """The index as files: site-relative path -> text (the manifest, the postings' and the sections' shards).
        `config`: Material's index's own. Once only: the postings are delta-coded in place."""
        return dict(self.each_file(config))

    def each_file(self, config: dict) -> Iterator[tuple[str, str]]:
        """`files`, one at a time: each file's text made as it is asked for, and the postings it holds freed (at 1,000
        speeches all the files' texts at once are a few hundred MB)."""
        self.resume = self.kept = None  # (a page of the kept prefix never came: every page is numbered)
        for url in self.order[self.numbered :]:
            if url in self.come:
                self._number(url)
        self.numbered = len(self.order)
        postings, docs = self.postings, self.docs
        total = sum(map(len, postings)) + 2 * len(postings) + 3 * self.pairs  # as the shards' text, roughly
        shards = 1
        while total / shards > SHARD_BYTES:
            shards *= 2
        buckets: list[dict[str, list[int]]] = [{} for _ in range(shards)]
        # each gram into its shard (shards are a power of two: the hash's low bits), by C-level maps
        shard = map(buckets.__getitem__, map(and_, self.hashes, repeat(shards - 1)))
        deque(map(setitem, shard, postings.keys(), postings.values()), maxlen=0)
        ext = ".js" if self.offline else ".json"
        # most of the memory: the shards hold the only lists left, each delta-coded only as its shard is made and
        # freed with it (every list's deltas at once, new numbers, were a fifth of this process's memory at 1,000
        # speeches)
        del postings, shard
        self.postings, self.hashes = defaultdict(list), []
        for k in range(shards):
            bucket, buckets[k] = buckets[k], {}
            for ids in bucket.values():
                if len(ids) > 1:
                    ids[1:] = map(sub, ids[1:], ids)  # delta-coded: each less the one before (the slice is read first)
            text = _shard(f"g/{k}", bucket, self.offline)
            del bucket
            yield f"{SHARD_PATH}/g/{k}{ext}", text
        for n, doc in enumerate(docs):
            data = {"location": doc["location"], "title": doc["title"], "text": doc["text"], "page": doc["page"]}
            yield f"{SHARD_PATH}/d/{n}{ext}", _shard(f"d/{n}", data, self.offline)
        glossary_start = next((n for n, d in enumerate(docs) if d["kind"] != "speech"), len(docs))
        pages_start = next((n for n, d in enumerate(docs) if d["kind"] == "page"), len(docs))
        library = {
            "shards": shards,
            "docs": len(docs),
            "glossary": glossary_start,
            "pages": pages_start,
            "path": SHARD_PATH + "/",
            "ext": ext,
            # [speech number, first section, sections, name (its title in 书名号, booktitle.py), slug]
            "speeches": [
                [s, first, count, self.speeches[s][1], self.speeches[s][0]] for s, first, count in self.ranges
            ],
        }
        # the worker needs no lunr pipeline; the separator is what Material's own landing-page highlighter splits
        # the `h` parameter on
        manifest = {
            "config": {**config, "separator": r"[\s\u200b]+", "pipeline": [], "library": library},
            # the glossary's entries without their text: search.suggest and the nothing-found hint (page.js)
            "docs": [
                {"location": d["location"], "title": d["title"], "text": "", "page": d["page"], "kind": d["kind"]}
                for d in docs
                if d["kind"] == "glossary"
            ],
        }
        yield "search/search_index.json", json.dumps(manifest, ensure_ascii=False, separators=(",", ":"))


def material_json(entries: list[dict]) -> str:
    """Entries as Material's search plugin writes them in its file's list (what JSON has no type for by its
    str()), each after a comma but the first."""
    return ",".join(json.dumps(entry, separators=(",", ":"), default=str) for entry in entries)


def _page(entry: dict) -> str:
    """The URL of the page an entry of Material's index is a section of."""
    return entry["location"].split("#", 1)[0]


def _index_of(
    index: dict,
    pages: dict[str, tuple[str, int | None, int]],
    speeches,
    offline=False,
    consume: bool = False,
    cache: BuildCache | None = None,
) -> LibraryIndex:
    """A LibraryIndex given every page's entries of Material's whole index, as they stand. `consume`: `index`'s
    entries are let go as they are added (its list emptied), so that Material's entries and the postings made from
    them are not all in memory at once (at 1,000 speeches, a few hundred MB each)."""
    by_page: dict[str, list[dict]] = {}
    for entry in index["docs"]:
        by_page.setdefault(_page(entry), []).append(entry)
    if consume:
        index["docs"].clear()  # each entry is by_page's alone now
    made = LibraryIndex(pages, speeches, offline, cache)
    for url in list(by_page):
        made.add(url, by_page.pop(url) if consume else by_page[url])
    return made


@contextmanager
def _no_collector() -> Iterator[None]:
    """Half a million lists at 100 speeches, none in a cycle: the collector, which would walk the whole build's
    objects every 700 of them, waits until they are made and delta-coded (measured: 0.75 s to 0.40 s for the
    postings, and 1.33 s to 0.95 s for the shards)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def library_files(
    index: dict, pages: dict[str, tuple[str, int | None, int]], speeches, offline=False
) -> dict[str, str]:
    """A library's index as files (LibraryIndex) from Material's whole index, its pages' entries as they stand."""
    with _no_collector():
        return _index_of(index, pages, speeches, offline).files(index["config"])


# the cache's entry for an index: each file as its name's and its bytes' lengths (8 bytes each, big-endian), the name
# (UTF-8) and the bytes, one after another; made as the files are written, read back one file at a time (JSON of the
# files, made and parsed whole, was the index process's highest memory: +30 MB at 100 speeches)
LENGTHS = struct.Struct(">QQ")
PACK = b"speech-study index files 1\n"  # a pack's first bytes: an entry of another form is no pack of these


def _pack_entry(pack: bytearray, name: str, data: bytes) -> None:
    encoded = name.encode("utf-8")
    pack += LENGTHS.pack(len(encoded), len(data))
    pack += encoded
    pack += data


def _unpacked(pack: bytes) -> Iterator[tuple[str, bytes]]:
    """The files of a pack (PACK, then _pack_entry's), in order; a pack that does not read whole, or an entry that
    is not a pack, is an error (ValueError: the first before any file)."""
    if not pack.startswith(PACK):
        raise ValueError("not a pack")
    view, at = memoryview(pack), len(PACK)
    while at < len(view):
        if at + LENGTHS.size > len(view):
            raise ValueError("truncated")
        size, length = LENGTHS.unpack_from(view, at)
        at += LENGTHS.size
        if at + size + length > len(view):
            raise ValueError("truncated")
        name = bytes(view[at : at + size]).decode("utf-8")
        yield name, bytes(view[at + size : at + size + length])
        at += size + length


def write_files(site: Path, files: dict[str, str]) -> int:
    """`files` (library_files') written under `site`; the shards' folder then holds them and nothing else (a
    previous build's shards are written over: cheaper than deleting them all and creating them again, see
    adapters/old_output.py). Their bytes in all."""
    return _write_each(site, ((name, text.encode("utf-8")) for name, text in files.items()))


def _write_each(site: Path, files: Iterable[tuple[str, bytes]]) -> int:
    """write_files, for (name, bytes) written one at a time as they come."""
    out = Path(site) / SHARD_PATH
    for folder in ("g", "d"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    size = 0
    written: set[str] = set()
    for name, data in files:
        (Path(site) / name).write_bytes(data)
        written.add((Path(site) / name).as_posix())
        size += len(data)
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


def run_library(
    site: Path,
    pages,
    speeches,
    offline: bool = False,
    cache: BuildCache | None = None,
    made: LibraryIndex | None = None,
) -> bool:
    """Material's index under `site` rewritten as a library's shards. `cache`: the files reused when Material's
    index (every page's title and text, as its search plugin wrote them), the pages' kinds and ranks, the
    speeches and the offline switch are the same as a build made them before (any change to the text of any
    page makes them all again: a section's number, and so every posting after it, depends on all the others).
    `made`: the index already made page by page as the engine built them (LibraryJob), taken when the entries
    it was given are, in order, those of Material's index file and the rest of its inputs are these."""
    path = Path(site) / "search" / "search_index.json"
    if not path.is_file():
        return False
    raw = path.read_bytes()
    cache = cache or BuildCache.off()
    wrote: list[bool] = []  # the files were written as they were made (not read back from the cache's entry)

    def make() -> bytes:
        config = None if made is None else made.config_of(raw, pages, speeches, offline)
        with _no_collector():
            if made is not None and config is not None:
                index, made.taken = made, True
            else:
                material = json.loads(raw.decode("utf-8"))
                index = _index_of(material, pages, speeches, offline, consume=True, cache=cache)
                config = material["config"]
            pack = bytearray(PACK)
            keep = cache.usable  # (no cache: nothing to keep)

            def each() -> Iterator[tuple[str, bytes]]:
                for name, text in index.each_file(config):
                    data = text.encode("utf-8")
                    if keep:
                        _pack_entry(pack, name, data)
                    yield name, data

            _write_each(site, each())
        wrote.append(True)
        return pack  # type: ignore[return-value]  # (bytes-like: stored as it is, not copied)

    key = hashlib.sha256(raw).hexdigest().encode() + canonical([sorted(pages.items()), speeches, offline])
    packed = cache.fetch(KIND, "search", key, make)
    if not wrote and not packed.startswith(PACK):
        # an entry of another form under this key (the same key under other code: a long `serve` whose index
        # process runs the package as it now is on disk): made again, and stored over it
        cache.put(KIND, cache.key(KIND, key), make())
    if not wrote:
        _write_each(site, _unpacked(packed))
    return True


# --- beside the engine and the page passes ------------------------------------------------------------------------
#
# The library's index (about 3 s at 100 speeches when any page's text changed, made from Material's index once it
# is written) reads only Material's entries and the pages' kinds; the page passes, the fidelity check and the
# Word files read none of what it writes. On a machine with two cores or more it is made by another Python
# (`python -m speech_study.postbuild.search_index`, its inputs pickled on its standard input, its answer on its
# standard output: nothing of the build's own program is run again in it, on Linux or Windows). The MkDocs
# plugin starts it before MkDocs builds the pages and sends it each page's entries as Material's search plugin
# adds them (`add`): the index is made page by page while MkDocs goes on, and once Material has written its
# file (`begin_writing`, at the post-build passes) the other process checks the entries it was given against
# the file, and only writes the files. The build waits for it before it ends. Entries that are not the file's
# (a page sent twice; Material under `--dirtyreload`, which the plugin refuses, writes the previous build's too)
# mean it is made from the file there; a process that cannot start, or ends without an answer, means it is made
# here afterwards.


def _work(inputs, items) -> tuple:
    """The other process's work (other_process.serve, streamed): the index made from each (page URL, its entries
    as JSON) as it comes, then written once the stream ends; its use of the cache for the tally."""
    site, pages, speeches, offline, cache = inputs
    gc.disable()  # as in library_files: half a million lists, none in a cycle; this process ends after
    made = LibraryIndex(pages, speeches, offline, cache)
    for url, written in items:
        made.add(url, json.loads(f"[{written}]"), written)
    done = run_library(site, pages, speeches, offline, cache, made)
    return done, made.taken, cache.stats.hits, cache.stats.misses


@dataclass
class LibraryJob:
    """run_library, started now and finished by `finish()`: in a process of its own when there is a core for it,
    given each page's entries as the engine builds the pages (`add`) when it is started before them."""

    site: Path
    pages: dict
    speeches: list
    offline: bool
    cache: BuildCache
    process: OtherProcess | None = None
    taken: bool = False  # known after finish(): the other process took the index it made as the pages came

    @classmethod
    def start(cls, site: Path, pages, speeches, offline: bool, cache: BuildCache | None = None) -> LibraryJob:
        job = cls(Path(site), pages, speeches, offline, cache or BuildCache.off())
        # the other process's cache: the same store, its own tally (sent back)
        own = BuildCache(job.cache.folder, job.cache.fingerprint)
        job.process = OtherProcess.start(__name__, (job.site, pages, speeches, offline, own), streamed=True)
        return job

    def started_with(self, site: Path, pages, speeches, offline: bool) -> bool:
        """Whether the job was started with these inputs."""
        return (self.site, self.pages, self.speeches, self.offline) == (Path(site), pages, speeches, offline)

    def add(self, url: str, entries: list[dict]) -> None:
        """A page built and the entries Material's search plugin added for it, as its file will hold them."""
        if self.process is not None:
            self.process.send((url, material_json(entries)))

    def begin_writing(self) -> None:
        """Material's index is written, and the scripts the pages load are hashed: the other process may read the
        one and write the index's files beside the others."""
        if self.process is not None:
            self.process.end_stream()

    def stop(self) -> None:
        """The build failed: the other process, if any, is ended and reaped."""
        if self.process is not None:
            self.process.stop()
            self.process = None

    def finish(self) -> bool:
        """Wait for the index (or make it here); whether Material's index was there to rewrite."""
        self.begin_writing()
        answer = None if self.process is None else self.process.answer()
        if answer is not None:
            done, self.taken, hits, misses = answer
            self.cache.stats.hits.extend(hits)
            self.cache.stats.misses.extend(misses)
            return done
        return run_library(self.site, self.pages, self.speeches, self.offline, self.cache)


if __name__ == "__main__":
    serve(_work, streamed=True)
