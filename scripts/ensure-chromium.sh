#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through playwright-core (playwright cannot download its own browser here).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "paperboy: installing Debian's chromium for the browser tests ..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "paperboy: /usr/bin/chromium is missing; install it with: sudo apt-get install chromium" >&2
  exit 1
fi
