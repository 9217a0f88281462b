// scripts/ensure-services.sh on a machine it must not change: it runs against a PATH holding only stand-ins for the
// system commands (apt-get, pg_ctlcluster, redis-server, psql, id, sudo, ...; test/fixtures/stand-ins) that record
// their calls, plus a short list of harmless real tools. A command missing from that PATH fails the run instead of
// reaching the real one. "Started" servers are listeners on free ports, never the shared 5432 and 6379.
import { execFile, spawn } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { waitUntil } from "../../helpers/wait-until";

const root = path.resolve(import.meta.dirname, "../../..");
const standIns = path.join(root, "test/fixtures/stand-ins");
const realTools = ["bash", "env", "node", "cat", "cp", "sed", "awk", "grep", "date", "sleep", "dirname", "basename", "head", "tail", "sort", "mkdir", "touch", "nohup"];
const pgPackage = ["pg_lsclusters", "pg_ctlcluster", "pg_createcluster", "psql"];
const hbaAsShipped = "local all postgres peer\nhost all all 127.0.0.1/32 scram-sha-256\n";

interface Machine {
  dir: string;
  state: string;
  bin: string;
  pgPort: number;
  redisPort: number;
}
const machines: Machine[] = [];

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A checkout with the set-up scripts and a PATH of stand-ins; `installed` lists stand-in commands already there. */
async function machine(installed: string[]): Promise<Machine> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "paperboy-setup-"));
  const m: Machine = { dir, state: path.join(dir, "state"), bin: path.join(dir, "bin"), pgPort: await freePort(), redisPort: await freePort() };
  machines.push(m);
  for (const d of [m.state, m.bin, path.join(dir, "repo/scripts")]) mkdirSync(d, { recursive: true });
  for (const f of ["ensure-services.sh", "setup-lib.sh"]) copyFileSync(path.join(root, "scripts", f), path.join(dir, "repo/scripts", f));
  for (const tool of realTools) {
    const found = ["/usr/bin", "/bin"].map((d) => path.join(d, tool)).find((p) => existsSync(p));
    if (!found) throw new Error(`${tool} not found`);
    symlinkSync(found, path.join(m.bin, tool));
  }
  for (const cmd of ["id", "sudo", "runuser", "apt-get", "dpkg-query", ...installed]) {
    copyFileSync(path.join(standIns, cmd), path.join(m.bin, cmd));
    chmodSync(path.join(m.bin, cmd), 0o755);
  }
  writeFileSync(path.join(m.state, "roles"), "postgres\n");
  writeFileSync(path.join(m.state, "pg_hba.conf"), hbaAsShipped);
  return m;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  calls: string[];
}

function run(m: Machine, uid: number, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      "/usr/bin/bash",
      [path.join(m.dir, "repo/scripts/ensure-services.sh")],
      {
        env: {
          NODE_ENV: "test",
          PATH: m.bin,
          HOME: m.dir,
          DATABASE_URL: `postgresql://postgres@127.0.0.1:${m.pgPort}/paperboy`,
          REDIS_URL: `redis://127.0.0.1:${m.redisPort}/0`,
          STANDIN_STATE: m.state,
          STANDIN_LIB: standIns,
          STANDIN_BIN: m.bin,
          STANDIN_UID: String(uid),
          ...env,
        },
        timeout: 90_000,
      },
      (err, stdout, stderr) => {
        const callsFile = path.join(m.state, "calls");
        const calls = existsSync(callsFile) ? readFileSync(callsFile, "utf8").trim().split("\n") : [];
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr, calls });
      },
    );
  });
}

/** The calls that change a machine, or run as postgres (the look-ups are left out; runuser names what it runs). */
function actions(r: Run): string[] {
  return r.calls.filter((c) => /^(apt-get|pg_createcluster|pg_ctlcluster|redis-server|runuser) /.test(c));
}

afterEach(() => {
  for (const m of machines.splice(0)) {
    const pids = path.join(m.state, "pids");
    if (existsSync(pids)) {
      for (const pid of readFileSync(pids, "utf8").trim().split("\n").map(Number)) {
        try {
          process.kill(pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
    }
    rmSync(m.dir, { recursive: true, force: true });
  }
});

// Each case runs the script once; generous deadlines, since the machine may be busy.
describe("ensure-services.sh", { timeout: 120_000 }, () => {
  it("missing and root: installs both packages, creates the cluster the package did not, starts both on loopback, lets the role in", async () => {
    const m = await machine([]);
    const r = await run(m, 0);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(actions(r)).toEqual([
      "apt-get -o DPkg::Lock::Timeout=600 update -qq",
      "apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends postgresql redis-server",
      `pg_createcluster --port ${m.pgPort} 15 main`,
      `pg_ctlcluster --skip-systemctl-redirect 15 main start`,
      "runuser -u postgres -- psql -X -q -A -t -p " + m.pgPort + " -d postgres -c SELECT 1 FROM pg_roles WHERE rolname = 'postgres'",
      "runuser -u postgres -- psql -X -q -A -t -p " + m.pgPort + " -d postgres -c SHOW hba_file",
      `runuser -u postgres -- sed -i -e 1i host all postgres 127.0.0.1/32 trust -e 1i host all postgres ::1/128 trust ${m.state}/pg_hba.conf`,
      "runuser -u postgres -- psql -X -q -A -t -p " + m.pgPort + " -d postgres -c SELECT pg_reload_conf()",
      `redis-server --daemonize yes --bind 127.0.0.1 --port ${m.redisPort} --save  --appendonly no --pidfile ${m.dir}/repo/.paperboy/redis-${m.redisPort}.pid --logfile ${m.dir}/repo/.paperboy/redis-${m.redisPort}.log`,
    ]);
    // The loopback rules come before the package's password rule (the first matching line wins).
    expect(readFileSync(path.join(m.state, "pg_hba.conf"), "utf8")).toBe(
      "host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust\n" + hbaAsShipped,
    );
    // Each step is printed with its time.
    expect(r.stdout).toMatch(/paperboy: installing postgresql redis-server \(apt-get\): done in \d+\.\d s/);
    expect(r.stdout).toMatch(new RegExp(`paperboy: starting Redis on 127\\.0\\.0\\.1:${m.redisPort} .*: done in \\d+\\.\\d s`));
  });

  it("missing and root, the package made the cluster: no second cluster; a role of another name is created", async () => {
    const m = await machine([]);
    writeFileSync(path.join(m.state, "package-cluster-port"), String(m.pgPort));
    const r = await run(m, 0, { DATABASE_URL: `postgresql://reader@localhost:${m.pgPort}/paperboy` });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const a = actions(r);
    expect(a.some((c) => c.startsWith("pg_createcluster"))).toBe(false);
    expect(a).toContain("pg_ctlcluster --skip-systemctl-redirect 15 main start");
    expect(a).toContain(`runuser -u postgres -- psql -X -q -A -t -p ${m.pgPort} -d postgres -c CREATE ROLE "reader" LOGIN CREATEDB`);
    expect(readFileSync(path.join(m.state, "pg_hba.conf"), "utf8")).toMatch(/^host all reader 127\.0\.0\.1\/32 trust\n/);
  });

  it("missing and not root: changes nothing, prints the exact command, and stops", async () => {
    const m = await machine([]);
    const r = await run(m, 1000);
    expect(r.code).not.toBe(0);
    expect(actions(r)).toEqual([]);
    expect(r.calls).toContain("sudo -n true");
    expect(r.stderr).toContain("postgresql redis-server not installed");
    expect(r.stderr).toContain(
      `    sudo env "PATH=$PATH" "DATABASE_URL=postgresql://postgres@127.0.0.1:${m.pgPort}/paperboy" "REDIS_URL=redis://127.0.0.1:${m.redisPort}/0" bash ${m.dir}/repo/scripts/ensure-services.sh\n`,
    );
  });

  it("installed but stopped: starts both, installs nothing, leaves the existing cluster's authentication alone", async () => {
    const m = await machine([...pgPackage, "redis-server"]);
    writeFileSync(path.join(m.state, "installed-postgresql"), "");
    writeFileSync(path.join(m.state, "clusters"), `15 main ${m.pgPort} down\n`);
    const hba = "host all postgres 127.0.0.1/32 trust\n";
    writeFileSync(path.join(m.state, "pg_hba.conf"), hba);
    const r = await run(m, 0);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(actions(r)).toEqual([
      "pg_ctlcluster --skip-systemctl-redirect 15 main start",
      `redis-server --daemonize yes --bind 127.0.0.1 --port ${m.redisPort} --save  --appendonly no --pidfile ${m.dir}/repo/.paperboy/redis-${m.redisPort}.pid --logfile ${m.dir}/repo/.paperboy/redis-${m.redisPort}.log`,
    ]);
    expect(readFileSync(path.join(m.state, "pg_hba.conf"), "utf8")).toBe(hba);
  });

  it("installed but stopped, not root: prints the command that starts PostgreSQL", async () => {
    const m = await machine([...pgPackage, "redis-server"]);
    writeFileSync(path.join(m.state, "clusters"), `15 main ${m.pgPort} down\n`);
    const r = await run(m, 1000);
    expect(r.code).not.toBe(0);
    expect(actions(r)).toEqual([]);
    expect(r.stderr).toContain("    sudo pg_ctlcluster --skip-systemctl-redirect 15 main start\n");
  });

  it("installed but on another port: names DATABASE_URL and the port", async () => {
    const m = await machine([...pgPackage, "redis-server"]);
    writeFileSync(path.join(m.state, "clusters"), `15 main 5433 down\n`);
    const r = await run(m, 0);
    expect(r.code).not.toBe(0);
    expect(actions(r)).toEqual([]);
    expect(r.stderr).toContain(`no PostgreSQL cluster on port ${m.pgPort}; found 15/main (port 5433). Set DATABASE_URL`);
  });

  it("running but wanting a password: names DATABASE_URL, or REDIS_URL", async () => {
    const m = await machine([...pgPackage, "redis-server"]);
    await startListener(m, m.pgPort, "postgres");
    let r = await run(m, 0);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`wants a password for role postgres: put it in DATABASE_URL in .env, e.g. postgresql://postgres:PASSWORD@127.0.0.1:${m.pgPort}/paperboy`);

    writeFileSync(path.join(m.state, "pg_hba.conf"), "host all postgres 127.0.0.1/32 trust\n");
    await startListener(m, m.redisPort, "-NOAUTH Authentication required.");
    r = await run(m, 0);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`Redis at 127.0.0.1:${m.redisPort} wants a password: put it in REDIS_URL in .env`);
    expect(actions(r)).toEqual([]);
  });
});

/** A server already running on PORT (started outside the script), answering every line with REPLY. */
async function startListener(m: Machine, port: number, reply: string): Promise<void> {
  const child = spawn(process.execPath, [path.join(standIns, "listen.cjs"), String(port), reply], { stdio: "ignore" });
  writeFileSync(path.join(m.state, "pids"), `${child.pid}\n`, { flag: "a" });
  const answers = () =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true))).once("error", () => resolve(false));
    });
  await waitUntil(answers, 10_000, `a listener on port ${port}`);
}
