"""One settings object, typed scopes (issue 23 items 3 and 4), checked over the source.

- Only settings.py reads the environment: every other module is given a Settings (or builds a child
  process's environment with settings.child_environment). An allow-list over the AST: any use of
  os.environ, os.getenv, os.environb or `from os import environ/getenv` elsewhere fails.
- No guessing at a scope: getattr/hasattr appear nowhere in src/ but where this file names them.
- The switches are read one way (settings.parse_switch), mkdocs.yml's use_directory_urls first.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speech_study.errors import ContentError
from speech_study.settings import FALSE, TRUE, Settings, parse_switch

SRC = Path(__file__).resolve().parents[2] / "src" / "speech_study"
READERS = {"settings.py"}  # the one module that reads the environment
ENV_NAMES = {"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"}
GUESSES_LEFT: dict[str, int] = {}  # getattr/hasattr in src/: none


def _modules() -> list[tuple[str, ast.Module]]:
    return [
        (p.relative_to(SRC).as_posix(), ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(SRC.rglob("*.py"))
    ]


def environment_reads(tree: ast.Module) -> list[int]:
    """Lines that touch the process environment: os.environ …, os.getenv(…), `from os import environ`."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ENV_NAMES:
            if isinstance(node.value, ast.Name) and node.value.id == "os":
                lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            if any(alias.name in ENV_NAMES for alias in node.names):
                lines.append(node.lineno)
    return lines


def test_only_settings_reads_the_environment():
    found = {rel: lines for rel, tree in _modules() if (lines := environment_reads(tree)) and rel not in READERS}
    assert found == {}, f"read the environment outside settings.py (pass a Settings down instead): {found}"
    assert all(environment_reads(tree) for rel, tree in _modules() if rel in READERS)


def test_the_rule_sees_every_way_of_reading_the_environment():
    for code in ("import os\nos.environ.get('X')", "import os\nos.getenv('X')", "from os import environ"):
        assert environment_reads(ast.parse(code)), code
    assert not environment_reads(ast.parse("import os\nos.path.join('a')"))


def guesses(tree: ast.Module) -> int:
    return sum(
        1
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "hasattr")
    )


def test_no_module_guesses_what_it_was_given():
    found = {rel: n for rel, tree in _modules() if (n := guesses(tree))}
    assert found == GUESSES_LEFT


@given(st.sampled_from(TRUE + FALSE[:-1]), st.sampled_from(["", " ", "\t"]), st.booleans())
def test_a_switch_reads_every_spelling_in_any_case(word, pad, upper):
    value = pad + (word.upper() if upper else word) + pad
    assert parse_switch("OFFLINE", value) is (word in TRUE)


@given(st.text(max_size=12).filter(lambda v: v.strip().lower() not in TRUE + FALSE))
def test_any_other_value_is_one_chinese_line(value):
    with pytest.raises(ContentError) as caught:
        parse_switch("PDF_EXPORT", value)
    message = str(caught.value)
    assert message.startswith("环境变量 PDF_EXPORT：“") and "不是可用的值；可用的值：1、true、yes、on、0" in message


def test_settings_are_read_from_the_environment_given():
    env = {
        "PDF_EXPORT": "yes",
        "OFFLINE": "0",
        "OFFLINE_ZIP": " release.zip ",
        "SITE_URL": "https://example.org/",
        "CHROMIUM": "/opt/edge",
        "PLAYWRIGHT_NODEJS_PATH": "",
        "DIRECTORY_URLS": "false",
    }
    assert Settings.load({}, env) == Settings(
        pdf_export=True,
        offline=False,
        offline_zip="release.zip",
        site_url="https://example.org/",
        directory_urls=False,
        chromium="/opt/edge",
        playwright_nodejs_path=None,
    )
    assert Settings.load({}, {}) == Settings()


def test_mkdocs_yml_decides_directory_urls_before_the_environment():
    assert Settings.load({"use_directory_urls": False}, {"DIRECTORY_URLS": "true"}).directory_urls is False
    # `!ENV [DIRECTORY_URLS, true]` loads as None in the model: the environment decides
    assert Settings.load({"use_directory_urls": None}, {"DIRECTORY_URLS": "off"}).directory_urls is False
    with pytest.raises(ContentError, match="^环境变量 DIRECTORY_URLS："):
        Settings.load({}, {"DIRECTORY_URLS": "maybe"})


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (  # found by a tester: every canonical link, sitemap entry and printed address read “…/xuexi/ /…”
            ('site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]', 'site_url: "https://example.org/xuexi/ "'),
            "mkdocs.yml：site_url：“https://example.org/xuexi/␣”不是网站的公开地址",
        ),
        (  # every published address changed (/about/ to /about.html), without a word
            ("use_directory_urls: !ENV [DIRECTORY_URLS, true]", "use_directory_urls: false"),
            "mkdocs.yml：use_directory_urls：写成 false 会改变网站的每一个网址",
        ),
        (  # a CDN's style sheet or script on every page
            ("", "extra_css:\n  - https://cdn.example.com/x.css\n"),
            "mkdocs.yml：extra_css：“https://cdn.example.com/x.css”在别的网站上",
        ),
        (
            ("", "extra_javascript:\n  - path: //cdn.example.com/x.js\n"),
            "mkdocs.yml：extra_javascript：“//cdn.example.com/x.js”在别的网站上",
        ),
    ],
)
def test_mkdocs_yml_may_not_break_an_address_or_load_from_another_site(tmp_path, edit, said):
    from conftest import copy_sources

    from speech_study.project import Project

    project = copy_sources(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    old, new = edit  # old "": appended
    assert not old or text.count(old) == 1, old
    config.write_text(text.replace(old, new) if old else text + new, encoding="utf-8")
    with pytest.raises(ContentError) as refused:
        Project.load(project)
    assert str(refused.value).startswith(said) and "\n" not in str(refused.value), str(refused.value)


@pytest.mark.parametrize(
    "value",
    # the README's own placeholder “https://…”, which was taken and printed on every handout (a maintainer's run)
    ["https://example.org/xuexi/ ", " https://example.org/", "example.org", "ftp://x/", "https://…/", "https://…"],
)
def test_a_public_address_given_in_the_environment_is_one(value):
    with pytest.raises(ContentError, match="环境变量 SITE_URL：.*不是网站的公开地址"):
        Settings.load({}, {"SITE_URL": value})
    assert Settings.load({}, {"SITE_URL": "https://example.org/xuexi/"}).site_url == "https://example.org/xuexi/"


@pytest.mark.parametrize("value", ["https://党建.中国/", "http://127.0.0.1:8000/", "https://example.org:8443/x/"])
def test_a_public_address_may_be_chinese_numbered_or_on_a_port(value):
    assert Settings.load({}, {"SITE_URL": value}).site_url == value
