"use server";

/**
 * Security & Controls writes (and Directory Integration on/off, which the users screens'
 * guided reactivation also runs). Each is adminAction: session, zod, one lib call. The
 * page's reads are GET route handlers (app/api/security, app/api/directory-integration).
 */
import { z } from "zod";
import { adminAction, noInput } from "@/app/_server/admin-action";
import { reevaluateAllUsers } from "@/lib/directory/reevaluate-all-users";
import { turnOffDirectoryIntegration, turnOnDirectoryIntegration } from "@/lib/directory/set-directory-integration";
import { addDomain } from "@/lib/domains/add-domain";
import { createTxtResolver } from "@/lib/domains/dns-resolver";
import { removeDomain } from "@/lib/domains/remove-domain";
import { verifyDomainWithEvidence } from "@/lib/domains/verify-domain-with-evidence";
import { settingsChangeSchema, updateSettings } from "@/lib/settings/update-settings";
import { createToken, createTokenInputSchema } from "@/lib/tokens/create-token";
import { revokeToken } from "@/lib/tokens/revoke-token";
import { env } from "@/server/env";

export const turnOnDirectoryIntegrationAction = adminAction(
  noInput,
  async (_input, { db, actor }) => turnOnDirectoryIntegration(db, actor, Date.now()),
  { failure: "Turning Directory Integration on" },
);

export const turnOffDirectoryIntegrationAction = adminAction(
  noInput,
  async (_input, { db, actor }) => {
    await turnOffDirectoryIntegration(db, actor, Date.now());
    return null;
  },
  { failure: "Turning Directory Integration off" },
);

export const reevaluateAllUsersAction = adminAction(noInput, async (_input, { db, actor }) =>
  reevaluateAllUsers(db, { kind: "admin", admin: actor }, Date.now()),
);

const domainInput = z.object({
  name: z.string({ error: "enter a domain name, e.g. example.com" }).max(300, "the domain name is too long"),
});

export const addDomainAction = adminAction(domainInput, async ({ name }, { db, actor }) => addDomain(db, name, actor));

export const verifyDomainAction = adminAction(domainInput, async ({ name }, { db, actor }) =>
  verifyDomainWithEvidence(db, name, createTxtResolver(env().DNS_SERVERS), actor),
);

const removeDomainInput = domainInput.extend({
  /** The confirmation said UAP goes off with this domain (lib/domains/remove-domain.ts). */
  confirmUapOff: z.boolean().default(false),
});

export const removeDomainAction = adminAction(removeDomainInput, async ({ name, confirmUapOff }, { db, actor }) =>
  removeDomain(db, name, actor, { confirmUapOff }),
);

/** The only response that ever carries the token (docs/product.md §6: shown once). */
export const createTokenAction = adminAction(createTokenInputSchema, async (input, { db, actor }) => createToken(db, input, actor));

const revokeTokenInput = z.object({ id: z.string({ error: "the token id is required" }).min(1).max(100) });

export const revokeTokenAction = adminAction(revokeTokenInput, async ({ id }, { db, actor }) => revokeToken(db, id, actor));

export const updateSettingsAction = adminAction(settingsChangeSchema, async (change, { db, actor }) => {
  await updateSettings(db, change, actor);
  return null;
});
