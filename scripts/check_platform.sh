#!/usr/bin/env bash
# Check the README's commands on another Debian release, in a root made with debootstrap:
#   sudo bash scripts/check_platform.sh [debian13|debian12]   (default: the one this machine is not)
# Debian 13 (trixie, Python 3.13) from Debian 12, or Debian 12 (bookworm, Python 3.11) from Debian 13.
#
# The root is made once from the Debian package registry (deb.debian.org, or DEBIAN_MIRROR) and kept in
# $SPEECH_STUDY_CACHE (default /var/cache/speech-study), outside the clone, so that it persists between
# CI runs; with it, pip's and npm's caches inside it. Each run copies in this machine's CA certificates
# and its pip, npm and apt settings (so that registries work inside), clones this repository (its
# committed HEAD) into the root and runs there, as a new maintainer would:
#   1. bash scripts/serve.sh: it must answer on its port with the home page (then it is stopped);
#   2. bash scripts/test.sh --fast;
#   3. a strict build: python -m speech_study build;
#   4. Chromium (Debian's, inside the root): a page and a search (scripts/check_platform.py).
# /proc, /dev and /sys are bind-mounted only while it runs, and always unmounted (trap) before anything
# may delete the root. Times of each step are printed; README "测试" gives the measured ones.
# Needs root (debootstrap, chroot, mount); installs debootstrap and the other tools it runs when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

host="$(. /etc/os-release && echo "${VERSION_ID:-}")"
TARGET="${1:-}"
if [ -z "$TARGET" ]; then
  if [ "$host" = "13" ]; then TARGET=debian12; else TARGET=debian13; fi
fi
case "$TARGET" in
  debian13) SUITE=trixie ;;
  debian12) SUITE=bookworm ;;
  *)
    echo "check_platform.sh: 不认识的系统“$TARGET”，可选 debian13 或 debian12" >&2
    exit 2
    ;;
esac
PORT="${CHECK_PORT:-8765}"
# the port serve.sh is to answer on must be free first, before anything is installed or mounted: another program
# answering there with this project's home page (a preview left running, a folder served by hand) would pass for
# it, and serve.sh would never have run
if python3 -c 'import socket, sys; s = socket.socket(); s.settimeout(2); sys.exit(s.connect_ex(("127.0.0.1", int(sys.argv[1]))) != 0)' "$PORT"; then
  echo "check_platform.sh: 端口 $PORT 已被别的程序占用；请先停掉它，或用 CHECK_PORT=别的端口 再运行" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "check_platform.sh: 需要 root（debootstrap、chroot、mount），请用 sudo 运行" >&2
  exit 1
fi
# the tools it runs, installed from Debian's registry when missing (as test.sh installs what the tests need)
source "$ROOT/scripts/_venv.sh"
declare -A PACKAGE_OF=([debootstrap]=debootstrap [chroot]=coreutils [mount]=mount [umount]=mount
  [findmnt]=util-linux [git]=git)
missing=()
for tool in "${!PACKAGE_OF[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${PACKAGE_OF[$tool]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  read -r -a missing <<<"$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')"
  apt_install "${missing[@]}"
fi
for tool in "${!PACKAGE_OF[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "check_platform.sh: 安装之后仍缺少 $tool（Debian 软件包 ${PACKAGE_OF[$tool]}）" >&2
    exit 1
  }
done

CACHE="${SPEECH_STUDY_CACHE:-/var/cache/speech-study}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
CHROOT="$CACHE/$SUITE-root"
START=$SECONDS
step_start=$SECONDS
step() { # step NAME: prints the time of the previous step
  local now=$SECONDS
  [ -n "${STEP:-}" ] && printf '%s: %s 用时 %d s\n' "$TARGET" "$STEP" "$((now - step_start))"
  STEP="$1"
  step_start=$now
  [ -n "$1" ] && echo "== $TARGET: $1"
  return 0
}

unmount_all() {
  local target
  for target in proc sys dev; do
    if findmnt -rn "$CHROOT/$target" >/dev/null 2>&1; then
      umount -R "$CHROOT/$target" 2>/dev/null || umount -R -l "$CHROOT/$target"
    fi
  done
}
remove_root() { # never while anything is mounted inside it
  unmount_all
  if findmnt -rn -o TARGET | grep -q -F "$CHROOT/"; then
    echo "check_platform.sh: $CHROOT 里仍有挂载点，不删除它" >&2
    exit 1
  fi
  rm -rf --one-file-system "$CHROOT"
}
SERVE_PID=""
cleanup() {
  if [ -n "$SERVE_PID" ]; then kill -- -"$SERVE_PID" 2>/dev/null || true; fi
  unmount_all
}
trap cleanup EXIT
trap 'exit 130' INT TERM # exit runs the EXIT trap: unmount, then stop

in_root() { # in_root COMMAND...: run inside the root, as root, with a clean environment plus the certificates
  chroot "$CHROOT" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
    PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_DEFAULT_TIMEOUT="${PIP_DEFAULT_TIMEOUT:-180}" \
    CHROMIUM=/usr/bin/chromium "$@"
}

mkdir -p "$CACHE"
# what the README expects of the machine (python3; chromium and libatomic1 for the PDF export), and what the
# checks use (git, Node.js for the fast tier's JavaScript checks); serve.sh installs python3-venv itself
PACKAGES="python3 git nodejs npm chromium libatomic1"
# 1. the root, made once (a half-made one, without its stamp, is removed and made again)
if [ ! -f "$CHROOT/.speech-study-debootstrap" ] && [ ! -f "$CHROOT/.speech-study-complete" ]; then
  step "debootstrap $SUITE from $MIRROR into $CHROOT"
  [ -e "$CHROOT" ] && remove_root
  debootstrap --variant=minbase --include=ca-certificates "$SUITE" "$CHROOT" "$MIRROR" >"$CACHE/$SUITE-debootstrap.log" 2>&1 || {
    echo "check_platform.sh: debootstrap 失败，见 $CACHE/$SUITE-debootstrap.log" >&2
    tail -5 "$CACHE/$SUITE-debootstrap.log" >&2
    exit 1
  }
  touch "$CHROOT/.speech-study-debootstrap"
fi

# 2. this machine's certificates and registry settings, every run (they may have changed)
step "certificates, pip, npm and apt settings"
mkdir -p "$CHROOT/usr/local/share/ca-certificates" "$CHROOT/root/.config/pip" "$CHROOT/etc/apt/apt.conf.d"
if [ -d /usr/local/share/ca-certificates ]; then
  cp -a /usr/local/share/ca-certificates/. "$CHROOT/usr/local/share/ca-certificates/"
fi
cp /etc/ssl/certs/ca-certificates.crt "$CHROOT/etc/ssl/certs/ca-certificates.crt"
[ -f /etc/pip.conf ] && cp /etc/pip.conf "$CHROOT/etc/pip.conf"
[ -f "$HOME/.config/pip/pip.conf" ] && cp "$HOME/.config/pip/pip.conf" "$CHROOT/root/.config/pip/pip.conf"
[ -f "$HOME/.pip/pip.conf" ] && mkdir -p "$CHROOT/root/.pip" && cp "$HOME/.pip/pip.conf" "$CHROOT/root/.pip/pip.conf"
[ -f "$HOME/.npmrc" ] && cp "$HOME/.npmrc" "$CHROOT/root/.npmrc"
[ -f /etc/npmrc ] && cp /etc/npmrc "$CHROOT/etc/npmrc"
# apt's settings (proxies, mirrors' options); not its package lists, which name this machine's release
for conf in /etc/apt/apt.conf.d/*; do
  [ -e "$CHROOT/etc/apt/apt.conf.d/$(basename "$conf")" ] || cp "$conf" "$CHROOT/etc/apt/apt.conf.d/"
done
cp /etc/resolv.conf "$CHROOT/etc/resolv.conf"

step "mount /proc, /dev, /sys"
mount -t proc proc "$CHROOT/proc"
mount --rbind /sys "$CHROOT/sys" && mount --make-rslave "$CHROOT/sys"
mount --rbind /dev "$CHROOT/dev" && mount --make-rslave "$CHROOT/dev"

if [ "$(cat "$CHROOT/.speech-study-complete" 2>/dev/null)" != "$PACKAGES" ]; then
  step "apt-get install $PACKAGES (inside)"
  in_root apt-get update -qq
  # shellcheck disable=SC2086 # one word per package
  in_root apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
  echo "$PACKAGES" >"$CHROOT/.speech-study-complete"
fi
in_root sh -c 'update-ca-certificates >/dev/null 2>&1 || true'

# 3. a fresh clone of this repository's HEAD (uncommitted changes are not in it)
step "clone $(git -C "$ROOT" rev-parse --short HEAD)"
rm -rf --one-file-system "$CHROOT/srv/check"
mkdir -p "$CHROOT/srv/check"
git clone -q --no-hardlinks "$ROOT" "$CHROOT/srv/check/dangzuzhi-shuji-study"
echo "$TARGET: $(in_root python3 --version)"

# 4. the README's first command: it must answer with the home page
step "bash scripts/serve.sh (PORT=$PORT)"
setsid chroot "$CHROOT" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 PORT="$PORT" \
  SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
  DEBIAN_FRONTEND=noninteractive bash -c 'cd /srv/check/dangzuzhi-shuji-study && exec bash scripts/serve.sh' \
  >"$CACHE/$SUITE-serve.log" 2>&1 &
SERVE_PID=$!
answered=""
for _ in $(seq 1 600); do
  if ! kill -0 "$SERVE_PID" 2>/dev/null; then break; fi
  if python3 - "$PORT" <<'PY' 2>/dev/null; then
import sys, urllib.request
html = urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/", timeout=5).read().decode("utf-8")
sys.exit(0 if "<title>怎么做新时代合格的基层党组织书记" in html else 1)
PY
    answered=yes
    break
  fi
  sleep 1
done
kill -- -"$SERVE_PID" 2>/dev/null || true
wait "$SERVE_PID" 2>/dev/null || true
SERVE_PID=""
if [ -z "$answered" ]; then
  echo "check_platform.sh: $TARGET 上的 serve.sh 没有在端口 $PORT 给出首页，见 $CACHE/$SUITE-serve.log" >&2
  tail -20 "$CACHE/$SUITE-serve.log" >&2
  exit 1
fi
echo "$TARGET: serve.sh answered http://127.0.0.1:$PORT/ with the home page"

step "bash scripts/test.sh --fast"
in_root bash -c 'cd /srv/check/dangzuzhi-shuji-study && bash scripts/test.sh --fast -q -p no:cacheprovider' | tail -3

step "strict build"
in_root bash -c 'cd /srv/check/dangzuzhi-shuji-study && .venv/bin/python -m speech_study build --out site' | tail -3

step "Chromium: a page and a search"
in_root bash -c 'cd /srv/check/dangzuzhi-shuji-study && .venv/bin/python scripts/check_platform.py site'

step ""
echo "$TARGET: all checks passed in $((SECONDS - START)) s"
