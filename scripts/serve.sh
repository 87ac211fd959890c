#!/usr/bin/env bash
# Install what the site needs into .venv and serve it (python -m speech_study serve) on http://127.0.0.1:8000/ (PORT=8001 for another port).
# It rebuilds on any change to docs/, glossary.yml, source/, overrides/ (templates, CSS, JavaScript)
# and src/ (mkdocs.yml `watch:`); a change to the Python code itself needs a restart.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
PORT="${PORT:-8000}"
ensure_venv
cd "$ROOT"
# a port in use is refused by the command itself, in one Chinese line naming a free one
# the same as `python -m speech_study serve --port PORT` on any system (src/speech_study/cli.py)
exec "$VENV/bin/python" -m speech_study --root "$ROOT" serve --port "$PORT"
