/**
 * Next.js 16 proxy (formerly middleware), in front of every page and route of the Admin
 * Center (not SCIM, which the server entry routes elsewhere):
 * - a write from another site is refused with a 403 (Next's own check answers 500);
 * - every response carries the security headers, with a fresh CSP nonce per request;
 * - a signed-out visit to an Admin Center page goes to the sign-in page, keeping where it
 *   was headed. That only checks that the session cookie decrypts; the admin layout, every
 *   server action (app/_server/admin-action.ts) and every GET route handler
 *   (app/_server/admin-route.ts) check the admin itself again.
 */
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { isCrossSiteWrite, securityHeaders } from "@/app/_auth/security-headers";
import { env } from "@/server/env";

/** Open to signed-out visitors: next-auth's own routes, Next's assets, the icon, sign-in and setup. */
const PUBLIC_PATH = /^\/(api\/auth|_next\/|sign-in|setup|favicon\.ico|icon\.svg)/;

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

  if (isCrossSiteWrite(request.method, request.headers)) {
    return withHeaders(NextResponse.json({ error: "Refused: this request came from another site." }, { status: 403 }), headers);
  }

  const { pathname, search } = request.nextUrl;
  // next-auth reads NEXTAUTH_SECRET itself (set by server/index.ts before Next starts).
  if (!PUBLIC_PATH.test(pathname) && !(await getToken({ req: request }))?.sub) {
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
