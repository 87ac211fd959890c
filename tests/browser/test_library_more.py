"""A library of many imported speeches, as a street committee's would grow.

Twenty speeches the test writes and imports with the import command: their
titles, speakers, dates and part headings hold every ASCII punctuation
character (" & < > ' \\ ` and the rest), each shown exactly as written wherever
the site prints it, never interpreted as markup; and one word (学习) stands in
every section of every speech, far more results than one answer lists: 显示更多
reaches each of them, exactly once.
"""

from __future__ import annotations

import contextlib
import io
import re
import string
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_build
from lxml import html as lxml_html
from reading import watched_reader
from searchbox import ANSWERED_SINCE, COUNT_ANSWERS, META, normalize, section_of, type_query
from sitetext import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import import_speech  # noqa: E402 - the import command, run in this process
from settle import open_settled

PUNCT = string.punctuation  # all 32 ASCII punctuation characters
COUNT = 20
NUMERALS = "一二三四五六七八九十"
WORD = "学习"  # in the opening, every section and the closing of every speech


def chunk(k: int) -> str:
    """Four punctuation characters: the speeches' titles, speakers, dates and headings take turns through all 32."""
    at = (k * 4) % len(PUNCT)
    return PUNCT[at : at + 4]


BOOK = 5  # this speech's title names a book: in 书名号 inside the site's 书名号, as 〈〉 (GB/T 15834—2011, 4.15.3)


def title(k: int) -> str:
    if k == BOOK:
        return f"关于学习《第{k + 1}项{chunk(k)}工作条例》的讲话"
    return f"关于第{k + 1}项{chunk(k)}工作的讲话"


def named(k: int) -> str:
    """The speech's name in the site's prose: its title in 书名号."""
    if k == BOOK:
        return f"《关于学习〈第{k + 1}项{chunk(k)}工作条例〉的讲话》"
    return f"《{title(k)}》"


def speaker(k: int) -> str:
    return f"张{chunk(k + 3)}三"


def date(k: int) -> str:
    return f"2024年{chunk(k + 5)}"


def part_title(k: int, i: int) -> str:
    return f"{NUMERALS[i]}、抓好第{k + 1}篇{chunk(k + i + 1)}第{i + 1}方面工作"


def text(k: int) -> str:
    opening = f"今天召开第{k + 1}次会议，大家要加强{WORD}。下面讲三点意见。"
    lines = ["本文仅供测试使用，请勿转载！", title(k), "同志们：", opening]
    for i in range(3):
        lines.append(part_title(k, i))
        lines.append(f"这一方面关系全局，第{k + 1}篇第{i + 1}部分要求人人重视。")
        for j in range(2):
            lines.append(
                f"（{NUMERALS[j]}）要做好第{i + 1}部分第{j + 1}项任务。"
                f"第{k + 1}篇这一项要坚持{WORD}，把第{j + 1}件事落到实处。"
            )
    lines.append(f"同志们，第{k + 1}篇讲的任务很重，希望大家继续{WORD}，久久为功！")
    return "\n".join(lines) + "\n"


def test_the_generated_names_hold_every_ascii_punctuation_character():
    names = "".join(title(k) + speaker(k) + date(k) for k in range(COUNT))
    assert set(PUNCT) <= set(names) and set(PUNCT) <= set("".join(title(k) for k in range(COUNT)))
    assert set(PUNCT) <= set("".join(part_title(k, i) for k in range(COUNT) for i in range(3)))


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    work = tmp_path_factory.mktemp("many")
    project = copy_project(work / "project")
    for k in range(COUNT):
        source = work / f"speech-{k}.txt"
        source.write_text(text(k), encoding="utf-8")
        args = [str(source), "--slug", f"s{k:02d}", "--root", str(project), "--speaker", speaker(k), "--date", date(k)]
        with contextlib.redirect_stdout(io.StringIO()) as report:
            code = import_speech.main(args)
        assert code == 0, report.getvalue()
    result = mkdocs_build(project, work / "site", env={"PDF_EXPORT": "false"})
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    result.site = work / "site"
    return result


def tree(site: Path, url: str):
    return lxml_html.document_fromstring((site / url / "index.html").read_text(encoding="utf-8"))


def shown(element) -> str:
    """An element's text as a reader sees it (whitespace runs as one space); markup inside it fails
    (a heading's ¶, Markdown's permalink, apart)."""
    for link in element.xpath('./a[@class="headerlink"]'):
        element.remove(link)
    assert len(element) == 0, lxml_html.tostring(element, encoding="unicode")
    return " ".join(element.text_content().split())


def one(doc, xpath: str):
    found = doc.xpath(xpath)
    assert len(found) == 1, (xpath, len(found))
    return found[0]


HEADER_TOPIC = '//div[@class="md-header__topic" and not(@data-md-component)]/span[@class="md-ellipsis"]'
NAV_ITEMS = (
    '//nav[@data-md-level="0"]//a[@class="md-nav__link" or contains(@class, "md-nav__link--active")]'
    '/span[@class="md-ellipsis"]'
)
PAGE_TOPIC = '//div[@class="md-header__topic" and @data-md-component="header-topic"]/span[@class="md-ellipsis"]'


def test_every_name_shows_exactly_as_written_in_the_built_pages(library):
    site = library.site
    table = tree(site, "library")
    for k in range(COUNT):
        slug = f"s{k:02d}"
        opening = tree(site, slug)
        assert shown(one(opening, "//h1")) == title(k)
        assert shown(one(opening, "//title")) == title(k)
        assert shown(one(opening, HEADER_TOPIC)) == title(k)
        # the phone's drawer is headed with the speech's name
        drawer = one(opening, '//label[@class="md-nav__title" and @for="__drawer"]')
        assert " ".join("".join(drawer.itertext()).split()) == title(k)
        for i in range(3):
            page = tree(site, f"{slug}/part-{i + 1}")
            assert shown(one(page, "//h1")) == part_title(k, i)
            assert shown(one(page, "//title")) == f"{part_title(k, i)} - {title(k)}"
            assert shown(one(page, PAGE_TOPIC)) == part_title(k, i)
            # the nav item of each part, on every part page
            items = [shown(s) for s in page.xpath(NAV_ITEMS)]
            assert [part_title(k, n) for n in range(3)] == [t for t in items if t.startswith(tuple(NUMERALS))][:3]
            # 上一页 / 下一页 name the neighbouring parts
            footer = [shown(d) for d in page.xpath('//div[@class="md-footer__title"]/div[@class="md-ellipsis"]')]
            if i > 0:
                assert footer[0] == part_title(k, i - 1)
            if i < 2:
                assert footer[-1] == part_title(k, i + 1)
            labels = page.xpath('//a[contains(@class, "md-footer__link--next")]/@aria-label')
            if i < 2:
                assert labels == [f"下一页: {part_title(k, i + 1)}"]
        # the 文库's row: title, speaker and date as written
        link = one(table, f'//td[@data-label="讲话"]/a[@href="../{slug}/"]')
        row = link.getparent().getparent()
        assert shown(link) == title(k)
        assert shown(one(row, './td[@data-label="讲话人或单位"]')) == speaker(k)
        assert shown(one(row, './td[@data-label="日期"]')) == date(k)
        # the discussion question names the speech in 书名号 (a book in its title: in 〈〉)
        test = " ".join(tree(site, f"{slug}/self-test").text_content().split())
        assert f"讲话题为{named(k)}。" in test, test[-400:]
    # the 书名号 the site writes round a title are never doubled, on any page
    for path in site.rglob("*.html"):
        text = lxml_html.document_fromstring(path.read_text(encoding="utf-8")).text_content()
        assert "《《" not in text and "》》" not in text, path


def test_the_word_files_carry_the_exact_title(library):
    for k in range(COUNT):
        path = library.site / "docx" / f"s{k:02d}" / "speech.docx"
        with zipfile.ZipFile(path) as docx:
            core = lxml_html.etree.fromstring(docx.read("docProps/core.xml"))
            body = lxml_html.etree.fromstring(docx.read("word/document.xml"))
        ns = {"dc": "http://purl.org/dc/elements/1.1/"}
        assert core.findtext("dc:title", namespaces=ns) == title(k)
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        paragraphs = ["".join(t.text or "" for t in p.iter(f"{w}t")) for p in body.iter(f"{w}p")]
        assert title(k) in paragraphs, paragraphs[:4]


# --- in a browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def many_server(library):
    from speech_study.localserver import serve

    httpd, url = serve(library.site)
    yield url
    httpd.shutdown()


@pytest.fixture
def reader(browser, many_server):
    with watched_reader(browser, many_server) as page:
        yield page


def test_a_reader_sees_each_title_as_written(reader, many_server):
    """The tab, the heading, the header, the nav and a search result's speech name, as the browser shows them."""
    for k in range(COUNT // 2):  # ten speeches: every punctuation character in a title
        reader.goto(many_server + f"s{k:02d}/", wait_until="load")
        assert reader.title() == title(k)
        assert reader.locator("h1").inner_text() == title(k)
        reader.goto(many_server + f"s{k:02d}/part-1/", wait_until="load")
        assert reader.title() == f"{part_title(k, 0)} - {title(k)}"
        assert reader.locator("h1").inner_text() == part_title(k, 0)
        assert reader.locator(".md-header__topic:not([data-md-component]) .md-ellipsis").inner_text() == title(k)
        nav = reader.locator(".md-nav--primary > .md-nav__list .md-ellipsis").all_text_contents()
        assert [part_title(k, i) for i in range(3)] <= [" ".join(t.split()) for t in nav], nav
        # a phrase of this speech alone: its result names the speech
        type_query(reader, f"第{k + 1}篇这一项要坚持")
        names = reader.locator("li.md-search-result__item h1").all_inner_texts()
        assert names and all(n.startswith(named(k)) for n in names), names


def speech_of(url: str) -> str:
    """An imported speech's slug, "shared" for the glossary and the site's pages, "first" for the first speech."""
    top = url.split("/")[0]
    return top if re.fullmatch(r"s\d\d", top) else "shared" if top in ("glossary", "about", "library") else "first"


# Material draws 4 more results each time the list is scrolled to its end (from elsewhere: it
# watches the change), as a reader scrolling down does; resolves to the count before this scroll
SCROLL_RESULTS = """async () => {
  const list = document.querySelector('.md-search__scrollwrap')
  const before = document.querySelectorAll('li.md-search-result__item').length
  const scrolled = () => new Promise(done => list.addEventListener('scroll', done, { once: true }))
  if (list.scrollTop > 0) {
    const up = scrolled()
    list.scrollTop = 0
    await up
    // Material reads the scroll position once a frame: let it see the top before the end
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))
  }
  const down = scrolled()
  list.scrollTop = list.scrollHeight
  await down
  return before
}"""


def test_more_reaches_every_result_exactly_once(reader, library, many_server):
    """学习 in every section of 20 speeches and in the first speech and the site's pages: well over 100
    results. The first answer lists a few, 显示更多 the next ones, until every section holding the word
    is listed, once; this speech's first, then each other speech's together."""
    from test_library import section_texts

    texts = section_texts(library.site)
    holding = {place for place, t in texts.items() if normalize(WORD) in t}
    assert len(holding) > 150, len(holding)
    open_settled(reader, many_server + "s05/part-2/")
    type_query(reader, WORD)
    first = int(re.search(r"找到(\d+)个", reader.locator(META).inner_text()).group(1))
    assert first < len(holding)
    counts = reader.locator(".search-counts").inner_text()
    # per speech, the index's own count from the first answer: 8 sections each (opening, six, closing)
    assert counts.startswith(f"出现在：{named(5)}8处，"), counts
    assert all(f"{named(k)}8处" in counts for k in range(COUNT)), counts
    assert reader.locator(".search-scope").inner_text().strip() == f"只搜本篇：{named(5)}"
    presses = 0
    while reader.locator(".search-more").count():
        answers = reader.evaluate(COUNT_ANSWERS)
        reader.locator(".search-more").evaluate("button => button.click()")
        reader.wait_for_function(ANSWERED_SINCE, arg=answers)
        presses += 1
        assert presses < 40
    meta = reader.locator(META).inner_text()
    assert meta.startswith(f"找到{len(holding)}个相关段落"), (meta, len(holding))
    # Material draws a long list as it is scrolled: scroll to its end, then read every result
    for _ in range(len(holding)):
        rendered = reader.evaluate(SCROLL_RESULTS)  # the count before this scroll draws more
        if rendered >= len(holding):
            break
        reader.wait_for_function("n => document.querySelectorAll('li.md-search-result__item').length > n", arg=rendered)
    # one result a list item (its links, Material's page line and the section, lead to the same place)
    hrefs = reader.evaluate(
        "() => [...document.querySelectorAll('li.md-search-result__item')].map(li => li.querySelector('a').href)"
    )
    for item in reader.locator("li.md-search-result__item").all():
        assert len({a.get_attribute("href") for a in item.locator("a").all()}) == 1
    places = [section_of(h) for h in hrefs]
    assert len(places) == len(set(places)) == len(holding)
    assert set(places) == holding, sorted(set(places) ^ holding)[:10]
    # grouped by speech: the one being read first, each speech's results together
    speeches = [speech_of(p[0]) for p in places]
    runs = [s for n, s in enumerate(speeches) if n == 0 or s != speeches[n - 1]]
    assert runs[0] == "s05" and len(runs) == len(set(runs)), runs
