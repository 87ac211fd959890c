#!/usr/bin/env bash
# Benchmarks (not tests): the project against vanilla Material in one run. Results in bench-results/.
#   bash scripts/bench.sh [--quick]   --quick: a smaller synthetic site, one build each (minutes less)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
ensure_venv test
cd "$ROOT"
"$VENV/bin/python" scripts/bench_search.py "$@"
"$VENV/bin/python" scripts/bench_site.py "$@"
