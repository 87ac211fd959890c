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


@pytest.fixture
def project(tmp_path):
    from conftest import copy_project

    return copy_project(tmp_path / "project")


def append(path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        # the issue's attack: content that closes the article to put its script in the frame
        ("\n</article>\n<script>alert(1)</script>\n<article>\n", "多余或错位的结束标签 </article>"),
        ("<script>alert(1)</script>", "元素 <script> 不在允许之列"),
        ('<p onmouseover="alert(1)">x</p>', "<p> 的属性onmouseover=“alert(1)” 不在允许之列"),
        ('<a href="javascript:alert(1)">x</a>', "<a> 的属性href=“javascript:alert(1)” 不在允许之列"),
        ('<a href="jav&#x61;script:alert(1)">x</a>', "<a> 的属性href=“javascript:alert(1)” 不在允许之列"),
        ('<iframe src="https://evil.example/"></iframe>', "元素 <iframe> 不在允许之列"),
        ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "元素 <meta> 不在允许之列"),
        ("<p>a<!--x--!><img src=x onerror=alert(1)>--></p>", "含有 <、> 或 --"),
        ("<!--!><script>alert(1)</script>-->", "含有 <、> 或 --"),
        (
            '<svg><a href="#x"><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>',
            "元素 <animate> 不在允许之列",
        ),
        ('<svg><a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a></svg>', "元素 <set> 不在允许之列"),
        ('<img src="data:image/svg+xml,<svg onload=alert(1)>">', "<img> 的属性src="),
        ("<style>body{display:none}</style>", "元素 <style> 不在允许之列"),
        ('<base href="https://evil.example/">', "元素 <base> 不在允许之列"),
        ('<form action="https://evil.example/"><input name=a></form>', "元素 <form> 不在允许之列"),
        ('<p style="background:url(https://evil.example/)">x</p>', "<p> 的属性style="),
        ("<div>unclosed", "缺少</div>"),
    ],
)
def test_content_the_sanitizer_would_change_is_refused_naming_the_file_and_the_element(code, problem):
    from speech_study.errors import ContentError
    from speech_study.postbuild.content_safety import check_content

    with pytest.raises(ContentError) as err:
        check_content(f"<p>正文</p>\n{code}\n<p>正文</p>", "docs/about.md")
    message = str(err.value)
    assert message.startswith("docs/about.md：") and problem in message, message
    assert "\n" not in message and len(message) < 200


def test_what_markdown_and_its_extensions_write_passes_the_allow_list():
    """Admonitions, footnotes, details, lists, headings with permalinks, links, images: unchanged."""
    import markdown

    from speech_study.postbuild.content_safety import check_content

    text = (
        '# 标题 {#top}\n\n!!! note "提示"\n    内容 **重点** *强调* `代码`\n\n'
        '??? question "问题"\n    答案\n\n正文[^1]，[链接](https://example.org/a?b=1&c=2 "说明")，'
        "[本站](about.md#x)，![图](a.png)\n\n1. 一\n2. 二\n\n- 甲\n- 乙\n\n> 引文\n\n---\n\n"
        '<div class="site-added" data-search-exclude markdown>\n<abbr title="解释" tabindex="0">词</abbr>\n</div>\n\n'
        "| 讲话 | 字数 |\n| --- | ---: |\n| 甲 | 4,285 |\n\n[^1]: 注释。\n"
    )
    extensions = ["attr_list", "md_in_html", "footnotes", "admonition", "pymdownx.details", "toc", "tables"]
    # as mkdocs.yml configures them: a column's alignment as align= (the CSP would refuse style=)
    configs = {"toc": {"permalink": True}, "tables": {"use_align_attribute": True}}
    html = markdown.markdown(text, extensions=extensions, extension_configs=configs)
    assert "<details" in html and "footnote" in html and "admonition" in html and "headerlink" in html
    assert '<td align="right">' in html
    check_content(html, "docs/x.md")


@pytest.mark.slow
def test_the_issues_attack_fails_the_build_with_one_line(project, tmp_path):
    """`printf '\\n</article>\\n<script>alert(1)</script>\\n<article>\\n' >> docs/about.md`, as the CLI reports it."""
    from conftest import mkdocs_build

    append(project / "docs" / "about.md", "\n</article>\n<script>alert(1)</script>\n<article>\n")
    result = mkdocs_build(project, tmp_path / "out")
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == ["ERROR   -  docs/about.md：多余或错位的结束标签 </article>（内容不能关闭页面框架的元素）"], (
        result.stderr
    )
    assert "Traceback" not in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    "code",
    [
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        '<p onclick="alert(1)">x</p>',
        "{ onclick=alert(1) }",  # attr_list writes any attribute it is given
        # a picture from another site is a request out of the site's origin (found by a tester: the build passed)
        '<img src="http://evil.example/x.png" alt="x">',
        "![图](https://evil.example/x.png)",
        '<img src="//evil.example/x.png" alt="x">',
    ],
)
def test_a_page_that_redirects_or_runs_code_fails_the_build(project, tmp_path, code):
    from conftest import mkdocs_build_in_process

    append(project / "docs" / "about.md", f"\n\n段落\n{code}\n")
    result = mkdocs_build_in_process(project, tmp_path / "out")
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert result.returncode == 1 and len(errors) == 1, result.stderr
    assert errors[0].startswith("ERROR   -  docs/about.md：") and "不在允许之列" in errors[0], errors


@pytest.mark.parametrize(
    ("edit", "entry"),
    [
        (("  - 来源与说明: about.md", "  - 来源<script>alert(1)</script>: about.md"), "nav 标题"),
        (
            (
                "site_description: 讲话",
                'site_description: x" http-equiv="refresh" content="0;url=//e.example" 讲话',
            ),
            "site_description",
        ),
        (("site_name: 怎么", "site_name: <b>怎么</b>"), "site_name"),
        (("  notice: 本文", "  notice: <img src=x onerror=alert(1)>本文"), "extra.notice"),
    ],
)
def test_markup_in_a_text_from_mkdocs_yml_is_refused(project, edit, entry):
    from speech_study.errors import ContentError
    from speech_study.project import Project

    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert edit[0] in text
    config.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        Project.load(project)
    error = str(err.value)
    assert error.startswith(f"mkdocs.yml：{entry}") and "只能是一行纯文字" in error, error


def frame_page(body: str) -> str:
    head = '<html><head><script>var frame=1</script><meta http-equiv="X-UA-Compatible" content="IE=edge"></head>'
    return f"{head}<body><article><p>正文</p>{body}</article></body></html>"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("<script>alert(1)</script>", "一段内联脚本不是模板生成的：alert(1)"),
        ("<style>body{display:none}</style>", "一段内联样式不是模板生成的"),
        ('<meta http-equiv="refresh" content="0;url=//evil.example/">', "<meta http-equiv=“refresh”>不是模板生成的"),
        ('<div onclick="alert(1)"></div>', "<div> 带有事件属性onclick="),
        # wherever it stands: content that closed the article itself
        ("</article><script>alert(1)</script><article>", "一段内联脚本不是模板生成的：alert(1)"),
    ],
)
def test_inline_code_anywhere_in_a_finished_page_must_be_the_frames(body, problem):
    """Whatever reached the output past the content check: only the frame's code is trusted and hashed."""
    from speech_study.errors import ContentError
    from speech_study.postbuild import csp
    from speech_study.postbuild.content_safety import Frame, check_page
    from speech_study.postbuild.html import parse

    clean = frame_page("")
    frame = Frame.of(clean, "<p>正文</p>")
    check_page(clean, parse(clean), "docs/about.md", frame)
    assert csp.digest("var frame=1") in csp.policy(clean, parse(clean), frame=frame)
    page = frame_page(body)
    frame = Frame.of(page, "<p>正文</p>" + body)  # the content, as the engine handed it to the template
    with pytest.raises(ContentError, match=re.escape(f"docs/about.md：{problem}")):
        check_page(page, parse(page), "docs/about.md", frame)
    # and the policy would not trust it even if it got there
    assert csp.digest("alert(1)") not in csp.policy(page, parse(page), frame=frame)
    assert csp.digest("var frame=1") in csp.policy(page, parse(page), frame=frame)


def test_a_page_changed_after_the_engine_wrote_it_is_refused():
    """The content's place is known only in the page as written: any other text is not trusted."""
    from speech_study.errors import ContentError
    from speech_study.postbuild.content_safety import Frame, check_page
    from speech_study.postbuild.html import parse

    page = frame_page("")
    frame = Frame.of(page, "<p>正文</p>")
    changed = page.replace("<p>正文</p>", "<p>正文</p><script>alert(1)</script>")
    with pytest.raises(ContentError, match="页面在引擎写出之后被改动过"):
        check_page(changed, parse(changed), "docs/about.md", frame)


@pytest.mark.parametrize(
    "line",
    ["正文 <!-- study:glossary -->", "<!-- study:glossary --> 正文", "  <!-- study:outline -->", "<!--study:map-->x"],
)
def test_a_study_marker_not_alone_on_its_line_is_an_error(tmp_path, line):
    from speech_study.errors import ContentError
    from speech_study.pages import load_page

    (tmp_path / "a.md").write_text(f"---\ntitle: 甲\n---\n\n# 甲 {{#a}}\n\n{line}\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_page(tmp_path, "a.md", None)
    assert str(err.value) == f"docs/a.md：第7行：学习标记必须单独占一行、从行首写起：{line.strip()}"


def test_a_huge_glossary_term_gives_a_message_of_one_short_line():
    """A term of a million characters: the message quotes its start, and still names the cause."""
    from speech_study.errors import ContentError
    from speech_study.glossary import parse

    speech = (ROOT / "source" / "speech.txt").read_text(encoding="utf-8")
    term = "四" * 1_000_000
    text = f"- id: x\n  term: {term}\n  explanation: 解释。\n  quote: “{term}”\n"
    with pytest.raises(ContentError) as err:
        parse(text, speech, "glossary.yml")
    message = str(err.value)
    assert message.startswith("glossary.yml：") and "\n" not in message and len(message) < 600, message[:700]


@pytest.mark.parametrize(
    ("file", "old", "new", "problem"),
    [
        ("glossary.yml", "explanation: 基层党组织书记在", "explanation: 基层\x01党组织书记在", "U+0001"),
        ("docs/about.md", "# ", "# \x1b", "U+001B"),
        ("mkdocs.yml", "site_name: 怎么", "site_name: 怎\x7f么", "U+007F"),
        ("source/speech.txt", "同志们", "同志\x00们", "U+0000"),
    ],
)
def test_a_control_character_in_a_source_file_stops_the_load_with_its_line_and_column(project, file, old, new, problem):
    """The issue: `\\x01` in a glossary field built, then the Word export died with a 30-line traceback."""
    from speech_study.errors import ContentError
    from speech_study.project import Project

    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    bad = next(i for i, c in enumerate(text) if c in "\x00\x01\x1b\x7f")
    line, column = text.count("\n", 0, bad) + 1, bad - text.rfind("\n", 0, bad)
    with pytest.raises(ContentError) as err:
        Project.load(project)
    assert str(err.value).startswith(f"{file}：第{line}行第{column}列有控制字符 {problem}"), str(err.value)


@pytest.mark.slow
def test_a_build_without_the_plugin_stops_before_a_page_goes_unchecked(project, tmp_path):
    """Found by a tester: with `- speech-study` taken out of mkdocs.yml's plugins, both build commands succeeded, a
    changed sentence of the speech and an image from another site were published, and no page had a CSP. The
    Markdown extension, which MkDocs then loads by its name alone, stops the build at the first page."""
    from conftest import mkdocs_build_in_process

    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("\n  - speech-study\n") == 1
    config.write_text(text.replace("\n  - speech-study\n", "\n"), encoding="utf-8")
    page = project / "docs" / "part-1-leadership-team.md"
    page.write_text(page.read_text(encoding="utf-8").replace("党员发挥应有作用", "党员发挥重要作用"), encoding="utf-8")
    result = mkdocs_build_in_process(project, tmp_path / "out", env={"PDF_EXPORT": "false"})
    lines = result.stderr.splitlines()
    errors = [line for line in lines if line.startswith("ERROR") and "Error reading page" not in line]
    assert result.returncode == 1 and len(errors) == 1, result.stderr[-2000:]
    assert "plugins 里少了 speech-study" in errors[0] and "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "out" / "part-1-leadership-team" / "index.html").exists()
