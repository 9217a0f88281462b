#!/usr/bin/env bash
# `npm run quickstart`: the whole platform on one machine. Installs, migrates, seeds, loads the recorded papers, then
# runs the web app (PORT, default 3000), the workers and a local mail catcher with a web inbox (MailDev:
# SMTP on 1025, inbox on http://localhost:1080) so every mail the platform sends can be read without an SMTP account.
# Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

bash scripts/ensure-install.sh
bash scripts/ensure-services.sh

if [ ! -f .env ]; then
  secret=$(node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))')
  sed "s/^APP_SECRET=$/APP_SECRET=$secret/" .env.example > .env
  echo "paperboy: wrote .env from .env.example (with a fresh APP_SECRET)"
fi

node_modules/.bin/tsx scripts/create-database.ts
npm run --silent db:migrate
npm run --silent db:seed
npm run --silent ingest -- --from-file
npm run --silent build

PORT="${PORT:-3000}"
MAILDEV_WEB_PORT="${MAILDEV_WEB_PORT:-1080}"
pids=()
cleanup() { trap - EXIT INT TERM; for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done; wait; }
trap cleanup EXIT INT TERM

setsid node_modules/.bin/maildev --smtp 1025 --web "$MAILDEV_WEB_PORT" --ip 127.0.0.1 --silent & pids+=($!)
setsid npm run --silent worker & pids+=($!)
setsid npm start -- -p "$PORT" & pids+=($!)

cat <<MSG

  Paperboy is starting:
    web app     http://localhost:$PORT
    mail inbox  http://localhost:$MAILDEV_WEB_PORT   (every mail the platform sends lands here)
  Ctrl-C stops it all.

MSG
wait -n "${pids[@]}"
