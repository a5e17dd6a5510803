/**
 * Where to go after signing in: only a path on this site, or the sign-in page would be an
 * open redirect. The target is resolved the way a browser resolves it (the WHATWG URL parser
 * drops tabs and newlines and reads `\` as `/`, so `/\t/evil.example` is `//evil.example`)
 * and kept only when it stays on the origin; what is returned is the parser's own
 * serialisation, so no control character ever reaches a Location header.
 */

/** Stands in for this site when no origin is given: only "same origin or not" matters. */
const PLACEHOLDER_ORIGIN = "http://admin-center.invalid";

/** `raw` as a path on `origin`, or "/" when a browser would take it anywhere else. */
export function sameOriginPath(raw: unknown, origin: string = PLACEHOLDER_ORIGIN): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== "string") return "/";
  const base = new URL(origin);
  // A relative target must be a path: `evil.example` or `?x` would hang off the current page.
  if (!value.startsWith("/") && !value.startsWith(`${base.origin}/`)) return "/";
  let target: URL;
  try {
    target = new URL(value, base);
  } catch {
    return "/";
  }
  if (target.origin !== base.origin) return "/";
  const path = `${target.pathname}${target.search}${target.hash}`;
  // `/.//evil.example` resolves to the path `//evil.example`, which a browser reads as a host.
  return path.startsWith("//") ? "/" : path;
}

/** Where the sign-in page sends an admin: a same-origin path that is not sign-in or setup again. */
export function safeCallbackUrl(raw: unknown, origin?: string): string {
  const path = sameOriginPath(raw, origin);
  return /^\/(sign-in|setup)(\/|\?|#|$)/.test(path) ? "/" : path;
}
