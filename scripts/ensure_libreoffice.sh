#!/usr/bin/env bash
# Make LibreOffice (headless Calc) available for the spreadsheet round-trip tests
# (tests/exchange/test_libreoffice.py). Debian's package only, never a downloaded build.
#   ensure_libreoffice.sh            install where we can (Debian, as root), otherwise say so
#   ensure_libreoffice.sh --required fail when it cannot be had (CI)
set -u
have() { command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1; }
if have; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's LibreOffice Calc (no GUI) for the spreadsheet round-trip tests…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    libreoffice-calc-nogui) >/tmp/finsam-libreoffice-install.log 2>&1
fi
if have; then
  exit 0
fi
if [ "${1:-}" = "--required" ]; then
  echo "ERROR: LibreOffice (soffice) is missing and could not be installed (see /tmp/finsam-libreoffice-install.log)." >&2
  exit 1
fi
echo "NOTE: LibreOffice is not installed: the spreadsheet round-trip tests will be SKIPPED (apt-get install libreoffice-calc-nogui as root to run them)."
exit 0
