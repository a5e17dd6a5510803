"use server";

/**
 * Security & Controls › Single sign-on writes: each adminAction (session, zod, one lib call).
 * The page reads on the server and refreshes after each write.
 */
import { z } from "zod";
import { adminAction, noInput } from "@/app/_server/admin-action";
import { checkSsoConnection } from "@/lib/sso/check-sso-connection";
import { oidcConnectionSchema, saveOidcConnection } from "@/lib/sso/save-oidc-connection";
import { samlConnectionSchema, saveSamlConnection } from "@/lib/sso/save-saml-connection";
import { setSsoEnabled } from "@/lib/sso/set-sso-enabled";
import { setSsoOptions, ssoOptionsSchema } from "@/lib/sso/set-sso-options";
import { resolveSecretBoxKey } from "@/server/auth-secret";

export const saveSamlConnectionAction = adminAction(
  samlConnectionSchema,
  async (input, { db, actor }) => {
    await saveSamlConnection(db, input, actor);
    return null;
  },
  { failure: "Saving the SAML connection" },
);

export const saveOidcConnectionAction = adminAction(
  oidcConnectionSchema,
  async (input, { db, actor }) => {
    await saveOidcConnection(db, input, actor, { secretBoxKey: resolveSecretBoxKey() });
    return null;
  },
  { failure: "Saving the OpenID Connect connection" },
);

export const setSsoEnabledAction = adminAction(
  z.object({ enabled: z.boolean({ error: "single sign-on must be on or off" }) }),
  async ({ enabled }, { db, actor }) => (await setSsoEnabled(db, enabled, actor)).enabled,
  { failure: "Turning single sign-on on or off" },
);

export const setSsoOptionsAction = adminAction(
  ssoOptionsSchema,
  async (input, { db, actor }) => {
    await setSsoOptions(db, input, actor);
    return null;
  },
  { failure: "Saving the SSO options" },
);

export const checkSsoConnectionAction = adminAction(
  noInput,
  async (_input, { db }) => checkSsoConnection(db, { now: Date.now(), secretBoxKey: resolveSecretBoxKey() }),
  { failure: "Checking the connection" },
);
