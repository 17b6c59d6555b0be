#!/usr/bin/env bash
# Installs Debian's chromium for the headless-browser tests (tests/Landfall.BrowserTests), which drive it through
# Microsoft.Playwright with ExecutablePath=/usr/bin/chromium (Playwright's own browser download is not used).
# Idempotent and quiet: does nothing when /usr/bin/chromium exists. Run as root (or with sudo) on Debian/Ubuntu.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    exec sudo -n "$0" "$@"
  fi
  echo "install-chromium.sh: $CHROMIUM is missing and installing it needs root (apt-get install -y chromium)." >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "install-chromium.sh: installing chromium with apt-get" >&2
if ! apt-get -o DPkg::Lock::Timeout=300 update >"$log" 2>&1 \
  || ! apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends chromium >>"$log" 2>&1; then
  cat "$log" >&2
  echo "install-chromium.sh: apt-get install chromium failed (output above)." >&2
  exit 1
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "install-chromium.sh: chromium installed but $CHROMIUM is missing." >&2
  exit 1
fi
echo "install-chromium.sh: $("$CHROMIUM" --version 2>/dev/null | tail -n 1)" >&2
