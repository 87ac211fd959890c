"""The page templates' cache (adapters/template_cache.py): its key changes with every part of the context a
page's template reads, and a proxy gives MkDocs what the template gives."""

from __future__ import annotations

import copy
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest

from speech_study.adapters import template_cache
from speech_study.buildcache import BuildCache


def anchor(title: str, id_: str, level: int, children=()):
    return SimpleNamespace(title=title, id=id_, level=level, children=list(children))


KINDS = {"page": (True, False, False), "section": (False, True, False), "link": (False, False, True)}


def item(kind: str, **attrs):
    """A navigation item as MkDocs' Page, Section or Link: is_page, is_section, is_link and what it carries."""
    is_page, is_section, is_link = KINDS[kind]
    return SimpleNamespace(is_page=is_page, is_section=is_section, is_link=is_link, **attrs)


def nav_page(title: str, url: str, active: bool = False, meta=None):
    return item("page", title=title, url=url, active=active, meta=meta or {}, children=None, is_index=False)


def context() -> dict:
    previous = nav_page("开场白", "")
    following = nav_page("二、怎样带队伍", "part-2/")
    section = item("section", title="讲话", active=True, children=[previous, following])
    page = SimpleNamespace(
        content="<p>权力是把双刃剑。</p>",
        toc=[anchor("一、班子", "banzi", 1, [anchor("（一）团结", "tuanjie", 2)])],
        title="一、怎样抓好班子建设",
        meta={"pdf": "part-1"},
        url="part-1/",
        canonical_url="https://example.org/part-1/",
        abs_url="/part-1/",
        edit_url=None,
        file=SimpleNamespace(src_uri="part-1.md"),
        is_homepage=False,
        previous_page=previous,
        next_page=following,
        ancestors=[section],
    )
    link = item("link", title="文库", url="library/", active=False, children=None)
    nav = SimpleNamespace(items=[section, nav_page("术语表", "glossary/"), link], homepage=previous)
    return {
        "page": page,
        "nav": nav,
        "base_url": "..",
        "extra_css": ["../assets/a.css"],
        "extra_javascript": [],
        "pages": ["anything"],
        "build_date_utc": "today",
        "config": {"site_name": "学习"},
    }


# each: a change a page's template would show, made to a copy of the context
CHANGES = {
    "content": lambda c: setattr(c["page"], "content", "<p>权力是把双刃剑！</p>"),
    "toc": lambda c: setattr(c["page"].toc[0].children[0], "title", "（一）团结协作"),
    "title": lambda c: setattr(c["page"], "title", "一、班子"),
    "meta": lambda c: c["page"].meta.update(pdf="p1"),
    "url": lambda c: setattr(c["page"], "url", "part-one/"),
    "canonical_url": lambda c: setattr(c["page"], "canonical_url", "https://example.net/part-1/"),
    "abs_url": lambda c: setattr(c["page"], "abs_url", "/xuexi/part-1/"),
    "edit_url": lambda c: setattr(c["page"], "edit_url", "https://example.org/edit/part-1.md"),
    "src_uri": lambda c: setattr(c["page"].file, "src_uri", "part-one.md"),
    "homepage": lambda c: setattr(c["page"], "is_homepage", True),
    "previous": lambda c: setattr(c["page"].previous_page, "title", "序"),
    "next": lambda c: setattr(c["page"].next_page, "url", "part-two/"),
    "ancestors": lambda c: setattr(c["page"].ancestors[0], "title", "全文"),
    "nav title": lambda c: setattr(c["nav"].items[1], "title", "名词解释"),
    "nav active": lambda c: setattr(c["nav"].items[1], "active", True),
    "nav meta": lambda c: c["nav"].items[1].meta.update(status="new"),
    "nav children": lambda c: c["nav"].items[0].children.pop(),
    "nav homepage": lambda c: setattr(c["nav"], "homepage", c["nav"].items[1]),
    "nav index": lambda c: setattr(c["nav"].items[1], "is_index", True),
    "nav link": lambda c: setattr(c["nav"].items[2], "url", "wenku/"),
    "base_url": lambda c: c.update(base_url="."),
    "extra_css": lambda c: c.update(extra_css=["../assets/b.css"]),
    "extra_javascript": lambda c: c.update(extra_javascript=["../x.js"]),
    "a value another plugin adds": lambda c: c.update(banner="通知"),
}


def scopes(tmp_path: Path, config: dict | None = None) -> template_cache.TemplateScopes:
    overrides = tmp_path / "overrides"
    overrides.mkdir(exist_ok=True)
    (overrides / "main.html").write_text("{{ page.title }}", encoding="utf-8")
    theme = SimpleNamespace(name="material", dirs=[str(overrides)], static_templates={"404.html"}, items=dict().items)
    return template_cache.TemplateScopes({"theme": theme, "site_dir": "/x", **(config or {})})


@pytest.mark.parametrize("change", list(CHANGES))
def test_the_key_changes_with_every_part_of_the_context_a_template_reads(change, tmp_path):
    before = template_cache.inputs("main.html", context(), scopes(tmp_path))
    changed = copy.deepcopy(context())
    CHANGES[change](changed)
    assert template_cache.inputs("main.html", changed, scopes(tmp_path)) != before


def test_the_key_changes_with_the_template_the_templates_and_the_settings_but_not_the_output_folder(tmp_path):
    before = template_cache.inputs("main.html", context(), scopes(tmp_path))
    assert template_cache.inputs("blog.html", context(), scopes(tmp_path)) != before
    assert template_cache.inputs("main.html", context(), scopes(tmp_path, {"site_name": "另一个"})) != before
    assert template_cache.inputs("main.html", context(), scopes(tmp_path, {"site_dir": "/y"})) == before
    edited = scopes(tmp_path)
    (tmp_path / "overrides" / "partial.html").write_text("改过", encoding="utf-8")
    assert template_cache.inputs("main.html", context(), edited) != before
    (tmp_path / "overrides" / "partial.html").unlink()
    # what no page template reads (the sitemap does): every docs page, the build's date
    unread = context()
    unread.update(pages=["other"], build_date_utc="tomorrow")
    assert template_cache.inputs("main.html", unread, scopes(tmp_path)) == before


def test_mkdocs_gets_through_the_proxy_what_the_template_renders_and_jinja_its_own_templates(tmp_path):
    env = jinja2.Environment(
        loader=jinja2.DictLoader({"base.html": "[{% block body %}{% endblock %}]", "main.html": MAIN}),
        autoescape=True,
    )
    cache = BuildCache.at(tmp_path / "project", fingerprint="test")
    template_cache.install(env, cache, scopes(tmp_path))
    made = [env.get_template("main.html").render(context()) for _ in range(2)]
    assert made[0] == made[1] == "[一、怎样抓好班子建设：&lt;p&gt;权力是把双刃剑。&lt;/p&gt;]"
    assert cache.stats.missed(template_cache.KIND) == ["part-1.md"]
    assert cache.stats.hit(template_cache.KIND) == ["part-1.md"]
    # a template without a page (the sitemap, 404.html) is rendered each time, never stored
    assert env.get_template("main.html").render({"page": None}) == "[]"
    assert isinstance(env.get_template("base.html", "main.html"), jinja2.Template)  # Jinja's own lookup


MAIN = (
    '{% extends "base.html" %}{% block body %}'
    "{% if page %}{{ page.title }}：{{ page.content }}{% endif %}{% endblock %}"
)


def test_compiled_templates_are_kept_and_a_folder_that_cannot_hold_them_is_no_cache(tmp_path):
    """Jinja's compiled code goes to the cache's jinja/ (serve compiles again at every rebuild without it); where
    that cannot be made, templates are compiled as before and the page is the same."""
    made = {}
    for case in ("kept", "blocked"):
        cache = BuildCache.at(tmp_path / case, fingerprint="test")
        if case == "blocked":
            cache.folder.mkdir(parents=True, exist_ok=True)  # the cache's database is there already
            (cache.folder / "jinja").write_text("a file where the folder would be", encoding="utf-8")
        env = jinja2.Environment(
            loader=jinja2.DictLoader({"base.html": "[{% block body %}{% endblock %}]", "main.html": MAIN}),
            autoescape=True,
        )
        template_cache.install(env, cache, scopes(tmp_path))
        made[case] = env.get_template("main.html").render(context())
    assert made["kept"] == made["blocked"]
    assert len(list((tmp_path / "kept" / ".speech-study-cache" / "jinja").iterdir())) == 2  # main.html, base.html


def _compiled_render(root, source: str, fingerprint: str = "test") -> str:
    """A fresh environment, as `serve` makes at each rebuild, rendering `main.html` through the cache."""
    env = jinja2.Environment(loader=jinja2.DictLoader({"main.html": source}), autoescape=True)
    template_cache.install(env, BuildCache.at(root, fingerprint=fingerprint), scopes(root))
    return env.get_template("main.html", "x").render(word="党")


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated (a build killed while writing it, a full disk)
        lambda data: data.replace(b"Hello", b"Jello"),  # the same length, a byte changed
        lambda data: b"",
        lambda data: data[:32] + b"not marshal data at all",
    ],
)
def test_a_damaged_compiled_template_is_compiled_again(damage, tmp_path):
    """Jinja would load a damaged file as it is (a truncated pickle raises; a changed byte renders the changed
    code): each file's SHA-256 is checked first, and a file that fails is compiled again and written over."""
    assert _compiled_render(tmp_path, "Hello {{ word }}") == "Hello 党"
    (kept,) = (tmp_path / ".speech-study-cache" / "jinja").iterdir()
    kept.write_bytes(damage(kept.read_bytes()))
    assert _compiled_render(tmp_path, "Hello {{ word }}") == "Hello 党"
    assert _compiled_render(tmp_path, "Hello {{ word }}") == "Hello 党"


def test_compiled_templates_are_kept_by_source_code_jinja_and_extensions(tmp_path, monkeypatch):
    """A changed template is compiled again (Jinja's checksum); so is every template after a change of this code,
    of Jinja's version or of the environment's extensions (compiled code from another compiler is not loaded)."""
    folder = tmp_path / ".speech-study-cache" / "jinja"
    assert _compiled_render(tmp_path, "Hello {{ word }}") == "Hello 党"
    assert _compiled_render(tmp_path, "Hi {{ word }}") == "Hi 党"
    assert len(list(folder.iterdir())) == 1  # the same name: written over
    _compiled_render(tmp_path, "Hi {{ word }}", fingerprint="other code")
    assert len(list(folder.iterdir())) == 2
    monkeypatch.setattr(template_cache, "version", lambda name: "9.9" if name == "jinja2" else "1")
    _compiled_render(tmp_path, "Hi {{ word }}")
    assert len(list(folder.iterdir())) == 3
