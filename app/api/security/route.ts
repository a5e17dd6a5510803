import { z } from "zod";
import { adminRoute } from "@/app/_server/admin-route";
import { getSecurityState } from "@/lib/security/get-security-state";

/** Security & Controls' live state (every card reads it; every change there refetches it). */
export const GET = adminRoute(z.object({}), async (_query, { db }) => getSecurityState(db), { failure: "Reading the security state" });
