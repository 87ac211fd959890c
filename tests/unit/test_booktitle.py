"""A speech's title in 书名号 (booktitle.py): one outer pair, a 书名号 inside written 〈〉 (GB/T 15834—2011,
4.15.3), whatever the title holds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from speech_study.booktitle import book_title


def test_the_standards_cases():
    assert book_title("怎么做新时代合格的基层党组织书记") == "《怎么做新时代合格的基层党组织书记》"
    assert book_title("在学习《中国共产党章程》座谈会上的讲话") == "《在学习〈中国共产党章程〉座谈会上的讲话》"
    assert book_title("《社区治理讲话》") == "《社区治理讲话》"  # typed with its 书名号: not twice
    assert book_title("《学习〈党章〉的体会》") == "《学习〈党章〉的体会》"
    assert book_title("《党章》与《准则》学习体会") == "《〈党章〉与〈准则〉学习体会》"
    assert book_title("《党章》学习体会与《准则》") == "《〈党章〉学习体会与〈准则〉》"  # two books, not one pair
    assert book_title("《《党章》学习体会》") == "《〈党章〉学习体会》"


CJK = st.text(st.sampled_from("党章学习讲话《》〈〉 a1、"), max_size=30)


@given(CJK)
def test_one_outer_pair_and_no_double_bracket_inside(title):
    named = book_title(title)
    assert named.startswith("《") and named.endswith("》")
    assert "《" not in named[1:-1] and "》" not in named[1:-1]
    # nothing but the brackets changes: the title's other characters stay, in order
    kept = [c for c in title.strip() if c not in "《》〈〉"]
    assert [c for c in named if c not in "《》〈〉"] == kept


@given(CJK)
def test_naming_a_named_title_again_changes_nothing(title):
    assert book_title(book_title(title)) == book_title(title)
