"""A speech as received: a .txt file (UTF-8, GB18030/GBK, UTF-16) or a Word .docx, as text.

The text is what a reader of the file sees: for .docx, tracked deletions
(w:del, w:moveFrom) are left out and insertions (w:ins, w:moveTo) kept, one
line per paragraph. What is not running text — tables, images, comments,
footnotes and endnotes — is not put into the speech but listed, with its
place and size, so nothing is dropped without a word. Every problem is one
ContentError naming the file, the line and what is wrong.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
UNSUPPORTED = {
    ".doc": "an old Word .doc file; open it in Word or WPS and save it as .docx (or as .txt, UTF-8)",
    ".pdf": "a PDF; its text has no reliable paragraphs: import the Word or text file it was made from",
    ".wps": "a WPS file; save it as .docx (or as .txt, UTF-8)",
    ".rtf": "an RTF file; save it as .docx (or as .txt, UTF-8)",
}


@dataclass
class Extra:
    """Something in a .docx that is not running text: reported, never silently dropped."""

    kind: str  # 表格, 图片, 批注, 脚注, 尾注
    line: int  # the text line it stands at or after (1-based; 0: before the text)
    size: str  # e.g. "2 行 × 3 列，共 41 字"
    text: str = ""  # its own text, shortened


@dataclass
class Received:
    name: str  # as given on the command line, for messages
    text: str
    encoding: str  # how it was read, for the report
    extras: list[Extra] = field(default_factory=list)
    inserted: int = 0  # tracked insertions kept
    deleted: int = 0  # tracked deletions left out
    deleted_chars: int = 0


def read(path: Path, name: str | None = None) -> Received:
    name = name or str(path)
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED:
        raise ContentError(f"{name}, line 1", f"this is {UNSUPPORTED[suffix]}")
    if not path.is_file():
        raise ContentError(name, "file not found")
    if suffix == ".docx":
        return read_docx(path, name)
    if suffix not in (".txt", ".text", ""):
        raise ContentError(f"{name}, line 1", f"unknown kind of file '{suffix}': import a .txt or .docx file")
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04":
        raise ContentError(f"{name}, line 1", "this is a zip or Word file, not text: name it .docx")
    text, encoding = decode(data, name)
    if not text.strip():
        raise ContentError(f"{name}, line 1", "the file is empty")
    return Received(name, text, encoding)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and the encoding it was in: UTF-8 (with or without BOM), UTF-16 with BOM, GBK or GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        data, bom = data[3:], True
    else:
        bom = False
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise ContentError(f"{name}, line {_line(data, exc.start)}", "not valid UTF-16 text") from None
    try:
        return data.decode("utf-8"), "UTF-8 (BOM)" if bom else "UTF-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ContentError(f"{name}, line {_line(data, nul)}", "binary data, not text")
    for encoding in ("gbk", "gb18030"):
        try:
            return data.decode(encoding), encoding.upper()
        except UnicodeDecodeError:
            continue
    raise ContentError(
        f"{name}, line {_line(data, utf8_error.start)}",
        "the text is neither UTF-8 nor GBK/GB18030; save it as UTF-8 and import it again",
    )


def _line(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


# --- .docx ---------------------------------------------------------------------------------------


class _Walk:
    """The text of WordprocessingML elements as a reader sees it, counting what is not text."""

    def __init__(self, received: Received) -> None:
        self.r = received
        self.images = 0
        self.footnotes: list[str] = []  # ids referenced, in order
        self.endnotes: list[str] = []
        self.comments: list[str] = []

    def text(self, el, deleted: bool = False) -> str:
        out: list[str] = []
        self._walk(el, out, deleted)
        return "".join(out)

    def _walk(self, el, out: list[str], deleted: bool) -> None:
        tag = el.tag
        if tag in (W + "pPr", W + "rPr", W + "instrText", W + "tblPr", W + "trPr", W + "tcPr"):
            return  # properties (their w:tab are tab stops), field codes
        if tag in (W + "del", W + "moveFrom"):
            if not deleted:
                self.r.deleted += 1
            deleted = True
        elif tag in (W + "ins", W + "moveTo") and not deleted:
            self.r.inserted += 1
        if tag == W + "t" and not deleted:
            out.append(el.text or "")
        elif tag == W + "delText":
            self.r.deleted_chars += len(el.text or "")
        elif deleted:
            pass
        elif tag == W + "tab":
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag in (W + "drawing", W + "pict", W + "object"):
            self.images += 1
            return
        elif tag == W + "footnoteReference":
            self.footnotes.append(el.get(W + "id"))
        elif tag == W + "endnoteReference":
            self.endnotes.append(el.get(W + "id"))
        elif tag == W + "commentReference":
            self.comments.append(el.get(W + "id"))
        for child in el:
            self._walk(child, out, deleted)


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _notes(document, partname: str, tag: str, walk: _Walk) -> dict[str, str]:
    """id -> text of the footnotes, endnotes or comments part."""
    from lxml import etree

    for part in document.part.package.iter_parts():
        if str(part.partname) == partname:
            root = etree.fromstring(part.blob)
            return {
                n.get(W + "id"): walk.text(n).strip()
                for n in root.iter(W + tag)
                if n.get(W + "type") not in ("separator", "continuationSeparator", "continuationNotice")
            }
    return {}


def read_docx(path: Path, name: str) -> Received:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - pinned in pyproject.toml
        raise ContentError(name, "python-docx is not installed: run scripts/test.sh or pip install -e .") from None
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise ContentError(f"{name}, line 1", "not a Word .docx file (it cannot be opened as one)") from None
    received = Received(name, "", "Word .docx")
    walk = _Walk(received)
    lines: list[str] = []

    def block(el) -> None:
        if el.tag == W + "p":
            before = walk.images
            lines.extend(walk.text(el).split("\n"))
            for _ in range(walk.images - before):
                received.extras.append(Extra("图片", len(lines), "1 幅"))
        elif el.tag == W + "tbl":
            rows = el.findall(W + "tr")
            cells = [c for row in rows for c in row.findall(W + "tc")]
            text = "".join(walk.text(c) for c in cells)
            columns = max((len(row.findall(W + "tc")) for row in rows), default=0)
            size = f"{len(rows)} 行 × {columns} 列，共 {len(text)} 字"
            received.extras.append(Extra("表格", len(lines), size, _short(text)))
        elif el.tag == W + "sdt":
            for child in el.iter(W + "sdtContent"):
                for inner in child:
                    block(inner)

    for el in document.element.body.iterchildren():
        block(el)
    received.text = "\n".join(lines) + "\n"
    for kind, part, tag, ids in (
        ("脚注", "/word/footnotes.xml", "footnote", walk.footnotes),
        ("尾注", "/word/endnotes.xml", "endnote", walk.endnotes),
        ("批注", "/word/comments.xml", "comment", walk.comments),
    ):
        notes = _notes(document, part, tag, _Walk(Received(name, "", "")))
        for note_id, text in notes.items():
            if kind != "批注" and note_id not in ids:
                continue
            line = _line_of_reference(document, tag, note_id, lines)
            received.extras.append(Extra(kind, line, f"{len(text)} 字", _short(text)))
    received.extras.sort(key=lambda e: e.line)
    if not received.text.strip():
        raise ContentError(f"{name}, line 1", "the document has no text")
    return received


def _line_of_reference(document, tag: str, note_id: str, lines: list[str]) -> int:
    """The text line holding the reference to a note (0 when not found)."""
    reference = {"footnote": "footnoteReference", "endnote": "endnoteReference", "comment": "commentReference"}[tag]
    count = 0
    for el in document.element.body.iterchildren():
        if el.tag != W + "p":
            continue
        count += 1
        for ref in el.iter(W + reference):
            if ref.get(W + "id") == note_id:
                return count
    return 0
