"""The project as one model: every source read and checked once, cross-checked together.

`Project.load(root)` reads mkdocs.yml (nav order, the notice), every page in
docs/, source/speech.txt and glossary.yml, each exactly once, and raises a
ContentError naming the file and the problem on the first bad input. Adapters
hold the Project they loaded; nothing is kept in module globals.

A library (library.py) adds imported speeches: each is a SpeechView, which
answers what a renderer may ask of one speech (scopes.OneSpeech: speech,
anchors, sections …), so every renderer serves every speech. The Project
answers the same questions for the site's own speech (`project.speech`); its
site-wide views have their own names: `all_sections()`, `all_occurrences()`,
`views()`, `pages`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import glossary as glossary_mod
from . import library, plaintext, settings, yamlfile
from . import speech as speech_mod
from .booktitle import book_title
from .errors import ContentError
from .kit import MARKERS, SPEECH_MARKERS, STUDY_MARKERS, STUDY_PAGES
from .library import ROOT_SLUG
from .pages import Page, Section, load_page
from .sources import read_text
from .terms import TermMatcher

if TYPE_CHECKING:
    from .scopes import OneSpeech

LIBRARY_PAGE = "library.md"
SOURCE = library.SOURCE
GLOSSARY = "glossary.yml"


def _nav_items(nav: list[object] | None, name: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item in nav or []:
        if isinstance(item, str):
            out.append(("", item))
            continue
        if not isinstance(item, dict):
            raise ContentError(name, f"nav 项 {item!r} 应写成“标题: page.md”")
        for title, target in item.items():
            plaintext.check(title, name, f"nav 标题“{str(title)[:40]}”")
            out += _nav_items(target, name) if isinstance(target, list) else [(str(title), str(target))]
    return out


class _SpeechQuestions:
    """What the renderers ask of one speech (scopes.OneSpeech); shared by Project (the site's own) and SpeechView."""

    speech: speech_mod.Speech

    def speech_pages(self) -> list[Page]:
        raise NotImplementedError

    def anchors(self) -> dict[str, tuple[str, str]]:
        """Heading or lead sentence of the speech -> (src_uri, anchor)."""
        found: dict[str, tuple[str, str]] = {}
        for page in self.speech_pages():
            found.update({text: (page.src_uri, anchor) for text, anchor in page.anchors().items()})
        return found

    def speech_h1_anchors(self) -> set[str]:
        """How the Markdown extension knows a speech page: by the anchor of its h1."""
        return {p.h1_anchor for p in self.speech_pages()}


@dataclass
class SpeechView(_SpeechQuestions):
    """One speech of the library, with the interface the renderers use."""

    project: Project
    entry: library.Entry
    speech: speech_mod.Speech
    glossary: list[glossary_mod.Entry]
    matcher: TermMatcher
    _sections: list[Section] | None = field(default=None, repr=False)
    _speech_pages: list[Page] | None = field(default=None, repr=False)

    @property
    def slug(self) -> str:
        return self.entry.slug

    @property
    def folder(self) -> str:
        return self.entry.folder.rstrip("/")

    @property
    def title(self) -> str:
        return self.entry.meta.get("title") or self.speech.title

    @property
    def root(self) -> Path:
        return self.project.root

    @property
    def config(self) -> dict:
        return self.project.config

    @property
    def pages(self) -> list[Page]:
        return self.project.pages_of(self.slug)

    def speech_pages(self) -> list[Page]:
        """Its speech pages in reading order: the opening, the parts in order, then the rest (结束语)."""
        if self._speech_pages is None:
            pages = [p for p in self.pages if p.is_speech]
            if self.entry.imported:
                # a page's title is its part's heading on one line, its white space as one space (a tab, a run of
                # spaces: importer.pages.nav_name), so the two are matched so
                order = {" ".join(part.title.split()): part.line for part in self.speech.parts}

                def key(page: Page) -> int:
                    if page.src_uri.endswith("/index.md"):
                        return 0
                    return order.get(" ".join(page.title.split()), 10**9)

                pages = sorted(pages, key=key)
            self._speech_pages = pages
        return self._speech_pages

    def sections(self) -> list[Section]:
        if self._sections is None:
            sections = [s for p in self.speech_pages() for s in p.sections()]
            if self.entry.imported and self.project.is_library:
                sections = [dataclasses.replace(s, label=f"{book_title(self.title)}{s.label}") for s in sections]
            self._sections = sections
        return self._sections

    def marker_page(self, marker: str) -> Page | None:
        return next((p for p in self.pages if marker in p.markers()), None)


@dataclass
class Project(_SpeechQuestions):
    root: Path
    config: dict
    speech: speech_mod.Speech
    glossary: list[glossary_mod.Entry]
    pages: list[Page]  # nav order first, then pages outside the nav
    nav: list[str]  # src_uris in nav order
    speeches: list[library.Entry] = field(default_factory=list)
    texts: dict[str, speech_mod.Speech] = field(default_factory=dict)  # slug -> speech
    matcher: TermMatcher = field(init=False)

    _sections: list[Section] | None = field(init=False, default=None)
    _views: dict[str, SpeechView] = field(init=False, default_factory=dict)
    _occurrences: dict[str, list[Section]] | None = field(init=False, default=None)
    _by_speech: dict[str, list[Page]] | None = field(init=False, default=None)
    _by_uri: dict[str, Page] | None = field(init=False, default=None)
    _h1: set[str] | None = field(init=False, default=None)
    _entries: dict[str, tuple[glossary_mod.Entry, ...]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        if not self.speeches:
            self.speeches = [library.Entry(ROOT_SLUG, "", SOURCE, {})]
        self.texts = self.texts or {ROOT_SLUG: self.speech}
        self.matcher = TermMatcher(self.entries_for(ROOT_SLUG))
        self._folders = {e.folder.rstrip("/"): e.slug for e in self.speeches if e.imported}

    # --- loading -------------------------------------------------------------------------------

    @classmethod
    def load(cls, root: Path, config_file: str = "mkdocs.yml") -> Project:
        root = Path(root).resolve()
        config = yamlfile.load(read_text(root / config_file, config_file), config_file) or {}
        if not isinstance(config, dict):
            raise ContentError(config_file, "应是“设置: 值”形式的若干行")
        plaintext.check_config(config, config_file)
        settings.check_site_config(config, config_file)
        docs_dir = config.get("docs_dir", "docs")
        entries = library.discover(root, docs_dir)
        speech = speech_mod.parse(read_text(root / SOURCE, SOURCE), SOURCE)
        texts = {ROOT_SLUG: speech}
        for entry in entries[1:]:
            meta = entry.meta
            texts[entry.slug] = speech_mod.parse(
                read_text(root / entry.source, entry.source),
                entry.source,
                notice=meta.get("notice", True),
                sections_required=False,
                title=None if meta.get("title_in_text", True) else meta["title"],
                lenient=True,
                title_lines=meta.get("title_lines", 1),
                reading=meta.get("reading", 1),  # as it was imported (speech.READING)
            )
        speech_texts = {slug: s.text for slug, s in texts.items()} if len(entries) > 1 else None
        entries_ = glossary_mod.parse(read_text(root / GLOSSARY, GLOSSARY), speech.text, GLOSSARY, speech_texts)
        docs = root / docs_dir
        nav = _nav_items(config.get("nav"), config_file)
        # the 文库 while there is more than one speech, and after (its address was published: the last imported
        # speech deleted by hand left it out of the nav, and the strict build stopped on MkDocs' English warning)
        if (len(entries) > 1 or (docs / LIBRARY_PAGE).is_file()) and LIBRARY_PAGE not in [uri for _, uri in nav]:
            if not (docs / LIBRARY_PAGE).is_file():
                raise ContentError(
                    f"docs/{LIBRARY_PAGE}",
                    "缺少这一页：有不止一篇讲话时，由文库页（<!-- study:library -->）列出它们",
                )
            nav.append(("文库", LIBRARY_PAGE))  # the MkDocs plugin adds it to the site's nav too
        titles = dict((uri, title) for title, uri in nav)
        uris = [uri for _, uri in nav] + sorted(
            p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if p.relative_to(docs).as_posix() not in titles
        )
        for uri in titles:
            if not (docs / uri).is_file():
                raise ContentError(config_file, f"nav 列出的 {uri} 不在 docs/ 里")
        pages = [load_page(docs, uri, titles.get(uri)) for uri in uris]
        project = cls(root, config, speech, entries_, pages, [uri for _, uri in nav], entries, texts)
        project.check()
        return project

    # --- the library ---------------------------------------------------------------------------

    @property
    def is_library(self) -> bool:
        return len(self.speeches) > 1

    def entries_for(self, slug: str) -> list[glossary_mod.Entry]:
        """The glossary entries of one speech: its own, and those of every speech that it uses.

        An entry that explains a speech's own words by quoting them (`quote`) is that speech's reading of
        them: it is used by a speech that holds the quote (or names it with `speech:`), not wherever its
        characters stand (四大 of 四大三苦 is not the 四大 of 十四大). A standard formula with its source
        (`official`) means the same in every speech that names it."""
        if slug not in self._entries:  # asked for each page of the speech (its frame, its cache key): found once
            text = self.texts[slug].text
            self._entries[slug] = tuple(
                e
                for e in self.glossary
                if e.speech in (None, slug)
                and any(f in text for f in e.forms)
                and (e.quote is None or e.speech == slug or e.quote in text)
            )
        return list(self._entries[slug])

    def view(self, slug: str | None = None) -> SpeechView:
        """One speech of the library (default: the site's own), as scopes.OneSpeech."""
        slug = slug or ROOT_SLUG
        if slug not in self._views:
            entry = next((e for e in self.speeches if e.slug == slug), None)
            if entry is None:
                raise ContentError("docs", f"文库里没有名为“{slug}”的讲话")
            matcher = self.matcher if slug == ROOT_SLUG else TermMatcher(self.entries_for(slug))
            self._views[slug] = SpeechView(self, entry, self.texts[slug], self.entries_for(slug), matcher)
        return self._views[slug]

    def views(self) -> list[SpeechView]:
        return [self.view(e.slug) for e in self.speeches]

    def pages_of(self, slug: str) -> list[Page]:
        """The pages of one speech (grouped once, in the project's page order)."""
        if self._by_speech is None:
            self._by_speech = {}
            for page in self.pages:
                owner = self.speech_of(page)
                if owner is not None:
                    self._by_speech.setdefault(owner, []).append(page)
        return self._by_speech.get(slug, [])

    def speech_of_uri(self, src_uri: str) -> str | None:
        folder = src_uri.rpartition("/")[0]
        return self._folders.get(folder) if folder else ROOT_SLUG

    def speech_of(self, page: Page) -> str | None:
        """The speech a page belongs to: by its folder; at the top, the site's own (for its pages)."""
        slug = self.speech_of_uri(page.src_uri)
        if slug == ROOT_SLUG and not (page.is_speech or any(m in SPEECH_MARKERS for m in page.markers())):
            return None  # the glossary, about, library pages: the site's, not a speech's
        return slug

    # --- views -----------------------------------------------------------------------------------

    def page(self, src_uri: str) -> Page:
        if self._by_uri is None:
            self._by_uri = {p.src_uri: p for p in self.pages}
        return self._by_uri[src_uri]

    # --- one speech: the site's own (scopes.OneSpeech) --------------------------------------------

    @property
    def title(self) -> str:
        return self.view(ROOT_SLUG).title

    @property
    def folder(self) -> str:
        return ""  # the site's own speech's pages are at the top of docs/

    def speech_pages(self) -> list[Page]:
        """The site's own speech pages (with one speech: all of them)."""
        return self.view(ROOT_SLUG).speech_pages()

    def sections(self) -> list[Section]:
        """The site's own speech's sections (with one speech: all of them); every speech's: all_sections()."""
        return self.view(ROOT_SLUG).sections()

    def speech_h1_anchors(self) -> set[str]:
        if self._h1 is None:
            self._h1 = super().speech_h1_anchors()
        return self._h1

    # --- the whole site ----------------------------------------------------------------------------

    def all_sections(self) -> list[Section]:
        """Every speech's sections in reading order (split once): the glossary covers them all."""
        if self._sections is None:
            self._sections = [s for v in self.views() for s in v.sections()]
        return self._sections

    def all_occurrences(self, entry: glossary_mod.Entry) -> list[Section]:
        """The sections of every speech where the entry's term stands (its exclude phrases aside)."""
        if self._occurrences is None:
            found: dict[str, list[Section]] = {e.id: [] for e in self.glossary}
            for view in self.views():
                for section in view.sections():
                    ids = {e.id for m in view.matcher.terms(section.text) for e in view.matcher.entries_in(m)}
                    for entry_id in ids:
                        found[entry_id].append(section)
            self._occurrences = found
        return self._occurrences.get(entry.id, [])

    def marker_page(self, marker: str) -> Page | None:
        return next(
            (p for p in self.pages if (marker, None) in p.marker_args() or (marker, ROOT_SLUG) in p.marker_args()),
            None,
        )

    # --- cross-checks ----------------------------------------------------------------------------

    def check(self) -> None:
        notice = (self.config.get("extra") or {}).get("notice")
        if notice is not None and notice != self.speech.notice:
            raise ContentError("mkdocs.yml", f"extra.notice 与 {SOURCE} 的第1行不同：“{self.speech.notice}”")
        slugs = {e.slug for e in self.speeches}
        files: dict[str, str] = {}
        for page in self.pages:
            name = f"docs/{page.src_uri}"
            own = self.speech_of_uri(page.src_uri)
            pdf = page.meta.get("pdf")
            if pdf:  # each PDF/Word file belongs to one page; a library speech's are in its own folder
                folder = pdf.rpartition("/")[0]
                if folder != ("" if own in (None, ROOT_SLUG) else own):
                    imported = own not in (None, ROOT_SLUG)
                    where = f"{own}/ 文件夹里的文件（如 {own}/part-1）" if imported else "不带文件夹的名字"
                    raise ContentError(
                        name, f"'pdf: {pdf}' 应是{where}；导入的讲话用 scripts/import_speech.py 重新导入即可"
                    )
                if pdf in files:
                    raise ContentError(name, f"'pdf: {pdf}' 已是 docs/{files[pdf]} 的文件名，两页不能共用")
                files[pdf] = page.src_uri
            for marker, arg in page.marker_args():
                if marker not in MARKERS:
                    raise ContentError(name, f"未知标记 <!-- study:{marker} -->；可用的标记：{'、'.join(MARKERS)}")
                if arg is not None and arg not in slugs:
                    raise ContentError(name, f"<!-- study:{marker} {arg} -->：文库里没有名为“{arg}”的讲话")
                if arg is not None and arg != own:
                    raise ContentError(name, f"<!-- study:{marker} {arg} -->：这一页不在 docs/{arg}/ 里")
            if own is None and page.is_speech:
                raise ContentError(
                    name,
                    "写了 `speech: true`，但这一页不在任何一篇讲话里：本站讲话的页在 docs/ 顶层，导入的讲话的页在"
                    " docs/<讲话>/ 里；不是讲话的页删掉这一行",
                )
            declared = ("speech", own) in page.marker_args()
            if own not in (None, ROOT_SLUG) and page.is_speech != declared:
                raise ContentError(
                    name, f"讲话“{own}”的页面：写了 `speech: true` 的页必须有 <!-- study:speech {own} -->，反之亦然"
                )
        self._check_old_files(files)
        for view in self.views():
            self._check_speech(view)
        for index, entry in enumerate(self.glossary, start=1):
            if not self.all_occurrences(entry):
                raise ContentError(
                    GLOSSARY,
                    "讲话各页没有哪一节含有它（它的 exclude 短语除外）",
                    f"第{index}条（id: {entry.id}，term: {entry.term}）",
                )

    def _check_old_files(self, files: dict[str, str]) -> None:
        """Each old file name leads to a file of its own speech that a page names, and to nothing else."""
        given: dict[str, str] = {}
        for entry in self.speeches:
            name = f"{library.SPEECHES}/{entry.slug}/{library.OLD_FILES}"
            for old, new in entry.old_files.items():
                if new not in files or self.speech_of_uri(files[new]) != entry.slug:
                    raise ContentError(name, f"“{old}: {new}”：这篇讲话没有哪一页的文件叫 {new}")
                if old in files:
                    raise ContentError(name, f"旧文件名“{old}”已是 docs/{files[old]} 的文件名，两者不能共用")
                if old in given:
                    raise ContentError(name, f"旧文件名“{old}”也是讲话“{given[old]}”的旧文件名，两者不能共用")
                given[old] = entry.slug

    def old_file_names(self) -> dict[str, str]:
        """Site-wide: every PDF/Word file name from before the speeches' own folders -> its name now."""
        return {old: new for entry in self.speeches for old, new in entry.old_files.items()}

    def _check_heading_levels(self, view: SpeechView) -> None:
        """A part's heading is a page's first level (#), a section's the second (##): a section made ### was
        nested under the one before it in the page's contents and the structure, without a word (a tester)."""
        wanted = {part.title: 1 for part in view.speech.parts}
        wanted.update({section.title: 2 for part in view.speech.parts for section in part.sections})
        for page in view.speech_pages():
            for text, level in page.heading_levels().items():
                if text in wanted and level != wanted[text]:
                    kind = "部分" if wanted[text] == 1 else "小节"
                    raise ContentError(
                        f"docs/{page.src_uri}",
                        f"“{text[:30]}”写成了“{'#' * level}”标题，讲话里它是一个{kind}的标题，应是"
                        f"“{'#' * wanted[text]}”：级别不对，页面的目录和讲话的结构都会跟着错",
                    )

    def _check_part_titles(self, view: SpeechView) -> None:
        """A part's page is named as the speech names the part: its title (front matter, or the nav's entry) is
        what the navigation, the browser's tab and 上一页/下一页 show, and “一、……（已废止）” there, words of no
        speech, was published (found by a tester). White space counts as one space (a tab after 一、)."""
        titles = {" ".join(part.title.split()) for part in view.speech.parts}
        by_place = {place: text for text, place in view.anchors().items()}  # (src_uri, anchor) -> heading
        for page in view.speech_pages():
            heading = by_place.get((page.src_uri, page.h1_anchor))
            if heading is None or " ".join(heading.split()) not in titles:
                continue
            shown = next(
                (t for t in (page.nav_title, page.title) if t and " ".join(t.split()) != " ".join(heading.split())),
                None,
            )
            if shown is not None:
                raise ContentError(
                    f"docs/{page.src_uri}",
                    f"页面的标题“{shown[:40]}”与讲话里这一部分的标题“{heading[:40]}”不同：导航、浏览器标签和"
                    "“上一页”“下一页”都显示它；请改回（页面标题写在页首的 title: 或 mkdocs.yml 的 nav 里）",
                )

    def _check_kept_anchors(self, view: SpeechView) -> None:
        """Each heading and point of an imported speech has the anchor anchors.yml keeps for it: an anchor is part
        of an address sent out (…/part-1/#daitouren), and a hand edit of `{ #id }` in its page broke every such
        link without a word (found by a tester)."""
        name = f"{library.SPEECHES}/{view.slug}/anchors.yml"
        path = self.root / name
        if not path.is_file():
            return
        kept = (yamlfile.load(read_text(path, name), name) or {}).get("anchors") or {}
        if not isinstance(kept, dict):
            return
        found = view.anchors()
        keyed: list[tuple[str, str]] = []  # (anchors.yml's key, the text the page shows)
        for part in view.speech.parts:
            keyed.append((part.title, part.title))
            for section in part.sections:
                key = f"{part.title} › {section.title}"
                keyed.append((key, section.title))
                keyed += [(f"{key} › {point.lead}", point.lead) for point in section.points]
        texts = [text for _, text in keyed]
        for key, text in keyed:
            expected = kept.get(key)
            if not isinstance(expected, str) or texts.count(text) > 1 or text not in found:
                continue
            src_uri, anchor = found[text]
            if anchor != expected:
                raise ContentError(
                    f"docs/{src_uri}",
                    f"“{text[:30]}”的锚点是 #{anchor}，而 {name} 记着它是 #{expected}：锚点是已经发出去的网址的一部分，"
                    f"请把 {{ #{anchor} }} 改回 {{ #{expected} }}",
                )

    def _check_speech(self, view: SpeechView) -> None:
        sections = view.sections()
        view.matcher.check_hidden([(f"docs/{s.src_uri}#{s.anchor}", s.text) for s in sections], GLOSSARY)
        if view.entry.imported and not view.speech_pages():
            raise ContentError(view.entry.source, f"这篇讲话在 docs/{view.folder}/ 里没有页面")
        if view.entry.imported:
            self._check_kept_anchors(view)
            # every study page the import wrote: its address was published (found by a tester: map.md deleted,
            # /SLUG/map/ was gone without a word); the import writes it again
            for study in STUDY_PAGES:
                if view.marker_page(study.marker) is None:
                    raise ContentError(
                        f"docs/{view.folder}/{study.file}",
                        f"这篇讲话的这一页不见了（或其中的 <!-- study:{study.marker} {view.slug} --> 被删了），"
                        f"它的网址已经发出去；重新导入这篇讲话即可补上：python scripts/import_speech.py "
                        f"{view.entry.source} --slug {view.slug}",
                    )
        self._check_part_titles(view)
        self._check_heading_levels(view)
        if any(view.marker_page(m) for m in STUDY_MARKERS):
            found = view.anchors()
            source = view.entry.source
            for part in view.speech.parts:
                for text in (
                    [part.title] + [s.title for s in part.sections] + [p.lead for s in part.sections for p in s.points]
                ):
                    if text not in found:
                        expected = {
                            t
                            for pt in view.speech.parts
                            for t in [pt.title]
                            + [s.title for s in pt.sections]
                            + [p.lead for s in pt.sections for p in s.points]
                        }
                        altered = _altered(text, {k: v for k, v in found.items() if k not in expected})
                        if altered is not None:  # the page's heading is the speech's, words changed by hand
                            src_uri, shown = altered
                            raise ContentError(
                                f"docs/{src_uri}",
                                f"标题或分项“{shown[:40]}”与讲话原文“{text[:40]}”不同：讲话的字不能改"
                                f"（原文见 {source}）",
                            )
                        raise ContentError(
                            source,
                            f"“{text}”在讲话各页里没有锚点"
                            "（应是带 { #id } 的标题，或以 **…** 开头、以 { #id } 结尾的段落）",
                        )


def _altered(text: str, found: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """The page and heading (or lead sentence) most like `text` of those the speech has no such text for: one of
    the speech's edited by hand (a tester changed “。” to “！” in a heading, and was told source.txt had no anchor)."""
    from difflib import SequenceMatcher

    best: tuple[float, str, str] | None = None
    for shown, (src_uri, _anchor) in found.items():
        ratio = SequenceMatcher(None, text, shown).ratio()
        if ratio >= 0.75 and (best is None or ratio > best[0]):
            best = (ratio, src_uri, shown)
    return None if best is None else (best[1], best[2])


if TYPE_CHECKING:

    def _both_are_one_speech(view: SpeechView, project: Project) -> list[OneSpeech]:
        """Checked by mypy: a library's speech and the site's own answer what a renderer asks of one speech."""
        return [view, project]
