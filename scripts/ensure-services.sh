#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer where DATABASE_URL and REDIS_URL say (environment, then .env, then the
# defaults 127.0.0.1:5432 and 127.0.0.1:6379). On loopback, with root (or password-less sudo), it installs what is
# missing with apt-get (Debian's postgresql and redis-server), creates the cluster if the package did not, starts
# both, and creates the role. Without root it prints the exact commands to run and stops. Used by both README
# commands (quickstart and tests).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup-lib.sh
source scripts/setup-lib.sh

read_service_urls
PRIVILEGE=$(privilege)
fresh_cluster=""

# Printed to a user without root: the exact commands, with the addresses that came from the environment.
env_args=""
[ -z "${DATABASE_URL:-}" ] || env_args+=" \"DATABASE_URL=$DATABASE_URL\""
[ -z "${REDIS_URL:-}" ] || env_args+=" \"REDIS_URL=$REDIS_URL\""
needs_root() {
  echo "paperboy: $1 needs root. Run this, then the same npm command again:" >&2
  shift
  for cmd in "$@"; do echo "    $cmd" >&2; done
  exit 1
}

# --- what is missing --------------------------------------------------------------------------------------------
packages=()
pg_up=1 redis_up=1
if ! port_open "$PG_HOST" "$PG_PORT"; then
  pg_up=0
  is_loopback "$PG_HOST" || fail "nothing answers at $PG_HOST:$PG_PORT (DATABASE_URL): start PostgreSQL there, or set DATABASE_URL in .env to where it runs"
  command -v pg_ctlcluster >/dev/null 2>&1 || packages+=(postgresql)
fi
if ! port_open "$REDIS_HOST" "$REDIS_PORT"; then
  redis_up=0
  is_loopback "$REDIS_HOST" || fail "nothing answers at $REDIS_HOST:$REDIS_PORT (REDIS_URL): start Redis there, or set REDIS_URL in .env to where it runs"
  command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
fi

# "version/name" of every PostgreSQL cluster on this machine.
cluster_names() { command -v pg_lsclusters >/dev/null 2>&1 && pg_lsclusters --no-header 2>/dev/null | awk '{ print $1 "/" $2 }' || true; }

# --- install ----------------------------------------------------------------------------------------------------
if [ "${#packages[@]}" -gt 0 ]; then
  if [ "$PRIVILEGE" = none ]; then
    echo "paperboy: ${packages[*]} not installed (nothing answers on $PG_HOST:$PG_PORT or $REDIS_HOST:$REDIS_PORT)." >&2
    echo "paperboy: as root, this script runs apt-get update, apt-get install ${packages[*]}, starts them on loopback" >&2
    echo "paperboy: and sets up role ${PG_USER:-postgres}." >&2
    needs_root "installing" "sudo env \"PATH=\$PATH\"$env_args bash $PWD/scripts/ensure-services.sh"
  fi
  command -v apt-get >/dev/null 2>&1 ||
    fail "${packages[*]} not installed, and this set-up installs with Debian's apt-get, which is not here: install them with your system's packages, then run this again"
  clusters_before=$(cluster_names)
  step "apt-get update" apt_update
  step "installing ${packages[*]} (apt-get)" apt_install --no-install-recommends "${packages[@]}"
  if [[ " ${packages[*]} " == *" postgresql "* ]]; then
    fresh_cluster=$(cluster_names | grep -vxF -e "$clusters_before" | head -n 1 || true)
  fi
fi

# Installed PostgreSQL server versions, oldest first.
pg_versions() {
  dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' 'postgresql-[0-9]*' 2>/dev/null |
    awk '$1 == "ii" { sub("postgresql-", "", $2); print $2 }' | sort -n
}

# --- PostgreSQL -------------------------------------------------------------------------------------------------
# The cluster that is (or should be) on PG_PORT: "version name status", from pg_lsclusters.
pg_cluster() { pg_lsclusters --no-header 2>/dev/null | awk -v port="$PG_PORT" '$3 == port { print $1, $2, $4; exit }'; }

if [ "$pg_up" = 0 ]; then
  cluster=$(pg_cluster)
  if [ -z "$cluster" ]; then
    others=$(pg_lsclusters --no-header 2>/dev/null | awk '{ printf "%s %s/%s (port %s)", sep, $1, $2, $3; sep = "," }')
    if [ -n "$others" ]; then
      fail "no PostgreSQL cluster on port $PG_PORT; found$others. Set DATABASE_URL in .env to its port, e.g. postgresql://${PG_USER:-postgres}@127.0.0.1:PORT/${PG_DB:-paperboy}"
    fi
    version=$(pg_versions | tail -n 1)
    [ -n "$version" ] || fail "PostgreSQL server binaries not found (pg_ctlcluster is there, but no server version)"
    [ "$PRIVILEGE" != none ] || needs_root "creating the PostgreSQL cluster" \
      "sudo env \"PATH=\$PATH\"$env_args bash $PWD/scripts/ensure-services.sh"
    step "creating PostgreSQL cluster $version/main on port $PG_PORT" as_root pg_createcluster --port "$PG_PORT" "$version" main
    fresh_cluster="$version/main"
    cluster=$(pg_cluster)
  fi
  read -r pg_version pg_name pg_status <<<"$cluster"
  # The package's own start (on machines with an init system) may already have started it.
  if [ "$pg_status" != online ]; then
    [ "$PRIVILEGE" != none ] || needs_root "starting PostgreSQL" \
      "sudo pg_ctlcluster --skip-systemctl-redirect $pg_version $pg_name start"
    step "starting PostgreSQL $pg_version/$pg_name on 127.0.0.1:$PG_PORT" \
      as_root pg_ctlcluster --skip-systemctl-redirect "$pg_version" "$pg_name" start
  fi
  wait_port "$PG_HOST" "$PG_PORT" 60 || fail "PostgreSQL $pg_version/$pg_name did not come up on $PG_HOST:$PG_PORT"
fi

# A cluster this run created gets the project's role, allowed in on loopback without a password (as on the
# machines this project is developed on). An existing cluster's authentication is left alone.
if [ -n "$fresh_cluster" ]; then
  role=${PG_USER:-postgres}
  [[ "$role" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || fail "DATABASE_URL names an unusual role \"$role\": create it yourself"
  psql_admin() { as_postgres psql -X -q -A -t -p "$PG_PORT" -d postgres -c "$1"; }
  if [ -z "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" ]; then
    step "creating PostgreSQL role $role" psql_admin "CREATE ROLE \"$role\" LOGIN CREATEDB"
  fi
  hba=$(psql_admin "SHOW hba_file")
  allow_loopback() {
    as_postgres sed -i -e "1i host all $role 127.0.0.1/32 trust" -e "1i host all $role ::1/128 trust" "$hba" &&
      psql_admin "SELECT pg_reload_conf()" >/dev/null
  }
  step "letting role $role connect on loopback without a password ($hba)" allow_loopback
fi

if command -v psql >/dev/null 2>&1 && [ "$PG_HAS_PASSWORD" = 0 ]; then
  host=$PG_HOST
  [[ "$host" != *:* ]] || host="[$host]"
  check_url="postgresql://${PG_USER:+$PG_USER@}$host:$PG_PORT/postgres"
  if ! err=$(PGCONNECT_TIMEOUT=10 psql -X -w -q -A -t -d "$check_url" -c "SELECT 1" 2>&1 >/dev/null); then
    case "$err" in
      *password* | *pg_hba.conf*)
        fail "PostgreSQL at $PG_HOST:$PG_PORT wants a password for role ${PG_USER:-postgres}: put it in DATABASE_URL in .env, e.g. postgresql://${PG_USER:-postgres}:PASSWORD@$PG_HOST:$PG_PORT/${PG_DB:-paperboy}" ;;
      *"does not exist"*)
        fail "PostgreSQL at $PG_HOST:$PG_PORT has no role ${PG_USER:-postgres}: create it (sudo -u postgres createuser --createdb ${PG_USER:-postgres}) or set DATABASE_URL in .env to a role that exists" ;;
      *) fail "PostgreSQL at $PG_HOST:$PG_PORT refused the connection: $err" ;;
    esac
  fi
fi

# --- Redis ------------------------------------------------------------------------------------------------------
if [ "$redis_up" = 0 ] && ! port_open "$REDIS_HOST" "$REDIS_PORT"; then
  # Redis needs no root: it runs as whoever starts it, keeping nothing on disk (BullMQ's jobs are transport; the
  # database is the source of truth). Its pid file and log go to .paperboy/, not to the system's places.
  mkdir -p .paperboy
  step "starting Redis on 127.0.0.1:$REDIS_PORT (log: .paperboy/redis-$REDIS_PORT.log)" \
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --pidfile "$PWD/.paperboy/redis-$REDIS_PORT.pid" --logfile "$PWD/.paperboy/redis-$REDIS_PORT.log"
  wait_port "$REDIS_HOST" "$REDIS_PORT" 30 || fail "Redis did not come up on $REDIS_HOST:$REDIS_PORT"
fi

if [ "$REDIS_HAS_PASSWORD" = 0 ]; then
  reply=$(
    exec 3<>"/dev/tcp/$REDIS_HOST/$REDIS_PORT" && printf 'PING\r\n' >&3 && read -r -t 5 line <&3 && echo "$line"
  ) || reply=""
  case "$reply" in
    +PONG*) ;;
    -NOAUTH* | -WRONGPASS* | *Authentication*)
      fail "Redis at $REDIS_HOST:$REDIS_PORT wants a password: put it in REDIS_URL in .env, e.g. redis://:PASSWORD@$REDIS_HOST:$REDIS_PORT/0" ;;
    *) fail "something that is not Redis answers at $REDIS_HOST:$REDIS_PORT (REDIS_URL): ${reply:-no reply}" ;;
  esac
fi
