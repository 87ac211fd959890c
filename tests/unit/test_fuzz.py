"""Fuzzing the sources an editor writes: glossary.yml, a page's front matter, a speech's speech.yml.

Hypothesis generates malformed inputs (at least 1,000 in all: SHARE per
file): the real files cut, spliced, with bytes, control characters, markup,
YAML aliases, deep nesting, odd keys and values put in; and YAML written from
generated structures. Each must end with the file read, or with one line that
names the file (a ContentError), never another exception, never a file
changed. Time-boxed: derandomized (the same inputs in every run, so CI cannot
turn red on a draw) and well under a minute.
"""

from __future__ import annotations

import re
import time

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sitetext import ROOT

from speech_study import library, pages
from speech_study.errors import ContentError
from speech_study.glossary import parse as parse_glossary
from speech_study.sources import decode

SHARE = {"glossary.yml": 400, "front matter": 350, "speech.yml": 300}
assert sum(SHARE.values()) >= 1000
SPEECH = (ROOT / "source" / "speech.txt").read_text(encoding="utf-8")
# the glossary's first entries: big enough to hold every field, small enough to check quickly
GLOSSARY = (ROOT / "glossary.yml").read_text(encoding="utf-8").split("\n- id: ", 6)
GLOSSARY = "\n- id: ".join(GLOSSARY[:6]) + "\n"
FRONT = (
    "---\ntitle: 来源与说明\nhide:\n  - toc\npdf: about\nsearch:\n  exclude: true\n---\n\n# 来源 {#about}\n\n正文。\n"
)
SPEECH_YML = (
    "title: 在社区治理工作推进会上的讲话\nspeaker: 城东街道党工委\ndate: 2024年3月5日\n"
    "notice: true\ntitle_in_text: true\nreceived: 社区治理讲话.docx\nencoding: Word .docx\n"
)

PIECES = [
    "\x00",
    "\x01",
    "\x1b",
    "\x7f",
    "\x85",
    "\t",
    "\r",
    "\n",
    "  ",
    ":",
    ": ",
    "- ",
    "---",
    "...",
    "#",
    "'",
    '"',
    "“",
    "<script>alert(1)</script>",
    "<b>",
    "&amp;",
    "&a",
    "*a",
    "&a ",
    "!!python/object:os.system",
    "!ENV",
    "[",
    "]",
    "{",
    "}",
    "? ",
    "[[toc]]",
    "{a: 1}",
    "- [a, b]",
    "? [a, b]\n: c",
    "1: x",
    "yes: x",
    "null",
    "~",
    "@",
    "`",
    "%YAML 1.1",
    "\ufeff",
    "術",
    "四大三苦",
    "x" * 3000,
    "[" * 200,
    "- " * 60,
]
piece = st.one_of(st.sampled_from(PIECES), st.text(max_size=12))
# an anchored value referred to nine times, nine times over: the "billion laughs"
BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c]\n"


@st.composite
def mutated(draw, base: str) -> bytes:
    """`base` with a few edits: an insertion, a cut, a repeat, or raw bytes put in."""
    text = base
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "insert", "cut", "repeat", "bomb"]))
        if kind == "insert":
            text = text[:at] + draw(piece) + text[at:]
        elif kind == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 80)) :]
        elif kind == "repeat":
            text = text[:at] + text[at : at + 40] * draw(st.integers(2, 5)) + text[at:]
        else:
            text = text[:at] + "\n" + BOMB + text[at:]
    data = text.encode("utf-8")
    if draw(st.booleans()) and draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    return data


scalar = st.one_of(st.text(max_size=20), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
value = st.recursive(
    scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)


def dumped(keys: list[str]) -> st.SearchStrategy[bytes]:
    """YAML written from a generated mapping over the file's own keys (and others), as bytes."""
    key = st.one_of(st.sampled_from(keys), st.sampled_from(keys), st.text(max_size=8), scalar)
    mapping = st.dictionaries(key, value, max_size=6)
    return mapping.map(lambda m: yaml.safe_dump(m, allow_unicode=True, sort_keys=False).encode("utf-8"))


FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def one_line(exc: ContentError, name: str) -> None:
    message = str(exc)
    assert message.startswith(name), message
    assert "\n" not in message and "\r" not in message and len(message) < 600, message[:300]
    assert "Traceback" not in message
    assert not re.search(r"[\x00-\x1f\x7f-\x9f]", message), message  # a control character is shown by its name


class Count:
    def __init__(self) -> None:
        self.n, self.start = 0, time.monotonic()

    def check(self, share: int) -> None:
        assert self.n >= share, f"only {self.n} of {share} inputs generated"
        assert time.monotonic() - self.start < 40


def test_yaml_bombs_and_deep_nesting_are_refused_at_once():
    """The issue's 0.5 KB value of nested aliases (35 s, then MemoryError), and a list nested 100,000 deep."""
    laughs = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{','.join([f'*{chr(97 + n)}'] * 9)}]\n" for n in range(9)
    )
    assert len(laughs) < 600
    for name, text in [
        ("docs/about.md", "---\n" + laughs + "title: x\n---\n"),
        ("speeches/shequ/speech.yml", laughs),
        ("glossary.yml", "- " + laughs.replace("\n", "\n  ")),
        ("speeches/shequ/speech.yml", "title: " + "[" * 100_000 + "]" * 100_000),
    ]:
        start = time.monotonic()
        with pytest.raises(ContentError) as err:
            if name.endswith(".md"):
                pages.split_front_matter(text, name)
            elif name == "glossary.yml":
                parse_glossary(text, SPEECH, name)
            else:
                from speech_study import yamlfile

                yamlfile.load(text, name)
        assert time.monotonic() - start < 1
        assert str(err.value).startswith(f"{name}：第") and ("别名" in str(err.value) or "嵌套" in str(err.value))


def test_mapping_keys_must_be_text():
    """A list or a number as a key, and `hide: [[toc]]`: one line each, never a traceback."""
    from speech_study import yamlfile

    for text in ["? [a, b]\n: 1\n", "1: a\nb: c\n", "title: x\nyes: 1\n"]:
        with pytest.raises(ContentError, match=r"^speeches/shequ/speech.yml：第\d行：键只能是文字"):
            yamlfile.load(text, "speeches/shequ/speech.yml")
    with pytest.raises(ContentError, match=r"^docs/a.md：front matter 的“hide: \[\['toc'\]\]”不允许"):
        pages.check_meta({"hide": [["toc"]]}, "docs/a.md")


def test_glossary_yml():
    count = Count()
    glossary_keys = ["id", "term", "forms", "parts", "meaning", "explanation", "quote", "official", "exclude"]

    @settings(FUZZ, max_examples=SHARE["glossary.yml"])
    @given(st.one_of(mutated(GLOSSARY), dumped(glossary_keys).map(lambda b: b"- " + b.replace(b"\n", b"\n  "))))
    def run(data: bytes):
        count.n += 1
        try:
            parse_glossary(decode(data, "glossary.yml"), SPEECH, "glossary.yml")
        except ContentError as exc:
            one_line(exc, "glossary.yml")

    run()
    count.check(SHARE["glossary.yml"])


def test_front_matter():
    count = Count()
    keys = [*pages.SCHEMA, "study", "layout"]

    @settings(FUZZ, max_examples=SHARE["front matter"])
    @given(st.one_of(mutated(FRONT), dumped(keys).map(lambda b: b"---\n" + b + b"---\n\n# x {#x}\n")))
    def run(data: bytes):
        count.n += 1
        name = "docs/about.md"
        try:
            meta, _ = pages.split_front_matter(decode(data, name), name)
            pages.check_meta(meta, name)
        except ContentError as exc:
            one_line(exc, name)

    run()
    count.check(SHARE["front matter"])


def test_speech_yml(tmp_path):
    count = Count()
    folder = tmp_path / "speeches" / "shequ"
    folder.mkdir(parents=True)
    target = folder / "speech.yml"

    @settings(FUZZ, max_examples=SHARE["speech.yml"])
    @given(st.one_of(mutated(SPEECH_YML), dumped(list(library.META_FIELDS))))
    def run(data: bytes):
        count.n += 1
        target.write_bytes(data)
        try:
            library.read_meta(tmp_path, "shequ")
        except ContentError as exc:
            one_line(exc, "speeches/shequ/speech.yml")
        assert target.read_bytes() == data  # a refusal changes nothing

    run()
    count.check(SHARE["speech.yml"])


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        (
            "glossary.yml",
            GLOSSARY.replace("explanation: ", "explanation: 书\x01记", 1),
            f"第{GLOSSARY[: GLOSSARY.index('explanation: ')].count(chr(10)) + 1}行第17列有控制字符 U+0001",
        ),
        ("docs/about.md", FRONT.replace("正文", "正\x1b文"), "第12行第2列有控制字符 U+001B"),
        ("speeches/shequ/speech.yml", SPEECH_YML + "speaker: \x00\n", "第8行第10列有控制字符 U+0000"),
    ],
)
def test_a_control_character_is_refused_with_its_line_and_column(name, text, problem):
    with pytest.raises(ContentError) as err:
        decode(text.encode("utf-8"), name)
    message = str(err.value)  # the character's own name (转义符 ESC) may stand before 看不见
    assert message.startswith(f"{name}：{problem}（") and message.endswith("看不见，会弄坏网页和 Word 文件）：请删去")


HTML_PIECES = [
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "</article>",
    "<article>",
    "<script>",
    "</script>",
    "alert(1)",
    "<a href=",
    '"javascript:x"',
    "'jav&#x61;script:x'",
    '"#x"',
    '"https://example.org/"',
    ">",
    "</a>",
    "<img src=x onerror=y>",
    "<!--",
    "-->",
    "--!>",
    "<!-->",
    "<svg>",
    "</svg>",
    "<animate attributeName=href values=javascript:x>",
    "<set>",
    "<meta http-equiv=refresh content=0>",
    "<style>",
    "</style>",
    "<abbr title='x' tabindex=0>",
    "</abbr>",
    "正文",
    "&amp;",
    "&lt;",
    "<",
    "&",
    "<table><tr><td align=right>1</td></tr></table>",
    "<pre>\n",
    "</pre>",
    "<br/>",
    "<math>",
    "<noscript>",
    "<template>",
    "<textarea>",
    "<iframe srcdoc=x>",
    "<base href=//x>",
    "\n",
    " ",
]


@settings(FUZZ, max_examples=300)
@given(st.lists(st.one_of(st.sampled_from(HTML_PIECES), st.text(max_size=6)), max_size=20).map("".join))
def test_content_the_allow_list_accepts_is_the_sanitizers_own_output(html):
    """Accepted content reads, token for token, as nh3 writes it: no script, handler or foreign URL in it."""
    from speech_study.postbuild.content_safety import check_content, sanitize, tokens

    try:
        check_content(html, "docs/x.md")
    except ContentError as exc:
        one_line(exc, "docs/x.md")
        return
    accepted = [t for t in tokens(html)[0] if t[:2] not in (("start", "tbody"), ("end", "tbody"))]
    cleaned = [t for t in tokens(sanitize(html))[0] if t[:2] not in (("start", "tbody"), ("end", "tbody"))]
    assert accepted == cleaned
    for token in accepted:
        assert token[0] != "start" or token[1] not in {"script", "style", "iframe", "meta", "animate", "set"}
        assert token[0] != "start" or not any(k.startswith("on") for k, _ in token[2])


MKDOCS_YML = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


@settings(FUZZ, max_examples=600)
@given(
    st.one_of(
        mutated(GLOSSARY),
        mutated(SPEECH_YML),
        mutated(FRONT.split("---\n")[1]),
        mutated(MKDOCS_YML),
        dumped(["title", "term", "hide", "notice"]),
    )
)
def test_libyaml_reads_every_file_as_pyyamls_own_parser_does(data):
    """yamlfile.load reads with libyaml and falls back to PyYAML's parser on an error: what libyaml accepts, PyYAML's
    parser reads to the same value (so the faster reader changes nothing), and what it refuses gets PyYAML's error."""
    from speech_study import yamlfile

    assert yamlfile._FastLoader is not None, "this PyYAML has no libyaml: pip install the wheel (pyproject.toml)"
    try:
        text = decode(data, "x.yml")
    except ContentError:
        return
    try:
        slow = repr(yamlfile._load(text, "x.yml", 1))
    except ContentError as exc:
        slow = f"error {exc}"
    try:
        yamlfile._limits(text, "x.yml", 1, yamlfile._FastLoader)
        fast = repr(yaml.load(text, Loader=yamlfile._FastLoader))  # noqa: S506 - a CSafeLoader subclass
    except (yaml.YAMLError, ContentError):
        fast = None  # read again by PyYAML's parser: its value or its error, as `slow`
    got = yamlfile.load(text, "x.yml") if not slow.startswith("error") else None
    if fast is not None:
        assert fast == slow, (text[:300], fast[:300], slow[:300])
    if got is not None:
        assert repr(got) == slow
    else:
        with pytest.raises(ContentError) as err:
            yamlfile.load(text, "x.yml")
        assert f"error {err.value}" == slow


@given(
    key=st.sampled_from(["title", "speaker", "term", "notice"]),
    line=st.integers(min_value=0, max_value=3),
    escape=st.sampled_from(["\\e", "\\x07", "\\0", "\\u200b", "\\ufeff", "\\uE000", "\\U000E0067", "\\L", "\\a"]),
    around=st.text(alphabet="讲话标题甲乙 ", max_size=5),
)
@settings(max_examples=60)
def test_an_escape_in_a_quoted_value_is_held_to_the_characters_a_file_may_hold(key, line, escape, around):
    """Found by a tester: a title written "标题\\e红" in speech.yml (as YAML writes an ESC) reached the Word files and
    stopped the build with a traceback; the files' own check never sees it, the file holding only ASCII. Every
    text value is held to the same allow-list, with its line, by either reader."""
    from speech_study import yamlfile

    text = "".join(f"k{n}: 值\n" for n in range(line)) + f'{key}: "{around}{escape}{around}"\n'
    with pytest.raises(ContentError) as refused:
        yamlfile.load(text, "speeches/x/speech.yml")
    message = str(refused.value)
    assert message.startswith(f"speeches/x/speech.yml：第{line + 1}行：这个值里有") and "U+" in message, message
    with pytest.raises(ContentError) as slow:
        yamlfile._load(text, "speeches/x/speech.yml", 1)
    assert str(slow.value) == message
