"""Check the site's own Chinese prose and all of its text, in check-only mode: it never rewrites.

  .venv/bin/python scripts/check_text.py

Rules, numbered so that a failure can cite them (README, "文字规范"):
  T1  Chinese typography of the site's own prose (autocorrect): full-width
      punctuation in Chinese text, a space between Chinese and Latin letters;
      NO space between Chinese and digits (2016年10月, 每页22行), as official
      documents write them. The digit rule also reads the strings the site
      builds its pages from (templates, scripts, renderers). Never applied
      to the speech, which stays as written.
  T2  Quotation marks in the site's own prose are “” and ‘’: no 「」, no straight quotes.
  T3  No look-alike characters anywhere, the speech included: Kangxi and CJK
      radicals (⼀ for 一), compatibility ideographs, Cyrillic or Greek letters,
      full-width Latin letters and digits, invisible characters. They print the
      same and break search and copying.
  T4  Markdown lint of docs/ (pymarkdown), structure only.
Exit status 1 when any rule fails.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LOOKALIKE = re.compile(
    "[\u2e80-\u2fdf\uf900-\ufaff\u0370-\u03ff\u0400-\u04ff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
    "\u200b-\u200f\u2060\ufeff\u00a0\u3000]"
)
HTML_TAG = re.compile(r"<[A-Za-z/][^<>]*>")
HAN = "\u3400-\u9fff"
# a number (or a placeholder the code fills with one: {n}, ${n}, #) and Chinese with white space between
DIGIT_SPACE = re.compile(
    rf"[{HAN}][ \t\u00a0]+(?:\d|\$?\{{[A-Za-z_(]|#(?=[ \t]*[{HAN}]))|(?:\d|\}}|(?<=[{HAN}] )#)[ \t\u00a0]+[{HAN}]"
)
# in code, a string glued to a number with +: "以下 " + n + " 个"
GLUED_SPACE = re.compile(rf"[{HAN}][ \t]+[\"'`]\s*\+|\+\s*[\"'`][ \t]+[{HAN}]")
# files whose strings reach readers: templates, browser scripts, the renderers and post-build passes
CODE_GLOBS = (
    "overrides/**/*.html",
    "overrides/assets/javascripts/**/*.js",
    "src/speech_study/render/*.py",
    "src/speech_study/postbuild/*.py",
)
STRAIGHT_QUOTE_IN_CHINESE = re.compile(r'[\u4e00-\u9fff][^\n]{0,3}"|"[^\n]{0,3}[\u4e00-\u9fff]')


def front_matter(text: str) -> tuple[dict, str]:
    if text.startswith("---\n"):
        end = text.index("\n---", 4)
        return yaml.safe_load(text[4:end]) or {}, text[end + 4 :]
    return {}, text


def prose() -> list[tuple[str, str]]:
    """(where, text) of everything the site says in its own words."""
    out = []
    for path in sorted(DOCS.glob("*.md")):
        meta, body = front_matter(path.read_text(encoding="utf-8"))
        if not meta.get("speech"):
            out.append((path.relative_to(ROOT).as_posix(), body))
    for i, entry in enumerate(yaml.safe_load((ROOT / "glossary.yml").read_text(encoding="utf-8")), 1):
        for field in ("explanation", "meaning"):
            if field not in entry:
                continue
            out.append((f"glossary.yml entry {i} ({entry['term']}) {field}", entry[field]))
        if "official" in entry:
            out.append((f"glossary.yml entry {i} ({entry['term']}) official.source", entry["official"]["source"]))
    return out


def every_text() -> list[tuple[str, str]]:
    files = [*DOCS.glob("*.md"), ROOT / "glossary.yml", ROOT / "source" / "speech.txt"]
    return [(p.relative_to(ROOT).as_posix(), p.read_text(encoding="utf-8")) for p in sorted(files)]


def _unspaced(text: str) -> str:
    """`text` without the white space autocorrect puts between Chinese and digits (T1 wants none)."""
    return re.sub(rf"(?<=[{HAN}])[ \t]+(?=\d)|(?<=\d)[ \t]+(?=[{HAN}])", "", text)


def t1_typography(items, code=None) -> list[str]:
    import autocorrect_py

    problems = []
    for where, text in items:
        name = where if where.endswith(".md") else "text.txt"
        for line in autocorrect_py.lint_for(text, name).lines:
            if _unspaced(line.new) == _unspaced(line.old):
                continue  # only autocorrect's space between Chinese and a digit: T1 wants none
            problems.append(f"T1 {where}:{line.line}: “{line.old.strip()}” should read “{_unspaced(line.new).strip()}”")
    code = code_texts() if code is None else code
    for where, text in [*items, *code]:
        glued = [GLUED_SPACE] if (where, text) in code else []
        for n, line in enumerate(text.splitlines(), 1):
            for m in (m for rule in [DIGIT_SPACE, *glued] for m in rule.finditer(line)):
                problems.append(f"T1 {where}:{n}: “{m.group()}”: no space between a number and Chinese")
    return problems


def code_texts() -> list[tuple[str, str]]:
    files = sorted({p for pattern in CODE_GLOBS for p in ROOT.glob(pattern)})
    return [(p.relative_to(ROOT).as_posix(), p.read_text(encoding="utf-8")) for p in files]


def t2_quotes(items) -> list[str]:
    problems = []
    for where, text in items:
        for n, line in enumerate(text.splitlines(), 1):
            if re.search("[「」『』]", line):
                problems.append(f"T2 {where}:{n}: use “” for quotations, not 「」: {line.strip()[:40]}")
            text_only = HTML_TAG.sub("", line)  # an attribute's quotes (class="…") are markup, not text
            if STRAIGHT_QUOTE_IN_CHINESE.search(text_only) and not line.lstrip().startswith(("??? ", "{", "<")):
                problems.append(f'T2 {where}:{n}: straight quote " in Chinese text: {line.strip()[:40]}')
    return problems


def t3_lookalikes(items) -> list[str]:
    problems = []
    for where, text in items:
        for n, line in enumerate(text.splitlines(), 1):
            for m in LOOKALIKE.finditer(line):
                if m.group() == "\u3000" and "cloze" in line:
                    continue
                name = unicodedata.name(m.group(), "UNNAMED")
                problems.append(f"T3 {where}:{n}:{m.start() + 1}: U+{ord(m.group()):04X} {name}")
    return problems


def t4_markdown() -> list[str]:
    command = [
        sys.executable,
        "-m",
        "pymarkdown",
        "--config",
        str(ROOT / ".pymarkdown.json"),
        "scan",
        str(DOCS),
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    return [f"T4 {line.replace(str(ROOT) + '/', '')}" for line in result.stdout.splitlines() if line.strip()]


def check() -> list[str]:
    own = prose()
    return t1_typography(own) + t2_quotes(own) + t3_lookalikes(every_text()) + t4_markdown()


def main() -> int:
    problems = check()
    print("\n".join(problems) if problems else "text: T1–T4 hold")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
