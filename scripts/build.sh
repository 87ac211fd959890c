#!/usr/bin/env bash
# Build the complete site (post-build passes included) with one engine:
#   bash scripts/build.sh ENGINE OUTDIR      ENGINE: mkdocs | properdocs | zensical
# A thin wrapper: python -m speech_study build --engine ENGINE --out OUTDIR (src/speech_study/cli.py),
# which refuses an OUTDIR it must not empty (the project, a folder in it other than site/, a folder
# holding files no build of this project wrote) and installs nothing but the engine itself, pinned.
# Uses the .venv that scripts/serve.sh or scripts/test.sh made.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
if [ -z "${1:-}" ] || [ -z "${2:-}" ]; then
  echo "usage: bash scripts/build.sh mkdocs|properdocs|zensical OUTDIR" >&2
  exit 2
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "build.sh: no .venv here; run 'bash scripts/serve.sh' or 'bash scripts/test.sh' first, they make one" >&2
  exit 1
fi
exec "$VENV/bin/python" -m speech_study --root "$ROOT" build --engine "$1" --out "$2"
