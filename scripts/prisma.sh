#!/usr/bin/env bash
# The Prisma CLI without the two lines it prints on every run when prisma.config.ts is used ("Loaded Prisma config
# from ..." and "Prisma config detected, skipping environment variable loading."): they say nothing a user can act on.
# Everything else, and the exit status, pass through. In a terminal the lines carry colour codes: matched without.
set -uo pipefail
cd "$(dirname "$0")/.."
node_modules/.bin/prisma "$@" 2> >(
  awk '{ plain = $0; gsub(/\033\[[0-9;]*m/, "", plain) }
       plain ~ /^Loaded Prisma config from / { skip_blank = 1; next }
       plain == "Prisma config detected, skipping environment variable loading." { next }
       skip_blank && plain == "" { skip_blank = 0; next }
       { skip_blank = 0; print; fflush() }' >&2
)
status=$?
wait
exit "$status"
