/**
 * Next.js 16 proxy (formerly middleware), in front of every page and route of the Admin
 * Center (not SCIM, which the server entry routes elsewhere):
 * - a write from another site is refused with a 403 (Next's own check answers 500);
 * - every response carries the security headers, with a fresh CSP nonce per request;
 * - a signed-out visit to an Admin Center page goes to the sign-in page, keeping where it
 *   was headed. That only checks that a session cookie is there (next-auth's decrypts); the admin and workspace layouts, every
 *   server action (app/_server/admin-action.ts) and every GET route handler
 *   (app/_server/admin-route.ts) check the admin itself again.
 */
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { PLAN_SESSION_COOKIE } from "@/app/_auth/plan-user-cookie";
import { isCrossSiteWrite, securityHeaders } from "@/app/_auth/security-headers";
import { SP_PATHS } from "@/lib/sso/sp-values";
import { env } from "@/server/env";

/** Open to signed-out visitors: next-auth's own routes, Next's assets, the icon, sign-in, setup and single sign-on (app/sso). */
const PUBLIC_PATH = /^\/(api\/auth|_next\/|sign-in|setup|sso\/|favicon\.ico|icon\.svg)/;

/**
 * The SAML Assertion Consumer Service receives the IdP's form post (HTTP-POST binding,
 * SAML Bindings §3.5): a cross-site write by design. What protects it is the response
 * itself: signed by the IdP, for our audience and ACS, answering a request we sent
 * (lib/sso), never the Origin header.
 */
const CROSS_SITE_POST_ALLOWED: ReadonlySet<string> = new Set([SP_PATHS.acs]);

function withHeaders(response: NextResponse, headers: Record<string, string>): NextResponse {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const headers = securityHeaders({
    nonce,
    dev: process.env.NODE_ENV !== "production",
    https: env().PUBLIC_URL?.startsWith("https:") ?? false,
  });

  if (!CROSS_SITE_POST_ALLOWED.has(request.nextUrl.pathname) && isCrossSiteWrite(request.method, request.headers)) {
    return withHeaders(NextResponse.json({ error: "Refused: this request came from another site." }, { status: 403 }), headers);
  }

  const { pathname, search } = request.nextUrl;
  // next-auth reads NEXTAUTH_SECRET itself (set by server/index.ts before Next starts).
  // A plan user's session cookie (sign-in through the IdP) or a local admin's next-auth cookie.
  const hasSessionCookie = request.cookies.has(PLAN_SESSION_COOKIE) || Boolean((await getToken({ req: request }))?.sub);
  if (!PUBLIC_PATH.test(pathname) && !hasSessionCookie) {
    if (pathname.startsWith("/api/")) {
      return withHeaders(NextResponse.json({ error: "Sign in as a System Admin first." }, { status: 401 }), headers);
    }
    const signIn = request.nextUrl.clone();
    signIn.pathname = "/sign-in";
    signIn.search = `?${new URLSearchParams({ callbackUrl: `${pathname}${search}` })}`;
    return withHeaders(NextResponse.redirect(signIn), headers);
  }

  // Next takes the nonce from the CSP on the request and puts it on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]!);
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), headers);
}

export const config = {
  // Everything but Next's static files and SCIM (bearer tokens; the server entry routes
  // /scim/v2 elsewhere anyway): the headers reach sign-in and setup too.
  matcher: ["/((?!_next/static|_next/image|scim/v2|favicon\\.ico).*)"],
};
