"""Read the built site as a reader sees it: pages in nav order and the speech text in them."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from speech_study.postbuild.article_text import article_text  # noqa: F401 - the tests read pages as the build does

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source" / "speech.txt"

SENTENCE_END = re.compile(r"(?<=[。！？])(?![”’」』）])|(?<=[。！？][”’」』）])")


def source_lines() -> list[str]:
    return SOURCE.read_text(encoding="utf-8").splitlines()


def notice() -> str:
    return source_lines()[0]


def speech_text() -> str:
    """The speech as it should read on the site: everything after the notice line."""
    return "".join(line for line in source_lines()[1:])


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if s]


def _nav_items(nav) -> list[tuple[str, str]]:
    out = []
    for item in nav:
        for title, target in item.items():
            out += _nav_items(target) if isinstance(target, list) else [(title, target)]
    return out


def nav() -> list[tuple[str, str]]:
    """(title, docs file) in nav order, read from mkdocs.yml."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    return _nav_items(config["nav"])


def front_matter(doc: str) -> dict:
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    return yaml.safe_load(text[4 : text.index("\n---", 4)]) or {}


def speech_docs() -> list[str]:
    return [doc for _, doc in nav() if front_matter(doc).get("speech")]


def url_of(doc: str) -> str:
    """Site-relative URL of a docs file, with directory URLs."""
    stem = doc[: -len(".md")]
    return "" if stem == "index" else f"{stem}/"


def html_path(site: Path, doc: str) -> Path:
    return site / url_of(doc) / "index.html"


def speech_sections() -> dict[tuple[str, str], str]:
    """(page url, anchor) -> section label, as the glossary and queries.tsv name sections.

    The opening text of a page (before its first h2) answers to both its h1
    anchor and to the page URL without an anchor.
    """
    from speech_study.project import Project

    labels: dict[tuple[str, str], str] = {}
    for page in Project.load(ROOT).speech_pages():
        doc = page.src_uri
        for i, section in enumerate(page.sections()):
            labels[(url_of(doc), section.anchor)] = section.label
            if i == 0:
                labels[(url_of(doc), "")] = section.label
    return labels
