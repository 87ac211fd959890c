"""Helpers the benchmarks share (scripts/bench_library.py, bench_search.py, bench_site.py, synthetic_site.py).

  corpus   the People's Daily corpus, speeches cut from it, phrases sampled from them
  sites    projects to build: copies of this project, libraries made with the import command,
           vanilla Material configurations, index sizes
  timing   a build's seconds and peak memory (GNU time), the run's wall clock
  server   the gzip static server that counts every byte it sends (Web Workers' downloads too)
  browser  Chromium, and the phone profile (CDP: CPU, bandwidth, round trip)
  stats    median and percentiles
  report   JSON, tables and the growth plot

A script puts scripts/ on sys.path and imports `bench.<module>`; nothing here is declared twice.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent  # the project
RESULTS = ROOT / "bench-results"  # bench.sh's results (ignored)
BENCHMARKS = ROOT / "benchmarks"  # bench_library.py's (committed: the README reports them)
