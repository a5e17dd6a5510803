import { z } from "zod";

/**
 * Loopback hosts may be plain http (a receiver on the same machine, a local test); anything
 * else must be https: the body names tokens and counts, and the signature proves who sent it
 * but hides nothing from whoever is on the path.
 */
function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Why the URL cannot be a webhook endpoint, or null when it can. */
export function webhookUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter the receiver's full URL, e.g. https://hooks.example.com/admin-center.";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return `The URL must start with https:// (not ${url.protocol}//).`;
  if (url.protocol === "http:" && !isLoopback(url.hostname)) {
    return "Use https:// for a receiver on another machine: plain http is allowed only for localhost, where nothing is on the wire.";
  }
  if (url.username || url.password) {
    return "Leave credentials out of the URL: the receiver checks the signature instead (each delivery is signed with the endpoint's secret).";
  }
  if (url.hash) return "Leave out the #fragment: it is never sent to the receiver.";
  return null;
}

export const webhookUrlSchema = z
  .string({ error: "enter the receiver's URL" })
  .trim()
  .min(1, "enter the receiver's URL")
  .max(2000, "the URL must be at most 2,000 characters")
  .superRefine((value, ctx) => {
    const problem = webhookUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
