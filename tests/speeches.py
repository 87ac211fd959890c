"""The two speeches every test of printed wording, handouts, PDF and Word runs for (the `speech` fixture).

The site's own speech, in the site's build, and an imported one (fixture 01,
the real speech as it is sent, imported as f01) in the library's build: each
as its model says it is, so a test asks of either what it asks of the other.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS
from pdfcheck import flat
from sitetext import ROOT

from speech_study.pages import Page
from speech_study.project import Project, SpeechView

IMPORTED_SLUG = "f01"
IMPORTED_SOURCE = ROOT / "tests" / "fixtures" / "import" / "01-notice-with-full-stop.txt"
# imported beside it: People's Daily text, one fill-in question, so its self-test's questions fill one page
SHORT_SELF_TEST_SLUG = "f15"
SHORT_SELF_TEST = ROOT / "tests" / "fixtures" / "import" / "15-other-real-text-no-points.txt"


def browser_print(browser, url: str, dest) -> None:
    """Ctrl+P as Chromium does it with its default settings: headers and footers on, no background graphics, the
    paper size the page asks for. Printed by the session's warm browser (Playwright's `page.pdf`) in a third of the
    time of a cold `chromium --headless --print-to-pdf`, with the same pages, paper and text and the same pixels but
    a shade at a few glyph edges (test_print.py checks it each run)."""
    page = browser.new_page()
    try:
        page.goto(url, wait_until="load")
        page.pdf(path=str(dest), display_header_footer=True, prefer_css_page_size=True)
    finally:
        page.close()


def cold_print(url: str, dest) -> None:
    """Ctrl+P from Chromium's own command line, a fresh browser each time: what `browser_print` must equal."""
    if not CHROMIUM or subprocess.run(["which", CHROMIUM], capture_output=True).returncode:
        pytest.fail(f"Chromium not found at {CHROMIUM}", pytrace=False)
    subprocess.run(
        [CHROMIUM, "--headless", *CHROMIUM_ARGS, f"--print-to-pdf={dest}", url],
        check=True,
        capture_output=True,
        timeout=120,
    )


def url_of(doc: str) -> str:
    """Site-relative URL of a docs file, with directory URLs: f01/index.md is f01/."""
    stem = doc[: -len(".md")]
    return stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else f"{stem}/"


@dataclass
class Speech:
    key: str  # "site" or "imported"
    site: Path  # the built site it is in
    base: str  # that site served over HTTP
    project: Project  # the project it was built from
    slug: str | None  # None: the site's own
    out: Path  # where its pages are printed from Chromium, each once a session
    browser: Any  # the session's Playwright browser, which prints them
    _printed: dict[str, Path] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        return f"Speech({self.key})"

    @cached_property
    def view(self) -> SpeechView:
        return self.project.view(self.slug)

    @property
    def source(self) -> Path:
        """The text it was read from: the site's source/speech.txt, or the file imported."""
        return ROOT / "source" / "speech.txt" if self.slug is None else IMPORTED_SOURCE

    @property
    def title(self) -> str:
        return self.view.speech.title

    @property
    def notice(self) -> str:
        return self.view.speech.notice

    @property
    def folder(self) -> str:
        """Its pages' and files' folder: "" or "f01/"."""
        return f"{self.view.folder}/" if self.view.folder else ""

    @cached_property
    def pages(self) -> list[Page]:
        """The pages printed as its site's: for the site's own every page of the site, for an imported one its own."""
        return list(self.project.pages) if self.slug is None else list(self.view.pages)

    def page(self, marker: str) -> Page:
        """Its study page drawn by `marker` (outline, map, self-test, print-whole)."""
        page = self.view.marker_page(marker)
        assert page is not None, marker
        return page

    def url(self, page: Page | str) -> str:
        return self.base + url_of(page if isinstance(page, str) else page.src_uri)

    def html(self, page: Page | str) -> Path:
        return self.site / url_of(page if isinstance(page, str) else page.src_uri) / "index.html"

    def printout(self, page: Page | str) -> Path:
        """The page printed from Chromium with its default settings (Ctrl+P), once a session."""
        uri = page if isinstance(page, str) else page.src_uri
        if uri not in self._printed:
            dest = self.out / (uri[: -len(".md")].replace("/", "-") + ".pdf")
            browser_print(self.browser, self.url(uri), dest)
            self._printed[uri] = dest
        return self._printed[uri]

    def pdf(self, name: str) -> Path:
        return self.site / "pdf" / f"{name}.pdf"

    def docx(self, name: str) -> Path:
        return self.site / "docx" / f"{name}.docx"

    @cached_property
    def page_lines(self) -> dict[str, list[int]]:
        """Each speech page (src_uri) -> the source lines (0-based) it holds, in reading order."""
        speech = self.view.speech
        texts = {p.src_uri: flat("".join(s.text for s in p.sections())) for p in self.view.speech_pages()}
        out: dict[str, list[int]] = {uri: [] for uri in texts}
        for i, line in enumerate(speech.lines):
            if i + 1 <= speech.title_line or i + 1 == speech.notice_line or not line.strip():
                continue
            (owner,) = [uri for uri, text in texts.items() if flat(line) in text]
            out[owner].append(i)
        return out

    @cached_property
    def speech_files(self) -> dict[str, list[int]]:
        """Each file (PDF and Word) of the speech's text, by name -> the source lines it prints; the whole speech's
        from its title."""
        out = {p.meta["pdf"]: self.page_lines[p.src_uri] for p in self.view.speech_pages() if p.meta.get("pdf")}
        whole = self.page("print-whole").meta["pdf"]
        body = [i for p in self.view.speech_pages() for i in self.page_lines[p.src_uri]]
        out[whole] = [self.view.speech.title_line - 1, *body]
        return out

    @cached_property
    def part_files(self) -> list[str]:
        """The files of its parts, in order."""
        titles = {part.title for part in self.view.speech.parts}
        return [p.meta["pdf"] for p in self.view.speech_pages() if p.meta.get("pdf") and p.title in titles]

    @property
    def whole(self) -> str:
        """The whole speech's file name."""
        return self.page("print-whole").meta["pdf"]

    @cached_property
    def exported(self) -> list[str]:
        """Every PDF the build exports for it (its pages' `pdf:`)."""
        return [p.meta["pdf"] for p in self.pages if p.meta.get("pdf")]

    def source_line(self, i: int) -> str:
        return self.view.speech.lines[i].strip()
