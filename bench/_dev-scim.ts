import { createServer } from "node:http";
import { env } from "@/server/env";
import { handleScimHttp } from "@/server/scim-http";
const server = createServer((req, res) => handleScimHttp(req, res));
server.listen(env().PORT, "127.0.0.1", () => console.log(`dev scim listening on ${env().PORT}`));
process.on("SIGTERM", () => process.exit(0));
