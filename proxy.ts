/**
 * Next.js 16 proxy (formerly middleware): a signed-out visit to any Admin Center page goes
 * to the sign-in page, keeping where it was headed. Only checks that the session cookie
 * decrypts; the admin layout, every server action (app/_server/admin-action.ts) and every
 * GET route handler (app/_server/admin-route.ts) check the admin itself again.
 */
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";

export async function proxy(request: NextRequest): Promise<NextResponse> {
  // next-auth reads NEXTAUTH_SECRET itself (set by server/index.ts before Next starts).
  const token = await getToken({ req: request });
  if (token?.sub) return NextResponse.next();

  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith("/api/")) {
    return NextResponse.json({ error: "Sign in as a System Admin first." }, { status: 401 });
  }
  const signIn = request.nextUrl.clone();
  signIn.pathname = "/sign-in";
  signIn.search = `?${new URLSearchParams({ callbackUrl: `${pathname}${search}` })}`;
  return NextResponse.redirect(signIn);
}

export const config = {
  // Everything except next-auth's own routes, Next's assets, the pages open to signed-out
  // visitors, and SCIM (bearer tokens; the server entry routes /scim/v2 elsewhere anyway).
  matcher: ["/((?!api/auth|_next/|scim/v2|sign-in|setup|favicon\\.ico).*)"],
};
