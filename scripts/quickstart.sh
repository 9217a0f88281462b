#!/usr/bin/env bash
# `npm run quickstart`: the whole platform on one machine. Writes .env, installs (npm dependencies; PostgreSQL and
# Redis with apt-get when missing, see ensure-services.sh), migrates, seeds, loads the recorded papers, builds, then
# runs the web app (PORT, default 3000), the workers and a local mail catcher with a web inbox (MailDev: SMTP on the
# port of SMTP_URL, inbox on MAILDEV_WEB_PORT, default 1080) so every mail the platform sends can be read without an
# SMTP account. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup-lib.sh
export NEXT_TELEMETRY_DISABLED=1
started=$(now_ms)
PORT="${PORT:-3000}"
MAILDEV_WEB_PORT="${MAILDEV_WEB_PORT:-1080}"

# First, so that a user told to change DATABASE_URL or REDIS_URL has a .env to change it in.
if [ ! -f .env ]; then
  secret=$(node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))')
  sed -e "s/^APP_SECRET=$/APP_SECRET=$secret/" -e "s#^APP_URL=http://localhost:3000\$#APP_URL=http://localhost:$PORT#" \
    .env.example >.env
  say "wrote .env from .env.example (with a fresh APP_SECRET)"
fi

bash scripts/ensure-install.sh
bash scripts/ensure-services.sh
read_service_urls

step "creating the database" node_modules/.bin/tsx scripts/create-database.ts
step "migrating the database" npm run --silent db:migrate
step "seeding the topics" npm run --silent db:seed
step "loading the recorded papers" npm run --silent ingest -- --from-file
step "building the web app" npm run --silent build

pids=()
cleanup() { trap - EXIT INT TERM; for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done; wait; }
trap cleanup EXIT INT TERM

inbox="mail inbox  http://localhost:$MAILDEV_WEB_PORT   (every mail the platform sends lands here)"
if is_loopback "$SMTP_HOST"; then
  setsid node_modules/.bin/maildev --smtp "$SMTP_PORT" --web "$MAILDEV_WEB_PORT" --ip 127.0.0.1 --silent & pids+=($!)
else
  inbox="mail        sent through $SMTP_HOST:$SMTP_PORT (SMTP_URL); no local inbox"
fi
setsid npm run --silent worker & pids+=($!)
setsid npm start -- -p "$PORT" & pids+=($!)

# The web app "answers" once it serves its landing page.
web_answers() {
  local line
  exec 3<>"/dev/tcp/127.0.0.1/$PORT" || return 1
  printf 'GET / HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  read -r -t 10 line <&3 || { exec 3>&-; return 1; }
  exec 3>&-
  [[ "$line" == "HTTP/1."?" 200"* ]]
}
until web_answers 2>/dev/null; do
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || fail "a process stopped before the web app answered"; done
  sleep 0.3
done
ms=$(($(now_ms) - started))

cat <<MSG

  Paperboy is running (ready after $((ms / 1000)) s):
    web app     http://localhost:$PORT
    $inbox
  Ctrl-C stops it all.

MSG
wait -n "${pids[@]}"
