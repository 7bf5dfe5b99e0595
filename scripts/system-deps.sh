#!/usr/bin/env bash
# System packages the course uses beyond pip (Debian/Ubuntu names):
#   chromium     - the real browser for the widget tests (tests/test_browser.py)
#   fonts-nanum  - Hangul for the JupyterLab page; figures also work without it, because
#                  requirements.txt installs NanumGothic through koreanize-matplotlib.
#   npm          - installs KaTeX for the course website (make site-deps; site/package.json) and
#                  the class hub's proxy, configurable-http-proxy (make hub-proxy; tests/test_hub.py)
# As root with apt-get (CI, containers) missing ones are installed; otherwise we print the command
# and go on: the browser test then skips with its reason (in CI, with CI=true, it fails instead).
set -uo pipefail

missing=()
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ] \
    && [ -z "${DQN_TEACH_CHROMIUM:-}" ]; then
  missing+=(chromium)
fi
if ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi
if ! (command -v fc-list >/dev/null 2>&1 && fc-list :lang=ko | grep -q .); then
  missing+=(fonts-nanum)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    --no-install-recommends "${missing[@]}" >/dev/null || {
      echo "apt-get could not install ${missing[*]}" >&2; exit 1; }
else
  echo "Optional system packages missing: ${missing[*]}"
  echo "  Debian/Ubuntu: sudo apt-get install ${missing[*]}"
  echo "  (or point DQN_TEACH_CHROMIUM at a Chromium/Chrome binary for the browser test)"
fi
exit 0
