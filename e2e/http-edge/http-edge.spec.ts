import type { APIResponse } from "@playwright/test";
import { ADMIN, signIn } from "../support/admin";
import { expect, test } from "../support/test";

/** The headers proxy.ts puts on every Admin Center response (issue 11, item 18). */
function expectSecurityHeaders(response: APIResponse): string {
  const headers = response.headers();
  const csp = headers["content-security-policy"] ?? "";
  const script = csp.split(/;\s*/).find((directive) => directive.startsWith("script-src ")) ?? "";
  expect(script).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'$/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  // The suite serves plain http: HSTS only over https (PUBLIC_URL).
  expect(headers["strict-transport-security"]).toBeUndefined();
  return /'nonce-([^']+)'/.exec(script)?.[1] ?? "";
}

test("every page sends the security headers, with a fresh nonce Next puts on its scripts", async ({ page, request }) => {
  const nonces = new Set<string>();
  for (const path of ["/sign-in", "/sign-in"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status()).toBe(200);
    const nonce = expectSecurityHeaders(response);
    nonces.add(nonce);
    const scripts = [...(await response.text()).matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
  }
  expect(nonces.size).toBe(2);
  // Redirects and refusals carry them too: setup (closed) and a signed-out admin page.
  expectSecurityHeaders(await request.get("/setup", { maxRedirects: 0 }));
  expectSecurityHeaders(await request.get("/users", { maxRedirects: 0 }));
  expectSecurityHeaders(await request.get("/api/activity", { maxRedirects: 0 }));

  // Signed in, the pages work under the policy (the fixture fails on any CSP violation).
  await signIn(page, "/users");
  expectSecurityHeaders(await page.request.get("/users"));
  await page.getByRole("navigation", { name: "Admin Center" }).getByRole("link", { name: "Security & Controls" }).click();
  await expect(page.getByRole("heading", { name: "Security & Controls", level: 1 })).toBeVisible();
  // A page that does not exist renders per request too, so its scripts carry the nonce.
  expect((await page.goto("/no-such-page"))?.status()).toBe(404);
  await expect(page.getByText("This page could not be found.")).toBeVisible();
});

test("pages name the icon, which loads signed out too, and no request answers 404", async ({ page }) => {
  const missing: string[] = [];
  page.on("response", (response) => {
    if (response.status() === 404) missing.push(response.url());
  });
  await page.goto("/sign-in");
  const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(href).toMatch(/^\/icon\.svg/);
  const icon = await page.request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
  await signIn(page, "/");
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  expect(missing).toEqual([]);
});

test("a server action from another site is refused with 403, not a 500", async ({ page, request }) => {
  const crossSite = {
    "Next-Action": "7f0123456789abcdef0123456789abcdef012345",
    "Content-Type": "text/plain;charset=UTF-8",
    Accept: "text/x-component",
  };
  // The page open to everyone (setup) and, with the victim's session, an admin page.
  const open = await request.post("/setup", { headers: { ...crossSite, Origin: "https://evil.example" }, data: "[]", maxRedirects: 0 });
  expect(open.status()).toBe(403);
  await signIn(page);
  for (const headers of <Record<string, string>[]>[{ Origin: "https://evil.example" }, { Origin: "null" }, { "Sec-Fetch-Site": "cross-site" }]) {
    const response = await page.request.post("/users", { headers: { ...crossSite, ...headers }, data: "[]", maxRedirects: 0 });
    expect(response.status(), JSON.stringify(headers)).toBe(403);
    expectSecurityHeaders(response);
  }
});

test("sign-in returns only to a path on this site", async ({ page, baseURL }) => {
  // Browsers read `/\t/` as `//`: this once sent the admin to evil.example after sign-in.
  await page.goto("/sign-in?callbackUrl=/%09/evil.example");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  expect(page.url()).toBe(`${baseURL}/`);

  // A newline once made the Location header invalid: a 500, signed in or out.
  const signedIn = await page.request.get("/sign-in?callbackUrl=/%0A/x", { maxRedirects: 0 });
  expect(signedIn.status()).toBe(307);
  expect(signedIn.headers().location).toBe("/");
  const signedOut = await page.context().browser()!.newContext({ baseURL });
  try {
    expect((await signedOut.request.get("/sign-in?callbackUrl=/%0A/x", { maxRedirects: 0 })).status()).toBe(200);
  } finally {
    await signedOut.close();
  }
});
