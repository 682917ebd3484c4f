#!/usr/bin/env bash
# Install axe-core (pinned in package.json / package-lock.json) into node_modules for the
# accessibility walk in tests/accessibility. Never loads it from a CDN.
#   ensure_axe.sh            install where npm exists, otherwise say the test will be skipped
#   ensure_axe.sh --required install npm too (Debian, as root) and fail when it cannot (CI)
set -u
cd "$(dirname "$0")/.."
want=$(node -p "require('./package.json').devDependencies['axe-core']" 2>/dev/null || true)
have=$(node -p "require('./node_modules/axe-core/package.json').version" 2>/dev/null || true)
if [ -n "$want" ] && [ "$want" = "$have" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1 && [ "${1:-}" = "--required" ] && [ "$(id -u)" = "0" ] \
   && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's npm for axe-core…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm) >/tmp/finsam-npm-install.log 2>&1
fi
if command -v npm >/dev/null 2>&1; then
  npm ci --no-audit --no-fund --silent >/tmp/finsam-npm-ci.log 2>&1 || cat /tmp/finsam-npm-ci.log >&2
fi
if [ -f node_modules/axe-core/axe.min.js ]; then
  exit 0
fi
if [ "${1:-}" = "--required" ]; then
  echo "ERROR: axe-core could not be installed from npm (see /tmp/finsam-npm-*.log)." >&2
  exit 1
fi
echo "NOTE: npm is not installed: the accessibility (axe-core) test will be SKIPPED (apt-get install npm, then make test)."
exit 0
