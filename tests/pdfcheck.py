"""Read a PDF with poppler's tools as a checker would: size, pages, text, line boxes."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

A4 = (595.28, 841.89)  # points
MM = 72 / 25.4
TYPE_LEFT, TYPE_TOP, TYPE_WIDTH, TYPE_HEIGHT = 28 * MM, 37 * MM, 156 * MM, 225 * MM
PAGE_NUMBER = re.compile(r"—\s*(\d+)\s*—")
LINE_RE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
WORD_RE = re.compile(r">([^<]*)</word>")


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def info(pdf: Path) -> dict[str, str]:
    return dict(line.split(":", 1) for line in run("pdfinfo", str(pdf)).splitlines() if ":" in line)


def page_count(pdf: Path) -> int:
    return int(info(pdf)["Pages"])


def page_size(pdf: Path) -> tuple[float, float]:
    w, h = re.match(r"\s*([\d.]+) x ([\d.]+)", info(pdf)["Page size"]).groups()
    return float(w), float(h)


def page_text(pdf: Path, n: int) -> str:
    return run("pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-")


def text(pdf: Path) -> str:
    return run("pdftotext", str(pdf), "-")


@dataclass
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def lines(pdf: Path, n: int) -> list[Line]:
    """Printed lines, top to bottom; pieces poppler splits off one baseline (Latin digits) joined."""
    html = run("pdftotext", "-bbox-layout", "-f", str(n), "-l", str(n), str(pdf), "-")
    out: list[Line] = []
    for m in LINE_RE.finditer(html):
        words = "".join(WORD_RE.findall(m.group(5)))
        x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
        same = next((ln for ln in out if abs(ln.y1 - y1) < 3), None)
        if same:
            same.x0, same.x1 = min(same.x0, x0), max(same.x1, x1)
            same.text = same.text + words if x0 >= same.x0 else words + same.text
        else:
            out.append(Line(x0, y0, x1, y1, words))
    return sorted(out, key=lambda ln: ln.y0)


def body_lines(pdf: Path, n: int) -> list[Line]:
    """Lines of text inside the type area (the page number sits below it)."""
    bottom = TYPE_TOP + TYPE_HEIGHT
    return [ln for ln in lines(pdf, n) if ln.y0 < bottom - 10 and not PAGE_NUMBER.fullmatch(ln.text)]


def flat(value: str) -> str:
    """Text without white space or the footnote numbers Chromium prints after a noted word."""
    value = re.sub(r"\s+", "", value)
    return re.sub(r"(?<=[\u4e00-\u9fff])\d(?=[\u3000-\u303f\uff00-\uffef\u4e00-\u9fff])", "", value)


def to_png(pdf: Path, page: int, dest: Path) -> Path:
    run("pdftoppm", "-r", "80", "-png", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(dest))
    return dest.with_suffix(".png")


CJK_PUNCT = set("，。、；：！？“”‘’（）《》「」『』【】")


def width_in_characters(value: str) -> float:
    """Characters as a typesetter counts them, in full-width cells.

    Latin letters, digits and half-width punctuation take half a cell, and of two
    full-width punctuation marks side by side (”，) Chromium sets the second in
    half a cell (text-spacing-trim), as Chinese typesetting does.
    """
    cells, previous = 0.0, ""
    for c in value:
        if ord(c) < 0x2000 or (c in CJK_PUNCT and previous in CJK_PUNCT):
            cells += 0.5
        else:
            cells += 1
        previous = c
    return cells


WORD_BOX_RE = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")


@dataclass
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def size(self) -> float | None:
        """The type size in points of a run of Chinese characters (each as wide as the size), else None."""
        return (self.x1 - self.x0) / len(self.text) if CJK_WORD.match(self.text) else None


def words(pdf: Path, n: int) -> list[Word]:
    html = run("pdftotext", "-bbox-layout", "-f", str(n), "-l", str(n), str(pdf), "-")
    return [Word(*(float(m.group(i)) for i in range(1, 5)), m.group(5)) for m in WORD_BOX_RE.finditer(html)]
