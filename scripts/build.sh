#!/usr/bin/env bash
# Build the complete site (post-build passes included) with one engine:
#   bash scripts/build.sh ENGINE OUTDIR      ENGINE: mkdocs | properdocs | zensical
# Uses the .venv that scripts/test.sh made; installs nothing but the engine itself, pinned.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
ENGINE="${1:-}"
OUT="${2:-}"
# the engines this project was tested with (README, "引擎")
PROPERDOCS="properdocs==1.6.7"
ZENSICAL="zensical==0.0.73" # newer releases need zensical-ui, which the registry here does not serve

if [ -z "$ENGINE" ] || [ -z "$OUT" ]; then
  echo "usage: bash scripts/build.sh mkdocs|properdocs|zensical OUTDIR" >&2
  exit 2
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "build.sh: no .venv here; run 'bash scripts/test.sh' first, it makes one" >&2
  exit 1
fi
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
# every engine empties OUTDIR first (zensical: rm -rf): never the project or a folder holding it
case "$ROOT/" in
  "${OUT%/}/"*)
    echo "build.sh: OUTDIR $OUT holds the project; choose a folder of its own (e.g. site)" >&2
    exit 2
    ;;
esac
export NO_MKDOCS_2_WARNING=1
cd "$ROOT"

# Usage: pinned NAME==VERSION — install it unless that very version is there already
pinned() {
  local have
  have="$("$VENV/bin/python" -c "import importlib.metadata as m; print(m.version('${1%%==*}'))" 2>/dev/null || true)"
  [ "$have" = "${1##*==}" ] || "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$1"
}

case "$ENGINE" in
  mkdocs)
    exec "$VENV/bin/mkdocs" build --strict --clean -d "$OUT"
    ;;
  properdocs)
    pinned "$PROPERDOCS"
    # the same plugin, extension and passes: ProperDocs loads MkDocs plugins as they are
    exec "$VENV/bin/properdocs" build --strict --clean -d "$OUT"
    ;;
  zensical)
    pinned "$ZENSICAL"
    # no plugins: the adapter gives Zensical the plugin's settings (.zensical.yml), builds inside the
    # project (Zensical writes nowhere else), runs the post-build passes and moves the site to OUTDIR
    exec "$VENV/bin/python" -m speech_study.adapters.zensical "$OUT" --root "$ROOT"
    ;;
  *)
    echo "build.sh: unknown engine '$ENGINE' (mkdocs, properdocs or zensical)" >&2
    exit 2
    ;;
esac
