/**
 * The suite's local DNS server: domain verification asks the resolvers DNS_SERVERS names
 * (docs/product.md §5.1), so the suite answers TXT look-ups itself. Global setup starts it in the runner process and points the
 * app (DNS_SERVERS) at it; specs run in worker processes, so they publish records through a
 * JSON file the server re-reads: { "<record name>": ["<TXT value>", …] }.
 */
import { unwatchFile, watchFile, readFileSync, renameSync, writeFileSync } from "node:fs";
import { Resolver } from "node:dns/promises";
import { join } from "node:path";
import { startTestDnsServer } from "../../lib/domains/test-dns-server";
import { runCli } from "./cli";

/** Set by global setup for the workers (and the operator CLI they run: DNS_SERVERS). */
export const DNS_ENV = { records: "E2E_DNS_RECORDS", server: "E2E_DNS_SERVER" } as const;

type Records = Record<string, string[]>;

const normal = (name: string) => name.toLowerCase().replace(/\.$/, "");

function readRecords(path: string): Records {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as unknown;
    return parsed && typeof parsed === "object" ? (parsed as Records) : {};
  } catch {
    return {};
  }
}

/** Write-then-rename, so the server never reads a half-written file. */
function writeRecords(path: string, records: Records): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(records, null, 2));
  renameSync(tmp, path);
}

export interface E2eDnsServer {
  /** 127.0.0.1:<port>, for DNS_SERVERS. */
  address: string;
  recordsPath: string;
  close(): Promise<void>;
}

/** For global setup: a DNS server serving the TXT records in `<dir>/dns-records.json`. */
export async function startE2eDnsServer(dir: string): Promise<E2eDnsServer> {
  const recordsPath = join(dir, "dns-records.json");
  writeRecords(recordsPath, {});
  const server = await startTestDnsServer();
  let served = new Set<string>();
  const load = () => {
    const records = readRecords(recordsPath);
    const next = new Set(Object.keys(records).map(normal));
    for (const name of served) if (!next.has(name)) server.remove(name);
    for (const [name, values] of Object.entries(records)) server.setTxt(name, values);
    served = next;
  };
  // Polling stat (not inotify): it sees the rename of a new file over the old one.
  watchFile(recordsPath, { interval: 50 }, load);
  return {
    address: `127.0.0.1:${server.port}`,
    recordsPath,
    close: async () => {
      unwatchFile(recordsPath);
      await server.close();
    },
  };
}

function dnsEnv(): { recordsPath: string; server: string } {
  const recordsPath = process.env[DNS_ENV.records];
  const server = process.env[DNS_ENV.server];
  if (!recordsPath || !server) {
    throw new Error(
      "The suite's DNS server is not running: it starts in global setup with the suite's own server (not with E2E_BASE_URL).",
    );
  }
  return { recordsPath, server };
}

/**
 * Serves `values` as the TXT records at `name` and waits until the DNS server answers with
 * them, so the next verification sees them (no sleeping: it asks DNS until it does).
 */
export async function publishTxt(name: string, ...values: string[]): Promise<void> {
  const { recordsPath, server } = dnsEnv();
  writeRecords(recordsPath, { ...readRecords(recordsPath), [normal(name)]: values });
  await waitForDns(server, name, (found) => values.every((v) => found.includes(v)) && found.length === values.length);
}

/** Stops serving `name` (queries get NXDOMAIN), and waits until DNS says so. */
export async function unpublishTxt(name: string): Promise<void> {
  const { recordsPath, server } = dnsEnv();
  const records = readRecords(recordsPath);
  delete records[normal(name)];
  writeRecords(recordsPath, records);
  await waitForDns(server, name, (found) => found.length === 0);
}

async function waitForDns(server: string, name: string, done: (found: string[]) => boolean): Promise<void> {
  const resolver = new Resolver({ timeout: 500, tries: 1 });
  resolver.setServers([server]);
  const deadline = Date.now() + 10_000;
  let found: string[] = [];
  while (Date.now() < deadline) {
    try {
      found = (await resolver.resolveTxt(name)).map((chunks) => chunks.join(""));
    } catch {
      found = [];
    }
    if (done(found)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`The suite's DNS server did not pick up the change at ${name} (it serves ${JSON.stringify(found)}).`);
}

interface CliDomain {
  name: string;
  status: "verified" | "pending";
  record: { name: string; value: string };
}

/**
 * For specs that need a validated domain (e.g. the plan's acme.example before DI goes
 * on): adds it through the operator CLI, publishes its record and verifies it. A no-op
 * when it is already validated.
 */
export async function ensureValidatedDomain(domain: string): Promise<void> {
  const existing = (await runCli<CliDomain[]>(["domain", "list"])).find((d) => d.name === domain);
  if (existing?.status === "verified") return;
  const added = await runCli<{ record: { name: string; value: string } }>(["domain", "add", domain]);
  await publishTxt(added.record.name, added.record.value);
  await runCli(["domain", "verify", domain]);
}
