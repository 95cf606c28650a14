#!/usr/bin/env bash
# Install the Debian packages the PDF reports need when they are missing: a CJK font (else every Chinese
# glyph prints as a box) and HarfBuzz's subsetter (else WeasyPrint falls back to fontTools, ~9 s a page),
# plus GNU gettext (msgfmt/xgettext, for makemessages and compilemessages) and poppler-utils (pdftoppm: the tests
# turn printed PDFs into pages to check them).
# With --browser also Debian's chromium, which the browser tests (tests/browser, Playwright) drive.
set -euo pipefail
packages=(fonts-noto-cjk libharfbuzz-subset0 gettext poppler-utils)
[ "${1:-}" = "--browser" ] && packages+=(chromium)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing ${missing[*]} (PDF reports; chromium for the browser tests)"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
if ! "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"; then
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi
