import { currentAdmin } from "@/app/_auth/require-admin";
import { requestDb } from "@/app/_server/db";
import { publicOrigin } from "@/app/_server/origin";
import { recordSsoTestFailure } from "@/lib/sso/complete-sso-sign-in";
import { getSsoConnection } from "@/lib/sso/get-sso-connection";
import { startSsoSignIn } from "@/lib/sso/start-sso-sign-in";
import { resolveSecretBoxKey } from "@/server/auth-secret";
import { clientInfo, outcomeResponse, seeOther, setFlowCookies } from "../sso-adapter";

/**
 * GET /sso/test (Security & Controls → Single sign-on → Test sign-in, in a new tab): runs the
 * saved connection's flow for a System Admin, on or off. The IdP's answer lands on the
 * test's result page; no session is created. A link, not a form: a GET redirect to the IdP
 * is not subject to the pages' `form-action` policy.
 */
export async function GET(): Promise<Response> {
  const admin = await currentAdmin();
  if (!admin) return seeOther(`/sign-in?${new URLSearchParams({ callbackUrl: "/security/sso" })}`);
  const db = await requestDb();
  const now = Date.now();
  const origin = await publicOrigin();
  try {
    const started = await startSsoSignIn(db, {
      purpose: "test",
      testedBy: admin.email,
      returnTo: "/security/sso",
      origin,
      now,
      secretBoxKey: resolveSecretBoxKey(),
    });
    await setFlowCookies(started, origin);
    return seeOther(started.redirectUrl);
  } catch (error) {
    // The test could not even reach the IdP: its result page says why.
    const outcome = await recordSsoTestFailure(db, {
      protocol: (await getSsoConnection(db))?.protocol ?? "saml",
      error,
      testedBy: admin.email,
      now,
      clientAddress: (await clientInfo()).clientAddress,
    });
    return outcomeResponse(outcome, origin);
  }
}
