#!/usr/bin/env bash
# The Prisma CLI without the two lines it prints on every run when prisma.config.ts is used ("Loaded Prisma config
# from ..." and "Prisma config detected, skipping environment variable loading."): they say nothing a user can act on.
# Everything else, and the exit status, pass through.
set -uo pipefail
cd "$(dirname "$0")/.."
node_modules/.bin/prisma "$@" 2> >(
  awk '/^Loaded Prisma config from / { skip_blank = 1; next }
       /^Prisma config detected, skipping environment variable loading\.$/ { next }
       skip_blank && /^$/ { skip_blank = 0; next }
       { skip_blank = 0; print; fflush() }' >&2
)
status=$?
wait
exit "$status"
