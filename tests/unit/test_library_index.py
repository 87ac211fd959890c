"""A library's search index in shards (postbuild/search_index.py): what the worker's library core reads."""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speech_study.buildcache import BuildCache, canonical
from speech_study.postbuild import other_process, search_index
from speech_study.postbuild.search_index import gram_shard, normalize, write_library


def material_index() -> dict:
    docs = [
        ("glossary/", "术语表", ""),
        ("glossary/#sjj", "双刃剑", "比喻既能带来好处、也可能带来害处的事物。"),
        ("shequ/part-1/", "一、提高认识", ""),
        ("shequ/part-1/#c", "（一）新变化", "老年人口占比上升，<b>托育</b>需求增加。"),
        ("part-1/", "一、班子", "权力是把双刃剑。"),
        ("about/", "来源与说明", "本站说明。"),
    ]
    return {"config": {"lang": ["zh"]}, "docs": [{"location": u, "title": t, "text": x} for u, t, x in docs]}


PAGES = {
    "glossary/": ("glossary", None, 0),
    "shequ/part-1/": ("speech", 1, 0),
    "part-1/": ("speech", 0, 0),
    "about/": ("page", None, 1),
}


def test_sections_in_reading_order_and_postings_complete(tmp_path):
    (tmp_path / "search").mkdir()
    write_library(tmp_path, material_index(), PAGES, [("main", "第一篇"), ("shequ", "社区")])
    manifest = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))
    lib = manifest["config"]["library"]
    docs = [
        json.loads((tmp_path / "search/shards/d" / f"{n}.json").read_text(encoding="utf-8")) for n in range(lib["docs"])
    ]
    # speeches in library order, then the glossary, then the site's pages
    assert [d["location"] for d in docs] == [
        "part-1/",
        "shequ/part-1/",
        "shequ/part-1/#c",
        "glossary/",
        "glossary/#sjj",
        "about/",
    ]
    assert lib["speeches"] == [[0, 0, 1, "第一篇", "main"], [1, 1, 2, "社区", "shequ"]]
    assert (lib["glossary"], lib["pages"]) == (3, 5)
    assert "<b>" not in docs[2]["text"] and "托育" in docs[2]["text"]  # markup gone
    # Material's search.suggest and page.js read the glossary's entries from the manifest
    assert [d["title"] for d in manifest["docs"]] == ["术语表", "双刃剑"]
    # every character, pair and triple of every section is in the shard the worker computes
    shards = [
        json.loads((tmp_path / "search/shards/g" / f"{k}.json").read_text(encoding="utf-8"))
        for k in range(lib["shards"])
    ]
    for n, doc in enumerate(docs):
        norm = normalize(doc["title"] + "\n" + doc["text"])
        for size in (1, 2, 3):
            for gram in {norm[i : i + size] for i in range(len(norm) - size + 1)}:
                deltas = shards[gram_shard(gram, lib["shards"])][gram]
                ids = [sum(deltas[: i + 1]) for i in range(len(deltas))]
                assert n in ids, (gram, n)


def test_offline_shards_are_scripts(tmp_path):
    (tmp_path / "search").mkdir()
    write_library(tmp_path, material_index(), PAGES, [("main", "第一篇"), ("shequ", "社区")], offline=True)
    text = (tmp_path / "search/shards/d/0.js").read_text(encoding="utf-8")
    assert text.startswith('__searchShard("d/0",{') and text.endswith("})")
    assert (
        json.loads((tmp_path / "search/search_index.json").read_text(encoding="utf-8"))["config"]["library"]["ext"]
        == ".js"
    )


def test_the_worker_and_python_agree_on_shards():
    # the same values as SearchCore.gramShard (tests/js/search-library.test.mjs)
    assert gram_shard("四大", 4096) == 3500
    assert gram_shard("党", 4096) == 346
    assert gram_shard("𠀀a", 7) == 4
    assert normalize("六个不能、五个通气 ＡＢ100％") == "六个不能五个通气ab100"


@settings(max_examples=40)
@given(
    texts=st.lists(st.text(alphabet=st.characters(categories=("Lo", "Nd", "Lu")), min_size=1, max_size=30), min_size=1),
    shard_bytes=st.sampled_from([8, 64, 500]),
)
def test_every_gram_is_in_the_shard_the_worker_computes_however_many_shards(texts, shard_bytes, tmp_path_factory):
    """write_library computes each gram's shard in its own loop (shards are a power of two): the same shard as
    gram_shard, the worker's hash, for any text (astral characters too) and many shards."""
    site = tmp_path_factory.mktemp("shards")
    (site / "search").mkdir()
    index = {"config": {}, "docs": [{"location": f"p{n}/", "title": "", "text": t} for n, t in enumerate(texts)]}
    pages = {f"p{n}/": ("page", None, n) for n in range(len(texts))}
    with pytest.MonkeyPatch.context() as m:
        m.setattr(search_index, "SHARD_BYTES", shard_bytes)
        write_library(site, index, pages, [])
    lib = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]["library"]
    shards = [
        json.loads((site / f"search/shards/g/{k}.json").read_text(encoding="utf-8")) for k in range(lib["shards"])
    ]
    assert lib["shards"] & (lib["shards"] - 1) == 0
    # the naive postings: for each gram of any section, every section holding it, in order
    expected: dict[str, list[int]] = {}
    for n, text in enumerate(texts):
        norm = normalize(text)
        for gram in sorted({norm[i : i + size] for size in (1, 2, 3) for i in range(len(norm) - size + 1)}):
            expected.setdefault(gram, []).append(n)
    written = {}
    for k, shard in enumerate(shards):
        for gram, deltas in shard.items():
            assert gram_shard(gram, lib["shards"]) == k, gram
            written[gram] = [sum(deltas[: i + 1]) for i in range(len(deltas))]
    assert written == expected
    # and each shard's grams in the order they first occur (a section's characters, pairs, triples, section by
    # section): the files are the same bytes whatever Python's string hashing
    first: dict[str, None] = {}
    for text in texts:
        first.update(search_index.section_grams(normalize(text)))
    for k, shard in enumerate(shards):
        assert list(shard) == [g for g in first if gram_shard(g, lib["shards"]) == k]


@given(st.text())
def test_normalize_folds_each_character_as_the_worker_does(text):
    """normalize() reads its table through str.translate: the same as folding each character on its own (NFKC,
    lower case, letters and digits kept), for any text, combining marks and astral characters too."""
    import unicodedata

    def fold(ch: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKC", ch).lower() if unicodedata.category(c)[0] in "LN")

    assert normalize(text) == "".join(map(fold, text))


@given(st.text(max_size=40))
def test_section_grams_are_the_grams_in_the_order_they_first_occur(norm):
    held = list(search_index.section_grams(norm))
    assert set(held) == search_index.grams(norm) and len(held) == len(set(held))
    first = [g for size in (1, 2, 3) for i in range(len(norm) - size + 1) for g in [norm[i : i + size]]]
    assert held == list(dict.fromkeys(first))


@given(st.text(max_size=40))
def test_grams_are_the_characters_pairs_and_triples_of_the_text(norm):
    """grams() builds them with C-level maps: exactly the text's slices of one, two and three characters."""
    assert search_index.grams(norm) == {norm[i : i + size] for size in (1, 2, 3) for i in range(len(norm) - size + 1)}


def _variants():
    """Each input of the cached index changed in turn, then all back as at first."""
    speeches = [("main", "第一篇"), ("shequ", "社区")]
    retexted = material_index()
    retexted["docs"][3]["text"] = retexted["docs"][3]["text"].replace("托育", "托幼")
    reranked = {**PAGES, "about/": ("page", None, 0), "glossary/": ("glossary", None, 1)}
    yield "as first", material_index(), PAGES, speeches, False
    yield "a section's text", retexted, PAGES, speeches, False
    yield "the pages' ranks", material_index(), reranked, speeches, False
    yield "a speech's title", material_index(), PAGES, [("main", "第一篇讲话"), ("shequ", "社区")], False
    yield "offline", material_index(), PAGES, speeches, True
    yield "as first again", material_index(), PAGES, speeches, False


def _files(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_cached_index_is_the_one_made_afresh_whatever_input_changes(tmp_path):
    """One cache through every change of the index's inputs: each build's files are those a build without the
    cache makes, and the inputs as at first are found again (a key missing an input would give stale files)."""
    from speech_study.buildcache import BuildCache

    cache = BuildCache.at(tmp_path / "project", fingerprint="test")
    for n, (change, index, pages, speeches, offline) in enumerate(_variants()):
        sites = {}
        for label, used in (("cached", cache), ("afresh", None)):
            site = tmp_path / f"{n}-{label}"
            (site / "search").mkdir(parents=True)
            (site / "search" / "search_index.json").write_text(json.dumps(index, ensure_ascii=False), "utf-8")
            assert search_index.run_library(site, pages, speeches, offline, used)
            sites[label] = _files(site)
        assert sites["cached"] == sites["afresh"], change
    assert cache.stats.hit(search_index.KIND) == ["search"]  # the last: the inputs as at first
    assert len(cache.stats.missed(search_index.KIND)) == 5


def _site_with_index(site, index: dict):
    (site / "search").mkdir(parents=True)
    (site / "search" / "search_index.json").write_text(json.dumps(index, ensure_ascii=False), "utf-8")
    return site


def test_the_index_made_in_a_process_of_its_own_is_the_one_made_here(tmp_path, monkeypatch):
    """LibraryJob: spawned beside the page passes, or (one core) made in this process at finish(); the same
    files either way, and the child's use of the cache counted in the build's tally."""
    from speech_study.buildcache import BuildCache

    speeches = [("main", "第一篇"), ("shequ", "社区")]
    sites = {}
    for cores in (2, 1):
        monkeypatch.setattr(other_process.os, "cpu_count", lambda n=cores: n)
        cache = BuildCache.at(tmp_path / f"project-{cores}", fingerprint="test")
        for run in ("cold", "warm"):
            site = _site_with_index(tmp_path / f"{cores}-{run}", material_index())
            job = search_index.LibraryJob.start(site, PAGES, speeches, False, cache)
            assert (job.process is not None) == (cores == 2)
            assert job.finish()
            sites[cores, run] = _files(site)
        assert cache.stats.missed(search_index.KIND) == ["search"] and cache.stats.hit(search_index.KIND) == ["search"]
    assert len({str(files) for files in sites.values()}) == 1


def test_an_error_in_the_index_process_is_raised_in_the_build(tmp_path):
    site = _site_with_index(tmp_path / "site", material_index())
    job = search_index.LibraryJob.start(site, PAGES, [("main", "第一篇")], False)  # speech 1 has no entry
    with pytest.raises(IndexError):
        job.finish()


def test_an_index_process_that_ends_without_an_answer_leaves_the_index_to_this_one(tmp_path, monkeypatch):
    """The other Python stops at once (as if killed): the index is made in this process, the same files."""
    site = _site_with_index(tmp_path / "site", material_index())
    speeches = [("main", "第一篇"), ("shequ", "社区")]
    monkeypatch.setattr(other_process.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(search_index, "__name__", "this.module.is.not.there")
    job = search_index.LibraryJob.start(site, PAGES, speeches, False, BuildCache.off())
    assert job.finish()
    assert job.process is None or job.process.popen.returncode != 0  # it ended before or after reading its inputs
    expected = _site_with_index(tmp_path / "here", material_index())
    search_index.run_library(expected, PAGES, speeches, False)
    assert _files(site) == _files(expected)


def test_a_failed_build_ends_the_index_process(tmp_path, monkeypatch):
    """stop(): the build failed before finish(); the other process is ended and reaped, nothing left running."""
    monkeypatch.setattr(other_process.os, "cpu_count", lambda: 2)
    site = _site_with_index(tmp_path / "site", material_index())
    job = search_index.LibraryJob.start(site, PAGES, [("main", "第一篇"), ("shequ", "社区")], False)
    process = job.process
    assert process is not None
    job.stop()
    assert job.process is None and process.popen.returncode is not None


def test_inputs_that_cannot_be_sent_leave_the_work_to_this_process(monkeypatch):
    """OtherProcess.start: an input pickle refuses (a lambda in someone's front matter, say) starts nothing."""
    monkeypatch.setattr(other_process.os, "cpu_count", lambda: 2)
    assert other_process.OtherProcess.start(search_index.__name__, {"page": lambda: None}) is None


def test_written_over_a_previous_index_the_shards_folder_holds_only_the_new_files(tmp_path):
    """A build writes the shards over the previous build's (adapters/old_output.py): the folder then holds the
    new index's files and nothing else, as when it is written into an empty folder."""
    over, fresh = tmp_path / "over", tmp_path / "fresh"
    for site in (over, fresh):
        (site / "search").mkdir(parents=True)
    write_library(over, material_index(), PAGES, [("main", "第一篇"), ("shequ", "社区")], offline=True)
    (over / "search/shards/g/stray").mkdir()  # a folder no index writes
    smaller = material_index()
    smaller["docs"] = [d for d in smaller["docs"] if not d["location"].startswith("shequ/")]
    pages = {url: kind for url, kind in PAGES.items() if not url.startswith("shequ/")}
    for site in (over, fresh):
        write_library(site, json.loads(json.dumps(smaller)), pages, [("main", "第一篇")])

    def tree(site):
        return {p.relative_to(site).as_posix(): p.is_file() and p.read_bytes() for p in sorted(site.rglob("*"))}

    assert tree(over) == tree(fresh)


# --- made page by page, as the engine builds the pages --------------------------------------------------------


def _by_page(index: dict) -> dict[str, list[dict]]:
    pages: dict[str, list[dict]] = {}
    for doc in index["docs"]:
        pages.setdefault(doc["location"].split("#", 1)[0], []).append(doc)
    return pages


_TEXT = st.text(alphabet=st.characters(categories=("Lo", "Nd", "Lu", "Zs", "Po")), max_size=25)


@st.composite
def _libraries(draw):
    """Material's index of a library of any shape (speeches, glossary and pages of any number, a page with no
    entry, a page no kind is given for), the pages' kinds and ranks, and an order the engine built them in."""
    kinds = draw(st.lists(st.sampled_from(["speech", "glossary", "page", None]), min_size=1, max_size=8))
    speeches = draw(st.integers(1, 3))
    pages: dict = {}
    docs = []
    for n, kind in enumerate(kinds):
        url = f"p{n}/"
        if kind == "speech":
            pages[url] = ("speech", draw(st.integers(0, speeches - 1)), n)
        elif kind is not None:
            pages[url] = (kind, None, draw(st.integers(0, 50)) * 100 + n)  # ranks unique, in any order
        for s, (title, text) in enumerate(draw(st.lists(st.tuples(_TEXT, _TEXT), max_size=3))):
            docs.append({"location": url if s == 0 else f"{url}#s{s}", "title": title, "text": text})
    built = draw(st.permutations(list(_by_page({"docs": docs}))))
    names = [(f"s{s}", f"《第{s}篇》") for s in range(speeches)]
    return {"config": {"lang": ["zh"]}, "docs": docs}, pages, names, built


@settings(max_examples=60, deadline=None)
@given(library=_libraries(), shard_bytes=st.sampled_from([8, 64, 8000]))
def test_the_index_made_page_by_page_in_any_order_is_the_one_made_from_the_whole_file(library, shard_bytes):
    """LibraryIndex, given each page's entries in the order the engine happened to build them: the same files,
    byte for byte, as library_files makes from Material's whole index (a page's sections wait for the pages before
    it in reading order)."""
    index, pages, speeches, built = library
    by_page = _by_page(index)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(search_index, "SHARD_BYTES", shard_bytes)
        whole = search_index.library_files(json.loads(json.dumps(index)), pages, speeches)
        made = search_index.LibraryIndex(pages, speeches)
        for url in built:
            made.add(url, by_page[url])
        found = made.config_of(_material_file(index), pages, speeches, False)
        assert found == (index["config"] if built == list(by_page) else None)
        assert made.files(index["config"]) == whole


def test_entries_not_as_material_adds_them_are_not_taken():
    """A page given twice, or given entries of another page: the index made page by page is not the file's."""
    index = material_index()
    by_page = _by_page(index)
    speeches = [("main", "第一篇"), ("shequ", "社区")]
    again = search_index.LibraryIndex(PAGES, speeches)
    for url, entries in [*by_page.items(), ("part-1/", by_page["part-1/"])]:
        again.add(url, entries)
    other = search_index.LibraryIndex(PAGES, speeches)
    for url, entries in by_page.items():
        other.add("about/" if url == "part-1/" else url, entries)
    raw = _material_file(index)
    for made in (again, other):
        assert made.spoiled and made.config_of(raw, PAGES, speeches, False) is None
    fine = search_index.LibraryIndex(PAGES, speeches)
    for url, entries in by_page.items():
        fine.add(url, entries)
    assert fine.config_of(raw, PAGES, speeches, False) == index["config"]
    assert fine.config_of(raw, PAGES, speeches, True) is None  # another input
    shorter = {**index, "docs": index["docs"][:-1]}
    assert fine.config_of(_material_file(shorter), PAGES, speeches, False) is None  # not every entry of the file
    assert fine.config_of(raw.replace(b"\\u53cc", b"\\u53cd"), PAGES, speeches, False) is None  # one changed
    awkward = {"config": {"separator": ',"docs":[', "lang": ["zh"]}, "docs": index["docs"]}
    assert fine.config_of(_material_file(awkward), PAGES, speeches, False) in (None, awkward["config"])


def _material_file(index: dict) -> bytes:
    """Material's search_index.json for `index`, as its search plugin writes it."""
    return json.dumps(index, separators=(",", ":"), default=str).encode("utf-8")


@given(st.lists(st.text(min_size=1, max_size=3)))
def test_gram_hashes_are_the_workers_hash_before_the_modulo(grams):
    """gram_hashes works the hash out with C-level maps: for any characters (astral ones too), gram_shard's."""
    grams = sorted(set(grams), key=len)
    assert [h % 4093 for h in search_index.gram_hashes(grams)] == [gram_shard(g, 4093) for g in grams]
    assert all(h < 2**32 for h in search_index.gram_hashes(grams))


def _sent(site, index: dict, built: list[str], change=None) -> tuple[dict[str, bytes], bool]:
    """LibraryJob begun before the pages, given each page's entries in `built` order, then Material's file
    written (`change`d first) and the job finished: the site's files, and whether the index made as the pages came
    was taken."""
    speeches = [("main", "第一篇"), ("shequ", "社区")]
    job = search_index.LibraryJob.start(site, PAGES, speeches, False, BuildCache.off())
    by_page = _by_page(index)
    for url in built:
        job.add(url, by_page[url])
    written = change(json.loads(json.dumps(index))) if change else index
    (site / "search").mkdir(parents=True)
    (site / "search" / "search_index.json").write_bytes(_material_file(written))  # as Material writes it
    job.begin_writing()
    assert job.finish()
    return _files(site), job.taken


def test_the_index_begun_before_the_pages_is_the_one_made_after(tmp_path, monkeypatch):
    """Given the pages' entries as they were built, the other process makes the files a build makes from the file
    alone; when the file is not what it was given (Material under `serve --dirtyreload`, a page indexed again),
    it makes them from the file."""
    monkeypatch.setattr(other_process.os, "cpu_count", lambda: 2)
    index = material_index()
    speeches = [("main", "第一篇"), ("shequ", "社区")]

    def expected(name: str, written: dict) -> dict[str, bytes]:
        site = _site_with_index(tmp_path / name, written)
        search_index.run_library(site, PAGES, speeches, False)
        return _files(site)

    built = list(reversed(_by_page(index)))
    index["docs"] = [doc for url in built for doc in _by_page(material_index())[url]]  # as Material adds them
    assert _sent(tmp_path / "sent", index, built) == (expected("here", index), True)

    def retitled(written: dict) -> dict:
        written["docs"][3]["text"] = "改过的正文"
        return written

    changed = expected("here-changed", retitled(json.loads(json.dumps(index))))
    assert _sent(tmp_path / "changed", index, built, retitled) == (changed, False)


@given(st.lists(st.tuples(st.text(), st.binary())))
def test_the_cache_entry_of_an_index_gives_back_each_file_as_packed(files):
    """run_library keeps the files it wrote in the cache as one pack (names and bytes, each with its lengths), read
    back one file at a time; a pack cut short inside a file is refused, never read as a shorter file (the cache's
    checksum covers the whole entry besides)."""
    from speech_study.postbuild.search_index import _pack_entry, _unpacked

    pack = bytearray(search_index.PACK)
    ends = set()
    for name, data in files:
        _pack_entry(pack, name, data)
        ends.add(len(pack))
    assert list(_unpacked(bytes(pack))) == files
    for cut in {c for c in (1, len(pack) // 2, len(pack) - 1) if len(search_index.PACK) < c < len(pack)} - ends:
        with pytest.raises(ValueError):
            list(_unpacked(bytes(pack[:cut])))
    with pytest.raises(ValueError):  # not a pack at all (an entry of earlier code: JSON of the files)
        next(_unpacked(b'{"search/search_index.json":"{}"}'))


def test_an_entry_of_another_form_under_the_key_is_made_again(tmp_path):
    """A cache entry under the index's key that is not a pack (earlier code's JSON of the files, under the same key:
    a long `serve` whose index process runs the package as it now is) is made again and stored over, never an
    error (found by a review)."""
    cache = BuildCache(tmp_path / "cache", "code")
    speeches = [("main", "第一篇"), ("shequ", "社区")]
    first, again = tmp_path / "first", tmp_path / "again"
    for site in (first, again):
        (site / "search").mkdir(parents=True)
        (site / "search" / "search_index.json").write_text(json.dumps(material_index()), encoding="utf-8")
    search_index.run_library(first, PAGES, speeches, cache=cache)
    assert len(cache.stats.missed(search_index.KIND)) == 1
    raw = (again / "search" / "search_index.json").read_bytes()
    key = hashlib.sha256(raw).hexdigest().encode() + canonical([sorted(PAGES.items()), speeches, False])
    cache.put(search_index.KIND, cache.key(search_index.KIND, key), b'{"search/search_index.json":"{}"}')
    search_index.run_library(again, PAGES, speeches, cache=cache)
    files = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again).as_posix() for p in again.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (again / f).read_bytes() for f in files)
    assert cache.get(search_index.KIND, cache.key(search_index.KIND, key)).startswith(search_index.PACK)


def _next_library(index: dict, pages: dict, speeches: list, change: str, text: str):
    """The library a build after `index`'s finds: the same; a speech imported (after every other in reading order);
    a speech page's text edited; a speech page's entries gone."""
    index, pages, speeches = json.loads(json.dumps(index)), dict(pages), list(speeches)
    speech_urls = sorted((u for u, p in pages.items() if p[0] == "speech"), key=lambda u: (pages[u][1], pages[u][2]))
    if change == "import":
        number = len(speeches)
        speeches.append((f"s{number}", f"《第{number}篇》"))
        pages["new/"] = ("speech", number, 0)
        index["docs"].append({"location": "new/", "title": "新的一篇", "text": text})
    elif change == "edit" and speech_urls:
        doc = next((d for d in index["docs"] if _page(d["location"]) == speech_urls[0]), None)
        if doc is not None:
            doc["text"] += text or "改"
    elif change == "gone" and speech_urls:
        index["docs"] = [d for d in index["docs"] if _page(d["location"]) != speech_urls[-1]]
    return index, pages, speeches


def _page(location: str) -> str:
    return location.split("#", 1)[0]


@settings(max_examples=150, deadline=None)
@given(
    library=_libraries(),
    change=st.sampled_from(["same", "import", "import", "edit", "gone"]),
    text=_TEXT,
    order=st.randoms(use_true_random=False),
    shard_bytes=st.sampled_from([1, 8, 64, 8000]),
)
def test_an_index_that_takes_the_kept_numbering_is_the_one_made_afresh(
    library, change, text, order, shard_bytes, tmp_path_factory
):
    """A build keeps the numbering once its last speech page is numbered; the next build takes it when every page
    of that prefix comes the same (a speech imported after the others, nothing changed), and numbers every page
    when one differs (edited, gone): whichever, the same files, byte for byte, as an index made afresh."""
    index, pages, speeches, built = library
    cache = BuildCache(tmp_path_factory.mktemp("cache"), "fingerprint")
    with pytest.MonkeyPatch.context() as m:
        m.setattr(search_index, "SHARD_BYTES", shard_bytes)  # the shards' count reckoned from every field kept
        _first_then_next(index, pages, speeches, change, text, order, cache)


def _first_then_next(index, pages, speeches, change, text, order, cache):
    first = search_index.LibraryIndex(pages, speeches, cache=cache)
    for url, entries in _by_page(index).items():
        first.add(url, entries)
    first.files(index["config"])
    index2, pages2, speeches2 = _next_library(index, pages, speeches, change, text)
    fresh = search_index.library_files(json.loads(json.dumps(index2)), pages2, speeches2)
    second = search_index.LibraryIndex(pages2, speeches2, cache=cache)
    by_page = list(_by_page(index2).items())
    order.shuffle(by_page)  # in any order the engine builds them
    for url, entries in by_page:
        second.add(url, entries)
    assert second.files(index2["config"]) == fresh
    kept = [u for u in first.order[: first.speech_pages]]
    if change in ("same", "import") and kept and all(u in _by_page(index) for u in kept):
        assert second.resumed  # the equality above is one with the kept numbering taken
    if change in ("edit", "gone") and second.resumed:
        assert _by_page(index2) and all(
            json.dumps(_by_page(index)[u]) == json.dumps(_by_page(index2).get(u)) for u in kept
        )  # taken only when the kept pages are all as they were


@pytest.mark.parametrize("damage", ["none", "a piece gone", "the pointer unreadable", "the head gone"])
def test_a_kept_numbering_that_cannot_be_read_whole_is_not_taken(tmp_path, damage):
    """A kept numbering with an entry missing or unreadable (a cache deleted in part, a store that failed half way)
    is not taken: every page is numbered, and the files are those made afresh."""
    import sqlite3

    from speech_study.buildcache import DATABASE

    index = material_index()
    cache = BuildCache(tmp_path / "cache", "fingerprint")
    first = search_index.LibraryIndex(PAGES, [("main", "第一篇"), ("shequ", "社区")], cache=cache)
    for url, entries in _by_page(index).items():
        first.add(url, entries)
    first.files(index["config"])
    cache.close()
    pointer = cache.key(search_index.CHECKPOINT, search_index.POINTER)
    with sqlite3.connect(tmp_path / "cache" / DATABASE) as db:
        rows = [k for (k,) in db.execute("select key from outputs where kind = ?", (search_index.CHECKPOINT,))]
        assert pointer in rows and len(rows) > 3  # the pointer, the head and its pieces
        if damage == "none":
            pass
        elif damage == "the pointer unreadable":
            db.execute("update outputs set data = ? where key = ?", (b"\x00not marshal", pointer))
        else:
            kept = search_index.marshal.loads(cache.get(search_index.CHECKPOINT, pointer))[2]
            head = cache.key(search_index.CHECKPOINT, kept)
            gone = head if damage == "the head gone" else next(k for k in rows if k not in (pointer, head))
            db.execute("delete from outputs where key = ?", (gone,))
    again = BuildCache(tmp_path / "cache", "fingerprint")
    second = search_index.LibraryIndex(PAGES, [("main", "第一篇"), ("shequ", "社区")], cache=again)
    for url, entries in _by_page(index).items():
        second.add(url, entries)
    assert second.files(index["config"]) == search_index.library_files(
        material_index(), PAGES, [("main", "第一篇"), ("shequ", "社区")]
    )
    assert bool(second.resumed) == (damage == "none")  # undamaged, it is taken (the control)
