"""Content by allow-list: a page's content may hold only the markup the site's own pages need.

Every page's content, as the Markdown extensions leave it, goes through nh3
(Rust's ammonia on the html5ever parser, the HTML5 parsing rules browsers
follow) with the allow-list below: the elements, attributes and URL schemes
that Markdown, its extensions in mkdocs.yml and the project's renderers
produce. If the sanitizer would change anything, the build stops, naming the
file and the first element, attribute or text it would change; nothing is
ever silently dropped. Comparing the two as token streams (start tags with
their attributes decoded and sorted, end tags, text, comments) makes the
check indifferent to how a serializer quotes or escapes, and exact about
everything else: a `<script>`, an `on…=` handler, a `javascript:` URL
(written with entities or not), an `<iframe>`, a `<meta http-equiv>`, SVG
animation, a stray `</article>` that would move the rest of the page into
the frame, a comment a browser ends earlier than a naive parser: each is
a change, hence an error.

`Frame` and `check_page` are the other half: the inline code of a finished
page must be the frame's own (postbuild/csp.py hashes only that).
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import nh3

from ..errors import ContentError
from .html import VOID, Driven, Element, drive

# what every element may carry: the renderers' classes and anchors, the search's exclusion mark
GENERIC_ATTRIBUTES = {"class", "id", "data-search-exclude"}
# element -> its own attributes (beyond GENERIC_ATTRIBUTES); an element not here is refused
ELEMENTS: dict[str, set[str]] = {
    # Markdown itself
    **{tag: set() for tag in ("p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "li")},
    **{f"h{n}": set() for n in range(1, 7)},
    "a": {"href", "title"},  # links, footnote refs and back-links, toc's permalinks
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    # footnotes: <sup> refs, a <div class="footnote"> list; admonition and md_in_html: <div>;
    # pymdownx.details: <details>/<summary>
    "sup": set(),
    "div": set(),
    "details": {"open"},
    "summary": set(),
    # the glossary's tooltips (markdown_ext.py) and the renderers' spans and navigation
    "abbr": {"title", "tabindex"},
    "span": set(),
    "nav": {"aria-label"},
    # tables (the library's list of speeches); alignment as align= (mkdocs.yml: the CSP refuses style=)
    **{tag: set() for tag in ("table", "thead", "tbody", "tr")},
    # 文库's table: column headers for screen readers, each cell's column name for the phone's card layout
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan", "data-label"},
    # the structure map (render/structure_map.py)
    "svg": {"viewBox", "width", "height", "role", "aria-labelledby", "xmlns"},
    "title": set(),
    "g": set(),
    "path": {"d"},
    "rect": {"x", "y", "width", "height", "rx"},
    "text": {"x", "y", "font-size", "text-anchor"},
    "tspan": {"x", "y", "dy"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}  # and relative URLs; never javascript:, data:, vbscript:


ELSEWHERE = re.compile(r"\s*(?:[A-Za-z][A-Za-z0-9+.-]*:|//|\\\\)")  # a scheme, //host, \\host: another origin


def _loaded_here(tag: str, attribute: str, value: str) -> str | None:
    """An attribute the sanitizer keeps, as it is; but a picture is the site's own file: an <img> from another
    site is a request that leaves the site's origin (the CSP stops it in the browser; the build stops it
    here, found by a tester), where a link only leads there when the reader follows it."""
    if tag == "img" and attribute == "src" and ELSEWHERE.match(value):
        return None
    return value


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(ELEMENTS),
        attributes={"*": GENERIC_ATTRIBUTES, **ELEMENTS},
        url_schemes=URL_SCHEMES,
        strip_comments=False,
        link_rel=None,
        attribute_filter=_loaded_here,
    )


Token = tuple


def _value(name: str, value: str | None) -> str:
    """An attribute's value, its white space as the sanitizer would leave it."""
    return re.sub(r"\s+", " ", value or "").strip()


class _Tokens(Driven):
    """Start tags (attributes decoded, sorted), end tags, text runs (merged), comments, declarations."""

    def __init__(self, source: str, fast: bool = True) -> None:
        super().__init__(source)
        self.tokens: list[Token] = []
        self.raw: list[str] = []  # each token's source, for the message

    def _add(self, token: Token, raw: str) -> None:
        if token[0] == "text" and self.tokens and self.tokens[-1][0] == "text":
            self.tokens[-1] = ("text", self.tokens[-1][1] + token[1])
            self.raw[-1] += raw
            return
        self.tokens.append(token)
        self.raw.append(raw)

    def handle_starttag(self, tag, attrs):
        decoded = tuple(sorted((k.lower(), _value(k, v)) for k, v in attrs))
        self._add(("start", tag, decoded), self.get_starttag_text() or f"<{tag}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self._add(("end", tag), "")

    def handle_endtag(self, tag):
        if tag not in VOID:
            self._add(("end", tag), f"</{tag}>")

    def handle_data(self, data):
        self._add(("text", data), data)

    def handle_comment(self, data):
        self._add(("comment", data), f"<!--{data}-->")

    def handle_decl(self, decl):
        self._add(("decl", decl), f"<!{decl}>")

    def handle_pi(self, data):
        self._add(("pi", data), f"<?{data}>")

    def unknown_decl(self, data):
        self._add(("decl", data), f"<![{data}]>")


def tokens(html: str, fast: bool = True) -> tuple[list[Token], list[str]]:
    """`fast` False: html.parser reads it whatever it holds (the tests' reference; html.py's `scan` otherwise)."""
    parser = _Tokens(html)
    drive(parser, fast)
    # a line break right after <pre> is dropped by every HTML parser and written back by none
    toks, raw = parser.tokens, parser.raw
    for i in range(1, len(toks)):
        if toks[i][0] == "text" and toks[i - 1][:2] == ("start", "pre") and toks[i][1].startswith("\n"):
            toks[i] = ("text", toks[i][1][1:])
    return toks, raw


def _without_tbody(toks: list[Token], raw: list) -> tuple[list[Token], list]:
    keep = [i for i, t in enumerate(toks) if t[:2] not in (("start", "tbody"), ("end", "tbody"))]
    return [toks[i] for i in keep], [raw[i] for i in keep]


def clip(text: str, limit: int = 60) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(before: Token, raw: str, after: Token | None) -> str:
    """What the sanitizer would change at the first differing token, in one Chinese phrase."""
    kind = before[0]
    if kind == "start":
        tag = before[1]
        if tag not in ELEMENTS:
            return f"元素 <{tag}> 不在允许之列（页面内容只能用正文排版的元素，不能运行代码、嵌入或跳转）"
        if after is not None and after[0] == "start" and after[1] == tag:
            kept = dict(after[2])
            for name, value in before[2]:
                if name not in kept:
                    why = "（不能运行代码，链接只能是本站或 http(s) 地址）"
                    if tag == "img" and name == "src":
                        why = "（图片只能是本站的文件：别的网站的图片读者那里多半打不开，也会让浏览器去访问那个网站）"
                    return f"<{tag}> 的属性{name}=“{clip(value)}” 不在允许之列{why}"
                if kept[name] != value:
                    return f"<{tag}> 的属性{name}=“{clip(value)}” 不在允许之列"
        return f"<{tag}> 所在处的 HTML 不完整或位置不对（{clip(raw)}）"
    if kind == "end":
        return f"多余或错位的结束标签 </{before[1]}>（内容不能关闭页面框架的元素）"
    if kind == "comment":
        return f"注释{clip(raw)}的写法会被浏览器读成别的内容"
    if kind == "text":
        return f"文字“{clip(before[1])}”处的 HTML 不规范"
    return f"不允许的 HTML 声明{clip(raw)}"


def check_content(html: str, where: str) -> None:
    """A ContentError naming the first thing the sanitizer would change in `html`, if any."""
    before, raw = tokens(html)
    for token, source in zip(before, raw, strict=True):
        # the HTML rules for a comment's text: no "<", ">" or "--" (browsers end some comments early)
        if token[0] == "comment" and re.search(r"[<>]|--|-$", token[1]):
            raise ContentError(where, f"注释{clip(source)}含有 <、> 或 --：浏览器可能提前结束它，把后面当作代码")
    clean = sanitize(html)
    if clean == html:
        return
    after, _ = tokens(clean)
    # html5ever adds the <tbody> a table's rows imply; written or not, the table is the same
    before, raw = _without_tbody(before, raw)
    after, _ = _without_tbody(after, after)
    if before == after:
        return
    if len(before) + len(after) > 20_000:  # the alignment below is quadratic: the first difference will do
        pairs = zip(before, after, strict=False)
        n = next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(before), len(after)))
        opcodes: Sequence[tuple[str, int, int, int, int]] = (
            [("replace", n, n + 1, n, n + 1)] if n < len(before) else [("insert", n, n, n, n + 1)]
        )
    else:
        opcodes = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            continue
        if i1 == i2:  # the sanitizer would add something: content left an element open
            tok = after[j1]
            what = f"</{tok[1]}>" if tok[0] == "end" else clip(str(tok[1]))
            raise ContentError(where, f"页面内容的 HTML 不完整：缺少{what}")
        changed = [i for i in range(i1, i2) if before[i][0] != "text"] or [i1]
        i = changed[0]
        twin = next((t for t in after[j1:j2] if t[:2] == before[i][:2]), None)
        raise ContentError(where, _describe(before[i], raw[i], twin))


# ---- the finished page: inline code only from the frame --------------------------------------------


DATA_TYPES = ("application/json", "application/ld+json")


@dataclass(frozen=True)
class Frame:
    """Where the content stands in a page as the engine wrote it: all the rest is the frame.

    The frame is the templates' render with no content in it; its inline code is
    the only code trusted. `digest` is the page's as written: the span means
    nothing for any other text.
    """

    start: int
    end: int
    digest: str

    @classmethod
    def of(cls, page: str, content: str = "") -> Frame:
        start = page.find(content) if content else 0
        return cls(start, start + len(content), page_digest(page))

    def holds(self, el: Element) -> bool:
        return not self.start <= el.start < self.end


def content_test(frame: Frame | None) -> Callable[[Element], bool]:
    """Whether an element of the page is its content: inside the frame's span, or (no frame: another engine)
    inside <article>."""
    if frame is None:
        return lambda el: el.inside("article")
    return lambda el: not frame.holds(el)


def page_digest(page: str) -> str:
    return hashlib.sha256(page.encode("utf-8")).hexdigest()


def static_frame(path: Path) -> Frame:
    """A page the engine copied as it is (no template): no inline code, but the project's own redirect."""
    from .. import redirect

    source = path.read_text(encoding="utf-8")
    if redirect.target_of(source) is not None:
        return Frame.of(source)  # all of it the project's own
    return Frame(0, len(source), page_digest(source))  # all of it content


def is_inline_script(el: Element) -> bool:
    return el.tag == "script" and "src" not in el.attrs and el.attrs.get("type") not in DATA_TYPES


ACTIVE_TAGS = {"script", "style", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "form", "meta"}
SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data:text/html)", re.I)
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


def check_page(source: str, elements: list[Element], where: str, frame: Frame | None) -> None:
    """No handler anywhere; no inline script, style or <meta http-equiv> but the frame's.

    `frame` None: an engine without the MkDocs plugin's record (Zensical). Its
    content was sanitized by the Markdown extension (markdown_ext.py); here the
    frame is what stands outside <article>, and no code may stand inside it.
    """
    from .html import content

    if frame is not None and page_digest(source) != frame.digest:
        raise ContentError(where, "页面在引擎写出之后被改动过，分不清哪些是模板、哪些是内容：请重新构建")
    for el in elements:
        for name in el.attrs:
            if name.startswith("on"):
                raise ContentError(where, f"<{el.tag}> 带有事件属性{name}=：页面不能运行内联代码")
        if frame is None:
            if el.inside("article") and el.tag in ACTIVE_TAGS:
                raise ContentError(where, f"元素 <{el.tag}> 不在允许之列（页面内容不能运行代码、嵌入或跳转）")
            for name, value in el.attrs.items():
                if el.inside("article") and name in URL_ATTRS and value and SCRIPT_URL.match(value):
                    raise ContentError(where, f"<{el.tag}> 的属性{name}=“{clip(value)}” 不在允许之列")
            continue
        if frame.holds(el):
            continue
        if is_inline_script(el):
            raise ContentError(where, f"一段内联脚本不是模板生成的：{clip(content(source, el))}")
        if el.tag == "style":
            raise ContentError(where, f"一段内联样式不是模板生成的：{clip(content(source, el))}")
        if el.tag == "meta" and "http-equiv" in el.attrs:
            what = f"<meta http-equiv=“{clip(el.attrs['http-equiv'] or '')}”>"
            raise ContentError(where, f"{what}不是模板生成的：页面不能自行跳转或更改设置")
