#!/usr/bin/env bash
# `prisma generate` needs no database (the schema's datasource url is a placeholder: the client and the CLI connect
# through the pg driver adapter).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prisma.sh generate >/dev/null
