import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, isCrossSiteWrite, securityHeaders } from "./security-headers";

const headers = (init: Record<string, string>) => new Headers(init);

describe("security headers", () => {
  it("allow only scripts with the request's nonce, never inline or eval in production", () => {
    const csp = contentSecurityPolicy({ nonce: "abc123", dev: false, https: false });
    const script = csp.split("; ").find((d) => d.startsWith("script-src "));
    expect(script).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy({ nonce: "n", dev: true, https: false })).toContain("'unsafe-eval'");
  });

  it("send HSTS only over https", () => {
    const plain = securityHeaders({ nonce: "n", dev: false, https: false });
    expect(plain).toMatchObject({ "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin" });
    expect(plain["Strict-Transport-Security"]).toBeUndefined();
    const secure = securityHeaders({ nonce: "n", dev: false, https: true });
    expect(secure["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
    expect(secure["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
  });
});

describe("isCrossSiteWrite", () => {
  it("lets this site's writes and every read through", () => {
    expect(isCrossSiteWrite("POST", headers({ host: "admin.example.com", origin: "https://admin.example.com" }))).toBe(false);
    expect(isCrossSiteWrite("POST", headers({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }))).toBe(false);
    expect(isCrossSiteWrite("POST", headers({ host: "internal:3000", "x-forwarded-host": "admin.example.com", origin: "https://admin.example.com" }))).toBe(false);
    expect(isCrossSiteWrite("POST", headers({ host: "admin.example.com" }))).toBe(false); // not a browser
    expect(isCrossSiteWrite("GET", headers({ host: "admin.example.com", origin: "https://evil.example" }))).toBe(false);
  });

  it("refuses another site's writes", () => {
    for (const init of <Record<string, string>[]>[
      { host: "admin.example.com", origin: "https://evil.example" },
      { host: "admin.example.com", origin: "https://admin.example.com.evil.example" },
      { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3001" },
      { host: "admin.example.com", origin: "null" },
      { host: "admin.example.com", "sec-fetch-site": "cross-site" },
    ]) {
      expect(isCrossSiteWrite("POST", headers(init)), JSON.stringify(init)).toBe(true);
    }
    expect(isCrossSiteWrite("DELETE", headers({ host: "a.example", origin: "https://b.example" }))).toBe(true);
  });
});
