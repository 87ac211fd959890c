"""A two-speech library built from a copy of the project: the imported speech has all the first one has.

The second speech is a Word file the tests write (speechfiles.py), imported
with scripts/import_speech.py, then the copy is built as a reader's site would
be (mkdocs build --strict, PDF export on). And every URL of the one-speech
site still resolves in the library: links already shared must never break.
"""

from __future__ import annotations

import json
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest
import speechfiles
from conftest import copy_project, mkdocs_build
from searchbox import ANSWERED_SINCE, RESULT_LINKS, SEARCH_READY, normalize, open_search, section_of, type_query
from sitetext import ROOT, notice

from speech_study.postbuild.html import parse

SLUG = "shequ"
GLOSSARY_EXTRA = """
- id: zuihou-yigongli
  term: 最后一公里
  explanation: 比喻社区是城市治理落到群众身边的最末一环。
  quote: "社区是城市治理的“最后一公里”"
  speech: shequ

- id: shuangrenjian
  term: 双刃剑
  explanation: 比喻既能带来好处、也可能带来害处的事物。
  quote: "权力是把双刃剑"
"""


def import_into(project: Path, source: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "import_speech.py"), str(source), *args, "--root", str(project)],
        capture_output=True,
        text=True,
    )


def make_library(work: Path) -> Path:
    project = copy_project(work / "project")
    docx = speechfiles.write_docx(work / "社区治理讲话.docx")
    result = import_into(project, docx, "--slug", SLUG)
    assert result.returncode == 0, result.stderr
    with (project / "glossary.yml").open("a", encoding="utf-8") as f:
        f.write(GLOSSARY_EXTRA)
    return project


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    work = tmp_path_factory.mktemp("library")
    project = make_library(work)
    result = mkdocs_build(project, work / "site", env={"PDF_EXPORT": "true"})
    assert result.returncode == 0, result.stderr
    result.site = work / "site"
    result.project = project
    return result


def html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def speech_urls(site: Path) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix() + "/" for p in (site / SLUG).rglob("index.html"))


def test_the_library_builds_strictly(library):
    assert "WARNING" not in library.stderr, library.stderr


def test_every_url_of_the_one_speech_site_still_resolves(library, site):
    """Every file of today's site is still there, and every anchor of its pages still on the same page."""
    missing, lost = [], []
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(site)
        twin = library.site / rel
        if not twin.is_file():
            missing.append(rel.as_posix())
            continue
        if path.suffix == ".html":
            ids = set(re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8")))
            have = set(re.findall(r'\sid="([^"]+)"', twin.read_text(encoding="utf-8")))
            lost += [f"{rel}#{i}" for i in sorted(ids - have)]
    assert missing == [] and lost == [], (missing[:10], lost[:10])


def test_the_imported_speech_has_every_page_the_first_has(library):
    urls = speech_urls(library.site)
    for page in ("", "part-1/", "part-2/", "part-3/", "closing/", "outline/", "map/", "self-test/", "print/"):
        assert f"{SLUG}/{page}" in urls, page
    # its files in a folder of its own (x and x-part-1 can never share x-part-1.pdf)
    for pdf in ("shequ/speech.pdf", "shequ/part-1.pdf", "shequ/outline.pdf", "shequ/map.pdf", "shequ/self-test.pdf"):
        assert (library.site / "pdf" / pdf).is_file(), pdf
    # the 文库 lists both, with what is known of them
    table = html(library.site, "library")
    assert "怎么做新时代合格的基层党组织书记" in table and speechfiles.TITLE in table
    assert speechfiles.SPEAKER in table and speechfiles.DATE in table
    assert '<a href="../shequ/">' in table


def test_its_notice_is_on_each_of_its_pages_and_the_first_speech_keeps_its_own(library):
    own = f'<p class="speech-notice" role="note">{speechfiles.NOTICE}</p>'
    first = f'<p class="speech-notice" role="note">{notice()}</p>'
    for url in speech_urls(library.site):
        text = html(library.site, url)
        assert own in text and first not in text, url
    for url in ("", "part-1-leadership-team/", "glossary/", "library/"):
        assert first in html(library.site, url), url


def test_its_anchors_are_the_kept_ones(library):
    store = (library.project / "speeches" / SLUG / "anchors.yml").read_text(encoding="utf-8")
    anchors = set(re.findall(r": ([a-z0-9-]+)$", store, re.M)) - {"part-1", "part-2", "part-3"}
    ids = set()
    for url in speech_urls(library.site):
        ids |= set(re.findall(r'\sid="([^"]+)"', html(library.site, url)))
    assert anchors and anchors <= ids, sorted(anchors - ids)


def frame(site: Path, url: str) -> dict:
    """What a reader sees around the text: the header's name, the drawer's title, the sidebar's links."""
    elements = parse(html(site, url))
    primary = next(e for e in elements if e.tag == "nav" and "md-nav--primary" in e.classes)
    inside = [e for e in elements if primary in e.ancestors]

    def words(el) -> str:
        return " ".join("".join(el.text).split())

    topic = next(e for e in elements if e.tag == "div" and "md-header__topic" in e.classes)
    drawer = next(e for e in inside if e.tag == "label" and e.attrs.get("for") == "__drawer")
    links = [e for e in inside if e.tag == "a" and "md-nav__link" in e.classes and not e.attrs["href"].startswith("#")]
    footer = {
        kind: words(e)
        for e in elements
        if e.tag == "a"
        for kind in ("prev", "next")
        if f"md-footer__link--{kind}" in e.classes
    }
    return {
        "topic": words(topic),
        "drawer": words(drawer),
        "nav": [(words(e), posixpath.normpath(posixpath.join(url, e.attrs["href"]))) for e in links],
        "active": [words(e) for e in links if "md-nav__link--active" in e.classes],
        "footer": footer,
    }


def test_its_pages_carry_its_own_name_and_navigation(library):
    """Sidebar and phone drawer list the speech the reader is in, not the site's first one."""
    parts = [line for line in speechfiles.LINES if line[:2] in ("一、", "二、", "三、")]
    own = [("开场白", SLUG), *((t, f"{SLUG}/part-{n}") for n, t in enumerate(parts, 1))]
    own += [(t, f"{SLUG}/{p}") for t, p in (("结束语", "closing"), ("学习提纲", "outline"), ("结构导图", "map"))]
    own += [("学习自测", f"{SLUG}/self-test")]
    shared = [("术语表", "glossary"), ("来源与说明", "about"), ("文库", "library")]
    for url in speech_urls(library.site):
        seen = frame(library.site, url)
        assert seen["topic"] == speechfiles.TITLE and seen["drawer"] == speechfiles.TITLE, url
        assert seen["nav"] == own + shared, url
        if not url.endswith("print/"):  # the print version is in no navigation, as on the first speech
            assert seen["active"] == [t for t, p in own if f"{p}/" == url], url
    assert f"<title>{speechfiles.TITLE}</title>" in html(library.site, SLUG)  # shared into a chat: its name once
    assert f"<title>结束语 - {speechfiles.TITLE}</title>" in html(library.site, f"{SLUG}/closing")
    assert frame(library.site, f"{SLUG}/part-1/")["footer"] == {"prev": "上一页 开场白", "next": f"下一页 {parts[1]}"}
    assert frame(library.site, f"{SLUG}/self-test/")["footer"] == {"prev": "上一页 结构导图"}  # not on into 术语表
    # a shared link's preview names this speech, not the site's first
    part = html(library.site, f"{SLUG}/part-1")
    assert f'<meta name="description" content="讲话《{speechfiles.TITLE}》全文学习网站' in part
    assert "讲话《怎么做新时代合格的基层党组织书记》" not in part
    # the site's own speech and the shared pages keep the site's navigation and name
    for url in ("", "part-1-leadership-team/", "glossary/", "library/"):
        seen = frame(library.site, url)
        assert seen["topic"] == seen["drawer"] == "怎么做新时代合格的基层党组织书记", url
        assert ("一、怎样抓好班子建设", "part-1-leadership-team") in seen["nav"], url
        assert not any(path.startswith(f"{SLUG}") for _, path in seen["nav"]), url


def test_its_outline_and_map_link_into_its_own_pages(library):
    outline = html(library.site, f"{SLUG}/outline")
    assert '<a href="../part-2/#' in outline and "要把网格划细划实" in outline
    svg = html(library.site, f"{SLUG}/map")
    assert 'href="../part-1/#' in svg and "part-1-leadership-team" not in svg.split("<article", 1)[1]
    test = html(library.site, f"{SLUG}/self-test")
    assert 'class="quiz-q" id="q1"' in test and 'href="../part-1/#' in test


def test_the_glossary_covers_both_speeches(library):
    glossary = html(library.site, "glossary")
    entry = glossary.split('id="shuangrenjian"', 1)[1].split("<h2", 1)[0]
    assert 'href="../part-1-leadership-team/#' in entry and f'href="../{SLUG}/part-2/#' in entry
    # an entry of one speech: its tooltip on that speech's pages only
    assert 'title="比喻社区是城市治理落到群众身边的最末一环。"' in html(library.site, f"{SLUG}/part-1")
    assert "最末一环" not in html(library.site, "part-1-leadership-team")
    assert 'title="比喻既能带来好处' in html(library.site, "part-1-leadership-team")


def test_print_page_and_pdf_carry_its_title_and_notice(library):
    from pdfcheck import page_count, page_text

    printed = html(library.site, f"{SLUG}/print")
    assert f'print-title--page site-added" role="heading" aria-level="1">{speechfiles.TITLE}</p>' in printed
    assert 'href="../print/">全文打印版' in html(library.site, f"{SLUG}/part-1") or "全文打印版" in printed
    pdf = library.site / "pdf" / SLUG / "speech.pdf"
    text = "".join(page_text(pdf, n) for n in range(1, page_count(pdf) + 1))
    flat = normalize(text)
    assert normalize(speechfiles.TITLE) in flat and normalize(speechfiles.NOTICE) in flat
    assert normalize(speechfiles.ONLY_HERE) in flat and normalize("希望大家真抓实干") in flat
    assert "本篇目录" not in text and "文库" not in text


def test_its_word_files_carry_its_own_title_notice_and_text(library):
    import docx

    def read(name):
        document = docx.Document(str(library.site / "docx" / f"{name}.docx"))
        body = normalize("".join(p.text for p in document.paragraphs))
        headers = {p.text for s in document.sections for p in s.header.paragraphs}
        return body, headers

    for name in (f"{SLUG}/speech", f"{SLUG}/part-1", f"{SLUG}/self-test"):
        body, headers = read(name)
        assert body.startswith(normalize(speechfiles.TITLE)), name
        assert normalize("怎么做新时代合格的基层党组织书记") not in body, name
        assert headers == {speechfiles.NOTICE}, (name, headers)
    body, _ = read(f"{SLUG}/speech")
    assert normalize(speechfiles.ONLY_HERE) in body and normalize("希望大家真抓实干") in body
    # and the first speech's files keep their own
    body, headers = read("speech")
    assert body.startswith(normalize("怎么做新时代合格的基层党组织书记")) and headers == {notice()}


@pytest.mark.slow
def test_a_changed_sentence_of_the_imported_speech_stops_the_build(tmp_path):
    project = make_library(tmp_path)
    page = project / "docs" / SLUG / "part-3.md"
    page.write_text(page.read_text(encoding="utf-8").replace("多听居民意见", "多听群众意见"), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "out", env={"PDF_EXPORT": "false"})
    assert result.returncode != 0
    line = next(x for x in result.stderr.splitlines() if "ERROR" in x)
    assert f"docs/{SLUG}/part-3.md: speeches/{SLUG}/source.txt的第" in line and "句被改动了" in line


# --- search across the library -------------------------------------------------------------------


@pytest.fixture(scope="module")
def library_server(library):
    from speech_study.localserver import serve

    httpd, url = serve(library.site)
    yield url
    httpd.shutdown()


def section_texts(site: Path) -> dict[tuple[str, str], str]:
    """(page url, anchor) -> normalised text, from the sharded index's section files."""
    manifest = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    lib = manifest["config"]["library"]
    out = {}
    for n in range(lib["docs"]):
        doc = json.loads((site / lib["path"] / "d" / f"{n}.json").read_text(encoding="utf-8"))
        url, _, anchor = doc["location"].partition("#")
        out[(url, anchor)] = normalize(doc["title"] + doc["text"])
    return out


@pytest.fixture
def reader(browser, library_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.seen = {"errors": [], "requests": []}
    page.on("console", lambda m: m.type == "error" and page.seen["errors"].append(m.text))
    page.on("pageerror", lambda e: page.seen["errors"].append(str(e)))
    page.on("request", lambda r: page.seen["requests"].append(r.url))
    yield page
    assert page.seen["errors"] == []
    assert all(u.startswith(library_server) or u.startswith(("data:", "blob:")) for u in page.seen["requests"])
    context.close()


def test_search_finds_both_speeches_and_names_them(reader, library, library_server):
    texts = section_texts(library.site)
    reader.goto(library_server + f"{SLUG}/part-1/", wait_until="networkidle")
    hrefs = type_query(reader, speechfiles.IN_BOTH)
    places = [section_of(h) for h in hrefs]
    assert any(p[0].startswith(f"{SLUG}/") for p in places) and any(p[0].startswith("part-1-") for p in places)
    for place in places:  # exact phrase: everything shown holds it
        assert normalize(speechfiles.IN_BOTH) in texts[place], place
    titles = reader.locator("li.md-search-result__item h1").all_inner_texts()
    assert any(t.startswith(f"《{speechfiles.TITLE}》") for t in titles)
    assert any(t.startswith("《怎么做新时代合格的基层党组织书记》") for t in titles)
    # a phrase of the new speech alone, from a page of the first: the first result holds it
    reader.goto(library_server + "part-2-cadre-team/", wait_until="networkidle")
    hrefs = type_query(reader, speechfiles.ONLY_HERE)
    assert hrefs and section_of(hrefs[0])[0] == f"{SLUG}/part-1/"
    assert normalize(speechfiles.ONLY_HERE) in texts[section_of(hrefs[0])]


RECORD_ANSWERS = """() => {
  const result = document.querySelector('.md-search-result')
  const meta = result.querySelector('.md-search-result__meta')
  window.__answers = []
  new MutationObserver(() => window.__answers.push([
    result.hasAttribute('data-search-more'),
    result.querySelectorAll('li.md-search-result__item').length,
    getComputedStyle(meta, '::after').content,
  ])).observe(meta, { childList: true, characterData: true, subtree: true })
}"""


def test_the_first_results_show_at_once_and_say_more_are_coming(reader, library, library_server):
    """A phrase in many sections: the first result as soon as its section is in, marked, then the whole answer."""
    texts = section_texts(library.site)
    phrase = "党组织"
    assert sum(normalize(phrase) in t for t in texts.values()) > 3
    reader.goto(library_server + f"{SLUG}/", wait_until="networkidle")
    open_search(reader)
    reader.wait_for_function(SEARCH_READY)
    reader.evaluate(RECORD_ANSWERS)
    hrefs = type_query(reader, phrase)
    answers = reader.evaluate("window.__answers")
    # first: what the sections before the first result hold, marked; last: the whole answer, unmarked
    assert answers[0][0] is True and answers[0][2] == '"，还在查找更多……"', answers
    assert answers[-1][0] is False and answers[-1][1] > max(3, answers[0][1]), answers
    assert all(normalize(phrase) in texts[section_of(h)] for h in hrefs)
    # it stopped at enough results: the count is not all there is, and says so
    assert answers[-1][1] < sum(normalize(phrase) in t for t in texts.values())
    assert answers[-1][2] == '"，可能还有更多，输入更长的词句可以缩小范围"', answers
    # a phrase whose every candidate was checked: no such words
    type_query(reader, speechfiles.IN_BOTH)
    assert reader.evaluate("window.__answers")[-1][2] == "none"


def test_a_reader_can_narrow_to_the_current_speech(reader, library_server):
    reader.goto(library_server + f"{SLUG}/part-2/", wait_until="networkidle")
    everywhere = [section_of(h)[0] for h in type_query(reader, speechfiles.IN_BOTH)]
    assert any(not u.startswith(f"{SLUG}/") for u in everywhere)
    scope = reader.locator(".search-scope input")
    assert speechfiles.TITLE in reader.locator(".search-scope").inner_text()
    answers = reader.evaluate("() => document.querySelector('.md-search-result__meta').searchAnswers")
    scope.check()
    reader.wait_for_function(ANSWERED_SINCE, arg=answers)
    narrowed = [section_of(a.get_attribute("href"))[0] for a in reader.locator(RESULT_LINKS).all()]
    assert narrowed and all(u.startswith(f"{SLUG}/") for u in narrowed), narrowed
    # and it stays narrowed for the next query
    assert all(section_of(h)[0].startswith(f"{SLUG}/") for h in type_query(reader, "社区"))


def test_a_search_downloads_what_its_query_needs_not_the_library(reader, library, library_server):
    lib = json.loads((library.site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]["library"]
    reader.goto(library_server + f"{SLUG}/", wait_until="networkidle")
    type_query(reader, speechfiles.ONLY_HERE)
    shards = [u for u in reader.seen["requests"] if "/search/shards/" in u]
    postings = [u for u in shards if "/shards/g/" in u]
    sections = [u for u in shards if "/shards/d/" in u]
    assert 1 <= len(postings) <= 2 < lib["shards"]  # the query's first and last triple
    assert 1 <= len(sections) < lib["docs"] / 4, sections


def test_the_offline_library_searches_its_shards_from_disk(library, browser, tmp_path):
    """OFFLINE=true: the shards are scripts the file:// worker frame loads; nothing leaves the folder."""
    out = tmp_path / "offline"
    result = mkdocs_build(library.project, out, env={"PDF_EXPORT": "false", "OFFLINE": "true"})
    assert result.returncode == 0, result.stderr
    assert (out / "search" / "shards" / "d" / "0.js").is_file()
    context = browser.new_context(offline=True)
    page = context.new_page()
    seen = []
    page.on("request", lambda r: r.url.startswith(("file:", "data:", "blob:")) or seen.append(r.url))
    page.on("pageerror", lambda e: seen.append(str(e)))
    page.goto((out / SLUG / "part-1.html").as_uri(), wait_until="load")
    open_search(page)
    box = page.locator("input.md-search__input")
    box.fill(speechfiles.ONLY_HERE)
    box.press("End")
    first = page.locator(RESULT_LINKS).first
    first.wait_for(state="visible", timeout=10000)
    assert first.get_attribute("href").split("?")[0].endswith(f"{SLUG}/part-1.html")
    assert seen == []
    context.close()
