"""Import a speech into the library: python scripts/import_speech.py FILE [--slug SLUG] [--title TITLE].

FILE is a .txt (UTF-8 or GB18030/GBK) or a Word .docx. Writes the text as
received to speeches/SLUG/source.txt, its pages to docs/SLUG/, its kept
anchors to speeches/SLUG/anchors.yml, and prints what it found. Errors are
one line naming the file, the line and the problem; nothing is half-written,
and a second run on the same file changes nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from speech_study import importer
from speech_study.cli import Parser
from speech_study.errors import ContentError
from speech_study.received import os_reason

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None, prog: str = "python scripts/import_speech.py") -> int:
    """`prog`: the command the maintainer typed (python -m speech_study import), as its help and errors name it."""
    parser = Parser(prog=prog, description="把一篇讲话（.docx 或 .txt）加入文库，并报告读到了什么")
    parser.add_argument("file", type=Path, metavar="文件", help="收到的讲话文件：.docx 或 .txt")
    parser.add_argument("--slug", help="这篇讲话在网址里的名字，如 2024-dangke（默认：由标题生成）")
    parser.add_argument("--title", help="标题：正文里没有标题行时用它（也是文库里的名字）")
    parser.add_argument("--speaker", help="讲话人或单位（默认：从正文里找）")
    parser.add_argument("--date", help="日期（默认：从正文里找）")
    parser.add_argument("--root", type=Path, default=ROOT, help="项目文件夹（默认：这个仓库）")
    parser.add_argument(
        "--replace",
        action="store_true",
        help="用另一篇文字替换 --slug 下原有的讲话（两者相同的不到一半时，没有它就不替换）",
    )
    parser.add_argument("--quiet", action="store_true", help="只输出报告的第一行")
    args = parser.parse_args(argv)
    try:
        plan = importer.plan(
            args.root, args.file, args.slug, args.title, args.speaker, args.date, str(args.file), args.replace
        )
        written = importer.apply(args.root, plan)
    except ContentError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"错误：{exc.filename or args.root}：无法读写（{os_reason(exc)}）", file=sys.stderr)
        return 1
    text = importer.report(plan, written)
    print(text.splitlines()[0] + ("" if written else "（没有变化）") if args.quiet else text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
