import { cookies } from "next/headers";
import { endPlanUserSession } from "@/lib/sessions/plan-user-sessions";
import { PLAN_SESSION_COOKIE, planSessionCookieOptions } from "@/app/_auth/plan-user-cookie";
import { requestDb } from "@/app/_server/db";

/**
 * POST /sso/sign-out: a plan user (or an admin who signed in through the IdP) signs out.
 * The server-side session ends, so a copy of the cookie opens nothing either; the cookie is
 * cleared and the browser goes to the sign-in page. A form post from our own pages: proxy.ts
 * refuses it from another site. This ends only our session, not the person's session at the IdP.
 */
export async function POST(): Promise<Response> {
  const jar = await cookies();
  const secret = jar.get(PLAN_SESSION_COOKIE)?.value;
  if (secret) await endPlanUserSession(await requestDb(), secret, "signed-out", Date.now());
  jar.set(PLAN_SESSION_COOKIE, "", { ...planSessionCookieOptions(), maxAge: 0 });
  return new Response(null, { status: 303, headers: { Location: "/sign-in?ended=signed-out", "Cache-Control": "no-store" } });
}
