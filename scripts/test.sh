#!/usr/bin/env bash
# Install what the tests need (Python packages into .venv; Debian's chromium and its headless shell, poppler-utils,
# CJK fonts, LibreOffice Writer, zbar-tools and Node.js when missing; the JavaScript tools from npm)
# and run the whole suite.
#   bash scripts/test.sh            everything: lint, JavaScript tests, builds, browsers, print
#   bash scripts/test.sh --fast     lint and every test that needs no build and no browser (seconds);
#                                   installs nothing from apt: a missing Debian package (Node.js,
#                                   python3-venv) is named with the command that installs it
# Other arguments go to pytest, e.g. bash scripts/test.sh -k glossary
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"

FAST=0
if [ "${1:-}" = "--fast" ]; then
  FAST=1
  export NO_APT=1
  shift
fi

missing=()
DEBS=(nodejs npm)
# libreoffice-writer converts the Word handouts to PDF, zbar-tools decodes their QR codes (tests/print/test_word.py, test_handouts.py)
# chromium-headless-shell: the browser the tests drive (tests/conftest.py TEST_BROWSER); chromium prints as a reader's does
[ "$FAST" -eq 1 ] || DEBS+=(chromium chromium-headless-shell poppler-utils fonts-noto-cjk libreoffice-writer zbar-tools)
for pkg in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# a Node.js from elsewhere (nvm, NodeSource) will do
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs/}")
  missing=("${missing[@]/npm/}")
fi
read -r -a missing <<<"${missing[*]:-}"
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
# WebKitWebDriver and Xvfb, for tests/browser/test_webkit.py (a browser test: not in the fast tier)
[ "$FAST" -eq 1 ] || bash "$ROOT/scripts/install_webkit.sh"

ensure_venv test
cd "$ROOT"
[ -d node_modules ] && [ node_modules -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error
"$VENV/bin/ruff" check src scripts tests
"$VENV/bin/ruff" format --check src scripts tests
"$VENV/bin/mypy" # the type checker over src/ (pyproject.toml, [tool.mypy])
if [ -x scripts/check_js.sh ] || [ -f scripts/check_js.sh ]; then
  bash scripts/check_js.sh
fi

if [ "$FAST" -eq 1 ]; then
  export FAST_TIER=1
  exec "$VENV/bin/pytest" -n auto -m "not slow" "$@"
fi
# the whole suite on every core (pytest-xdist: a file's tests on one worker, so a module's build is made once;
# the shared builds once for all, tests/conftest.py built_once), naming its 25 slowest tests: where the time goes.
# One worker more than the cores: a browser test waits on frames, timers and the network, and a third worker
# fills that time. Measured on 2 cores (2026-12-06, the whole suite): 2 workers 519 s with the cores 75 % busy,
# 3 workers 358 s (97 %), 4 workers 419 s. TEST_WORKERS=N sets another number.
# Files are handed out longest first (tests/conftest.py, tests/durations.json; xdist's own reordering by number of
# tests is turned off); WRITE_TEST_DURATIONS=1 bash scripts/test.sh rewrites the durations after a run that passed.
exec "$VENV/bin/pytest" -n "${TEST_WORKERS:-$(($(nproc) + 1))}" --dist loadfile --no-loadscope-reorder \
  --durations=25 "$@"
