#!/usr/bin/env bash
# Install what the site needs into .venv and serve it on http://127.0.0.1:8000/
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
ensure_venv
cd "$ROOT"
exec "$VENV/bin/mkdocs" serve --strict --dev-addr 127.0.0.1:8000
