#!/usr/bin/env bash
# Install what the site needs into .venv and serve it (python -m speech_study serve) on http://127.0.0.1:8000/ (PORT=8001 for another port).
# It rebuilds on any change to docs/, glossary.yml, source/, overrides/ (templates, CSS, JavaScript)
# and src/ (mkdocs.yml `watch:`); a change to the Python code itself needs a restart.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"
PORT="${PORT:-8000}"
ensure_venv
cd "$ROOT"
free_port() {
  "$VENV/bin/python" - "$1" <<'PY'
import socket, sys
port = int(sys.argv[1])
for candidate in range(port, port + 50):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", candidate))
        except OSError:
            continue
        print(candidate)
        break
PY
}
if [ "$(free_port "$PORT")" != "$PORT" ]; then
  echo "serve.sh: port $PORT is already in use (another preview?); run: PORT=$(free_port "$PORT") bash scripts/serve.sh" >&2
  exit 1
fi
# the same as `python -m speech_study serve --port PORT` on any system (src/speech_study/cli.py)
exec "$VENV/bin/python" -m speech_study --root "$ROOT" serve --port "$PORT"
