#!/usr/bin/env bash
# Install what the WebKit tier of the browser tests needs (tests/browser/test_webkit.py):
# Debian's WebKitWebDriver (webkit2gtk-driver, WebKitGTK: the engine of Safari and of every
# browser on an iPhone) and Xvfb, a display for it to draw on. Selenium comes with the
# test extras in pyproject.toml. Run by scripts/test.sh; needs root or sudo.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh"

DEBS=(webkit2gtk-driver xvfb xauth)
missing=()
for pkg in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
