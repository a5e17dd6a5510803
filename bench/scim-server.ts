/**
 * `npm run bench -- --scim-only`: the server entry without Next.js, for iterating on the
 * SCIM path without a production build (a build takes minutes on 2 cores; a SCIM change needs
 * none). Same adapter, database connection, scheduler and WAL checkpointer as server/index.ts;
 * everything outside /scim/v2 answers 404. The full benchmark never uses it: its figures come
 * from the real entry.
 */
// As server/index.ts: first, before any module is loaded with its source map.
import "@/server/source-maps-off";
import { getDb } from "@/server/db";
import { env } from "@/server/env";
import { createAppServer } from "@/server/http-server";
import { startScheduler } from "@/server/scheduler";
import { handleScimHttp } from "@/server/scim-http";
import { startWalCheckpointer } from "@/server/wal-checkpointer";

const { PORT, HOST, SCHEDULER_INTERVAL_MS, TRUST_PROXY, DATABASE_PATH } = env();
const db = getDb();
const server = createAppServer({
  scim: handleScimHttp,
  app: (_req, res) => {
    res.writeHead(404, { "Content-Type": "text/plain" });
    res.end("SCIM only (bench/scim-server.ts)");
  },
  trustProxy: TRUST_PROXY,
});
startScheduler(db, SCHEDULER_INTERVAL_MS);
startWalCheckpointer(db, { path: DATABASE_PATH, onError: (message) => console.error(`WAL checkpoint failed: ${message}`) });
server.listen(PORT, HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : PORT;
  console.log(`SCIM-only server listening on http://localhost:${port} (database ${DATABASE_PATH})`);
});
