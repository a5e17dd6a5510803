/**
 * SCIM traffic in browser specs: what the IdP would send, over HTTP to the suite's server.
 * A plan holds at most two active tokens, so specs borrow one and give it back.
 */
import { runCli } from "./cli";
import { suite } from "./suite";

export interface ScimResult {
  status: number;
  /** Specs index into SCIM JSON freely. */
  json: any;
}

export async function scimRequest(token: string, method: string, path: string, body?: unknown): Promise<ScimResult> {
  const response = await fetch(`${suite().baseURL}/scim/v2${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "Content-Type": "application/scim+json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

/** Runs `fn` with a fresh SCIM token (created through the CLI) and revokes it afterwards. */
export async function withScimToken<T>(fn: (token: string) => Promise<T>): Promise<T> {
  const created = await runCli<{ id: string; token: string }>(["token", "create", "--name", `e2e ${Date.now()}`]);
  try {
    return await fn(created.token);
  } finally {
    await runCli(["token", "revoke", created.id]);
  }
}

export const SCIM_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
export const SCIM_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const SCIM_PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const SEAT_EXTENSION = "urn:ietf:params:scim:schemas:extension:seat:2.0:User";

export function scimUser(userName: string, roles: string[] = []): Record<string, unknown> {
  return {
    schemas: [SCIM_USER],
    userName,
    name: { givenName: userName.split("@")[0], familyName: "Example" },
    emails: [{ value: userName, type: "work", primary: true }],
    roles: roles.map((r) => ({ type: r, value: r })),
  };
}
