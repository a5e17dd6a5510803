import { z } from "zod";
import { sameOriginPath } from "@/app/_auth/callback-url";
import { requestDb } from "@/app/_server/db";
import { publicOrigin } from "@/app/_server/origin";
import { ssoStartProblemOf } from "@/lib/sso/find-connection-for-email";
import { startSsoSignIn } from "@/lib/sso/start-sso-sign-in";
import { resolveSecretBoxKey } from "@/server/auth-secret";
import { continueToIdp, readForm, seeOther, setFlowCookies } from "../sso-adapter";

const startSchema = z.object({
  email: z.string().trim().max(320).default(""),
  callbackUrl: z.string().max(2048).optional(),
});

/**
 * POST /sso/start (the sign-in page's "Continue with single sign-on"): finds the connection
 * by the email's validated domain and sends the browser to the IdP. Trouble goes back to
 * the sign-in page with `?sso=<code>` and the email, which the page explains.
 */
export async function POST(request: Request): Promise<Response> {
  const form = await readForm(request);
  const parsed = startSchema.safeParse(Object.fromEntries(form?.entries() ?? []));
  const email = parsed.success ? parsed.data.email : "";
  const back = (code: string) => seeOther(`/sign-in?${new URLSearchParams({ sso: code, ...(email ? { email } : {}) })}`);
  if (!parsed.success) return back("invalid-email");
  const origin = await publicOrigin();
  try {
    const started = await startSsoSignIn(await requestDb(), {
      purpose: "sign-in",
      email,
      returnTo: parsed.data.callbackUrl ? sameOriginPath(parsed.data.callbackUrl, origin) : "/app",
      origin,
      now: Date.now(),
      secretBoxKey: resolveSecretBoxKey(),
    });
    await setFlowCookies(started, origin);
    return continueToIdp(started.redirectUrl, started.idpName);
  } catch (error) {
    const problem = ssoStartProblemOf(error);
    if (!problem) console.error("SSO start failed:", error);
    return back(problem ?? "misconfigured");
  }
}
