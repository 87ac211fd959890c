"""Fuzzing the importer: 1,200 generated malformed .txt and .docx files, each imported as the maintainer would.

Hypothesis makes the inputs: raw bytes, the test speech damaged (bytes put in,
cut out, lines replaced by any Unicode, another encoding), its .docx with the
XML damaged, and its zip damaged (flags, methods, declared sizes, members
dropped or renamed, bytes flipped, cut short). Each runs through
scripts/import_speech.py's main() in this process and must end with exit 0,
or exit 1 and one line in Chinese on stderr — never an exception — and a
refusal must leave the project exactly as it was. Time-boxed: a fixed number
of examples (derandomized, so CI sees the same ones), about 30 s here.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
import shutil
import zlib
from functools import cache
from pathlib import Path

import pytest
import speechfiles
import zipparts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitetext import ROOT

from speech_study import kit
from speech_study.importer import transaction

FUZZ = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
CJK = re.compile(r"[\u3400-\u9fff]")


@cache
def script():
    spec = importlib.util.spec_from_file_location("import_speech", ROOT / "scripts" / "import_speech.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def docx_members() -> tuple[zipparts.Member, ...]:
    folder = Path(__import__("tempfile").mkdtemp(prefix="fuzz-docx-"))
    try:
        return tuple(zipparts.docx_members(folder))
    finally:
        shutil.rmtree(folder)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


class Importer:
    """A small project (docs/index.md and the study pages' templates) that every example imports into, put back
    after each success."""

    def __init__(self, folder: Path) -> None:
        self.root = folder / "project"
        (self.root / "docs").mkdir(parents=True)
        (self.root / "docs/index.md").write_text("# 首页\n", encoding="utf-8")
        for page in kit.STUDY_PAGES:  # every speech's study pages are made from the site's own (one kit)
            shutil.copy(ROOT / "docs" / page.file, self.root / "docs" / page.file)
        self.source = folder / "in"
        self.source.mkdir()
        self.baseline = snapshot(self.root)
        self.count = 0
        self.accepted = 0

    def check(self, name: str, data: bytes, slug: str | None) -> None:
        path = self.source / name
        path.write_bytes(data)
        args = [str(path), "--root", str(self.root), "--quiet"] + (["--slug", slug] if slug else [])
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = script().main(args)  # any exception fails the test here: a traceback for the maintainer
        self.count += 1
        message = err.getvalue()
        if code == 0:
            self.accepted += 1
            assert message == "", message
            for item in ("docs/library.md",):
                (self.root / item).unlink(missing_ok=True)
            for folder in ("docs", "speeches"):
                for child in (self.root / folder).iterdir():
                    if child.is_dir():
                        shutil.rmtree(child)
            shutil.rmtree(self.root / transaction.FOLDER, ignore_errors=True)
        else:
            assert code == 1
            lines = message.splitlines()
            assert len(lines) == 1 and message.endswith("\n"), message[:2000]
            assert lines[0].startswith("错误：") and CJK.search(lines[0][3:]), lines[0]
            assert len(lines[0]) < 1000, len(lines[0])
        if (self.root / transaction.FOLDER).is_dir():  # the lock's folder may stay, empty
            assert not any((self.root / transaction.FOLDER).iterdir())
            (self.root / transaction.FOLDER).rmdir()
        assert snapshot(self.root) == self.baseline


@pytest.fixture
def importer(tmp_path) -> Importer:
    return Importer(tmp_path)


slugs = st.sampled_from([None, "fz", "fz-2024"])
any_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200)


@st.composite
def damaged_bytes(draw, data: bytes) -> bytes:
    """`data` with pieces cut out, bytes put in and bytes changed, a few times over."""
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "truncate", "flip"]))
        if kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=40))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 200))]
        elif kind == "replace":
            data[at : at + 1] = bytes([draw(st.integers(0, 255))])
        elif kind == "truncate":
            del data[at:]
        elif at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
    return bytes(data)


@st.composite
def damaged_text(draw) -> bytes:
    """The speech with lines replaced by any Unicode (controls, separators, private use…), in some encoding."""
    lines = speechfiles.TEXT.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        new = draw(any_text)
        lines[at] = draw(st.sampled_from([new, lines[at] + new, new + lines[at], ""]))
    text = "\n".join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):  # a line of another encoding pasted in
        other = draw(st.sampled_from(["utf-8", "gbk", "utf-16-le", "latin-1"]))
        pieces = data.split(b"\n")
        at = draw(st.integers(0, len(pieces) - 1))
        pieces[at] = draw(any_text).encode(other, errors="replace")
        data = b"\n".join(pieces)
    return data


@pytest.mark.slow  # ~5 s of CPU each: in the full suite, not the fast tier
def test_txt_files_of_any_bytes(importer):
    @FUZZ
    @given(st.one_of(st.binary(max_size=3000), damaged_bytes(speechfiles.TEXT.encode())), slugs)
    def run(data, slug):
        importer.check("s.txt", data, slug)

    run()
    assert importer.count >= 300


@pytest.mark.slow  # ~5 s of CPU each: in the full suite, not the fast tier
def test_txt_files_of_damaged_text(importer):
    @FUZZ
    @given(damaged_text(), slugs)
    def run(data, slug):
        importer.check("s.txt", data, slug)

    run()
    assert importer.count >= 300 and importer.accepted > 0  # some damage leaves a speech that imports


@st.composite
def damaged_xml(draw) -> bytes:
    members = list(docx_members())
    index = draw(st.integers(0, len(members) - 1))
    if draw(st.booleans()):
        index = next(i for i, m in enumerate(members) if m.name == "word/document.xml")
    member = members[index]
    raw = zlib.decompress(member.data, -15)
    kind = draw(st.sampled_from(["bytes", "text"]))
    if kind == "bytes":
        raw = draw(damaged_bytes(raw))
    else:  # any Unicode put into a run's text, escaped as XML would need it (controls stay: XML 1.0 refuses them)
        text = draw(any_text).replace("&", "&amp;").replace("<", "&lt;")
        raw = raw.replace(b"<w:t>", b"<w:t>" + text.encode("utf-8"), 1)
    members[index] = zipparts.deflated(raw, member.name)
    out = io.BytesIO()
    zipparts.write_to(out, members)
    return out.getvalue()


@st.composite
def damaged_zip(draw) -> bytes:
    members = list(docx_members())
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(members) - 1))
        m = members[index]
        kind = draw(st.sampled_from(["flags", "method", "size", "crc", "drop", "rename", "stored"]))
        if kind == "flags":
            m = zipparts.Member(m.name, m.data, m.size, m.crc, m.method, draw(st.integers(0, 0xFFFF)))
        elif kind == "method":
            m = zipparts.Member(m.name, m.data, m.size, m.crc, draw(st.sampled_from([0, 1, 9, 12, 14, 93, 99])))
        elif kind == "size":
            m = zipparts.Member(m.name, m.data, draw(st.integers(0, 2**32 - 1)), m.crc, m.method)
        elif kind == "crc":
            m = zipparts.Member(m.name, m.data, m.size, draw(st.integers(0, 2**32 - 1)), m.method)
        elif kind == "rename":
            m = zipparts.Member(draw(st.text(min_size=1, max_size=30)), m.data, m.size, m.crc, m.method)
        elif kind == "stored" and m.method == 8:
            raw = zlib.decompress(m.data, -15)
            m = zipparts.Member(m.name, raw, len(raw), zlib.crc32(raw), 0)
        if kind == "drop":
            del members[index]
            if not members:
                break
        else:
            members[index] = m
    out = io.BytesIO()
    zipparts.write_to(out, members)
    data = out.getvalue()
    return draw(damaged_bytes(data)) if draw(st.booleans()) else data


@pytest.mark.slow  # ~5 s of CPU each: in the full suite, not the fast tier
def test_docx_files_with_damaged_xml(importer):
    @FUZZ
    @given(damaged_xml(), slugs)
    def run(data, slug):
        importer.check("s.docx", data, slug)

    run()
    assert importer.count >= 300 and importer.accepted > 0


@pytest.mark.slow  # ~5 s of CPU each: in the full suite, not the fast tier
def test_docx_files_with_a_damaged_zip(importer):
    @FUZZ
    @given(st.one_of(damaged_zip(), st.binary(max_size=2000).map(lambda b: b"PK\x03\x04" + b)), slugs)
    def run(data, slug):
        importer.check("s.docx", data, slug)

    run()
    assert importer.count >= 300
