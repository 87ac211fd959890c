"""The static page left where a part of an imported speech used to be: trusted only as the project writes it."""

from hypothesis import given
from hypothesis import strategies as st

from speech_study import redirect

SAFE = ["../index.html", "../part-2/index.html", "../../shequ/index.html"]


def test_the_projects_own_redirect_is_recognised():
    for target in SAFE:
        assert redirect.target_of(redirect.page(target, "讲话《A & B》<一>")) == target


def test_another_site_or_an_edited_page_is_not_trusted():
    assert redirect.target_of(redirect.page("https://example.com/", "x")) is None
    assert redirect.target_of(redirect.page("//example.com/index.html", "x")) is None
    assert redirect.target_of(redirect.page("javascript:alert(1)", "x")) is None
    edited = redirect.page("../index.html", "x").replace("<body>", "<body><script>alert(1)</script>")
    assert redirect.target_of(edited) is None


@given(st.text(max_size=60), st.text(max_size=30))
def test_only_relative_addresses_inside_the_site_are_ever_trusted(target, title):
    found = redirect.target_of(redirect.page(target, title))
    assert found is None or (found == target and "://" not in found and not found.startswith("/"))
