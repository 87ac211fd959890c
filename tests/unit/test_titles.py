"""Names with any punctuation: the templates print them escaped, exactly as written.

MkDocs does not escape what templates print. The partials that print a page's
or a section's name are Material's own with one change (mkdocs/partials/name.html);
these tests hold them to Material's files line by line, and render the name
macro with generated titles. The built pages are checked in
tests/browser/test_library_more.py.
"""

from __future__ import annotations

import difflib
import string
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import material
import yaml
from hypothesis import given
from hypothesis import strategies as st
from sitetext import ROOT

from speech_study import pages
from speech_study.importer.pages import front_matter

OVERRIDES = ROOT / "overrides"
MATERIAL = Path(material.__file__).parent / "templates"
PARTIALS = ("header.html", "nav-item.html", "footer.html", "content.html")

# one line of text: every ASCII punctuation character and Chinese, as an imported title may hold
TITLES = st.text(
    alphabet=st.sampled_from(string.punctuation + " 关于社区治理的讲话《》“”，。0123456789ab"), min_size=1, max_size=40
).filter(lambda t: t.strip())


def test_the_partials_are_materials_but_for_the_names():
    """Only the lines that print a name differ (and the note and import at the top): a newer Material shows here."""
    for name in PARTIALS:
        ours = (OVERRIDES / "mkdocs" / "partials" / name).read_text(encoding="utf-8").splitlines()
        theirs = (MATERIAL / "partials" / name).read_text(encoding="utf-8").splitlines()
        head = ours.index('{% from "partials/name.html" import name with context %}')
        diff = [
            line
            for line in difflib.unified_diff(theirs[3:], ours[head + 1 :], lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        added = [line for line in diff if line.startswith("+")]
        assert added and all("name(" in line for line in added), (name, diff)
        removed = [line for line in diff if line.startswith("-")]
        assert all(".title" in line or line.strip("- ") in ("{% else %}", "{% endif %}") for line in removed), (
            name,
            diff,
        )


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text, self.tags = "", []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data


def render(template: str, **context) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(OVERRIDES / "mkdocs")))
    return env.from_string('{% from "partials/name.html" import name with context %}' + template).render(**context)


class Page:
    is_page = True

    def __init__(self, title: str, meta: dict) -> None:
        self.title, self.meta = title, meta


class Section:
    is_page = False

    def __init__(self, title: str) -> None:
        self.title = title


@given(TITLES)
def test_a_name_is_printed_as_text(title):
    for item in (Page(title, {"title": title}), Section(title)):
        parsed = Text()
        parsed.feed(render("<span>{{ name(item) }}</span>", item=item))
        parsed.close()
        assert parsed.tags == ["span"] and parsed.text == title


def test_a_name_from_the_first_heading_is_already_html():
    """MkDocs takes a page's name from its first heading as HTML (entities escaped): not escaped twice."""
    assert render("{{ name(item) }}", item=Page("1 &amp; 2", {})) == "1 &amp; 2"


@given(TITLES)
def test_the_tab_title_is_printed_as_text(title):
    html = render(
        (OVERRIDES / "main.html")
        .read_text(encoding="utf-8")
        .split("{% block htmltitle %}")[1]
        .split("{% endblock %}")[0],
        page=Page(title, {"title": title}),
        config={"site_name": "站名"},
        mkdocs_version="1.6",
    )
    parsed = Text()
    parsed.feed(html)
    parsed.close()
    assert parsed.tags == ["title"] and parsed.text.strip() == f"{title} - 站名".strip()


@given(TITLES)
def test_the_importer_writes_the_title_as_it_is_and_the_page_check_takes_it(title):
    written = front_matter(title=title)
    assert written.startswith("---\n") and written.endswith("\n---\n")
    meta = yaml.safe_load(written[len("---\n") : -len("---\n")])
    assert meta["title"] == " ".join(title.split())
    assert pages.SCHEMA["title"][1](meta["title"]) is None
