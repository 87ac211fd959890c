#!/usr/bin/env bash
# Check the site's JavaScript: ESLint over the browser scripts and their tests
# (check only, never --fix; the version is pinned in package.json), then the
# search core's unit tests (node --test tests/js/). Needs node_modules: npm ci.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if ! command -v node >/dev/null 2>&1; then
  echo "check_js.sh: Node.js is not installed (apt-get install nodejs npm)" >&2
  exit 1
fi
if [ ! -x node_modules/.bin/eslint ]; then
  echo "check_js.sh: node_modules is missing or has no ESLint: run npm ci (in $ROOT) first" >&2
  exit 1
fi

echo "ESLint $(npx --no-install eslint --version): overrides/assets/javascripts tests/js"
npx --no-install eslint --max-warnings 0 --no-warn-ignored overrides/assets/javascripts tests/js eslint.config.mjs

echo "node --test tests/js/"
node --test --test-reporter=spec tests/js/
