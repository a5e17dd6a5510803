/**
 * The SSO state we keep between a redirect to the IdP and its answer: the outstanding
 * requests (`sso_requests`: a SAML AuthnRequest ID, or the SHA-256 of an OIDC `state`) and
 * what was already used (`sso_replay`: assertion IDs, ID-token ids). Both live in the
 * database, not in memory, so a restart or the CLI's process sees the same state.
 */
import { createHash } from "node:crypto";
import type { CacheItem, CacheProvider } from "@node-saml/node-saml";
import type { Db } from "@/db/client";
import { columnsOf } from "@/db/columns";
import { ssoRequests, type SsoProtocol, type SsoRequest, type SsoRequestPurpose } from "@/db/schema";

export type { SsoRequest };
export type SsoPurpose = SsoRequestPurpose;

/** How long a person has at the IdP (typing a password, a second factor) before we forget the request. */
export const SSO_REQUEST_LIFETIME_MS = 10 * 60_000;

export interface SsoRequestContext {
  purpose: SsoPurpose;
  returnTo?: string | null;
  emailHint?: string | null;
  testedBy?: string | null;
}

const ssoRequests$ = columnsOf(ssoRequests);
const INSERT_REQUEST = `INSERT INTO sso_requests (id, protocol, purpose, created_at, expires_at, return_to, email_hint, code_verifier, nonce, tested_by)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const FIND_REQUEST = `SELECT ${ssoRequests$.list} FROM sso_requests WHERE id = ? AND protocol = ? AND expires_at > ?`;
const TAKE_REQUEST = `DELETE FROM sso_requests WHERE id = ? AND protocol = ? RETURNING ${ssoRequests$.list}`;

export async function storeSsoRequest(
  db: Db,
  input: SsoRequestContext & { id: string; protocol: SsoProtocol; now: number; codeVerifier?: string; nonce?: string },
): Promise<void> {
  await db.execute(
    INSERT_REQUEST,
    input.id,
    input.protocol,
    input.purpose,
    input.now,
    input.now + SSO_REQUEST_LIFETIME_MS,
    input.returnTo ?? null,
    input.emailHint ?? null,
    input.codeVerifier ?? null,
    input.nonce ?? null,
    input.testedBy ?? null,
  );
}

/** An outstanding request that has not expired, without using it up. */
export async function findSsoRequest(db: Db, id: string, protocol: SsoProtocol, now: number): Promise<SsoRequest | undefined> {
  return db.row<SsoRequest>(FIND_REQUEST, id, protocol, now);
}

/** Uses a request up: an answer to it is accepted once, whatever the outcome. */
export async function takeSsoRequest(db: Db, id: string, protocol: SsoProtocol, now: number): Promise<SsoRequest | undefined> {
  const row = await db.row<SsoRequest>(TAKE_REQUEST, id, protocol);
  return row && row.expiresAt > now ? row : undefined;
}

/** The key an OIDC request is stored under: the state itself never reaches the database. */
export function oidcStateKey(state: string): string {
  return `oidc:${createHash("sha256").update(state).digest("base64url")}`;
}

/**
 * node-saml's InResponseTo memory over `sso_requests` (node-saml keeps it in process memory
 * by default, lost on restart). node-saml saves the AuthnRequest ID with its IssueInstant
 * when it builds the request, reads it back when the answer comes, and removes it once used,
 * succeeded or not. `context` says what the request is for (sign-in or an admin's test).
 */
export function ssoRequestCache(db: Db, context: SsoRequestContext, now: () => number): CacheProvider {
  return {
    saveAsync: async (key: string, value: string): Promise<CacheItem | null> => {
      const at = now();
      await storeSsoRequest(db, { ...context, id: key, protocol: "saml", now: at });
      return Promise.resolve({ value, createdAt: at });
    },
    getAsync: async (key: string): Promise<string | null> => {
      const row = await findSsoRequest(db, key, "saml", now());
      return Promise.resolve(row ? new Date(row.createdAt).toISOString() : null);
    },
    removeAsync: async (key: string | null): Promise<string | null> => {
      if (key === null) return Promise.resolve(null);
      const row = await db.row(TAKE_REQUEST, key, "saml");
      return Promise.resolve(row ? key : null);
    },
  };
}

/**
 * Remembers that an assertion or ID token was used, until it expires anyway. Answers false
 * when it was already used: a replay. The primary key makes two concurrent uses collide.
 */
export async function rememberSsoUse(db: Db, input: { id: string; expiresAt: number; now: number }): Promise<boolean> {
  await db.execute("DELETE FROM sso_replay WHERE id = ? AND expires_at <= ?", input.id, input.now);
  const inserted = await db.execute(
    "INSERT INTO sso_replay (id, expires_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
    input.id,
    Math.max(input.expiresAt, input.now + 60_000),
  );
  return inserted.changes === 1;
}

/** For the scheduler: forgets expired requests and replay entries. */
export async function pruneSsoState(db: Db, now: number): Promise<{ requests: number; replay: number }> {
  const requests = (await db.execute("DELETE FROM sso_requests WHERE expires_at <= ?", now)).changes;
  const replay = (await db.execute("DELETE FROM sso_replay WHERE expires_at <= ?", now)).changes;
  return { requests, replay };
}
