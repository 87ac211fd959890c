# Sourced by serve.sh and test.sh: Debian packages on demand, and .venv with the project installed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

# Usage: apt_install PACKAGE... (as root, or through sudo). With NO_APT=1 (the fast tier) it installs
# nothing: it names what is missing and how to get it, and stops.
apt_install() {
  if [ "${NO_APT:-0}" = "1" ]; then
    echo "缺少 Debian 软件包：$*。请先运行 sudo apt-get install $*（或运行 bash scripts/test.sh，它会安装）" >&2
    exit 1
  fi
  echo "正在安装 Debian 软件包：$*（需要管理员权限，可能会问密码）"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "缺少 Debian 软件包：$*。这个账户不是管理员，也没有 sudo：请管理员运行 apt-get install $*" >&2
      exit 1
    fi
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Usage: ensure_venv [extra] — installs the project (the speech_study package, editable) and its pinned
# dependencies; skipped when pyproject.toml has not changed since the last install with the same extra.
ensure_venv() {
  local spec="$ROOT"
  [ -n "${1:-}" ] && spec="$ROOT[$1]"
  if [ ! -x "$VENV/bin/python" ]; then
    # Debian's own python3 has no venv/ensurepip until python3-venv is installed
    python3 -c "import ensurepip, venv" 2>/dev/null || apt_install python3-venv
    python3 -m venv "$VENV"
  fi
  local stamp="$VENV/.installed-${1:-base}"
  local want
  want="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1) $ROOT"
  # the tests' install holds the base one: serve.sh after test.sh installs nothing (it reinstalled the package
  # while the suite ran, and a test's `python scripts/import_speech.py` found no speech_study in that moment)
  if [ -z "${1:-}" ] && [ "$(cat "$VENV/.installed-test" 2>/dev/null)" = "$want" ]; then
    return
  fi
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$spec"
    echo "$want" >"$stamp"
  fi
}
