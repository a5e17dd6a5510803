/**
 * The server entry's SCIM half, for tests that must kill a real process: the same env(),
 * database connection, SCIM service (with its log flush timer) and HTTP server as
 * server/index.ts, with a stub in Next.js's place. Prints `listening <port>` when ready.
 */
import { createAppServer } from "../http-server";
import { getDb } from "../db";
import { handleScimHttp } from "../scim-http";

// Opened before the first request, as server/index.ts does; a failure ends the process.
getDb().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
const server = createAppServer({
  scim: handleScimHttp,
  app: (req, res) => {
    req.resume();
    res.writeHead(404).end();
  },
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
});
