#!/usr/bin/env bash
# Make Debian's Chromium available for the browser tests. Never downloads a browser build.
#   ensure_chromium.sh            install where we can (Debian, as root), otherwise say so
#   ensure_chromium.sh --required fail when it cannot be had (CI)
set -u
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core) >/tmp/finsam-chromium-install.log 2>&1
fi
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "${1:-}" = "--required" ]; then
  echo "ERROR: /usr/bin/chromium is missing and could not be installed (see /tmp/finsam-chromium-install.log)." >&2
  exit 1
fi
echo "NOTE: /usr/bin/chromium is not installed: the browser tests will be SKIPPED (apt-get install chromium as root to run them)."
exit 0
