#!/usr/bin/env bash
# `prisma generate` needs no database, but Prisma 6 resolves env("DATABASE_URL") in the schema and, when it is
# unset, falls back to downloading a native query engine (which fails offline). Any well-formed URL avoids that.
set -euo pipefail
cd "$(dirname "$0")/.."
DATABASE_URL="${DATABASE_URL:-postgresql://generate@127.0.0.1:5432/unused}" bash scripts/prisma.sh generate >/dev/null
