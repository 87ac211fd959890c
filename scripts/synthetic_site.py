"""Make a large synthetic copy of the site for benchmarks: the speech's sentences recombined.

Deterministic (seeded), so two runs measure the same pages. The project's variant
keeps the project's mkdocs.yml, overrides and glossary; the vanilla variant is
plain Material (with jieba, as Material recommends for Chinese) on the same pages.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import ROOT  # noqa: E402
from bench.sites import copy_sources, vanilla_config, write_vanilla  # noqa: E402

SENTENCE = re.compile(r"[^。！？]+[。！？]”?")
VANILLA_CONFIG = vanilla_config(
    "基准测试", ["search.highlight", "search.share", "search.suggest"], extensions=("attr_list",)
)


def sentences() -> list[str]:
    lines = (ROOT / "source" / "speech.txt").read_text(encoding="utf-8").splitlines()[3:]
    return [s for line in lines for s in SENTENCE.findall(line)]


def pages(count: int = 200, page_bytes: int = 7800, seed: int = 20261124) -> dict[str, str]:
    """File name -> Markdown: `count` pages of about `page_bytes` UTF-8 bytes each."""
    rng = random.Random(seed)
    pool = sentences()
    out = {}
    for n in range(1, count + 1):
        body = [f"---\ntitle: 第 {n} 篇\n---\n", f"# 第 {n} 篇 学习材料 {{ #page-{n} }}\n"]
        size, section = 0, 0
        while size < page_bytes:
            if size == 0 or rng.random() < 0.12:
                section += 1
                heading = rng.choice(pool)[:24]
                body.append(f"## （{section}）{heading} {{ #s{n}-{section} }}\n")
            paragraph = "".join(rng.choice(pool) for _ in range(rng.randint(2, 5)))
            body.append(paragraph + "\n")
            size += len(paragraph.encode("utf-8"))
        out[f"page-{n:03d}.md"] = "\n".join(body)
    return out


def write(dest: Path, variant: str, docs: dict[str, str]) -> Path:
    """Write a buildable project for `variant` ("project" or "vanilla") into `dest`: the project's own
    pages (its study pages are what every speech page links to) and the synthetic ones."""
    if variant == "vanilla":
        write_vanilla(ROOT / "docs", dest, VANILLA_CONFIG)
    else:
        copy_sources(dest)  # its nav: the speech's pages in reading order (the sentence check needs it)
    for name, text in docs.items():
        (dest / "docs" / name).write_text(text, encoding="utf-8")
    return dest
