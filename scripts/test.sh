#!/usr/bin/env bash
# `npm test`: everything the tests need, then the tests. Extra arguments go to vitest (e.g. a file filter).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-install.sh
# The servers scripts/test-environment.ts points the tests at.
DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/0 \
  bash scripts/ensure-services.sh
bash scripts/ensure-chromium.sh
exec node_modules/.bin/tsx scripts/run-tests.ts "$@"
