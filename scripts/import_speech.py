"""Import a speech into the library: python scripts/import_speech.py FILE [--slug SLUG] [--title TITLE].

FILE is a .txt (UTF-8 or GB18030/GBK) or a Word .docx. Writes the text as
received to speeches/SLUG/source.txt, its pages to docs/SLUG/, its kept
anchors to speeches/SLUG/anchors.yml, and prints what it found. Errors are
one line naming the file, the line and the problem; nothing is half-written,
and a second run on the same file changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from speech_study import importer
from speech_study.errors import ContentError
from speech_study.received import os_reason

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--slug", help="the speech's name in its URLs, e.g. 2024-dangke (default: from the title)")
    parser.add_argument("--title", help="the title, when the text has no title line (or the library's name for it)")
    parser.add_argument("--speaker", help="who gave it: a person or a unit (default: found in the text)")
    parser.add_argument("--date", help="when it was given (default: found in the text)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project folder (default: this repository)")
    parser.add_argument(
        "--replace",
        action="store_true",
        help="replace the speech under --slug with a different text (refused without it when under half agrees)",
    )
    parser.add_argument("--quiet", action="store_true", help="print only the first line of the report")
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
