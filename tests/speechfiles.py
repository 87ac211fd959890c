"""Speeches the tests make themselves: a .txt in any encoding, and a Word .docx with what Word files carry.

The text is written for the tests (nothing is downloaded): a notice, a title,
speaker and date lines, an opening, three parts with （一） sections and
numbered points of two kinds, and closing remarks, with a few characters that
Markdown would read as markup (1+1>2, *, 100%).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

NOTICE = "本文仅供内部学习交流，请勿转载！"
TITLE = "在社区治理工作推进会上的讲话"
# a glossary entry of this speech alone (imported as shequ), as glossary.yml writes one
GLOSSARY_ENTRY = """
- id: zuihou-yigongli
  term: 最后一公里
  explanation: 比喻社区是城市治理落到群众身边的最末一环。
  quote: "社区是城市治理的“最后一公里”"
  speech: shequ
"""
SPEAKER = "城东街道党工委"
DATE = "2024年3月5日"
LINES = [
    NOTICE,
    TITLE,
    SPEAKER,
    DATE,
    "同志们：",
    "今天召开社区治理工作推进会，主要任务是总结去年工作，部署今年任务。下面，我讲三点意见。",
    "一、提高认识，把社区治理摆上重要位置",
    "社区是城市治理的“最后一公里”，也是服务群众的第一线。",
    "（一）要看到社区治理的新变化。近年来，辖区常住人口增加，老旧小区改造全面铺开，居民诉求更加多样。"
    "一要看清人口结构的变化。老年人口占比上升，托育需求增加，服务供给要跟上。"
    "二要看清居民需求的变化。群众从“有没有”转向“好不好”，对环境、安全和服务提出了更高要求。",
    "（二）要找准工作中的短板。有的社区议事协商流于形式，有的网格员底数不清，有的问题反复出现。",
    "二、突出重点，扎实推进网格化管理",
    "（一）要把网格划细划实。",
    "（1）按照楼栋和院落调整网格，做到边界清楚。",
    "（2）配齐专职网格员，做到人员到位。",
    "（3）建立网格事项清单，做到责任明确，实现“1+1>2”的效果。",
    "（二）要把信息用起来。权力是把双刃剑，数据也是一样，要用好用活，更要守住安全底线，台账完整率要达到100%。",
    "三、强化保障，形成齐抓共管的合力",
    "（一）要压实责任。各社区党组织书记是第一责任人，要亲自抓、负总责，重要工作*亲自过问*。",
    "（二）要改进作风。多到楼栋院落走一走，多听居民意见，把问题解决在萌芽状态。",
    "同志们，社区治理任重道远。希望大家真抓实干，久久为功，为建设和谐宜居的城东作出新的贡献！",
]
TEXT = "\n".join(LINES) + "\n"
# phrases for the search tests: one only in this speech, one in both speeches
ONLY_HERE = "老年人口占比上升"
IN_BOTH = "双刃剑"


def write_txt(path: Path, text: str = TEXT, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def tiny_png() -> bytes:
    """A 1 × 1 PNG, for a picture in the Word file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
    )


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DELETED = "（这句已被删除）"
INSERTED = "新增"


def write_docx(path: Path, lines: list[str] = LINES) -> Path:
    """A .docx of `lines` with a tracked deletion and insertion, a table, a footnote, a comment and a picture.

    The tracked changes are on the opening line: the reader sees its text with
    INSERTED added and DELETED gone, so the text as read equals TEXT with
    INSERTED before “主要任务”.
    """
    import io

    import docx
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    document = docx.Document()
    for n, line in enumerate(lines):
        paragraph = document.add_paragraph()
        if line.startswith("今天召开"):
            head, tail = line.split("主要任务", 1)
            paragraph.add_run(head)
            paragraph._p.append(
                parse_xml(
                    f'<w:ins xmlns:w="{W_NS}" w:id="1" w:author="审稿人" w:date="2024-03-01T00:00:00Z">'
                    f"<w:r><w:t>{INSERTED}</w:t></w:r></w:ins>"
                )
            )
            paragraph._p.append(
                parse_xml(
                    f'<w:del xmlns:w="{W_NS}" w:id="2" w:author="审稿人" w:date="2024-03-01T00:00:00Z">'
                    f"<w:r><w:delText>{DELETED}</w:delText></w:r></w:del>"
                )
            )
            paragraph.add_run("主要任务" + tail)
        elif line.startswith("社区是城市治理"):
            run = paragraph.add_run(line)
            run._r.append(parse_xml(f'<w:footnoteReference xmlns:w="{W_NS}" w:id="1"/>'))
            document.add_comment(run, text="这里要不要加数据？", author="办公室")
        else:
            paragraph.add_run(line)
        if n == 8:  # after a section: a table the text does not include
            table = document.add_table(rows=2, cols=2)
            for i, cell in enumerate(table._cells):
                cell.text = ["指标", "目标", "网格数", "120 个"][i]
            document.add_picture(io.BytesIO(tiny_png()))
    footnotes = (
        f'<w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        "</w:footnote>"
        '<w:footnote w:id="1"><w:p><w:r><w:t>数据来源：街道统计。</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, footnotes.encode("utf-8"), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    document.save(str(path))
    return path


def text_as_read_from_docx() -> str:
    """What the reader of write_docx's file sees: the insertion kept, the deletion left out; a paragraph a line.

    The picture stands in an empty paragraph of its own after line 9.
    """
    lines = [line.replace("，主要任务", f"，{INSERTED}主要任务") for line in LINES]
    return "\n".join([*lines[:9], "", *lines[9:]]) + "\n"
