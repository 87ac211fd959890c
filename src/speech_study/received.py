"""A speech as received: a .txt file (UTF-8, GB18030/GBK, UTF-16) or a Word .docx, as text.

The text is what a reader of the file sees: for .docx, tracked deletions
(w:del, w:moveFrom) are left out and insertions (w:ins, w:moveTo) kept, one
line per paragraph. What is not running text — tables, images, comments,
footnotes and endnotes — is not put into the speech but listed, with its
place and size, so nothing is dropped without a word. Every problem is one
ContentError, in Chinese, naming the file, the line and what is wrong.

Nothing in a received file is trusted. Limits (LIMITS) bound the file, the
text, each line, and for a .docx the number of members, the sizes the zip
declares and the bytes actually inflated (counted while streaming: declared
sizes can lie), so a zip bomb is refused in well under a second without the
memory growing. The XML is parsed by lxml with no DTD, no entity and no
network: a DOCTYPE is refused. Only the parts holding text are inflated
(never the pictures). Characters outside the allow-list of characters.py are
refused with their line and column.
"""

from __future__ import annotations

import errno
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from . import characters
from .errors import ContentError, clip
from .speech import LENIENT_PARTS, LENIENT_SECTIONS
from .wordnumbers import Numbering, UnknownFormat

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships/"
WEB_PAGE = (
    "网页文件：请在浏览器里打开它，选中讲话的正文复制，粘贴到记事本里另存为 .txt（编码选 UTF-8），"
    "或粘贴到 Word 里另存为 .docx 后再导入"
)
RTF = "RTF 文件：请另存为 .docx（或 UTF-8 编码的 .txt）后再导入"
UNSUPPORTED = {
    ".doc": "旧版 Word 的 .doc 文件：请在 Word 或 WPS 中打开，另存为 .docx（或 UTF-8 编码的 .txt）后再导入",
    ".pdf": "PDF 文件：其中的文字没有可靠的分段，请导入生成它的 Word 或文本文件",
    ".wps": "WPS 文件：请另存为 .docx（或 UTF-8 编码的 .txt）后再导入",
    ".rtf": RTF,
    ".odt": "OpenDocument 文字文件（.odt）：请在 WPS 或 Word 中打开，另存为 .docx 后再导入",
    ".htm": WEB_PAGE,
    ".html": WEB_PAGE,
    ".mht": WEB_PAGE,
    ".mhtml": WEB_PAGE,
    ".md": "Markdown 文件：讲话请导入纯文本，把文件的扩展名改为 .txt（其中的 #、* 等标记会照原样成为讲话的文字）",
}
BROKEN_XML = "XML 格式错误：这个 .docx 已损坏，请在 Word 中打开并重新保存"
NO_DOCTYPE = "含有文档类型声明（DOCTYPE）：Word 从不写它，这个文件不是 Word 保存的，不予读取"
DOCTYPES = tuple("<!DOCTYPE".encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be"))
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound-file signature: .doc, or a .docx with a password


@dataclass(frozen=True)
class Limits:
    """How much a received file may hold. A speech is some tens of thousands of characters; these allow books."""

    file_bytes: int = 64 * 2**20  # the file as received (a .docx with pictures included)
    text_chars: int = 20_000_000  # the text read from it
    line_chars: int = 100_000  # one line (a paragraph)
    docx_members: int = 2000  # files inside a .docx (a long document with pictures has a few hundred)
    docx_central_bytes: int = 2 * 2**20  # the zip's table of contents
    docx_inflated_bytes: int = 512 * 2**20  # all members, as the zip declares them
    docx_part_bytes: int = 48 * 2**20  # one XML part, inflated (counted while inflating)


LIMITS = Limits()


@dataclass
class Extra:
    """Something in a .docx that is not running text: reported, never silently dropped."""

    kind: str  # 表格, 图片, 批注, 脚注, 尾注
    line: int  # the text line it stands at or after (1-based; 0: before the text)
    size: str  # e.g. "2行 × 3列，共41字"
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
    hidden_chars: int = 0  # hidden text (w:vanish) left out: the reader does not see it
    joined: list[tuple[int, str]] = field(default_factory=list)  # (line, heading): one folded with Shift+Enter


def at(name: str, line: int | None = None, column: int | None = None) -> str:
    """Where in the received file: `讲话.txt，第3行第5列`."""
    return name + (f"，第{line}行" if line else "") + (f"第{column}列" if line and column else "")


def read(path: Path, name: str | None = None, limits: Limits = LIMITS) -> Received:
    name = name or str(path)
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED:
        raise ContentError(name, f"这是{UNSUPPORTED[suffix]}")
    if suffix not in (".docx", ".txt", ".text", ""):
        raise ContentError(name, f"不认识的文件类型“{clip(suffix, 20)}”：请导入 .txt 或 .docx 文件")
    data = read_bytes(path, name, limits.file_bytes)
    if suffix == ".docx":
        received = read_docx(data, name, limits)
    else:
        if data[:4] == b"PK\x03\x04":
            raise ContentError(
                name, "这是 zip 压缩包或 Word 文件，不是文本文件：如果是 Word 文件，请把扩展名改为 .docx"
            )
        if data[:8] == OLE:
            raise ContentError(name, "这是旧版 Word（.doc）或加了密码的 Office 文件，不是文本文件")
        text, encoding = decode(data, name)
        head = text.lstrip("\ufeff \t\r\n")[:20].lower()
        if head.startswith(("<!doctype html", "<html", "<?xml")):  # a page saved from the browser, renamed
            raise ContentError(name, "这是" + (WEB_PAGE if "html" in head else "XML 文件，不是讲话的文本"))
        if head.startswith("{\\rtf"):
            raise ContentError(name, "这是" + RTF)
        if "\r" in text and "\n" not in text:  # line ends written as a carriage return alone (an old Mac's)
            text = text.replace("\r", "\n")
        received = Received(name, text, encoding)
    check_text(received.text, name, limits)
    return received


def read_bytes(path: Path, name: str, limit: int) -> bytes:
    """The file's bytes, never more than `limit` read (the size a stat reports is not trusted)."""
    try:
        if not path.is_file():
            raise ContentError(name, "找不到这个文件" if not path.exists() else "这不是一个普通文件")
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise ContentError(name, f"无法读取这个文件（{os_reason(exc)}）") from None
    if len(data) > limit:
        raise ContentError(name, f"文件超过{limit // 2**20} MB 的上限，不像一篇讲话；请确认选对了文件")
    return data


def os_reason(exc: OSError) -> str:
    """An operating-system error in Chinese, with its own words after it."""
    reasons = {
        errno.ENOENT: "不存在",
        errno.EACCES: "没有权限",
        errno.EPERM: "没有权限",
        errno.EISDIR: "这是一个文件夹",
        errno.ENOSPC: "磁盘已满",
        errno.EROFS: "磁盘只读",
        errno.ENAMETOOLONG: "名字太长",
        errno.EIO: "读写出错",
    }
    reason = reasons.get(exc.errno or 0, "系统报错")
    return f"{reason}：{clip(exc.strerror or str(exc), 60)}" if exc.strerror else reason


def check_text(text: str, name: str, limits: Limits = LIMITS) -> None:
    """The text's limits and characters: the length, each line's length, the allow-list of characters."""
    if not text.strip():
        raise ContentError(at(name, 1), "文件是空的" if not text else "文件里没有文字")
    if len(text) > limits.text_chars:
        raise ContentError(name, f"文字超过{limits.text_chars:,}字的上限，不像一篇讲话；请确认选对了文件")
    if len(text) > limits.line_chars:  # only a long text can hold a long line
        for number, line in enumerate(text.split("\n"), start=1):
            if len(line) > limits.line_chars:
                raise ContentError(
                    at(name, number),
                    f"这一行有{len(line):,}字，超过每行（每段）{limits.line_chars:,}字的上限；请检查是否缺少换行",
                )
    characters.check(text, name)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and the encoding it was in: UTF-8 (with or without BOM), UTF-16 with BOM, GBK or GB18030.

    One encoding for the whole file: a line in another encoding (a GBK file
    with a line pasted in as UTF-8, or the reverse) is refused at that line,
    never read as mojibake.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data, bom = data[3:], True
    else:
        bom = False
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        try:
            return data.decode("utf-32"), "UTF-32"
        except UnicodeDecodeError:
            raise ContentError(name, "这个 UTF-32 文件有无效的字节：请把文件另存为 UTF-8 后再导入") from None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            line = data[: exc.start - exc.start % 2].decode("utf-16", "replace").count("\n") + 1
            raise ContentError(at(name, line), "这一行不是有效的 UTF-16 文字；请把文件另存为 UTF-8 后再导入") from None
    try:
        return data.decode("utf-8"), "UTF-8（带 BOM）" if bom else "UTF-8"
    except UnicodeDecodeError:
        pass
    nul = data.find(b"\x00")
    utf16 = _utf16_without_bom(data) if nul >= 0 else None
    if utf16 is not None:
        return utf16
    if nul >= 0:
        raise ContentError(at(name, _line(data, nul)), "有空字节：这不是文本文件（或是没有 BOM 的 UTF-16 文件）")
    lines = data.split(b"\n")
    utf8 = [_utf8(line) for line in lines]  # True: valid UTF-8 with non-ASCII; False: not UTF-8; None: ASCII only
    mostly_utf8 = bom or utf8.count(True) > utf8.count(False)
    if mostly_utf8:
        number = utf8.index(False) + 1
        raise ContentError(
            at(name, number),
            "这一行不是 UTF-8 编码，而文件的其余部分是 UTF-8：整个文件须是同一种编码；"
            "请检查这一行（可能是从别处粘贴的），把文件另存为 UTF-8 后再导入",
        )
    for encoding in ("gbk", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            failed = exc.start
            continue
        if PRIVATE_USE.search(text) and _big5(data):  # read as GBK, Big5 is a jumble with private-use characters
            raise ContentError(name, BIG5)
        # a line that reads as UTF-8 is one: GBK text is valid UTF-8 by chance only in runs of a character or
        # two (none of the 14,400 lines of the benchmark's newspaper text is); a Latin line pasted in as UTF-8
        # (“Café — 2024”) reads as GBK without an error, as mojibake (Caf茅 鈥?), and is refused here too
        mixed = next((n for n, line in enumerate(lines, 1) if utf8[n - 1]), None)
        if mixed:
            pasted = lines[mixed - 1]
            shown = "" if _looks_utf8_chinese(pasted) else f"（读作 UTF-8 是“{_shown(pasted)}”）"
            raise ContentError(
                at(name, mixed),
                f"这一行是 UTF-8 编码{shown}，而文件的其余部分是 {encoding.upper()}：整个文件须是同一种编码；"
                "请把文件另存为 UTF-8 后再导入",
            )
        return text, encoding.upper()
    if _big5(data):
        raise ContentError(name, BIG5)
    number = _line(data, failed)
    what = (
        "这一行是 UTF-8 编码，而文件的其余部分是 GBK/GB18030"
        if utf8[number - 1]
        else "这一行既不是 UTF-8 也不是 GBK/GB18030 编码"
    )
    raise ContentError(at(name, number), f"{what}：请把文件另存为 UTF-8 后再导入")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 written without its BOM (some programs' “Unicode” text): the byte order the line ends and Latin
    characters tell (their zero byte second: little-endian), read only if the whole file reads so, with no NUL."""
    if len(data) % 2:
        return None
    odd, even = data[1::2].count(0), data[0::2].count(0)
    if odd == even:
        return None
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if "\x00" in text:
        return None
    return text, "UTF-16（无 BOM）"


PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
BIG5 = "这个文件像是繁体中文的 Big5 编码（台湾、香港常用）：请用记事本打开，另存为 UTF-8 编码后再导入"


def _big5(data: bytes) -> bool:
    """Whether `data` reads as Big5 (Windows' code page 950): Chinese characters, none of them private-use."""
    try:
        text = data.decode("cp950")
    except UnicodeDecodeError:
        return False
    return not PRIVATE_USE.search(text) and any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _utf8(line: bytes) -> bool | None:
    if line.isascii():
        return None
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _looks_utf8_chinese(line: bytes) -> bool:
    """A line of a GBK file that is UTF-8 Chinese: valid UTF-8 holding Han characters or Chinese punctuation.

    GBK text is valid UTF-8 by chance only for short runs of some byte pairs,
    which read as Latin, Greek or Cyrillic letters, never as Han characters.
    """
    text = line.decode("utf-8")
    return any("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in text)


def _shown(line: bytes, chars: int = 20) -> str:
    """A line's UTF-8 reading as a message quotes it: its printable characters, at most `chars` of them."""
    text = "".join(ch for ch in line.decode("utf-8") if ch.isprintable()).strip()
    return text if len(text) <= chars else text[:chars] + "……"


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


# --- .docx ---------------------------------------------------------------------------------------


class _Walk:
    """The text of WordprocessingML elements as a reader sees it, counting what is not text."""

    def __init__(self, received: Received) -> None:
        self.r = received
        self.images = 0
        self.boxes: list[str] = []  # each text box's text (a drawing that holds paragraphs), in order
        self.footnotes: list[str] = []  # ids referenced, in order
        self.endnotes: list[str] = []
        self.comments: list[str] = []
        self.symbols: list[str] = []  # each symbol font's character (w:sym), in order

    def text(self, el, deleted: bool = False) -> str:
        out: list[str] = []
        self._walk(el, out, deleted)
        return "".join(out)

    def _walk(self, el, out: list[str], deleted: bool) -> None:
        tag = el.tag
        if tag in (W + "pPr", W + "rPr", W + "instrText", W + "tblPr", W + "trPr", W + "tcPr", W + "rt"):
            return  # properties (their w:tab are tab stops), field codes, a ruby's reading above its characters
        if tag == MC + "AlternateContent":  # one thing in two forms (a drawing, and VML for older Words): the first
            chosen = next((c for c in el if c.tag in (MC + "Choice", MC + "Fallback")), None)
            if chosen is not None:
                for child in chosen:
                    self._walk(child, out, deleted)
            return
        if tag == W + "r" and _hidden(el):
            self.r.hidden_chars += sum(len(t.text or "") for t in el.iter(W + "t"))
            return
        if tag in (W + "drawing", W + "pict", W + "object") and not deleted:
            boxes = [box for box in el.iter(W + "txbxContent")]
            if boxes:  # a text box: its text listed (where it shows on the page is the layout's, not the text's)
                outer = [b for b in boxes if not any(a in boxes for a in b.iterancestors(W + "txbxContent"))]
                self.boxes.append("".join(_Walk(self.r).text(box) for box in outer))
                return
        if tag in (W + "del", W + "moveFrom"):
            if not deleted:
                self.r.deleted += 1
            deleted = True
        elif tag in (W + "ins", W + "moveTo") and not deleted:
            self.r.inserted += 1
        if tag == W + "t" and not deleted:
            # in capitals where the run says so (全部大写, 小型大写字母): as the reader sees it (AI, not ai)
            out.append((el.text or "").upper() if _capitals(el.getparent()) else el.text or "")
        elif tag == W + "delText":
            self.r.deleted_chars += len(el.text or "")
        elif deleted:
            pass
        elif tag == W + "tab":
            out.append("\t")
        elif tag == W + "br" and el.get(W + "type") in ("page", "column"):
            pass  # a page (or column) break: where the page ends, not a line of the text
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "sym":  # a symbol inserted from a symbol font (Wingdings ✓): listed, its character unknown
            self.symbols.append(f"{clip(el.get(W + 'font') or '', 30)} 字体的 {clip(el.get(W + 'char') or '', 8)}")
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


def _capitals(run) -> bool:
    """A run shown in capitals (w:caps or w:smallCaps in its properties, not turned off)."""
    props = run.find(W + "rPr") if run is not None and run.tag == W + "r" else None
    if props is None:
        return False
    return any(
        (flag := props.find(W + tag)) is not None and flag.get(W + "val") not in ("0", "false", "off")
        for tag in ("caps", "smallCaps")
    )


def _hidden(run) -> bool:
    """A run of hidden text (w:vanish in its properties, not turned off)."""
    props = run.find(W + "rPr")
    vanish = props.find(W + "vanish") if props is not None else None
    return vanish is not None and vanish.get(W + "val") not in ("0", "false", "off")


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


class _Package:
    """The parts of a .docx that hold text, read within the limits; nothing else is inflated."""

    def __init__(self, data: bytes, name: str, limits: Limits) -> None:
        self.name, self.limits = name, limits
        if data[:8] == OLE:
            raise ContentError(
                name, "这是加了密码的 Word 文件（或改了扩展名的旧版 .doc）：请在 Word 中取消密码或另存为 .docx 后再导入"
            )
        if data[:2] != b"PK":
            raise ContentError(name, "这不是 Word .docx 文件（无法作为 .docx 打开）")
        self._check_directory(data)
        import io

        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, struct.error):
            raise ContentError(name, "这不是 Word .docx 文件（它的 zip 结构已损坏）") from None
        infos = self.zip.infolist()
        if len(infos) > limits.docx_members:
            raise ContentError(name, f"文件里有{len(infos):,}个部件，超过{limits.docx_members:,}个的上限")
        declared = sum(i.file_size for i in infos)
        if declared > limits.docx_inflated_bytes:
            raise ContentError(
                name,
                f"解压后有{declared // 2**20:,} MB，超过{limits.docx_inflated_bytes // 2**20} MB 的上限"
                "（可能是恶意构造的压缩炸弹）",
            )
        self.members = {}
        for info in infos:
            if info.flag_bits & 0x1:
                raise ContentError(name, "这个 .docx 加了密码：请在 Word 中取消密码后再导入")
            self.members[info.filename] = info

    def _check_directory(self, data: bytes) -> None:
        """The member count and table-of-contents size from the zip's end record, before anything is read."""
        end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65535))
        if end < 0 or len(data) < end + 22:
            raise ContentError(self.name, "这不是 Word .docx 文件（找不到 zip 的目录）")
        _, _, _, _, count, size, _, _ = struct.unpack("<4s4H2LH", data[end : end + 22])
        if count == 0xFFFF or size == 0xFFFFFFFF:  # Zip64: the real numbers are in the Zip64 end record
            locator = data[end - 20 : end]
            if len(locator) == 20 and locator[:4] == b"PK\x06\x07":
                offset = struct.unpack("<Q", locator[8:16])[0]
                record = data[offset : offset + 56]
                if len(record) == 56 and record[:4] == b"PK\x06\x06":
                    count, size = struct.unpack("<QQ", record[32:48])
        if count > self.limits.docx_members:
            raise ContentError(self.name, f"文件里有{count:,}个部件，超过{self.limits.docx_members:,}个的上限")
        if size > self.limits.docx_central_bytes:
            raise ContentError(self.name, f"zip 目录有{size:,}字节，超过{self.limits.docx_central_bytes:,}字节的上限")

    def read(self, part: str) -> bytes | None:
        """A member's bytes, inflated in pieces and counted: past the limit it stops, whatever the zip declares."""
        info = self.members.get(part)
        if info is None:
            return None
        where = f"{self.name} 中的 {clip(part, 60)}"
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ContentError(
                where, f"用了不支持的压缩方式（编号 {info.compress_type}）：请在 Word 中打开并重新保存为 .docx"
            )
        limit = self.limits.docx_part_bytes
        if info.file_size > limit:
            raise ContentError(where, f"解压后有{info.file_size // 2**20:,} MB，超过每个部件{limit // 2**20} MB 的上限")
        chunks, total = [], 0
        try:
            with self.zip.open(info) as f:
                while chunk := f.read(2**16):
                    total += len(chunk)
                    if total > limit:
                        raise ContentError(
                            where, f"解压后超过每个部件{limit // 2**20} MB 的上限（声明的大小不实，可能是压缩炸弹）"
                        )
                    chunks.append(chunk)
        except ContentError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError, struct.error):
            raise ContentError(where, "已损坏，无法解压：请在 Word 中打开并重新保存为 .docx") from None
        except (NotImplementedError, RuntimeError):  # an unknown compression or an encryption zipfile refuses
            raise ContentError(where, "用了不支持的压缩或加密方式：请在 Word 中打开并重新保存为 .docx") from None
        return b"".join(chunks)

    def xml(self, part: str):
        """A part parsed as XML: no DTD, no entities, no network; a DOCTYPE is refused."""
        from lxml import etree

        data = self.read(part)
        if data is None:
            return None
        where = f"{self.name} 中的 {clip(part, 60)}"
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True
        )
        if any(doctype in data for doctype in DOCTYPES):
            raise ContentError(where, NO_DOCTYPE)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            line = exc.position[0] if exc.position else exc.lineno
            raise ContentError(f"{where}，第{line}行", BROKEN_XML) from None
        except ValueError:
            raise ContentError(where, BROKEN_XML) from None
        tree = root.getroottree()
        if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
            raise ContentError(where, NO_DOCTYPE)
        if b"purl.oclc.org/ooxml/" in data:
            _transitional(root)
        return root

    def relations(self, part: str) -> dict[str, str]:
        """Relationship type (its last word) -> the part it names, from the part's .rels."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, str] = {}
        if root is None:
            return out
        for rel in root.iter(REL + "Relationship"):
            kind, target = rel.get("Type") or "", rel.get("Target") or ""
            if rel.get("TargetMode") == "External" or not kind.startswith((RT, RT_STRICT)):
                continue
            path = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))
            out.setdefault(kind.rsplit("/", 1)[-1], path)
        return out


# Word's “Strict Open XML” (ECMA-376 Part 1, Strict conformance) names the same elements in its own namespaces
STRICT = {
    f"http://purl.oclc.org/ooxml/{strict}": f"http://schemas.openxmlformats.org/{transitional}"
    for strict, transitional in (
        ("wordprocessingml/main", "wordprocessingml/2006/main"),
        ("officeDocument/relationships", "officeDocument/2006/relationships"),
        ("officeDocument/math", "officeDocument/2006/math"),
        ("officeDocument/sharedTypes", "officeDocument/2006/sharedTypes"),
        ("officeDocument/customXml", "officeDocument/2006/customXml"),
        ("drawingml/main", "drawingml/2006/main"),
        ("drawingml/wordprocessingDrawing", "drawingml/2006/wordprocessingDrawing"),
        ("drawingml/picture", "drawingml/2006/picture"),
    )
}


def _transitional(root) -> None:
    """A Strict part's elements and attributes renamed into the Transitional namespaces the reader knows (the
    names are the same; the text is not touched)."""

    def name(qualified: str) -> str:
        if qualified.startswith("{"):
            uri, _, local = qualified[1:].partition("}")
            if uri in STRICT:
                return "{" + STRICT[uri] + "}" + local
        return qualified

    for el in root.iter():
        if isinstance(el.tag, str):
            el.tag = name(el.tag)
        for key in [k for k in el.attrib if k.startswith("{http://purl.oclc.org/")]:
            el.attrib[name(key)] = el.attrib.pop(key)


def read_docx(data: bytes, name: str, limits: Limits = LIMITS) -> Received:
    package = _Package(data, name, limits)
    main = package.relations("").get("officeDocument")
    document = package.xml(main) if main else None
    if main is None or document is None or document.tag != W + "document":
        raise ContentError(name, "这不是 Word .docx 文件（其中没有 Word 正文；可能是改了扩展名的其他文件）")
    body = document.find(W + "body")
    if body is None:
        raise ContentError(name, "这个 .docx 没有正文")
    received = Received(name, "", "Word .docx")
    walk = _Walk(received)
    parts = package.relations(main)
    styles = package.xml(parts["styles"]) if "styles" in parts else None
    numbers = Numbering.of(package.xml(parts["numbering"]) if "numbering" in parts else None, styles)
    contents = _contents_styles(styles)
    lines: list[str] = []
    toc: list[str] = []  # the table of contents' lines being read (its paragraphs come one by one)

    def contents_done() -> None:
        if toc:
            text = "".join(toc)
            received.extras.append(Extra("目录", len(lines), f"{len(toc)}行，共{len(text)}字", _short(text)))
            toc.clear()

    def block(el) -> None:
        style = el.find(f"{W}pPr/{W}pStyle") if el.tag == W + "p" else None
        if style is not None and style.get(W + "val") in contents:  # a line of a table of contents: not the text
            toc.append(walk.text(el).replace("\t", " ").strip())
            return
        if (
            el.tag == W + "sdt"
            and el.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery[@{W}val='Table of Contents']") is not None
        ):
            toc.extend(t for p in el.iter(W + "p") if (t := walk.text(p).replace("\t", " ").strip()))
            return
        contents_done()
        if el.tag == W + "p":
            before, boxes, symbols = walk.images, len(walk.boxes), len(walk.symbols)
            text = walk.text(el)
            # the number Word writes before it (wordnumbers.py); a paragraph deleted with tracked changes, its
            # mark too, is gone once they are accepted, and is not counted
            gone = not text.strip() and el.find(f"{W}pPr/{W}rPr/{W}del") is not None
            try:
                label = "" if gone else numbers.label(el, text)
            except UnknownFormat as exc:
                raise ContentError(at(name, len(lines) + 1), _unknown_format(exc.fmt)) from None
            segments = ((label if text.strip() else "") + text).split("\n")
            if _folded_heading(segments):  # a heading folded with Shift+Enter: one line, as the reader reads it
                segments = ["".join(segments)]
                received.joined.append((len(lines) + 1, segments[0]))
            lines.extend(segments)
            for _ in range(walk.images - before):
                received.extras.append(Extra("图片", len(lines), "1幅"))
            for box in walk.boxes[boxes:]:
                received.extras.append(Extra("文本框", len(lines), f"{len(box)}字", _short(box)))
            for symbol in walk.symbols[symbols:]:
                received.extras.append(Extra("符号", len(lines), "1个（从符号字体插入，没有导入）", symbol))
        elif el.tag == W + "tbl":
            for numbered in el.iter(W + "p"):  # not read, but counted by Word's lists as the text's paragraphs
                try:
                    numbers.label(numbered)
                except UnknownFormat:
                    pass  # a table's list: its numbers are not read, and lists in other formats go on counting
            rows = el.findall(W + "tr")
            cells = [c for row in rows for c in row.findall(W + "tc")]
            text = "".join(walk.text(c) for c in cells)
            columns = max((len(row.findall(W + "tc")) for row in rows), default=0)
            size = f"{len(rows)}行 × {columns}列，共{len(text)}字"
            received.extras.append(Extra("表格", len(lines), size, _short(text)))
        elif el.tag == W + "sdt":  # a content control: its own content, once (one inside it is a block of it)
            for child in el.findall(W + "sdtContent"):
                for inner in child:
                    block(inner)
        elif el.tag == W + "customXml":  # custom XML markup around paragraphs: what it holds
            for inner in el:
                block(inner)
        elif el.tag == W + "altChunk":  # another document merged in where Word opens it: not read, but listed
            received.extras.append(Extra("嵌入的文档", len(lines), "在 Word 中打开并另存为 .docx，它就成为正文"))

    for el in body.iterchildren():
        block(el)
    contents_done()
    received.text = "\n".join(lines) + "\n"
    relations = parts
    for kind, tag, ids in (
        ("脚注", "footnote", walk.footnotes),
        ("尾注", "endnote", walk.endnotes),
        ("批注", "comment", walk.comments),
    ):
        part = relations.get(tag + "s")
        root = package.xml(part) if part else None
        if root is None:
            continue
        notes = _notes(root, tag, _Walk(Received(name, "", "")))
        for note_id, text in notes.items():
            if kind != "批注" and note_id not in ids:
                continue
            line = _line_of_reference(body, tag, note_id)
            received.extras.append(Extra(kind, line, f"{len(text)}字", _short(text)))
    received.extras.sort(key=lambda e: e.line)
    if not received.text.strip():
        raise ContentError(at(name, 1), "这个 Word 文件里没有文字")
    return received


def _unknown_format(fmt: str) -> str:
    return (
        f"这一段的自动编号是 Word 的“{clip(fmt, 40)}”格式，读不出 Word 显示的编号：请在 Word 里把这一级编号改成"
        "“一, 二, 三…”或“1, 2, 3…”（开始 → 编号 → 定义新编号格式），或改成手打的编号后再导入"
    )


HEADING_FORMS = [*LENIENT_PARTS.values(), *LENIENT_SECTIONS.values()]
SENTENCE_ENDS = "。！？；：:"


def _folded_heading(segments: list[str]) -> bool:
    """Whether a paragraph's lines (its line breaks, Shift+Enter) are a heading folded over two or three: the first
    a part's or section's heading that ends no sentence, the others short, each ending none but the last."""
    if not 1 < len(segments) <= 3 or not all(s.strip() for s in segments):
        return False
    first, rest = segments[0].strip(), [s.strip() for s in segments[1:]]
    return (
        any(form.match(first) for form in HEADING_FORMS)
        and first[-1] not in SENTENCE_ENDS
        and all(len(s) <= 30 and not any(ch in SENTENCE_ENDS for ch in s[:-1]) for s in rest)
        and all(s[-1] not in SENTENCE_ENDS for s in rest[:-1])
    )


def _contents_styles(styles) -> set[str]:
    """The ids of the styles of a table of contents' lines and its heading: Word's built-in “toc 1” … “toc 9” and
    “TOC Heading” (styles.xml names them so in any language's Word and in WPS)."""
    if styles is None:
        return set()
    out = set()
    for style in styles.findall(W + "style"):
        name = style.find(W + "name")
        value = "" if name is None else (name.get(W + "val") or "").strip().lower()
        if re.fullmatch(r"toc [1-9]|toc heading", value):
            out.add(style.get(W + "styleId") or "")
    return out - {""}


def _notes(root, tag: str, walk: _Walk) -> dict[str, str]:
    """id -> text of the footnotes, endnotes or comments part."""
    return {
        n.get(W + "id"): walk.text(n).strip()
        for n in root.iter(W + tag)
        if n.get(W + "type") not in ("separator", "continuationSeparator", "continuationNotice")
    }


def _line_of_reference(body, tag: str, note_id: str) -> int:
    """The text line holding the reference to a note (0 when not found)."""
    reference = {"footnote": "footnoteReference", "endnote": "endnoteReference", "comment": "commentReference"}[tag]
    count = 0
    for el in body.iterchildren():
        if el.tag != W + "p":
            continue
        count += 1
        for ref in el.iter(W + reference):
            if ref.get(W + "id") == note_id:
                return count
    return 0
