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
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
bash "$ROOT/scripts/install_webkit.sh" # WebKitWebDriver and Xvfb, for tests/test_webkit.py

ensure_venv test
cd "$ROOT"
npm ci --no-audit --no-fund --loglevel=error
"$VENV/bin/ruff" check overrides scripts tests
"$VENV/bin/ruff" format --check overrides scripts tests
exec "$VENV/bin/pytest" "$@"
