#!/usr/bin/env bash
# `npm test`: everything the tests need, then the tests. Extra arguments go to vitest (e.g. a file filter).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-install.sh
bash scripts/ensure-services.sh
bash scripts/ensure-chromium.sh
exec node_modules/.bin/tsx scripts/run-tests.ts "$@"
