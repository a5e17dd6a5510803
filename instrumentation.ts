/**
 * Next.js runs `register()` once when its server starts (before it serves), in the server
 * entry's process: the place to print the one-time setup code without touching server/.
 */
export async function register(): Promise<void> {
  // Also evaluated for the edge runtime, which has no file system: only Node prints it.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { announceSetupCode } = await import("./app/_auth/setup-code");
  await announceSetupCode();
}
