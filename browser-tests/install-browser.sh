#!/usr/bin/env bash
# Makes sure the browser tests have Debian's chromium and a Chinese font (run by mvn test, before the tests).
# Installs them with apt-get where they are missing and we may (root on Debian/Ubuntu); otherwise says what to do.
set -euo pipefail
missing=()
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then missing+=(fonts-wqy-microhei); fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "browser tests: installing ${missing[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null
else
  echo "browser tests need: ${missing[*]}. Install them (sudo apt-get install ${missing[*]}) or set CHROMIUM." >&2
fi
