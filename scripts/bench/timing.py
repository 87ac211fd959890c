"""How long a build takes and how much memory it needs; the whole run's wall clock."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

# every build of a benchmark: no English end-of-life banner, no PDF export (opt-in, and Chromium's time)
BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "PDF_EXPORT": "false"}
MKDOCS_BUILD = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"]


@dataclass(frozen=True)
class Timed:
    seconds: float
    peak_bytes: int  # the largest process's resident set (GNU time's %M)


def timed(args: list[str], cwd: Path) -> Timed:
    """Run a program in `cwd` under GNU time; stops the benchmark with its error output if it fails."""
    report = cwd / ".peak"
    started = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-f", "%M", "-o", str(report), *args],
        cwd=cwd,
        env={**os.environ, **BUILD_ENV},
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed in {cwd}:\n{proc.stderr[-2000:]}")
    peak = int(report.read_text().split()[-1]) * 1024
    report.unlink()
    return Timed(seconds, peak)


def build(path: Path) -> float:
    """`mkdocs build` of the project in `path` into path/site; its seconds."""
    return timed(MKDOCS_BUILD, path).seconds


@dataclass
class Clock:
    """The run's wall clock: `lap(label)` prints the time since the start."""

    started: float = field(default_factory=time.perf_counter)

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def lap(self, label: str) -> None:
        s = self.elapsed()
        print(f"[{s // 60:.0f} min {s % 60:02.0f} s] {label}", flush=True)
