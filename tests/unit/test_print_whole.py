"""全文打印版 (render/print_whole.py): the speech pages' own Markdown, without what the site added to them."""

from __future__ import annotations

from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

from speech_study.project import Project
from speech_study.render import print_whole
from speech_study.render.print_whole import _without_site_added


def test_the_whole_speech_leaves_out_the_home_page_s_guide_and_keeps_every_paragraph():
    view = Project.load(ROOT).view("main")
    out = print_whole.render(view)
    assert "本站导读" not in out and "home-guide" not in out and "study:offline-link" not in out
    for part in view.speech.parts:
        assert part.title in out
    opening = view.speech_pages()[0].markdown
    kept = [line for line in opening.splitlines() if line.startswith(("同志们", "基层党组织是", "下面，围绕"))]
    assert len(kept) == 3 and all(line in out for line in kept)


LINES = st.sampled_from(["正文一段。", "", "<p>x</p>", "- 一项", "</span>", "{ .salutation }"])


@given(
    before=st.lists(LINES, max_size=4),
    inside=st.lists(st.sampled_from(["本站导读：", "", "<div>", "</div>", "- [链接](a.md)"]), max_size=6),
    after=st.lists(LINES, max_size=4),
    quote=st.sampled_from(['"', "'"]),
    classes=st.sampled_from(["site-added", "home-guide site-added", "site-added other"]),
)
def test_a_site_added_block_goes_whole_with_the_divs_inside_it_and_nothing_else(before, inside, after, quote, classes):
    # the block's own divs balanced, as a page that builds has them
    depth, body = 0, []
    for line in inside:
        if line == "</div>" and depth == 0:
            continue
        depth += {"<div>": 1, "</div>": -1}.get(line, 0)
        body.append(line)
    body += ["</div>"] * depth
    block = [f"<div class={quote}{classes}{quote} data-search-exclude markdown>", *body, "</div>"]
    text = "\n".join([*before, *block, *after]) + "\n"
    assert _without_site_added(text) == "".join(line + "\n" for line in [*before, *after])


def test_a_div_the_site_did_not_add_stays():
    text = '<div class="speech-quote" markdown>\n原文。\n</div>\n<div class="site-addedx">\n留下。\n</div>\n'
    assert _without_site_added(text) == text
