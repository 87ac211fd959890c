"""Security: a strict Content-Security-Policy on every page, no inline handlers, no code from docs/."""

from __future__ import annotations

import re

import pytest
import yaml
from sitetext import ROOT

CSP_RE = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def pages(site):
    return [p for p in site.rglob("*.html") if "<html" in p.read_text(encoding="utf-8")]


def test_every_page_has_a_strict_csp_meta_listing_its_inline_code_by_hash(site):
    for page in pages(site):
        html = page.read_text(encoding="utf-8")
        match = CSP_RE.search(html)
        assert match, page
        policy = match.group(1)
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, page
        assert "default-src 'self'" in policy and "object-src 'none'" in policy
        assert html.index(match.group()) < html.index("<script"), "the policy must come before any script"
        inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
        assert len(inline) == len(set(re.findall(r"'sha256-[^']+'", policy.split("style-src")[0]))), page


def test_no_inline_event_handlers_or_third_party_scripts(site):
    for page in pages(site):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", html), page
        for src in re.findall(r'<script[^>]*\bsrc="([^"]+)"', html):
            assert not re.match(r"(https?:)?//", src), (page, src)


def test_the_build_runs_nothing_from_docs_or_overrides():
    """Only the installed package runs; docs/ is data and overrides/ is templates, CSS and JavaScript."""
    assert not list((ROOT / "docs").rglob("*.py"))
    assert not list((ROOT / "overrides").rglob("*.py"))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "!!python" not in config
    for doc in (ROOT / "docs").rglob("*.md"):
        assert "!!python" not in doc.read_text(encoding="utf-8"), doc

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    assert "hooks" not in yaml.load(config, Loader=Loader)
    extensions = yaml.load(config, Loader=Loader)["markdown_extensions"]
    names = {e if isinstance(e, str) else next(iter(e)) for e in extensions}
    assert "pymdownx.snippets" not in names  # would read files named in docs/


INJECTED = '<script>window.__ran = 1; alert("x")</script><p><img src="data:," onerror="window.__ran = 2"></p>'


def test_a_script_that_slipped_into_a_page_is_refused_by_the_browser(site, browser, tmp_path):
    """The policy allows the frame's own code only: content code is blocked with a CSP violation, no dialog."""
    import shutil

    from speech_study.localserver import serve

    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page_file = copy / "about" / "index.html"
    html = page_file.read_text(encoding="utf-8")
    page_file.write_text(html.replace("</article>", INJECTED + "</article>", 1), encoding="utf-8")
    httpd, url = serve(copy)
    context = browser.new_context()
    context.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective))"
    )
    dialogs = []
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(url + "about/")
        page.wait_for_function("window.__violations.length >= 2")
        assert page.evaluate("window.__ran") is None and dialogs == []
        assert all(v.startswith("script-src") for v in page.evaluate("window.__violations"))
    finally:
        context.close()
        httpd.shutdown()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("<script>alert(1)</script>", "<script> in the page content: content may not run code"),
        ('<p onmouseover="alert(1)">x</p>', "inline event handler onmouseover= on <p>"),
        ('<a href="javascript:alert(1)">x</a>', "href=“javascript:alert(1)” on <a>: a script URL in the content"),
        ('<iframe src="https://evil.example/"></iframe>', "<iframe> in the page content"),
    ],
)
def test_code_in_a_docs_page_stops_the_build_naming_the_file(tmp_path, code, problem):
    from conftest import copy_project, mkdocs_build

    project = copy_project(tmp_path / "project")
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\n{code}\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "out")
    assert result.returncode != 0
    assert f"ERROR   -  docs/about.md: {problem}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_a_stylesheet_the_theme_bundle_puts_into_a_shadow_root_is_allowed_by_hash(tmp_path):
    """Zensical's search dialog: `o.appendChild(C("style",{},Tc.toString()))`, Tc a string in the bundle."""
    from speech_study.errors import ContentError
    from speech_study.postbuild import csp
    from speech_study.postbuild.html import parse

    (tmp_path / "assets").mkdir()
    bundle = tmp_path / "assets" / "bundle.js"
    inject = 'let o=n.attachShadow({mode:"open"});o.appendChild(C("style",{},Tc.toString()));'
    bundle.write_text("var Tc='.a{color:red}';" + inject)
    (tmp_path / "p").mkdir()
    page = tmp_path / "p" / "index.html"
    html = '<html><head></head><body><script src="../assets/bundle.js"></script></body></html>'
    _, _, meta = csp.meta_edit(html, parse(html), {}, page, tmp_path)
    assert f"style-src 'self' {csp.digest('.a{color:red}')};" in meta
    # a string this pass cannot read exactly stops the build rather than leave the browser to refuse it
    bundle.write_text("var Tc='.a{content:\\'x\\'}';" + inject)
    csp.injected_styles.cache_clear()
    with pytest.raises(ContentError, match="shadow root"):
        csp.meta_edit(html, parse(html), {}, page, tmp_path)
    # Material's bundle (MkDocs) injects none: nothing added
    bundle.write_text("n.attachShadow({mode:'open'})")
    csp.injected_styles.cache_clear()
    assert "sha256" not in csp.meta_edit(html, parse(html), {}, page, tmp_path)[2].split("style-src")[1]
