#!/usr/bin/env bash
# The Prisma CLI without the notices it prints on every run with this set-up, which say nothing a user can act on:
# "Loaded Prisma config from ...", "Prisma config detected, skipping environment variable loading." and the warning
# that the schema's datasource url is unused with a driver adapter (Prisma 6 still requires it to be there).
# Everything else, and the exit status, pass through. In a terminal the lines carry colour codes: matched without.
set -uo pipefail
cd "$(dirname "$0")/.."
drop_notices='
  { plain = $0; gsub(/\033\[[0-9;]*m/, "", plain) }
  plain ~ /^Loaded Prisma config from / { skip_blank = 1; next }
  plain == "Prisma config detected, skipping environment variable loading." { next }
  plain ~ /^WARNING: Your schema specifies the following datasource properties/ { in_warning = 1; next }
  in_warning { if (plain ~ /^We recommend you to remove those properties/) { in_warning = 0; skip_blank = 1 } next }
  skip_blank && plain == "" { skip_blank = 0; next }
  { skip_blank = 0; print; fflush() }'
node_modules/.bin/prisma "$@" 2> >(awk "$drop_notices" >&2) | awk "$drop_notices"
status=${PIPESTATUS[0]}
wait
exit "$status"
