/**
 * A throw-away PostgreSQL server for tests and the benchmark (issue 15): Debian's
 * PostgreSQL binaries (e2e/ensure-postgres.sh installs them), a new cluster in a temporary
 * directory, on a free loopback port, owned by an unprivileged user (initdb refuses root:
 * as root it runs as `postgres`, the package's own user). Durability is off (fsync,
 * synchronous_commit): the cluster is deleted at the end, and tests want speed.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import pg from "pg";
import { freePort } from "./free-port";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

export interface TestPostgres {
  /** postgres://… of the `postgres` database, as the cluster's superuser. */
  url: string;
  /** The URL of another database of the same server. */
  urlOf(database: string): string;
  /** Creates an empty database (a copy of `template` when given) and returns its URL. */
  createDatabase(name: string, template?: string): Promise<string>;
  /** The postmaster's process id (the benchmark pins it to a core). */
  pid: number;
  stop(): Promise<void>;
}

const SUPERUSER = "admin_center";

/** The directory of Debian's PostgreSQL programs (the newest installed), or undefined. */
export function findPostgresBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], "bin");
}

function asUnprivileged(command: string, args: string[]): [string, string[]] {
  return userInfo().uid === 0 ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error("PostgreSQL is not installed: run `bash e2e/ensure-postgres.sh` (Debian's postgresql package).");
  const dir = mkdtempSync(join(tmpdir(), "admin-center-pg-"));
  const data = join(dir, "data");
  if (userInfo().uid === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
  }
  const [initCommand, initArgs] = asUnprivileged(join(bin, "initdb"), [
    "-D", data, "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
  ]);
  execFileSync(initCommand, initArgs, { stdio: "pipe" });
  const port = await freePort();
  const [command, args] = asUnprivileged(join(bin, "postgres"), [
    "-D", data, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1",
    "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
    "-c", "max_connections=200", "-c", "shared_buffers=128MB",
  ]);
  const server: ChildProcess = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  server.stderr?.on("data", (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const urlOf = (database: string) => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`PostgreSQL did not start:\n${log}`);
    try {
      execFileSync(join(bin, "pg_isready"), ["-h", "127.0.0.1", "-p", String(port), "-q"]);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not answer within 20 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // postmaster.pid's first line: the server itself, not runuser (as root) that started it.
  const pid = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
  return {
    url: urlOf("postgres"),
    pid,
    urlOf,
    async createDatabase(name, template) {
      const admin = new pg.Client({ connectionString: urlOf("postgres") });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ""}`);
      } finally {
        await admin.end();
      }
      return urlOf(name);
    },
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once("exit", resolve));
        // pg_ctl's fast shutdown: open transactions roll back, then the server exits (a signal
        // to runuser would not reach it).
        const [stopCommand, stopArgs] = asUnprivileged(join(bin, "pg_ctl"), ["stop", "-D", data, "-m", "fast", "-s"]);
        execFileSync(stopCommand, stopArgs, { stdio: "pipe" });
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
