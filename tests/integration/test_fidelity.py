"""Every sentence of the speech is on the site, unchanged, once, in reading order."""

from __future__ import annotations

import pytest
from sitetext import article_text, html_path, sentences, speech_docs, speech_text


def first_difference(expected: list[str], actual: list[str]) -> str | None:
    for i, want in enumerate(expected):
        got = actual[i] if i < len(actual) else "(nothing: the site's text ends here)"
        if want != got:
            return f"sentence {i + 1} of the source is missing or altered.\n  source: {want}\n  site:   {got}"
    if len(actual) > len(expected):
        return f"the site has text the source does not: {actual[len(expected)]}"
    return None


def site_speech_text(site) -> str:
    return "".join(article_text(html_path(site, doc).read_text(encoding="utf-8")) for doc in speech_docs())


def test_site_text_matches_source_sentence_by_sentence(site):
    problem = first_difference(sentences(speech_text()), sentences(site_speech_text(site)))
    assert problem is None, problem


def test_the_check_names_an_altered_sentence():
    source = sentences(speech_text())
    altered = list(source)
    altered[40] = altered[40].replace("的", "地", 1)
    problem = first_difference(source, altered)
    assert problem and "sentence 41" in problem and source[40] in problem


def test_sentences_split_at_sentence_ends():
    parts = sentences(speech_text())
    assert len(parts) > 80
    assert parts[-1].endswith("新篇章！")
    assert all(p.strip() for p in parts)


@pytest.mark.slow
def test_every_build_checks_fidelity_and_names_the_file(tmp_path):
    from conftest import copy_project, mkdocs_build_in_process

    project = copy_project(tmp_path / "project")
    part = project / "docs" / "part-2-cadre-team.md"
    part.write_text(part.read_text(encoding="utf-8").replace("为政之要", "为政之道", 1), encoding="utf-8")
    result = mkdocs_build_in_process(project, tmp_path / "out", env={"PDF_EXPORT": "false"})
    assert result.returncode != 0
    line = next(x for x in result.stderr.splitlines() if "ERROR" in x)
    assert "docs/part-2-cadre-team.md：source/speech.txt的第" in line and "被改动了。" in line and "为政之道" in line
