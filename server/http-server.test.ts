/**
 * What the server entry hands the Admin Center (Next.js) about the client (issue 11 item 8):
 * its address in a header only the server sets, and X-Forwarded-* only behind a trusted
 * proxy. Over a real socket, with a stand-in app that echoes the headers it got.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "./client-address";
import { createAppServer } from "./http-server";

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function headersSeenByApp(trustProxy: boolean, headers: Record<string, string>): Promise<Record<string, string>> {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = createAppServer({
    trustProxy,
    scim: (_req, res) => res.writeHead(500).end(),
    app: (req, res) => res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(req.headers)),
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}/sign-in`, { headers });
  return (await response.json()) as Record<string, string>;
}

const CLAIMS = {
  [CLIENT_ADDRESS_HEADER]: "10.9.8.7",
  "X-Forwarded-For": "203.0.113.5",
  "X-Forwarded-Host": "evil.example",
  "X-Forwarded-Proto": "https",
  Forwarded: "for=203.0.113.5",
};

describe("createAppServer, for the Admin Center", () => {
  it("passes the peer's address, never the client's own claim, and drops forwarded headers without a trusted proxy", async () => {
    const seen = await headersSeenByApp(false, CLAIMS);
    expect(seen[CLIENT_ADDRESS_HEADER]).toBe("127.0.0.1");
    for (const name of ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "forwarded"]) expect(seen).not.toHaveProperty(name);
  });

  it("behind a trusted proxy takes the address the proxy saw and keeps its headers", async () => {
    const seen = await headersSeenByApp(true, { ...CLAIMS, "X-Forwarded-For": "198.51.100.1, 203.0.113.5" });
    expect(seen[CLIENT_ADDRESS_HEADER]).toBe("203.0.113.5");
    expect(seen).toMatchObject({ "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
    // A value that is not an address falls back to the peer.
    expect((await headersSeenByApp(true, { "X-Forwarded-For": "javascript://x" }))[CLIENT_ADDRESS_HEADER]).toBe("127.0.0.1");
  });
});
