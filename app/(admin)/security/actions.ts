"use server";

import { z } from "zod";
import { adminContext } from "@/app/_auth/require-admin";
import type { Db } from "@/db/client";
import type { AdminView } from "@/lib/admins/admin-view";
import { parseInput } from "@/lib/admins/admin-input";
import { previewReevaluation, type ReevaluationPreview } from "@/lib/directory/preview-reevaluation";
import { reevaluateAllUsers } from "@/lib/directory/reevaluate-all-users";
import {
  turnOffDirectoryIntegration,
  turnOnDirectoryIntegration,
} from "@/lib/directory/set-directory-integration";
import { addDomain, type AddDomainResult } from "@/lib/domains/add-domain";
import { createTxtResolver } from "@/lib/domains/dns-resolver";
import { removeDomain } from "@/lib/domains/remove-domain";
import { verifyDomainWithEvidence, type VerifyDomainEvidence } from "@/lib/domains/verify-domain-with-evidence";
import { actionFailure } from "@/app/_server/action-failure";
import { getSecurityState, type SecurityState } from "@/lib/security/get-security-state";
import { settingsChangeSchema, updateSettings, type SettingsChange } from "@/lib/settings/update-settings";
import { createToken, type CreatedToken } from "@/lib/tokens/create-token";
import { revokeToken } from "@/lib/tokens/revoke-token";
import type { TokenView } from "@/lib/tokens/token-view";
import { env } from "@/server/env";
import type { ActionResult } from "./action-result";

/**
 * Signs the admin in (a signed-out caller is redirected, so that is outside the try), runs
 * the lib call, and turns its AppError into the message shown inline. Anything else is a
 * bug: logged, and answered with a message that says nothing was changed (lib writes are
 * transactions), never a 500.
 */
async function act<T>(fn: (ctx: { admin: AdminView; db: Db; actor: string }) => T | Promise<T>): Promise<ActionResult<T>> {
  const { admin, db } = await adminContext();
  try {
    return { ok: true, data: await fn({ admin, db, actor: admin.email }) };
  } catch (error) {
    return actionFailure(error, "This change");
  }
}

export async function loadSecurityState(): Promise<ActionResult<SecurityState>> {
  return act(({ db }) => getSecurityState(db));
}

/** SPEC §3: what the first (or a new) re-evaluation would change, written nowhere. */
export async function previewReevaluationAction(): Promise<ActionResult<ReevaluationPreview>> {
  return act(({ db }) => previewReevaluation(db, Date.now()));
}

export async function turnOnDirectoryIntegrationAction(): Promise<ActionResult<ReevaluationPreview>> {
  return act(({ db, actor }) => turnOnDirectoryIntegration(db, actor, Date.now()));
}

export async function turnOffDirectoryIntegrationAction(): Promise<ActionResult<null>> {
  return act(({ db, actor }) => {
    turnOffDirectoryIntegration(db, actor, Date.now());
    return null;
  });
}

export async function reevaluateAllUsersAction(): Promise<ActionResult<ReevaluationPreview>> {
  return act(({ db, actor }) => reevaluateAllUsers(db, { kind: "admin", admin: actor }, Date.now()));
}

const domainInput = z.object({
  name: z.string({ error: "enter a domain name, e.g. example.com" }).max(300, "the domain name is too long"),
});

export async function addDomainAction(input: { name: string }): Promise<ActionResult<AddDomainResult>> {
  return act(({ db, actor }) => addDomain(db, parseInput(domainInput, input).name, actor));
}

export async function verifyDomainAction(input: { name: string }): Promise<ActionResult<VerifyDomainEvidence>> {
  return act(({ db, actor }) =>
    verifyDomainWithEvidence(db, parseInput(domainInput, input).name, createTxtResolver(env().DNS_SERVERS), actor),
  );
}

export async function removeDomainAction(input: { name: string }): Promise<ActionResult<{ domain: string }>> {
  return act(({ db, actor }) => removeDomain(db, parseInput(domainInput, input).name, actor));
}

const createTokenInput = z.object({
  name: z.string({ error: "the token name is required" }),
  expiresInDays: z.number({ error: "the expiry must be a whole number of days" }).optional(),
});

/** The only response that ever carries the token (SPEC §6: shown once). */
export async function createTokenAction(input: {
  name: string;
  expiresInDays?: number;
}): Promise<ActionResult<CreatedToken>> {
  return act(({ db, actor }) => createToken(db, parseInput(createTokenInput, input), actor));
}

const revokeTokenInput = z.object({ id: z.string({ error: "the token id is required" }).min(1).max(100) });

export async function revokeTokenAction(input: { id: string }): Promise<ActionResult<TokenView>> {
  return act(({ db, actor }) => revokeToken(db, parseInput(revokeTokenInput, input).id, actor));
}

export async function updateSettingsAction(change: SettingsChange): Promise<ActionResult<null>> {
  return act(({ db, actor }) => {
    updateSettings(db, parseInput(settingsChangeSchema, change), actor);
    return null;
  });
}
