/**
 * The floor (issue 6): the best this machine can do for an existence check. Bare
 * node:http, one indexed better-sqlite3 lookup of `userName` through a prepared
 * statement, and the same JSON shape serialised: no token check, no request log, no
 * framework, no drizzle (only db/client's connection settings). Our SCIM service is measured against it under the same load generator.
 * On PostgreSQL (`--db postgres`, issue 15) the same lookup through the same driver (pg) as a
 * named prepared statement on a pool of the app's size.
 *
 *   tsx bench/floor-server.ts <database file or postgres:// URL> <port>
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import pg from "pg";
import { isPostgresUrl, MIGRATIONS_FOLDER, sqliteConnectionOf } from "@/db/client";
import { openSqlite } from "@/db/sqlite";

const [path, portText] = process.argv.slice(2);
if (!path || !portText) {
  console.error("usage: tsx bench/floor-server.ts <database> <port>");
  process.exit(2);
}
// The app's own connection settings (WAL, page cache, memory map), so the floor differs
// from the product only by the work it leaves out.
const lookUp = isPostgresUrl(path) ? postgresLookup(path) : sqliteLookup(path);

// SQLite's answers at once, as before: the floor must not pay for a promise it does not need.
function sqliteLookup(file: string): (userNameNorm: string) => Row | undefined {
  const db = sqliteConnectionOf(openSqlite(file, { migrate: false, migrationsFolder: MIGRATIONS_FOLDER }));
  const byUserName = db.prepare("SELECT * FROM users WHERE user_name_norm = ?");
  return (userNameNorm) => byUserName.get(userNameNorm) as Row | undefined;
}

function postgresLookup(url: string): (userNameNorm: string) => Promise<Row | undefined> {
  // bigint columns as numbers, as db/postgres.ts reads them.
  const pool = new pg.Pool({ connectionString: url, max: 10, types: { getTypeParser: (oid: number, format?: "text" | "binary") => (oid === 20 ? Number : pg.types.getTypeParser(oid, format)) } });
  return async (userNameNorm) =>
    (await pool.query<Row>({ name: "by_user_name", text: "SELECT * FROM users WHERE user_name_norm = $1", values: [userNameNorm] })).rows[0];
}
const FILTER = /^userName eq "(.*)"$/;

interface Row {
  id: string;
  user_name: string;
  external_id: string | null;
  status: string;
  seat_type: string;
  version: number;
  created_at: number;
  updated_at: number;
  resource: string;
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://floor");
  const match = FILTER.exec(url.searchParams.get("filter") ?? "");
  if (!match?.[1]) {
    res.writeHead(400).end();
    return;
  }
  const found = lookUp(match[1].toLowerCase());
  if (found instanceof Promise) found.then((row) => respond(req, res, row), () => res.writeHead(503).end());
  else respond(req, res, found);
});

function respond(req: IncomingMessage, res: ServerResponse, row: Row | undefined): void {
  const resources = row
    ? [
        {
          schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
          id: row.id,
          externalId: row.external_id,
          ...(JSON.parse(row.resource) as Record<string, unknown>),
          userName: row.user_name,
          active: row.status === "active",
          meta: {
            resourceType: "User",
            created: new Date(row.created_at).toISOString(),
            lastModified: new Date(row.updated_at).toISOString(),
            location: `http://${req.headers.host}/scim/v2/Users/${row.id}`,
            version: `W/"${row.version}"`,
          },
        },
      ]
    : [];
  const body = JSON.stringify({
    schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
    totalResults: resources.length,
    itemsPerPage: resources.length,
    startIndex: 1,
    Resources: resources,
  });
  res.writeHead(200, { "Content-Type": "application/scim+json; charset=utf-8" });
  res.end(body);
}
server.listen(Number(portText), "127.0.0.1", () => console.log(`floor listening on ${portText}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
