#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through playwright-core (playwright cannot download its own browser here).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup-lib.sh
if [ -x /usr/bin/chromium ]; then exit 0; fi
PRIVILEGE=$(privilege)
if [ "$PRIVILEGE" = none ] || ! command -v apt-get >/dev/null 2>&1; then
  fail "/usr/bin/chromium is missing (the browser tests need it); install it with: sudo apt-get update && sudo apt-get install -y chromium"
fi
step "apt-get update" apt_update
step "installing chromium for the browser tests (apt-get)" apt_install chromium
