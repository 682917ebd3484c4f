#!/usr/bin/env bash
# The system libraries WeasyPrint (stats.pdf) lays PDFs out with — Pango, HarfBuzz's subsetter,
# fontconfig and the DejaVu fonts every PDF embeds — and poppler-utils, which the PDF tests
# read the text layer with. Debian packages only.
#   ensure_pdf_deps.sh            install where we can (Debian, as root), otherwise say so
#   ensure_pdf_deps.sh --required fail when they cannot be had (CI)
set -u
PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core poppler-utils"

present() {
  ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' &&
    ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' &&
    ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so' &&
    [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] &&
    [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] &&
    command -v fc-match >/dev/null 2>&1 &&
    command -v pdftotext >/dev/null 2>&1 && command -v pdffonts >/dev/null 2>&1
}

if present; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing the PDF libraries and fonts (${PACKAGES})…"
  # shellcheck disable=SC2086
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PACKAGES) \
    >/tmp/finsam-pdf-deps-install.log 2>&1
fi
if present; then
  exit 0
fi
if [ "${1:-}" = "--required" ]; then
  echo "ERROR: the PDF libraries (${PACKAGES}) are missing and could not be installed (see /tmp/finsam-pdf-deps-install.log)." >&2
  exit 1
fi
echo "WARNING: the PDF libraries are not installed: PDF downloads and the PDF tests will FAIL (apt-get install ${PACKAGES} as root)."
exit 0
