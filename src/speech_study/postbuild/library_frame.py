"""A library speech's pages carry its own frame: its notice, its title on paper, its print version.

The templates write the site's own speech's notice and title (config.extra.notice,
config.site_name) on every page; on the pages of an imported speech this pass
puts that speech's notice (or none, when its text has none), its title in the
printed heading, the browser tab, the description a chat app previews, the
header and the phone's drawer, and points 全文打印版 at its own print version.
In a library every speech page also names its speech in
<meta name="study-speech">, for the search's "只搜本篇". Engine-neutral: it
edits the built HTML by position, like every pass.
"""

from __future__ import annotations

import json
import posixpath
from html import escape, unescape
from typing import TYPE_CHECKING

from ..booktitle import book_title
from ..counts import chinese
from ..kit import STUDY_MARKERS
from .html import Element, content, head_start, start_tag
from .layout import Layout

if TYPE_CHECKING:
    from ..project import Project, SpeechView


def edits(
    source: str, elements: list[Element], project, layout: Layout, rel: str, site_name: str
) -> list[tuple[int, int, str]]:
    src_uri = layout.files.get(rel)
    if src_uri is None or not project.is_library:
        return []
    page = project.page(src_uri)
    slug = project.speech_of(page)
    if slug is None:
        return _shared_page(elements, project, layout, rel)
    view = project.view(slug)
    out = []
    # its glossary terms: the search box suggests these, not another speech's (library.js, page.js)
    terms = json.dumps([e.term for e in project.entries_for(slug)], ensure_ascii=False)
    # its own navigation, print version and author's notice ("": none), which a shared page opened from it shows
    # instead of the first speech's (library.js): addresses as seen from this page
    its_pages = [*view.speech_pages(), *(view.marker_page(m) for m in STUDY_MARKERS)]
    nav = json.dumps(
        [[p.meta.get("label") or p.title, layout.relative(p.src_uri, rel)] for p in its_pages if p is not None],
        ensure_ascii=False,
    )
    whole = view.marker_page("print-whole")
    meta = (
        f'<meta name="study-speech" content="{escape(slug)}" data-title="{escape(view.title)}"'
        f' data-book="{escape(book_title(view.title))}" data-notice="{escape(view.speech.notice)}"'
        f' data-terms="{escape(terms)}" data-nav="{escape(nav)}"'
        + (f' data-print="{escape(layout.relative(whole.src_uri, rel))}"' if whole is not None else "")
        + ">"
    )
    at = head_start(elements)
    out.append((at, at, f"\n    {meta}"))
    if not view.entry.imported:
        return out
    print_page = view.marker_page("print-whole")
    for el in elements:
        classes = el.classes
        if el.tag == "p" and "speech-notice" in classes and el.content_end is not None:
            if view.speech.notice:
                out.append((el.tag_end, el.content_end, escape(view.speech.notice)))
            else:  # the speech came without a notice: no other speech's notice on its pages
                out.append((el.start, el.content_end + len("</p>"), ""))
        elif el.tag == "p" and "print-title" in classes and el.content_end is not None:
            out.append((el.tag_end, el.content_end, escape(view.title)))
        elif el.tag == "span" and "md-ellipsis" in classes and el.content_end is not None and _site_topic(el):
            out.append((el.tag_end, el.content_end, f"\n            {escape(view.title)}\n          "))
        elif el.tag == "a" and "md-logo" in classes and _drawer_title(el):
            label = el.ancestors[-1]
            if el.content_end is None or label.content_end is None:  # _drawer_title saw both closed
                continue
            out.append((el.content_end + len("</a>"), label.content_end, f"\n    {escape(view.title)}\n  "))
        elif el.tag == "script" and el.attrs.get("id") == "__config" and el.content_end is not None:
            said = _with_example(content(source, el), example(project, view))
            if said is not None:
                out.append((el.tag_end, el.content_end, said))
        elif el.tag == "meta" and el.attrs.get("name") == "description":
            # the preview a chat app shows under a shared link: this speech's, saying what the site has for it
            attrs = {**el.attrs, "content": description(project, view)}
            out.append((el.start, el.tag_end, start_tag("meta", attrs)))
        elif el.tag == "title" and el.content_end is not None:
            text = unescape(content(source, el))  # the templates escape names their own way (Jinja's |e)
            suffix = f" - {site_name}"
            if text.endswith(suffix):
                own = text[: -len(suffix)]
                # its opening is titled with the speech's name, as the site's home page is with the site's
                tab = escape(view.title) if own == view.title else f"{escape(own)} - {escape(view.title)}"
                out.append((el.tag_end, el.content_end, tab))
        elif (
            el.tag == "a"
            and print_page is not None
            and "".join(el.text).strip() == "全文打印版"  # before its ancestors: a page has hundreds of links
            and any(a.classes & {"page-actions"} for a in el.ancestors)
        ):
            href = layout.relative(print_page.src_uri, rel)
            out.append((el.start, el.tag_end, start_tag("a", {**el.attrs, "href": href})))
    return out


PLACEHOLDER = "search.result.placeholder"


def description(project: Project, view: SpeechView) -> str:
    """What a chat app previews under a shared link to a page of the speech: its name in 书名号 and what the site
    has for it (术语解释 only when some glossary entry explains its words). The site's own speech's is
    mkdocs.yml's site_description, which tests/unit/test_library_frame.py holds to this sentence."""
    features = ["分部分阅读", *(["术语解释"] if project.entries_for(view.slug) else []), "全文搜索", "打印"]
    return f"讲话{book_title(view.title)}全文学习网站：{'、'.join(features)}。"


def library_description(project: Project) -> str:
    """What a chat app previews under a shared link to a page every speech shares (文库, 术语表, 来源与说明): the
    library, not one speech's site (found by a reader: the 文库's preview said “讲话《…》全文学习网站”)."""
    views = project.views()
    explained = any(project.entries_for(v.slug) for v in views)
    features = ["分部分阅读", *(["术语解释"] if explained else []), "全文搜索", "打印"]
    return f"收录{book_title(views[0].title)}等{chinese(len(views), '篇')}讲话的学习网站：{'、'.join(features)}。"


def example(project: Project, view: SpeechView) -> str:
    """The search box's example for a speech: the glossary term its text says first (not the first in
    glossary.yml's order, as it was: found by a reader), else the first clause of its first part's heading; words
    the speech itself has."""
    text = view.speech.text
    said = [(text.find(entry.term), entry.term) for entry in project.entries_for(view.slug) if entry.term in text]
    if said:
        return min(said, key=lambda found: found[0])[1]
    for part in view.speech.parts:
        clause = part.heading.split("，")[0].strip("。；：")
        if clause and clause in text:
            return clause
    return ""


def _with_example(config: str, word: str) -> str | None:
    """Material's __config JSON with the search box's example (例如：…) naming `word`."""
    try:
        data = json.loads(config)
    except ValueError:
        return None
    said = data.get("translations", {}).get(PLACEHOLDER)
    if not word or not isinstance(said, str) or "例如：" not in said:
        return None
    data["translations"][PLACEHOLDER] = said.split("例如：")[0] + "例如：" + word
    # as the template writes it: ASCII, so no "</script>" can arise from a term
    return json.dumps(data, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e")


def _shared_page(elements: list[Element], project: Project, layout: Layout, rel: str) -> list[tuple[int, int, str]]:
    """A page every speech shares (术语表, 来源与说明, 文库): its 上一页/下一页 lead to no speech's page.

    In Material's order the glossary follows the site's own speech's 学习自测; a reader who came
    from another speech would be taken into the first one. The way back to the speech the reader
    came from is library.js's (返回《…》), which knows it."""
    out = []
    base = posixpath.dirname(rel)
    for el in elements:
        if el.tag == "meta" and el.attrs.get("name") == "description":
            attrs = {**el.attrs, "content": library_description(project)}
            out.append((el.start, el.tag_end, start_tag("meta", attrs)))
            continue
        if el.tag != "a" or el.content_end is None:
            continue
        href = (el.attrs.get("href") or "").split("#")[0]
        target = posixpath.normpath(posixpath.join(base, href)) if href else rel
        if not target.endswith(".html"):
            target = "index.html" if target == "." else posixpath.join(target, "index.html")
        uri = layout.files.get(target)
        if uri is None or project.speech_of(project.page(uri)) is None:
            continue
        if "md-footer__link" in el.classes:
            out.append((el.start, el.content_end + len("</a>"), ""))
        elif "md-nav__link" in el.classes:  # the first speech's items: library.js puts the reader's speech's instead
            out.append((el.start, el.tag_end, start_tag("a", {**el.attrs, "data-speech-nav": ""})))
        elif any("page-actions" in a.classes for a in el.ancestors) and "".join(el.text).strip() == "全文打印版":
            out.append((el.start, el.tag_end, start_tag("a", {**el.attrs, "data-speech-print": ""})))
    return out


def _site_topic(el: Element) -> bool:
    """The header's first topic: the site's name (the second, the page's title, is a component)."""
    parent = el.ancestors[-1] if el.ancestors else None
    return (
        el.content_end is not None
        and parent is not None
        and "md-header__topic" in parent.classes
        and "data-md-component" not in parent.attrs
    )


def _drawer_title(el: Element) -> bool:
    """The logo in the navigation's title (the site's name beside it heads the phone's drawer)."""
    parent = el.ancestors[-1] if el.ancestors else None
    return (
        el.content_end is not None
        and parent is not None
        and parent.tag == "label"
        and "md-nav__title" in parent.classes
        and parent.attrs.get("for") == "__drawer"
        and parent.content_end is not None
    )
