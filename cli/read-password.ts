/**
 * Passwords for `admin create` and `admin reset-password`, never from argv (shell history,
 * `ps`): typed at a terminal without echo, twice, or the first line of piped stdin for
 * scripts (`printf '%s\n' "$PW" | npm run -s admin -- admin reset-password E`). `read` is
 * npm's own prompt package: muting a terminal by hand gets raw mode and ^C wrong.
 */
import { read } from "read";
import { AppError } from "@/lib/errors";

export async function readPassword(prompt: string): Promise<string> {
  if (process.stdin.isTTY) {
    const first = await read({ prompt, silent: true, replace: "", output: process.stderr });
    const again = await read({ prompt: "Type it again: ", silent: true, replace: "", output: process.stderr });
    if (first !== again) throw new AppError("invalid", "the two passwords differ: nothing was changed");
    return first;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const line = Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
  if (line === "") throw new AppError("invalid", "no password on stdin: type it at the prompt, or pipe it as the first line");
  return line;
}
