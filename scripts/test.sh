#!/usr/bin/env bash
# Install what the tests need (Python packages into .venv; Debian's chromium,
# poppler-utils, CJK fonts and Node.js when missing; axe-core from npm) and run
# the whole suite.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"

DEBS=(chromium poppler-utils fonts-noto-cjk)
missing=()
for pkg in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

ensure_venv test
cd "$ROOT"
npm ci --no-audit --no-fund --loglevel=error
"$VENV/bin/ruff" check overrides scripts tests
"$VENV/bin/ruff" format --check overrides scripts tests
exec "$VENV/bin/pytest" "$@"
