"""Python-Markdown extension: what the project does inside Markdown, for any engine that runs it.

- markers: a line `<!-- study:NAME -->` is replaced by the generated block
  (glossary, outline, map, self-test, print-whole); an unknown NAME raises;
- tooltips: every glossary term on a speech page becomes <abbr title="…">,
  shown by Material's `content.tooltips` (Python-Markdown's own abbr matches
  on \\b word boundaries, which Chinese text does not have);
- 校注 footnotes are marked data-search-exclude: they are the site's words.

A speech page is known by the anchor of its h1, which the project model has
read from the docs' front matter, so no engine needs to pass page metadata.
Use it as `speech_study.adapters.markdown_ext` with `root:` the project folder,
or let the MkDocs plugin add it with the Project it already loaded.
"""

from __future__ import annotations

import functools
import re
import sys
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from ..errors import ContentError
from ..kit import MARKERS, SPEECH_MARKERS
from ..library import ROOT_SLUG
from ..pages import MARKER_RE
from ..postbuild import content_safety
from ..project import Project
from ..render import about_page, glossary_page, library_page, offline, outline, print_whole, self_test, speech_map
from ..scopes import OneSpeech
from ..settings import Settings
from . import markdown_links

# renderers of one speech, given its view (scopes.OneSpeech): <!-- study:NAME SLUG --> names the speech
SPEECH_RENDERERS: dict[str, Callable[[OneSpeech], str]] = {
    "outline": outline.render,
    "map": speech_map.render,
    "self-test": self_test.render,
    "print-whole": print_whole.render,
    "speech": lambda view: "",  # declares the page's speech; shows nothing
    "speech-nav": library_page.speech_nav,
}
# the introductions earlier imports copied into a speech's study page, which its renderer now writes
LEGACY_INTROS = {
    "outline": outline.LEGACY_INTRO,
    "map": speech_map.LEGACY_INTRO,
    "self-test": self_test.LEGACY_INTRO,
}
# renderers of the whole site, given the Project
SITE_RENDERERS: dict[str, Callable[[Project], str]] = {
    "glossary": glossary_page.render,
    "library": library_page.render,
    "about-source": about_page.render,
}
# renderers whose Markdown links are written from the top of docs/ (print-whole copies the pages' own)
RELINK = {"outline", "self-test", "speech-nav"}
# markers whose text depends on the build, not only on the sources: the offline copy (render/offline.py)
BUILD_RENDERERS: dict[str, Callable[[Project, offline.OfflineCopy], str]] = {
    "offline": lambda project, copy: offline.render(project, copy),
    "offline-link": lambda project, copy: offline.render(project, copy, short=True),
}
# every marker the pages may carry has its renderer (kit.MARKERS declares them)
assert set(MARKERS) == {*SPEECH_RENDERERS, *SITE_RENDERERS, *BUILD_RENDERERS}
assert set(SPEECH_RENDERERS) == set(SPEECH_MARKERS)
H1_RE = re.compile(r"^# .*\{[^}]*#([a-z0-9-]+)[^}]*\}\s*$")
SKIP_TAGS = {"code", "pre", "a", "abbr", "script", "style"}
SKIP_CLASSES = {"footnote", "site-added"}
# two or more full-width digits, with a full-width point or colon between digits (１２．５, １０：３０), the per cent
# or per mille sign after them, and the opening marks before them and closing marks after them: a line may neither
# end with the one nor start with the other, and a browser lets a line break on either side of an inline block
DIGIT_RUN = re.compile("[“‘（《〈【]*[０-９](?:[０-９]|[．：][０-９])+[％‰]?[，。、；：！？）”’》〉】]*")
DIGITS_CLASS = "digits"


def _signature(root: Path, config_file: str) -> tuple:
    """What the sources are now: a changed file (in `serve` or a new build) means a new load."""
    files = [
        root / config_file,
        root / "glossary.yml",
        root / "source" / "speech.txt",
        *sorted(root.glob("docs/**/*.md")),
    ]
    return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.is_file())


@functools.lru_cache(maxsize=2)
def _load(root: Path, config_file: str, signature: tuple) -> Project:
    """Zensical makes a new extension for every page: the sources are still read once per build.

    A memo of the last loads, keyed by the files' state, not build state: the
    MkDocs plugin passes its own Project and never comes here.
    """
    return Project.load(root, config_file)


@dataclass
class PageState:
    """What the marker pass learned of the page being converted, for the passes after it (one per Markdown)."""

    source: str = ""  # the page's Markdown, stripped: which page this is, for ContentCheck
    speech: str | None = None  # the speech whose page this is (its slug); None: not a speech page


class MarkerPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, ext: StudyExtension, state: PageState) -> None:
        super().__init__(md)
        self.ext = ext
        self.state = state

    def run(self, lines: list[str]) -> list[str]:
        project = self.ext.project()
        self.state.source = "\n".join(lines).strip()
        # a library speech's page says whose it is; the site's own are known by their h1's anchor
        declared = next((m.group(2) for line in lines if (m := MARKER_RE.match(line)) and m.group(1) == "speech"), None)
        h1 = next((m.group(1) for line in lines if (m := H1_RE.match(line))), None)
        speech = declared or (ROOT_SLUG if h1 in project.speech_h1_anchors() else None)
        self.state.speech = speech
        # an earlier import copied the page's introduction from the site's; its renderer says it now
        said = [LEGACY_INTROS[m[1]] for m in map(MARKER_RE.match, lines) if m and m[1] in LEGACY_INTROS]
        out: list[str] = []
        for line in lines:
            marker = MARKER_RE.match(line)
            if marker is None:
                if not any(pattern.fullmatch(line) for pattern in said):
                    out.append(line)
                continue
            name, slug = marker.group(1), marker.group(2)
            if name in BUILD_RENDERERS:
                out += ["", *BUILD_RENDERERS[name](project, self.ext.offline_copy()).splitlines(), ""]
                continue
            if name in SPEECH_RENDERERS:
                view = project.view(slug)
                text = SPEECH_RENDERERS[name](view)
                if name in RELINK:
                    text = library_page.relink(text, view.folder)
            elif name in SITE_RENDERERS:
                text = SITE_RENDERERS[name](project)
            else:
                known = "、".join(MARKERS)
                raise ContentError("docs", f"未知标记 <!-- study:{name} -->；可用的标记：{known}")
            out += ["", *text.splitlines(), ""]
        return out


class TooltipProcessor(Treeprocessor):
    def __init__(self, md: Markdown, ext: StudyExtension, state: PageState) -> None:
        super().__init__(md)
        self.ext = ext
        self.state = state

    def run(self, root: etree.Element) -> None:
        if self.state.speech is not None:
            self.matcher = self.ext.project().view(self.state.speech).matcher
            self._walk(root)

    def _abbr(self, text: str) -> tuple[str, list[etree.Element]]:
        """Split `text` into leading text and abbr elements (each with its tail)."""
        pieces: list[etree.Element] = []
        head, pos = text, 0
        for m in self.matcher.terms(text):
            assert m.entry is not None  # terms() leaves out the excluded phrases
            el = etree.Element("abbr", {"title": m.entry.explanation, "tabindex": "0"})
            el.text = m.text
            between = text[pos : m.start]
            if pieces:
                pieces[-1].tail = between
            else:
                head = between
            pieces.append(el)
            pos = m.end
        if pieces:
            pieces[-1].tail = text[pos:]
        return head, pieces

    def _walk(self, el: etree.Element) -> None:
        if el.tag in SKIP_TAGS or SKIP_CLASSES & set(el.get("class", "").split()):
            return
        for child in list(el):
            self._walk(child)
            if child.tail:
                child.tail, new = self._abbr(child.tail)
                index = list(el).index(child) + 1
                for offset, node in enumerate(new):
                    el.insert(index + offset, node)
        if el.text:
            el.text, new = self._abbr(el.text)
            for offset, node in enumerate(new):
                el.insert(offset, node)


class DigitRuns(Treeprocessor):
    """A run of full-width digits (１９９８, １２．５％, （１０：３０）) kept on one line: a browser may break a line
    between any two of them (they are ideographs to its line breaking, unlike 1998), and on a phone a year then
    reads as １９ at a line's end and ９８年 at the next one's start. Each run, with the marks that hold to it, becomes
    <span class="digits"> (site.css: an inline block no wider than its line: one too long for it still breaks); the
    text is the same, character for character."""

    SKIP = {"code", "pre", "script", "style", "svg"}  # markup whose text is not read as running prose

    def run(self, root: etree.Element) -> None:
        self._walk(root)

    def _split(self, text: str) -> tuple[str, list[etree.Element]]:
        """`text` as its leading text and a span (with its tail) per run."""
        pieces: list[etree.Element] = []
        head, pos = text, 0
        for m in DIGIT_RUN.finditer(text):
            span = etree.Element("span", {"class": DIGITS_CLASS})
            span.text = m.group()
            if pieces:
                pieces[-1].tail = text[pos : m.start()]
            else:
                head = text[: m.start()]
            pieces.append(span)
            pos = m.end()
        if pieces:
            pieces[-1].tail = text[pos:]
        return head, pieces

    def _walk(self, el: etree.Element) -> None:
        if el.tag in self.SKIP or DIGITS_CLASS in el.get("class", "").split():
            return
        for child in list(el):
            self._walk(child)
            if child.tail and DIGIT_RUN.search(child.tail):
                child.tail, new = self._split(child.tail)
                index = list(el).index(child) + 1
                for offset, node in enumerate(new):
                    el.insert(index + offset, node)
        if el.text and DIGIT_RUN.search(el.text):
            el.text, new = self._split(el.text)
            for offset, node in enumerate(new):
                el.insert(offset, node)


class NotesOutOfSearch(Treeprocessor):
    """校注 footnotes: a number between 函询滅勉 and ， would break an exact-phrase search."""

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            if el.tag == "sup" and el.get("id", "").startswith("fnref"):
                el.set("data-search-exclude", "")
            elif el.tag == "div" and "footnote" in el.get("class", "").split():
                el.set("data-search-exclude", "")


class ContentCheck(Postprocessor):
    """The page's HTML, as every extension left it, through the sanitizer (content_safety.py).

    For engines that run no MkDocs plugin (Zensical); the MkDocs plugin checks
    the same HTML in on_page_content, where it knows the page's file. Here the
    file is found by its text among the project's pages.
    """

    def __init__(self, md: Markdown, ext: StudyExtension, state: PageState) -> None:
        super().__init__(md)
        self.ext = ext
        self.state = state

    def run(self, text: str) -> str:
        source = self.state.source
        page = next((p for p in self.ext.project().pages if p.markdown.strip() == source), None)
        content_safety.check_content(text, f"docs/{page.src_uri}" if page else "docs")
        return text


class StudyExtension(Extension):
    def __init__(self, **kwargs) -> None:
        self.config = {
            "root": [".", "the project folder (where mkdocs.yml, glossary.yml and source/ are)"],
            "config_file": ["mkdocs.yml", "the site configuration, for the nav order"],
        }
        self._project: Project | None = kwargs.pop("project", None)
        self._offline: offline.OfflineCopy | None = kwargs.pop("offline_copy", None)
        # the MkDocs plugin checks each page's content itself (it knows the file): no second pass here
        self._check_content = self._project is None
        super().__init__(**kwargs)

    def project(self) -> Project:
        if self._project is None:
            root, config_file = Path(self.getConfig("root")).resolve(), self.getConfig("config_file")
            self._project = _load(root, config_file, _signature(root, config_file))
        return self._project

    def offline_copy(self) -> offline.OfflineCopy:
        """The offline zip this build links (OFFLINE_ZIP), or that it is the offline copy (OFFLINE).

        Given by the MkDocs plugin; for another engine, read here once from the build's settings."""
        if self._offline is None:
            self._offline = offline.from_settings(Settings.load(self.project().config))
        return self._offline

    def extendMarkdown(self, md: Markdown) -> None:
        if self._project is None:
            _refuse_without_the_plugin()
        state = PageState()  # the page being converted, shared by this Markdown's passes
        markdown_links.register(md)  # Python-Markdown's links, found without reading a paragraph once per link
        # before html_block (20): generated blocks may hold raw HTML and Markdown inside it
        md.preprocessors.register(MarkerPreprocessor(md, self, state), "study_markers", 25)
        # after attr_list (8) set the ids, before toc (5)
        md.treeprocessors.register(TooltipProcessor(md, self, state), "study_tooltips", 7)
        # after the tooltips (their terms are matched in the text as written), before toc (5)
        md.treeprocessors.register(DigitRuns(md), "study_digit_runs", 6.5)
        # after footnotes (50) built its list
        md.treeprocessors.register(NotesOutOfSearch(md), "study_notes", 6)
        if self._check_content:
            # last of all postprocessors: the HTML exactly as the engine will put it in the page
            md.postprocessors.register(ContentCheck(md, self, state), "study_content_check", 0)


BUILDS = ("mkdocs.commands.build", "properdocs.commands.build")  # the engines whose pages need the plugin


def _refuse_without_the_plugin() -> None:
    """MkDocs (or ProperDocs) converting a page with this extension as mkdocs.yml names it, not as the plugin gives
    it: the plugin is not in mkdocs.yml. Without it no sentence is checked, no content either, no page gets its
    CSP, and the build went on green (found by a tester). Stopped with the engine's own BuildError: one line
    and its “Aborted”, no traceback. Zensical (no plugins) and Python-Markdown alone convert no page from there."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        if frame.f_globals.get("__name__") in BUILDS:
            error = frame.f_globals.get("BuildError", RuntimeError)
            raise error(
                "mkdocs.yml：plugins 里少了 speech-study：没有它，逐句核对、内容检查和内容安全策略（CSP）都不会运行；"
                "请把“- speech-study”加回 plugins 的第一项"
            )
        frame = frame.f_back


def makeExtension(**kwargs) -> StudyExtension:  # noqa: N802 - Python-Markdown's entry point name
    return StudyExtension(**kwargs)
