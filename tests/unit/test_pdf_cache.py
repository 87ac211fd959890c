"""The build cache's PDFs (postbuild/pdf_export.py): stored with the digests of every file of the site their print
requested, and taken only while each of those files is the same; a print that requested anything outside the
site is not stored; the fonts on the machine are part of the key."""

from __future__ import annotations

import hashlib
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from speech_study.postbuild import pdf_export

BASE = "http://127.0.0.1:8000/"


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "part-1").mkdir(parents=True)
    (site / "part-1" / "index.html").write_text("<p>一</p>", encoding="utf-8")
    (site / "assets").mkdir()
    (site / "assets" / "reading.js").write_text("void 0", encoding="utf-8")
    (site / "assets" / "字体 1.woff2").write_bytes(b"font")
    return site


def test_the_files_a_print_requested_are_named_as_the_server_answers_them(tmp_path):
    site = _site(tmp_path)
    requested = [
        BASE + "part-1/",
        BASE + "assets/reading.js?v=3",
        BASE + "assets/%E5%AD%97%E4%BD%93%201.woff2#x",
        BASE + "gone.css",
        "data:image/png;base64,AAAA",
    ]
    files = pdf_export.read_files(requested, BASE, site)
    sha = hashlib.sha256
    assert files == {
        "part-1/": sha(b"<p>\xe4\xb8\x80</p>").hexdigest(),
        "assets/reading.js": sha(b"void 0").hexdigest(),
        "assets/字体 1.woff2": sha(b"font").hexdigest(),
        "gone.css": None,
    }


def test_a_path_is_read_as_the_local_server_reads_it_never_outside_the_site(tmp_path):
    site = _site(tmp_path)
    (tmp_path / "secret.txt").write_text("外面", encoding="utf-8")
    requested = [BASE + "part-1/%2E%2E%2F..%2Fsecret.txt", BASE + "assets//./reading.js", BASE + "..%2F..%2F"]
    files = pdf_export.read_files(requested, BASE, site)
    assert files == {
        "part-1/secret.txt": None,
        "assets/reading.js": hashlib.sha256(b"void 0").hexdigest(),
        "": None,
    }


def test_a_print_that_requested_anything_outside_the_site_is_not_stored(tmp_path):
    site = _site(tmp_path)
    assert pdf_export.read_files([BASE + "part-1/", "https://cdn.example.org/x.js"], BASE, site) is None
    assert pdf_export.read_files([BASE + "part-1/", "http://127.0.0.1:9999/x.js"], BASE, site) is None


def test_a_stored_pdf_is_taken_only_while_every_file_it_was_printed_from_is_the_same(tmp_path):
    site = _site(tmp_path)
    files = pdf_export.read_files([BASE + "part-1/", BASE + "assets/reading.js", BASE + "gone.css"], BASE, site)
    assert files is not None
    data = pdf_export.stored(files, b"%PDF-1.4 ...")
    assert pdf_export.still_valid(data, site) == b"%PDF-1.4 ..."
    (site / "unrelated.txt").write_text("别的文件", encoding="utf-8")  # not requested: no change
    assert pdf_export.still_valid(data, site) == b"%PDF-1.4 ..."
    (site / "assets" / "reading.js").write_text("void 1", encoding="utf-8")  # changed
    assert pdf_export.still_valid(data, site) is None
    (site / "assets" / "reading.js").write_text("void 0", encoding="utf-8")
    (site / "gone.css").write_text("p{}", encoding="utf-8")  # missing then, there now
    assert pdf_export.still_valid(data, site) is None
    (site / "gone.css").unlink()
    (site / "part-1" / "index.html").unlink()  # there then, missing now
    assert pdf_export.still_valid(data, site) is None


@given(st.binary(max_size=64))
def test_a_damaged_entry_is_never_taken_as_a_pdf_unless_its_files_read_back(data):
    site = Path("/nonexistent-site")
    pdf = pdf_export.still_valid(data, site)
    # whatever bytes: either no PDF, or a header of files that all match (none here exist: only an empty list)
    assert pdf is None or pdf_export.still_valid(pdf_export.stored({}, pdf), site) == pdf


def test_the_fonts_on_the_machine_are_part_of_the_key(tmp_path):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "a.ttf").write_bytes(b"a")
    before = pdf_export.system_fonts([str(fonts)])
    assert pdf_export.system_fonts([str(fonts)]) == before
    (fonts / "sub").mkdir()
    (fonts / "sub" / "b.otf").write_bytes(b"b")  # a font added
    added = pdf_export.system_fonts([str(fonts)])
    assert added != before
    (fonts / "sub" / "b.otf").write_bytes(b"bb")  # a font updated
    assert pdf_export.system_fonts([str(fonts)]) != added
    assert pdf_export.system_fonts([str(tmp_path / "none")]) != before  # no fonts at all


SITE_URL = "https://example.org/xuexi/"
LINKS = {"": SITE_URL, "part-1/": SITE_URL + "part-1/", "part-1.html": SITE_URL + "part-1/"}


def test_a_link_leads_to_the_public_address_of_its_page_or_file():
    public = pdf_export.public
    assert public("part-1/#daitouren", LINKS, SITE_URL) == SITE_URL + "part-1/#daitouren"
    assert public("part-1.html#x", LINKS, SITE_URL) == SITE_URL + "part-1/#x"  # an offline build's page
    assert public("", LINKS, SITE_URL) == SITE_URL
    assert public("#top", LINKS, SITE_URL) == SITE_URL + "#top"
    assert public("docx/speech.docx?v=1#p", LINKS, "https://example.org/xuexi") == SITE_URL + "docx/speech.docx?v=1#p"


def test_a_stored_pdf_is_not_taken_once_a_link_would_lead_elsewhere(tmp_path):
    site = _site(tmp_path)
    addresses = {"part-1/#a": SITE_URL + "part-1/#a", "pdf/x.pdf": SITE_URL + "pdf/x.pdf"}
    data = pdf_export.stored({}, b"%PDF", addresses)
    assert pdf_export.still_valid(data, site, LINKS, SITE_URL) == b"%PDF"
    assert pdf_export.still_valid(data, site, LINKS, "https://example.org/other/") is None  # another site_url
    moved = {**LINKS, "part-1/": SITE_URL + "moved/"}
    assert pdf_export.still_valid(data, site, moved, SITE_URL) is None
    assert pdf_export.still_valid(pdf_export.stored({}, b"%PDF"), site) == b"%PDF"  # no links: nothing to compare


def test_a_links_file_that_cannot_be_used_is_one_line_naming_it(tmp_path):
    good = tmp_path / "links.json"
    good.write_text('{"part-1/": "https://example.org/xuexi/part-1/"}', encoding="utf-8")
    assert pdf_export.read_links(str(good)) == {"part-1/": "https://example.org/xuexi/part-1/"}
    cases = {
        "gone.json": None,
        "bad.json": b"{part-1",
        "gbk.json": '{"页": "地址"}'.encode("gbk"),
        "list.json": b'["part-1/"]',
        "number.json": b'{"part-1/": 1}',
    }
    for name, data in cases.items():
        if data is not None:
            (tmp_path / name).write_bytes(data)
        said = pdf_export.read_links(str(tmp_path / name))
        assert isinstance(said, str) and said.startswith(f"{tmp_path / name}：") and "\n" not in said, said
