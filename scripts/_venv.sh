# Sourced by serve.sh and test.sh: make .venv and install the project with the given extra.
# Usage: ensure_venv [extra]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

ensure_venv() {
  local spec="$ROOT"
  [ -n "${1:-}" ] && spec="$ROOT[$1]"
  if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$spec"
}
