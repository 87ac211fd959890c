"""The other engines scripts/build.sh supports, each built fresh the way a user would (PDF_EXPORT=false).

ProperDocs must write the very site MkDocs writes; Zensical (no plugins: the
adapter speech_study.adapters.zensical gives it the plugin's settings and runs
the post-build passes; its own search) must carry the same content: notice,
anchors, tooltips, glossary links, study pages, CSP, no source files; the same
frame (title, favicon, Word and PDF buttons and their hint, classic look); a
search that lists the speech's sections first; and a two-speech library that
builds, links 文库 from every page, resolves every link and names each speech
in its search results. The measured differences are in the README, 引擎.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import speechfiles
from sitetext import ROOT, html_path, nav, speech_docs, url_of
from test_library import SLUG, make_library

from speech_study.localserver import serve
from speech_study.postbuild.article_text import article_text
from speech_study.postbuild.html import parse, splice
from speech_study.postbuild.layout import Layout
from speech_study.postbuild.pipeline import process_page
from speech_study.project import Project

GENERATOR = re.compile(r'[ \t]*<meta name="generator" content="[^"]*">\n?')
HEADING_ANCHOR = re.compile(r"^#{1,6} .*\{[^}]*#([a-z0-9-]+)[^}]*\}\s*$", re.M)
STUDY_PAGES = ["outline.md", "map.md", "self-test.md", "print.md"]  # 学习提纲, 结构导图, 学习自测, 全文打印版
SOURCE_SUFFIXES = {".py", ".md", ".yml", ".yaml"}
SOURCE_NAMES = {"glossary.yml", "speech.txt", "mkdocs.yml", "pyproject.toml"}
SITE_URL = "http://127.0.0.1:8000/"  # what the builds here write into canonical links


def build_with(engine: str, dest: Path) -> Path:
    if os.environ.get("FAST_TIER"):
        pytest.fail("this test builds the site: mark it @pytest.mark.slow", pytrace=False)
    env = {**os.environ, "PDF_EXPORT": "false", "OFFLINE": "false", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "build.sh"), engine, str(dest)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, f"build.sh {engine} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return dest


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """engine -> its site, each engine built once for this module."""
    sites: dict[str, Path] = {}

    def get(engine: str) -> Path:
        if engine not in sites:
            sites[engine] = build_with(engine, tmp_path_factory.mktemp(engine))
        return sites[engine]

    return get


@pytest.fixture(scope="module")
def mkdocs_site(built) -> Path:
    return built("mkdocs")


@pytest.fixture(scope="module")
def zensical_site(built) -> Path:
    return built("zensical")


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def read(site: Path, doc: str) -> str:
    return html_path(site, doc).read_text(encoding="utf-8")


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "<html" in p.read_text(encoding="utf-8")[:2000].lower())


# --- ProperDocs: the same site, byte for byte ---------------------------------------------------------------------


@pytest.mark.slow
def test_properdocs_writes_the_same_files_as_mkdocs_but_the_generator_meta(built):
    mkdocs, properdocs = built("mkdocs"), built("properdocs")
    assert files(mkdocs) == files(properdocs), sorted(files(mkdocs) ^ files(properdocs))
    differences, generators = [], set()
    for rel in sorted(files(mkdocs)):
        a, b = (mkdocs / rel).read_bytes(), (properdocs / rel).read_bytes()
        if rel.endswith(".gz"):  # the sitemap's dates: compare what is inside
            a, b = gzip.decompress(a), gzip.decompress(b)
        elif rel.endswith(".html"):
            text_a, text_b = a.decode("utf-8"), b.decode("utf-8")
            generators.update(m.strip() for m in GENERATOR.findall(text_a) + GENERATOR.findall(text_b))
            a, b = GENERATOR.sub("", text_a).encode(), GENERATOR.sub("", text_b).encode()
        if a != b:
            line = next(i for i, (x, y) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False)) if x != y)
            differences.append(f"{rel}:{line + 1}: {a.splitlines()[line][:160]!r} != {b.splitlines()[line][:160]!r}")
    assert differences == [], "ProperDocs differs from MkDocs beyond the generator <meta>:\n" + "\n".join(differences)
    # `extra.generator: false` only drops Material's footer credit: each engine still names itself in <head>
    assert any("mkdocs-1.6" in g for g in generators) and any("ProperDocs 1.6.7" in g for g in generators), generators


# --- Zensical: the same content through another engine -------------------------------------------------------------


@pytest.mark.slow
def test_zensical_every_page_has_the_authors_notice(zensical_site):
    notice = Project.load(ROOT).speech.notice
    for _, doc in nav():
        html = read(zensical_site, doc)
        assert f'<p class="speech-notice" role="note">{notice}</p>' in html, doc
    for doc in speech_docs():
        assert '<p class="speech-notice"' in read(zensical_site, doc), doc


def heading_ids(html: str) -> list[str]:
    return [el.attrs["id"] for el in parse(html) if re.fullmatch(r"h[1-6]", el.tag) and el.attrs.get("id")]


@pytest.mark.slow
def test_zensical_keeps_the_hand_written_heading_anchors(zensical_site, mkdocs_site):
    for doc in speech_docs():
        written = HEADING_ANCHOR.findall((ROOT / "docs" / doc).read_text(encoding="utf-8"))
        assert written, doc
        ids = heading_ids(read(zensical_site, doc))
        assert [a for a in written if a not in ids] == [], doc
    for _, doc in nav():
        assert heading_ids(read(zensical_site, doc)) == heading_ids(read(mkdocs_site, doc)), doc


def tooltips(html: str) -> list[tuple[str, str]]:
    """(term as written, explanation) of every <abbr> in the article, in order."""
    return [
        ("".join(el.text), el.attrs.get("title") or "")
        for el in parse(html)
        if el.tag == "abbr" and el.inside("article")
    ]


@pytest.mark.slow
def test_zensical_has_a_tooltip_on_every_glossary_occurrence_as_mkdocs_does(zensical_site, mkdocs_site):
    for doc in speech_docs():
        expected = tooltips(read(mkdocs_site, doc))
        assert expected, f"{doc}: no <abbr> in the MkDocs build"
        got = tooltips(read(zensical_site, doc))
        assert len(got) == len(expected), f"{doc}: {len(got)} <abbr> on Zensical, {len(expected)} on MkDocs"
        assert got == expected, doc


def occurrence_links(html: str) -> dict[str, list[str]]:
    """Glossary entry id -> the hrefs in its list (出现位置 …)."""
    out: dict[str, list[str]] = {}
    entry = None
    for el in parse(html):
        if not el.inside("article"):
            continue
        if el.tag == "h2" and el.attrs.get("id"):
            entry = el.attrs["id"]
            out[entry] = []
        elif el.tag == "a" and entry and "#" in (el.attrs.get("href") or "#") and not el.attrs["href"].startswith("#"):
            out[entry].append(el.attrs["href"])
    return out


@pytest.mark.slow
def test_zensical_glossary_lists_every_entry_with_the_occurrence_links_mkdocs_has(zensical_site, mkdocs_site):
    project = Project.load(ROOT)
    doc = project.marker_page("glossary").src_uri
    got = occurrence_links(read(zensical_site, doc))
    assert [e.id for e in project.glossary if e.id not in got] == []
    assert got == occurrence_links(read(mkdocs_site, doc))
    page = url_of(doc) + "index.html"
    for entry in project.glossary:
        assert got[entry.id], f"{entry.id}: no occurrence link"
        for href in got[entry.id]:  # each lands on a heading of the Zensical site
            path, _, anchor = href.partition("#")
            target = zensical_site / posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
            target = target if target.suffix == ".html" else target / "index.html"
            assert target.is_file(), (entry.id, href)
            assert not anchor or f'id="{anchor}"' in target.read_text(encoding="utf-8"), (entry.id, href)


@pytest.mark.slow
@pytest.mark.parametrize("doc", STUDY_PAGES)
def test_zensical_study_pages_read_as_on_mkdocs(zensical_site, mkdocs_site, doc):
    got, expected = article_text(read(zensical_site, doc)), article_text(read(mkdocs_site, doc))
    assert len(expected) > 100, doc
    if got != expected:
        i = next(
            (i for i, (x, y) in enumerate(zip(got, expected, strict=False)) if x != y), min(len(got), len(expected))
        )
        pytest.fail(
            f"{doc}: differs at character {i}: Zensical …{got[i - 20 : i + 40]}… MkDocs …{expected[i - 20 : i + 40]}…"
        )


@pytest.mark.slow
def test_zensical_full_print_button_leads_to_the_print_version(zensical_site):
    """The plugin gives MkDocs the URL; without plugins, the template's docs path goes through links.py."""
    print_page = html_path(zensical_site, Project.load(ROOT).marker_page("print-whole").src_uri)
    for doc in speech_docs():
        page = html_path(zensical_site, doc)
        html = page.read_text(encoding="utf-8")
        hrefs = [el.attrs.get("href") for el in parse(html) if el.tag == "a" and "".join(el.text) == "全文打印版"]
        assert hrefs, doc
        for href in hrefs:  # the button, and on the home page a link in the text too
            target = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), href)))
            assert (target if target.suffix == ".html" else target / "index.html") == print_page, (doc, href)


@pytest.mark.slow
def test_zensical_every_page_carries_a_csp_meta(zensical_site):
    pages = html_pages(zensical_site)
    assert len(pages) >= len(nav()) + 1  # and 404.html
    for page in pages:
        html = page.read_text(encoding="utf-8")
        match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert match, page
        assert "'unsafe-inline'" not in match.group(1) and "default-src 'self'" in match.group(1), page


@pytest.mark.slow
def test_zensical_output_holds_no_project_source(zensical_site):
    leaked = [
        rel
        for rel in sorted(files(zensical_site))
        if Path(rel).suffix in SOURCE_SUFFIXES or Path(rel).name in SOURCE_NAMES
    ]
    assert leaked == []


@pytest.mark.slow
def test_zensical_speech_page_in_chromium_stays_on_origin_under_its_csp(browser, zensical_site):
    httpd, origin = serve(zensical_site)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`))"
    )
    page = context.new_page()
    outside, failed, errors = [], [], []

    def on_request(request):
        url = urlparse(request.url)
        if url.scheme not in ("data", "blob") and f"{url.scheme}://{url.netloc}/" != origin:
            outside.append(request.url)

    page.on("request", on_request)
    page.on("response", lambda r: r.status >= 400 and failed.append((r.status, urlparse(r.url).path)))
    page.on("console", lambda m: m.type == "error" and errors.append((m.text, m.location.get("url", ""))))
    page.on("pageerror", lambda e: errors.append((str(e), "")))
    try:
        page.goto(origin + "part-1-leadership-team/", wait_until="networkidle")
        # Zensical's own search: its dialog lives in a shadow root attached to <body>, with its own <style>
        page.locator(".md-search__button").first.click()
        box = page.locator("dialog input[role=combobox]")
        box.wait_for(state="visible")
        box.fill("双刃剑")
        first = page.locator("dialog ol[role=listbox] a[role=option]").first
        first.wait_for()
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__csp")
        # a <style> the policy refuses has no sheet: the dialog would show as bare, unstyled markup
        dialog_rules = box.evaluate("e => e.getRootNode().querySelector('style')?.sheet?.cssRules.length ?? 0")
        # open the result: the landing page (?h=…) runs Zensical's highlight, and none of the project's search code
        first.click()
        page.wait_for_url("**/part-1-leadership-team/?h=*")
        page.wait_for_load_state("networkidle")
        violations += page.evaluate("window.__csp")
        marks = page.locator("article mark").count()
    finally:
        context.close()
        httpd.shutdown()
    assert outside == []
    assert violations == []
    assert dialog_rules > 0, "the search dialog's stylesheet was refused"
    assert marks > 0, "the landing page highlights nothing"
    # nothing answers an error: Zensical's favicon link (a data: URL it took for a path) is the configured one again
    assert failed == []
    assert errors == []


# --- Zensical: the frame MkDocs writes (title, favicon, buttons, look) and the search ------------------------------


def zensical_search():
    """scripts/zensical_search.py: the acceptance run in Zensical's own search dialog, and its selectors."""
    spec = importlib.util.spec_from_file_location("zensical_search", ROOT / "scripts" / "zensical_search.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def resolve(rel_html: str, href: str | None) -> str | None:
    """A link as the file it opens, site-relative (./print/ and print/ alike); other schemes as written."""
    if href is None or ":" in href.split("/")[0]:
        return href
    path, _, anchor = href.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(rel_html), path)) if path else rel_html
    if not posixpath.splitext(target)[1]:  # a folder: print/, ./, /, /.
        target = posixpath.join(target, "index.html")
    return posixpath.normpath(target) + (f"#{anchor}" if anchor else "")


def frame(site: Path, rel: str) -> dict:
    """What the templates put around the text: tab title, favicon, the buttons and the print hint."""
    html = (site / rel).read_text(encoding="utf-8")
    elements = parse(html)
    out: dict = {"title": None, "icon": None, "actions": [], "hint": None}
    for el in elements:
        if el.tag == "title":
            out["title"] = "".join(el.text).strip()
        elif el.tag == "link" and el.attrs.get("rel") == "icon":
            out["icon"] = el.attrs.get("href")
        elif el.tag in ("a", "button") and any("page-actions" in a.classes for a in el.ancestors):
            out["actions"].append(("".join(el.text).strip(), resolve(rel, el.attrs.get("href"))))
        elif el.tag == "p" and "print-hint" in el.classes:
            out["hint"] = "".join(el.text).strip()
    return out


def compare_frames(mkdocs: Path, zensical: Path) -> list[str]:
    pages = [p.relative_to(mkdocs).as_posix() for p in html_pages(mkdocs)]
    differences = [rel for rel in pages if not (zensical / rel).is_file()]
    for rel in pages:
        if (zensical / rel).is_file() and frame(zensical, rel) != frame(mkdocs, rel):
            differences.append(f"{rel}: Zensical {frame(zensical, rel)} != MkDocs {frame(mkdocs, rel)}")
    return differences


@pytest.mark.slow
def test_zensical_frame_is_the_one_mkdocs_writes(zensical_site, mkdocs_site):
    """Home tab, favicon, 打印本节 / 全文打印版 / 下载 Word / 下载 PDF and the hint naming them, page by page."""
    assert (
        sum(bool(frame(mkdocs_site, p.relative_to(mkdocs_site).as_posix())["actions"]) for p in html_pages(mkdocs_site))
        >= 9
    )
    assert compare_frames(mkdocs_site, zensical_site) == []


@pytest.mark.slow
def test_zensical_uses_materials_classic_look(zensical_site):
    for page in html_pages(zensical_site):
        sheets = [el.attrs.get("href") or "" for el in parse(page.read_text(encoding="utf-8")) if el.tag == "link"]
        assert any("/classic/main." in s for s in sheets) and not any("/modern/" in s for s in sheets), page


@pytest.mark.slow
def test_zensical_search_lists_the_speech_section_first_for_the_acceptance_set(browser, zensical_site):
    module = zensical_search()
    if not module.QUERIES.is_file():
        pytest.fail(f"the public search acceptance set is missing: {module.QUERIES}", pytrace=False)
    records = module.measure(zensical_site, browser)
    assert len(records) >= 50
    misses = [(r["query"], r["first"]) for r in records if not r["first_expected"]]
    assert misses == [], f"{len(misses)} of {len(records)} queries: first result not the expected section"


def test_splice_refuses_overlapping_edits():
    """Two passes rewriting one start tag wrote both (an <a> inside an <a>): that is a bug, and stops the build."""
    source = '<p><a href="print.md">全文打印版</a></p>'
    start, end = source.index("<a"), source.index(">", source.index("<a")) + 1
    with pytest.raises(ValueError, match="overlap"):
        splice(source, [(start, end, '<a href="print/">'), (start, end, '<a href="shequ/print/">')])
    assert splice(source, [(start, start, "<!-- x -->"), (start, end, '<a href="print/">')]).count("<a") == 1


# --- Zensical: a library of two speeches ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def library_project(tmp_path_factory, zensical_site) -> Path:
    """The project with a second speech imported (test_library's); zensical_site: the pinned Zensical is installed."""
    project = make_library(tmp_path_factory.mktemp("engines-library"))
    (project / ".venv").symlink_to(ROOT / ".venv")  # build.sh runs the project's .venv: this one
    return project


@pytest.fixture(scope="module")
def zensical_library(library_project, tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("zensical-library") / "site"
    env = {**os.environ, "PDF_EXPORT": "true", "OFFLINE": "false", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        ["bash", str(library_project / "scripts" / "build.sh"), "zensical", str(dest)],
        cwd=library_project,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, f"the library on Zensical:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return dest


@pytest.fixture(scope="module")
def mkdocs_library(library) -> Path:
    """The same library on MkDocs: conftest's build of it."""
    return library.site


@pytest.mark.slow
def test_zensical_library_links_the_library_from_every_page(zensical_library):
    pages = [p.relative_to(zensical_library).as_posix() for p in html_pages(zensical_library)]
    assert any(p.startswith(f"{SLUG}/") for p in pages)
    for rel in pages:
        if rel == "404.html":
            continue
        links = [
            resolve(rel, el.attrs.get("href"))
            for el in parse((zensical_library / rel).read_text(encoding="utf-8"))
            if el.tag == "a" and any("md-nav--primary" in a.classes for a in el.ancestors)
        ]
        assert "library/index.html" in links, rel


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_library_every_link_resolves(request, engine):
    site = request.getfixturevalue(f"{engine}_library")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_links.py"), str(site), "--site-url", SITE_URL],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_library_structure_map_leads_into_its_own_speech(request, engine):
    """Every node of the imported speech's 结构导图 opens a heading of that speech; its title, its opening."""
    site = request.getfixturevalue(f"{engine}_library")
    rel = f"{SLUG}/map/index.html"
    nodes = [el for el in parse((site / rel).read_text(encoding="utf-8")) if el.tag == "a" and "map-node" in el.classes]
    assert len(nodes) >= 14
    for el in nodes:
        target = resolve(rel, el.attrs["href"])
        path, _, anchor = target.partition("#")
        assert path.startswith(f"{SLUG}/") and (site / path).is_file(), (el.attrs["href"], target)
        assert not anchor or f'id="{anchor}"' in (site / path).read_text(encoding="utf-8"), target
        if "map-level-0" in el.classes:
            assert path == f"{SLUG}/index.html", target


@pytest.mark.slow
def test_zensical_library_frame_is_the_one_mkdocs_writes(mkdocs_library, zensical_library):
    assert compare_frames(mkdocs_library, zensical_library) == []


@pytest.mark.slow
def test_zensical_library_search_index_names_each_speech(zensical_library):
    items = json.loads((zensical_library / "search.json").read_text(encoding="utf-8"))["items"]
    glossary = Project.load(ROOT).marker_page("glossary").src_uri
    assert [i["location"] for i in items if i["location"].startswith(url_of(glossary))] == []
    ours = [i for i in items if i["location"].startswith(f"{SLUG}/")]
    assert ours and all(i["path"][0] == f"《{speechfiles.TITLE}》" for i in ours)
    first = [i for i in items if i["location"].split("#")[0] in {url_of(d) for d in speech_docs()}]
    assert first and all(i["path"][0] == "《怎么做新时代合格的基层党组织书记》" for i in first)


@pytest.mark.slow
def test_zensical_library_search_results_name_their_speech(browser, zensical_library):
    module = zensical_search()
    httpd, origin = serve(zensical_library)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(module.WATCH_WORKER_JS)
    page = context.new_page()
    try:
        page.goto(origin + "part-2-cadre-team/", wait_until="networkidle")
        page.locator(".md-search__button").first.click()
        box = page.locator(module.INPUT)
        box.wait_for(state="visible")
        shown = {}
        for query in (speechfiles.IN_BOTH, speechfiles.ONLY_HERE):
            box.fill(query)
            page.wait_for_function(module.ANSWERED_JS, arg=query)
            options = page.locator(module.OPTIONS)
            shown[query] = [
                (
                    module.location(options.nth(i).get_attribute("href"), origin),
                    options.nth(i).locator("menu li").first.inner_text(),
                )
                for i in range(options.count())
            ]
    finally:
        context.close()
        httpd.shutdown()
    speeches = {name for _, name in shown[speechfiles.IN_BOTH]}
    assert speeches == {f"《{speechfiles.TITLE}》", "《怎么做新时代合格的基层党组织书记》"}, shown
    first, name = shown[speechfiles.ONLY_HERE][0]
    assert first.startswith(f"{SLUG}/part-1/") and name == f"《{speechfiles.TITLE}》", shown


def sidebar(site: Path, rel: str) -> list[tuple[str, str | None]]:
    """The primary navigation's top-level items: (title, the file its link opens)."""
    elements = parse((site / rel).read_text(encoding="utf-8"))
    top = next(
        (el for el in elements if el.tag == "ul" and el.ancestors and "md-nav--primary" in el.ancestors[-1].classes),
        None,
    )
    if top is None:
        return []
    items = []
    for li in (el for el in elements if el.tag == "li" and el.ancestors and el.ancestors[-1] is top):
        link = next(el for el in elements if el.tag == "a" and li in el.ancestors)
        items.append((" ".join("".join(link.text).split()), resolve(rel, link.attrs.get("href"))))
    return items


@pytest.mark.slow
def test_zensical_library_sidebar_lists_each_speechs_own_pages_as_mkdocs_does(mkdocs_library, zensical_library):
    """On the imported speech's pages, its opening, parts and study pages; never the other speech's."""
    pages = [p.relative_to(mkdocs_library).as_posix() for p in html_pages(mkdocs_library)]
    ours = [rel for rel in pages if rel.startswith(f"{SLUG}/") and sidebar(mkdocs_library, rel)]
    assert len(ours) >= 8
    for rel in ours:
        assert all(
            href.startswith(f"{SLUG}/") or not href.startswith(("part-", "index"))
            for _, href in sidebar(zensical_library, rel)
        ), rel
    differences = [
        (rel, sidebar(zensical_library, rel), sidebar(mkdocs_library, rel))
        for rel in pages
        if sidebar(zensical_library, rel) != sidebar(mkdocs_library, rel)
    ]
    assert differences == []


def footer_links(site: Path, rel: str) -> list[tuple[str, str, str | None]]:
    """上一页 / 下一页: (its aria-label, the title shown, the file it opens)."""
    elements = parse((site / rel).read_text(encoding="utf-8"))
    return [
        (el.attrs.get("aria-label") or "", " ".join("".join(el.text).split()), resolve(rel, el.attrs.get("href")))
        for el in elements
        if el.tag == "a" and "md-footer__link" in el.classes
    ]


@pytest.mark.slow
def test_zensical_library_pages_turn_within_their_speech_as_on_mkdocs(mkdocs_library, zensical_library):
    pages = [p.relative_to(mkdocs_library).as_posix() for p in html_pages(mkdocs_library)]
    ours = [rel for rel in pages if rel.startswith(f"{SLUG}/") and footer_links(mkdocs_library, rel)]
    assert len(ours) >= 8
    differences = [
        (rel, footer_links(zensical_library, rel), footer_links(mkdocs_library, rel))
        for rel in pages
        if footer_links(zensical_library, rel) != footer_links(mkdocs_library, rel)
    ]
    assert differences == []


def test_a_flat_sites_404_page_gets_one_favicon_link_back(tmp_path):
    """DIRECTORY_URLS=false: the 404 page's site-absolute links are made relative, and Zensical's favicon
    (/data:…, a path) is rewritten by the frame; one rewrite of that tag, not two."""
    project = Project.load(ROOT)
    favicon = project.config["theme"]["favicon"]
    page = tmp_path / "404.html"
    page.write_text(
        '<!doctype html>\n<html><head><meta charset="utf-8">\n'
        '<link rel="icon" href="/data:image/svg+xml,%3Csvg%20xmlns=\'http:/www.w3.org/2000/svg\'%3E">\n'
        '<title>404</title></head><body><a href="/about.html">x</a></body></html>\n',
        encoding="utf-8",
    )
    layout = Layout(tmp_path, [p.src_uri for p in project.pages])
    assert not layout.directory_urls
    process_page(page, layout, project)
    links = [el for el in parse(page.read_text(encoding="utf-8")) if el.tag in ("link", "a")]
    assert [(el.tag, el.attrs.get("href")) for el in links] == [("link", favicon), ("a", "about.html")]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("docs/about.md", "\n</article>\n<script>alert(1)</script>\n<article>\n"), "docs/about.md："),
        (("glossary.yml", None), "glossary.yml："),
    ],
)
def test_zensical_bad_input_stops_with_one_line_and_no_traceback(tmp_path, edit, expected):
    """A page the allow-list refuses, or a glossary statement a rule refuses, under Zensical as under MkDocs."""
    from conftest import copy_project

    project = copy_project(tmp_path / "project")
    name, added = edit
    path = project / name
    if added is None:  # G1: a location in words, which the generated places would contradict
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("讲话说：吃透上情，", "讲话在这一节说：吃透上情，", 1), encoding="utf-8")
    else:
        path.write_text(path.read_text(encoding="utf-8") + added, encoding="utf-8")
    env = {**os.environ, "PDF_EXPORT": "false", "OFFLINE": "false"}
    cmd = [sys.executable, "-m", "speech_study", "--root", str(project), "build", "--engine", "zensical"]
    result = subprocess.run([*cmd, "--out", str(tmp_path / "out")], capture_output=True, text=True, env=env)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-3000:]
    errors = [line for line in output.splitlines() if line.startswith("错误：")]
    assert len(errors) == 1 and expected in errors[0], output[-3000:]
