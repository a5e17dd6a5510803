/**
 * `npm run bench -- --scim-only`: the server entry without Next.js, for iterating on the
 * SCIM path without a production build (a build takes minutes on 2 cores; a SCIM change needs
 * none). Same adapter, database connection, scheduler and WAL checkpointer as server/index.ts;
 * everything outside /scim/v2 answers 404. The full benchmark never uses it: its figures come
 * from the real entry.
 */
import { getDb } from "@/server/db";
import { env } from "@/server/env";
import { createAppServer } from "@/server/http-server";
import { startScheduler } from "@/server/scheduler";
import { handleScimHttp } from "@/server/scim-http";
import { startWalCheckpointer } from "@/server/wal-checkpointer";

// As server/index.ts (server/source-maps-off.ts), said here rather than imported: a --baseline
// checkout older than that module serves through this file too. The imports above have loaded by
// now; what matters is what loads later (no Next.js chunks here, so little either way).
process.setSourceMapsEnabled(false);

const { PORT, HOST, SCHEDULER_INTERVAL_MS, TRUST_PROXY, DATABASE_PATH } = env();

async function main(): Promise<void> {
const db = await getDb();
const server = createAppServer({
  scim: handleScimHttp,
  app: (_req, res) => {
    res.writeHead(404, { "Content-Type": "text/plain" });
    res.end("SCIM only (bench/scim-server.ts)");
  },
  trustProxy: TRUST_PROXY,
});
await startScheduler(db, SCHEDULER_INTERVAL_MS);
// Not `=== "sqlite"`: a --baseline checkout from before issue 15 serves through this file too, and its db has no engine.
if ((db as { engine?: string }).engine !== "postgres") startWalCheckpointer(db, { path: DATABASE_PATH, onError: (message) => console.error(`WAL checkpoint failed: ${message}`) });
server.listen(PORT, HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : PORT;
  console.log(`SCIM-only server listening on http://localhost:${port} (database ${(db as { location?: string }).location ?? DATABASE_PATH})`);
});
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
