/**
 * The HTTP edge of the Admin Center's pages, for proxy.ts: the security headers every
 * response carries, and the check that refuses a write from another site before Next sees it.
 */

export interface SecurityHeaderOptions {
  /** A fresh random value per request: the only inline and external scripts that may run carry it. */
  nonce: string;
  /** `next dev` evaluates code (React's dev tools, fast refresh): only there is `'unsafe-eval'` allowed. */
  dev: boolean;
  /** Served over https (PUBLIC_URL): browsers are told to keep to https (HSTS) and upgrade requests. */
  https: boolean;
}

/**
 * Next.js reads the nonce from this header on the request and puts it on its own scripts
 * (the pages render per request, so every response gets its own). `'strict-dynamic'` lets
 * those scripts load the app's chunks. `style-src` needs `'unsafe-inline'`: React writes
 * `style` attributes (Radix positions its popovers and hides its native inputs that way),
 * and a nonce cannot cover an attribute; styles cannot run code, scripts stay nonce-only.
 */
export function contentSecurityPolicy({ nonce, dev, https }: SecurityHeaderOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Over plain http (localhost, the e2e suite) upgrading would break every request.
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    // For browsers that predate frame-ancestors: no page of the Admin Center is framed (clickjacking).
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    // Admin URLs carry searches for people's emails: other sites never see them.
    "Referrer-Policy": "same-origin",
    ...(options.https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a request is a write sent by a page of another site (a server action, a form post):
 * Next compares Origin with the Host (X-Forwarded-Host first) the same way, but answers a
 * refused server action with a 500. Browsers send Origin on every POST; an older one that
 * does not still says `Sec-Fetch-Site: cross-site`.
 */
export function isCrossSiteWrite(method: string, headers: Headers): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const origin = headers.get("origin");
  if (origin === null) return headers.get("sec-fetch-site") === "cross-site";
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  if (!host) return true;
  try {
    return new URL(origin).host !== host.toLowerCase();
  } catch {
    return true; // `Origin: null` (a sandboxed frame, a file) or garbage
  }
}
