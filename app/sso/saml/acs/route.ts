import { z } from "zod";
import { requestDb } from "@/app/_server/db";
import { publicOrigin } from "@/app/_server/origin";
import { completeSamlResponse } from "@/lib/sso/complete-saml-response";
import { boundSamlRequests, clientInfo, outcomeResponse, readForm, refusedPath, seeOther } from "../../sso-adapter";

const acsSchema = z.object({
  SAMLResponse: z.string().min(1).max(300_000),
  RelayState: z.string().max(2048).optional(),
});

/**
 * POST /sso/saml/acs: the IdP's answer, posted by the browser (HTTP-POST binding). Every
 * answer is a 303: to the workspace (or where the person was headed), to the refusal page,
 * or to a test's result; garbage gets the refusal page too, never a 500.
 */
export async function POST(request: Request): Promise<Response> {
  const form = await readForm(request);
  const parsed = acsSchema.safeParse(Object.fromEntries(form?.entries() ?? []));
  if (!parsed.success) return seeOther(refusedPath("invalid-response"));
  try {
    const origin = await publicOrigin();
    const outcome = await completeSamlResponse(await requestDb(), {
      samlResponse: parsed.data.SAMLResponse,
      relayState: parsed.data.RelayState ?? null,
      browserRequestIds: await boundSamlRequests(origin),
      origin,
      now: Date.now(),
      ...(await clientInfo()),
    });
    return await outcomeResponse(outcome, origin);
  } catch (error) {
    console.error("SAML ACS failed:", error);
    return seeOther(refusedPath("invalid-response"));
  }
}

/** A GET here is no SAML binding we accept (a bookmark, a crawler): back to the sign-in page. */
export function GET(): Response {
  return seeOther("/sign-in");
}
