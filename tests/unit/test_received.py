"""received.py: a received .txt or .docx is read within limits, or refused with one Chinese line.

The bombs are built here (zipparts.py), read in a subprocess that reports its
time and the growth of its peak memory (resource.getrusage).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
import speechfiles
import zipparts
from hypothesis import given, settings
from hypothesis import strategies as st
from sitetext import ROOT

from speech_study import characters, received
from speech_study.errors import ContentError

MEASURE = """
import json, resource, sys, time
from pathlib import Path
from speech_study import received
from speech_study.errors import ContentError
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start, cpu = time.perf_counter(), time.process_time()
try:
    received.read(Path(sys.argv[1]))
    message = None
except ContentError as exc:
    message = str(exc)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps({"seconds": seconds, "cpu": cpu, "growth_mb": growth / 1024, "message": message}, ensure_ascii=False))
"""


def measure(path: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and not result.stderr, result.stderr
    return json.loads(result.stdout)


def refused(path: Path, **limits) -> str:
    kwargs = {"limits": received.Limits(**limits)} if limits else {}
    with pytest.raises(ContentError) as info:
        received.read(path, **kwargs)
    message = str(info.value)
    assert "\n" not in message and len(message) < 400, message
    return message


# --- .docx: bombs, limits, XML -----------------------------------------------------------------


def test_the_bomb_generator_makes_what_it_says(tmp_path):
    member = zipparts.bomb("x", 3)
    assert zlib.decompress(member.data, -15) == b" " * 3 * 2**20 and len(member.data) < 10_000


@pytest.mark.parametrize(
    "case",
    ["a picture of 1.15 GB", "the text part of 1.15 GB", "the text part declared small", "100,000 members"],
)
def test_a_zip_bomb_is_refused_in_under_a_second_without_growing_memory(tmp_path, case):
    members = zipparts.docx_members(tmp_path)
    if case == "a picture of 1.15 GB":
        members = zipparts.replace(members, zipparts.bomb("word/media/image9.png", 1178))
        expected = "解压后有1,178 MB，超过512 MB 的上限"
    elif case == "the text part of 1.15 GB":
        members = zipparts.replace(members, zipparts.bomb("word/document.xml", 1178))
        expected = "超过512 MB 的上限"
    elif case == "the text part declared small":  # the declared size lies: reading stops at it
        members = zipparts.replace(members, zipparts.bomb("word/document.xml", 1178, declared=4096))
        expected = "word/document.xml：已损坏"
    else:
        members += [zipparts.deflated(b"", f"word/media/{n}.bin") for n in range(100_000)]
        expected = "个部件，超过2,000个的上限"
    path = zipparts.write(tmp_path / "bomb.docx", members)
    assert path.stat().st_size < 16 * 2**20
    result = measure(path)
    assert result["message"] and expected in result["message"], result
    assert result["message"].startswith(str(path)) and "\n" not in result["message"]
    assert result["cpu"] < 1.0 and result["seconds"] < 10, result  # CPU time: other work shares the machine
    assert result["growth_mb"] < 60, result  # the file itself is read (a few MB); nothing inflated past a limit


def test_xml_with_a_doctype_is_refused_and_no_entity_is_ever_expanded(tmp_path):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + '<!ENTITY f SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{speechfiles.W_NS}"><w:body><w:p><w:r><w:t>&i;&f;'
        "</w:t></w:r></w:p></w:body></w:document>"
    )
    members = zipparts.replace(zipparts.docx_members(tmp_path), zipparts.deflated(laughs.encode(), "word/document.xml"))
    path = zipparts.write(tmp_path / "laughs.docx", members)
    result = measure(path)
    assert "word/document.xml" in result["message"] and "DOCTYPE" in result["message"], result
    assert result["cpu"] < 1.0 and result["growth_mb"] < 60, result


@pytest.mark.parametrize(
    "xml, expected",
    [
        (b"<w:document><w:body><w:p>", "word/document.xml，第1行：XML 格式错误"),
        (b"\xff\xfe<\x00", "word/document.xml，第1行：XML 格式错误"),
        (b"", "word/document.xml，第1行：XML 格式错误"),
        (b'<a xmlns="x">' * 100_000, "word/document.xml，第1行：XML 格式错误"),  # nesting past lxml's depth
        (b'<?xml version="1.0"?>\n<x/>', "这不是 Word .docx 文件（其中没有 Word 正文"),
    ],
)
def test_malformed_xml_in_a_docx_is_one_line_with_its_part_and_line(tmp_path, xml, expected):
    members = zipparts.replace(zipparts.docx_members(tmp_path), zipparts.deflated(xml, "word/document.xml"))
    message = refused(zipparts.write(tmp_path / "s.docx", members))
    assert expected in message, message


def test_an_encrypted_docx_or_an_unknown_compression_is_one_line(tmp_path):
    members = zipparts.docx_members(tmp_path)
    locked = [zipparts.Member(m.name, m.data, m.size, m.crc, flags=1) for m in members]
    assert "加了密码" in refused(zipparts.write(tmp_path / "zip.docx", locked))
    office = tmp_path / "office.docx"  # Word's own password protection: a compound file, not a zip
    office.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))
    assert "加了密码的 Word 文件" in refused(office)
    for method in (12, 14, 93, 99):  # bzip2, LZMA, zstd, AES
        odd = [zipparts.Member(m.name, m.data, m.size, m.crc, method=method) for m in members]
        message = refused(zipparts.write(tmp_path / f"m{method}.docx", odd))
        assert f"不支持的压缩方式（编号 {method}）" in message, message


@pytest.mark.parametrize("data", [b"PK\x05\x06" + bytes(18), b"PK\x03\x04garbage", b"PK" + bytes(100)])
def test_a_broken_zip_is_one_line(tmp_path, data):
    path = tmp_path / "broken.docx"
    path.write_bytes(data)
    assert "这不是 Word .docx 文件" in refused(path)


# --- text: limits, characters, encodings -------------------------------------------------------


def test_control_characters_are_refused_with_line_and_column(tmp_path):
    for char, kind, name in (
        ("\x00", "控制字符", "空字符 NUL"),
        ("\x1b", "控制字符", "转义符 ESC"),
        ("\x0c", "控制字符", "换页符"),
        ("\u200b", "格式字符", "零宽空格"),
    ):
        text = speechfiles.TEXT.replace("同志们：", f"同志{char}们：")
        message = refused(speechfiles.write_txt(tmp_path / "s.txt", text))
        line = next(n for n, line in enumerate(text.split("\n"), 1) if char in line)
        assert f"s.txt：第{line}行第3列有{kind} U+{ord(char):04X}（{name}，" in message, message
    lines = list(speechfiles.LINES)
    lines[5] = (
        lines[5][:4] + "\x7f" + lines[5][4:]
    )  # XML 1.0 holds no C0 control but tab, LF and CR; C1 and DEL it does
    with pytest.raises(ContentError, match=r"s\.docx：第6行第5列有控制字符 U\+007F（删除符 DEL，"):
        received.read(speechfiles.write_docx(tmp_path / "s.docx", lines))


def test_allowed_characters_pass(tmp_path):
    text = speechfiles.TEXT.replace("同志们：", "同志们：\t\u3000\u00a0😀\u200d👍︎𰀀").replace("\n", "\r\n")
    assert received.read(speechfiles.write_txt(tmp_path / "s.txt", text)).text == text


def test_the_character_check_is_fast_on_a_long_text():
    import time

    text = ("中文字符，\u3000" * 20 + "\n") * 150_000  # 18 million characters
    start = time.process_time()  # CPU time: other work shares the machine
    characters.check(text, "x")
    with pytest.raises(ContentError, match="第150001行第1列"):
        characters.check(text + "\x07", "x")
    assert time.process_time() - start < 2.0


def test_line_text_and_file_limits(tmp_path):
    long_line = speechfiles.TEXT.replace("同志们：", "同志们：" + "长" * 100_001)
    assert "，第5行：这一行有100,005字，超过每行（每段）100,000字的上限" in refused(
        speechfiles.write_txt(tmp_path / "s.txt", long_line)
    )
    assert "超过100字的上限" in refused(speechfiles.write_txt(tmp_path / "t.txt"), text_chars=100)
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(64 * 2**20 + 1)
    result = measure(big)
    assert "文件超过64 MB 的上限" in result["message"] and result["cpu"] < 1.0, result


def test_a_line_in_another_encoding_is_reported_at_its_line(tmp_path):
    lines = speechfiles.TEXT.split("\n")
    for utf8_line in (lines[6], lines[6] + "了"):  # an even and an odd number of UTF-8 bytes
        data = "\n".join(lines).encode("gbk").split(b"\n")
        data[9] = utf8_line.encode("utf-8")
        path = tmp_path / "gbk.txt"
        path.write_bytes(b"\n".join(data))
        message = refused(path)
        assert "gbk.txt，第10行：这一行是 UTF-8 编码，而文件的其余部分是 GBK" in message, message
    data = speechfiles.TEXT.encode("utf-8").split(b"\n")
    data[12] = lines[12].encode("gbk")
    path.write_bytes(b"\n".join(data))
    assert "gbk.txt，第13行：这一行不是 UTF-8 编码，而文件的其余部分是 UTF-8：" in refused(path)
    text = received.read(speechfiles.write_txt(tmp_path / "g.txt", encoding="gb18030"))
    assert text.text == speechfiles.TEXT


def test_reading_errors_name_the_file_and_say_why(tmp_path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert refused(folder) == f"{folder}：这不是一个普通文件"
    assert refused(tmp_path / "missing.txt") == f"{tmp_path / 'missing.txt'}：找不到这个文件"


def test_a_long_slug_is_one_line(tmp_path):
    source = speechfiles.write_txt(tmp_path / "s.txt")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts/import_speech.py"),
            str(source),
            "--slug",
            "a" * 244,
            "--root",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "太长（244个字符）：讲话的名字最多40个字符" in result.stderr


def test_a_message_stays_one_short_line_whatever_it_quotes():
    error = ContentError("glossary.yml", "术语“" + "长" * 1_000_000 + "”\n不能为空", entry="第 3 条\r\n")
    assert "\n" not in str(error) and "\r" not in str(error) and len(str(error)) < 800
    assert str(error).endswith("…” 不能为空")  # the quoted input is cut, the cause after it kept


@pytest.mark.parametrize(
    "file, where",
    [("glossary.yml", 3), ("docs/about.md", 2), ("mkdocs.yml", 1), ("source/speech.txt", 4)],
)
def test_every_source_file_refuses_control_characters_with_line_and_column(tmp_path, file, where):
    from speech_study.project import Project

    for item in ("docs", "source", "glossary.yml", "mkdocs.yml"):
        src = ROOT / item
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / item)
    path = tmp_path / file
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[where - 1] = lines[where - 1][:2] + "\x01" + lines[where - 1][2:]
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        Project.load(tmp_path)
    assert str(info.value).startswith(f"{file}：第{where}行第3列有控制字符 U+0001（看不见，"), info.value


def _docx_with_body(path: Path, blocks: str) -> Path:
    """A .docx (python-docx's blank document) whose body is `blocks` (WordprocessingML, the w: prefix bound)."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    wrapped = parse_xml(f'<w:body xmlns:w="{speechfiles.W_NS}">{blocks}</w:body>')
    for n, child in enumerate(list(wrapped)):
        body.insert(n, child)
    document.save(path)
    return path


def p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def sdt(inner: str) -> str:
    return f"<w:sdt><w:sdtPr/><w:sdtContent>{inner}</w:sdtContent></w:sdt>"


def custom(inner: str) -> str:
    return f'<w:customXml w:element="段">{inner}</w:customXml>'


@pytest.mark.parametrize(
    "blocks",
    [
        p("甲。") + sdt(p("乙。") + sdt(p("丙。"))) + p("丁。"),  # a content control inside another: read once
        p("甲。") + custom(p("乙。") + custom(p("丙。"))) + p("丁。"),  # custom XML around paragraphs: read
        sdt(p("甲。") + custom(p("乙。") + sdt(p("丙。")))) + custom(p("丁。")),
    ],
    ids=["nested-content-controls", "custom-xml", "both"],
)
def test_every_paragraph_inside_word_s_wrappers_is_read_once_in_order(tmp_path, blocks):
    """Found by a tester: a content control inside another was read twice (every nested sdtContent, and again
    through its parent), and paragraphs inside custom XML markup were dropped without a word."""
    got = received.read_docx(_docx_with_body(tmp_path / "w.docx", blocks).read_bytes(), "w.docx")
    assert got.text.split() == ["甲。", "乙。", "丙。", "丁。"] and got.extras == []


def test_a_merged_in_document_is_listed_not_lost(tmp_path):
    blocks = (
        p("甲。")
        + '<w:altChunk xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
        + (' r:id="rIdX"/>')
        + p("乙。")
    )
    got = received.read_docx(_docx_with_body(tmp_path / "w.docx", blocks).read_bytes(), "w.docx")
    assert got.text.split() == ["甲。", "乙。"]
    assert [(e.kind, e.line) for e in got.extras] == [("嵌入的文档", 1)] and "另存" in got.extras[0].size


WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _box(text: str) -> str:
    """A text box as Word 2010 and later write one: a drawing, and the same box in VML for older Words."""
    inner = f"<w:txbxContent>{p(text)}</w:txbxContent>"
    return (
        f'<w:r><mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="wps"><w:drawing>'
        f'<wps:wsp xmlns:wps="{WPS}"><wps:txbx>{inner}</wps:txbx></wps:wsp></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>{inner}</v:textbox>'
        "</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def test_word_s_text_is_read_as_the_reader_sees_it_ruby_hidden_text_and_text_boxes(tmp_path):
    """Found by a tester: a ruby's reading was put into the sentence (这是zhù注音。), hidden text was imported, and
    a text box (a letterhead's title) was listed as two pictures, its text lost without a word."""
    ruby = (
        "<w:p><w:r><w:t>这是</w:t></w:r><w:r><w:ruby><w:rt><w:r><w:t>zhù</w:t></w:r></w:rt>"
        "<w:rubyBase><w:r><w:t>注</w:t></w:r></w:rubyBase></w:ruby></w:r><w:r><w:t>音。</w:t></w:r></w:p>"
    )
    hidden = "<w:p><w:r><w:t>看得见。</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>看不见。</w:t></w:r>"
    hidden += '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>也看得见。</w:t></w:r></w:p>'
    boxed = f"<w:p><w:r><w:t>正文。</w:t></w:r>{_box('红头文件的标题')}</w:p>"
    got = received.read_docx(_docx_with_body(tmp_path / "w.docx", ruby + hidden + boxed).read_bytes(), "w.docx")
    assert got.text.split() == ["这是注音。", "看得见。也看得见。", "正文。"]
    assert got.hidden_chars == len("看不见。")
    assert [(e.kind, e.line, e.size, e.text) for e in got.extras] == [("文本框", 3, "7字", "红头文件的标题")]


def test_the_report_says_how_much_hidden_text_was_left_out(tmp_path):
    from conftest import copy_sources

    from speech_study import importer

    lines = [p(line) for line in speechfiles.LINES]
    lines[5] = lines[5].replace("</w:p>", "<w:r><w:rPr><w:vanish/></w:rPr><w:t>（内部掌握）</w:t></w:r></w:p>")
    source = _docx_with_body(tmp_path / "s.docx", "".join(lines))
    plan = importer.plan(copy_sources(tmp_path / "project"), source, "s")
    assert "隐藏文字：6字（Word 里设为隐藏，读者看不见）不计入正文" in importer.report(plan, written=False).splitlines()
    assert "内部掌握" not in plan.found.speech.text


TRADITIONAL = "本文僅供學習參考。\n怎麼做合格的書記\n同志們：\n一、提高認識\n臺灣、香港的朋友們，這是繁體字的講話。\n"


@pytest.mark.parametrize("encoding", ["big5", "cp950"])
def test_a_big5_file_is_refused_naming_its_encoding(encoding):
    """Found by a tester: a Big5 file was read as GBK, and refused for a private-use character at 第1行第9列 (请删去),
    which named nothing the maintainer could find or fix."""
    with pytest.raises(ContentError, match="Big5 编码.*另存为 UTF-8"):
        received.decode(TRADITIONAL.encode(encoding), "x.txt")


def test_gbk_text_is_never_taken_for_big5():
    """The site's speech and real newspaper text, in GBK: read as GBK, whatever Big5 would make of the bytes."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench.corpus import corpus

    texts = [(ROOT / "source" / "speech.txt").read_text(encoding="utf-8"), *corpus()[:400]]
    for text in texts:
        assert received.decode(text.encode("gb18030"), "g.txt")[1] in ("GBK", "GB18030")


@settings(max_examples=300, deadline=None)
@given(
    at=st.integers(min_value=0, max_value=40),
    pasted=st.text(
        st.characters(min_codepoint=0x20, max_codepoint=0xFFFF, exclude_categories=("Cs", "Cc")), min_size=1
    ).filter(lambda s: not s.isascii()),
)
def test_a_line_pasted_in_as_utf8_into_a_gbk_file_is_refused_at_its_line(at, pasted):
    """Whatever a UTF-8 line holds (Latin, curly quotes, a dash, Greek, …), in a GBK file it is refused at its line,
    never read as GBK mojibake (found by a tester: “Café — 2024” was read as “Caf茅 鈥? 2024”)."""
    lines = speechfiles.TEXT.split("\n")
    data = [line.encode("gbk") for line in lines]
    at %= len(lines)
    data[at] = pasted.replace("\n", " ").encode("utf-8")
    with pytest.raises(ContentError) as refused_:
        received.decode(b"\n".join(data), "g.txt")
    message = str(refused_.value)
    assert message.startswith(f"g.txt，第{at + 1}行：这一行是 UTF-8 编码") and "\n" not in message, message


STRICT_NAMESPACES = [  # ECMA-376 Part 1: a Strict document's namespaces, each for the Transitional one it replaces
    (
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        b"http://purl.oclc.org/ooxml/wordprocessingml/main",
    ),
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    ),
    (b"http://schemas.openxmlformats.org/drawingml/2006/main", b"http://purl.oclc.org/ooxml/drawingml/main"),
    (
        b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
        b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
    ),
    (b"http://schemas.openxmlformats.org/drawingml/2006/picture", b"http://purl.oclc.org/ooxml/drawingml/picture"),
]


def test_a_strict_open_xml_document_is_read_as_word_shows_it(tmp_path):
    """Word's “Strict Open XML Document” (另存为 → Strict Open XML 文档): the same elements in other namespaces. It
    was refused as “not a Word file” (这不是 Word .docx 文件); now it reads exactly as the same document saved as an
    ordinary .docx: the text, the revisions, and every table, picture, footnote and comment listed."""
    ordinary = speechfiles.write_docx(tmp_path / "ordinary.docx")
    strict = tmp_path / "strict.docx"
    with zipfile.ZipFile(ordinary) as zin, zipfile.ZipFile(strict, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith((".xml", ".rels")):
                for transitional, strict_ns in STRICT_NAMESPACES:
                    data = data.replace(transitional, strict_ns)
            zout.writestr(info, data)
    assert b"schemas.openxmlformats.org/wordprocessingml" not in zipfile.ZipFile(strict).read("word/document.xml")
    a, b = received.read(ordinary, "讲话.docx"), received.read(strict, "讲话.docx")
    assert b.text == a.text == speechfiles.text_as_read_from_docx()
    assert (b.extras, b.inserted, b.deleted, b.deleted_chars) == (a.extras, a.inserted, a.deleted, a.deleted_chars)
    assert {e.kind for e in a.extras} >= {"表格", "图片", "脚注", "批注"}, a.extras


def _contents_entry(text: str, style: str, first: bool = False, last: bool = False) -> str:
    """A line of a table of contents as Word writes it: inside the TOC field, a link to the heading, a tab, the
    page number (itself a PAGEREF field)."""
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
        ' TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        if first
        else ""
    )
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if last else ""
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{begin}<w:hyperlink w:anchor="_Toc1">'
        f"<w:r><w:t>{text}</w:t></w:r><w:r><w:tab/></w:r>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGEREF _Toc1 \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r>'
        f'<w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>{end}</w:p>'
    )


@pytest.mark.parametrize("made_by", ["word", "wps"])
def test_a_table_of_contents_is_listed_not_read_as_the_text(tmp_path, made_by):
    """A speech with Word's 目录 (引用 → 目录) before its text: its lines repeat the headings (一、…… 2), and were
    read as the text: the speech was refused for its parts' numbering (一、二、三、一、二、三). Word wraps it in
    a content control of the gallery “Table of Contents”; WPS writes the lines in the styles “toc 1” … alone."""
    import docx
    import docx.enum.style
    from conftest import copy_sources

    from speech_study import importer

    headings = [line for line in speechfiles.LINES if re.match("[一二三]、|（[一二三]）", line)]
    assert len(headings) >= 3
    style = {"word": "TOC1", "wps": "toc1"}[made_by]
    entries = "".join(
        _contents_entry(h, style, first=n == 0, last=n == len(headings) - 1) for n, h in enumerate(headings)
    )
    heading = '<w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr><w:r><w:t>目录</w:t></w:r></w:p>'
    if made_by == "word":
        contents = (
            '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/>'
            f"</w:docPartObj></w:sdtPr><w:sdtContent>{heading}{entries}</w:sdtContent></w:sdt>"
        )
    else:
        contents = heading + entries
    lines = [p(line) for line in speechfiles.LINES]
    path = _docx_with_body(tmp_path / "目录.docx", "".join(lines[:2]) + contents + "".join(lines[2:]))
    document = docx.Document(str(path))
    if made_by == "wps":  # WPS's own style ids, Word's built-in names
        for n in range(1, 4):
            document.styles.add_style(f"toc {n}", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH).element.set(
                f"{{{speechfiles.W_NS}}}styleId", f"toc{n}"
            )
        document.save(str(path))
    plain = _docx_with_body(tmp_path / "plain.docx", "".join(lines))
    read = received.read(path)
    assert read.text == received.read(plain).text
    listed = [e for e in read.extras if e.kind == "目录"]
    assert len(listed) == 1 and listed[0].line == 2, read.extras
    assert listed[0].size.startswith(f"{len(headings) + 1}行") and headings[0] in listed[0].text, listed
    plan = importer.plan(copy_sources(tmp_path / "project"), path, "toc")
    assert "目录1处" in importer.report(plan, written=False)


@pytest.mark.parametrize("leader", ["……………………", "........", "\t", "    ", "·····"])
def test_a_table_of_contents_copied_as_text_is_named_as_one(tmp_path, leader):
    """A .txt whose 目录 was copied from Word along with the text: its lines repeat the headings with their page
    numbers. The speech was refused for its parts' numbering (一、二、一、二, 应为一、二、三、四), which sent the
    maintainer looking for a numbering mistake; the one line now names the table of contents and its lines."""
    from conftest import copy_sources

    from speech_study import importer

    lines = speechfiles.TEXT.split("\n")
    headings = [line for line in lines if re.match("[一二三]、", line)]
    contents = ["目  录", *(f"{h}{leader}{n}" for n, h in enumerate(headings, 2))]
    text = "\n".join(lines[:2] + contents + lines[2:])
    path = speechfiles.write_txt(tmp_path / "目录.txt", text)
    with pytest.raises(ContentError) as refused_:
        importer.plan(copy_sources(tmp_path / "project"), path, "toc")
    assert str(refused_.value) == (
        f"{path}，第3～{2 + len(contents)}行：像是目录（标题后面是页码）：目录不是讲话的正文，请删去这几行后再导入"
    )
    # without its table of contents the text imports
    importer.plan(copy_sources(tmp_path / "again"), speechfiles.write_txt(tmp_path / "t.txt", speechfiles.TEXT), "t")


def test_text_in_the_forms_a_tester_sent_reads_as_the_same_text(tmp_path):
    """Found by a tester: line ends written as CR alone were refused as a control character (advice that would
    have joined the speech into one line); UTF-16 without its BOM was “not a text file”, UTF-32 had a NUL."""
    for name, data in {
        "cr.txt": speechfiles.TEXT.replace("\n", "\r").encode("utf-8"),
        "le.txt": speechfiles.TEXT.encode("utf-16-le"),
        "be.txt": speechfiles.TEXT.encode("utf-16-be"),
        "u32.txt": speechfiles.TEXT.encode("utf-32"),
    }.items():
        (tmp_path / name).write_bytes(data)
        assert received.read(tmp_path / name).text == speechfiles.TEXT, name


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("page.txt", "<!DOCTYPE html>\n<html>\n<body>\n<p>同志们：</p>\n", "这是网页文件：请在浏览器里打开它"),
        ("page.txt", "\ufeff<html lang=zh>\n<p>同志们：</p>\n", "这是网页文件"),
        ("doc.txt", "{\\rtf1\\ansi 同志们\\par}\n", "这是RTF 文件：请另存为 .docx"),
        ("a.htm", "同志们", "这是网页文件"),
        ("a.html", "同志们", "这是网页文件"),
        ("a.odt", "同志们", "这是OpenDocument 文字文件（.odt）：请在 WPS 或 Word 中打开"),
        ("a.md", "同志们", "这是Markdown 文件：讲话请导入纯文本"),
    ],
)
def test_a_file_of_another_kind_is_named_and_how_to_convert_it_said(tmp_path, name, data, said):
    """A saved web page renamed .txt was imported tag by tag (its title “<!DOCTYPE html>”); .htm, .odt and .md got
    only “不认识的文件类型”."""
    path = tmp_path / name
    path.write_text(data, encoding="utf-8")
    assert refused(path).startswith(f"{path}：{said}"), refused(path)


def test_capitals_and_symbols_are_as_the_reader_sees_them(tmp_path):
    """Found by a tester: a run set to 全部大写 showed “AI、IOT” in Word and was imported “ai、iot”; a ✓ inserted from
    Wingdings (Insert ▸ Symbol) vanished without a word. Capitals are read as shown, a symbol is listed."""
    lines = [p(line) for line in speechfiles.LINES]
    caps = '<w:p><w:r><w:t xml:space="preserve">支持</w:t></w:r><w:r><w:rPr><w:caps/></w:rPr><w:t>ai、iot</w:t></w:r>'
    caps += '<w:r><w:rPr><w:smallCaps w:val="1"/></w:rPr><w:t>5g</w:t></w:r>'
    caps += '<w:r><w:rPr><w:caps w:val="false"/></w:rPr><w:t>等</w:t></w:r>'
    caps += '<w:r><w:t>产业。</w:t></w:r><w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r></w:p>'
    at = 6
    got = received.read(_docx_with_body(tmp_path / "caps.docx", "".join(lines[:at]) + caps + "".join(lines[at:])))
    assert got.text.split("\n")[at] == "支持AI、IOT5G等产业。"
    assert [(e.kind, e.line, e.text) for e in got.extras if e.kind == "符号"] == [
        ("符号", at + 1, "Wingdings 字体的 F0FC")
    ]
