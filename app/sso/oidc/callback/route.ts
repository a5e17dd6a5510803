import { cookies } from "next/headers";
import type { NextRequest } from "next/server";
import { requestDb } from "@/app/_server/db";
import { publicOrigin } from "@/app/_server/origin";
import { completeOidcCallback } from "@/lib/sso/complete-oidc-callback";
import { resolveSecretBoxKey } from "@/server/auth-secret";
import { clientInfo, OIDC_STATE_COOKIE, outcomeResponse, refusedPath, seeOther } from "../../sso-adapter";

/**
 * GET /sso/oidc/callback: the OpenID Provider sends the browser back with a code (or an
 * error). The state cookie set by /sso/start comes along (SameSite=Lax: a top-level GET)
 * and is cleared whatever happens: each sign-in is answered once.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const jar = await cookies();
  const stateCookie = jar.get(OIDC_STATE_COOKIE)?.value ?? null;
  jar.set(OIDC_STATE_COOKIE, "", { path: "/sso/oidc/callback", maxAge: 0, httpOnly: true, sameSite: "lax" });
  if (request.nextUrl.search.length > 8192) return seeOther(refusedPath("invalid-response"));
  try {
    const origin = await publicOrigin();
    const outcome = await completeOidcCallback(await requestDb(), {
      query: request.nextUrl.search,
      stateCookie,
      origin,
      secretBoxKey: resolveSecretBoxKey(),
      now: Date.now(),
      ...(await clientInfo()),
    });
    return await outcomeResponse(outcome, origin);
  } catch (error) {
    console.error("OIDC callback failed:", error);
    return seeOther(refusedPath("invalid-response"));
  }
}
