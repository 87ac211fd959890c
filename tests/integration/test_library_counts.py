"""Counts in Chinese: 两 before a measure word (两条, 两个部分), 二 in numbering (第二部分, 二、) and inside numbers.

The unit tests run `counts.chinese` over every number it takes; the built test
imports a speech of two parts, each of two sections of two points, and reads
every file of the built site (pages, search index, Word files) for a count said
with 二 or a numbering said with 两.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_build
from hypothesis import given
from hypothesis import strategies as st
from sitetext import ROOT

from speech_study import counts

DIGIT = {c: i for i, c in enumerate(counts.DIGITS)}
MEASURES = ["条", "个部分", "项", "个", "处", "篇"]


def value(word: str) -> int:
    """A Chinese numeral of 1 to 99 read back (一, 十二, 二十, 九十九; 两 as 2), to check `chinese` round-trips."""
    word = word.replace("两", "二")
    if "十" not in word:
        return DIGIT[word]
    tens, _, ones = word.partition("十")
    return (DIGIT[tens] if tens else 1) * 10 + (DIGIT[ones] if ones else 0)


@given(st.integers(min_value=1, max_value=99))
def test_a_numbering_reads_back_and_never_says_两(n):
    word = counts.chinese(n)
    assert value(word) == n
    assert "两" not in word and "〇" not in word
    assert re.fullmatch(r"[二三四五六七八九]?十?[一二三四五六七八九]?", word) and word


@given(st.integers(min_value=1, max_value=99), st.sampled_from(MEASURES))
def test_a_count_says_两_only_for_two(n, measure):
    said = counts.chinese(n, measure)
    assert said.endswith(measure)
    word = said[: -len(measure)]
    assert value(word) == n
    assert ("两" in word) == (n == 2), said
    assert word == (counts.chinese(n) if n != 2 else "两")


def test_the_forms_a_reader_knows():
    assert [counts.chinese(n, "条") for n in (1, 2, 3, 10, 12, 20, 22, 99)] == [
        "一条",
        "两条",
        "三条",
        "十条",
        "十二条",
        "二十条",
        "二十二条",
        "九十九条",
    ]
    assert counts.chinese(2, "个部分") == "两个部分" and counts.chinese(2) == "二" and counts.chinese(11) == "十一"


def reading(word: str) -> int:
    """Any Chinese numeral read back, place by place (万 splits it): the reader a test checks `chinese` against."""
    if "万" in word:
        high, _, low = word.partition("万")
        return reading(high) * 10_000 + (reading(low) if low else 0)
    total, digit, place, gap = 0, None, 10_000, False
    for ch in word.replace("两", "二"):
        if ch in DIGIT:
            digit = DIGIT[ch]
        elif ch == "零":
            digit, gap = None, True
        else:
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            assert unit < place and (gap or place == 10_000 or unit * 10 == place), f"{word}: {ch} out of place"
            total, digit, place, gap = total + (1 if digit is None else digit) * unit, None, unit, False
    if digit is not None:  # the ones: right after 十, after a 零, or alone (一百一 would be 110, not 101)
        assert place in (10, 10_000) or gap, f"{word}: a last digit read as its ones"
        total += digit
    return total


@given(st.integers(min_value=1, max_value=counts.LIMIT), st.sampled_from([None, *MEASURES]))
def test_any_number_a_library_may_count_reads_back(n, measure):
    """A library of a thousand speeches (“本站收录了一千篇讲话”), a speech of 108 sections: the build stopped with a
    traceback past 99. Every number reads back; 零 never doubles, ends or begins one; 一十 only after a larger place;
    a count of two, and of 二百 二千 二万, says 两."""
    said = counts.chinese(n, measure)
    word = said[: -len(measure)] if measure else said
    assert reading(word) == n, said
    assert "零零" not in word and not word.endswith("零") and not word.startswith(("零", "一十"))
    if measure:
        assert ("两" in word[:1]) == (n == 2 or word[1:2] in ("百", "千", "万") and reading(word[0]) == 2), said
    else:
        assert "两" not in word


def test_numbers_past_a_hundred_as_a_reader_says_them():
    said = [counts.chinese(n, "篇") for n in (100, 101, 108, 110, 200, 1000, 1010, 2000, 10001, 100000)]
    assert said == [
        "一百篇",
        "一百零一篇",
        "一百零八篇",
        "一百一十篇",
        "两百篇",
        "一千篇",
        "一千零一十篇",
        "两千篇",
        "一万零一篇",
        "十万篇",
    ]


@pytest.mark.parametrize("n", [0, -1, counts.LIMIT + 1])
def test_numbers_out_of_range_are_refused(n):
    with pytest.raises(ValueError):
        counts.chinese(n)


def test_an_empty_measure_word_is_refused():
    with pytest.raises(ValueError):
        counts.chinese(2, "")


# ---- a built library with a speech of two parts, two sections and two points ----

SLUG = "liangbu"
TWO_OF_EACH = "\n".join(
    [
        "本文为学习材料，仅供内部参考！",
        "在基层治理工作会上的讲话",
        "同志们：",
        "今天开会，主要是部署基层治理工作。下面，我讲几点意见。",
        "一、统一思想，提高站位",
        "（一）要认清形势。一要看清居民结构的变化。老年居民越来越多，服务要跟上。"
        "二要看清居民诉求的变化。群众对环境和安全提出了更高要求。",
        "（二）要找准短板。一要查清议事协商的问题。有的社区议事流于形式。二要查清网格管理的问题。有的网格员底数不清。",
        "二、真抓实干，务求实效",
        "（一）要压实责任。一要明确书记职责。书记要亲自抓、负总责。二要明确委员分工。委员要各管一摊、各负其责。",
        "（二）要改进作风。一要常到楼栋走访。多听居民意见。二要及时解决问题。把矛盾化解在萌芽状态。",
        "同志们，基层治理任重道远。希望大家真抓实干，作出新的贡献！",
    ]
)
# a count said with 二 (二条, 二个部分), or a numbering with 两 (第两, 两、, 十两)
WRONG = re.compile(
    r"(?<![第〇一二三四五六七八九十])二(?=个|条|项|部分|小节|分项|点|篇|处|次|种|段)|第两|十两|两十|两、"
)


class Site(type(Path())):
    report = ""


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    work = tmp_path_factory.mktemp("counts")
    project = copy_project(work / "project")
    source = work / "两部分讲话.txt"
    source.write_text(TWO_OF_EACH + "\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "import_speech.py"),
            str(source),
            "--slug",
            SLUG,
            "--root",
            str(project),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    built = mkdocs_build(project, work / "site")
    assert built.returncode == 0, built.stderr
    site = Site(work / "site")
    site.report = result.stdout + result.stderr  # the import report
    return site


def site_texts(site: Path):
    for path in sorted(site.rglob("*")):
        if "shards" in path.parts:
            continue  # the library index's n-grams are cut out of sentences (第二条 gives 二条), not sentences
        if path.suffix in {".html", ".js", ".json", ".xml", ".txt"}:
            yield path, path.read_text(encoding="utf-8")
        elif path.suffix == ".docx":
            with zipfile.ZipFile(path) as z:
                xml = z.read("word/document.xml").decode("utf-8")
            yield path, "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))


def test_every_generated_sentence_says_two_as_chinese_does(library):
    wrong = [
        f"{path.relative_to(library)}: …{text[max(0, m.start() - 12) : m.end() + 6]}…"
        for path, text in site_texts(library)
        for m in WRONG.finditer(text)
    ]
    assert wrong == [], wrong[:10]
    quiz = (library / SLUG / "self-test" / "index.html").read_text(encoding="utf-8")
    assert quiz.count("谈谈怎样做到这两条。") == 2 and "对照讲话的两个部分" in quiz
    assert "讲话第一部分讲" in quiz and "讲话第二部分讲" in quiz
    assert re.search(r"二、(讨论题|标准表述填空)", quiz), "numbering keeps 二"
    words = {p.name: t for p, t in site_texts(library) if p.suffix == ".docx" and SLUG in p.relative_to(library).parts}
    assert any("谈谈怎样做到这两条。" in t for t in words.values()), sorted(words)


def test_the_library_shows_the_length_the_import_report_states(library):
    """文库's 字数 is the import report's (both `counts.characters`), not a count of its own."""
    reported = re.search(r"字数([0-9,]+)", library.report)
    assert reported, library.report
    page = (library / "library" / "index.html").read_text(encoding="utf-8")
    row = re.search(r'<a href="../liangbu/">.*?</tr>', page, re.S)
    assert row, page
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
    shown = [c for c in cells if re.fullmatch(r"[0-9,]+", c.strip())]
    assert shown[-1].replace(",", "") == reported.group(1).replace(",", ""), (shown, reported.group(0))


def test_a_page_every_speech_shares_previews_as_the_library(library):
    """The preview a chat app shows under a link to 文库, 术语表 or 来源与说明 (<meta name="description">): the library
    and how many speeches it holds (found by a reader: it said “讲话《怎么做……》全文学习网站”, one speech's site);
    a speech's page previews as that speech."""
    site_title = (ROOT / "source" / "speech.txt").read_text(encoding="utf-8").splitlines()[1]
    for page in ("library/index.html", "glossary/index.html", "about/index.html"):
        html = (library / page).read_text(encoding="utf-8")
        said = re.findall(r'<meta name="description" content="([^"]*)"', html)
        wanted = f"收录《{site_title}》等两篇讲话的学习网站：分部分阅读、术语解释、全文搜索、打印。"
        assert said == [wanted], (page, said)
    own = (library / SLUG / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<meta name="description" content="讲话《([^》]*)》', own) != [site_title]
