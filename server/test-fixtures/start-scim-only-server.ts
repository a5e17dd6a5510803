/**
 * Starts scim-only-server.ts as a process of its own and resolves with it and its port once it
 * listens. The server itself, with tsx as a loader: the tsx command would run it as its own
 * child, and a kill -9 would stop only that launcher and leave the server writing (a CI run
 * found it still running after the suite).
 */
import { spawn, type ChildProcess } from "node:child_process";

export function startScimOnlyServer(env: Record<string, string>): { child: ChildProcess; listening: Promise<number> } {
  const child = spawn(process.execPath, ["--import", "tsx", "server/test-fixtures/scim-only-server.ts"], {
    cwd: process.cwd(),
    env: { ...process.env, NODE_ENV: "test", SCIM_RATE_LIMIT_PER_MINUTE: "1000000", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const listening = new Promise<number>((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const port = /listening (\d+)/.exec(out)?.[1];
      if (port) resolve(Number(port));
    });
    child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
    child.on("exit", (code) => reject(new Error(`server exited (${code}) before listening: ${err}`)));
  });
  return { child, listening };
}
