"""The project as one model: every source read and checked once, cross-checked together.

`Project.load(root)` reads mkdocs.yml (nav order, the notice), every page in
docs/, source/speech.txt and glossary.yml, each exactly once, and raises a
ContentError naming the file and the problem on the first bad input. Adapters
hold the Project they loaded; nothing is kept in module globals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import glossary as glossary_mod
from . import speech as speech_mod
from . import yamlfile
from .errors import ContentError
from .pages import Page, Section, load_page
from .sources import read_text
from .terms import TermMatcher

MARKERS = ("glossary", "outline", "map", "self-test", "print-whole", "offline", "offline-link")
SOURCE = "source/speech.txt"
GLOSSARY = "glossary.yml"


def _nav_items(nav: object, name: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item in nav or []:
        if isinstance(item, str):
            out.append(("", item))
            continue
        if not isinstance(item, dict):
            raise ContentError(name, f"nav item {item!r} is not 'title: page.md'")
        for title, target in item.items():
            out += _nav_items(target, name) if isinstance(target, list) else [(str(title), str(target))]
    return out


@dataclass
class Project:
    root: Path
    config: dict
    speech: speech_mod.Speech
    glossary: list[glossary_mod.Entry]
    pages: list[Page]  # nav order first, then pages outside the nav
    nav: list[str]  # src_uris in nav order
    matcher: TermMatcher = field(init=False)

    _sections: list[Section] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.matcher = TermMatcher(self.glossary)

    # --- loading -------------------------------------------------------------------------------

    @classmethod
    def load(cls, root: Path, config_file: str = "mkdocs.yml") -> Project:
        root = Path(root).resolve()
        config = yamlfile.load(read_text(root / config_file, config_file), config_file) or {}
        if not isinstance(config, dict):
            raise ContentError(config_file, "must be a mapping of settings")
        speech = speech_mod.parse(read_text(root / SOURCE, SOURCE), SOURCE)
        entries = glossary_mod.parse(read_text(root / GLOSSARY, GLOSSARY), speech.text, GLOSSARY)
        docs = root / config.get("docs_dir", "docs")
        nav = _nav_items(config.get("nav"), config_file)
        titles = dict((uri, title) for title, uri in nav)
        uris = [uri for _, uri in nav] + sorted(
            p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if p.relative_to(docs).as_posix() not in titles
        )
        for uri in titles:
            if not (docs / uri).is_file():
                raise ContentError(config_file, f"nav names {uri}, which is not in docs/")
        pages = [load_page(docs, uri, titles.get(uri)) for uri in uris]
        project = cls(root, config, speech, entries, pages, [uri for _, uri in nav])
        project.check()
        return project

    # --- views -----------------------------------------------------------------------------------

    def page(self, src_uri: str) -> Page:
        return next(p for p in self.pages if p.src_uri == src_uri)

    def speech_pages(self) -> list[Page]:
        return [p for p in self.pages if p.is_speech]

    def sections(self) -> list[Section]:
        """The speech's sections in reading order (split once)."""
        if self._sections is None:
            self._sections = [s for p in self.speech_pages() for s in p.sections()]
        return self._sections

    def anchors(self) -> dict[str, tuple[str, str]]:
        """Heading or lead sentence of the speech -> (src_uri, anchor)."""
        found: dict[str, tuple[str, str]] = {}
        for page in self.speech_pages():
            found.update({text: (page.src_uri, anchor) for text, anchor in page.anchors().items()})
        return found

    def speech_h1_anchors(self) -> set[str]:
        """How the Markdown extension knows a speech page: by the anchor of its h1."""
        return {p.h1_anchor for p in self.speech_pages()}

    def occurrences(self, entry: glossary_mod.Entry) -> list[Section]:
        return [
            s for s in self.sections() if any(entry in self.matcher.entries_in(m) for m in self.matcher.terms(s.text))
        ]

    def marker_page(self, marker: str) -> Page | None:
        return next((p for p in self.pages if marker in p.markers()), None)

    # --- cross-checks ----------------------------------------------------------------------------

    def check(self) -> None:
        notice = (self.config.get("extra") or {}).get("notice")
        if notice is not None and notice != self.speech.notice:
            raise ContentError("mkdocs.yml", f"extra.notice differs from line 1 of {SOURCE}: “{self.speech.notice}”")
        for page in self.pages:
            for marker in page.markers():
                if marker not in MARKERS:
                    raise ContentError(
                        f"docs/{page.src_uri}",
                        f"unknown marker <!-- study:{marker} -->; known: {', '.join(MARKERS)}",
                    )
        sections = self.sections()
        self.matcher.check_hidden([(f"docs/{s.src_uri}#{s.anchor}", s.text) for s in sections], GLOSSARY)
        for index, entry in enumerate(self.glossary, start=1):
            if not self.occurrences(entry):
                raise ContentError(
                    GLOSSARY,
                    "no section of the speech pages contains it (outside its excluded phrases)",
                    f"entry {index} (id: {entry.id}, term: {entry.term})",
                )
        if any(self.marker_page(m) for m in ("outline", "map", "self-test")):
            found = self.anchors()
            for part in self.speech.parts:
                for text in (
                    [part.title] + [s.title for s in part.sections] + [p.lead for s in part.sections for p in s.points]
                ):
                    if text not in found:
                        raise ContentError(
                            SOURCE,
                            f"“{text}” has no anchor in the speech pages "
                            "(a heading with { #id }, or a paragraph opening with **…** and ending with { #id })",
                        )
