#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than the lockfile, and generates the Prisma client
# (npm 11 does not run dependency install scripts, so Prisma's own postinstall never runs).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup-lib.sh
node scripts/check-node-version.cjs
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing npm dependencies (npm ci)" npm ci --no-audit --no-fund
fi
bash scripts/prisma-generate.sh
