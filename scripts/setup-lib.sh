# Shared by the set-up scripts (sourced, not run): timed steps, root powers, and the service addresses the project
# is configured with.

say() { echo "paperboy: $*"; }
fail() { echo "paperboy: $*" >&2; exit 1; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# step LABEL COMMAND...: runs COMMAND, printing LABEL before and its duration after.
step() {
  local label=$1 start rc=0
  shift
  start=$(now_ms)
  say "$label ..."
  "$@" || rc=$?
  local ms=$(($(now_ms) - start))
  if [ "$rc" -ne 0 ]; then say "$label failed after $((ms / 1000)).$((ms % 1000 / 100)) s"; return "$rc"; fi
  say "$label: done in $((ms / 1000)).$((ms % 1000 / 100)) s"
}

# How this user can act as root: "root", "sudo" (password-less) or "none".
privilege() {
  if [ "$(id -u)" = "0" ]; then echo root
  elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then echo sudo
  else echo none
  fi
}

as_root() {
  case "$PRIVILEGE" in
    root) "$@" ;;
    sudo) sudo -n "$@" ;;
    *) return 1 ;;
  esac
}

as_postgres() {
  case "$PRIVILEGE" in
    root) runuser -u postgres -- "$@" ;;
    sudo) sudo -n -u postgres "$@" ;;
    *) return 1 ;;
  esac
}

# Sets PG_HOST PG_PORT PG_USER PG_HAS_PASSWORD REDIS_HOST REDIS_PORT REDIS_HAS_PASSWORD SMTP_HOST SMTP_PORT from
# DATABASE_URL, REDIS_URL and SMTP_URL: the environment first, then .env, then the defaults of .env.example.
read_service_urls() {
  eval "$(node - <<'JS'
const fs = require("fs");
const fromFile = {};
if (fs.existsSync(".env")) {
  for (const line of fs.readFileSync(".env", "utf8").split("\n")) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) fromFile[m[1]] = m[2].replace(/^(["'])(.*)\1$/, "$2");
  }
}
const pick = (key, fallback) => process.env[key] || fromFile[key] || fallback;
const q = (v) => "'" + String(v).replace(/'/g, "'\\''") + "'";
const out = [];
const parse = (key, fallback, defaultPort, prefix) => {
  let u;
  try { u = new URL(pick(key, fallback)); } catch { out.push(`fail ${q(key + " is not a valid URL")}`); return; }
  out.push(`${prefix}_HOST=${q(u.hostname.replace(/^\[|\]$/g, ""))}`, `${prefix}_PORT=${q(u.port || defaultPort)}`,
    `${prefix}_USER=${q(decodeURIComponent(u.username))}`, `${prefix}_HAS_PASSWORD=${u.password ? 1 : 0}`,
    `${prefix}_DB=${q(decodeURIComponent(u.pathname.slice(1)))}`);
};
parse("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/paperboy", "5432", "PG");
parse("REDIS_URL", "redis://127.0.0.1:6379/0", "6379", "REDIS");
parse("SMTP_URL", "smtp://127.0.0.1:1025", "25", "SMTP");
console.log(out.join("\n"));
JS
)"
}

is_loopback() { case "$1" in 127.0.0.1 | localhost | ::1) return 0 ;; *) return 1 ;; esac; }

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# wait_port HOST PORT SECONDS
wait_port() {
  local deadline=$(($(date +%s) + $3))
  until port_open "$1" "$2"; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

# apt_install [APT-GET OPTIONS] PACKAGE...: as root, quietly (dpkg's progress is long; errors still show). Another
# apt-get on the machine (unattended upgrades, a second checkout's set-up) is waited for rather than failed on.
APT_LOCK_WAIT=(-o DPkg::Lock::Timeout=600)
apt_install() { as_root env DEBIAN_FRONTEND=noninteractive apt-get "${APT_LOCK_WAIT[@]}" install -y -qq "$@" >/dev/null; }
apt_update() { as_root apt-get "${APT_LOCK_WAIT[@]}" update -qq; }
