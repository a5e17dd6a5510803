/**
 * The server entry (Next.js's custom-server pattern). It only routes (server/http-server.ts):
 * /scim/v2 to the framework-free SCIM adapter, everything else to Next.js.
 */
import "./source-maps-off"; // before anything else loads: see there
import next from "next";
import { resolveAuthSecret, resolveSecretBoxKey } from "./auth-secret";
import { ensureBuild } from "./build";
import { getDb } from "./db";
import { env, EnvError, exportLibraryEnv } from "./env";
import { createAppServer } from "./http-server";
import { startScheduler } from "./scheduler";
import { handleScimHttp } from "./scim-http";
import { startWalCheckpointer } from "./wal-checkpointer";
import { startWebhookWorker } from "./webhook-worker";

async function main(): Promise<void> {
  const dev = process.argv.includes("--dev");
  const { PORT, HOST, PUBLIC_URL, SCHEDULER_INTERVAL_MS, NEXT_DIST_DIR, TRUST_PROXY } = env();
  const db = await getDb(); // creates the database file and applies migrations before anything serves

  exportLibraryEnv({
    NEXTAUTH_SECRET: resolveAuthSecret(),
    NEXTAUTH_URL: PUBLIC_URL ?? `http://localhost:${PORT}`,
  });

  if (!dev) ensureBuild(process.cwd(), NEXT_DIST_DIR);

  const app = next({ dev, hostname: HOST, port: PORT });
  const handleNext = app.getRequestHandler();
  await app.prepare();

  const server = createAppServer({
    scim: handleScimHttp,
    app: (req, res) => void handleNext(req, res),
    trustProxy: TRUST_PROXY,
  });
  await startScheduler(db, SCHEDULER_INTERVAL_MS);
  startWebhookWorker(db, { secretBoxKey: resolveSecretBoxKey(), publicOrigin: PUBLIC_URL ? new URL(PUBLIC_URL).origin : null });
  if (db.engine === "sqlite" && db.location !== ":memory:") {
    startWalCheckpointer(db, {
      path: db.location,
      onError: (message) => console.error(`WAL checkpoint failed (retried; the writer checkpoints itself past its threshold): ${message}`),
    });
  }
  server.listen(PORT, HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : PORT;
    console.log(`Admin Center listening on http://localhost:${port} (database ${db.location})`);
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
});
